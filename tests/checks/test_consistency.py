"""Consistency rules: partners, coordinator, duration, number of tiltak, swapped columns."""

from __future__ import annotations

import pytest

from behovsmelding.checks import check, default_config
from behovsmelding.checks.consistency import looks_like_organisation, looks_like_person
from behovsmelding.record import Deltaker, Partner

from .factories import found, keys, valid_2024, valid_2026


def test_several_owners_without_a_partner_list_is_reported_at_the_list() -> None:
    bm = valid_2024()
    bm.flere_eiere = True
    assert keys(check(bm)) == {("FLERE_EIERE_UTEN_LISTE", "partnere", "advarsel")}
    bm.partnere = [Partner("Fjellbygda barnehage SA", "Liv Dahl", "eier")]
    assert check(bm) == []


def test_a_list_with_only_uh_does_not_count_as_owners() -> None:
    bm = valid_2024()
    bm.flere_eiere = True
    bm.partnere = [Partner("Nord universitet", "Ola Hansen", "uh")]
    assert [f.kode for f in check(bm)] == ["FLERE_EIERE_UTEN_LISTE"]


def test_several_uh_without_uh_in_the_list_is_reported() -> None:
    bm = valid_2026()
    bm.flere_uh = True
    assert keys(check(bm)) == {("FLERE_UH_UTEN_LISTE", "partnere", "advarsel")}
    bm.partnere.append(Partner("Høgskolen i Fjordland", "Eva Lie", "uh"))
    assert check(bm) == []


def test_the_header_partner_alone_in_the_list_is_not_several() -> None:
    bm = valid_2024()
    bm.uh = "Høgskolen i Fjordland/ Lesesenteret"
    bm.flere_uh = True
    bm.partnere = [Partner("Høgskolen på Fjordland, Lesesenteret", "Ola Hansen", "uh")]
    assert keys(check(bm)) == {("FLERE_UH_UTEN_LISTE", "partnere", "advarsel")}
    bm.partnere.append(Partner("Nord universitet", "Eva Lie", "uh"))
    assert check(bm) == []
    bm.flere_eiere = True
    bm.partnere.append(Partner("Eksempel kommune", "Kari Nordmann", "eier"))
    assert [f.kode for f in check(bm)] == ["FLERE_EIERE_UTEN_LISTE"]


def test_incomplete_partner_row_is_a_merknad_at_the_empty_cell() -> None:
    bm = valid_2026()
    bm.partnere[1].kontaktperson = None
    assert keys(check(bm)) == {("PARTNER_UFULLSTENDIG", "partnere[1].kontaktperson", "merknad")}


def test_coordinator_yes_without_justification_is_an_advarsel() -> None:
    bm = valid_2024()
    bm.tiltak[0].koordinator_begrunnelse = "Klikk eller trykk her for å skrive inn tekst."
    assert keys(check(bm)) == {
        ("KOORDINATOR_UTEN_BEGRUNNELSE", "tiltak[0].koordinator_begrunnelse", "advarsel")
    }


def test_coordinator_unticked_with_justification_is_an_advarsel_at_the_box() -> None:
    bm = valid_2024()
    bm.tiltak[1].koordinator_begrunnelse = "Konkret planlegging av tiltaket"
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == (
        "KOORDINATOR_IKKE_KRYSSET",
        "tiltak[1].koordinator",
        "advarsel",
    )
    assert "Tiltak 2" in f.melding and "Konkret planlegging" in f.melding


def test_coordinator_sum_2026_needs_a_justification_in_the_text() -> None:
    bm = valid_2026()
    bm.koordinator_sum = 20_000
    bm.egeninnsats = "Eier bidrar med tid til forarbeid."
    assert keys(check(bm)) == {("KOORDINATOR_SUM_UTEN_BEGRUNNELSE", "koordinator_sum", "advarsel")}
    bm.okonomi = "Koordinatoren samordner samlingene, 20 000 kr."
    assert check(bm) == []
    bm.okonomi = "20 000 kr går til koordinering av nettverket."
    assert check(bm) == []


def test_the_owners_own_coordination_does_not_justify_a_coordinator_sum() -> None:
    bm = valid_2026()
    bm.koordinator_sum = 20_000
    bm.egeninnsats = "Skoleadministrasjonen bruker tid på koordinering og tilrettelegging."
    assert keys(check(bm)) == {("KOORDINATOR_SUM_UTEN_BEGRUNNELSE", "koordinator_sum", "advarsel")}


def test_coordinator_sum_over_the_soft_limit_is_a_merknad() -> None:
    bm = valid_2026()  # total 500 000; default limit 10 %
    bm.okonomi = "Eier: lokaler og vikarer, og en koordinator i 10 % stilling."
    bm.koordinator_sum = 50_000
    assert check(bm) == []
    bm.koordinator_sum = 60_000
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("KOORDINATOR_GRENSE", "koordinator_sum", "merknad")
    assert "60 000" in f.melding and "12 %" in f.melding and "10 %" in f.melding


def test_duration_outside_the_application_years_is_an_advarsel() -> None:
    bm = valid_2024()
    bm.tiltak[1].varighet = ["H2023", "V2024"]
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("VARIGHET_UTENFOR", "tiltak[1].varighet", "advarsel")
    assert "Høst 2023" in f.melding and "2024–2026" in f.melding
    bm.tiltak[1].varighet = ["H2026", "videre"]
    assert check(bm) == []
    bm.tiltak[1].varighet = ["V2027"]
    assert [f.felt for f in check(bm)] == ["tiltak[1].varighet"]


