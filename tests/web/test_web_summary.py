"""What the overview stores about a record: amounts, ordning split, search text."""

from __future__ import annotations

from web_factories import record_dict

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.summary import belop_for, belop_per_ordning, summarise


def rec(**changes: object) -> Record:
    return Record.from_dict(record_dict(**changes))


def test_amounts_come_from_the_tiltak_when_they_have_amounts() -> None:
    r = rec()
    b = belop_for(r)
    assert b.eier == sum(t.eier or 0 for t in r.tiltak)
    assert b.uh == sum(t.uh or 0 for t in r.tiltak)
    assert b.totalt == sum(t.totalt or 0 for t in r.tiltak)


def test_amounts_come_from_the_budget_rows_without_tiltak() -> None:
    r = rec(tiltak=[])
    b = belop_for(r)
    assert (b.eier, b.uh, b.totalt) == (1580000, 2769490, 4349490)


def test_several_ordninger_without_tiltak_are_split_by_row_labels() -> None:
    r = rec(tiltak=[], ordninger=["regional", "desentralisert", "kompetanseloftet"])
    split = belop_per_ordning(r)
    assert split["regional"].totalt == 1166270
    assert split["desentralisert"].totalt == 290720
    assert split["kompetanseloftet"].totalt == 2892500
    assert sum(b.totalt for b in split.values()) == belop_for(r).totalt


def test_kollektiv_2026_counts_as_one_ordning() -> None:
    r = Record.from_dict(record_dict("sample_d_2026_bodo"))
    assert list(belop_per_ordning(r)) == ["kollektiv"]


def test_search_text_holds_answers_and_findings_in_lower_case() -> None:
    s = summarise(rec(), [{"melding": "Kontonummer FEIL", "alvorlighet": "feil"}])
    assert "18 gruppeledersamlinger" in s.sokeetekst
    assert "kontonummer feil" in s.sokeetekst
    assert s.antall["feil"] == 1
