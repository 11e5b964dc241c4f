"""The .docx reader: Word's structures become the lines the one form parser reads.

Fixtures are built here with python-docx plus raw WordprocessingML for what python-docx cannot
write (content controls, legacy form fields, symbol fonts, tracked changes, glossary parts).
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml

from behovsmelding.readers import read_bytes
from behovsmelding.readers.docx import PLACEHOLDER_CHOICE, PLACEHOLDER_TEXT, read_docx
from behovsmelding.readers.docx_text import style_numbering
from behovsmelding.readers.source import Line, text_lines
from behovsmelding.readers.values import box_after

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def build(
    body_xml: str = "",
    *,
    paragraphs: tuple[str, ...] = (),
    styled: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """A .docx whose body is ``paragraphs`` (plain), ``styled`` (text, style) and raw XML."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    for text, style in styled:
        doc.add_paragraph(text, style=style)
    body = doc.element.body
    if body_xml:
        holder = parse_xml(f"<w:body {NS}>{body_xml}</w:body>")
        sect = body[-1]
        for child in list(holder):
            sect.addprevious(child)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The package with some members replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename not in replace:
                dst.writestr(info, src.read(info.filename))
        for name, content in replace.items():
            dst.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines if ln.text.strip()]


def p(*inline: str) -> str:
    return "<w:p>" + "".join(inline) + "</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def sdt(
    content: str,
    *,
    props: str = "<w:text/>",
    tag: str | None = None,
    title: str | None = None,
    placeholder: bool = False,
) -> str:
    pr = ""
    if title:
        pr += f'<w:alias w:val="{title}"/>'
    if tag:
        pr += f'<w:tag w:val="{tag}"/>'
    if placeholder:
        pr += "<w:showingPlcHdr/>"
    return f"<w:sdt><w:sdtPr>{pr}{props}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def checkbox(checked: str, glyph: str, *, tag: str = "boks") -> str:
    props = (
        f'<w14:checkbox><w14:checked w14:val="{checked}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
    )
    return sdt(r(glyph), props=props, tag=tag)


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


