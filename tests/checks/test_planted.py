"""Defects planted in the text of the seeds are found at their field, with their severity.

Each case changes one thing in a seed's text (an amount, an answer emptied or replaced by
"--", a box, an identifier, a table row), reads it with ``behovsmelding.readers`` and checks
that exactly one new finding appears, the expected (kode, felt, alvorlighet): the defect is
found at its field, and it causes nothing elsewhere. One case per kind of defect and form
generation (lokal-2024: seeds 001, 003, 004; kollektiv-2026: seeds 000, 002). This is how
further documents with planted defects are judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from behovsmelding.checks import check
from behovsmelding.readers import read_bytes

from .factories import keys

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

PH = "Klikk eller trykk her for å skrive inn tekst."
VE = "Velg et element."
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Rep:
    """Replace the ``nth`` occurrence of ``old`` by ``new``."""

    old: str
    new: str
    nth: int = 0


@dataclass(frozen=True)
class Between:
    """Replace the lines after the ``nth`` line holding ``start`` up to the next line holding
    ``end`` (an answer below its question) by ``new``."""

    start: str
    end: str
    new: str
    nth: int = 0


Edit = Rep | Between


def _find(text: str, needle: str, nth: int, start: int = 0) -> int:
    i = start - 1
    for _ in range(nth + 1):
        i = text.find(needle, i + 1)
        assert i >= 0, f"the seed no longer has {needle!r} (#{nth})"
    return i


def plant(text: str, edit: Edit) -> str:
    if isinstance(edit, Rep):
        i = _find(text, edit.old, edit.nth)
        return text[:i] + edit.new + text[i + len(edit.old) :]
    i = text.index("\n", _find(text, edit.start, edit.nth)) + 1
    j = text.rfind("\n", 0, _find(text, edit.end, 0, i)) + 1
    return text[:i] + edit.new + "\n" + text[j:]


@cache
def _seed_text(seed: str) -> tuple[str, str]:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.name, path.read_text("utf-8")


def _findings(name: str, text: str) -> set[Key]:
    return keys(check(read_bytes(text.encode("utf-8"), name)))


@cache
def _before(seed: str) -> frozenset[Key]:
    return frozenset(_findings(*_seed_text(seed)))


F, A = "feil", "advarsel"
MS = "MANGLER_SVAR"

# (id, seed, edits, the one finding expected)
CASES: list[tuple[str, str, tuple[Edit, ...], Key]] = [
    # --- lokal-2024 ------------------------------------------------------------------------
    # sums: a tiltak's Sum totalt off by 1 krone and by a lot, a budget line's Totalt, the
    # Sum line's cells; an empty part that the sums agree on is only the empty cell
    (
        "2024-tiltak-totalt-1kr",
        "001",
        (Rep("1.524.914,-", "1.524.915,-"),),
        ("SUM_TILTAK", "tiltak[0].totalt", F),
    ),
    (
        "2024-tiltak-totalt-mye",
        "003",
        (Rep("Kr 50 000 Kr 241 000 Kr 291 000", "Kr 50 000 Kr 241 000 Kr 391 000"),),
        ("SUM_TILTAK", "tiltak[4].totalt", F),
    ),
    (
        "2024-tiltak-eier-feilskrevet",
        "001",
        (Rep("480.000,- 583.600,-", "490.000,- 583.600,-"),),
        ("SUM_TILTAK", "tiltak[1].eier", F),
    ),
    (
        "2024-tiltak-uh-feilskrevet",
        "003",
        (Rep("Kr 120 000 Kr 125 000 Kr 245 000", "Kr 120 000 Kr 152 000 Kr 245 000"),),
        ("SUM_TILTAK", "tiltak[1].uh", F),
    ),
    (
        "2024-tiltak-eier-feilskrevet-ved-tom-uh",
        "003",
        (Rep("Kr 70 000 Klikk", "Kr 80 000 Klikk"),),
        ("SUM_TILTAK", "tiltak[7].eier", F),
    ),
    (
        "2024-tiltak-uh-tom",
        "003",
        (Rep("Kr 90 000 Kr 90 000 Kr 180 000", f"Kr 90 000 {PH} Kr 180 000"),),
        ("SUM_DEL_MANGLER", "tiltak[5].uh", F),
    ),
    (
        "2024-tiltak-totalt-tom",
        "001",
        (Rep("1.063.600,-", PH),),
        ("MANGLER_BELOP", "tiltak[1].totalt", F),
    ),
    (
        "2024-rad-totalt-1kr",
        "001",
        (Rep("1.166.270,-", "1.166.271,-"),),
        ("SUM_RAD", "budsjett.rader[0].totalt", F),
    ),
    (
        "2024-rad-totalt-mye",
        "003",
        (Rep("300 000 280 000 580 000", "300 000 280 000 680 000"),),
        ("SUM_RAD", "budsjett.rader[2].totalt", F),
    ),
    (
        "2024-rad-eier-feilskrevet",
        "001",
        (Rep("Regional ordning 200.000, -", "Regional ordning 210.000, -"),),
        ("SUM_RAD", "budsjett.rader[0].eier", F),
    ),
    (
        "2024-sum-eier",
        "003",
        (Rep("Sum 1 430 000", "Sum 1 430 001"),),
        ("SUM_KOLONNE", "budsjett.sum.eier", F),
    ),
    (
        "2024-sum-uh",
        "001",
        (Rep("2.386.450 - (SePU)", "2.386.451 - (SePU)"),),
        ("SUM_KOLONNE", "budsjett.sum.uh", F),
    ),
    (
        "2024-sum-totalt",
        "001",
        (Rep("4.349.490,-", "4.349.491,-"),),
        ("SUM_KOLONNE", "budsjett.sum.totalt", F),
    ),
    # header
    (
        "2024-eier-tom",
        "003",
        (Rep("Eier: Alstahaug, Leirfjord, Lurøy og Træna kommuner", f"Eier: {PH}"),),
        (MS, "eier", F),
    ),
    (
        "2024-nettverk-tom",
        "004",
        (Rep("Kompetansenettverk Indre Helgeland", f"Kompetansenettverk {PH}"),),
        (MS, "kompetansenettverk", F),
    ),
    (
        "2024-uh-strek",
        "001",
        (Rep("Universitet/Høgskole: Høgskolen i Innlandet/ SePU", "Universitet/Høgskole: --"),),
        (MS, "uh", F),
    ),
    (
        "2024-aar-tomt",
        "001",
        (Rep("behov for 2024", f"behov for {PH}"),),
        (MS, "aar", F),
    ),
    (
        "2024-ordning-ingen",
        "001",
        (Rep("Kompetanseløftet ☒", "Kompetanseløftet ☐"),),
        (MS, "ordninger", F),
    ),
    (
        "2024-antall-tom",
        "001",
        (Rep("tilskudd til? 3", f"tilskudd til? {VE}"),),
        (MS, "antall_tiltak", F),
    ),
    # contacts (a tab-separated table: each cell can be emptied on its own)
    *[
        (
            f"2024-kontakt-{who}-{field}-{'strek' if empty == '--' else 'tom'}",
            "004",
            (
                Rep(
                    f"{label}\t{eier}\t{uh}",
                    f"{label}\t{eier if who == 'uh' else empty}\t{uh if who == 'eier' else empty}",
                ),
            ),
            (MS, f"kontaktpersoner.{who}.{field}", F),
        )
        for field, label, eier, uh, who, empty in [
            ("navn", "Navn", "Anita Aune Nestvold", "Solfrid H. Naustvik", "eier", PH),
            ("telefon", "Telefon", "97016497", "51833122", "uh", PH),
            (
                "epost",
                "E-post",
                "Anita.aune.nestvold@vefsn.kommune.no",
                "solfrid.h.naustvik@uis.no",
                "eier",
                "--",
            ),
            ("kontonr", "Kontonr", "15069214549", "76940519655", "uh", "-"),
            ("orgnr", "Org. Nr", "931112325", "971564679", "eier", PH),
        ]
    ],
    (
        "2024-kontakt-uh-funksjon-tom",
        "001",
        (Rep("Rådgiver Senterleder SEPU", f"Rådgiver {PH}"),),
        (MS, "kontaktpersoner.uh.funksjon", F),
    ),
    # identifiers
    (
        "2024-orgnr-mod11",
        "001",
        (Rep("972 418 013", "972 418 014"),),
        ("ORGNR_UGYLDIG", "kontaktpersoner.eier.orgnr", F),
    ),
    (
        "2024-orgnr-lengde",
        "004",
        (Rep("931112325\t971564679", "931112325\t97156467"),),
        ("ORGNR_UGYLDIG", "kontaktpersoner.uh.orgnr", F),
    ),
    (
        "2024-kontonr-mod11",
        "003",
        (Rep("4516 27 94918", "4516 27 94919"),),
        ("KONTONR_UGYLDIG", "kontaktpersoner.eier.kontonr", F),
    ),
    (
        "2024-kontonr-lengde",
        "001",
        (Rep("7694.05.00660", "7694.05.0066"),),
        ("KONTONR_UGYLDIG", "kontaktpersoner.uh.kontonr", F),
    ),
    (
        "2024-epost-uten-krollalfa",
        "004",
        (Rep("solfrid.h.naustvik@uis.no", "solfrid.h.naustvik.uis.no"),),
        ("EPOST_UGYLDIG", "kontaktpersoner.uh.epost", F),
    ),
    (
        "2024-epost-uten-toppdomene",
        "004",
        (Rep("Anita.aune.nestvold@vefsn.kommune.no", "Anita.aune.nestvold@vefsn.kommune"),),
        ("EPOST_UGYLDIG", "kontaktpersoner.eier.epost", F),
    ),
    (
        "2024-telefon-7-siffer",
        "003",
        (Rep("90037049", "9003704"),),
        ("TELEFON_UGYLDIG", "kontaktpersoner.uh.telefon", F),
    ),
    # boxes: none ticked, both ticked
    (
        "2024-flere-eiere-ingen",
        "001",
        (Rep("eiere? Ja ☒", "eiere? Ja ☐"),),
        (MS, "flere_eiere", F),
    ),
    ("2024-flere-eiere-begge", "001", (Rep("Nei  ☐", "Nei  ☒"),), (MS, "flere_eiere", F)),
    (
        "2024-medbestemmelse-ingen",
        "001",
        (Rep("Ja x  Nei ☐", "Ja ☐  Nei ☐"),),
        (MS, "medbestemmelse.droftet", F),
    ),
    (
        "2024-medbestemmelse-begge",
        "003",
        (Rep("medbestemmelse  Ja ☒  Nei ☐", "medbestemmelse  Ja ☒  Nei ☒"),),
        (MS, "medbestemmelse.droftet", F),
    ),
    # a tiltak's answers
    (
        "2024-tiltak-navn-tomt",
        "001",
        (Rep("Navn på tiltak: 6 Ledersamlinger", f"Navn på tiltak: {PH}"),),
        (MS, "tiltak[1].navn", F),
    ),
    (
        "2024-tiltak-navn-strek",
        "003",
        (Rep("Navn på tiltak: Magisk måned", "Navn på tiltak: -"),),
        (MS, "tiltak[6].navn", F),
    ),
    (
        "2024-tiltak-formaal-tomt",
        "003",
        (Rep("brukes til? Planlegging av tiltak", f"brukes til? {VE}"),),
        (MS, "tiltak[5].formaal", F),
    ),
    *[
        (
            f"2024-tiltak-{field}-{'strek' if new == '--' else 'tom'}",
            "001",
            (Between(start, end, new, nth),),
            (MS, f"tiltak[{nth}].{field}", F),
        )
        for field, start, end, new, nth in [
            (
                "forankring",
                "Beskriv hvordan tiltaket er forankret i den enkelte",
                "Beskriv hvordan tiltakene skal fremme",
                PH,
                1,
            ),
            (
                "kollektive_prosesser",
                "Beskriv hvordan tiltakene skal fremme",
                "Beskriv hvordan dette samarbeidet",
                "-",
                1,
            ),
            (
                "laererutdanning",
                "Beskriv hvordan dette samarbeidet",
                "Beskriv hvordan dette tiltaket er forankret i langsiktig",
                PH,
                0,
            ),
            (
                "langsiktig_plan",
                "Beskriv hvordan dette tiltaket er forankret i langsiktig",
                "Eiers tilskudd skal brukes",
                "--",
                1,
            ),
            ("eiers_bruk", "Eiers tilskudd skal brukes", "UH sitt tilskudd skal brukes", PH, 1),
            (
                "uh_bruk",
                "UH sitt tilskudd skal brukes",
                "Det er behov for å bruke midler til koordinator",
                "--",
                0,
            ),
            ("maalgruppe", "Hvem er målgruppa for tiltaket?", "Tiltak 7", PH, 0),
        ]
    ],
    (
        "2024-tiltak-varighet-ingen",
        "001",
        (Rep("Vår 2024 ☒ Høst 2024 ☒  Vår 2025 ☒", "Vår 2024 ☐ Høst 2024 ☐  Vår 2025 ☐", 1),),
        (MS, "tiltak[1].varighet", F),
    ),
    # consistency
    (
        "2024-varighet-utenfor",
        "003",
        (Rep("Vår 2025 ☒", "Vår 2027 ☒"),),
        ("VARIGHET_UTENFOR", "tiltak[0].varighet", A),
    ),
    (
        "2024-antall-tiltak",
        "003",
        (Rep("tilskudd til? 8", "tilskudd til? 9"),),
        ("ANTALL_TILTAK", "antall_tiltak", A),
    ),
    (
        "2024-koordinator-uten-begrunnelse",
        "003",
        (Between("Det er behov for å bruke midler til koordinator", "Tiltakets varighet", ""),),
        ("KOORDINATOR_UTEN_BEGRUNNELSE", "tiltak[0].koordinator_begrunnelse", A),
    ),
    (
        "2024-koordinator-ikke-krysset",
        "001",
        (Rep("tiltaket? Ja ☒", "tiltaket? Ja ☐", 1),),
        ("KOORDINATOR_IKKE_KRYSSET", "tiltak[1].koordinator", A),
    ),
    (
        "2024-rolle-navn-byttet",
        "003",
        (Rep("Hovedtillitsvalgt Trond Ivar Myhre", "Trond Ivar Myhre Hovedtillitsvalgt"),),
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[0].rolle", A),
    ),
    (
        "2024-deltakere-tomme",
        "001",
        (Rep("Utdanningsforbundet Katrin Kummernes", f"{PH} {PH}"),),
        (MS, "medbestemmelse.deltakere", F),
    ),
    ("2024-enheter-tomme", "001", (Rep("21 29 24 1 X", "- - - - -"),), (MS, "enheter", F)),
    # --- kollektiv-2026 --------------------------------------------------------------------
    (
        "2026-rad-totalt-1kr",
        "000",
        (Rep("614 300,-", "614 301,-"),),
        ("SUM_RAD", "budsjett.rader[1].totalt", F),
    ),
    (
        "2026-rad-totalt-mye",
        "000",
        (Rep("401 500,-", "501 500,-"),),
        ("SUM_RAD", "budsjett.rader[0].totalt", F),
    ),
    (
        "2026-rad-eier-tom",
        "000",
        (Rep("250 000,- 364 300,-", f"{PH} 364 300,-"),),
        ("SUM_DEL_MANGLER", "budsjett.rader[1].eier", F),
    ),
    (
        "2026-sum-eier",
        "000",
        (Rep("880 000,-", "890 000,-"),),
        ("SUM_KOLONNE", "budsjett.sum.eier", F),
    ),
    (
        "2026-sum-totalt",
        "000",
        (Rep("2 458 860,-", "2 458 861,-"),),
        ("SUM_KOLONNE", "budsjett.sum.totalt", F),
    ),
    (
        "2026-bare-sumlinje",
        "002",
        (Rep("Sum 15 000,- 464 000,- 479 000,-", "Sum 15 000,- 464 000,- 479 001,-"),),
        ("SUM_RAD", "budsjett.sum.totalt", F),
    ),
    ("2026-gjelder-ingen", "000", (Rep("Grunnskole ☒", "Grunnskole ☐"),), (MS, "gjelder", F)),
    (
        "2026-gjelder-to",
        "000",
        (Rep("Barnehage ☐   Grunnskole ☒", "Barnehage ☒   Grunnskole ☒"),),
        (MS, "gjelder", F),
    ),
    ("2026-eier-strek", "002", (Rep("Eier: Vefsn kommune", "Eier: -"),), (MS, "eier", F)),
    (
        "2026-kompetansemiljo-tomt",
        "000",
        (
            Rep(
                "Kompetansemiljø: Læringsmiljøsenteret, Universitetet i Stavanger",
                f"Kompetansemiljø: {PH}",
            ),
        ),
        (MS, "uh", F),
    ),
    (
        "2026-kontakt-eier-navn",
        "000",
        (Rep("Navn Kristin Synnøve Magnussen", f"Navn {PH}"),),
        (MS, "kontaktpersoner.eier.navn", F),
    ),
    (
        "2026-flere-uh-begge",
        "000",
        (Rep("kompetansemiljø? Ja ☐", "kompetansemiljø? Ja ☒"),),
        (MS, "flere_uh", F),
    ),
    (
        "2026-videreforing-ingen",
        "000",
        (Rep("2025? Ja ☒", "2025? Ja ☐"),),
        (MS, "videreforer_fjoraaret", F),
    ),
    (
        "2026-faser-ingen",
        "000",
        (Rep("tiltak ☒   Gjennomføring av tiltak ☒", "tiltak ☐   Gjennomføring av tiltak ☐"),),
        (MS, "faser", F),
    ),
    *[
        (f"2026-{felt}-{label}", "000", (Between(start, end, new),), (MS, felt, F))
        for felt, start, end, new, label in [
            ("behov", "1. Vurdering av behov", "Hvilke(n) fase(r)", PH, "tom"),
            ("partnerskapsplan", "2. Plan for partnerskap", "3. Eiers egeninnsats", "--", "strek"),
            ("egeninnsats", "3. Eiers egeninnsats", "4. Vurdering av måloppnåelse", "-", "strek"),
            ("maaloppnaaelse.a", "a) Tiltakene", "b) Tiltakene", PH, "tom"),
            ("maaloppnaaelse.b", "b) Tiltakene", "c) Tiltakene", "--", "strek"),
            ("maaloppnaaelse.c", "c) Tiltakene", "d) Tiltakene", "•\n•", "kulepunkter"),
            ("maaloppnaaelse.d", "tilpasset tilbud", "e) Tiltakene", PH, "tom"),
            ("maaloppnaaelse.e", "e) Tiltakene", "5. Målgruppe", f"{PH} {PH}", "to-plassholdere"),
            ("maalgruppe", "5. Målgruppe", "6. Økonomi og varighet", PH, "tom"),
            ("okonomi", "leverer budsjett i vedlegg", "Tiltakets varighet", "--", "strek"),
        ]
    ],
    (
        "2026-budsjett-i-vedlegg-ingen",
        "000",
        (Rep("Nei☒", "Nei☐"),),
        (MS, "budsjett_i_vedlegg", F),
    ),
    (
        "2026-varighet-ingen",
        "000",
        (Rep("Høst 2026 ☒   Vår 2027 ☒", "Høst 2026 ☐   Vår 2027 ☐"),),
        (MS, "varighet", F),
    ),
    (
        "2026-videreutdanning-ingen",
        "000",
        (Rep("Vet ikke ☒", "Vet ikke ☐"),),
        (MS, "videreutdanning", F),
    ),
    (
        "2026-samisk-begge",
        "000",
        (Rep("Ja ☐  Nei ☒   Vurdert", "Ja ☒  Nei ☒   Vurdert"),),
        (MS, "samiske_perspektiver", F),
    ),
    (
        "2026-medbestemmelse-ingen",
        "000",
        (Rep("medbestemmelse  Ja ☒  Nei ☐", "medbestemmelse  Ja ☐  Nei ☐"),),
        (MS, "medbestemmelse.droftet", F),
    ),
    (
        "2026-deltakere-tomme",
        "000",
        (Between("Rolle Navn", "Hvor mange enheter", ""),),
        (MS, "medbestemmelse.deltakere", F),
    ),
    ("2026-enheter-tomme", "000", (Rep("0 0 22 1 1", "- - - - -"),), (MS, "enheter", F)),
    (
        "2026-flere-eiere-uten-liste",
        "002",
        (Rep("eiere? Ja ☐  (Fyll ut liste) Nei  ☒", "eiere? Ja ☒  (Fyll ut liste) Nei  ☐"),),
        ("FLERE_EIERE_UTEN_LISTE", "partnere", A),
    ),
    (
        "2026-partnerliste-fjernet",
        "000",
        (Between("Navn på eier/UH Kontaktperson Eier/UH", "Behovsmeldingen har vært drøftet", ""),),
        ("FLERE_EIERE_UTEN_LISTE", "partnere", A),
    ),
    (
        "2026-varighet-utenfor",
        "000",
        (Rep("behov for 2026", "behov for 2027"),),
        ("VARIGHET_UTENFOR", "varighet", A),
    ),
    (
        "2026-koordinatorsum-uten-begrunnelse",
        "002",
        (Rep(f"(må begrunnes ovenfor) {PH}", "(må begrunnes ovenfor) 20 000,-"),),
        ("KOORDINATOR_SUM_UTEN_BEGRUNNELSE", "koordinator_sum", A),
    ),
    (
        "2026-flere-kompetansemiljo-uten-liste",
        "000",
        (
            Rep(
                "kompetansemiljø? Ja ☐  (Fyll ut liste) Nei  ☒",
                "kompetansemiljø? Ja ☒  (Fyll ut liste) Nei  ☐",
            ),
        ),
        ("FLERE_UH_UTEN_LISTE", "partnere", A),
    ),
    (
        "2026-rolle-navn-byttet",
        "000",
        (Rep("Fagforbundet Wenche Høyforslett", "Wenche Høyforslett Fagforbundet"),),
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[2].rolle", A),
    ),
]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found: {SEEDS}")
@pytest.mark.parametrize(
    ("seed", "edits", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_planted_defect_is_found_at_its_field_and_nowhere_else(
    seed: str, edits: tuple[Edit, ...], want: Key
) -> None:
    name, text = _seed_text(seed)
    for edit in edits:
        text = plant(text, edit)
    after = _findings(name, text)
    assert after - _before(seed) == {want} | _line_sum(want)


def _line_sum(want: Key) -> set[Key]:
    """A mistyped Eier or UH amount also breaks its own line's sum, which is reported at the
    line's total as well (checks/sums.py)."""
    kode, felt, alvorlighet = want
    base, _, col = felt.rpartition(".")
    if kode not in ("SUM_TILTAK", "SUM_RAD", "SUM_KOLONNE") or col not in ("eier", "uh"):
        return set()
    line = "SUM_TILTAK" if base.startswith("tiltak[") else "SUM_RAD"
    return {(line, f"{base}.totalt", alvorlighet)}


def test_the_case_ids_are_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
