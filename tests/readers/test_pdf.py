"""The .pdf reader: positions and borders become the lines the one form parser reads.

PDFs are made here with WeasyPrint (HTML → PDF, fonts embedded like LibreOffice does), and the
shared samples (Word forms printed to PDF by LibreOffice) are compared with their .docx twins.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import weasyprint  # type: ignore[import-untyped]

from behovsmelding.readers import ReadError, document_lines, read_bytes
from behovsmelding.readers import pdf as pdf_module
from behovsmelding.readers.limits import Limits
from behovsmelding.readers.pdf import pdf_lines
from behovsmelding.readers.pdf_content import _Unsupported
from behovsmelding.readers.source import Line

CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: "Side: " counter(page) "/" counter(pages);
        font-family: "DejaVu Sans"; font-size: 9pt } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.3 }
p { margin: 0 0 8pt 0 }
table { border-collapse: collapse }
td { border: 1px solid black; padding: 3pt; vertical-align: top }
"""


def make_pdf(body: str) -> bytes:
    page = f'<html lang="nb"><meta charset="utf-8"><style>{CSS}</style><body>{body}</body></html>'
    data: bytes = weasyprint.HTML(string=page).write_pdf()
    return data


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines if ln.text.strip()]


LONG = (
    "Barn og elever, ansatte og ledere, hovedtillitsvalgte og SePU har i løpet av høsten vært "
    "involvert i kartlegginger, og teamene i skolene har gjennom pedagogisk analyse identifisert "
    "utfordringer knyttet til praksis som de vil arbeide videre med gjennom hele skoleåret."
)


def test_a_paragraph_wrapped_over_lines_is_one_line_again() -> None:
    lines = pdf_lines(make_pdf(f"<p>{LONG}</p><p>Neste avsnitt.</p>"))
    assert texts(lines) == [LONG, "Neste avsnitt."]


def test_a_gap_wider_than_the_line_pitch_marks_a_paragraphs_end() -> None:
    lines = pdf_lines(make_pdf(f"<p>{LONG}</p><p>{LONG}</p><p>Kort.</p>"))
    want = [(LONG, True), (LONG, True), ("Kort.", False)]
    assert [(ln.text, ln.end) for ln in lines if ln.text] == want


def test_lines_at_the_line_pitch_mark_no_paragraphs_end() -> None:
    # broken where the author broke the line, but with no space between: the reader cannot
    # tell a paragraph from a line break, and leaves the question to the parser
    body = f'<p style="white-space: pre-wrap">{LONG}\nKort linje.\nNeste.</p>'
    lines = [ln for ln in pdf_lines(make_pdf(body)) if ln.text]
    assert [ln.text for ln in lines] == [LONG, "Kort linje.", "Neste."]
    assert not any(ln.end for ln in lines)


def test_a_last_line_with_room_left_before_a_page_break_marks_a_paragraphs_end() -> None:
    body = (
        f'<p style="margin: 0">{LONG}</p><p style="margin: 0">Kort linje på første side.</p>'
        '<p style="margin: 0; break-before: page">Neste side.</p>'
    )
    lines = [ln for ln in pdf_lines(make_pdf(body)) if ln.text]
    # the long paragraph shows where the right margin is; no gap between the paragraphs
    assert [(ln.text, ln.end) for ln in lines] == [
        (LONG, False),
        ("Kort linje på første side.", True),
        ("Neste side.", False),
    ]


def test_a_table_row_and_the_paragraph_before_it_are_marked_as_ended() -> None:
    body = "<p>Tabellen:</p><table><tr><td>Hva</td><td>Omfang</td></tr></table>"
    lines = [ln for ln in pdf_lines(make_pdf(body)) if ln.text]
    assert [(ln.text, ln.end) for ln in lines] == [("Tabellen:", True), ("Hva Omfang", True)]


def test_list_items_stay_apart() -> None:
    lines = pdf_lines(make_pdf("<ul><li>Første punkt</li><li>Andre punkt</li></ul>"))
    assert texts(lines) == ["• Første punkt", "• Andre punkt"]


def test_check_boxes_keep_their_glyphs() -> None:
    lines = pdf_lines(make_pdf('<p style="white-space:pre">Ja ☒   Nei ☐</p>'))
    assert texts(lines) == ["Ja ☒   Nei ☐"]


def test_page_footers_are_left_out_and_a_paragraph_goes_on_over_the_page_break() -> None:
    filler = "".join(f"<p>Avsnitt {i}.</p>" for i in range(40))
    lines = pdf_lines(make_pdf(filler + f"<p>{LONG} {LONG}</p><p>Slutt.</p>"))
    got = texts(lines)
    assert not any(t.startswith("Side:") for t in got)
    assert f"{LONG} {LONG}" in got
    assert got[-1] == "Slutt."


