"""Word documents (.docx) → the form parser's lines.

The package is opened and its XML parsed by :mod:`.docx_package` (size limits, no DTD, no
entities, no network, no huge trees); list labels and symbol-font characters come from
:mod:`.docx_text`. This module walks ``word/document.xml`` once and makes the Lines.

What the lines look like (the same shapes the text reader gives, so one form parser serves all):

* A paragraph is one :class:`Line`; a line break (``w:br``) inside it starts a new Line, as it
  would in a text extraction. A numbered or bulleted paragraph starts with its label ("• ",
  "1. ", "a) ") as Word shows it.
* A table row with two or more cells is ONE Line: ``cells`` holds each cell's text (a cell's
  paragraphs and line breaks joined with "\\n", white space inside a paragraph as written), and
  ``text`` is the cells joined with single spaces, "\\n" folded to a space – exactly what the
  text reader gives for a tab-separated row. Keeping a multi-paragraph cell in one Line keeps
  "100.000 (UiX)\\n50.000,- (HiY)" together as the UH cell of its budget row, which is what
  the budget parser needs; splitting it over several Lines (as a text extraction does) would
  lose which cell a continuation line belongs to. Empty cells stay as "" so that column
  positions hold.
* A table row with one cell is a frame around an answer, not a row of values: its paragraphs
  become ordinary Lines, as in a text extraction. Empty paragraphs inside cells are left out
  (spacing, not content; a PDF of the same document cannot show them either).
* Content controls are read at every level (inline, block, table row, table cell). A control in
  its placeholder state (``w:showingPlcHdr``, or content equal to its placeholder text, or to
  one of Word's standard placeholder texts – re-saving in other editors drops the flag) is
  rendered as the form's standard placeholder ("Klikk eller trykk her for å skrive inn tekst."
  or "Velg et element."), which the form parser removes like it does for text input.
* Checkboxes are rendered "☒"/"☐" from their state, never from the glyph Word last drew:
  ``w14:checked`` (1/0/true/false/on/off) for content controls, ``w:checked``/``w:default`` for
  Word 97 form fields (FORMCHECKBOX), and symbol-font boxes (Wingdings, Wingdings 2, Webdings)
  by their code. A control whose glyph disagrees with its state gives a warning; a state that is
  neither (tri-state: unknown) falls back to the glyph, and to no box at all when that is
  unknown too. A typed "x" stays beside its label, where the form parser reads it as a tick.
* Tracked changes are read as accepted (insertions in, deletions out); field instructions are
  skipped and field results kept; headers, footers, footnotes and text boxes are not read.

:func:`read_docx` returns the lines together with the controls found (kind, tag, title, value,
placeholder state) and the warnings; :func:`docx_lines` gives only the lines.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs in requirements

from .docx_package import _INVALID_DOCX, _Package, _too_big, parse_xml
from .docx_text import (
    _SYMBOL_FONTS,
    W14,
    W,
    _int,
    _Numbering,
    _symbol_char,
    _symbol_font,
    _val,
    style_numbering,
)
from .errors import ReadError
from .limits import DEFAULT, Deadline, Limits
from .source import Line, normalise
from .values import CHECKED, UNCHECKED, box_state, is_placeholder

log = logging.getLogger(__name__)

# Clark names, built once: the walk compares tags millions of times.
_W_alias = W + "alias"
_W_body = W + "body"
_W_br = W + "br"
_W_char = W + "char"
_W_checkBox = W + "checkBox"
_W_checked = W + "checked"
_W_comboBox = W + "comboBox"
_W_cr = W + "cr"
_W_date = W + "date"
_W_ddList = W + "ddList"
_W_default = W + "default"
_W_delText = W + "delText"
_W_docPart = W + "docPart"
_W_docPartBody = W + "docPartBody"
_W_document = W + "document"
_W_dropDownList = W + "dropDownList"
_W_ffData = W + "ffData"
_W_fldChar = W + "fldChar"
_W_fldCharType = W + "fldCharType"
_W_font = W + "font"
_W_listEntry = W + "listEntry"
_W_name = W + "name"
_W_noBreakHyphen = W + "noBreakHyphen"
_W_p = W + "p"
_W_pPr = W + "pPr"
_W_ptab = W + "ptab"
_W_rPr = W + "rPr"
_W_result = W + "result"
_W_sdt = W + "sdt"
_W_sdtPr = W + "sdtPr"
_W_showingPlcHdr = W + "showingPlcHdr"
_W_sym = W + "sym"
_W_t = W + "t"
_W_tc = W + "tc"
_W_tr = W + "tr"
_W_tab = W + "tab"
_W_tag = W + "tag"
_W_tbl = W + "tbl"
_W_text = W + "text"
_W14_checkbox = W14 + "checkbox"
_W14_checked = W14 + "checked"
_W14_checkedState = W14 + "checkedState"
_W14_uncheckedState = W14 + "uncheckedState"

PLACEHOLDER_TEXT = "Klikk eller trykk her for å skrive inn tekst."
PLACEHOLDER_CHOICE = "Velg et element."
PLACEHOLDER_DATE = "Klikk eller trykk for å skrive inn en dato."

_PLACEHOLDER_STARTS = frozenset({"klik", "velg", "clic", "choo"})
# source.normalise, for the characters a Word paragraph can hold (no line endings here); the
# search finds the few paragraphs that need it (translate on every paragraph costs more).
_NEEDS_NORMALISE = re.compile("[\u00ad\ufeff\u200b\u00a0\u2007\u202f\f\\[]")
_NORMALISE = str.maketrans(
    {
        "\u00ad": None,
        "\ufeff": None,
        "\u200b": None,
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\f": None,
    }
)

_BOX_CHARS = {"☒": True, "☑": True, "⊠": True, "☐": False, "□": False, "❏": False}


@dataclass(slots=True)
class Control:
    """A content control or legacy form field as found in the document."""

    kind: str  # "checkbox", "dropdown", "combobox", "date", "text", "richtext", "formfield"
    tag: str | None
    title: str | None
    value: str | None
    """What the control shows (None in the placeholder state); for a checkbox "☒"/"☐"/None."""
    placeholder: bool = False
    checked: bool | None = None


@dataclass
class DocxContent:
    lines: list[Line]
    controls: list[Control] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- the document --------------------------------------------------------------------------


class _Field:
    __slots__ = ("in_result", "suppress")

    def __init__(self, suppress: bool) -> None:
        self.in_result = False
        self.suppress = suppress


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TEXT_FRAMES = ("para", "isdt")
_SKIPPED = frozenset(
    {W + "del", W + "moveFrom", W + "drawing", W + "pict", W + "object", _MC + "AlternateContent"}
)
_FRAME_TAGS = frozenset({_W_p, _W_sdt, _W_tc, _W_tr, _W_tbl})
_WALK_TAGS = [
    _W_p,
    _W_pPr,
    _W_t,
    _W_tab,
    _W_ptab,
    _W_br,
    _W_cr,
    _W_sym,
    _W_noBreakHyphen,
    _W_fldChar,
    _W_sdt,
    _W_tbl,
    _W_tr,
    _W_tc,
    *sorted(_SKIPPED),
]


def _nearest(stack: list[list[Any]], kinds: tuple[str, ...]) -> list[Any] | None:
    """The innermost open frame of one of ``kinds`` (within the current cell or control)."""
    for frame in reversed(stack):
        if frame[0] in kinds:
            found: list[Any] = frame
            return found
        if frame[0] in ("block", "bsdt") and "block" not in kinds:
            return None
    return None


def _block(stack: list[list[Any]]) -> list[Line]:
    """The Lines of the innermost open body, cell or block-level control."""
    for frame in reversed(stack):
        if frame[0] in ("block", "bsdt"):
            lines: list[Line] = frame[1]
            return lines
    raise AssertionError("the body frame is never closed")


class _Reader:
    def __init__(self, pkg: _Package, deadline: Deadline) -> None:
        self.deadline = deadline
        self.numbering = _Numbering(
            pkg.part("numbering"), lambda: style_numbering(pkg.raw("styles"))
        )
        self.placeholder_texts = _glossary_texts(pkg.part("glossary"))
        self.controls: list[Control] = []
        self.warnings: list[str] = []
        self.fields: list[_Field] = []

    # the walk ---------------------------------------------------------------------------------

    def walk(self, body: etree._Element, symbols: bool) -> list[Line]:
        """The body's Lines, from one pass over the elements that matter, in document order.

        ``lxml.etree.iterwalk`` filters the elements in C and gives a start and an end for
        each; the open paragraphs, tables, rows, cells and content controls are a stack of
        frames ``[kind, buffer, element]``: "block" (Lines: the body, a cell, a block-level
        control), "para" and "isdt" (strings: a paragraph, an inline control), "table", "row"
        (cell texts) and "ssdt" (a control around rows or cells). ``symbols`` says whether the
        document names a symbol font at all, so that runs' fonts are looked at only then.
        """
        root: list[Line] = []
        stack: list[list[Any]] = [["block", root, body]]
        walker = etree.iterwalk(body, events=("start", "end"), tag=_WALK_TAGS)
        count = 0
        for event, el in walker:
            tag = el.tag
            top = stack[-1]
            if event == "start":
                count += 1
                if count & 255 == 0:
                    self.deadline.check()
                if tag == _W_t:
                    if top[0] in _TEXT_FRAMES:
                        text = el.text or ""
                        if symbols:
                            run = el.getparent()
                            font = _symbol_font(run.find(_W_rPr)) if run is not None else None
                            if font:
                                text = "".join(_symbol_char(font, ord(ch)) for ch in text)
                        if self.fields:
                            self.emit(top[1], text)
                        else:
                            top[1].append(text)
                elif tag == _W_p:
                    stack.append(["para", [], el])
                elif tag == _W_pPr:
                    if top[0] == "para":
                        top[1].append(self.numbering.label(el))
                    walker.skip_subtree()
                elif tag == _W_sdt:
                    kind = top[0]
                    if kind in _TEXT_FRAMES:
                        stack.append(["isdt", [], el])
                    elif kind in ("table", "row"):
                        self.control(el, None)
                        stack.append(["ssdt", None, el])
                    else:
                        stack.append(["bsdt", [], el])
                elif tag == _W_tc:
                    stack.append(["block", [], el])
                elif tag == _W_tr:
                    stack.append(["row", [], el])
                elif tag == _W_tbl:
                    stack.append(["table", None, el])
                elif tag in _SKIPPED:
                    walker.skip_subtree()
                elif top[0] in _TEXT_FRAMES:
                    buf = top[1]
                    if tag in (_W_tab, _W_ptab):
                        self.emit(buf, "\t")
                    elif tag in (_W_br, _W_cr):
                        self.emit(buf, "\n")
                    elif tag == _W_noBreakHyphen:
                        self.emit(buf, "-")
                    elif tag == _W_sym:
                        font = (el.get(_W_font) or "").lower()
                        self.emit(buf, _symbol_char(font, int(el.get(_W_char) or "0", 16)))
                    elif tag == _W_fldChar:
                        self.field_char(el, buf)
                        walker.skip_subtree()
                elif tag == _W_fldChar:
                    self.field_char(el, [])
                    walker.skip_subtree()
                continue
            # end of an element that opened a frame
            if tag in _SKIPPED or tag not in _FRAME_TAGS or top[2] is not el:
                continue
            stack.pop()
            kind = top[0]
            if kind == "para":
                self.end_paragraph(top[1], stack)
            elif kind == "isdt":
                inner: list[str] = top[1]
                ph = self.control(el, "".join(inner))
                target = _nearest(stack, _TEXT_FRAMES)
                if target is not None:
                    if ph is not None:
                        self.emit(target[1], ph)
                    else:
                        target[1].extend(inner)
            elif kind == "bsdt":
                lines: list[Line] = top[1]
                ph = self.control(el, "\n".join(ln.text for ln in lines))
                _block(stack).extend([Line(ph)] if ph is not None else lines)
            elif kind == "block":  # a cell
                # Empty paragraphs inside a cell are spacing, not content (and a PDF of the
                # same document cannot show them): they are left out.
                cell = "\n".join(t for ln in top[1] if (t := ln.text.strip()))
                row = _nearest(stack, ("row",))
                if row is not None:
                    row[1].append(cell)
                else:
                    _block(stack).extend(Line(piece, None, True) for piece in cell.split("\n"))
            elif kind == "row":
                cells: list[str] = top[1]
                out = _block(stack)
                if len(cells) >= 2:
                    text = " ".join(c.replace("\n", " ") for c in cells)
                    out.append(Line(text, tuple(cells), True))
                elif cells:
                    out.extend(Line(piece, None, True) for piece in cells[0].split("\n"))
        self.deadline.check()
        return root

    def end_paragraph(self, parts: list[str], stack: list[list[Any]]) -> None:
        text = "".join(parts)
        if _NEEDS_NORMALISE.search(text):
            text = normalise(text.translate(_NORMALISE))
        holder = stack[-1]
        if holder[0] in _TEXT_FRAMES:  # a block control's paragraph met inline
            holder[1].append("\n" + text)
            return
        out = _block(stack)
        if "\t" in text:
            if any(frame[0] == "row" for frame in stack):
                text = text.replace("\t", " ")  # in a table cell, tabs only align
            else:
                _tabbed(out, text)
                return
        # a line break (w:br) starts a Line but ends no paragraph
        if "\n" in text:
            *pieces, last = text.split("\n")
            out.extend(Line(piece.rstrip()) for piece in pieces)
            out.append(Line(last.rstrip(), None, True))
        else:
            out.append(Line(text.rstrip(), None, True))

    # inline ---------------------------------------------------------------------------------

    def emit(self, out: list[str], text: str) -> None:
        if not self.fields or all(f.in_result and not f.suppress for f in self.fields):
            out.append(text)

    def field_char(self, fc: etree._Element, out: list[str]) -> None:
        kind = fc.get(_W_fldCharType)
        if kind == "begin":
            ff = fc.find(_W_ffData)
            suppress = False
            if ff is not None:
                shown = self.form_field(ff)
                if shown is not None:
                    self.emit(out, shown)
                    suppress = True
            self.fields.append(_Field(suppress))
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def form_field(self, ff: etree._Element) -> str | None:
        """A Word 97 form field: a checkbox or dropdown shows its state; text shows its result."""
        name = _val(ff.find(_W_name))
        cb = ff.find(_W_checkBox)
        if cb is not None:
            checked_el = cb.find(_W_checked)
            if checked_el is not None:
                state = _truthy(_val(checked_el), default=True)
            else:
                state = _truthy(_val(cb.find(_W_default)), default=False)
            glyph = CHECKED if state else UNCHECKED
            self.controls.append(Control("checkbox", name, None, glyph, checked=state))
            return glyph
        dd = ff.find(_W_ddList)
        if dd is not None:
            entries = [_val(e) or "" for e in dd.iterfind(_W_listEntry)]
            idx = _int(_val(dd.find(_W_result)), _int(_val(dd.find(_W_default)), 0))
            value = entries[idx] if 0 <= idx < len(entries) else ""
            self.controls.append(Control("formfield", name, None, value or None))
            return value
        return None

    # content controls -----------------------------------------------------------------------

    def control(self, sdt: etree._Element, shown: str | None) -> str | None:
        """Record the control; what to show in its place, or None to show its content.

        ``shown`` is the content as rendered (None for a control around table rows or cells).
        A checkbox is rendered here (its state decides the glyph, see the module docstring).
        """
        pr = sdt.find(_W_sdtPr)
        if pr is None:
            return None
        props = {child.tag: child for child in pr}
        tag = _val(props.get(_W_tag))
        title = _val(props.get(_W_alias))
        structural = shown is None
        shown = shown or ""
        cb = props.get(_W14_checkbox)
        if cb is not None:
            glyph = self.checkbox(cb, shown, tag or title)
            self.controls.append(
                Control("checkbox", tag, title, glyph or None, checked=box_state(glyph or ""))
            )
            return glyph
        if structural:
            self.controls.append(Control("group", tag, title, None))
            return None
        if _W_dropDownList in props:
            kind, standard = "dropdown", PLACEHOLDER_CHOICE
        elif _W_comboBox in props:
            kind, standard = "combobox", PLACEHOLDER_CHOICE
        elif _W_date in props:
            kind, standard = "date", PLACEHOLDER_DATE
        elif _W_text in props:
            kind, standard = "text", PLACEHOLDER_TEXT
        else:
            kind, standard = "richtext", PLACEHOLDER_TEXT
        flag = props.get(_W_showingPlcHdr)
        placeholder = flag is not None and _truthy(_val(flag), default=True)
        value = shown.replace("\t", " ").strip()  # a tab in a value is a space, as before
        if not placeholder and value:
            if self.placeholder_texts:
                doc_part = _val(pr.find(f"{W}placeholder/{W}docPart"))
                known = self.placeholder_texts.get(doc_part or "")
                placeholder = known is not None and _fold(value) == _fold(known)
            if not placeholder and value[:4].lower() in _PLACEHOLDER_STARTS:
                placeholder = is_placeholder(value)
        if placeholder:
            self.controls.append(Control(kind, tag, title, None, placeholder=True))
            return standard
        self.controls.append(Control(kind, tag, title, value or None))
        return None

    def checkbox(self, cb: etree._Element, shown: str, name: str | None) -> str:
        checked_el = cb.find(_W14_checked)
        raw = _val(checked_el) if checked_el is not None else "0"
        state: bool | None = {
            "1": True,
            "true": True,
            "on": True,
            "0": False,
            "false": False,
            "off": False,
        }.get((raw or "").lower())
        glyphs = {
            _glyph(_val(cb.find(_W14_checkedState))): True,
            _glyph(_val(cb.find(_W14_uncheckedState))): False,
        }
        glyph_text = shown.strip()
        displayed = glyphs.get(glyph_text[:1]) if glyph_text else None
        if displayed is None and glyph_text:
            displayed = _BOX_CHARS.get(glyph_text[:1])
        label = f"«{name}»" if name else "uten navn"
        if state is None:
            self.warn(f"avkrysningsboks {label}: ukjent w14:checked={raw!r}; leser symbolet")
            state = displayed
        elif displayed is not None and displayed != state:
            self.warn(
                f"avkrysningsboks {label}: viser {glyph_text[:1]}, men er "
                f"{'krysset av' if state else 'ikke krysset av'} (w14:checked={raw}); "
                "leser tilstanden"
            )
        if state is None:
            return ""
        return CHECKED if state else UNCHECKED

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        log.warning("docx: %s", message)


def _truthy(v: str | None, *, default: bool) -> bool:
    if v is None:
        return default
    return v.lower() not in ("0", "false", "off")


def _glyph(code: str | None) -> str:
    try:
        return chr(int(code, 16)) if code else ""
    except ValueError:
        return ""


def _tabbed(out: list[Line], text: str) -> None:
    """A paragraph whose columns are set with tabs (a table made without a table) as the text
    reader reads the same line in a text export: a line with tabs is a row, its cells between
    the tabs."""
    pieces = text.split("\n")
    for n, piece in enumerate(pieces):
        end = n == len(pieces) - 1
        if "\t" in piece:
            cells = tuple(c.strip() for c in piece.split("\t"))
            out.append(Line(piece.replace("\t", " ").rstrip(), cells, end))
        else:
            out.append(Line(piece.rstrip(), None, end))


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def _plain_text(el: etree._Element) -> str:
    """All visible text under ``el`` (for control values and placeholder comparison)."""
    parts: list[str] = []
    for node in el.iter(_W_t, _W_tab, _W_br, _W_sym, _W_delText):
        if node.tag == _W_t:
            parent = node.getparent()
            font = _symbol_font(parent.find(_W_rPr)) if parent is not None else None
            text = node.text or ""
            if font:
                text = "".join(_symbol_char(font, ord(ch)) for ch in text)
            parts.append(text)
        elif node.tag == _W_sym:
            parts.append(
                _symbol_char((node.get(_W_font) or "").lower(), int(node.get(_W_char) or "0", 16))
            )
        elif node.tag != _W_delText:
            parts.append(" ")
    return "".join(parts)


def _glossary_texts(glossary: etree._Element | None) -> dict[str, str]:
    """docPart name → its text: the placeholder texts this document's controls show."""
    out: dict[str, str] = {}
    if glossary is None:
        return out
    for dp in glossary.iter(_W_docPart):
        name = _val(dp.find(f"{W}docPartPr/{W}name"))
        body = dp.find(_W_docPartBody)
        if name and body is not None:
            out[name] = _plain_text(body)
    return out


