"""A budget table that an extraction wrote as a stream of cells is read only where certain.

Plain ``pdftotext`` writes the labels and each column's amounts apart; which column an amount
is in is not written. The reader deals the amounts out so that each column keeps its order and
the form's sums hold; an amount it cannot place for certain is unreadable, never put in
another row. The expected values below are what the documents say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from behovsmelding.readers import read_bytes_with_result
from behovsmelding.readers.budget import read_budget
from behovsmelding.readers.reading import collecting
from behovsmelding.readers.source import text_lines
from behovsmelding.record import Behovsmelding, Budsjett

DATA = Path(__file__).parent / "data"


def _table(text: str) -> tuple[Budsjett, dict[str, str]]:
    lines = text_lines(text)
    items = [(i, ln) for i, ln in enumerate(lines) if not ln.blank]
    budsjett = Budsjett()
    with collecting() as paths:
        read_budget(budsjett, items, 1)
        bm = Behovsmelding(budsjett=budsjett)
        uleselig = paths(bm)
    return budsjett, uleselig


def _rows(b: Budsjett) -> list[tuple[Any, ...]]:
    return [
        (r.etikett, r.eier, [(u.belop, u.institusjon) for u in r.uh], r.totalt)
        for r in [*b.rader, *([b.sum] if b.sum else [])]
    ]


# column by column: labels, then the Eier column, then UH, then Totalt (as plain pdftotext
# writes a narrow table)
COLUMNS = """\
Total sum det meldes behov for 2024
Ordning
Regional
ordning

Eier
100.000,-

Kompetansel
øftet
Sum

40.000,140.000 ,-

UH
250.000
(UiT)60.000,(Nord)
90.000,- (UiT)
400.000

Totalt
410.000,-

Side: 1/4

130.000,-
540.000,-
Tiltak 1
"""


def test_a_table_written_column_by_column_reads_row_by_row() -> None:
    budsjett, uleselig = _table(COLUMNS)
    assert _rows(budsjett) == [
        ("Regional ordning", 100000, [(250000, "UiT"), (60000, "Nord")], 410000),
        ("Kompetanseløftet", 40000, [(90000, "UiT")], 130000),
        ("Sum", 140000, [(400000, None)], 540000),
    ]
    assert uleselig == {}


def test_an_amount_column_shifted_by_a_row_is_unreadable_not_moved() -> None:
    # the Totalt column lost its first amount: every later one would land a row too high
    shifted = COLUMNS.replace("410.000,-\n", "")
    budsjett, uleselig = _table(shifted)
    for r in [*budsjett.rader, budsjett.sum]:
        assert r is not None
        assert (r.eier, r.uh, r.totalt) == (None, [], None)
    assert [r.etikett for r in budsjett.rader] == ["Regional ordning", "Kompetanseløftet"]
    assert "budsjett.rader[0].totalt" in uleselig
    assert "budsjett.sum.eier" in uleselig


def test_two_rows_whose_amounts_swap_without_breaking_a_sum_are_unreadable() -> None:
    # Eier 100 000 / UH 90 000 and Eier 90 000 / UH 100 000 give the same totals: with no
    # heads or labels to tell the columns apart, neither reading is taken
    text = (
        "Total sum det meldes behov for 2024\nOrdning\nRegional ordning\nKompetanseløftet\n"
        "Sum\nEier\nUH\nTotalt\n"
        "100.000,-\n90.000,-\n190.000,-\n90.000,-\n100.000,-\n190.000,-\n"
        "190.000,-\n190.000,-\n380.000,-\nTiltak 1\n"
    )
    budsjett, uleselig = _table(text)
    assert [(r.eier, r.uh) for r in budsjett.rader] == [(None, [])] * 2
    assert {r.totalt for r in budsjett.rader} <= {None, 190000}
    assert "budsjett.rader[0].eier" in uleselig


def _golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


STREAMS = [
    "sample_a_2024_bodo.large-font.pdftotext.txt",
    "sample_d_2026_bodo.landscape-large-font.pdftotext.txt",
]
_AMOUNT_LINE_RE = re.compile(r"^[\d .]+,[ -]*$|^\(\w+\)[\d .]+,", re.MULTILINE)


def _budget_values(b: dict[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for i, r in enumerate([*b["rader"], b["sum"]]):
        if r is None:
            continue
        out += [(f"{i}.eier", r["eier"]), (f"{i}.totalt", r["totalt"])]
        out += [(f"{i}.uh{j}", u["belop"]) for j, u in enumerate(r["uh"])]
    return out


@pytest.mark.parametrize("name", STREAMS)
def test_a_dropped_amount_line_never_gives_a_wrong_amount(name: str) -> None:
    """Each line of amounts taken out in turn: every amount read is the document's."""
    text = (DATA / name).read_text(encoding="utf-8")
    start = text.index("Total sum")
    want = dict(_budget_values(_golden(name.split(".")[0])["budsjett"]))
    tried = 0
    for m in _AMOUNT_LINE_RE.finditer(text, start):
        if m.start() > start + 1500:
            break
        cut = text[: m.start()] + text[m.end() :]
        got = read_bytes_with_result(cut.encode(), "x.txt")
        for key, value in _budget_values(got.record.to_dict()["budsjett"]):
            assert value is None or want.get(key) == value, (m.group(0), key, value)
        tried += 1
    assert tried >= 3