def test_a_bordered_table_row_is_one_line_with_its_cells() -> None:
    table = (
        "<table><tr><td>Ordning</td><td>Eier</td><td>UH</td><td>Totalt</td></tr>"
        "<tr><td>Regional ordning</td><td>200.000,-</td><td></td><td>200.000,-</td></tr></table>"
    )
    rows = [ln for ln in pdf_lines(make_pdf(table)) if ln.cells]
    assert [r.cells for r in rows] == [
        ("Ordning", "Eier", "UH", "Totalt"),
        ("Regional ordning", "200.000,-", "", "200.000,-"),
    ]
    assert rows[1].text == "Regional ordning 200.000,-  200.000,-"


def test_values_wrapped_inside_narrow_cells_are_joined() -> None:
    cell = 'style="width:62pt; overflow-wrap:anywhere"'
    table = (
        f"<table><tr><td>E-post</td><td {cell}>heidi.einarson@bodo.kommune.no</td>"
        f"<td {cell}>Ann Margareth Gustavsen</td></tr>"
        f"<tr><td>Ev. merkes</td><td {cell}>17020.2100.202.TETTPÅ</td><td {cell}>SePU</td></tr>"
        f"<tr><td>Post</td><td {cell}>post@kommune-eksempel.no</td><td {cell}>-</td></tr>"
        "</table>"
    )
    rows = [ln.cells for ln in pdf_lines(make_pdf(table)) if ln.cells]
    assert rows == [
        ("E-post", "heidi.einarson@bodo.kommune.no", "Ann Margareth Gustavsen"),
        ("Ev. merkes", "17020.2100.202.TETTPÅ", "SePU"),
        ("Post", "post@kommune-eksempel.no", "-"),
    ]


def test_a_label_glued_to_the_next_amount_in_a_cell_is_split() -> None:
    table = "<table><tr><td>UH</td><td>637.950 (Sepu)328.320,- (Nord)</td></tr></table>"
    (row,) = [ln for ln in pdf_lines(make_pdf(table)) if ln.cells]
    assert row.cells == ("UH", "637.950 (Sepu)\n328.320,- (Nord)")


def test_a_pdf_the_fast_reader_cannot_read_falls_back_to_pypdf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unsupported(*args: object) -> list[Line]:
        raise _Unsupported("test")

    data = make_pdf("<p>Eier: Bodø kommune</p>")
    monkeypatch.setattr(pdf_module, "_fast", unsupported)
    assert texts(pdf_lines(data)) == ["Eier: Bodø kommune"]


# --- whole forms -------------------------------------------------------------------------------


def test_a_form_printed_without_table_borders_reads_like_its_text(
    form: Callable[..., str], tiltak: Callable[..., str]
) -> None:
    # No cell boundaries at all: the amounts rows are read with the rule Eier + UH = Totalt.
    text = form(
        budget="Regional ordning 100 000 250 000 350 000\nSum 100 000 250 000 350 000",
        tiltak=[tiltak(koordinator="Ja ☒", begrunn="Mange enheter.")],
    )
    body = "".join(
        f'<p style="margin:0">{html.escape(line) or "&nbsp;"}</p>' for line in text.split("\n")
    )
    from_pdf = read_bytes(make_pdf(body), "skjema.pdf").to_dict()
    from_text = read_bytes(text.encode(), "skjema.txt").to_dict()
    assert from_pdf.pop("kilde")["format"] == "pdf"
    from_text.pop("kilde")
    assert from_pdf["budsjett"] == from_text["budsjett"]
    assert from_pdf["budsjett"]["rader"][0]["totalt"] == 350000
    assert from_pdf == from_text


# --- the shared samples ------------------------------------------------------------------------


def _samples(shared: Path) -> list[Path]:
    found = sorted((shared / "samples").glob("*.pdf"))
    if not found:
        pytest.skip("no samples in the shared folder")
    return found


def test_the_samples_give_the_same_lines_as_their_word_files(shared: Path) -> None:
    for path in _samples(shared):
        twin = path.with_suffix(".docx")
        if not twin.is_file():
            continue
        _, from_pdf = document_lines(path.read_bytes(), path.name)
        _, from_docx = document_lines(twin.read_bytes(), twin.name)
        assert [(ln.text, ln.cells) for ln in from_pdf if ln.text.strip()] == [
            (ln.text, ln.cells) for ln in from_docx if ln.text.strip()
        ]