def tr(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def tc(*paras: str) -> str:
    return "<w:tc>" + "".join(paras or (p(),)) + "</w:tc>"


# --- paragraphs, tables ----------------------------------------------------------------------


def test_paragraphs_and_line_breaks_become_lines() -> None:
    data = build(p(r("Eier: Bodø kommune"), "<w:r><w:br/></w:r>", r("Andre linje")))
    assert texts(read_docx(data).lines) == ["Eier: Bodø kommune", "Andre linje"]


def test_a_paragraphs_end_is_marked_and_a_line_break_inside_it_is_not() -> None:
    data = build(p(r("Første linje"), "<w:r><w:br/></w:r>", r("andre linje.")) + p(r("Neste.")))
    lines = [ln for ln in read_docx(data).lines if ln.text]
    assert [(ln.text, ln.end) for ln in lines] == [
        ("Første linje", False),
        ("andre linje.", True),
        ("Neste.", True),
    ]


def test_table_rows_keep_their_cells_and_text_joins_them_with_spaces() -> None:
    data = build(
        tbl(
            tr(tc(), tc(p(r("Eier"))), tc(p(r("UH")))),
            tr(tc(p(r("Navn"))), tc(p(r("Heidi Einarson"))), tc(p(r("Ann")), p(r("Gustavsen")))),
        )
    )
    lines = [ln for ln in read_docx(data).lines if ln.cells]
    assert lines[0].cells == ("", "Eier", "UH")
    assert lines[1].cells == ("Navn", "Heidi Einarson", "Ann\nGustavsen")
    assert lines[1].text == "Navn Heidi Einarson Ann Gustavsen"


TAB = "<w:r><w:tab/></w:r>"


def test_a_paragraph_with_columns_set_by_tabs_is_a_row_as_in_a_text_export() -> None:
    data = build(
        p(r("Telefon"), TAB, r("12 34 56 78"), TAB, r("876 54 321"))
        + p(TAB, TAB, r("fortsatt i tredje kolonne"), TAB)
        + tbl(tr(tc(p(r("Eier:"), TAB, r("Testvik kommune"))), tc(p(r("UH")))))
    )
    lines = [ln for ln in read_docx(data).lines if ln.text.strip()]
    assert [(ln.text, ln.cells) for ln in lines[:2]] == [
        ("Telefon 12 34 56 78 876 54 321", ("Telefon", "12 34 56 78", "876 54 321")),
        ("  fortsatt i tredje kolonne", ("", "", "fortsatt i tredje kolonne", "")),
    ]
    from_text = text_lines("Telefon\t12 34 56 78\t876 54 321\n\t\tfortsatt i tredje kolonne\t\n")
    assert [ln.cells for ln in lines[:2]] == [ln.cells for ln in from_text[:2]]
    # in a table cell a tab only aligns: the cells are the table's
    assert lines[2].cells == ("Eier: Testvik kommune", "UH")


def test_a_one_cell_table_is_a_frame_whose_paragraphs_are_lines() -> None:
    data = build(tbl(tr(tc(p(r("Første avsnitt.")), p(r("Andre avsnitt."))))))
    lines = read_docx(data).lines
    assert texts(lines) == ["Første avsnitt.", "Andre avsnitt."]
    assert all(ln.cells is None for ln in lines)


def test_a_nested_table_stays_inside_its_cell() -> None:
    inner = tbl(tr(tc(p(r("a1"))), tc(p(r("a2")))))
    data = build(tbl(tr(tc(p(r("Ytre"))), "<w:tc>" + inner + "<w:p/></w:tc>")))
    (row,) = [ln for ln in read_docx(data).lines if ln.cells]
    assert row.cells == ("Ytre", "a1 a2")


def test_list_paragraphs_carry_their_bullet_or_number() -> None:
    data = build(
        styled=(
            ("Første punkt", "List Bullet"),
            ("Andre punkt", "List Bullet"),
            ("Steg en", "List Number"),
            ("Steg to", "List Number"),
        )
    )
    assert texts(read_docx(data).lines) == [
        "• Første punkt",
        "• Andre punkt",
        "1. Steg en",
        "2. Steg to",
    ]


def test_list_styles_are_found_in_styles_xml_when_the_lists_do_not_link_them() -> None:
    data = build(styled=(("Første punkt", "List Bullet"), ("Steg en", "List Number")))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        numbering = z.read("word/numbering.xml")
    unlinked = re.sub(rb"<w:pStyle [^>]*/>", b"", numbering)
    assert unlinked != numbering
    data = rezip(data, {"word/numbering.xml": unlinked})
    assert texts(read_docx(data).lines) == ["• Første punkt", "1. Steg en"]


def test_style_numbering_is_found_without_parsing_the_styles_part() -> None:
    styles = (
        b'<w:styles><w:style w:type="paragraph" w:styleId="Liste"><w:pPr><w:numPr>'
        b'<w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
        b'<w:style w:type="paragraph" w:styleId="Normal"><w:pPr/></w:style></w:styles>'
    )
    assert style_numbering(styles) == {"Liste": ("7", 1)}


def test_tracked_changes_read_as_accepted_and_field_codes_are_skipped() -> None:
    data = build(
        p(
            r("Sum "),
            '<w:ins w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z">' + r("ny ") + "</w:ins>",
            '<w:del w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r>'
            "<w:delText>gammel </w:delText></w:r></w:del>",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            r("4"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        )
    )
    assert texts(read_docx(data).lines) == ["Sum ny 4"]


# --- content controls ------------------------------------------------------------------------


def test_inline_control_value_with_its_tag_and_title() -> None:
    data = build(p(r("Eier: "), sdt(r("Bodø kommune"), tag="eier", title="Eier")))
    content = read_docx(data)
    assert texts(content.lines) == ["Eier: Bodø kommune"]
    (ctl,) = content.controls
    assert (ctl.kind, ctl.tag, ctl.title, ctl.value, ctl.placeholder) == (
        "text",
        "eier",
        "Eier",
        "Bodø kommune",
        False,
    )


def test_block_level_control_around_paragraphs_is_read() -> None:
    data = build(sdt(p(r("Første svar.")) + p(r("Andre svar.")), props="", tag="svar"))
    content = read_docx(data)
    assert texts(content.lines) == ["Første svar.", "Andre svar."]
    assert content.controls[0].kind == "richtext"
    assert content.controls[0].value == "Første svar.\nAndre svar."


def test_row_and_cell_level_controls_keep_the_table() -> None:
    cell_ctl = sdt(tc(p(r("200 000,-"))), props="", tag="eier-belop")
    row_ctl = sdt(tr(tc(p(r("Sum"))), tc(p(r("900"))), tc(p(r("100")))), props="", tag="sumrad")
    data = build(tbl(tr(tc(p(r("Regional ordning"))), cell_ctl, tc(p(r("1")))), row_ctl))
    rows = [ln.cells for ln in read_docx(data).lines if ln.cells]
    assert rows == [("Regional ordning", "200 000,-", "1"), ("Sum", "900", "100")]


def test_nested_controls_are_read_at_every_level() -> None:
    inner = sdt(r("Salten"), props="<w:dropDownList/>", tag="nettverk")
    data = build(sdt(p(r("Kompetansenettverk "), inner), props="", tag="gruppe"))
    content = read_docx(data)
    assert texts(content.lines) == ["Kompetansenettverk Salten"]
    assert [c.tag for c in content.controls] == ["nettverk", "gruppe"]


def test_dropdown_shows_its_choice_and_its_placeholder_as_the_standard_one() -> None:
    chosen = sdt(r("Indre Helgeland"), props='<w:dropDownList w:lastValue="Indre Helgeland"/>')
    empty = sdt(r("Velg nettverk her"), props="<w:dropDownList/>", placeholder=True)
    data = build(p(r("A "), chosen) + p(r("B "), empty))
    assert texts(read_docx(data).lines) == ["A Indre Helgeland", f"B {PLACEHOLDER_CHOICE}"]


def test_date_control_shows_the_date() -> None:
    props = '<w:date w:fullDate="2025-02-01T00:00:00Z"><w:dateFormat w:val="dd.MM.yyyy"/></w:date>'
    data = build(p(r("Dato: "), sdt(r("01.02.2025"), props=props)))
    content = read_docx(data)
    assert texts(content.lines) == ["Dato: 01.02.2025"]
    assert content.controls[0].kind == "date"


def test_showing_placeholder_flag_gives_the_standard_placeholder() -> None:
    data = build(p(r("Ev. merkes "), sdt(r("Skriv merking her"), placeholder=True)))
    content = read_docx(data)
    assert texts(content.lines) == [f"Ev. merkes {PLACEHOLDER_TEXT}"]
    assert content.controls[0].placeholder and content.controls[0].value is None


def test_word_placeholder_text_without_the_flag_is_still_a_placeholder() -> None:
    # LibreOffice and others drop w:showingPlcHdr when they save; the text stays.
    data = build(p(r("Begrunn "), sdt(r("Klikk eller trykk her for å skrive inn tekst."))))
    assert read_docx(data).controls[0].placeholder


def test_custom_placeholder_from_the_glossary_without_the_flag_is_a_placeholder() -> None:
    props = '<w:placeholder><w:docPart w:val="Egen1"/></w:placeholder><w:text/>'
    data = build(p(r("Navn "), sdt(r("Skriv navnet ditt"), props=props)))
    glossary = (
        f'<w:glossaryDocument {NS}><w:docParts><w:docPart><w:docPartPr><w:name w:val="Egen1"/>'
        "</w:docPartPr><w:docPartBody><w:p><w:r><w:t>Skriv navnet ditt</w:t></w:r></w:p>"
        "</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"
    ).encode()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdG" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/glossaryDocument" Target="glossary/document.xml"/></Relationships>',
    )
    data = rezip(
        data,
        {"word/glossary/document.xml": glossary, "word/_rels/document.xml.rels": rels.encode()},
    )
    content = read_docx(data)
    assert texts(content.lines) == [f"Navn {PLACEHOLDER_TEXT}"]
    assert content.controls[0].placeholder
    # without the glossary the same text is an answer
    assert (
        not read_docx(build(p(r("Navn "), sdt(r("Skriv navnet ditt"), props=props))))
        .controls[0]
        .placeholder
    )


# --- checkboxes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "glyph", "expected"),
    [("1", "☒", "☒"), ("0", "☐", "☐"), ("true", "☒", "☒"), ("false", "☐", "☐")],
)
def test_checkbox_state_comes_from_w14_checked(value: str, glyph: str, expected: str) -> None:
    content = read_docx(build(p(r("Ja "), checkbox(value, glyph))))
    assert texts(content.lines) == [f"Ja {expected}"]
    assert content.controls[0].checked is (expected == "☒")
    assert content.warnings == []


