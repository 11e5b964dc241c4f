"""The many spellings of one UH partner meet in one institution."""

from __future__ import annotations

import pytest
from web_factories import behovsmelding

from behovsmelding.web.institusjoner import canonical


@pytest.mark.parametrize(
    "spelling",
    ["HINN/ SePU", "Høgskolen i Innlandet/ SePU", "Høgskolen på Innlandet, SePU", "SEPU"],
)
def test_spellings_of_sepu(spelling: str) -> None:
    assert canonical(spelling) == "Høgskolen i Innlandet / SePU"


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


@pytest.mark.django_db
def test_records_with_different_spellings_share_the_institution() -> None:
    a = behovsmelding(uh="HINN/ SePU")
    b = behovsmelding(uh="Høgskolen i Innlandet/ SePU", eier="Rana kommune")
    assert a.institusjon == b.institusjon
    assert (a.uh, b.uh) == ("HINN/ SePU", "Høgskolen i Innlandet/ SePU")  # as written
