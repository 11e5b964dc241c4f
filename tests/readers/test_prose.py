"""Free-text answers: the author's words, without layout residue."""

from __future__ import annotations

from behovsmelding.readers.prose import is_noise, prose, strip_markup
from behovsmelding.readers.source import Line


def test_footers_and_url_lines_are_dropped() -> None:
    text = prose(
        [
            "Første linje av svaret",
            "Side: 4/10",
            "https://prosjekt.example.no/nb/plan/",
            "fortsetter her.",
        ]
    )
    assert text == "Første linje av svaret fortsetter her."
    assert is_noise("Side: 12/22 ") and not is_noise("Side om side.")


def test_placeholder_wrapped_over_lines_leaves_nothing() -> None:
    assert prose(["Klikk eller trykk her for å skrive inn ", "tekst."]) is None
    assert prose(["Klikk eller ", "trykk her for ", "å skrive inn ", "tekst."]) is None
    assert prose(["Svar.", "Klikk eller trykk her for å skrive inn tekst."]) == "Svar."


def test_bullets_become_items() -> None:
    long = "• skrive mer og bedre tekster i alle fag hver eneste"
    text = prose(["Vi skal:", "• lese mer", long, "dag", "o leke"])
    assert text == (
        "Vi skal:\n- lese mer\n- skrive mer og bedre tekster i alle fag hver eneste dag\n- leke"
    )


def test_markup_residue_is_removed() -> None:
    assert strip_markup("**Fet** og *kursiv* <i>her</i> [plan](#)") == "Fet og kursiv her plan"
    assert strip_markup("«[e]levene» 3 * 4") == "«[e]levene» 3 * 4"


def test_lines_and_strings_alike() -> None:
    assert prose([Line("Et svar."), "Et til."]) == prose(["Et svar.", "Et til."])


def test_wrapped_tail_of_an_address_is_dropped() -> None:
    lines = [
        "Svaret står her.",
        "https://prosjekt.example.no/nb/kompetanseutvikling-",
        "",
        "nordland/samarbeidsforum/plan-2023-2026/",
        "Og her.",
    ]
    assert prose(lines) == "Svaret står her.\nOg her."
    assert prose(["Mappen heter a/b.", "neste/linje"]) == "Mappen heter a/b.\nneste/linje"


def test_a_short_answer_with_a_slash_after_an_address_is_kept() -> None:
    assert prose(["https://example.no/plan/", "2023/2024"]) == "2023/2024"


LONG_A = (
    "Det første avsnittet er langt nok til å fylle nesten hele linjen i et dokument, og det "
    "slutter med et punktum."
)
LONG_B = "Det andre avsnittet begynner med stor bokstav og er også langt, men ikke helt."


def test_a_long_paragraph_that_ends_a_sentence_is_joined_when_nothing_marks_its_end() -> None:
    # text: a line near the wrap width may be a wrapped line, so it goes on
    assert prose([LONG_A, LONG_B]) == f"{LONG_A} {LONG_B}"


def test_a_paragraph_end_the_document_marks_is_kept_whatever_the_lines_length() -> None:
    lines = [Line(LONG_A, None, True), Line(LONG_B, None, True)]
    assert prose(lines) == f"{LONG_A}\n{LONG_B}"
    # a heading-like line without a full stop ends its paragraph too when marked
    assert prose([Line("Roller og ansvar", None, True), Line(LONG_B)]) == (
        f"Roller og ansvar\n{LONG_B}"
    )
    # a line the document does not mark (a line break inside a paragraph) still joins
    assert prose([Line("Første del av", None, False), Line("avsnittet.", None, True)]) == (
        "Første del av avsnittet."
    )


def test_paragraph_marks_survive_dropped_footers_and_placeholders() -> None:
    lines = [
        Line(LONG_A, None, True),
        Line("Side: 4/10", None, True),
        Line("Klikk eller trykk her for å skrive inn tekst.", None, True),
        Line(LONG_B, None, True),
    ]
    assert prose(lines) == f"{LONG_A}\n{LONG_B}"
    wrapped = [
        Line(LONG_A, None, True),
        Line("Klikk eller trykk her for å skrive inn"),
        Line("tekst.", None, True),
        Line(LONG_B, None, True),
    ]
    # the placeholder goes as a whole; the marks are then unknown and the text's rules apply
    assert prose(wrapped) == f"{LONG_A} {LONG_B}"