@pytest.mark.parametrize(("value", "glyph", "expected"), [("1", "☐", "☒"), ("0", "☒", "☐")])
def test_checkbox_glyph_that_disagrees_is_overruled_with_a_warning(
    value: str, glyph: str, expected: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="behovsmelding.readers.docx"):
        content = read_docx(build(p(r("Ja "), checkbox(value, glyph, tag="flere_eiere"))))
    assert texts(content.lines) == [f"Ja {expected}"]
    assert len(content.warnings) == 1 and "flere_eiere" in content.warnings[0]
    assert "flere_eiere" in caplog.text


def test_checkbox_without_a_checked_element_is_unchecked() -> None:
    props = "<w14:checkbox/>"
    content = read_docx(build(p(r("Nei "), sdt(r("☐"), props=props))))
    assert texts(content.lines) == ["Nei ☐"]


def _formcheckbox(inner: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Avkryss1"/>'
        f"<w:checkBox><w:sizeAuto/>{inner}</w:checkBox></w:ffData></w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ('<w:default w:val="0"/><w:checked/>', "☒"),
        ('<w:default w:val="1"/>', "☒"),
        ('<w:default w:val="0"/>', "☐"),
        ('<w:default w:val="1"/><w:checked w:val="0"/>', "☐"),
    ],
)
def test_word97_form_field_checkbox(inner: str, expected: str) -> None:
    content = read_docx(build(p(r("Ja "), _formcheckbox(inner), r(" Nei"))))
    assert texts(content.lines) == [f"Ja {expected} Nei"]


