"""Free text from outside is shown as text everywhere: HTML/JS escaped on pages, no formulas in
Excel cells, the amounts still numbers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from web_factories import PASSWORD, behovsmelding, caseworker, record_dict

from behovsmelding.web import services
from behovsmelding.web.exporters import ExportItem, XlsxExporter, neutralise

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'


def hostile_record() -> dict[str, Any]:
    data = record_dict()
    data["eier"] = f"Ondsinnet {SCRIPT} kommune"
    data["kompetansenettverk"] = f'=HYPERLINK("http://x","klikk") {IMG}'
    if data.get("tiltak"):
        data["tiltak"][0]["navn"] = f"+cmd|' /C calc'!A0 {SCRIPT}"
    return data


@pytest.fixture
def page_client() -> tuple[Client, Any]:
    sb = caseworker(username="sb")
    data = hostile_record()
    changes = {k: data[k] for k in ("eier", "kompetansenettverk", "tiltak")}
    bm = behovsmelding(by=sb, **changes)
    services.add_comment(bm, f"@SUM(1+1) {IMG}", by=sb)
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c, bm


def assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert IMG not in html
    assert 'onerror="alert' not in html


def test_overview_and_detail_escape_free_text(page_client: tuple[Client, Any]) -> None:
    c, bm = page_client
    for url in (reverse("oversikt"), reverse("detalj", args=[bm.pk])):
        html = c.get(url).content.decode()
        assert_escaped(html)
        assert "&lt;script&gt;" in html, url
    detail = c.get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "&lt;img src=x onerror=" in detail  # the comment, as text


def test_htmx_partial_and_filter_menus_escape_free_text(page_client: tuple[Client, Any]) -> None:
    c, _ = page_client
    html = c.get(reverse("oversikt"), HTTP_HX_REQUEST="true").content.decode()
    assert_escaped(html)
    full = c.get(reverse("oversikt"), {"q": SCRIPT}).content.decode()
    assert_escaped(full)


def test_upload_report_escapes_the_file_name() -> None:
    sb = caseworker(username="sb")
    # No "/" in the name: the upload keeps only a path's last part, so "<script>…</script>.txt"
    # would reach the page as "script>.txt" and the test could not fail.
    name = f"{IMG}.txt"
    opplasting = services.receive_files([services.InnkommendeFil(name, b"ikke et skjema")], by=sb)
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    report = c.get(reverse("opplasting", args=[opplasting.pk])).content.decode()
    assert_escaped(report)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.txt" in report  # there, as text
    assert_escaped(c.get(reverse("opplastinger")).content.decode())


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_turns_formula_starts_into_text(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise(f"Bodø {start}1") == f"Bodø {start}1"


def test_excel_cells_never_hold_formulas_and_amounts_stay_numbers(
    page_client: tuple[Client, Any],
) -> None:
    c, _ = page_client
    wb = load_workbook(io.BytesIO(c.get(reverse("eksport-excel")).content))
    cells = [cell for ws in wb for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert any(t.startswith("'+cmd") for t in texts)
    header = [cell.value for cell in wb["Tiltak"][1]]
    amounts = [
        row[i]
        for row in wb["Tiltak"].iter_rows(min_row=2, values_only=True)
        for i, h in enumerate(header)
        if "Totalt" in str(h) or "totalt" in str(h)
    ]
    assert amounts and all(isinstance(a, int) for a in amounts if a is not None)


def test_excel_writer_alone_neutralises_findings_too() -> None:
    item = ExportItem(
        data=record_dict(),
        funn=[{"kode": "X", "alvorlighet": "feil", "felt": "-", "melding": "=1+1"}],
    )
    buf = io.BytesIO()
    XlsxExporter().write([item], buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    values = [c.value for row in wb["Funn"].iter_rows(min_row=2) for c in row]
    assert "'=1+1" in values and "'-" in values
    assert all(c.data_type != "f" for row in wb["Funn"].iter_rows() for c in row)
