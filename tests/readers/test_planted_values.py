"""A defect planted in a document is read where it was written.

The checks find a wrong value only if the reader puts it in its own cell. These tests take the
seed documents (text with the contacts table's cells joined by single spaces) and the Word text
export of sample A (one cell a line), plant one defect at a time (a dash written as the answer,
a number one digit short, an address without its "@") and assert that the planted cell holds
the planted text and the other cell keeps its value. The values planted into are taken from
the unplanted reading, so no document's content is written here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from behovsmelding.readers import read_bytes, read_bytes_with_result
from behovsmelding.readers.contacts import split_contact_row
from behovsmelding.readers.values import amount_row
from behovsmelding.record import Behovsmelding, Tiltak

DATA = Path(__file__).parent / "data"
WORD_TEXT = DATA / "sample_a_2024_bodo.libreoffice-text.txt"

LABELS = {
    "funksjon": "Funksjon",
    "telefon": "Telefon",
    "epost": "E-post",
    "kontonr": "Kontonr",
    "orgnr": "Org. Nr",
}


def _seed(shared: Path, number: str) -> Path:
    found = sorted((shared / "seeds").glob(f"{number}_*.txt"))
    if not found:
        pytest.skip(f"seed {number} is not in {shared / 'seeds'}")
    return found[0]


def _read(text: str, name: str) -> Behovsmelding:
    return read_bytes(text.encode("utf-8"), name)


def _cells(bm: Behovsmelding, key: str) -> tuple[str, str]:
    e = getattr(bm.kontaktpersoner.eier, key)
    u = getattr(bm.kontaktpersoner.uh, key)
    assert isinstance(e, str) and isinstance(u, str)
    return e, u


def _one_short(value: str) -> str:
    """The value with its last digit left out."""
    i = max(i for i, c in enumerate(value) if c.isdigit())
    return value[:i] + value[i + 1 :]


def _no_at(value: str) -> str:
    return value.replace("@", ".", 1)


def _dash(dash: str) -> Callable[[str], str]:
    return lambda _value: dash


# (row, column planted into, what is planted)
CASES = [
    ("orgnr", 0, _dash("--")),
    ("orgnr", 0, _dash("-")),
    ("telefon", 0, _dash("-")),
    ("telefon", 1, _dash("--")),
    ("epost", 0, _dash("-")),
    ("epost", 1, _dash("-")),
    ("funksjon", 0, _dash("-")),
    ("funksjon", 1, _dash("--")),
    ("kontonr", 0, _dash("--")),
    ("kontonr", 1, _dash("-")),
    ("telefon", 0, _one_short),
    ("orgnr", 0, _one_short),
    ("kontonr", 0, _one_short),
    ("telefon", 1, _one_short),
    ("epost", 1, _no_at),
    ("epost", 0, _no_at),
]
IDS = [f"{key}-{'eier' if col == 0 else 'uh'}-{i}" for i, (key, col, _) in enumerate(CASES)]


def _planted(original: tuple[str, str], col: int, plant: Callable[[str], str]) -> tuple[str, str]:
    new = list(original)
    new[col] = plant(original[col])
    assert new[col] != original[col]
    return new[0], new[1]


def _assert_planted_cell_holds(
    path: Path, text: str, key: str, col: int, plant: Callable[[str], str], sep: str
) -> None:
    """Plant into the row written as label, Eier, UH joined by ``sep``; read it back."""
    original = _cells(_read(text, path.name), key)
    row = sep.join((LABELS[key], *original))
    assert text.count(row) == 1, row
    want = _planted(original, col, plant)
    bm = _read(text.replace(row, sep.join((LABELS[key], *want))), path.name)
    assert _cells(bm, key) == want


@pytest.mark.parametrize("seed", ["001", "003"])
@pytest.mark.parametrize(("key", "col", "plant"), CASES, ids=IDS)
def test_a_planted_contact_cell_of_a_seed_keeps_its_column(
    shared: Path, seed: str, key: str, col: int, plant: Callable[[str], str]
) -> None:
    path = _seed(shared, seed)
    _assert_planted_cell_holds(path, path.read_text(encoding="utf-8"), key, col, plant, " ")


@pytest.mark.parametrize(("key", "col", "plant"), CASES, ids=IDS)
def test_a_planted_contact_cell_of_a_word_text_export_keeps_its_column(
    key: str, col: int, plant: Callable[[str], str]
) -> None:
    text = WORD_TEXT.read_text(encoding="utf-8")
    _assert_planted_cell_holds(WORD_TEXT, text, key, col, plant, "\n")


# --- amounts ----------------------------------------------------------------------------------


def _digits(token: str) -> str:
    return "".join(c for c in token if c.isdigit())


def _amount_spans(tokens: list[str], values: list[int]) -> list[tuple[int, int]] | None:
    """Which tokens write each value, in order (the values as read from the unplanted text)."""
    spans: list[tuple[int, int]] = []
    i = 0
    for v in values:
        start, acc = i, ""
        while i < len(tokens) and len(acc) < len(str(v)):
            acc += _digits(tokens[i])
            i += 1
        if acc != str(v):
            return None
        spans.append((start, i))
    return spans if i == len(tokens) else None


def _bump_last_digit(token: str) -> str:
    i = max(i for i, c in enumerate(token) if c.isdigit())
    return token[:i] + str((int(token[i]) + 1) % 10) + token[i + 1 :]


BUDGET_PLANTS = ["bump", "short", "dash"]


@pytest.mark.parametrize("column", [0, 1, 2], ids=["eier", "uh", "totalt"])
@pytest.mark.parametrize("plant", BUDGET_PLANTS)
@pytest.mark.parametrize("row", [0, 1, 2, -1], ids=["rad1", "rad2", "rad3", "sum"])
def test_a_planted_amount_of_a_space_grouped_budget_row_keeps_its_column(
    shared: Path, row: int, plant: str, column: int
) -> None:
    path = _seed(shared, "003")
    text = path.read_text(encoding="utf-8")
    budsjett = _read(text, path.name).budsjett
    assert budsjett is not None
    rad = budsjett.sum if row == -1 else budsjett.rader[row]
    assert rad is not None and rad.etikett and rad.eier and rad.totalt and len(rad.uh) == 1
    uh = rad.uh[0].belop
    assert uh is not None
    values = [rad.eier, uh, rad.totalt]
    found = [
        (ln, spans)
        for ln in text.splitlines()
        if ln.startswith(rad.etikett + " ")
        and (spans := _amount_spans(ln[len(rad.etikett) :].split(), values)) is not None
    ]
    assert len(found) == 1, rad.etikett
    line, spans = found[0]
    tokens = line[len(rad.etikett) :].split()
    a, b = spans[column]
    if plant == "dash":
        new, want = ["--"], None
    elif plant == "bump":
        new = [*tokens[a : b - 1], _bump_last_digit(tokens[b - 1])]
        want = int("".join(_digits(t) for t in new))
    else:
        new = [*tokens[a : b - 1], tokens[b - 1][:-1]]
        want = int("".join(_digits(t) for t in new))
    planted = " ".join([rad.etikett, *tokens[:a], *new, *tokens[b:]])
    lesing = read_bytes_with_result(text.replace(line, planted).encode("utf-8"), path.name)
    after = lesing.record.budsjett
    assert after is not None
    got = after.sum if row == -1 else after.rader[row]
    assert got is not None
    read = [got.eier, sum(x.belop or 0 for x in got.uh) if got.uh else None, got.totalt]
    expected: list[int | None] = list(values)
    expected[column] = want
    # never another number: each cell holds what was written, or is named unreadable (where
    # the row's digits can be cut several ways and the sums do not single one out)
    base = "budsjett.sum" if row == -1 else f"budsjett.rader[{row}]"
    for col, got_value, want_value in zip(("eier", "uh", "totalt"), read, expected, strict=True):
        if got_value != want_value:
            assert got_value is None and f"{base}.{col}" in lesing.uleselig, (planted, col)
    if plant == "dash":
        assert read[column] is None and f"{base}.{('eier', 'uh', 'totalt')[column]}" not in (
            lesing.uleselig
        )


def _tiltak_row(text: str, t: Tiltak, sep: str) -> str | None:
    """The Eier and UH amounts of tiltak ``t`` as written (joined by ``sep``), where the two
    stand together."""
    if not (t.navn and t.eier and t.uh and t.totalt):
        return None
    rest = text[text.index(f"Navn på tiltak: {t.navn}") :].split("\n")
    for a, b in itertools.pairwise(rest):
        words = a.split() if sep == " " else [a.strip(), b.strip()]
        if len(words) >= 2 and [_digits(w) for w in words[:2]] == [str(t.eier), str(t.uh)]:
            return sep.join(words[:2])
    return None


@pytest.mark.parametrize("dash", ["--", "-"])
@pytest.mark.parametrize("column", [0, 1], ids=["eier", "uh"])
@pytest.mark.parametrize("source", ["seed-001", "word-text"])
def test_a_dash_in_a_tiltak_amount_cell_holds_its_column(
    shared: Path, source: str, column: int, dash: str
) -> None:
    path = _seed(shared, "001") if source == "seed-001" else WORD_TEXT
    sep = " " if source == "seed-001" else "\n"
    text = path.read_text(encoding="utf-8")
    bm = _read(text, path.name)
    k, t, row = next(
        (k, t, row) for k, t in enumerate(bm.tiltak) if (row := _tiltak_row(text, t, sep))
    )
    cells = row.split(sep)
    cells[column] = dash
    got = _read(text.replace(row, sep.join(cells)), path.name).tiltak[k]
    want = [t.eier, t.uh, t.totalt]
    want[column] = None
    assert [got.eier, got.uh, got.totalt] == want


# --- the splitting rules on invented rows --------------------------------------------------


@pytest.mark.parametrize(
    ("key", "row", "want"),
    [
        ("telefon", "12 34 56 7 +47 87654321", ("12 34 56 7", "+47 87654321")),
        ("telefon", "+47 1234567 +47 87654321", ("+47 1234567", "+47 87654321")),
        ("orgnr", "123 456 78 987654321", ("123 456 78", "987654321")),
        ("orgnr", "123 456 789 98765432", ("123 456 789", "98765432")),
        ("kontonr", "1234 56 7890 1234.56.78901", ("1234 56 7890", "1234.56.78901")),
        ("kontonr", "-- 1234.56.78901", ("--", "1234.56.78901")),
        ("funksjon", "Rektor -", ("Rektor", "-")),
    ],
)
def test_a_row_of_two_values_is_cut_by_its_shape(key: str, row: str, want: tuple[str, str]) -> None:
    assert split_contact_row(key, [row]) == want


def test_a_wrapped_address_keeps_its_rest_and_the_next_address_its_own() -> None:
    frags = ["kari.nordmann@skole.komm", "une.no per@uni.no"]
    assert split_contact_row("epost", frags) == ("kari.nordmann@skole.kommune.no", "per@uni.no")


@pytest.mark.parametrize(
    ("row", "want"),
    [
        ("-- 200.000,- 200.000,-", (None, 200000, 200000)),
        ("100.000,- - 300.000,-", (100000, None, 300000)),
        ("100.000, - 200.000,- 300.000,-", (100000, 200000, 300000)),
        ("100.000,- 200.000,- --", (100000, 200000, None)),
        ("1 234 567 -- 1 234 567", (1234567, None, 1234567)),
        # a typo that the sums cannot place: the typo (and what it makes uncertain) is
        # unreadable (None), never read as another number
        ("123 001 456 000 5 79 000", (None, None, None)),
        ("123 00 456 000 579 000", (None, None, None)),
        ("123 000 456 0001 579 000", (None, None, None)),
        ("123 000,- 456 0001 579 000,-", (123000, None, None)),
        ("1 430 000 1 993 000 3 423 001", (1430000, 1993000, 3423001)),
        # no Totalt to tell where Eier ends: 1 516 843 + 528 950 or 1 516 + 843 528 950
        ("1 516 843 528 950 --", (None, None, None)),
        ("0 -- 784.784", (0, None, 784784)),
    ],
)
def test_an_amount_row_is_cut_by_its_shape_and_sum(
    row: str, want: tuple[int | None, int | None, int | None]
) -> None:
    got = amount_row(row)
    assert (got.eier, got.uh_sum, got.totalt) == want