def test_word97_dropdown_form_field_shows_its_entry() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/>'
        '<w:listEntry w:val="Salten"/><w:listEntry w:val="Lofoten"/></w:ddList></w:ffData>'
        "</w:fldChar></w:r><w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    assert texts(read_docx(build(p(r("Nettverk "), field))).lines) == ["Nettverk Lofoten"]


def test_symbol_font_boxes_are_read_by_their_code() -> None:
    wing = '<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
    wing2 = '<w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2"/></w:rPr>'
    data = build(
        p(
            r("A "),
            '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>',
            r(" B "),
            '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>',
            r(" C "),
            f"<w:r>{wing}<w:t>\uf0fd</w:t></w:r>",
            r(" D "),
            f"<w:r>{wing}<w:t>o</w:t></w:r>",
            r(" E "),
            f"<w:r>{wing2}<w:t>T</w:t></w:r>",
            r(" F "),
            f"<w:r>{wing2}<w:t>\u00a3</w:t></w:r>",
        )
    )
    assert texts(read_docx(data).lines) == ["A ☒ B ☐ C ☒ D ☐ E ☒ F ☐"]


def test_a_typed_x_stays_beside_its_label_and_counts_as_a_tick() -> None:
    data = build(p(r("Partnerskapet består av flere eiere? Ja x  Nei ")))
    (line,) = texts(read_docx(data).lines)
    assert box_after(line, "Ja") is True
    assert box_after(line, "Nei") is None


# --- whole forms -----------------------------------------------------------------------------

_BOX = re.compile("[☒☐]")
_PLACEHOLDER = "Klikk eller trykk her for å skrive inn tekst."


def form_docx(text: str, *, flip_glyphs: bool = False, typed_x: bool = False) -> bytes:
    """The small made-up form as Word would hold it: boxes as checkbox controls, empty
    answers as placeholder controls (glyphs drawn wrong when ``flip_glyphs``)."""
    paras: list[str] = []
    for line in text.split("\n"):
        parts: list[str] = []
        pos = 0
        for m in re.finditer(f"[☒☐]|{re.escape(_PLACEHOLDER)}", line):
            parts.append(r(_xml(line[pos : m.start()])))
            if m.group(0) == _PLACEHOLDER:
                parts.append(sdt(r("Skriv her"), placeholder=True))
            elif typed_x:
                parts.append(r("x") if m.group(0) == "☒" else "")
            else:
                checked = "1" if m.group(0) == "☒" else "0"
                glyph = m.group(0)
                if flip_glyphs:
                    glyph = "☐" if glyph == "☒" else "☒"
                parts.append(checkbox(checked, glyph))
            pos = m.end()
        parts.append(r(_xml(line[pos:])))
        paras.append(p(*parts))
    return build("".join(paras))


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _boxes(record: dict[str, Any]) -> dict[str, Any]:
    t = record["tiltak"][0]
    return {
        "ordninger": record["ordninger"],
        "flere_eiere": record["flere_eiere"],
        "varighet": t["varighet"],
        "koordinator": t["koordinator"],
        "koordinator_begrunnelse": t["koordinator_begrunnelse"],
    }


