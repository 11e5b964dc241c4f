"""Organisation and account numbers (MOD11), e-mail addresses, phone numbers."""

from __future__ import annotations

import pytest

from behovsmelding.checks import check

from .factories import found, keys, valid_2024


@pytest.mark.parametrize("orgnr", ["972 418 013", "972418013", "972.418.013", "NO 972 418 013 MVA"])
def test_valid_organisation_number_as_written_is_accepted(orgnr: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.orgnr = orgnr
    assert check(bm) == []


@pytest.mark.parametrize(
    ("orgnr", "why"),
    [("972 418 014", "kontrollsifferet"), ("97241801", "har 8 siffer"), ("972 418 O13", "annet")],
)
def test_invalid_organisation_number_is_a_feil(orgnr: str, why: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.uh.orgnr = orgnr
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == (
        "ORGNR_UGYLDIG",
        "kontaktpersoner.uh.orgnr",
        "feil",
    )
    assert why in f.melding and f"«{orgnr}»" in f.melding


@pytest.mark.parametrize("kontonr", ["4500.55.00080", "4500 55 00080", "45005500080"])
def test_valid_account_number_as_written_is_accepted(kontonr: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.kontonr = kontonr
    assert check(bm) == []


@pytest.mark.parametrize("kontonr", ["4500.55.00081", "4500.55.0008", "4500.55.000800"])
def test_invalid_account_number_is_a_feil(kontonr: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.kontonr = kontonr
    assert keys(check(bm)) == {("KONTONR_UGYLDIG", "kontaktpersoner.eier.kontonr", "feil")}


@pytest.mark.parametrize(
    "epost", ["Heidi.einarson@bodo.kommune.no", "a.b-c@inn.no", "solfrid.h.naustvik@uis.no"]
)
def test_well_formed_email_is_accepted(epost: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.uh.epost = epost
    assert check(bm) == []


@pytest.mark.parametrize(
    "epost",
    [
        "ola.hansen@nord",
        "ola.hansen.nord.no",
        "ola hansen@nord.no",
        "ola..hansen@nord.no",
        "ola@@nord.no",
        "ola@nord.no, kari@nord.no",
    ],
)
def test_malformed_email_is_reported(epost: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.uh.epost = epost
    (f,) = found(bm, "EPOST_UGYLDIG")
    assert (f.felt, f.alvorlighet) == ("kontaktpersoner.uh.epost", "feil")


@pytest.mark.parametrize(
    "telefon",
    [
        "90250653",
        "41 64 83 01",
        "+47 416 48 301",
        "0047 41648301",
        "416-48-301",
        "902 50 653 (mobil)",
    ],
)
def test_eight_digit_norwegian_phone_is_accepted(telefon: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.telefon = telefon
    assert check(bm) == []


@pytest.mark.parametrize(
    "telefon", ["9025065", "902506531", "41 64 83 01 / 90250653", "tlf", "9025O653", "+47 9025065"]
)
def test_phone_without_eight_digits_is_reported(telefon: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.telefon = telefon
    (f,) = found(bm, "TELEFON_UGYLDIG")
    assert (f.felt, f.alvorlighet) == ("kontaktpersoner.eier.telefon", "feil")


def test_foreign_phone_number_is_not_judged() -> None:
    bm = valid_2024()
    bm.kontaktpersoner.uh.telefon = "+46 8 123 456 78"
    assert check(bm) == []


def test_empty_identifiers_are_only_reported_as_missing() -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.orgnr = "--"
    assert keys(check(bm)) == {("MANGLER_SVAR", "kontaktpersoner.eier.orgnr", "feil")}
