"""Amounts, boxes and placeholders as the form's cells hold them."""

from __future__ import annotations

import pytest

from behovsmelding.readers.values import (
    amount_row,
    box_after,
    clean_value,
    parse_belop,
    read_amounts,
    strip_placeholders,
)

PH = "Klikk eller trykk her for å skrive inn tekst."


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1.524.914,-", 1524914),
        ("200 000,-", 200000),
        ("Kr 50 000", 50000),
        ("214900", 214900),
        ("0, -", 0),
        ("2.386.450 - (SePU)", 2386450),
        (PH, None),
    ],
)
def test_parse_belop(text: str, want: int | None) -> None:
    assert parse_belop(text) == want


def _row(text: str) -> tuple[int | None, list[tuple[int | None, str | None]], int | None]:
    r = amount_row(text)
    return r.eier, [(c.belop, c.institusjon) for c in r.uh], r.totalt


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("100 000 250 000 350 000", (100000, [(250000, None)], 350000)),
        ("1 100 000 2 200 000 3 300 000", (1100000, [(2200000, None)], 3300000)),
        ("Kr 50 000 Kr 70 000 Kr 120 000", (50000, [(70000, None)], 120000)),
        ("80.000,150.000,230.000,", (80000, [(150000, None)], 230000)),
        ("5 000,- 7 000,-(Aaa) 12 000,-", (5000, [(7000, "Aaa")], 12000)),
        (
            "1.000, - 2.000 (Aaa) 3.000,- (Bbb) 6.000,-",
            (1000, [(2000, "Aaa"), (3000, "Bbb")], 6000),
        ),
        ("1 000 2 000 (Aaa)3 000,- (Bbb) 6 000", (1000, [(2000, "Aaa"), (3000, "Bbb")], 6000)),
        # a typo inside one amount: the sum tells where the amounts are
        ("625 000 919 000 1 5 44 000", (625000, [(919000, None)], 1544000)),
        # a sum that is wrong in the document stays wrong
        (f"{PH} 214 900,- 229 900,-", (None, [(214900, None)], 229900)),
        ("Kr 70 000 " + PH + " Kr 70 000", (70000, [], 70000)),
        ("200 000,00 300 000,00 500 000,00", (200000, [(300000, None)], 500000)),
        # a layout put the first UH amount's label below Totalt, and the second UH line after
        # it: the label is that UH amount's, never Totalt's
        (
            "1.000 ,- 2.000 - 6.000,- (Aaa) 3.000, - (Bbb)",
            (1000, [(2000, "Aaa"), (3000, "Bbb")], 6000),
        ),
    ],
)
def test_amount_row_without_cell_boundaries(
    text: str, want: tuple[int | None, list[tuple[int | None, str | None]], int | None]
) -> None:
    assert _row(text) == want


def test_wrong_sum_is_kept_as_written() -> None:
    assert _row("100 000 200 000 310 000") == (100000, [(200000, None)], 310000)


def test_amount_row_with_known_cells() -> None:
    r = amount_row("", [PH, "10 000 (Aaa) 5 000 (Bbb)", "15 000,-"])
    assert (r.eier, r.totalt) == (None, 15000)
    assert [(c.belop, c.institusjon) for c in r.uh] == [(10000, "Aaa"), (5000, "Bbb")]
    assert r.uh_sum == 15000


def test_read_amounts_keeps_empty_cells() -> None:
    cells = read_amounts(f"{PH} 1 000 {PH}")
    assert [c.belop for c in cells] == [None, 1000, None]


def test_long_digit_row_is_not_enumerated() -> None:
    # 2 000 digit groups: enumerating their groupings would never finish, and joined they
    # are no amount (nor a number Python converts)
    for n in (40, 2000):
        amount_row(" ".join(["123"] * n))


@pytest.mark.parametrize(
    ("text", "label", "want"),
    [
        ("Ja ☒ Nei ☐", "Ja", True),
        ("Ja ☐ Nei ☒", "Ja", False),
        ("Ja x  Nei ☐", "Ja", True),
        ("Ja (Fyll ut liste) Nei", "Ja", None),
        ("Vår 2024 [X] Høst 2024 [ ]", "Høst 2024", False),
    ],
)
def test_box_after(text: str, label: str, want: bool | None) -> None:
    assert box_after(text, label) == want


def test_placeholders_are_removed_also_when_wrapped() -> None:
    assert clean_value(PH) is None
    assert clean_value("Svar " + PH) == "Svar"
    assert strip_placeholders("Klikk eller \ntrykk her for \nå skrive inn \ntekst.").strip() == ""
