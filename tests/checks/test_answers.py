"""Required answers per generation, unreadable boxes, the units table."""

from __future__ import annotations

from typing import Any

import pytest

from behovsmelding.checks import check
from behovsmelding.record import Behovsmelding, Deltaker, Enheter, Kilde, Maaloppnaaelse

from .factories import found, keys, valid_2024, valid_2026


def _set(obj: Any, path: str, value: object) -> None:
    """Set a dotted attribute path with list positions, e.g. "tiltak[1].navn"."""
    *head, last = path.split(".")
    for part in head:
        name, _, idx = part.partition("[")
        obj = getattr(obj, name)
        if idx:
            obj = obj[int(idx.rstrip("]"))]
    setattr(obj, last, value)


def test_both_factories_are_complete_and_valid() -> None:
    assert check(valid_2024()) == []
    assert check(valid_2026()) == []


REQUIRED_2024 = [
    "aar",
    "eier",
    "kompetansenettverk",
    "uh",
    "kontaktpersoner.eier.navn",
    "kontaktpersoner.eier.funksjon",
    "kontaktpersoner.eier.telefon",
    "kontaktpersoner.eier.epost",
    "kontaktpersoner.eier.kontonr",
    "kontaktpersoner.eier.orgnr",
    "kontaktpersoner.uh.navn",
    "kontaktpersoner.uh.funksjon",
    "kontaktpersoner.uh.telefon",
    "kontaktpersoner.uh.epost",
    "kontaktpersoner.uh.kontonr",
    "kontaktpersoner.uh.orgnr",
    "flere_eiere",
    "flere_uh",
    "flere_ordninger",
    "antall_tiltak",
    "tiltak[1].navn",
    "tiltak[1].formaal",
    "tiltak[1].forankring",
    "tiltak[1].kollektive_prosesser",
    "tiltak[1].laererutdanning",
    "tiltak[1].langsiktig_plan",
    "tiltak[1].eiers_bruk",
    "tiltak[1].uh_bruk",
    "tiltak[1].maalgruppe",
    "medbestemmelse.droftet",
]


@pytest.mark.parametrize("felt", REQUIRED_2024)
def test_empty_required_answer_2024_is_a_feil_at_its_field(felt: str) -> None:
    bm = valid_2024()
    _set(bm, felt, None)
    assert keys(check(bm)) == {("MANGLER_SVAR", felt, "feil")}


REQUIRED_2026 = [
    "aar",
    "gjelder",
    "eier",
    "kompetansenettverk",
    "uh",
    "kontaktpersoner.eier.navn",
    "kontaktpersoner.eier.funksjon",
    "kontaktpersoner.uh.navn",
    "kontaktpersoner.uh.funksjon",
    "flere_eiere",
    "flere_uh",
    "videreforer_fjoraaret",
    "behov",
    "partnerskapsplan",
    "egeninnsats",
    "maaloppnaaelse.a",
    "maaloppnaaelse.b",
    "maaloppnaaelse.c",
    "maaloppnaaelse.d",
    "maaloppnaaelse.e",
    "maalgruppe",
    "budsjett_i_vedlegg",
    "okonomi",
    "videreutdanning",
    "samiske_perspektiver",
    "medbestemmelse.droftet",
]


@pytest.mark.parametrize("felt", REQUIRED_2026)
def test_empty_required_answer_2026_is_a_feil_at_its_field(felt: str) -> None:
    bm = valid_2026()
    _set(bm, felt, None)
    assert keys(check(bm)) == {("MANGLER_SVAR", felt, "feil")}


@pytest.mark.parametrize(
    "answer",
    [
        "--",
        "-",
        " – ",
        "",
        "Klikk eller trykk her for å skrive inn tekst.",
        # a list whose items were emptied leaves its bullets
        "•\n•\n•",
        # two content controls left at their placeholder in one answer
        "Klikk eller trykk her for å skrive inn tekst. Klikk eller trykk her for å skrive inn "
        "tekst.\n•",
    ],
)
def test_dash_blank_or_placeholder_counts_as_empty(answer: str) -> None:
    bm = valid_2024()
    bm.tiltak[0].eiers_bruk = answer
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("MANGLER_SVAR", "tiltak[0].eiers_bruk", "feil")
    assert f.melding.startswith("Tiltak 1: «Eiers tilskudd skal brukes på følgende måte»")


