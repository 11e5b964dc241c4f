"""Texts made by people's converters from a Word form: pandoc's plain text of a Word file or of
its HTML (a copy from a browser), LibreOffice's HTML export. Each test is a small made-up
piece written the way the converter writes it; the expected cells and amounts are the ones the
made-up form holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from behovsmelding.checks import check
from behovsmelding.readers import read_bytes_with_result
from behovsmelding.readers.source import text_lines
from behovsmelding.readers.values import amount_row


def _rows(text: str) -> list[tuple[str, ...]]:
    return [ln.cells for ln in text_lines(text) if ln.cells is not None]


def test_control_marks_of_content_controls_are_no_text_and_keep_the_columns() -> None:
    # LibreOffice's HTML export marks a content control's start and end with U+0004/U+0005;
    # pandoc counts each as a column wide when it draws the grid
    text = (
        "+-------+-------------------+--------------+\n"
        "|       | Eier              | UH           |\n"
        "+-------+-------------------+--------------+\n"
        "| Navn  | \x04Anne Lie\x05        | \x04Ola Berg\x05   |\n"
        "+-------+-------------------+--------------+\n"
        "\n"
        "Regional ordning ☐\x01 Desentralisert ordning ☒\x01\n"
    )
    assert _rows(text) == [("", "Eier", "UH"), ("Navn", "Anne Lie", "Ola Berg")]
    assert all("\x01" not in ln.text for ln in text_lines(text))


def test_a_word_pandoc_cut_to_fit_its_grid_column_is_one_word() -> None:
    # a word longer than its column: the head alone, then the last characters filling the line
    text = (
        "+--------------+-----------+\n"
        "| Ordning      | Eier      |\n"
        "+--------------+-----------+\n"
        "| Fo           | 1 000     |\n"
        "| lkehøgskolen |           |\n"
        "+--------------+-----------+\n"
        "| Regional     | 2 000     |\n"
        "| ordning      |           |\n"
        "+--------------+-----------+\n"
    )
    rows = _rows(text)
    assert rows[1] == ("Folkehøgskolen", "1 000")
    # an ordinary wrap at a space stays two words
    assert rows[2] == ("Regional\nordning", "2 000")


def test_a_headless_table_of_one_line_rows_is_read_row_by_row() -> None:
    # pandoc writes a table without heads whose cells all fit on one line as a simple table
    text = (
        "Tilskuddet fordeles\n"
        "\n"
        "  ------------ ------------ ------------\n"
        "  Eier         UH           Sum totalt\n"
        "  100.000,-    250.000,-    350.000,-\n"
        "  ------------ ------------ ------------\n"
    )
    assert _rows(text) == [("Eier", "UH", "Sum totalt"), ("100.000,-", "250.000,-", "350.000,-")]
    # a headless table whose row wrapped stays one row with its cells' lines
    wrapped = (
        "  ------------ ------------\n"
        "  Regional     100 000\n"
        "  ordning      \n"
        "  ------------ ------------\n"
    )
    assert _rows(wrapped) == [("Regional\nordning", "100 000")]


def test_one_amount_is_never_cut_into_small_amounts_that_do_not_add_up() -> None:
    # "1 300 600" is one amount as much as 1 | 300 | 600: nothing tells, so it is unreadable
    for raw in ("1 300 600", "1.300.600,-", "Kr 1 300 600"):
        row = amount_row(raw)
        assert (row.eier, row.uh_sum, row.totalt) == (None, None, None), raw
        assert dict(row.uleselig) == dict.fromkeys(("eier", "uh", "totalt"), raw), raw
    # small amounts that add up, and three amounts in full, are read
    row = amount_row("500 300 800")
    assert (row.eier, row.uh_sum, row.totalt) == (500, 300, 800)
    row = amount_row("100 000 200 000 400 000")
    assert (row.eier, row.uh_sum, row.totalt) == (100_000, 200_000, 400_000)


def test_a_browser_copy_of_a_form_reads_its_amounts_and_contacts(
    form: Callable[..., str],
) -> None:
    # the small form with its "Tilskuddet fordeles" table as pandoc writes HTML without heads,
    # and its contacts marked as content controls
    text = form().replace(
        "Eier UH Sum totalt\n100 000,- 250 000,- 350 000,-\n",
        "\n  ------------ ------------ ------------\n"
        "  Eier         UH           Sum totalt\n"
        "  \x04100.000,-\x05  \x04250.000,-\x05  \x04350.000,-\x05\n"
        "  ------------ ------------ ------------\n\n",
    )
    text = text.replace("Navn Kari Nordmann", "Navn \x04Kari Nordmann\x05")
    lesing = read_bytes_with_result(text.encode("utf-8"), "kopi.txt")
    t = lesing.record.tiltak[0]
    assert (t.eier, t.uh, t.totalt) == (100_000, 250_000, 350_000)
    assert lesing.record.kontaktpersoner.eier.navn == "Kari Nordmann"
    assert not lesing.uleselig
    assert not [f for f in check(lesing.record) if f.felt.startswith("tiltak[0].")]


def test_boxes_written_under_their_labels_go_back_to_them(form: Callable[..., str]) -> None:
    # pdftotext -raw writes boxes in another font than their labels on a line of their own
    text = form()
    text = text.replace(
        "Regional ordning ☒   Desentralisert ordning ☐   Kompetanseløftet ☐",
        "Regional ordning Desentralisert ordning Kompetanseløftet\n☐ ☒ ☐",
    )
    text = text.replace(
        "flere UH? Ja ☐  (Fyll ut liste) Nei  ☒", "flere UH? Ja (Fyll ut liste) Nei\n☒ ☐"
    )
    text = text.replace(
        "Tiltakets varighet Vår 2025 ☐ Høst 2025 ☒  Vår 2026 ☒",
        "Tiltakets varighet Vår 2025 Høst 2025 Vår 2026\n☒ ☐ ☒",
    )
    record = read_bytes_with_result(text.encode("utf-8"), "raw.txt").record
    assert record.ordninger == ["desentralisert"]
    assert record.flere_uh is True
    assert record.tiltak[0].varighet == ["V2025", "V2026"]


def test_boxes_that_cannot_be_placed_give_no_state() -> None:
    from behovsmelding.readers.values import boxes_to_labels

    labels = re.compile(r"\bJa\b|\bNei\b|\bVet\s+ikke\b")
    assert boxes_to_labels("Ja Nei Vet ikke ☐ ☐ ☒ Neste", labels) == ("Ja ☐ Nei ☐ Vet ikke ☒ Neste")
    # one box lost: no label may take another's box
    assert "☒" not in boxes_to_labels("Ja Nei Vet ikke ☐ ☒", labels)
    # boxes already beside their labels are left as they are
    assert boxes_to_labels("Ja ☒ Nei ☐ Vet ikke ☐", labels) == "Ja ☒ Nei ☐ Vet ikke ☐"


def test_an_amounts_dash_taken_for_a_hyphen_ends_its_line(form: Callable[..., str]) -> None:
    # plain pdftotext drops a ",-" at a line's end as a hyphen and joins the next line to it
    budget = "Regional ordning 100 000,- 250 000,-\n350 000,-\nSum 100 000,- 250 000,- 350 000,-"
    glued = budget.replace("350 000,-\nSum", "350 000,Sum")
    for text in (budget, glued):
        record = read_bytes_with_result(form(budget=text).encode("utf-8"), "p.txt").record
        rad, total = record.budsjett.rader[0], record.budsjett.sum
        assert (rad.etikett, rad.eier, rad.uh_sum, rad.totalt) == (
            "Regional ordning",
            100_000,
            250_000,
            350_000,
        )
        assert total is not None and (total.etikett, total.totalt) == ("Sum", 350_000)


def test_medbestemmelse_answers_as_paragraphs_of_their_own(form: Callable[..., str]) -> None:
    text = form().replace(
        "Behovsmeldingen har vært drøftet i medbestemmelse  Ja ☒  Nei ☐\n",
        "Behovsmeldingen har vært drøftet i medbestemmelse\n\nJa ☒\n\nNei ☐\n\n"
        "Hvem som har deltatt:\nRolle Navn\nVerneombud Lise Lund\n",
    )
    mb = read_bytes_with_result(text.encode("utf-8"), "p.txt").record.medbestemmelse
    assert mb is not None and mb.droftet is True
    assert [(d.rolle, d.navn) for d in mb.deltakere or []] == [("Verneombud", "Lise Lund")]
    assert mb.merknad is None


def test_a_yes_no_answer_whose_ticked_box_was_lost_is_unreadable(
    form: Callable[..., str],
) -> None:
    text = form().replace(
        "flere UH? Ja ☐  (Fyll ut liste) Nei  ☒", "flere UH? Ja ☐  (Fyll ut liste) Nei"
    )
    text = text.replace("medbestemmelse  Ja ☒  Nei ☐", "medbestemmelse  Ja  Nei ☐")
    lesing = read_bytes_with_result(text.encode("utf-8"), "p.txt")
    assert lesing.record.flere_uh is None
    assert lesing.uleselig["flere_uh"] == "Ja ☐ (Fyll ut liste) Nei"
    assert lesing.uleselig["medbestemmelse.droftet"] == "Ja Nei ☐"
    findings = check(lesing.record, uleselig=lesing.uleselig)
    at = {f.felt: f for f in findings if f.felt in ("flere_uh", "medbestemmelse.droftet")}
    assert {f.kode for f in at.values()} == {"ULESELIG"}
    # both boxes lost (a conversion without boxes) is not this: no box is shown at all
    text = form().replace("flere UH? Ja ☐  (Fyll ut liste) Nei  ☒", "flere UH? Ja  Nei")
    assert "flere_uh" not in read_bytes_with_result(text.encode("utf-8"), "p.txt").uleselig


def test_contacts_with_tab_stops_expanded_by_a_browser(form: Callable[..., str]) -> None:
    # w3m/a browser shows a text's tabs as spaces to the next tab stop: the values stand
    # apart by wide gaps, not under the heads
    contacts = "\n".join(
        [
            "        Eier    UH",
            "Navn    Kari Nordmann   Per Olav Hansen",
            "Funksjon        Kommunalsjef    Førsteamanuensis",
            "E-post  kari.nordmann@testvik.kommune.no        per.hansen@eksempel.no",
            "Kontonr 1234.56.78903   9876.54.32109",
        ]
    )
    k = read_bytes_with_result(form(contacts=contacts).encode("utf-8"), "w.txt").record
    eier, uh = k.kontaktpersoner.eier, k.kontaktpersoner.uh
    assert (eier.navn, uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (eier.funksjon, uh.funksjon) == ("Kommunalsjef", "Førsteamanuensis")
    assert (eier.epost, uh.epost) == ("kari.nordmann@testvik.kommune.no", "per.hansen@eksempel.no")
    assert (eier.kontonr, uh.kontonr) == ("1234.56.78903", "9876.54.32109")


def test_a_contacts_row_run_on_into_the_next_rows_label(form: Callable[..., str]) -> None:
    # a PDF's paragraphs rejoined across rows printed as paragraphs without spacing
    contacts = (
        "Navn Kari Nordmann Per Olav Hansen Funksjon Kommunalsjef Førsteamanuensis\n"
        "Telefon 12345678 87654321"
    )
    k = read_bytes_with_result(form(contacts=contacts).encode("utf-8"), "p.txt").record
    eier, uh = k.kontaktpersoner.eier, k.kontaktpersoner.uh
    assert (eier.navn, uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (eier.funksjon, uh.funksjon) == ("Kommunalsjef", "Førsteamanuensis")
    assert (eier.telefon, uh.telefon) == ("12345678", "87654321")


def test_contacts_indented_under_heads_that_stand_elsewhere(form: Callable[..., str]) -> None:
    # pandoc indents a text block; the heads' positions say nothing of where a row's values
    # start, and a row whose values stand a single space apart is read as a text row
    contacts = "\n".join(
        [
            "     Eier    UH",
            "    Navn  Kari Nordmann    Per Olav Hansen",
            "    Kontonr  12345678903 98765432109",
            "    Org. Nr  999888777   111222333",
        ]
    )
    k = read_bytes_with_result(form(contacts=contacts).encode("utf-8"), "i.txt").record
    eier, uh = k.kontaktpersoner.eier, k.kontaktpersoner.uh
    assert (eier.navn, uh.navn) == ("Kari Nordmann", "Per Olav Hansen")
    assert (eier.kontonr, uh.kontonr) == ("12345678903", "98765432109")
    assert (eier.orgnr, uh.orgnr) == ("999888777", "111222333")


def test_a_run_of_boxes_wrapped_over_two_lines(form: Callable[..., str]) -> None:
    # pdftotext -raw in a narrow column: the boxes of one row on two lines of their own
    text = form().replace(
        "Tiltakets varighet Vår 2025 ☐ Høst 2025 ☒  Vår 2026 ☒",
        "Tiltakets varighet Vår 2025 Høst 2025 Vår 2026\n☐ ☒\n☒",
    )
    record = read_bytes_with_result(text.encode("utf-8"), "raw.txt").record
    assert record.tiltak[0].varighet == ["H2025", "V2026"]