def test_the_sample_documents_in_pdf_score_at_least_099(
    shared: Path, score: Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]
) -> None:
    for path in _samples(shared):
        golden = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        record = read_bytes(path.read_bytes(), path.name).to_dict()
        fraction, missed = score(golden, record)
        assert fraction >= 0.99, missed
        for key in ("tiltak", "budsjett"):
            assert record[key] == golden[key] or fraction == 1.0
        assert [(t["eier"], t["uh"], t["totalt"], t["varighet"]) for t in record["tiltak"]] == [
            (t["eier"], t["uh"], t["totalt"], t["varighet"]) for t in golden["tiltak"]
        ]


# --- hand-made PDFs: exact geometry ------------------------------------------------------------


# A symbol font as printed without Wingdings installed: its codes map to private-use
# characters (n → U+F0FE ticked box, o → U+F0A8 empty box).
TO_UNICODE = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def "
    b"1 begincodespacerange <00> <FF> endcodespacerange "
    b"2 beginbfchar <6E> <F0FE> <6F> <F0A8> endbfchar endcmap "
    b"CMapName currentdict /CMap defineresource pop end end"
)


def raw_pdf(pages: list[bytes]) -> bytes:
    """A PDF whose pages have exactly these content streams (/F1 Helvetica, /F2 symbols)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, written below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(TO_UNICODE) + TO_UNICODE + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
    ]
    kids = []
    for content in pages:
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 5 0 R >> >> >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _text(x: float, y: float, s: str) -> bytes:
    return b"BT /F1 11 Tf %g %g Td (%s) Tj ET\n" % (x, y, s.encode("cp1252"))


def _box(x0: float, y0: float, x1: float, y1: float, xs: tuple[float, ...]) -> bytes:
    """Borders of one table row from y0 (bottom) to y1 (top), with vertical lines at xs."""
    out = b"0.5 w %g %g m %g %g l S %g %g m %g %g l S\n" % (x0, y0, x1, y0, x0, y1, x1, y1)
    for x in xs:
        out += b"%g %g m %g %g l S\n" % (x, y0, x, y1)
    return out


def test_a_table_row_split_by_a_page_break_is_one_row() -> None:
    xs = (72.0, 200.0, 400.0)
    page1 = (
        _text(72, 740, "Ordning")
        + _box(72, 100, 400, 700, xs)
        + _text(78, 685, "Regional ordning")
        + _text(206, 685, "637.950 (Sepu)")
        + _text(206, 105, "328.320,-")
    )
    page2 = (
        _box(72, 700, 400, 760, xs)
        + _text(206, 745, "(Nord)")
        + _box(72, 640, 400, 700, xs)
        + _text(78, 685, "Kompetanseløftet")
        + _text(206, 685, "1.512.500,-")
    )
    rows = [ln.cells for ln in pdf_lines(raw_pdf([page1, page2])) if ln.cells]
    assert rows == [
        ("Regional ordning", "637.950 (Sepu)\n328.320,- (Nord)"),
        ("Kompetanseløftet", "1.512.500,-"),
    ]


def test_a_new_row_at_the_top_of_a_page_is_not_joined_to_the_last_one() -> None:
    xs = (72.0, 200.0, 400.0)
    page1 = _box(72, 100, 400, 700, xs) + _text(78, 685, "Regional ordning")
    page2 = _box(72, 700, 400, 760, xs) + _text(78, 745, "Desentralisert ordning")
    rows = [ln.cells for ln in pdf_lines(raw_pdf([page1, page2])) if ln.cells]
    assert rows == [("Regional ordning", ""), ("Desentralisert ordning", "")]


def test_a_gap_between_runs_on_a_line_is_a_space_and_a_tj_kern_is_not() -> None:
    content = (
        _text(72, 700, "Eier:")
        + _text(110, 700, "Bod")
        + b"BT /F1 11 Tf 130.3 700 Td [(\xf8) -20 ( kommune)] TJ ET\n"
        + b"BT /F1 11 Tf 72 680 Td [(Ja) -900 (Nei)] TJ ET\n"
    )
    assert texts(pdf_lines(raw_pdf([content]))) == ["Eier: Bodø kommune", "Ja Nei"]


def test_check_boxes_drawn_as_squares_are_read_as_boxes() -> None:
    # LibreOffice prints Word 97 check box fields as a stroked square, crossed when ticked.
    content = (
        _text(72, 700, "Ja")
        + b"0 0 0 RG 90 697.9 11.8 11.8 re S\n"
        + b"90 709.7 m 101.8 697.9 l S 101.8 709.7 m 90 697.9 l S\n"
        + _text(110, 700, "Nei")
        + b"132 697.9 11.8 11.8 re S\n"
    )
    assert texts(pdf_lines(raw_pdf([content]))) == ["Ja ☒ Nei ☐"]


def test_symbol_font_boxes_that_kept_their_private_use_codes_are_boxes() -> None:
    content = _text(72, 700, "Ja") + b"BT /F2 11 Tf 90 700 Td (n) Tj 20 0 Td (o) Tj ET\n"
    assert texts(pdf_lines(raw_pdf([content]))) == ["Ja ☒ ☐"]


def test_a_page_that_takes_too_long_is_given_up_within_the_page() -> None:
    one = b"q 0 0 0 rg BT 72 700 Td /F1 11 Tf [<61>-3<62>]TJ ET Q\n"
    data = raw_pdf([one * 150_000])
    # without the check inside the page, 150 000 operators are read to the end and no error comes
    with pytest.raises(ReadError, match="tok for lang tid"):
        read_bytes(data, "treg.pdf", Limits(max_seconds=0.2))


URL = "https://prosjekt.example.no/nb/kompetanseutvikling/samarbeidsforum/plan-2023-2026/"


def test_a_web_address_alone_on_its_line_is_not_joined_to_the_line_above() -> None:
    # a hyperlink's address left on a line of its own: the text reader and the parser know
    # it as that, so the PDF reader keeps it apart even where it could be a wrapped word
    content = (
        _text(72, 700, "Hvem er målgruppa for tiltaket?")
        + _text(72, 686.8, "Alle ansatte i skolene")
        + _text(72, 673.6, URL)
    )
    assert texts(pdf_lines(raw_pdf([content]))) == [
        "Hvem er målgruppa for tiltaket?",
        "Alle ansatte i skolene",
        URL,
    ]


def test_a_web_address_broken_after_a_slash_is_joined_without_a_space() -> None:
    cut = URL.index("samarbeidsforum")
    head, tail = URL[:cut], URL[cut:]
    content = (
        _text(72, 700, "Se planen her, som er lang nok til å fylle linjen helt ut til margen:")
        + _text(72, 686.8, head)
        + _text(72, 673.6, tail)
    )
    assert texts(pdf_lines(raw_pdf([content])))[-1] == URL


def test_a_row_of_a_table_without_borders_is_not_joined_to_the_next_line() -> None:
    # columns apart by wide gaps: a table row, whatever the width it reaches
    content = (
        _text(72, 700, "Tiltak 1: Kvalitetsutvikling")
        + _text(300, 700, "200 000,-")
        + _text(420, 700, "201 500,-")
        + _text(500, 700, "401 500,-")
        + _text(72, 686.8, "kommunale bhg.")
    )
    assert texts(pdf_lines(raw_pdf([content]))) == [
        "Tiltak 1: Kvalitetsutvikling 200 000,- 201 500,- 401 500,-",
        "kommunale bhg.",
    ]


def test_a_table_without_borders_gives_rows_with_cells_from_where_the_text_starts() -> None:
    # heads, a row whose first cell wrapped (at the line pitch), a row after the cells'
    # padding, and a paragraph after the table
    xs = (72, 250, 340, 450)

    def row(y: float, cells: tuple[str, ...]) -> bytes:
        return b"".join(_text(x, y, c) for x, c in zip(xs, cells, strict=True) if c)

    content = (
        row(700, ("", "Eier", "UH", "Totalt"))
        + row(680, ("Tiltak 1: Lesing", "200 000,-", "201 500,- (LMS)", "401 500,-"))
        + _text(72, 667, "og skriving")
        + row(647, ("Sum", "200 000,-", "201 500,-", "401 500,-"))
        + _text(72, 620, "Ev. kommentar fra innsender")
    )
    lines = pdf_lines(raw_pdf([content]))
    assert [ln.cells for ln in lines if ln.cells] == [
        ("", "Eier", "UH", "Totalt"),
        ("Tiltak 1: Lesing\nog skriving", "200 000,-", "201 500,- (LMS)", "401 500,-"),
        ("Sum", "200 000,-", "201 500,-", "401 500,-"),
    ]
    assert lines[-1] == Line("Ev. kommentar fra innsender")


def test_words_of_a_justified_paragraph_are_not_a_table() -> None:
    content = (
        _text(72, 700, "Første")
        + _text(140, 700, "linje")
        + _text(260, 700, "av")
        + _text(72, 687, "Andre")
        + _text(190, 687, "linjen")
        + _text(300, 687, "her")
    )
    assert all(ln.cells is None for ln in pdf_lines(raw_pdf([content])))
