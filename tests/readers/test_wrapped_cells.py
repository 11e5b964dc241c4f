"""Values that a narrow cell wrapped and plain ``pdftotext`` wrote over lines are put back
together as written, and only where the text shows they belong together."""

from __future__ import annotations

from behovsmelding.readers.cells import block_column
from behovsmelding.readers.contacts import glue_fragments
from behovsmelding.readers.source import text_lines
from behovsmelding.readers.tail import parse_enheter


def test_an_address_cut_inside_its_domain_is_one_address() -> None:
    assert glue_fragments(["kari.nordmann@eksempel.kommu", "ne.no"]) == [
        "kari.nordmann@eksempel.kommune.no"
    ]
    # a complete address followed by another value stays two values
    assert glue_fragments(["kari@eksempel.no", "per.hansen.eksempel.no"]) == [
        "kari@eksempel.no",
        "per.hansen.eksempel.no",
    ]


def test_a_reference_code_cut_inside_a_word_is_one_code() -> None:
    assert glue_fragments(["12345.6789.101.AB", "CDEF"]) == ["12345.6789.101.ABCDEF"]
    # an account number and an organisation number are two values
    assert glue_fragments(["1234.56.78903", "987654321"]) == ["1234.56.78903", "987654321"]


def _counts(text: str) -> tuple[object, ...]:
    e = parse_enheter(text_lines(text))
    return (
        e.kommunale_barnehager,
        e.private_barnehager,
        e.offentlige_skoler,
        e.private_skoler,
        e.ppt,
    )


def test_units_heads_cut_inside_words_are_heads() -> None:
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\n"
        "Kommuna\nle\nbarnehag\ner\nPrivate\nbarnehag\ner\nOffentlige\nskoler\nPrivate\n"
        "skoler\nPP-\ntjenester\n4 0 7 2 1\n"
    )
    assert _counts(text) == (4, 0, 7, 2, 1)


def test_a_column_wrapped_where_another_column_wrapped_keeps_its_rows() -> None:
    # the third row's name wrapped ("… Universitetet i" / "Tromsø"), and so, with no word
    # to tell, did its contact ("… og Kari" / "Nordmann")
    texts = [
        "1",
        "2",
        "3",
        "Navn på eier/UH",
        "Eksempel kommune",
        "Eksempel skole",
        "Senteret, Universitetet i",
        "Tromsø",
        "Kontaktperson",
        "Ola Hansen",
        "Per Olsen",
        "Anne Berg og Kari",
        "Nordmann",
    ]
    rows = block_column(texts, ("Navn på eier/UH", "Kontaktperson"))
    assert rows == [
        ("Eksempel kommune", "Ola Hansen", None),
        ("Eksempel skole", "Per Olsen", None),
        ("Senteret, Universitetet i Tromsø", "Anne Berg og Kari Nordmann", None),
    ]


def test_units_laid_out_under_heads_cut_over_lines_keep_their_columns() -> None:
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\n\n"
        "Kommunal    Private     Offentlige   Private       PP-\n"
        "e           barnehage   skoler       skoler        tjenester\n"
        "barnehage   r\n"
        "r\n"
        "3           0           12           2             1\n"
    )
    assert _counts(text) == (3, 0, 12, 2, 1)
