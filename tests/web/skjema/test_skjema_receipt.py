"""The receipt PDF: laid out like the Word form, read back by the product's own reader."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader
from skjema_factories import complete_record, full_record

from behovsmelding.readers import read_bytes
from behovsmelding.record import Behovsmelding as Record
from behovsmelding.record import Deltaker, Partner
from behovsmelding.web.skjema.receipt import render_html, render_receipt

SENDT = datetime(2026, 1, 30, 13, 45, 12, tzinfo=UTC)


def folded(data: Any) -> Any:
    """Texts compared after folding white space (format/README.md), the source left out."""
    if isinstance(data, dict):
        return {k: folded(v) for k, v in data.items() if k != "kilde"}
    if isinstance(data, list):
        return [folded(v) for v in data]
    if isinstance(data, str):
        return " ".join(data.split())
    return data


def read_back(rec: Record) -> Record:
    return read_bytes(render_receipt(rec, sendt=SENDT, innsender="Kari Nordmann"), "k.pdf")


def test_the_receipt_reads_back_to_the_same_record() -> None:
    rec = complete_record()
    assert folded(read_back(rec).to_dict()) == folded(rec.to_dict())


def sparse() -> Record:
    rec = complete_record(tittel=None, kommentar=None, koordinator_sum=45000)
    rec.partnere = [Partner("Nord universitet", "Ola Nordmann", "uh")]
    rec.medbestemmelse.deltakere = [Deltaker("Utdanningsforbundet", "Kari Hansen")]
    rec.flere_uh = True
    rec.faser = ["analyse"]
    rec.varighet = ["V2026", "videre"]
    rec.videreutdanning = "ja"
    rec.samiske_perspektiver = "ikke_relevant"
    rec.gjelder = "begge"
    rec.budsjett_i_vedlegg = True
    return rec


def test_other_answers_read_back_too() -> None:
    rec = sparse()
    assert folded(read_back(rec).to_dict()) == folded(rec.to_dict())


@pytest.mark.parametrize("rows", [1, 20])
def test_any_number_of_budget_rows_reads_back(rows: int) -> None:
    rec = complete_record()
    template = rec.budsjett.rader[0]
    rec.budsjett.rader = [
        type(template)(f"Tiltak {i + 1}: Lesing", 1000 * (i + 1), list(template.uh), None)
        for i in range(rows)
    ]
    for r in rec.budsjett.rader:
        r.totalt = (r.eier or 0) + (r.uh_sum or 0)
    assert folded(read_back(rec).budsjett.to_dict()) == folded(rec.budsjett.to_dict())


def test_the_receipt_shows_the_submission_time_and_the_forms_boxes() -> None:
    pdf = render_receipt(complete_record(), sendt=SENDT, innsender="Kari Nordmann")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "sendt inn på nett 30.1.2026 kl. 14:45:12 av Kari Nordmann" in text  # Oslo time
    assert "Grunnskole ☒" in text and "Barnehage ☐" in text
    assert "Behovsmelding – Kollektiv kompetanseutvikling i barnehage og grunnskole" in text


def without_line_breaks(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: without_line_breaks(v) for k, v in data.items()}
    if isinstance(data, list):
        return [without_line_breaks(v) for v in data]
    return data.replace("\n", " ") if isinstance(data, str) else data


def test_a_complete_record_with_several_rows_reads_back_from_the_pdf() -> None:
    """Every value as stored; the record says the PDF itself was read."""
    rec = full_record(4)
    back = read_back(rec).to_dict()
    want = rec.to_dict()
    assert back.pop("kilde")["format"] == "pdf"
    want.pop("kilde")
    assert without_line_breaks(back) == without_line_breaks(want)
    assert back["budsjett"] == want["budsjett"]
    assert back["partnere"] == want["partnere"]
    assert back["medbestemmelse"] == want["medbestemmelse"]


def test_a_complete_record_reads_back_exactly() -> None:
    rec = full_record(4)
    back = read_back(rec).to_dict()
    want = rec.to_dict()
    back.pop("kilde")
    want.pop("kilde")
    assert back == want


def layout_lines(pdf: bytes) -> list[str]:
    """The PDF's text as laid out on the page (pypdf's layout mode: vertical space between
    lines comes out as empty lines), right-stripped."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [
        ln.rstrip() for p in pages for ln in p.extract_text(extraction_mode="layout").split("\n")
    ]


def test_blank_lines_between_paragraphs_are_kept_in_the_html_and_the_pdf() -> None:
    behov = (
        "Første avsnitt, første linje.\n"
        "Første avsnitt, andre linje.\n"
        "\n"
        "Andre avsnitt etter en blank linje."
    )
    rec = complete_record(behov=behov)

    html = render_html(rec, sendt=SENDT, innsender="Kari Nordmann")
    paragraphs = re.findall(r'<p class="svar[^"]*">(.*?)</p>', html, flags=re.S)
    start = paragraphs.index("Første avsnitt, første linje.")
    assert [p.strip() for p in paragraphs[start : start + 4]] == [
        "Første avsnitt, første linje.",
        "Første avsnitt, andre linje.",
        "",  # the blank line, as a paragraph of its own
        "Andre avsnitt etter en blank linje.",
    ]

    lines = [ln.strip() for ln in layout_lines(render_receipt(rec, sendt=SENDT, innsender="K"))]
    first = lines.index("Første avsnitt, første linje.")
    # The two lines of one paragraph follow each other; a blank line stands before the next.
    assert lines[first + 1] == "Første avsnitt, andre linje."
    gap = lines[first + 2 : lines.index("Andre avsnitt etter en blank linje.")]
    assert gap and all(g == "" for g in gap)


def test_no_blank_line_is_invented_where_none_was_typed() -> None:
    rec = complete_record(behov="Linje en.\nLinje to.")
    lines = [ln.strip() for ln in layout_lines(render_receipt(rec, sendt=SENDT, innsender="K"))]
    assert lines[lines.index("Linje en.") + 1] == "Linje to."
