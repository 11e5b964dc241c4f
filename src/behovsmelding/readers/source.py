"""The reader's common input: a document as lines, with cell boundaries where they are known.

The text reader makes these lines from a .txt file; the docx and pdf readers make them from
their own structure. The form parser (``form.py``) reads only these lines, so one parser serves
every input format.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from .errors import ReadError


class Line(NamedTuple):
    """One line of the document.

    ``cells`` holds the cell texts of a table row when the input knows the boundaries (a tab
    in text, a ``w:tc`` in docx); None when it does not. ``end``: the document itself shows
    that a paragraph ends after this line (a ``w:p`` ends in docx, a gap wider than the line
    pitch follows in a PDF); False where it cannot tell, as in text, where ``prose`` guesses.
    A named tuple, not a dataclass: a document has thousands of lines, and a frozen dataclass
    costs four times as much to make.
    """

    text: str
    cells: tuple[str, ...] | None = None
    end: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip()


# cp1252/latin-1 conversions write the boxes as ASCII; the rest of the reader knows only glyphs.
_ASCII_BOXES = ((re.compile(r"\[\s*[xX]\s*\]"), "☒"), (re.compile(r"\[\s{0,2}\]"), "☐"))


def decode(data: bytes) -> str:
    """Bytes of a text file → str: BOMs, UTF-16, UTF-8, and cp1252 for the rest."""
    if not data:
        raise ReadError("filen er tom (0 byte)")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise ReadError(f"teksten kan ikke leses som {enc.upper()}") from e
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(enc)
        except UnicodeDecodeError as e:
            raise ReadError("filen ser ut til å være binær, ikke tekst") from e
    if b"\x00" in head:
        raise ReadError("filen ser ut til å være binær, ikke tekst")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# A symbol font's character keeps its code in the private-use area (U+F000 + code) when a text
# export or pdftotext writes it without its font: the boxes and bullets of Wingdings (A8, 6F,
# 71, 72 ☐; FE, FD, 78 ☒; A7 ▪, 9F •, D8 ➢), Wingdings 2 (A3, 2A, 30 ☐; 54, 53, 52, 51 ☒) and
# Symbol (B7 •); the two fonts' box codes do not overlap. Any other private-use character is a
# symbol that is not text.
_PUA_RE = re.compile("[\uf000-\uf0ff]")
_PUA = {code: None for code in range(0xF000, 0xF100)} | {
    0xF000 + low: glyph
    for lows, glyph in (
        ((0xA8, 0x6F, 0x71, 0x72, 0xA3, 0x2A, 0x30), "☐"),
        ((0xFE, 0xFD, 0x78, 0x54, 0x53, 0x52, 0x51), "☒"),
        ((0xB7, 0x9F), "•"),
        ((0xA7,), "▪"),
        ((0xD8,), "➢"),
    )
    for low in lows
}


# A Word field's instruction shown as text (an extraction that writes field codes, a PDF printed
# with field codes on): 'HYPERLINK "https://…" \\o "tip"', 'HYPERLINK \\l "_Toc1"', the form
# fields' FORMTEXT/FORMCHECKBOX, "\\* MERGEFORMAT". Only the field's result is the document's text.
_FIELD_CODE_RE = re.compile(
    r'\bHYPERLINK(?:[ \t]+(?:\\[a-zA-Z]|"[^"\n]*"))+[ \t]?'
    r"|\b(?:FORMTEXT|FORMCHECKBOX|FORMDROPDOWN)\b[ \t]?"
    r"|[ \t]?\\\*[ \t]+MERGEFORMAT\b"
)
_FIELD_WORDS = ("HYPERLINK", "FORM", "MERGEFORMAT")


def normalise(text: str) -> str:
    """Line endings, invisible characters, field codes, symbol-font and ASCII boxes made
    uniform."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _PUA_RE.search(text):
        text = text.translate(_PUA)
    if any(w in text for w in _FIELD_WORDS):
        text = _FIELD_CODE_RE.sub("", text)
    text = text.replace("\u00ad", "").replace("\ufeff", "").replace("\u200b", "")
    text = text.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    # form feed (page break) and vertical tab (Word's manual line break) end a line
    text = text.replace("\f", "\n").replace("\v", "\n")
    for rx, glyph in _ASCII_BOXES:
        text = rx.sub(glyph, text)
    return text


