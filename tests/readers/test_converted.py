"""The samples as other tools wrote them read like the samples themselves.

``data/`` keeps the conversions that once read worse than their original (made with
LibreOffice 7.4 and poppler from the generated forms in shared/samples, never from a real
document), with copies of the samples' golden records, so that these tests run on a machine
without LibreOffice or the shared folder:

* ``libreoffice-text.txt``: ``soffice --convert-to txt:Text``, which writes a table row by row
  with every cell on a line of its own, the column heads too ("Ordning", "Eier", "UH",
  "Totalt"), unlike pdftotext, which writes a table column by column;
* ``wingdings-boxes.libreoffice-text.txt``: the same, from a form whose boxes are Wingdings
  symbols, which a text export writes as private-use characters (U+F0FE, U+F0A8);
* ``no-content-controls.docx``: the form re-saved without content controls (as Google Docs
  does): no placeholder flags, placeholders and boxes as plain text, runs split per word;
* ``libreoffice-odt-to-docx.docx``: saved as .odt and back to .docx in LibreOffice;
* ``cairo-reprint.pdf``: the PDF printed again through cairo (``pdftocairo -pdf``), which
  draws text and borders in its own way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from behovsmelding.readers import read_bytes
from behovsmelding.readers.source import text_lines

DATA = Path(__file__).parent / "data"
CONVERTED = sorted(p for p in DATA.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))

# fields compared exactly: amounts, years and counts (and, by their "]", list members and boxes)
AMOUNT_KEYS = re.compile(r"(belop|eier|uh|totalt|antall_tiltak|koordinator_sum|aar)$")

Score = Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]


def _golden(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / f"{path.name.split('.')[0]}.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: p.name)
def test_a_converted_sample_scores_like_the_sample(path: Path, score: Score) -> None:
    record = read_bytes(path.read_bytes(), path.name).to_dict()
    fraction, missed = score(_golden(path), record)
    assert fraction >= 0.99, f"{fraction:.3f}, differs at {missed[:10]}"
    exact = [m for m in missed if AMOUNT_KEYS.search(m) or m.endswith("]")]
    assert not exact, f"amounts, boxes or counts differ at {exact}"


def test_a_budget_table_written_one_cell_per_line_keeps_its_rows(score: Score) -> None:
    path = DATA / "sample_a_2024_bodo.libreoffice-text.txt"
    budsjett = read_bytes(path.read_bytes(), path.name).to_dict()["budsjett"]
    fraction, missed = score(_golden(path)["budsjett"], budsjett)
    assert fraction == 1.0, missed


def test_a_partner_list_written_one_cell_per_line_keeps_its_rows() -> None:
    path = DATA / "sample_a_2024_bodo.libreoffice-text.txt"
    partnere = read_bytes(path.read_bytes(), path.name).to_dict()["partnere"]
    assert partnere == _golden(path)["partnere"]


def test_symbol_font_boxes_in_a_text_export_are_boxes() -> None:
    lines = text_lines("Ja \uf0fe   Nei \uf0a8\nJa \uf054 Nei \uf0a3\n\uf0b7 Punkt\uf020")
    assert [ln.text for ln in lines] == ["Ja ☒   Nei ☐", "Ja ☒ Nei ☐", "• Punkt"]
