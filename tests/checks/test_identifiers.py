"""Organisation and account numbers (MOD11), e-mail addresses, phone numbers."""

from __future__ import annotations

import pytest

from behovsmelding.checks import check

from .factories import found, keys, valid_2024


@pytest.mark.parametrize("orgnr", ["987 654 325", "987654325", "987.654.325", "NO 987 654 325 MVA"])
def test_valid_organisation_number_as_written_is_accepted(orgnr: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.orgnr = orgnr
    assert check(bm) == []


@pytest.mark.parametrize(
    ("orgnr", "why"),
    [("987 654 326", "kontrollsifferet"), ("98765432", "har 8 siffer"), ("987 654 3Z5", "annet")],
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


@pytest.mark.parametrize("kontonr", ["1234.56.78903", "1234 56 78903", "12345678903"])
def test_valid_account_number_as_written_is_accepted(kontonr: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.kontonr = kontonr
    assert check(bm) == []


@pytest.mark.parametrize("kontonr", ["1234.56.78904", "1234.56.7890", "1234.56.789030"])
def test_invalid_account_number_is_a_feil(kontonr: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.kontonr = kontonr
    assert keys(check(bm)) == {("KONTONR_UGYLDIG", "kontaktpersoner.eier.kontonr", "feil")}


@pytest.mark.parametrize(
    "epost", ["Kari.Nordmann@eksempel.kommune.no", "a.b-c@nord.no", "ola.h.hansen@uit.no"]
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
        # cut short: ".no" left out, so the top-level domain is not one
        "kari.nordmann@eksempel.kommune",
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
        "91234567",
        "41 23 45 67",
        "+47 412 34 567",
        "0047 41234567",
        "412-34-567",
        "912 34 567 (mobil)",
    ],
)
def test_eight_digit_norwegian_phone_is_accepted(telefon: str) -> None:
    bm = valid_2024()
    bm.kontaktpersoner.eier.telefon = telefon
    assert check(bm) == []


@pytest.mark.parametrize(
    "telefon", ["9123456", "912345678", "41 23 45 67 / 91234567", "tlf", "9123O567", "+47 9123456"]
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
