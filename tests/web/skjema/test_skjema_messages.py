"""The check engine's newer phrases come out in nynorsk on the owners' form."""

from __future__ import annotations

import pytest
from django.utils import translation

from behovsmelding.web.skjema.messages import nynorsk


@pytest.mark.parametrize(
    ("kode", "bokmal", "want", "gone"),
    [
        (
            "MANGLER_SVAR",
            "«Partnerskapet består av flere eiere?» er ikke besvart: ingen av boksene er "
            "krysset av, eller flere enn én der bare én kan velges.",
            "eller fleire enn éin der berre éin kan veljast",
            "bare én kan velges",
        ),
        (
            "SUM_DEL_MANGLER",
            "Tiltak 2: Sum totalt 480 000 er fylt ut, men Eier er tomt. Summene i skjemaet "
            "tilsier Eier 480 000.",
            "Summane i skjemaet tilseier Eigar 480 000",
            "Summene",
        ),
        (
            "EPOST_UGYLDIG",
            "Kontaktperson for eier: e-postadressen «navn@kommune.x» ender på «.x», som ikke "
            "er et toppdomene (navn@domene.no).",
            "sluttar på «.x», som ikkje er eit toppdomene",
            "ikke",
        ),
    ],
)
def test_newer_check_phrases_are_nynorsk(kode: str, bokmal: str, want: str, gone: str) -> None:
    out = nynorsk(kode, bokmal)
    assert want in out
    assert gone not in out


def test_one_typo_in_an_amount_is_one_message_at_its_field() -> None:
    from skjema_factories import complete_record

    from behovsmelding.web.skjema import forms, messages

    v = forms.values(complete_record())
    v["budsjett.rader[0].uh"] = "2 84 000"
    u = forms.parse(v, aar=2026)
    funn = messages.findings(u.record, u.ugyldig)
    assert [(f["kode"], f["felt"]) for f in funn] == [("UGYLDIG_VERDI", "budsjett.rader[0].uh")]
    assert u.ugyldig["budsjett.rader[0].uh"] == "2 84 000"  # kept as typed


def test_a_web_radio_question_never_speaks_of_two_ticks() -> None:
    from skjema_factories import complete_record

    from behovsmelding.web.skjema import forms, messages

    v = forms.values(complete_record())
    v["gjelder"] = ""
    u = forms.parse(v, aar=2026)
    with translation.override("nb"):
        funn = messages.findings(u.record, u.ugyldig)
    (f,) = [f for f in funn if f["felt"] == "gjelder"]
    assert f["melding"].endswith("er ikke besvart: velg ett av svarene.")
    assert "flere enn én" not in f["melding"]
