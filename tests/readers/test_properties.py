"""Property: whatever a seed is mutated into, reading it gives a record or a ReadError.

The mutations are what damaged or odd files look like: lines deleted, duplicated or swapped,
the file cut short, junk bytes put in, another encoding. Hypothesis runs a fixed set of
examples (``derandomize``) so that CI is stable, with no deadline (a slow example is not a
failure here; speed is measured by ``bench/``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from behovsmelding.readers import ReadError, read_bytes
from behovsmelding.record import Behovsmelding

SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEEDS = ("000", "001", "002", "003", "004")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1")
# junk as bytes: random, byte-order marks, control characters, a broken UTF-8 sequence, and
# pieces of the form (labels, boxes, amounts, placeholders) in places where they do not belong
FORM_PIECES = [
    "Tiltak 1",
    "Navn på tiltak:",
    "Tilskuddet fordeles",
    "Eier UH Totalt",
    "Sum",
    "Total sum det meldes behov for 2025",
    "Kontaktpersoner:",
    "Navn",
    "Funksjon",
    "E-post @",
    "Ja ☒ Nei ☐",
    "[X] [ ]",
    "1.524.914,- 214 900,- (Sepu)",
    "Klikk eller trykk her for å skrive inn tekst.",
    "Velg et element.",
    "Liste over andre eiere og kompetansemiljø i partnerskapet",
    "Behovsmeldingen har vært drøftet i medbestemmelse",
    "Hvem som har deltatt:",
    "Rolle Navn",
    "Hvor mange enheter er inkludert i behovsmeldingen?",
    "1 Plan for partnerskap",
    "Side: 4/10",
    " " * 40,
    "9" * 80,
    "123 " * 60,
    "(((((",
    "\t\t\t",
]
JUNK = (
    st.binary(min_size=1, max_size=64)
    | st.sampled_from([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\x0c", b"\xc3"])
    | st.sampled_from(FORM_PIECES).map(lambda s: s.encode("utf-8"))
    | st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass"))
)


def _text(junk: bytes) -> str:
    return junk.decode("utf-8", "surrogateescape")


def _delete(lines: list[str], i: int, _: bytes) -> list[str]:
    return lines[:i] + lines[i + 1 :]


def _duplicate(lines: list[str], i: int, _: bytes) -> list[str]:
    return lines[: i + 1] + lines[i:]


def _swap(lines: list[str], i: int, _: bytes) -> list[str]:
    j = (i * 7 + 3) % len(lines)
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out


def _junk_line(lines: list[str], i: int, junk: bytes) -> list[str]:
    return [*lines[:i], _text(junk), *lines[i:]]


def _junk_inside(lines: list[str], i: int, junk: bytes) -> list[str]:
    line = lines[i]
    cut = len(line) // 2
    return [*lines[:i], line[:cut] + _text(junk) + line[cut:], *lines[i + 1 :]]


LINE_EDITS: dict[str, Callable[[list[str], int, bytes], list[str]]] = {
    "delete": _delete,
    "duplicate": _duplicate,
    "swap": _swap,
    "junk-line": _junk_line,
    "junk-inside": _junk_inside,
}


@st.composite
def mutated_seeds(draw: st.DrawFn) -> tuple[str, bytes]:
    prefix = draw(st.sampled_from(SEEDS))
    path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        edit = LINE_EDITS[draw(st.sampled_from(sorted(LINE_EDITS)))]
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        lines = edit(lines, i, draw(JUNK))
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    if draw(st.booleans()):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(JUNK) + data[at:]
    return path.name, data


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"no seeds at {SEEDS_DIR}")
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_seeds())
def test_a_mutated_seed_gives_a_record_or_a_read_error(case: tuple[str, bytes]) -> None:
    name, data = case
    try:
        record = read_bytes(data, name)
    except ReadError:
        return
    assert isinstance(record, Behovsmelding)
    record.to_dict()  # the record can be exported: every value is of its type
