"""Text from other PDF-to-text tools, made at test time from the samples' PDFs.

``pdftotext -layout`` keeps the page layout; ``-raw`` the content stream's order; plain
``pdftotext`` writes a table's cells column by column (the budget's label and Eier columns
before the next heading, its UH and Totalt columns after it, the amounts interleaved). Each
extraction is read as a .txt file and scored against the sample's record with the shared
scorer; the floors are what the reader reaches, so that a change that loses fields fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from behovsmelding.readers import read_bytes

Score = Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]

# (sample, pdftotext options) → the score the reader reaches
FLOORS = {
    ("sample_a_2024_bodo", ""): 1.0,
    ("sample_a_2024_bodo", "-layout"): 1.0,
    ("sample_a_2024_bodo", "-raw"): 1.0,
    # plain: section 2's activity table comes column by column into partnerskapsplan
    ("sample_d_2026_bodo", ""): 0.99,
    ("sample_d_2026_bodo", "-layout"): 1.0,
    ("sample_d_2026_bodo", "-raw"): 1.0,
}


def _pdftotext(pdf: Path, option: str) -> bytes:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext is missing: scripts/install-system-deps.sh installs poppler-utils")
    args = [exe, "-enc", "UTF-8", *([option] if option else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout


@pytest.mark.parametrize(("sample", "option"), FLOORS, ids=[f"{s}{o}" for s, o in FLOORS])
def test_pdftotext_extraction_scores(shared: Path, score: Score, sample: str, option: str) -> None:
    pdf = shared / "samples" / f"{sample}.pdf"
    want = json.loads((shared / "samples" / f"{sample}.json").read_text(encoding="utf-8"))
    record = read_bytes(_pdftotext(pdf, option), f"{sample}.txt").to_dict()
    fraction, missed = score(want, record)
    assert fraction >= FLOORS[(sample, option)], f"{fraction:.3f}, differs at {missed}"


def test_plain_pdftotext_budget_with_uh_and_totalt_after_the_comment_heading(
    shared: Path,
) -> None:
    pdf = shared / "samples" / "sample_d_2026_bodo.pdf"
    want = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    record = read_bytes(_pdftotext(pdf, ""), "sample_d_2026_bodo.txt").to_dict()
    assert record["budsjett"] == want["budsjett"]
    assert record["kommentar"] == want["kommentar"]


def test_budget_columns_after_the_comment_heading_are_dealt_by_the_sums(
    read: Callable[..., Any], form: Callable[..., str]
) -> None:
    # the label and Eier columns first (an amount's ",-" run into the next cell's text), then
    # the comment heading, then the UH and Totalt columns with their amounts interleaved
    text = form(budget="").replace(
        "Ordning Eier UH Totalt\n",
        "Eier\nRegional\n100 000,ordning\nDesentralisert ordning\n50 000,Sum\n"
        "150 000,Ev. kommentar fra innsender\nUH\n250 000,- (Nord)\nTotalt\n350 000,-\n"
        "25 000,- (Nord)\n75 000,275 000,-\n425 000,-\n",
    )
    b = read(text).budsjett
    assert [(r.etikett, r.eier, [u.belop for u in r.uh], r.totalt) for r in b.rader] == [
        ("Regional ordning", 100000, [250000], 350000),
        ("Desentralisert ordning", 50000, [25000], 75000),
    ]
    assert (b.sum.eier, [u.belop for u in b.sum.uh], b.sum.totalt) == (150000, [275000], 425000)
    assert [u.institusjon for u in b.rader[0].uh] == ["Nord"]
