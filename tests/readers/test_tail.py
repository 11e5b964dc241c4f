"""The form's tail (partner list, medbestemmelse, units) read from text extractions.

Synthetic inputs use invented owners and people; the seed checks at the end use values read
by hand from the seed documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from behovsmelding.readers.cells import split_person_after, split_role_name
from behovsmelding.readers.source import decode, text_lines
from behovsmelding.readers.tail import TailResult, find_tail_start, parse_tail

PARTNER_HEAD = (
    "Liste over andre eiere og kompetansemiljø i partnerskapet \n"
    " Navn på eier/UH Kontaktperson Eier/UH \n\n"
)
PARTNER_HEAD_LAYOUT = (
    "Liste over andre eiere og UH i partnerskapet\n\n"
    "               Navn på           Kontaktperson Eier/UH\n"
    "               eier/UH\n"
)
MEDBEST = (
    "Behovsmeldingen har vært drøftet i medbestemmelse  {boxes} \n\nHvem som har deltatt:  \n\n"
)
ENHETER_HEAD = (
    "Hvor mange enheter er inkludert i behovsmeldingen? \n\nKommunale \n\nbarnehager \n\n"
    "Private \n\nbarnehager \n\nOffentlige skoler Private skoler PP-tjenester \n\n"
)
PH = "Klikk eller trykk her for å skrive inn tekst."


def fold(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def tail(text: str) -> TailResult:
    return parse_tail(text_lines(text))


def partners(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.navn, p.kontaktperson, p.rolle) for p in tail(text).partnere]


def deltakere(text: str) -> list[tuple[str | None, str | None]]:
    return [(d.rolle, d.navn) for d in tail(text).medbestemmelse.deltakere]


def enheter(text: str) -> list[object]:
    return list(tail(text).enheter.to_dict().values())


# --- partner list ------------------------------------------------------------------------------


def test_one_line_rows_are_cut_where_the_organisation_ends() -> None:
    text = PARTNER_HEAD + (
        "1 Nordvik kommune Kari Nordmann Eier \n\n"
        "2 Fjellbu barnehage AS Per Olav Hansen Eier \n\n"
        "3 Solsikken barnehage SA Anne-Lise Berg Eier \n\n"
        "4 Tindeland oppvekstsenter Eva Li Eier \n\n"
        "5 Høgskolen i Fjordby Ingrid K. Dahl UH \n\n"
        "6 Bakketun barnehage A/S Tor Bakke Eier \n"
    )
    assert partners(text) == [
        ("Nordvik kommune", "Kari Nordmann", "eier"),
        ("Fjellbu barnehage AS", "Per Olav Hansen", "eier"),
        ("Solsikken barnehage SA", "Anne-Lise Berg", "eier"),
        ("Tindeland oppvekstsenter", "Eva Li", "eier"),
        ("Høgskolen i Fjordby", "Ingrid K. Dahl", "uh"),
        ("Bakketun barnehage A/S", "Tor Bakke", "eier"),
    ]


def test_a_double_space_is_a_cell_boundary() -> None:
    text = PARTNER_HEAD + "1 Fjordby Montessori  Eva Li Eier \n"
    assert partners(text) == [("Fjordby Montessori", "Eva Li", "eier")]


def test_rows_that_wrap_over_several_lines_are_joined() -> None:
    text = PARTNER_HEAD + (
        "1 Stiftelsen Fjellbu \n\nbarnehage \n\nKari Nordmann Eier \n\n"
        "2 Tindeland oppvekstsenter, \n\nsektor for oppvekst \n\n"
        "Ola Nordmann og Kari \n\nNordmann \n\nEier \n\n"
        "3 Fjordby Friskole AS, del av \n\nkonsernet Fjordby Læring \n\nGroup \n\n"
        "Tor Bakke Eier \n\n"
        "4 Nordvik Studentsamskipnad, \n\nStudentbarnehagen \n\nOla Nordmann Eier \n"
    )
    assert partners(text) == [
        ("Stiftelsen Fjellbu barnehage", "Kari Nordmann", "eier"),
        ("Tindeland oppvekstsenter, sektor for oppvekst", "Ola Nordmann og Kari Nordmann", "eier"),
        ("Fjordby Friskole AS, del av konsernet Fjordby Læring Group", "Tor Bakke", "eier"),
        ("Nordvik Studentsamskipnad, Studentbarnehagen", "Ola Nordmann", "eier"),
    ]


def test_placeholder_rows_are_skipped_and_an_unchosen_role_is_null() -> None:
    text = PARTNER_HEAD + (
        f"1 Nordvik kommune Kari Nordmann Velg et element. \n\n"
        f"2 Klikk eller trykk her for å skrive inn \ntekst. \n\n{PH} \n\nVelg et element. \n\n"
        f"3 {PH} {PH} Velg et element. \n"
    )
    assert partners(text) == [("Nordvik kommune", "Kari Nordmann", None)]


def test_rows_without_numbers_end_at_their_role() -> None:
    text = PARTNER_HEAD + (
        "Nordvik kommune Kari Nordmann Eier\n\nStiftelsen Fjellbu\n\nbarnehage\n\n"
        "Ola Nordmann Eier\n"
    )
    assert partners(text) == [
        ("Nordvik kommune", "Kari Nordmann", "eier"),
        ("Stiftelsen Fjellbu barnehage", "Ola Nordmann", "eier"),
    ]


def test_an_empty_list_is_empty() -> None:
    text = PARTNER_HEAD + "".join(f"{n} {PH} \n\n{PH} \n\nVelg et element. \n\n" for n in (1, 2))
    assert partners(text) == []


def test_tab_separated_rows_keep_their_cells() -> None:
    text = (
        "Liste over andre eiere og UH i partnerskapet\n\n"
        "\t<i>Navn på eier/UH</i>\t<i>Kontaktperson</i>\t<i>Eier/UH</i>\n"
        "1\tFjellbu barnehage AS\tKari Nordmann\tEier\n"
        "2\tHøgskolen i Fjordby\tOla Nordmann\tUH\n"
        f"3\t{PH}\t{PH}\tVelg et element.\n"
    )
    assert partners(text) == [
        ("Fjellbu barnehage AS", "Kari Nordmann", "eier"),
        ("Høgskolen i Fjordby", "Ola Nordmann", "uh"),
    ]


def test_layout_columns_from_pdftotext_layout() -> None:
    text = (
        "Liste over andre eiere og kompetansemiljø i partnerskapet\n\n"
        "     Navn på eier/UH                  Kontaktperson                Eier/UH\n"
        "1    Nordvik kommune                  Kari Nordmann                Eier\n"
        "2    Høgskolen i Fjordby,             Ola Nordmann og              UH\n"
        "     Institutt for pedagogikk         Eva Li\n"
    )
    assert partners(text) == [
        ("Nordvik kommune", "Kari Nordmann", "eier"),
        ("Høgskolen i Fjordby, Institutt for pedagogikk", "Ola Nordmann og Eva Li", "uh"),
    ]


def test_columns_written_one_after_the_other() -> None:
    text = (
        "Liste over andre eiere og kompetansemiljø i partnerskapet\n1\n2\n\n"
        "Navn på eier/UH\nNordvik kommune\nHøgskolen i Fjordby,\nInstitutt for pedagogikk\n\n"
        "Kontaktperson\nKari Nordmann\nOla Nordmann\n\nEier/UH\nEier\nUH\n"
    )
    assert partners(text) == [
        ("Nordvik kommune", "Kari Nordmann", "eier"),
        ("Høgskolen i Fjordby, Institutt for pedagogikk", "Ola Nordmann", "uh"),
    ]


def test_cells_one_per_line_with_scattered_placeholders() -> None:
    # pdftotext without -layout: each visual line of a row gives its cells one per line
    text = (
        "Liste over andre eiere og UH i partnerskapet\nNavn på eier/UH Kontaktperson\nEier/UH\n"
        "1\nNordvik kommune\nKari Nordmann\nEier\n"
        "2\nFjellbu\nOla Nordmann\nEier\nbarnehage AS\n"
        "3\nHøgskolen i\nEva Marie\nUH\nFjordby, Institutt\nDahl\n"
        "4\nKlikk eller trykk\nKlikk eller trykk\nVelg et element.\nher for å skrive\n"
        "her for å skrive\ninn tekst.\ninn tekst.\n"
    )
    assert partners(text) == [
        ("Nordvik kommune", "Kari Nordmann", "eier"),
        ("Fjellbu barnehage AS", "Ola Nordmann", "eier"),
        ("Høgskolen i Fjordby, Institutt", "Eva Marie Dahl", "uh"),
    ]


def test_split_person_after_prefers_a_line_boundary_and_a_long_name() -> None:
    assert split_person_after(["Universitetet i Fjordby", "Kari H. Dahl og Ola", "Li"]) == (
        "Universitetet i Fjordby",
        "Kari H. Dahl og Ola Li",
    )
    assert split_person_after(["Fjellbu barnehage"]) == ("Fjellbu barnehage", None)
    assert split_person_after(["Fjellbu barnehage AS Kari Li, tlf. 912 34 567"]) == (
        "Fjellbu barnehage AS",
        "Kari Li, tlf. 912 34 567",
    )
    assert split_person_after(["Nordvik kommune Kari Li kari.li@nordvik.kommune.no"]) == (
        "Nordvik kommune",
        "Kari Li kari.li@nordvik.kommune.no",
    )
    assert split_person_after(["Vefsn kommune Kari Li, Ola Hansen"]) == (
        "Vefsn kommune",
        "Kari Li, Ola Hansen",
    )


def test_a_huge_row_is_read_in_linear_time() -> None:
    # 20 000 lines in one row: read in linear time this takes a fraction of a second, in
    # quadratic time (rejoining the row per line) it would not finish; bench/ measures speed
    text = PARTNER_HEAD + "1 Nordvik kommune\n" + "Kari Nordmann Li Hansen\n" * 20_000 + "Eier\n"
    assert len(partners(text)) == 1


# --- medbestemmelse ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        ("Ja ☒  Nei ☐", True),
        ("Ja ☐  Nei ☒", False),
        ("Ja x  Nei ☐", True),
        ("Ja ☐  Nei ☐", None),
        ("Ja Nei", None),
        ("Ja [X]  Nei [ ]", True),
    ],
)
def test_droftet_box_states(boxes: str, expected: bool | None) -> None:
    assert tail(MEDBEST.format(boxes=boxes) + "Rolle Navn \n").medbestemmelse.droftet is expected


def test_a_name_wrapped_inside_its_row_stays_in_the_row() -> None:
    # the last person's surname wrapped onto a line of its own: not a row without a role
    text = MEDBEST.format(boxes="Ja ☒  Nei ☐") + (
        "Rolle Navn \n\n"
        "Hovedtillitsvalgt Lektorlaget Per Hansen og Eva\nLi\n\n"
        "Delta Ola Nordmann \n\n"
    )
    rows = tail(text).medbestemmelse.deltakere
    assert [(d.rolle, d.navn) for d in rows] == [
        ("Hovedtillitsvalgt Lektorlaget", "Per Hansen og Eva Li"),
        ("Delta", "Ola Nordmann"),
    ]


def test_rows_whose_boundary_was_lost_are_cut_at_role_and_union_words() -> None:
    text = MEDBEST.format(boxes="Ja ☒  Nei ☐") + (
        "Rolle Navn \n\n"
        "Hovedtillitsvalgt Lektorlaget Per Hansen og Eva Li \n\n"
        "Plasstillitsvalgt Kari Nordmann \n\n"
        "Verneombud  Ola Nordmann \n\n"
        "Parat Tor Bakke \n\n"
        "Norsk Sykepleierforbund Anne Berg \n\n"
        "Skolenes Landsforbund Ida Moe \n\n"
        "Delta Ola Li \n\n"
        f"{PH} {PH} \n\n"
        "Saken er også drøftet i personalmøter ved alle enhetene. \n"
    )
    mb = tail(text).medbestemmelse
    assert [(d.rolle, d.navn) for d in mb.deltakere] == [
        ("Hovedtillitsvalgt Lektorlaget", "Per Hansen og Eva Li"),
        ("Plasstillitsvalgt", "Kari Nordmann"),
        ("Verneombud", "Ola Nordmann"),
        ("Parat", "Tor Bakke"),
        ("Norsk Sykepleierforbund", "Anne Berg"),
        ("Skolenes Landsforbund", "Ida Moe"),
        ("Delta", "Ola Li"),
    ]
    assert mb.merknad == "Saken er også drøftet i personalmøter ved alle enhetene."


def test_swapped_columns_are_kept_as_written() -> None:
    tabbed = MEDBEST.format(boxes="Ja Nei") + "Rolle\tNavn\nKari Nordmann\tUtdanningsforbundet\n"
    assert deltakere(tabbed) == [("Kari Nordmann", "Utdanningsforbundet")]
    plain = MEDBEST.format(boxes="Ja ☒ Nei ☐") + "Rolle Navn\nKari Nordmann Fagforbundet\n"
    assert deltakere(plain) == [("Kari Nordmann", "Fagforbundet")]


def test_columns_one_after_the_other_and_layout_columns() -> None:
    raw = (
        MEDBEST.format(boxes="Ja ☒ Nei ☐") + "Rolle\nTillitsvalgt\nDelta\n\nNavn\nKari Li\nOla Li\n"
    )
    assert deltakere(raw) == [("Tillitsvalgt", "Kari Li"), ("Delta", "Ola Li")]
    layout = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        "Rolle                                    Navn\n"
        "Hovedtillitsvalgt Fagforbundet           Kari Li\n"
    )
    assert deltakere(layout) == [("Hovedtillitsvalgt Fagforbundet", "Kari Li")]


def test_a_row_whose_cells_wrapped_onto_the_next_lines_is_one_row() -> None:
    text = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        "Rolle Navn\nHovedtillitsvalgt for\nUtdanningsforbundet\nKari Nordmann\n"
        "Fagforbundet Ola Li\n"
    )
    assert deltakere(text) == [
        ("Hovedtillitsvalgt for Utdanningsforbundet", "Kari Nordmann"),
        ("Fagforbundet", "Ola Li"),
    ]


def test_wrapped_name_and_role_cells() -> None:
    text = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        "Rolle Navn\n"
        "Hovedtillitsvalgt Fagforbundet Kari Li\nog Ola Hansen\n"
        "Hovedtillitsvalgt\nUtdanningsforbundet Eva Berg\n"
        "Tillitsvalgt Delta Per Moe og\nIda Moe\n"
    )
    assert deltakere(text) == [
        ("Hovedtillitsvalgt Fagforbundet", "Kari Li og Ola Hansen"),
        ("Hovedtillitsvalgt Utdanningsforbundet", "Eva Berg"),
        ("Tillitsvalgt Delta", "Per Moe og Ida Moe"),
    ]


def test_a_sentence_about_medbestemmelse_is_not_the_question() -> None:
    lines = text_lines(
        "Saken er drøftet i medbestemmelse med de tillitsvalgte.\n\n"
        + MEDBEST.format(boxes="Ja ☐ Nei ☒")
    )
    assert find_tail_start(lines) == 2
    assert parse_tail(lines).medbestemmelse.droftet is False


def test_rolle_and_navn_one_cell_per_line() -> None:
    text = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        f"Rolle\nNavn\nFagforbundet\nKari Li\n{PH[:-13]} {PH[:-13]}\ntekst.\ntekst.\n"
    )
    assert deltakere(text) == [("Fagforbundet", "Kari Li")]


def test_layout_rows_with_wrapped_placeholders_and_free_text_after() -> None:
    wrapped = "Klikk eller trykk her for å skrive inn"
    text = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        "Rolle                                  Navn\n"
        "Delta                                  Kari Li\n"
        f"{wrapped} {wrapped}\n"
        "tekst.                                 tekst.\n"
        "Representanten for de ansatte deltok på alle møtene om behovsmeldingen i høst.\n"
    )
    mb = tail(text).medbestemmelse
    assert [(d.rolle, d.navn) for d in mb.deltakere] == [("Delta", "Kari Li")]
    assert mb.merknad == (
        "Representanten for de ansatte deltok på alle møtene om behovsmeldingen i høst."
    )


def test_layout_row_whose_role_and_last_name_both_wrapped() -> None:
    # a wide font: the role wraps, and the name cell wraps inside the last person's name
    text = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        "Rolle                            Navn\n"
        "Verneombud                       Kari Lien og Ola\n"
        "Fellesorganisasjonen             Nordby\n"
        "Delta                            Per Moe\n"
    )
    mb = tail(text).medbestemmelse
    assert [(d.rolle, d.navn) for d in mb.deltakere] == [
        ("Verneombud Fellesorganisasjonen", "Kari Lien og Ola Nordby"),
        ("Delta", "Per Moe"),
    ]
    # a name of two words after "og" is whole: the next line is a row of its own
    text = MEDBEST.format(boxes="Ja ☒ Nei ☐") + (
        "Rolle                            Navn\n"
        "Verneombud                       Kari Lien og Ola Nordby\n"
        "Fellesorganisasjonen             Moe\n"
    )
    mb = tail(text).medbestemmelse
    assert [(d.rolle, d.navn) for d in mb.deltakere] == [
        ("Verneombud", "Kari Lien og Ola Nordby"),
        ("Fellesorganisasjonen", "Moe"),
    ]


def test_layout_partner_placeholder_reaching_under_the_next_head() -> None:
    # heads one space apart ("Kontaktperson Eier/UH"): a wrapped placeholder's "for å" ends
    # under the last head, and is still its own cell's text
    text = PARTNER_HEAD_LAYOUT + (
        "1              Testvik           Kari Lund         Eier\n"
        "               kommune\n"
        "2              Klikk eller       Klikk eller       Velg et\n"
        "               trykk her for å   trykk her for å   element.\n"
        "               skrive inn        skrive inn\n"
        "               tekst.            tekst.\n"
    )
    assert partners(text) == [("Testvik kommune", "Kari Lund", "eier")]


def test_layout_partner_heads_cut_inside_a_word() -> None:
    # a large font: "Kontaktperso" / "n", and cells that touch ("Nordvik AS Lise Berg Eier")
    text = (
        "Liste over andre eiere og UH i partnerskapet\n\n"
        "             Navn på       Kontaktperso Eier/UH\n"
        "             eier/UH       n\n"
        "1            Testvik       Kari            Eier\n"
        "             kommune       Lund\n"
        "2            Nordvik AS Kristine Berg Eier\n"
    )
    assert partners(text) == [
        ("Testvik kommune", "Kari Lund", "eier"),
        ("Nordvik AS", "Kristine Berg", "eier"),
    ]


def test_a_page_footer_between_the_question_and_its_table() -> None:
    text = (
        "Behovsmeldingen har vært drøftet i medbestemmelse  Ja ☒ Nei ☐\n\n\n"
        "Side: 7/8\n"
        "Hvem som har deltatt:\n\n"
        "Rolle                       Navn\n"
        "Verneombud                  Kari Lund\n"
    )
    mb = tail(text).medbestemmelse
    assert mb.droftet is True
    assert [(d.rolle, d.navn) for d in mb.deltakere] == [("Verneombud", "Kari Lund")]
    assert mb.merknad is None


def test_split_role_name_tells_prose_from_a_row() -> None:
    assert split_role_name("Tillitsvalgt Kari Li") == ("Tillitsvalgt", "Kari Li")
    assert split_role_name("Dette ble drøftet i møte med de tillitsvalgte.") is None
    assert split_role_name("Utdanningsforbundet v/ Kari Li") == (
        "Utdanningsforbundet v/",
        "Kari Li",
    )
    assert split_role_name("Fagforbundet Kari Li, Ola Hansen") == (
        "Fagforbundet",
        "Kari Li, Ola Hansen",
    )


# --- units -------------------------------------------------------------------------------------


def test_units_numbers_and_text() -> None:
    assert enheter(ENHETER_HEAD + "3 0 7 0 X \n") == [3, 0, 7, 0, "X"]


def test_units_blank_and_placeholder_cells_come_first() -> None:
    text = (
        ENHETER_HEAD
        + " Klikk eller trykk \nher for å skrive \ninn tekst. \n\n12 0 Interkommunal \n"
    )
    assert enheter(text) == [None, None, 12, 0, "Interkommunal"]


def test_units_all_placeholders_are_null() -> None:
    assert enheter(ENHETER_HEAD + f"{PH} \n" * 5) == [None] * 5


def test_units_tab_separated() -> None:
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\n\n"
        "Kommunale barnehager\tPrivate barnehager\tOffentlige skoler\tPrivate skoler"
        "\tPP-tjenester\n"
        f"2\t{PH}\t5\t\t1\n"
    )
    assert enheter(text) == [2, None, 5, None, 1]


def test_units_tab_separated_with_a_leading_empty_cell() -> None:
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\n\n"
        "\tKommunale barnehager\tPrivate barnehager\tOffentlige skoler\tPrivate skoler"
        "\tPP-tjenester\n"
        "\t3\t\t5\tX\t1\n"
    )
    assert enheter(text) == [3, None, 5, "X", 1]


def test_units_columns_one_after_the_other() -> None:
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\nKommunale\nbarnehager\n4\n\n"
        "Side: 6/6\n\nPrivate\nbarnehager\n1\n\nOffentlige\nskoler\n9\n\nPrivate skoler\n\n"
        "PP-tjenester\n\n0\n\n1\n"
    )
    assert enheter(text) == [4, 1, 9, 0, 1]


def test_units_layout() -> None:
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\n\n"
        "Kommunale       Private          Offentlige      Private skoler   PP-tjenester\n"
        "barnehager      barnehager       skoler\n"
        "6               2                8               0                1\n"
    )
    assert enheter(text) == [6, 2, 8, 0, 1]


def test_units_layout_with_heads_cut_inside_words() -> None:
    # a large font in a narrow column: "Kommuna" / "le" / "barnehag" / "er"
    text = (
        "Hvor mange enheter er inkludert i behovsmeldingen?\n\n"
        "Kommuna    Private      Offentlige   Private   PP-\n"
        "le         barnehag     skoler       skoler    tjenester\n"
        "barnehag   er\n"
        "er\n"
        "7          3            12           0         Klikk eller\n"
        "                                               trykk her\n"
        "                                               for å\n"
        "                                               skrive inn\n"
        "                                               tekst.\n"
    )
    assert enheter(text) == [7, 3, 12, 0, None]


# --- the tail as a whole -----------------------------------------------------------------------


def test_find_tail_start_and_missing_parts() -> None:
    lines = text_lines("Noe tekst\n\n" + ENHETER_HEAD + "1 2 3 4 5\n")
    assert find_tail_start(lines) == 2
    res = parse_tail(lines)
    assert res.partnere == [] and res.medbestemmelse.droftet is None
    assert res.enheter.ppt == 5
    assert parse_tail(text_lines("Ingen hale her\n")).start is None


def _seed(shared_dir: Path, prefix: str) -> Path:
    found = sorted((shared_dir / "seeds").glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found")
    return found[0]


def test_seed_004_tail_read_by_hand(shared_dir: Path) -> None:
    res = parse_tail(text_lines(decode(_seed(shared_dir, "004").read_bytes())))
    assert res.partnere == []
    assert res.medbestemmelse.droftet is None  # the boxes were lost in the conversion
    assert [(d.rolle, d.navn) for d in res.medbestemmelse.deltakere] == [
        ("Harald Rørvik", "Utdanningsforbundet"),
        ("Ronny Urheim", "Fagforbundet"),
    ]
    assert res.medbestemmelse.merknad is None
    assert list(res.enheter.to_dict().values()) == [None, None, 5, None, 1]


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_seed_tails_match_the_golden_records(shared_dir: Path, prefix: str) -> None:
    seed = _seed(shared_dir, prefix)
    golden = json.loads((shared_dir / "format" / "golden" / f"{seed.stem}.json").read_text())
    res = parse_tail(text_lines(decode(seed.read_bytes())))
    assert [p.to_dict() for p in res.partnere] == golden["partnere"]
    mb, want = res.medbestemmelse.to_dict(), golden["medbestemmelse"]
    # paragraph breaks carry no meaning (format/README.md): compare with white space folded
    assert fold(mb.pop("merknad")) == fold(want.pop("merknad"))
    assert mb == want
    assert res.enheter.to_dict() == golden["enheter"]