# Markdown (pandoc, Google Docs' "Last ned som Markdown"): heading marks and the backslashes
# that escape punctuation ("a\\)", "1\\.") are not the author's text.
_MD_HEADING_RE = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<'\"$&])")


def _without_markdown(text: str) -> str:
    if "\\" in text:
        text = _MD_ESCAPE_RE.sub(r"\1", text)
    if "#" in text:
        text = _MD_HEADING_RE.sub("", text)
    return text


def text_lines(text: str) -> list[Line]:
    """Lines of a text extraction; a line with tabs is a table row with known cells, and a
    table drawn with characters (pandoc, Markdown) gives rows with cells too."""
    text = _without_markdown(normalise(text))
    if "," in text:
        text = _DASH_LOST_RE.sub(",-\n", text)
    lines = _lines(text)
    if any(c in text for c in _MARKS):  # nine quick scans: faster than one regex
        lines = [_unmarked(line) for line in lines]
    if ("☒" in text or "☐" in text) and _BOXES_LINE_RE.search(text):
        lines = _boxes_up(lines)
    return lines


# An amount's ",-" at the end of a line, taken by plain ``pdftotext`` for a hyphen: it drops
# the dash and joins the next line to the amount ("1 250,-" / "Sum" → "1 250,Sum").
_DASH_LOST_RE = re.compile(r",(?<=\d{3},)(?=[A-ZÆØÅ][a-zæøå])")


# A line of boxes only: an extraction that writes the boxes' font apart (``pdftotext -raw``)
# puts a row's boxes on a line of their own under its labels ("Ja Nei" / "☒ ☐").
_BOXES_ONLY_RE = re.compile(r"^[ \t]*[☒☐☑□■⊠❏](?:[ \t]*[☒☐☑□■⊠❏])*[ \t]*$")
_ANY_BOX_RE = re.compile(r"[☒☐☑□■⊠❏]")
_BOXES_LINE_RE = re.compile(r"\n[ \t]*[☒☐☑□■⊠❏][ \t☒☐☑□■⊠❏]*(?:\n|$)")


def _boxes_up(lines: list[Line]) -> list[Line]:
    """Each line of boxes only joined to the end of the line above it, when that line holds
    text and no cells, and either no box or boxes at its end (a run of boxes wrapped): the
    readers of the form's choices then find the labels and their boxes in one line, and put
    the boxes back in order (``values.boxes_to_labels``)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and line.cells is None
            and prev.cells is None
            and not prev.blank
            and _BOXES_ONLY_RE.match(line.text)
            and (not _ANY_BOX_RE.search(prev.text) or _ANY_BOX_RE.match(prev.text.rstrip()[-1:]))
        ):
            out[-1] = Line(f"{prev.text.rstrip()} {line.text.strip()}", None, line.end)
        else:
            out.append(line)
    return out


# Control characters a converter left in the text: LibreOffice's HTML export writes the start
# and end of each content control as U+0004/U+0005 (U+0001 for a field), and a text made from
# that HTML keeps them. They are taken out after the tables are cut, because a table drawn with
# characters counts each of them as one column wide.
_MARKS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08"
_MARK_RE = re.compile(r"[\x00-\x08]")


def _unmarked(line: Line) -> Line:
    cells = tuple(_MARK_RE.sub("", c) for c in line.cells) if line.cells is not None else None
    return Line(_MARK_RE.sub("", line.text), cells, line.end)


def _lines(text: str) -> list[Line]:
    if "\t" not in text:
        from .text_tables import may_hold_tables, table_lines

        if may_hold_tables(text):
            return table_lines(text.split("\n"))
        return [_plain_line((raw, None, False)) for raw in text.split("\n")]
    out: list[Line] = []
    for raw in text.split("\n"):
        if "\t" in raw:
            cells = tuple(c.strip() for c in raw.split("\t"))
            out.append(Line(raw.replace("\t", " "), cells))
        else:
            out.append(Line(raw))
    return out


# tuple.__new__ bound to Line: the named tuple's own constructor is a Python call per line
_plain_line: Callable[[tuple[str, None, bool]], Line] = partial(tuple.__new__, Line)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def control_ratio(text: str) -> float:
    """Share of control characters: high for binary data that happened to decode."""
    if not text:
        return 0.0
    head = text[:20000]
    return len(_CONTROL_RE.findall(head)) / len(head)
