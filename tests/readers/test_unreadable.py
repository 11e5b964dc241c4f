"""An amount is read from where it is written, or reported unreadable: never another number.

Cell boundaries from .docx/.pdf (and tab-separated rows) are hard: a typo inside one cell
("1 5 44 000") is that cell's one amount; a cell that holds two amounts in full is unreadable.
A text row without boundaries is split only where the sums leave one reading. Unreadable
fields are None in the record and named, with their text, in the reading result; the checks
then give the ULESELIG advarsel there instead of "er ikke fylt ut".
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from behovsmelding.checks import check
from behovsmelding.readers import read_bytes_with_result
from behovsmelding.readers.values import amount_row, cell_amounts

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLE_D = SHARED / "samples" / "sample_d_2026_bodo.docx"


def _values(text: str, cells: list[str] | None = None) -> tuple[object, ...]:
    r = amount_row(text, cells)
    return r.eier, r.uh_sum, r.totalt, dict(r.uleselig)


def test_cells_given_are_hard_boundaries_and_a_space_typo_is_one_amount() -> None:
    row = "Desentralisert ordning 625 000 919 000 1 5 44 000"
    cells = ["Desentralisert ordning", "625 000", "919 000", "1 5 44 000"]
    assert _values(row, cells) == (625_000, 919_000, 1_544_000, {})
    # the same without the label cell
    assert _values("", cells[1:]) == (625_000, 919_000, 1_544_000, {})


@pytest.mark.parametrize(
    ("cell", "want"),
    [
        ("1 5 44 000", 1_544_000),
        ("1.451.500,-", 1_451_500),
        ("Kr 80 000", 80_000),
        ("609\n560,-", 609_560),
        ("614 300,00", 614_300),
    ],
)
def test_one_cell_holds_one_amount(cell: str, want: int) -> None:
    cells, raw = cell_amounts(cell)
    assert raw is None
    assert [c.belop for c in cells] == [want]


@pytest.mark.parametrize("cell", ["1 000 2 000", "100 000,- 50 000,-", "100 000 200 000"])
def test_a_cell_with_two_amounts_in_full_is_unreadable(cell: str) -> None:
    assert cell_amounts(cell) == ([], " ".join(cell.split()))


def test_an_unreadable_cell_is_named_not_guessed() -> None:
    eier, uh, tot, uleselig = _values("", ["1 000 2 000", "3 000", "6 000"])
    assert (eier, uh, tot) == (None, 3_000, 6_000)
    assert uleselig == {"eier": "1 000 2 000"}


def test_a_text_row_is_split_where_the_sums_leave_one_reading() -> None:
    assert _values("625 000 919 000 1 5 44 000") == (625_000, 919_000, 1_544_000, {})


def test_an_ambiguous_text_row_is_unreadable_where_readings_differ() -> None:
    # "625 001" breaks the sum: the digits can be cut several ways and none adds up
    eier, uh, tot, uleselig = _values("625 001 919 000 1 5 44 000")
    assert (eier, uh, tot) == (None, None, None)
    assert uleselig == dict.fromkeys(("eier", "uh", "totalt"), "625 001 919 000 1 5 44 000")
    # amounts apart from the typo (after ",-") are read
    eier, uh, tot, uleselig = _values("625 001,- 919 000 1 5 44 000")
    assert (eier, uh, tot) == (625_001, None, None)
    assert uleselig == dict.fromkeys(("uh", "totalt"), "919 000 1 5 44 000")


def _seed(number: str) -> Path:
    found = sorted((SHARED / "seeds").glob(f"{number}_*.txt"))
    if not found:
        pytest.skip(f"seed {number} not found")
    return found[0]


def test_an_ambiguous_text_row_gives_an_advarsel_and_no_empty_finding() -> None:
    path = _seed("003")
    text = path.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if re.search(r"\d \d \d\d \d{3}\s*$", ln))
    label = row.split(" 6")[0] if " 6" in row else row
    amounts = row[len(label) :].split()
    amounts[1] = amounts[1][:-1] + str((int(amounts[1][-1]) + 1) % 10)  # a typo in Eier
    planted = label + " " + " ".join(amounts)
    lesing = read_bytes_with_result(text.replace(row, planted).encode("utf-8"), path.name)
    k = next(i for i, r in enumerate(lesing.record.budsjett.rader) if r.etikett == label.strip())
    rad = lesing.record.budsjett.rader[k]
    assert rad.totalt is None
    assert f"budsjett.rader[{k}].totalt" in lesing.uleselig
    findings = check(lesing.record, uleselig=lesing.uleselig)
    at_row = [f for f in findings if f.felt.startswith(f"budsjett.rader[{k}]")]
    assert not any("ikke fylt ut" in f.melding or "er tomt" in f.melding for f in at_row)
    assert not any(f.kode.startswith("SUM_") for f in at_row)
    mine = [f for f in findings if f.kode == "ULESELIG"]
    assert {f.felt for f in mine} == set(lesing.uleselig)
    assert all(f.alvorlighet == "advarsel" for f in mine)
    raw = lesing.uleselig[f"budsjett.rader[{k}].totalt"]
    assert any(f.melding == f"kunne ikke leses sikkert: «{raw}»" for f in mine)
    # without the reading result the same None is taken for an empty cell
    plain = check(lesing.record)
    assert any(f.kode == "SUM_DEL_MANGLER" or "ikke fylt ut" in f.melding for f in plain)


def _docx_with(old: str, new: str) -> bytes:
    if not SAMPLE_D.is_file():
        pytest.skip("sample D not found")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(SAMPLE_D) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.namelist():
            data = zin.read(item)
            if item == "word/document.xml":
                xml = data.decode("utf-8")
                assert f">{old}</w:t>" in xml
                data = xml.replace(f">{old}</w:t>", f">{new}</w:t>", 1).encode("utf-8")
            zout.writestr(item, data)
    return out.getvalue()


def test_a_space_typo_in_a_docx_cell_is_that_cells_amount() -> None:
    lesing = read_bytes_with_result(_docx_with("401 500,-", "4 0 1 500,-"), "d.docx")
    rad = lesing.record.budsjett.rader[0]
    assert (rad.eier, rad.totalt) == (200_000, 401_500)
    assert lesing.uleselig == {}
    assert not [f for f in check(lesing.record) if f.felt.startswith("budsjett.rader[0]")]


def test_two_amounts_in_one_docx_cell_are_unreadable_with_an_advarsel() -> None:
    lesing = read_bytes_with_result(_docx_with("401 500,-", "401 500 200 000"), "d.docx")
    rad = lesing.record.budsjett.rader[0]
    assert (rad.eier, rad.totalt) == (200_000, None)
    assert lesing.uleselig == {"budsjett.rader[0].totalt": "401 500 200 000"}
    findings = check(lesing.record, uleselig=lesing.uleselig)
    at = [f for f in findings if f.felt.startswith("budsjett.rader[0]")]
    assert [(f.kode, f.alvorlighet, f.felt) for f in at] == [
        ("ULESELIG", "advarsel", "budsjett.rader[0].totalt")
    ]
    assert at[0].melding == "kunne ikke leses sikkert: «401 500 200 000»"
