"""The form header of both generations: title, boxes, parties, contacts, flags, budget."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from behovsmelding.readers.contacts import split_contact_row
from behovsmelding.readers.header import parse_header
from behovsmelding.readers.source import decode, text_lines
from behovsmelding.record import Behovsmelding

Read = Callable[..., Behovsmelding]
Form = Callable[..., str]


def header_of(text: str) -> Any:
    return parse_header(text_lines(text))


# --- seeds ----------------------------------------------------------------------------------------

HEADER_FIELDS = (
    "aar",
    "tittel",
    "ordninger",
    "gjelder",
    "eier",
    "kompetansenettverk",
    "uh",
    "kontaktpersoner",
    "flere_eiere",
    "flere_uh",
    "flere_ordninger",
    "videreforer_fjoraaret",
    "antall_tiltak",
    "budsjett",
)


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_header_of_each_golden_seed_is_exact(
    prefix: str, seed: Callable[[str], Path], golden: Callable[[str], dict[str, Any]]
) -> None:
    lines = text_lines(decode(seed(prefix).read_bytes()))
    record = Behovsmelding()
    parse_header(lines).apply(record)
    got = record.to_dict()
    want = golden(prefix)
    for key in HEADER_FIELDS:
        assert got[key] == want[key], key


def test_record_and_lines_call_fills_the_record_and_returns_the_body_start(
    seed: Callable[[str], Path],
) -> None:
    lines = text_lines(decode(seed("000").read_bytes()))
    record = Behovsmelding()
    start = parse_header(record, lines)
    assert "kommentar" in lines[start].text
    assert record.eier is not None and record.aar == 2026


def test_seed_004_with_tab_cells_and_lost_boxes(seed: Callable[[str], Path]) -> None:
    h = parse_header(text_lines(decode(seed("004").read_bytes())))
    assert h.tittel is None  # the letterhead above the title is not an author's heading
    assert h.ordninger is None  # boxes lost in the conversion
    assert (h.flere_eiere, h.flere_uh, h.flere_ordninger) == (None, None, None)
    assert h.antall_tiltak is None  # "Velg et element."
    assert h.eier == "Vefsn kommune"
    assert h.kompetansenettverk == "Indre Helgeland"
    assert h.uh == "Universitetet i Stavanger, Læringsmiljøsentret"
    e, u = h.kontaktpersoner.eier, h.kontaktpersoner.uh
    assert (e.navn, u.navn) == ("Anita Aune Nestvold", "Solfrid H. Naustvik")
    assert e.funksjon == "Utviklingsveileder/koordinator DEKOM/Kompetanseløftet"
    assert (e.telefon, u.telefon) == ("97016497", "51833122")
    assert (e.kontonr, u.kontonr) == ("15069214549", "76940519655")
    assert (e.orgnr, u.orgnr) == ("931112325", "971564679")
    assert (e.merkes, u.merkes) == (None, "FUHNSLA")
    assert h.aar == 2024
    assert len(h.budsjett.rader) == 1
    row = h.budsjett.rader[0]
    assert (row.etikett, row.eier, row.uh_sum, row.totalt) == (
        "Kompetanseløftet",
        None,
        214900,
        None,
    )
    assert h.budsjett.sum is not None and h.budsjett.sum.uh_sum == 214900


def test_seed_002_function_wrapped_inside_its_cell(seed: Callable[[str], Path]) -> None:
    h = parse_header(text_lines(decode(seed("002").read_bytes())))
    assert h.kontaktpersoner.eier.funksjon == "Rådgiver oppvekst"
    assert h.kontaktpersoner.uh.funksjon == "Seniorrådgiver ved Læringsmiljøsenteret"
    assert h.budsjett.rader == []
    assert h.budsjett.sum is not None and h.budsjett.sum.totalt == 479000


# --- encodings and line endings -------------------------------------------------------------------


def _basics(r: Behovsmelding) -> tuple[Any, ...]:
    k = r.kontaktpersoner
    return (r.aar, r.ordninger, r.eier, k.eier.navn, k.uh.navn, k.uh.telefon, r.flere_eiere)


def test_crlf_bom_and_cp1252_read_alike(read: Read, form: Form) -> None:
    text = form()
    plain = _basics(read(text))
    assert plain == (
        2025,
        ["regional"],
        "Testvik kommune",
        "Kari Nordmann",
        "Per Olav Hansen",
        "876 54 321",
        False,
    )
    assert _basics(read(text.replace("\n", "\r\n"))) == plain
    assert _basics(read(b"\xef\xbb\xbf" + text.encode("utf-8"))) == plain
    ascii_boxes = text.replace("☒", "[X]").replace("☐", "[ ]").replace("–", "-")
    assert _basics(read(ascii_boxes.encode("cp1252"))) == plain


def test_extra_blank_lines_change_nothing(read: Read, form: Form) -> None:
    text = form()
    spaced = "\n\n".join(text.split("\n")) + "\n\n \n"
    assert read(spaced).to_dict() | {"kilde": None} == read(text).to_dict() | {"kilde": None}


# --- title and boxes ------------------------------------------------------------------------------


def test_author_heading_between_title_and_boxes_is_tittel(read: Read, form: Form) -> None:
    text = form().replace("grunnopplæring\n", "grunnopplæring\nTILTAK 4: LESING I ALLE FAG\n", 1)
    assert read(text).tittel == "TILTAK 4: LESING I ALLE FAG"
    assert read(form()).tittel is None


def test_ordning_boxes_typed_x_and_lost(read: Read, form: Form) -> None:
    line = "Regional ordning ☒   Desentralisert ordning ☐   Kompetanseløftet ☐"
    two = form().replace(line, "Regional ordning ☐   Desentralisert ordning ☒   Kompetanseløftet ☒")
    assert read(two).ordninger == ["desentralisert", "kompetanseloftet"]
    typed = form().replace(line, "Regional ordning   Desentralisert ordning x  Kompetanseløftet")
    assert read(typed).ordninger == ["desentralisert"]
    lost = form().replace(line, "Regional ordning Desentralisert ordning Kompetanseløftet")
    assert read(lost).ordninger is None
    none = form().replace(line, "Regional ordning ☐ Desentralisert ordning ☐ Kompetanseløftet ☐")
    assert read(none).ordninger == []


def test_gjelder_of_the_2026_header() -> None:
    text = (
        "Behovsmelding – Kollektiv kompetanseutvikling i barnehage og grunnskole\n"
        "Behovsmeldingen gjelder:\nBarnehage ☐   Grunnskole ☐   Begge deler ☒\n"
        "Eier: Testvik kommune\nKompetansenettverk Nordvest\n"
        "Kompetansemiljø: Eksempelfagskolen\nKontaktpersoner:\n Eier UH\n"
        "Navn Kari Nordmann Per Hansen\nFunksjon Rektor Dosent\n"
        "Partnerskapet består av flere eiere? Ja ☐  (Fyll ut liste) Nei  ☒\n"
        "Partnerskapet består av flere kompetansemiljø? Ja ☒  (Fyll ut liste) Nei  ☐\n"
        "Partnerskapet ønsker å videreføre behovsmelding fra 2025? Ja ☐    Nei ☒\n"
        "Total sum det meldes behov for 2026\n Eier UH Totalt\n"
        "Tiltak 1: Lesing 10 000,- 20 000,- (Eks) 30 000,-\n"
        "Sum 10 000,- 20 000,- 30 000,-\nEv. kommentar fra innsender\nIngen.\n"
    )
    h = header_of(text)
    assert (h.gjelder, h.ordninger) == ("begge", None)
    assert (h.eier, h.kompetansenettverk, h.uh) == (
        "Testvik kommune",
        "Nordvest",
        "Eksempelfagskolen",
    )
    assert (h.flere_eiere, h.flere_uh, h.videreforer_fjoraaret) == (False, True, False)
    assert h.kontaktpersoner.eier.funksjon == "Rektor"
    assert h.kontaktpersoner.uh.funksjon == "Dosent"
    assert h.kontaktpersoner.uh.telefon is None
    row = h.budsjett.rader[0]
    assert (row.etikett, row.eier, row.uh[0].belop, row.uh[0].institusjon, row.totalt) == (
        "Tiltak 1: Lesing",
        10000,
        20000,
        "Eks",
        30000,
    )
    assert text_lines(text)[h.body_start].text.startswith("Ev. kommentar")


# --- flags ----------------------------------------------------------------------------------------


def test_flags_typed_x_and_no_visible_box(read: Read, form: Form) -> None:
    text = (
        form()
        .replace(
            "flere eiere? Ja ☐  (Fyll ut liste) Nei  ☒", "flere eiere? Ja x  (Fyll ut liste) Nei"
        )
        .replace("flere UH? Ja ☐  (Fyll ut liste) Nei  ☒", "flere UH? Ja (Fyll ut liste) Nei")
    )
    r = read(text)
    assert (r.flere_eiere, r.flere_uh, r.flere_ordninger) == (True, None, False)


def test_count_of_tiltak_placeholder_is_null(read: Read, form: Form) -> None:
    text = form().replace("tilskudd til? 1", "tilskudd til? Velg et element.")
    assert read(text).antall_tiltak is None


# --- contacts -------------------------------------------------------------------------------------


def test_contact_rows_with_lost_boundaries(read: Read, form: Form) -> None:
    k = read(form()).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.funksjon, k.uh.funksjon) == (
        "Kommunalsjef",
        "Førsteamanuensis ved Institutt for pedagogikk",
    )
    assert (k.eier.telefon, k.uh.telefon) == ("12 34 56 78", "876 54 321")
    assert (k.eier.epost, k.uh.epost) == (
        "kari.nordmann@testvik.kommune.no",
        "per.hansen@eksempel.no",
    )
    assert (k.eier.kontonr, k.uh.kontonr) == ("1234.56.78903", "9876 54 32109")
    assert (k.eier.orgnr, k.uh.orgnr) == ("999 888 777", "111222333")
    assert (k.eier.merkes, k.uh.merkes) == ("Prosjekt 4411", "Per Olav Hansen")


def test_names_split_without_a_hint_use_the_email_addresses() -> None:
    assert split_contact_row("navn", ["Kari Nordmann Per Olav Hansen"]) == (
        "Kari Nordmann",
        "Per Olav Hansen",
    )
    assert split_contact_row("navn", ["Kari Nordmann Per"], hints=["Kari Nordmann"]) == (
        "Kari Nordmann",
        "Per",
    )


def test_names_given_by_the_kontaktpersoner_line_decide_the_split() -> None:
    row = ["Anne Marie Berg Olsen Lise Li"]
    assert split_contact_row("navn", row, hints=["Anne Marie Berg Olsen", "Lise Li"]) == (
        "Anne Marie Berg Olsen",
        "Lise Li",
    )
    assert split_contact_row("navn", row, hints=["Anne Marie Berg", "Olsen Lise Li"]) == (
        "Anne Marie Berg",
        "Olsen Lise Li",
    )


def test_placeholder_marks_the_empty_cell() -> None:
    ph = "Klikk eller trykk her for å skrive inn tekst."
    assert split_contact_row("merkes", [f"{ph} Ref 12"]) == (None, "Ref 12")
    assert split_contact_row("merkes", [f"Ref 12 {ph}"]) == ("Ref 12", None)
    assert split_contact_row("telefon", ["12345678"]) == ("12345678", None)


def test_numbers_split_by_their_digit_count() -> None:
    assert split_contact_row("telefon", ["+47 12 34 56 78 87654321"]) == (
        "+47 12 34 56 78",
        "87654321",
    )
    assert split_contact_row("orgnr", ["999 888 777 111 222 333"]) == ("999 888 777", "111 222 333")
    assert split_contact_row("kontonr", ["12345678903 9876.54.32109"]) == (
        "12345678903",
        "9876.54.32109",
    )


def test_same_text_in_both_cells_is_split_in_half() -> None:
    assert split_contact_row("merkes", ["Lesing for alle Lesing for alle"]) == (
        "Lesing for alle",
        "Lesing for alle",
    )


def test_email_wrapped_inside_its_cell(read: Read, form: Form) -> None:
    wrapped = (
        "Navn Kari Nordmann Per Olav \nHansen\n"
        "Funksjon Kommunalsjef Dosent\n"
        "Telefon 12345678 87654321\n"
        "E-post kari.nordmann@testvik.k\nommune.no\nper.hansen@eksempel.no\n"
        "Kontonr 1234.56.78903 9876.54.32109\nOrg. Nr 999888777 111222333\n"
        "Ev. merkes 4411.TEST\nÅ\nPer Olav Hansen"
    )
    k = read(form(contacts=wrapped)).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.epost, k.uh.epost) == (
        "kari.nordmann@testvik.kommune.no",
        "per.hansen@eksempel.no",
    )
    assert (k.eier.merkes, k.uh.merkes) == ("4411.TESTÅ", "Per Olav Hansen")


def test_email_wrapped_in_its_local_part() -> None:
    assert split_contact_row("epost", ["kari.nord", "mann@testvik.no per@eks.no"]) == (
        "kari.nordmann@testvik.no",
        "per@eks.no",
    )


def test_contacts_column_by_column_each_row(read: Read, form: Form) -> None:
    cols = (
        "Navn\nKari Nordmann\nPer Olav Hansen\nFunksjon\nKommunalsjef\nDosent\n"
        "Telefon\n12 34 56 78\n87654321\nE-post\nkari@testvik.no\nper@eks.no\n"
        "Kontonr\n1234.56.78903\n98765432109\nOrg. Nr\n999 888 777\n111222333\n"
        "Ev. merkes\nRef 1\nRef 2"
    )
    k = read(form(contacts=cols)).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.funksjon, k.uh.funksjon) == ("Kommunalsjef", "Dosent")
    assert (k.eier.telefon, k.uh.telefon) == ("12 34 56 78", "87654321")
    assert (k.eier.epost, k.uh.epost) == ("kari@testvik.no", "per@eks.no")
    assert (k.eier.merkes, k.uh.merkes) == ("Ref 1", "Ref 2")


def test_contacts_all_eier_column_then_all_uh_column(read: Read, form: Form) -> None:
    cols = (
        "Navn\nFunksjon\nTelefon\nE-post\nKontonr\nOrg. Nr\nEv. merkes\n"
        "Kari Nordmann\nKommunalsjef\n12 34 56 78\nkari@testvik.no\n1234.56.78903\n"
        "999 888 777\nRef 1\n"
        "Per Olav Hansen\nDosent\n87654321\nper@eks.no\n98765432109\n111222333\nRef 2"
    )
    k = read(form(contacts=cols)).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.funksjon, k.uh.funksjon) == ("Kommunalsjef", "Dosent")
    assert (k.eier.telefon, k.uh.telefon) == ("12 34 56 78", "87654321")
    assert (k.eier.kontonr, k.uh.kontonr) == ("1234.56.78903", "98765432109")
    assert (k.eier.orgnr, k.uh.orgnr) == ("999 888 777", "111222333")
    assert (k.eier.merkes, k.uh.merkes) == ("Ref 1", "Ref 2")


def test_contacts_with_tab_cells(read: Read, form: Form) -> None:
    tabbed = (
        "Navn\tKari Nordmann\tPer Olav Hansen\nFunksjon\tKommunalsjef\tDosent ved senteret\n"
        "Telefon\t12345678\t\nE-post\tkari@testvik.no\tper@eks.no"
    )
    k = read(form(contacts=tabbed)).kontaktpersoner
    assert (k.eier.funksjon, k.uh.funksjon) == ("Kommunalsjef", "Dosent ved senteret")
    assert (k.eier.telefon, k.uh.telefon) == ("12345678", None)
    assert k.uh.kontonr is None


def test_missing_contacts_table_leaves_defaults(read: Read, form: Form) -> None:
    r = read(form(contacts=""))
    assert r.kontaktpersoner.eier.navn is None and r.kontaktpersoner.uh.navn is None
    assert r.flere_eiere is False and r.aar == 2025


# --- budget ---------------------------------------------------------------------------------------


def test_budget_uh_cell_with_several_labelled_amounts_over_lines(read: Read, form: Form) -> None:
    budget = (
        "Regional ordning 50.000, - 120.000 (Aaa)\n\n30.000,- (Bbb)\n\n200.000,-\n"
        "Desentralisert \nordning\n0, -\n10.000 \n(Aaa)5.000 \n(Bbb)\n15.000,-\n"
        "Kompetanseløfte\nt\n1.000,- 2.000,- (Aaa) 3.000,-\n"
        "Sum 51.000 ,- 132.000 - (Aaa) 35.000, - (Bbb) 218.000,-"
    )
    b = read(form(budget=budget)).budsjett
    assert [r.etikett for r in b.rader] == [
        "Regional ordning",
        "Desentralisert ordning",
        "Kompetanseløftet",
    ]
    assert [(x.belop, x.institusjon) for x in b.rader[0].uh] == [(120000, "Aaa"), (30000, "Bbb")]
    assert (b.rader[0].eier, b.rader[0].totalt) == (50000, 200000)
    assert [(x.belop, x.institusjon) for x in b.rader[1].uh] == [(10000, "Aaa"), (5000, "Bbb")]
    assert (b.rader[1].eier, b.rader[1].totalt) == (0, 15000)
    assert (b.rader[2].eier, b.rader[2].uh_sum, b.rader[2].totalt) == (1000, 2000, 3000)
    assert b.sum is not None
    assert (b.sum.etikett, b.sum.eier, b.sum.totalt) == ("Sum", 51000, 218000)
    assert [(x.belop, x.institusjon) for x in b.sum.uh] == [(132000, "Aaa"), (35000, "Bbb")]


def test_budget_amounts_run_together_and_a_typo(read: Read, form: Form) -> None:
    budget = "Regional ordning 80.000,150.000,230.000,\nSum 1 2 34 000 5 000 1 239 000"
    b = read(form(budget=budget)).budsjett
    r = b.rader[0]
    assert (r.eier, r.uh_sum, r.totalt) == (80000, 150000, 230000)
    assert b.sum is not None and (b.sum.eier, b.sum.uh_sum, b.sum.totalt) == (
        1234000,
        5000,
        1239000,
    )


def test_budget_label_wrapped_over_two_lines() -> None:
    text = (
        "Behovsmelding – Kollektiv kompetanseutvikling i barnehage og grunnskole\n"
        "Behovsmeldingen gjelder:\nBarnehage ☒ Grunnskole ☐ Begge deler ☐\nEier: X kommune\n"
        "Kontaktpersoner:\nPartnerskapet består av flere eiere? Ja ☐ Nei ☒\n"
        "Total sum det meldes behov for 2027\n Eier UH Totalt\n"
        "Tiltak 1: Språk i\nbarnehagen\n1 000,- 2 000,- (Aaa) 3 000,-\n"
        "Sum 1 000,- 2 000,- 3 000,-\n1. Vurdering av behov\n"
    )
    h = header_of(text)
    assert h.aar == 2027
    assert [r.etikett for r in h.budsjett.rader] == ["Tiltak 1: Språk i barnehagen"]


def test_budget_placeholder_cells_are_null(read: Read, form: Form) -> None:
    ph = "Klikk eller trykk her for å skrive inn tekst."
    b = read(form(budget=f"Regional ordning {ph} 250 000 {ph}\nSum {ph} 250 000 {ph}")).budsjett
    r = b.rader[0]
    assert (r.eier, r.uh_sum, r.totalt) == (None, 250000, None)


def test_missing_budget_section(read: Read, form: Form) -> None:
    text = form(budget="").replace(
        "Total sum det meldes behov for 2025\nOrdning Eier UH Totalt\n", ""
    )
    r = read(text)
    assert r.aar is None and r.budsjett.rader == [] and r.budsjett.sum is None
    assert len(r.tiltak) == 1 and r.tiltak[0].navn == "Lek og læring"


# --- page layout and column order of other extraction tools ---------------------------------------


def test_contacts_in_page_layout(read: Read, form: Form) -> None:
    layout = (
        "                           Eier                         UH\n"
        "Navn                       Kari Nordmann                Per Olav\n"
        "                                                        Hansen\n"
        "Funksjon                   Kommunalsjef                 Dosent ved senteret\n"
        "Telefon                    12 34 56 78                  87654321\n"
        "E-post                     kari.nordmann@testvik.k      per@eks.no\n"
        "                           ommune.no\n"
        "Ev. merkes                 4411.TEST                    Ref 2\n"
        "                           Å\n"
    )
    k = read(form(contacts=layout)).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.funksjon, k.uh.funksjon) == ("Kommunalsjef", "Dosent ved senteret")
    assert (k.eier.telefon, k.uh.telefon) == ("12 34 56 78", "87654321")
    assert (k.eier.epost, k.uh.epost) == ("kari.nordmann@testvik.kommune.no", "per@eks.no")
    assert (k.eier.merkes, k.uh.merkes) == ("4411.TESTÅ", "Ref 2")


def test_contacts_scattered_by_columns_with_a_wrapped_name(read: Read, form: Form) -> None:
    scattered = (
        "Eier\nKari Nordmann\n\nNavn\nFunksjon\nTelefon\nE-post\n\nKommunalsjef\n12345678\n"
        "kari@testvik.k\nommune.no\n1234.56.78903\n999 888 777\nRef 1\n\nKontonr\nOrg. Nr\n"
        "Ev. merkes\n\nUH\nPer Olav\nHansen\nDosent\n87654321\nper@eks.no\n98765432109\n"
        "111222333\nRef 2\n"
    )
    k = read(form(contacts=scattered)).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.funksjon, k.uh.funksjon) == ("Kommunalsjef", "Dosent")
    assert (k.eier.epost, k.uh.epost) == ("kari@testvik.kommune.no", "per@eks.no")
    assert (k.eier.kontonr, k.uh.kontonr) == ("1234.56.78903", "98765432109")
    assert (k.eier.merkes, k.uh.merkes) == ("Ref 1", "Ref 2")


def test_budget_in_page_layout_with_uh_lines_below_totalt(read: Read, form: Form) -> None:
    budget = (
        "Regional ordning    50.000, -                                200.000,-\n"
        "                                         120.000\n"
        "                                         (Aaa)30.000,-\n"
        "                                         (Bbb)\n"
        "Desentralisert      1.000,-          2.000,-         3.000,-\n"
        "ordning                              (Aaa)\n"
        "Sum   51.000 ,-                      203.000,-\n"
        "                     152.000 -\n"
    )
    b = read(form(budget=budget.replace("Ordning Eier UH Totalt\n", ""))).budsjett
    assert [r.etikett for r in b.rader] == ["Regional ordning", "Desentralisert ordning"]
    assert [(x.belop, x.institusjon) for x in b.rader[0].uh] == [(120000, "Aaa"), (30000, "Bbb")]
    assert (b.rader[0].eier, b.rader[0].totalt) == (50000, 200000)
    assert [(x.belop, x.institusjon) for x in b.rader[1].uh] == [(2000, "Aaa")]
    assert b.sum is not None and (b.sum.eier, b.sum.uh_sum, b.sum.totalt) == (51000, 152000, 203000)


def test_budget_written_column_by_column() -> None:
    text = (
        "Behovsmelding – lokal kompetanseutvikling i barnehage og grunnopplæring\n"
        "Behovsmeldingen gjelder:\nRegional ordning ☒ Desentralisert ordning ☐ Kompetanseløftet ☐\n"
        "Eier: X kommune Kompetansenettverk Y\nKontaktpersoner:\n"
        "Partnerskapet består av flere eiere? Ja ☐ Nei ☒\n"
        "Total sum det meldes behov for 2024\nOrdning\nRegional ordning\n\nEier\n200.000, -\n\n"
        "Desentralisert\nordning\n\n0, -\n\nUH\n637.950\n(Aaa)328.320,(Bbb)\n236.000\n(Aaa)\n"
        "\nTotalt\n1.166.270,-\n\n236.000,-\n\nSum\n\n200.000 ,-\n\n"
        "873.950 (Aaa)328.320, (Bbb)\n\n1.402.270,-\n\nTiltak 1\n"
    )
    h = header_of(text)
    rows = h.budsjett.rader
    assert [r.etikett for r in rows] == ["Regional ordning", "Desentralisert ordning"]
    assert (rows[0].eier, rows[0].totalt) == (200000, 1166270)
    assert [(x.belop, x.institusjon) for x in rows[0].uh] == [(637950, "Aaa"), (328320, "Bbb")]
    assert (rows[1].eier, rows[1].totalt, [(x.belop, x.institusjon) for x in rows[1].uh]) == (
        0,
        236000,
        [(236000, "Aaa")],
    )
    assert h.budsjett.sum is not None and h.budsjett.sum.totalt == 1402270
    assert text_lines(text)[h.body_start].text == "Tiltak 1"


def test_contacts_table_without_its_kontaktpersoner_line(read: Read, form: Form) -> None:
    text = form().replace("Kontaktpersoner: Kari Nordmann og Per Olav Hansen\n", "")
    k = read(text).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.orgnr, k.uh.orgnr) == ("999 888 777", "111222333")


def test_no_title_line_and_no_heading(read: Read, form: Form) -> None:
    text = form().replace(
        "Behovsmelding – lokal kompetanseutvikling i barnehage og\ngrunnopplæring\n", ""
    )
    r = read(text)
    assert r.skjema == "lokal-2024"
    assert r.tittel is None and r.eier == "Testvik kommune"


def test_tittel_stops_at_the_form_when_gjelder_is_missing(read: Read, form: Form) -> None:
    text = form().replace("Behovsmeldingen gjelder:\n", "")
    r = read(text)
    assert r.tittel is None
    assert r.ordninger == ["regional"] and r.eier == "Testvik kommune"


def test_separator_between_two_numbers_belongs_to_neither() -> None:
    assert split_contact_row("telefon", ["12345678 / 87654321"]) == ("12345678", "87654321")
    assert split_contact_row("telefon", ["+47 12345678, 87654321"]) == ("+47 12345678", "87654321")


@pytest.mark.parametrize("width", [90, 75, 60])
def test_2026_header_rewrapped_narrower(
    width: int, seed: Callable[[str], Path], golden: Callable[[str], dict[str, Any]]
) -> None:
    import textwrap

    out: list[str] = []
    for line in seed("000").read_text(encoding="utf-8").split("\n"):
        out.extend(
            textwrap.wrap(line, width, break_long_words=False) if len(line) > width else [line]
        )
    record = Behovsmelding()
    parse_header(text_lines("\n".join(out))).apply(record)
    got, want = record.to_dict(), golden("000")
    for key in HEADER_FIELDS:
        assert got[key] == want[key], key


def _pdf_text(pdf: Path, tool: str) -> str:
    import shutil
    import subprocess

    if tool == "pypdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext is missing: scripts/install-system-deps.sh installs poppler-utils")
    args = [exe, "-layout"] if tool == "layout" else [exe]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("tool", ["pypdf", "layout", "raw"])
def test_2026_sample_header_from_pdf_extractions(shared: Path, tool: str) -> None:
    """The 2026 budget with labels wrapped above (pypdf) or below (layout) their amounts, and
    "Tiltak 1:" alone on a line that is a label, not a section."""
    import json

    pdf = shared / "samples" / "sample_d_2026_bodo.pdf"
    want_path = shared / "samples" / "sample_d_2026_bodo.json"
    if not pdf.is_file() or not want_path.is_file():
        pytest.skip("sample not found")
    want = json.loads(want_path.read_text(encoding="utf-8"))
    record = Behovsmelding()
    parse_header(text_lines(_pdf_text(pdf, tool))).apply(record)
    got = record.to_dict()
    keys = [k for k in HEADER_FIELDS if k != "budsjett" or tool != "raw"]
    for key in keys:
        assert got[key] == want[key], key


def test_a_stray_line_above_the_rows_is_not_a_column_layout(read: Read, form: Form) -> None:
    k = read(form().replace(" Eier UH\n", " Eier UH\nSe også vedlegg\n")).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.telefon, k.uh.telefon) == ("12 34 56 78", "876 54 321")


def test_uh_label_variant(read: Read, form: Form) -> None:
    text = form().replace("Universitet/Høgskole:", "Universitet/høgskole/kompetansemiljø:")
    assert read(text).uh == "Eksempeluniversitetet"


def test_names_split_where_the_email_addresses_say() -> None:
    row = ["Anne Marie Berg Per Hansen"]
    assert split_contact_row("navn", row) == ("Anne Marie", "Berg Per Hansen")  # no evidence
    assert split_contact_row(
        "navn", row, emails=("anne.marie.berg@testvik.no", "per.hansen@eks.no")
    ) == ("Anne Marie Berg", "Per Hansen")
    assert split_contact_row(
        "navn", ["Kari Nordmann Ole Petter Ås"], emails=("kn@testvik.no", "ole.petter.as@eks.no")
    ) == ("Kari Nordmann", "Ole Petter Ås")


def test_names_and_emails_in_one_form(read: Read, form: Form) -> None:
    from_form = (
        form()
        .replace("Navn Kari Nordmann Per Olav Hansen", "Navn Anne Marie Berg Per Hansen")
        .replace("Kontaktpersoner: Kari Nordmann og Per Olav Hansen", "Kontaktpersoner:")
        .replace(
            "kari.nordmann@testvik.kommune.no per.hansen@eksempel.no",
            "anne.marie.berg@testvik.kommune.no per.hansen@eksempel.no",
        )
    )
    k = read(from_form).kontaktpersoner
    assert (k.eier.navn, k.uh.navn) == ("Anne Marie Berg", "Per Hansen")


EMPTY_EIER_FUNKSJON = {
    "placeholder, boundaries lost": (
        "Navn Kari Nordmann Per Olav Hansen\n"
        "Funksjon Klikk eller trykk her for å skrive inn tekst. Dosent ved senteret\n"
        "Telefon 12345678 87654321"
    ),
    "placeholder wrapped, boundaries lost": (
        "Navn Kari Nordmann Per Olav Hansen\n"
        "Funksjon Klikk eller trykk her for å\nskrive inn tekst. Dosent ved\nsenteret\n"
        "Telefon 12345678 87654321"
    ),
    "blank, cells joined with single spaces": (
        "Navn Kari Nordmann Per Olav Hansen \n"
        "Funksjon  Dosent ved senteret \n"
        "Telefon 12345678 87654321 "
    ),
    "blank, tab cells": (
        "Navn\tKari Nordmann\tPer Olav Hansen\nFunksjon\t\tDosent ved senteret\n"
        "Telefon\t12345678\t87654321"
    ),
    "placeholder, tab cells": (
        "Navn\tKari Nordmann\tPer Olav Hansen\n"
        "Funksjon\tKlikk eller trykk her for å skrive inn tekst.\tDosent ved senteret\n"
        "Telefon\t12345678\t87654321"
    ),
    "blank, page layout": (
        "                           Eier                         UH\n"
        "Navn                       Kari Nordmann                Per Olav Hansen\n"
        "Funksjon                                                Dosent ved senteret\n"
        "Telefon                    12345678                     87654321\n"
    ),
    "placeholder, page layout": (
        "                           Eier                         UH\n"
        "Navn                       Kari Nordmann                Per Olav Hansen\n"
        "Funksjon                   Klikk eller trykk her for    Dosent ved senteret\n"
        "                           å skrive inn tekst.\n"
        "Telefon                    12345678                     87654321\n"
    ),
    "placeholder, column by column": (
        "Navn\nKari Nordmann\nPer Olav Hansen\nFunksjon\n"
        "Klikk eller trykk her for å skrive inn tekst.\nDosent ved senteret\n"
        "Telefon\n12345678\n87654321\n"
    ),
}


@pytest.mark.parametrize("contacts", EMPTY_EIER_FUNKSJON.values(), ids=EMPTY_EIER_FUNKSJON.keys())
def test_an_empty_eier_cell_stays_empty(read: Read, form: Form, contacts: str) -> None:
    k = read(form(contacts=contacts)).kontaktpersoner
    assert (k.eier.funksjon, k.uh.funksjon) == (None, "Dosent ved senteret")
    assert (k.eier.navn, k.uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (k.eier.telefon, k.uh.telefon) == ("12345678", "87654321")
