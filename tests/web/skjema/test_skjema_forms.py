"""The posted form ↔ the behovsmelding-v1 record."""

from __future__ import annotations

import pytest
from skjema_factories import complete_record, post_of

from behovsmelding.web.skjema import forms


def test_a_record_posted_back_is_the_same_record() -> None:
    rec = complete_record()
    back = forms.parse(post_of(rec), aar=2026)
    assert back.ugyldig == {}
    assert back.record.to_dict() == rec.to_dict()


@pytest.mark.parametrize(
    ("typed", "kroner"),
    [("401 500", 401500), ("401.500,-", 401500), ("kr 401500", 401500), ("0", 0), ("", None)],
)
def test_amounts_as_owners_type_them(typed: str, kroner: int | None) -> None:
    assert forms.parse_amount(typed) == kroner


def test_letters_in_an_amount_are_kept_not_lost() -> None:
    data = post_of(complete_record(), **{"budsjett.rader[0].eier": "to hundre tusen"})
    out = forms.parse(data, aar=2026)
    assert out.record.budsjett.rader[0].eier is None
    assert out.ugyldig == {"budsjett.rader[0].eier": "to hundre tusen"}
    assert forms.values(out.record, out.ugyldig)["budsjett.rader[0].eier"] == "to hundre tusen"


def test_rows_with_gaps_in_their_numbers_are_read_in_order() -> None:
    data = {
        "budsjett.rader[0].etikett": ["A"],
        "budsjett.rader[5].etikett": ["B"],
        "partnere[3].navn": ["Nord universitet"],
        "partnere[4].navn": [""],
    }
    rec = forms.parse(data, aar=2026).record
    assert [r.etikett for r in rec.budsjett.rader] == ["A", "B"]
    assert [p.navn for p in rec.partnere] == ["Nord universitet"]  # an empty row is no answer


def test_an_empty_form_is_empty_answers_not_missing_boxes() -> None:
    rec = forms.parse({}, aar=2026).record
    assert rec.faser == [] and rec.varighet == []
    assert rec.flere_eiere is None and rec.gjelder is None
    assert rec.kilde is not None and rec.kilde.format == "web"
    assert rec.skjema == "kollektiv-2026" and rec.aar == 2026


def test_periods_outside_the_forms_year_are_not_accepted() -> None:
    rec = forms.parse({"varighet": ["V2026", "H2031", "videre"]}, aar=2026).record
    assert rec.varighet == ["V2026", "videre"]
