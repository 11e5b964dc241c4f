"""The five seed documents: the findings are exactly what a careful caseworker writes down.

The expected lists were made by reading each document in ``seeds/`` (not by running the
checks); the reasons are beside each entry. All ten organisation and account numbers in the
seeds are valid, and nothing that is right is flagged.

Records: 000, 001 and 003 are checked on the golden records (``format/golden/``), 002 and
004 on records read by hand (``seed_records.py``); all five are checked once more as read by
``behovsmelding.readers.read_path``, so that the readers and the checks meet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from behovsmelding.checks import check
from behovsmelding.record import Behovsmelding

from .factories import keys
from .seed_records import SEED_002, SEED_004

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

Key = tuple[str, str, str]

EXPECTED: dict[str, set[Key]] = {
    # kollektiv-2026, Bodø/LMS, Tiltak 2: every section answered, budget lines and Sum add
    # up, the partner list is there (several owners: Ja), "Sum koordinator" left at the
    # placeholder is not required. Nothing to note.
    "000_bf5467df14f4afdb": set(),
    # lokal-2024, Bodø/SePU, Kompetanseløftet, Tiltak 6-8: all sums add up (also 6+7+8 =
    # the Kompetanseløftet line), numbers valid, "Ja x" is a tick.
    "001_a66beb2d707d1c80": {
        # Tiltak 8: the lærerutdanning question is left at the placeholder.
        ("MANGLER_SVAR", "tiltak[2].laererutdanning", "feil"),
        # PP-tjenester written as "X", not a number.
        ("ENHET_IKKE_TALL", "enheter.ppt", "merknad"),
    },
    # kollektiv-2026, Vefsn/LMS: budget is only a Sum line (15 000 + 464 000 = 479 000).
    "002_8cc57b7b4ab8c520": {
        # Medbestemmelse: neither Ja nor Nei ticked (boxes visible), no participants.
        ("MANGLER_SVAR", "medbestemmelse.droftet", "feil"),
        # The units table is placeholders only.
        ("MANGLER_SVAR", "enheter", "feil"),
    },
    # lokal-2024, Ytre Helgeland (GOA)/SePU, Desentralisert, 8 tiltak: all sums and the
    # DEKOM line add up ("1 5 44 000" is a typing slip of 1 544 000, which is right).
    "003_09a5d92f69038624": {
        # Tiltak 7: coordinator box unticked while a justification is written.
        ("KOORDINATOR_IKKE_KRYSSET", "tiltak[6].koordinator", "advarsel"),
        # Tiltak 8: UH cell left at the placeholder beside Sum totalt 70 000 (= Eier).
        ("SUM_DEL_MANGLER", "tiltak[7].uh", "feil"),
        # Tiltak 8: "Hva skal tilskuddet brukes til?" left at "Velg et element.".
        ("MANGLER_SVAR", "tiltak[7].formaal", "feil"),
        # Tiltak 8: the lærerutdanning question is left at the placeholder.
        ("MANGLER_SVAR", "tiltak[7].laererutdanning", "feil"),
        # Several owners: Ja, but all nine partner rows are placeholders.
        ("FLERE_EIERE_UTEN_LISTE", "partnere", "advarsel"),
        # PP-tjenester written as "PPTYH", not a number.
        ("ENHET_IKKE_TALL", "enheter.ppt", "merknad"),
    },
    # lokal-2024, Vefsn/LMS, converted without its boxes (☒/☐ lost everywhere).
    "004_0f85f064c45cbb18": {
        # One advarsel per box question whose state the document does not show.
        ("BOKS_ULESELIG", "ordninger", "advarsel"),
        ("BOKS_ULESELIG", "flere_eiere", "advarsel"),
        ("BOKS_ULESELIG", "flere_uh", "advarsel"),
        ("BOKS_ULESELIG", "flere_ordninger", "advarsel"),
        ("BOKS_ULESELIG", "tiltak[0].koordinator", "advarsel"),
        ("BOKS_ULESELIG", "tiltak[0].varighet", "advarsel"),
        ("BOKS_ULESELIG", "medbestemmelse.droftet", "advarsel"),
        # "Totalt antall tiltak" left at "Velg et element.".
        ("MANGLER_SVAR", "antall_tiltak", "feil"),
        # Budget: Eier and Totalt of the Kompetanseløftet line and of Sum left empty.
        ("MANGLER_BELOP", "budsjett.rader[0].eier", "feil"),
        ("MANGLER_BELOP", "budsjett.rader[0].totalt", "feil"),
        ("MANGLER_BELOP", "budsjett.sum.eier", "feil"),
        ("MANGLER_BELOP", "budsjett.sum.totalt", "feil"),
        # Tiltak 1: Sum totalt 229 900 is not Eier (empty) + UH 214 900 …
        ("SUM_TILTAK", "tiltak[0].totalt", "feil"),
        # … and the Eier cell is empty beside it.
        ("SUM_DEL_MANGLER", "tiltak[0].eier", "feil"),
        # Tiltak 1: "Eiers tilskudd skal brukes på følgende måte" answered "--", while the
        # sum implies 15 000 for the owner.
        ("MANGLER_SVAR", "tiltak[0].eiers_bruk", "feil"),
        # Medbestemmelse: persons under Rolle, unions under Navn.
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[0].rolle", "advarsel"),
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[1].rolle", "advarsel"),
    },
}

GOLDEN = ["000_bf5467df14f4afdb", "001_a66beb2d707d1c80", "003_09a5d92f69038624"]
HAND_READ = {"002_8cc57b7b4ab8c520": SEED_002, "004_0f85f064c45cbb18": SEED_004}

needs_shared = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(), reason=f"shared folder not found: {SHARED}"
)


def _diff(got: set[Key], want: set[Key]) -> str:
    return f"unexpected: {sorted(got - want)}\nmissing: {sorted(want - got)}"


@needs_shared
@pytest.mark.parametrize("seed", GOLDEN)
def test_findings_on_the_golden_record(seed: str) -> None:
    data = json.loads((SHARED / "format" / "golden" / f"{seed}.json").read_text("utf-8"))
    got = keys(check(Behovsmelding.from_dict(data)))
    assert got == EXPECTED[seed], _diff(got, EXPECTED[seed])


@pytest.mark.parametrize("seed", sorted(HAND_READ))
def test_findings_on_the_hand_read_record(seed: str) -> None:
    got = keys(check(Behovsmelding.from_dict(HAND_READ[seed])))
    assert got == EXPECTED[seed], _diff(got, EXPECTED[seed])


def test_the_seed_findings_carry_the_numbers_involved() -> None:
    findings = check(Behovsmelding.from_dict(SEED_004))
    (s,) = [f for f in findings if f.kode == "SUM_TILTAK"]
    assert s.melding == (
        "Tiltak 1: Sum totalt 229 900 er ikke Eier (tom) + UH 214 900 = 214 900 "
        "(differanse 15 000)."
    )
    assert [f.alvorlighet for f in findings] == sorted(
        (f.alvorlighet for f in findings), key=["feil", "advarsel", "merknad"].index
    )


@needs_shared
@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_findings_on_the_seed_as_read_by_the_reader(seed: str) -> None:
    from behovsmelding.readers import read_path

    got = keys(check(read_path(SHARED / "seeds" / f"{seed}.txt")))
    assert got == EXPECTED[seed], _diff(got, EXPECTED[seed])
