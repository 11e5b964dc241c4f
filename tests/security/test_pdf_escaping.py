"""Free text in a PDF is text: the owners' receipt (skjema) renders HTML/JS from the record
escaped in its HTML, so the PDF shows the characters instead of running or dropping them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader
from web_factories import record_dict

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.skjema import receipt

SCRIPT = "<script>alert('x')</script>"


def hostile() -> Record:
    return Record.from_dict(record_dict(eier=f"Ondsinnet {SCRIPT} kommune"))


def test_receipt_html_escapes_free_text() -> None:
    html = receipt.render_html(hostile(), sendt=datetime(2026, 1, 1, tzinfo=UTC), innsender=SCRIPT)
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_receipt_pdf_shows_the_markup_as_text() -> None:
    pdf = receipt.render_receipt(
        hostile(), sendt=datetime(2026, 1, 1, tzinfo=UTC), innsender="Kari"
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>" in text.replace("\n", "")
