"""The many spellings of one UH partner meet in one institution; the spellings of one owner
(and its organisasjonsnummer) in one partnership."""

from __future__ import annotations

import unicodedata

import pytest
from web_factories import behovsmelding, record_dict

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import services
from behovsmelding.web.institusjoner import canonical, eier_nokkel, orgnr_nokkel
from behovsmelding.web.models import Partnerskap

# The spellings meet through the register's aliases (the first migration's data); the name is
# the register's: "Høgskolen i Innlandet" as the demo register's sample (Enhetsregisteret's
# layout) names the institution the aliases "sepu" and "hinn" stand for.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "spelling",
    ["HINN/ SePU", "Høgskolen i Innlandet/ SePU", "Høgskolen på Innlandet, SePU", "SEPU"],
)
def test_spellings_of_sepu(spelling: str) -> None:
    assert canonical(spelling) == "Høgskolen i Innlandet"


@pytest.mark.parametrize(
    "spelling",
    [
        "Læringsmiljøsenteret",
        "Læringsmiljøsenteret, Universitetet i Stavanger",
        "Universitetet i Stavanger, Læringsmiljøsentret",
        "LMS",
    ],
)
def test_spellings_of_the_learning_environment_centre(spelling: str) -> None:
    assert canonical(spelling) == "Læringsmiljøsenteret, Universitetet i Stavanger"


def test_short_words_match_only_as_whole_words() -> None:
    assert canonical("Helms skole") == "Helms skole"
    assert canonical("Fruit AS") == "Fruit AS"


def test_unknown_name_keeps_its_spelling_with_spacing_folded() -> None:
    assert canonical("  Høgskulen   på Vestlandet ") == "Høgskulen på Vestlandet"


def test_records_with_different_spellings_share_the_institution() -> None:
    a = behovsmelding(uh="HINN/ SePU")
    b = behovsmelding(uh="Høgskolen i Innlandet/ SePU", eier="Rana kommune")
    assert a.institusjon == b.institusjon
    assert (a.uh, b.uh) == ("HINN/ SePU", "Høgskolen i Innlandet/ SePU")  # as written


# ------------------------------------------------------------------------------ owners

BODO_ORGNR = "972 418 013"  # the sample record's, valid MOD11


@pytest.mark.parametrize(
    "spelling",
    ["Bodø kommune", "BODØ KOMMUNE", "Bodø Kommune ", " Bodø\u00a0 kommune.", "bodø  kommune,"],
)
def test_spellings_of_one_owner_share_a_key(spelling: str) -> None:
    assert eier_nokkel(spelling) == "bodø kommune"


def test_a_decomposed_letter_from_a_pdf_meets_the_typed_one() -> None:
    decomposed = unicodedata.normalize("NFD", "Vågan kommune")
    assert decomposed != "Vågan kommune"
    assert eier_nokkel(decomposed) == eier_nokkel("VÅGAN KOMMUNE")


def test_different_owners_keep_different_keys() -> None:
    assert eier_nokkel("Bodø kommune") != eier_nokkel("Bodø fylkeskommune")
    assert eier_nokkel("") == ""


@pytest.mark.parametrize(
    ("written", "key"),
    [("972 418 013", "972418013"), ("972.418.013", "972418013"), ("972418013", "972418013")],
)
def test_orgnr_key_is_the_nine_digits(written: str, key: str) -> None:
    assert orgnr_nokkel(written) == key


@pytest.mark.parametrize("written", [None, "", "972 418 014", "12345", "Klikk eller trykk her"])
def test_an_invalid_orgnr_gives_no_key(written: str | None) -> None:
    assert orgnr_nokkel(written) is None


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["BODØ KOMMUNE", "Bodø Kommune ", "  Bodø   kommune"])
def test_uploaded_records_with_spellings_of_one_owner_share_the_partnership(
    spelling: str,
) -> None:
    a = behovsmelding(eier="Bodø kommune")
    b = behovsmelding(eier=spelling)
    assert a.partnerskap == b.partnerskap
    assert Partnerskap.objects.count() == 1


@pytest.mark.django_db
def test_a_renamed_owner_with_the_registers_orgnr_is_stored_in_the_same_partnership() -> None:
    bodo = behovsmelding(eier="Bodø kommune")
    assert bodo.partnerskap.virksomhet is not None
    kontakter = record_dict("sample_a_2024_bodo")["kontaktpersoner"]
    kontakter["eier"]["orgnr"] = bodo.partnerskap.virksomhet.orgnr  # the register's number
    data = record_dict(eier="Bodø kommune, oppvekst og kultur", kontaktpersoner=kontakter)
    renamed = services.create_behovsmelding(Record.from_dict(data), by=None, region=bodo.region)
    assert renamed.partnerskap == bodo.partnerskap
    assert not renamed.til_avklaring
    assert Partnerskap.objects.count() == 1


@pytest.mark.django_db
def test_a_renamed_owner_whose_number_the_register_does_not_know_is_held() -> None:
    bodo = behovsmelding(eier="Bodø kommune")
    data = record_dict(eier="Bodø kommune, oppvekst og kultur")  # the document's own number
    renamed = services.create_behovsmelding(Record.from_dict(data), by=None, region=bodo.region)
    assert renamed.til_avklaring
    assert renamed.partnerskap != bodo.partnerskap


@pytest.mark.django_db
def test_a_known_owners_name_wins_over_another_owners_orgnr() -> None:
    # the partnership decides who may see a record: a copied number must not move it
    bodo = behovsmelding(eier="Bodø kommune")
    vefsn = behovsmelding(eier="Vefsn kommune")
    kontakter = record_dict("sample_a_2024_bodo")["kontaktpersoner"]  # Bodø's number
    copied = behovsmelding(eier="Vefsn kommune", kontaktpersoner=kontakter)
    assert vefsn.partnerskap != bodo.partnerskap
    assert copied.partnerskap == vefsn.partnerskap


@pytest.mark.django_db
def test_a_new_owner_gets_a_new_partnership() -> None:
    bodo = behovsmelding(eier="Bodø kommune")
    kontakter = record_dict("sample_a_2024_bodo")["kontaktpersoner"]
    kontakter["eier"]["orgnr"] = "974 760 673"  # another valid number
    rana = behovsmelding(eier="Rana kommune", kontaktpersoner=kontakter)
    assert rana.partnerskap != bodo.partnerskap
    assert rana.partnerskap.navn == "Rana kommune"
