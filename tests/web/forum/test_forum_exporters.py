"""The forum's exporters on a snapshot in memory: rows by stable names, formulas neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from behovsmelding.web.forum.exporters import (
    UtbetalingCsv,
    UtbetalingExporter,
    UtbetalingXlsx,
    gruppert,
)


def snapshot() -> dict[str, Any]:
    return {
        "aar": [2026, 2027, 2028],
        "mottakere": [
            {
                "type": "eier",
                "navn": '=HYPERLINK("http://x")',
                "orgnr": "972418013",
                "kontonr": "",
                "per_aar": [100_000, 50_000, 0],
                "totalt": 150_000,
                "linjer": [{"post": 1, "tiltak": "@Lesing", "per_aar": [100_000, 50_000]}],
                "mangler": ["kontonummer"],
            }
        ],
    }


def test_payment_rows_are_keyed_by_stable_names() -> None:
    (row,) = UtbetalingExporter().rows(snapshot())
    assert set(row) == set(UtbetalingExporter.FIELDS)
    assert (row["utbetales_aar1"], row["aar2"], row["totalt"]) == (100_000, 50_000, 150_000)
    assert row["merknad"] == "MANGLER kontonummer"


def test_formulas_are_neutralised_in_csv_and_excel() -> None:
    raw = UtbetalingCsv().render(snapshot())
    assert raw.startswith(b"\xef\xbb\xbf")
    row, total = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
    assert (total["Type"], total["Totalt"]) == ("Sum", "150000")
    assert row["Mottaker"] == '\'=HYPERLINK("http://x")'
    assert row["Tiltak"] == "'@Lesing"
    assert row["Utbetales år 1"] == "100000"
    ws = load_workbook(io.BytesIO(UtbetalingXlsx().render(snapshot())))["Utbetaling"]
    assert ws.cell(row=2, column=2).value == '\'=HYPERLINK("http://x")'
    assert ws.cell(row=2, column=2).data_type == "s"
    assert ws.cell(row=2, column=5).value == 100_000
    assert ws.cell(row=2, column=5).number_format == '#,##0 "kr";-#,##0 "kr"'


def test_numbers_are_grouped_as_in_letters() -> None:
    assert gruppert("45005500080") == "4500.55.00080"
    assert gruppert("972418013") == "972 418 013"
    assert gruppert("") == ""
