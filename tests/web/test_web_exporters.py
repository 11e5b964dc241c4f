"""Exporters: Excel with a tiltak sheet (amounts as numbers) and a findings sheet; JSON."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from web_factories import FINDING_SUM, behovsmelding, record_dict

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.exporters import (
    ExportItem,
    FunnExporter,
    JsonExporter,
    TiltakExporter,
    XlsxExporter,
    export_stored,
)


def items() -> list[ExportItem]:
    return [
        ExportItem(data=record_dict(), funn=[FINDING_SUM], meta={"id": 1}),
        ExportItem(data=record_dict("sample_d_2026_bodo"), meta={"id": 2}),
    ]


def test_tiltak_rows_are_keyed_by_stable_field_names() -> None:
    rows = list(TiltakExporter().rows(items()))
    assert all(set(r) == set(TiltakExporter.FIELDS) for r in rows)
    first = rows[0]
    assert (first["tiltak_nr"], first["belop_eier"], first["belop_uh"]) == (6, 900000, 624914)
    assert first["antall_feil"] == 1


def test_record_without_tiltak_gives_its_budget_rows() -> None:
    data = record_dict(tiltak=[])
    rows = list(TiltakExporter().rows([ExportItem(data=data)]))
    assert [r["kilde"] for r in rows] == ["budsjettrad"] * 3
    assert rows[0]["belop_uh"] == 637950 + 328320


def test_findings_rows() -> None:
    rows = list(FunnExporter().rows(items()))
    assert rows == [
        {
            "id": 1,
            "region": None,
            "status": None,
            "mottatt": None,
            "fil": "sample_a_2024_bodo.docx",
            "aar": 2024,
            "eier": "Bodø kommune",
            **FINDING_SUM,
        }
    ]


def test_xlsx_has_two_sheets_with_amounts_as_kroner_numbers() -> None:
    buf = io.BytesIO()
    n = XlsxExporter().write(items(), buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["Tiltak", "Funn"]
    ws = wb["Tiltak"]
    header = [c.value for c in ws[1]]
    col = header.index("Eier (kr)") + 1
    cell = ws.cell(row=2, column=col)
    assert cell.value == 900000 and isinstance(cell.value, int)
    assert "kr" in cell.number_format
    assert ws.max_row == n + 2  # header, the rows, the totals row
    assert wb["Funn"].cell(row=2, column=header.index("Eier") + 1).value is not None
    assert [c.value for c in wb["Funn"][2]][-1] == FINDING_SUM["melding"]


def test_json_of_one_record_is_a_behovsmelding_v1_object() -> None:
    buf = io.BytesIO()
    JsonExporter().write(items()[:1], buf, single=True)
    record = Record.from_dict(json.loads(buf.getvalue()))
    assert record.to_dict() == Record.from_dict(record_dict()).to_dict()


def test_json_of_many_is_an_array_of_records() -> None:
    buf = io.BytesIO()
    JsonExporter().write(items(), buf)
    data = json.loads(buf.getvalue())
    assert [Record.from_dict(d).skjema for d in data] == ["lokal-2024", "kollektiv-2026"]


@pytest.mark.django_db
def test_export_stored_filters_by_year() -> None:
    behovsmelding()
    behovsmelding(name="sample_d_2026_bodo")
    buf = io.BytesIO()
    assert export_stored("json", buf, aar=2026) == 1
    assert json.loads(buf.getvalue())[0]["aar"] == 2026
    with pytest.raises(ValueError, match="ukjent eksportformat"):
        export_stored("csv", io.BytesIO())