def test_duration_2026_outside_the_years_is_reported_at_varighet() -> None:
    bm = valid_2026()
    bm.varighet = ["V2025", "H2026"]
    assert keys(check(bm)) == {("VARIGHET_UTENFOR", "varighet", "advarsel")}


def test_stated_number_of_tiltak_must_match_the_sections() -> None:
    bm = valid_2024()
    bm.antall_tiltak = 3
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("ANTALL_TILTAK", "antall_tiltak", "advarsel")
    assert "3" in f.melding and "2 tiltak" in f.melding


def test_swapped_role_and_name_is_an_advarsel_at_the_role() -> None:
    bm = valid_2024()
    bm.medbestemmelse.deltakere = [
        Deltaker("Utdanningsforbundet", "Per Olsen"),
        Deltaker("Trond Aasen", "Utdanningsforbundet"),
        Deltaker("Mari Lunde", "Delta"),
    ]
    assert keys(check(bm)) == {
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[1].rolle", "advarsel"),
        ("ROLLE_NAVN_BYTTET", "medbestemmelse.deltakere[2].rolle", "advarsel"),
    }


@pytest.mark.parametrize(
    ("rolle", "navn"),
    [
        ("Hovedtillitsvalgt Utdanningsforbundet", "Nina Holm Berg og Siv Strand"),
        ("Delta", "Mari Lunde"),
        ("FO", "Eva Sletten"),
        ("Skolenes Landsforbund", "Hilde Moe"),
        ("Rektor", "Kari Nordmann"),
        ("Per Olsen", "Kari Nordmann"),
    ],
)
def test_role_and_name_in_their_right_columns_are_not_reported(rolle: str, navn: str) -> None:
    bm = valid_2024()
    bm.medbestemmelse.deltakere = [Deltaker(rolle, navn)]
    assert check(bm) == []


@pytest.mark.parametrize(
    ("rolle", "navn"),
    [
        ("Trond Aasen", "Fagforbundet"),
        ("Eva Sletten", "FO"),
        ("Randi K. Lie", "Hovedtillitsvalgt"),
        ("Anne Marie Berg", "Skolenes landsforbund"),
        ("Ole Hansen", "Verneombud"),
        ("Lise Dahl", "Norsk Lektorlag"),
        ("Kari Nordmann", "HTV"),
    ],
)
def test_swapped_columns_are_recognised_for_general_vocabulary(rolle: str, navn: str) -> None:
    bm = valid_2024()
    bm.medbestemmelse.deltakere = [Deltaker(rolle, navn)]
    assert [f.kode for f in check(bm)] == ["ROLLE_NAVN_BYTTET"]


def test_person_and_organisation_heuristics() -> None:
    cfg = default_config()
    assert looks_like_person("Randi K. Lie og Anne Marie B. Vik", cfg)
    assert not looks_like_person("Utdanningsforbundet", cfg)
    assert not looks_like_person("Fjellvik kommune", cfg)
    assert not looks_like_person("Kari", cfg)
    assert looks_like_organisation("Solsikken barnehage AS", cfg)
    assert looks_like_organisation("LO Stat", cfg)
    assert not looks_like_organisation("Lo Andersen", cfg)  # acronyms match in capitals only


def test_participant_with_only_a_role_is_a_merknad() -> None:
    bm = valid_2024()
    bm.medbestemmelse.deltakere.append(Deltaker("Verneombud", None))
    assert keys(check(bm)) == {
        ("DELTAKER_UFULLSTENDIG", "medbestemmelse.deltakere[2].navn", "merknad")
    }


def test_partner_name_and_contact_swapped_is_an_advarsel() -> None:
    bm = valid_2026()
    bm.partnere[1] = Partner("Liv Dahl", "Fjellbygda barnehage SA", "eier")
    assert keys(check(bm)) == {("PARTNER_BYTTET", "partnere[1].navn", "advarsel")}


def test_not_discussed_with_the_unions_is_an_advarsel() -> None:
    bm = valid_2024()
    bm.medbestemmelse.droftet = False
    bm.medbestemmelse.deltakere = []
    assert keys(check(bm)) == {("MEDBESTEMMELSE_NEI", "medbestemmelse.droftet", "advarsel")}


def test_year_that_does_not_fit_the_form_generation_is_a_merknad() -> None:
    bm = valid_2026()
    bm.aar = 2025
    bm.varighet = ["H2025"]
    assert keys(check(bm)) == {("SKJEMA_AAR", "aar", "merknad")}
    bm2 = valid_2024()
    bm2.aar = 2026
    for t in bm2.tiltak:
        t.varighet = ["H2026"]
    assert keys(check(bm2)) == {("SKJEMA_AAR", "aar", "merknad")}
    assert found(valid_2024(), "SKJEMA_AAR") == []


def test_several_ordninger_ticked_while_answering_no_to_several_is_an_advarsel() -> None:
    bm = valid_2024()
    bm.ordninger = ["desentralisert", "regional"]
    assert keys(check(bm)) == {("ORDNINGER_MOTSTRID", "flere_ordninger", "advarsel")}
    bm.flere_ordninger = True
    assert check(bm) == []


def test_two_tiltak_with_the_same_number_is_a_merknad_at_the_second() -> None:
    bm = valid_2024()
    bm.tiltak[1].nr = 1
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("TILTAK_NR_DUPLIKAT", "tiltak[1].nr", "merknad")
    bm.tiltak[0].nr, bm.tiltak[1].nr = 6, 7  # numbering may start anywhere
    assert check(bm) == []