def test_a_form_in_word_reads_like_the_same_form_in_text(
    form: Callable[..., str], tiltak: Callable[..., str]
) -> None:
    text = form(tiltak=[tiltak(koordinator="Ja ☒", begrunn="Mange enheter.")])
    from_text = read_bytes(text.encode(), "skjema.txt").to_dict()
    from_docx = read_bytes(form_docx(text), "skjema.docx").to_dict()
    from_text.pop("kilde")
    kilde = from_docx.pop("kilde")
    assert kilde["format"] == "docx" and kilde["fil"] == "skjema.docx"
    assert from_docx == from_text
    assert _boxes(from_docx)["koordinator"] is True


def test_a_tiltak_answers_paragraphs_in_word_stay_paragraphs(
    form: Callable[..., str], tiltak: Callable[..., str]
) -> None:
    first = (
        "Barnehagene har kartlagt behovene sammen med de ansatte, og alle avdelingene har vært "
        "med i arbeidet gjennom hele høsten."
    )
    two = f"{first}\nStyrerne har fulgt opp."
    section = tiltak(koordinator="Ja ☒", begrunn=two).replace(
        "Barnehagene har kartlagt behovene sammen med de ansatte.", two
    )
    text = form(tiltak=[section.replace("Alle ansatte i barnehagene.", two)])
    from_docx = read_bytes(form_docx(text), "skjema.docx").tiltak[0]
    from_text = read_bytes(text.encode(), "skjema.txt").tiltak[0]
    # each line is a w:p in Word; in text a line this long may be a wrapped one
    for got in (from_docx.forankring, from_docx.koordinator_begrunnelse, from_docx.maalgruppe):
        assert got == two
    for got in (from_text.forankring, from_text.koordinator_begrunnelse, from_text.maalgruppe):
        assert got == two.replace("\n", " ")


def test_box_states_in_a_form_come_from_the_controls_not_the_glyphs(
    form: Callable[..., str],
) -> None:
    text = form()
    right = read_bytes(form_docx(text), "a.docx").to_dict()
    drawn_wrong = read_bytes(form_docx(text, flip_glyphs=True), "b.docx").to_dict()
    assert _boxes(drawn_wrong) == _boxes(right)
    assert right["ordninger"] == ["regional"]


def test_typed_x_in_place_of_the_boxes_reads_as_ticks(form: Callable[..., str]) -> None:
    text = form()
    boxed = read_bytes(form_docx(text), "a.docx").to_dict()
    typed = read_bytes(form_docx(text, typed_x=True), "b.docx").to_dict()
    assert typed["ordninger"] == boxed["ordninger"] == ["regional"]
    assert typed["tiltak"][0]["varighet"] == boxed["tiltak"][0]["varighet"]


# --- the shared samples ----------------------------------------------------------------------


def _samples(shared: Path, ext: str) -> list[Path]:
    found = sorted((shared / "samples").glob(f"*.{ext}"))
    if not found:
        pytest.skip("no samples in the shared folder")
    return found


def _exact_leaves(record: dict[str, Any]) -> dict[str, Any]:
    """Amounts, box states and empty answers: every int, bool and null leaf."""
    out: dict[str, Any] = {}

    def walk(x: Any, path: str) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if path or k != "kilde":
                    walk(v, f"{path}.{k}" if path else k)
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, f"{path}[{i}]")
        elif isinstance(x, bool | int) or x is None:
            out[path] = x

    walk(record, "")
    return out


def check_sample(
    path: Path, score: Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]
) -> None:
    golden = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    record = read_bytes(path.read_bytes(), path.name).to_dict()
    fraction, missed = score(golden, record)
    assert fraction >= 0.99, missed
    want = _exact_leaves(golden)
    got = _exact_leaves(record)
    assert {k: got.get(k, "<absent>") for k in want} == want


def test_the_sample_documents_in_word_score_at_least_099(
    shared: Path, score: Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]
) -> None:
    for path in _samples(shared, "docx"):
        check_sample(path, score)


def test_controls_nested_a_hundred_deep_are_all_read() -> None:
    depth = 120  # lxml itself refuses trees deeper than 256
    inner = p(r("Innerst"))
    for i in range(depth):
        inner = sdt(inner, props="", tag=f"n{i}")
    content = read_docx(build(inner))
    assert texts(content.lines) == ["Innerst"]
    assert len(content.controls) == depth
