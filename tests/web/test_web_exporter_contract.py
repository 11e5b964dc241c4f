"""One exporter contract for the records' files (web and CLI) and the forum's: identifier,
verbose name, rows by stable names (``iterate_list``), the file (``render``); one function
keeps formulas out of every spreadsheet and CSV cell."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from web_factories import FINDING_SUM, record_dict

from behovsmelding.web import exporter, exporters
from behovsmelding.web.exporters import ExportItem, TiltakExporter
from behovsmelding.web.forum import exporters as forum_exporters
from behovsmelding.web.forum.exporters import UtbetalingExporter

SRC = Path(__file__).resolve().parents[2] / "src/behovsmelding"


def _all() -> list[type[exporter.Exporter]]:
    return [*exporters.EXPORTERS.values(), *forum_exporters.EXPORTERS.values()]


def test_every_exporter_has_the_contract_and_a_unique_identifier() -> None:
    found = _all()
    assert len(found) == 7
    for e in found:
        assert issubclass(e, exporter.Exporter), e
        assert e.identifier and e.verbose_name and e.content_type and e.extension, e
    assert len({e.identifier for e in found}) == len(found)
    # The command line's formats are the records' exporters' identifiers.
    assert set(exporters.EXPORTERS) == {"xlsx", "json"}


def test_records_rows_and_file_through_the_contract() -> None:
    items = [ExportItem(data=record_dict(), funn=[FINDING_SUM], meta={"id": 1})]
    xlsx = exporters.EXPORTERS["xlsx"]()
    rows = list(xlsx.iterate_list(items))
    assert rows and all(set(r) == set(TiltakExporter.FIELDS) for r in rows)
    wb = load_workbook(io.BytesIO(xlsx.render(items)))
    assert wb.sheetnames == ["Tiltak", "Funn"]
    json_rows = list(exporters.EXPORTERS["json"]().iterate_list(items))
    assert json_rows == [record_dict()]


def _vedtak() -> dict[str, object]:
    return {
        "aar": [2026, 2027, 2028],
        "mottakere": [
            {
                "type": "eier",
                "navn": "=1+2",
                "orgnr": "972418013",
                "kontonr": "15030100000",
                "per_aar": [1000, 0, 0],
                "totalt": 1000,
                "linjer": [{"post": 1, "tiltak": "-Lesing", "per_aar": [1000, 0]}],
                "mangler": [],
            }
        ],
    }


def test_forum_rows_and_files_through_the_contract_with_formulas_neutralised() -> None:
    csv_exporter = forum_exporters.EXPORTERS["utbetaling_csv"]()
    rows = list(csv_exporter.iterate_list(_vedtak()))
    assert [set(r) for r in rows] == [set(UtbetalingExporter.FIELDS)]
    text = csv_exporter.render(_vedtak()).decode("utf-8-sig")
    assert "'=1+2" in text and ";=1+2" not in text
    xlsx = forum_exporters.EXPORTERS["utbetaling_xlsx"]().render(_vedtak())
    values = [c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    assert "'=1+2" in values and "=1+2" not in values


def test_neutralise_keeps_every_formula_start_out_and_the_rest_as_it_is() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exporter.neutralise(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
    assert exporter.neutralise("Bodø = 1") == "Bodø = 1"
    assert exporter.neutralise(-5) == -5 and exporter.neutralise(None) is None


def test_formula_neutralising_is_written_once() -> None:
    assert exporters.neutralise is exporter.neutralise
    assert forum_exporters.neutralise is exporter.neutralise
    starts = re.compile(r"""\(\s*["']=["'],\s*["']\+["']""")
    defined = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if starts.search(p.read_text(encoding="utf-8"))
    ]
    assert defined == ["web/exporter.py"]
    kroner = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "KRONER_FORMAT = " in p.read_text(encoding="utf-8")
    ]
    assert kroner == ["web/exporter.py"]
