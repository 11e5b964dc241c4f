"""Defects planted in the seed documents are found at their field, through the reader.

Each case changes one thing in a seed's text, reads it with ``behovsmelding.readers`` and
checks that a finding of the expected severity points at the field, and that nothing else
changed. This is how further documents with planted defects are judged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from behovsmelding.checks import check
from behovsmelding.readers import read_bytes

from .factories import keys

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# (seed, text in the document, planted text, finding expected)
PLANTS: list[tuple[str, str, str, tuple[str, str, str]]] = [
    ("001", "480.000,- 583.600,-", "490.000,- 583.600,-", ("SUM_TILTAK", "tiltak[1].eier", "feil")),
    (
        "001",
        "4500.55.00080",
        "4500.55.00081",
        ("KONTONR_UGYLDIG", "kontaktpersoner.eier.kontonr", "feil"),
    ),
    ("001", "972 418 013", "972 418 031", ("ORGNR_UGYLDIG", "kontaktpersoner.eier.orgnr", "feil")),
    (
        "001",
        "ann.gustavsen@inn.no",
        "ann.gustavsen@inn",
        ("EPOST_UGYLDIG", "kontaktpersoner.uh.epost", "feil"),
    ),
    ("001", "tilskudd til? 3", "tilskudd til? 4", ("ANTALL_TILTAK", "antall_tiltak", "advarsel")),
    ("001", "Ja x  Nei ☐", "Ja ☐  Nei ☐", ("MANGLER_SVAR", "medbestemmelse.droftet", "feil")),
    (
        "001",
        "Regional ordning 200.000, -",
        "Regional ordning 210.000, -",
        ("SUM_RAD", "budsjett.rader[0].eier", "feil"),
    ),
    ("001", "4.349.490,-", "4.349.491,-", ("SUM_KOLONNE", "budsjett.sum.totalt", "feil")),
    (
        "001",
        "Utdanningsforbundet Katrin Kummernes",
        "Katrin Kummernes Utdanningsforbundet",
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[0].rolle", "advarsel"),
    ),
    (
        "001",
        "Vår 2024 ☒ Høst 2024 ☒  Vår 2025 ☐",
        "Vår 2023 ☒ Høst 2024 ☒  Vår 2025 ☐",
        ("VARIGHET_UTENFOR", "tiltak[2].varighet", "advarsel"),
    ),
    (
        "003",
        "Kr 120 000 Kr 125 000 Kr 245 000",
        "Kr 120 000 Kr 152 000 Kr 245 000",
        ("SUM_TILTAK", "tiltak[1].uh", "feil"),
    ),
    (
        "003",
        "Begrunn \n\nSe over",
        "Begrunn \n\nKlikk eller trykk her for å skrive inn tekst.",
        ("KOORDINATOR_UTEN_BEGRUNNELSE", "tiltak[7].koordinator_begrunnelse", "advarsel"),
    ),
    (
        "000",
        "Tiltak 2: Trygt og godt skolemiljø 250 000,- 364 300,- (LMS) 614 300,-",
        "Tiltak 2: Trygt og godt skolemiljø 250 000,- 364 300,- (LMS) 615 300,-",
        ("SUM_RAD", "budsjett.rader[1].totalt", "feil"),
    ),
    (
        "000",
        "Ja ☐  Nei ☒   Vurdert ikke relevant ☐",
        "Ja ☐  Nei ☐   Vurdert ikke relevant ☐",
        ("MANGLER_SVAR", "samiske_perspektiver", "feil"),
    ),
    (
        "002",
        "Dette er en videreføring av tidligere innsendt behovsmelding.",
        "--",
        ("MANGLER_SVAR", "behov", "feil"),
    ),
    (
        "002",
        "flere eiere? Ja ☐  (Fyll ut liste) Nei  ☒",
        "flere eiere? Ja ☒  (Fyll ut liste) Nei  ☐",
        ("FLERE_EIERE_UTEN_LISTE", "partnere", "advarsel"),
    ),
    (
        "004",
        "Org. Nr\t931112325\t971564679",
        "Org. Nr\t931112325\t971564697",
        ("ORGNR_UGYLDIG", "kontaktpersoner.uh.orgnr", "feil"),
    ),
]


def _read(seed: str, text: str) -> set[tuple[str, str, str]]:
    return keys(check(read_bytes(text.encode("utf-8"), f"{seed}.txt")))


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found: {SEEDS}")
@pytest.mark.parametrize(("seed", "old", "new", "want"), PLANTS, ids=[p[3][1] for p in PLANTS])
def test_a_planted_defect_is_found_at_its_field(
    seed: str, old: str, new: str, want: tuple[str, str, str]
) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    text = path.read_text("utf-8")
    assert old in text, "the seed no longer has the text this case changes"
    before = _read(seed, text)
    after = _read(seed, text.replace(old, new, 1))
    assert after - before == {want}