def test_short_real_answer_is_an_answer() -> None:
    bm = valid_2024()
    bm.tiltak[0].eiers_bruk = "Lønn"
    assert check(bm) == []


def test_contacts_of_2026_need_only_name_and_function() -> None:
    bm = valid_2026()
    assert bm.kontaktpersoner.eier.telefon is None and bm.kontaktpersoner.eier.orgnr is None
    assert found(bm, "MANGLER_SVAR") == []


def test_merkes_is_optional_in_2024() -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.merkes = None
    assert check(bm) == []


def test_use_of_money_is_not_required_for_a_part_that_gets_nothing() -> None:
    bm = valid_2024()
    t = bm.tiltak[1]
    t.eier, t.eiers_bruk = 0, None
    t.totalt = t.uh
    bm.budsjett.rader[0].eier = 100_000
    bm.budsjett.rader[0].totalt = 350_000
    assert bm.budsjett.sum is not None
    bm.budsjett.sum.eier, bm.budsjett.sum.totalt = 100_000, 350_000
    assert check(bm) == []
    # Implied by the total: UH empty, Sum totalt = Eier, so UH gets 0 and needs no text.
    bm2 = valid_2024()
    t2 = bm2.tiltak[1]
    t2.uh, t2.uh_bruk, t2.eier, t2.totalt = None, None, 150_000, 150_000
    assert bm2.budsjett.sum is not None
    assert {f.felt for f in found(bm2, "MANGLER_SVAR")} == set()


def test_use_of_money_is_not_required_for_a_negative_amount_a_wrong_total_implies() -> None:
    bm = valid_2024()
    t = bm.tiltak[0]
    t.eier, t.uh, t.totalt, t.uh_bruk = 80_000, None, 70_000, None
    assert ("MANGLER_SVAR", "tiltak[0].uh_bruk", "feil") not in keys(check(bm))


def test_use_of_money_is_required_when_the_total_implies_an_amount() -> None:
    bm = valid_2024()
    t = bm.tiltak[0]
    t.eier, t.eiers_bruk = None, "--"
    assert ("MANGLER_SVAR", "tiltak[0].eiers_bruk", "feil") in keys(check(bm))


def test_no_tiltak_at_all_is_reported_once() -> None:
    bm = valid_2024()
    bm.tiltak = []
    assert ("MANGLER_SVAR", "tiltak", "feil") in keys(check(bm))
    assert found(valid_2024(), "MANGLER_SVAR") == []


def test_missing_section_4_reports_each_letter() -> None:
    bm = valid_2026()
    bm.maaloppnaaelse = None
    assert {f.felt for f in found(bm, "MANGLER_SVAR")} == {f"maaloppnaaelse.{x}" for x in "abcde"}
    bm.maaloppnaaelse = Maaloppnaaelse(a="x a", b="x b", c="x c", d="x d", e="x e")
    assert found(bm, "MANGLER_SVAR") == []


def test_participants_are_required_only_when_discussed() -> None:
    bm = valid_2024()
    bm.medbestemmelse.deltakere = []
    assert keys(check(bm)) == {("MANGLER_SVAR", "medbestemmelse.deltakere", "feil")}
    bm.medbestemmelse.droftet = False
    assert found(bm, "MANGLER_SVAR") == []


def test_units_table_is_answered_when_any_number_is_given() -> None:
    bm = valid_2024()
    bm.enheter = Enheter(None, None, 5, None, 1)
    assert check(bm) == []
    bm.enheter = Enheter()
    assert keys(check(bm)) == {("MANGLER_SVAR", "enheter", "feil")}


def test_units_given_as_text_are_a_merknad() -> None:
    bm = valid_2024()
    bm.enheter = Enheter(21, 29, 24, 1, "X")
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("ENHET_IKKE_TALL", "enheter.ppt", "merknad")
    assert "«X»" in f.melding
    bm.enheter = Enheter(21, 29, 24, 1, 1)
    assert check(bm) == []