# --- entry points --------------------------------------------------------------------------


def read_docx(data: bytes, limits: Limits = DEFAULT) -> DocxContent:
    """The document's lines, controls and warnings; ReadError for anything unreadable."""
    if len(data) > limits.max_file_bytes:
        raise ReadError(_too_big(len(data), limits.max_file_bytes))
    deadline = limits.deadline()
    pkg = _Package(data, limits, deadline)
    main = pkg.read(pkg.main, required=True)
    assert main is not None
    root = parse_xml(main)
    body = root.find(_W_body)
    if root.tag != _W_document or body is None:
        raise ReadError(f"{_INVALID_DOCX} (dokumentdelen er ikke et Word-dokument)")
    try:
        reader = _Reader(pkg, deadline)
        low = main.lower()
        symbols = any(name.encode() in low for name in _SYMBOL_FONTS)
        lines = reader.walk(body, symbols)
    except (ValueError, LookupError, TypeError, OverflowError) as e:
        # a malformed attribute (w:char="zz", w:val="-") in an otherwise valid package
        raise ReadError(f"{_INVALID_DOCX} (skadet innhold: {type(e).__name__})") from e
    deadline.check()
    return DocxContent(lines, reader.controls, reader.warnings)


def docx_lines(data: bytes, limits: Limits = DEFAULT) -> list[Line]:
    return read_docx(data, limits).lines
