"""A defect planted in a document is read where it was written.

The checks find a wrong value only if the reader puts it in its own cell. These tests take the
seed documents (text with the contacts table's cells joined by single spaces) and the Word text
export of sample A (one cell a line), plant one defect at a time (a dash written as the answer,
a number one digit short, an address without its "@") and assert that the planted cell holds
the planted text and the other cell keeps its value. The values planted into are taken from
the unplanted reading, so no document's content is written here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from behovsmelding.readers import read_bytes
from behovsmelding.record import Behovsmelding

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