def test_empty_list_of_ticked_boxes_is_an_unanswered_question() -> None:
    bm = valid_2024()
    bm.tiltak[0].varighet = []
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("MANGLER_SVAR", "tiltak[0].varighet", "feil")
    assert "ingen av boksene er krysset av" in f.melding
    bm2 = valid_2026()
    bm2.faser = []
    assert keys(check(bm2)) == {("MANGLER_SVAR", "faser", "feil")}


def test_single_coordinator_box_not_shown_is_an_advarsel_not_a_feil() -> None:
    # lokal-2024 asks "koordinator? Ja ☐" with one box: unticked is Nei, so null can only
    # mean the box is not shown.
    bm = valid_2024()
    bm.tiltak[1].koordinator = None
    assert keys(check(bm)) == {("BOKS_ULESELIG", "tiltak[1].koordinator", "advarsel")}
    bm.kilde = Kilde(format="web")
    assert keys(check(bm)) == {("MANGLER_SVAR", "tiltak[1].koordinator", "feil")}


def test_box_list_not_shown_in_the_document_is_an_advarsel_not_a_feil() -> None:
    bm = valid_2024()
    bm.tiltak[1].varighet = None
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("BOKS_ULESELIG", "tiltak[1].varighet", "advarsel")
    assert f.melding.startswith("Tiltak 2: «Tiltakets varighet»")


def lost_boxes_2024() -> Behovsmelding:
    """As a document converted without its ☒/☐: every box question null."""
    bm = valid_2024()
    bm.ordninger = None
    bm.flere_eiere = bm.flere_uh = bm.flere_ordninger = None
    for t in bm.tiltak:
        t.koordinator = None
        t.koordinator_begrunnelse = None
        t.varighet = None
    bm.medbestemmelse.droftet = None
    return bm


def test_lost_box_states_are_one_advarsel_per_question() -> None:
    assert keys(check(lost_boxes_2024())) == {
        ("BOKS_ULESELIG", felt, "advarsel")
        for felt in (
            "ordninger",
            "flere_eiere",
            "flere_uh",
            "flere_ordninger",
            "tiltak[0].koordinator",
            "tiltak[0].varighet",
            "tiltak[1].koordinator",
            "tiltak[1].varighet",
            "medbestemmelse.droftet",
        )
    }


def test_lost_box_states_in_2026_are_advarsel_too() -> None:
    bm = valid_2026()
    bm.gjelder = None
    bm.flere_eiere = bm.flere_uh = bm.videreforer_fjoraaret = bm.budsjett_i_vedlegg = None
    bm.videreutdanning = bm.samiske_perspektiver = None
    bm.medbestemmelse.droftet = None
    bm.faser = bm.varighet = None
    got = check(bm)
    assert {f.kode for f in got} == {"BOKS_ULESELIG"}
    assert len(got) == 10


def test_one_unticked_yes_no_question_in_a_readable_document_is_a_feil() -> None:
    bm = valid_2026()
    bm.medbestemmelse.droftet = None
    bm.medbestemmelse.deltakere = []
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("MANGLER_SVAR", "medbestemmelse.droftet", "feil")
    # The record cannot tell "none ticked" from "both ticked": the message says both.
    assert "ingen av boksene er krysset av, eller flere enn én" in f.melding


def test_a_web_record_never_has_unreadable_boxes() -> None:
    bm = lost_boxes_2024()
    bm.kilde = Kilde(format="web")
    got = check(bm)
    assert {f.kode for f in got} == {"MANGLER_SVAR"}
    assert len(got) == 9


def test_lost_boxes_do_not_hide_other_missing_answers() -> None:
    bm = lost_boxes_2024()
    bm.antall_tiltak = None
    bm.medbestemmelse.deltakere = [Deltaker("Utdanningsforbundet", "Per Olsen")]
    assert ("MANGLER_SVAR", "antall_tiltak", "feil") in keys(check(bm))
