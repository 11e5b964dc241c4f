"""PDF documents → the form parser's lines.

pypdf (BSD) parses the file: cross references, page tree, decompression, fonts and their
ToUnicode maps. The page content streams are then read by a small interpreter of our own that
keeps what a plain text extraction throws away – where every piece of text and every table
border sits – and that is several times faster than pypdf's own ``extract_text``.

From the positions the reader rebuilds what the docx reader gives directly:

* **Table rows.** Table borders are drawn as line segments. A piece of text with a border on
  all four sides sits in a cell; the cells between the same two horizontal borders form a row,
  and the vertical borders that cross the row give its cells, empty ones included. A row is one
  :class:`Line` with ``cells``, like a tab-separated row in text or a ``w:tr`` in docx; a row
  with one cell is a frame around an answer, and its paragraphs become ordinary Lines.
* **Paragraphs.** Lines that the layout wrapped are joined again: a line belongs to the
  paragraph above when it has the same font size, follows at the line pitch, and the line above
  was full (its end plus the first word of this line would not have fitted inside the right
  margin or cell border). A paragraph ends otherwise, and so does a list item at its bullet.
* **Values wrapped inside narrow cells.** A line holding a single token that fills its cell
  ("Heidi.einarson@bodo.k" / "ommune.no", "17020.2100.202.TETTP" / "Å") was broken inside
  the word, and is joined without a space.
* **Rows split by a page break** are one row again: the first row of a page continues the last
  row of the page before when the columns are the same and its first cell is empty or goes on
  with text (the form's rows start with a label).
* **Check boxes** are text ("☒"/"☐") when the PDF has them as glyphs, also from a symbol font
  that kept its private-use code (Wingdings U+F0FE, U+F0A8 …); a Word 97 check box field that
  LibreOffice prints as a stroked square (crossed when ticked) becomes "☐"/"☒" where it stands.
  A box drawn with the wrong glyph cannot be told from the PDF: it shows what it shows.

Amounts whose cells were lost entirely (a PDF without borders) are left to the form parser,
which reads the row with :func:`values.resolve_amounts` and the rule Eier + UH = Totalt. A
label glued to the next amount in a cell ("637.950 (Sepu)328.320,- (Nord)", LibreOffice drops
the line break there) gets its line break back.

A PDF that the interpreter does not understand (Type 3 fonts, text in form XObjects, a font
pypdf cannot map) is read with pypdf's ``extract_text`` instead, as plain lines.

Safety: the file size and page count are checked before any page is read, every decoded
content stream is capped, and the per-document deadline is checked between pages and every
few thousand operators. Encrypted PDFs (unless they open with the empty password) and PDFs with
no text at all (scans) give a Norwegian error.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from .docx import _SYMBOL_BOXES, _SYMBOL_BULLETS
from .errors import ReadError
from .limits import DEFAULT, Deadline, Limits
from .prose import FOOTER_RE
from .source import Line, normalise, text_lines

log = logging.getLogger(__name__)

_INVALID_PDF = "filen er ikke en gyldig PDF"
_NO_TEXT = (
    "PDF-en inneholder bare bilder (skannet?) og ingen tekst – "
    "send Word-filen eller en PDF med tekst"
)
_ENCRYPTED = "filen er kryptert/passordbeskyttet – send en PDF uten passord"

# What pypdf (or our interpreter) raises on a damaged file; all of it means "unreadable PDF".
_BROKEN = (
    PyPdfError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    NotImplementedError,
    RecursionError,
    EOFError,
    OSError,
    zlib.error,
    struct.error,
)

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_BULLETS = frozenset("•◦▪▫‣∙·●○■□➢➤►▶\uf0b7\uf0a7-–")


class _Unsupported(Exception):
    """Something the fast interpreter does not read: use pypdf's extraction instead."""


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n (PDF order: apply m, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


# --- fonts ---------------------------------------------------------------------------------


# Symbol fonts' codes as the docx reader reads them, for text that kept its private-use code.
_PUA_SYMBOLS: dict[str, dict[int, str]] = {
    name: {**_SYMBOL_BULLETS.get(name, {}), **_SYMBOL_BULLETS["symbol"], **boxes}
    for name, boxes in _SYMBOL_BOXES.items()
}


class _Lazy(dict[int, Any]):
    """A dict that computes a missing value from its key (and keeps it)."""

    def __init__(self, make: Any) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: int) -> Any:
        value = self.make(key)
        self[key] = value
        return value


class _Font:
    """Codes → (unicode, width in text space units per 1000) for one font resource."""

    __slots__ = ("cache", "chars", "font", "symbols", "two_byte", "widths")

    def __init__(self, resource: DictionaryObject) -> None:
        from pypdf.generic._font import Font  # pypdf's own font model (cmap, widths)

        subtype = resource.get("/Subtype")
        if subtype == "/Type3":
            raise _Unsupported("Type3 font")
        self.font = Font.from_font_resource(resource)
        self.two_byte = subtype == "/Type0"
        self.cache: dict[int, tuple[str, float]] = {}
        base = str(resource.get("/BaseFont", "")).lower().replace("-", "").replace(" ", "")
        self.symbols = _PUA_SYMBOLS["wingdings 2" if "wingdings2" in base else "wingdings"]
        # code → text and code → width, filled on first use: with these a one-byte string is
        # decoded by str.translate and measured by map(), both in C
        self.chars = _Lazy(lambda code: self.glyph(code)[0])
        self.widths = _Lazy(lambda code: self.glyph(code)[1])

    def glyph(self, code: int) -> tuple[str, float]:
        hit = self.cache.get(code)
        if hit is not None:
            return hit
        font = self.font
        enc = font.encoding
        if self.two_byte:
            key = chr(code)
        elif isinstance(enc, dict):
            key = enc.get(code, chr(code))
        else:
            key = bytes([code]).decode(enc or "latin-1", "replace")
        text = font.character_map.get(key, key)
        width = font.character_widths.get(key)
        if width is None:
            width = font.character_widths.get("default", font.space_width * 2 or 500)
        if text == "\x00" or (len(text) == 1 and ord(text) < 32 and text not in "\t"):
            text = ""
        elif len(text) == 1 and "\uf000" <= text <= "\uf0ff":
            # a symbol font's private-use code (Wingdings boxes and bullets)
            text = self.symbols.get(ord(text) - 0xF000, text)
        out = (text, float(width))
        self.cache[code] = out
        return out


# --- the content stream --------------------------------------------------------------------

_WS = rb"[\x00\t\n\x0c\r ]"
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_NUM = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_PARTS = {b"ws": _WS, b"reg": _REGULAR, b"num": _NUM, b"end": b"(?!" + _REGULAR + b")"}
# One token (after white space). The first seven are whole operations as LibreOffice, Word and
# WeasyPrint write them, read in one step because they are most of a page: "q colour BT x y Td
# /F s Tf [...] TJ ET Q" (one piece of text in its own graphics state), "q style x y m x y l S
# Q" (one border line), a TJ array of hex strings and numbers, a hex string with Tj, "BT x y
# Td /F s Tf", a stroked line, and colour/line-style settings (whose operands are skipped, as
# they are not read).
_TOKEN_RE = re.compile(
    rb"""%(ws)s*(?:
    (?P<qtext>q%(ws)s+(?:(?:%(num)s%(ws)s+){1,4}(?:rg|g|k)%(ws)s+)?
        BT%(ws)s+(?P<qx>%(num)s)%(ws)s+(?P<qy>%(num)s)%(ws)s+Td%(ws)s*
        /(?P<qf>%(reg)s+)%(ws)s+(?P<qs>%(num)s)%(ws)s+Tf%(ws)s*
        (?:\[(?P<qarr>[^\]()]*)\]%(ws)s*TJ|<(?P<qhx>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>%(ws)s*Tj)
        %(ws)s*ET%(ws)s+Q%(end)s)
  | (?P<qline>q%(ws)s+(?:(?:%(num)s%(ws)s+){1,4}(?:w|J|j|M|RG|G|K)%(ws)s+)*
        (?P<qlx0>%(num)s)%(ws)s+(?P<qly0>%(num)s)%(ws)s+m%(ws)s+
        (?P<qlx1>%(num)s)%(ws)s+(?P<qly1>%(num)s)%(ws)s+l%(ws)s+S%(ws)s+Q%(end)s)
  | (?P<tja>\[(?P<arr>[^\]()]*)\]%(ws)s*TJ%(end)s)
  | (?P<tjh><(?P<hx>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>%(ws)s*Tj%(end)s)
  | (?P<bt>BT%(ws)s+(?P<btx>%(num)s)%(ws)s+(?P<bty>%(num)s)%(ws)s+Td%(ws)s*
        /(?P<btf>%(reg)s+)%(ws)s+(?P<bts>%(num)s)%(ws)s+Tf%(end)s)
  | (?P<line>(?P<lx0>%(num)s)%(ws)s+(?P<ly0>%(num)s)%(ws)s+m%(ws)s+
        (?P<lx1>%(num)s)%(ws)s+(?P<ly1>%(num)s)%(ws)s+l%(ws)s+S%(end)s)
  | (?P<style>(?:%(num)s%(ws)s+){1,4}(?:rg|RG|g|G|k|K|w|J|j|M|i)%(end)s)
  | (?P<num>%(num)s)
  | (?P<name>/%(reg)s*)
  | (?P<dopen><<)
  | (?P<dclose>>>)
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<lit>\()
  | (?P<aopen>\[)
  | (?P<aclose>\])
  | (?P<comment>%%[^\r\n]*)
  | (?P<op>%(reg)s+)
  )
  | (?P<ws>%(ws)s+)"""
    % _PARTS,
    re.X,
)
_ARR_ITEM_RE = re.compile(rb"<([0-9A-Fa-f\x00\t\n\x0c\r ]*)>|([+-]?(?:\d+\.?\d*|\.\d+))")


def _hex(raw: bytes) -> bytes:
    try:
        return bytes.fromhex(raw.decode("ascii"))
    except ValueError:
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw)
        if len(digits) % 2:
            digits += b"0"
        return bytes.fromhex(digits.decode("ascii"))


def _array_items(arr: bytes) -> list[bytes | float]:
    """A TJ array's strings and shifts, with small shifts (kerning) merged away.

    Strings separated only by kerning (under a tenth of an em: LibreOffice writes one between
    most glyphs) become one string, and their kerning one shift after it, so that the text
    ends where it should while each glyph is looked at once.
    """
    found = _ARR_ITEM_RE.findall(arr)
    values = [float(n) for _, n in found if n]
    if not values or (min(values) > -100.0 and max(values) < 100.0):  # kerning only
        out: list[bytes | float] = [_hex_join([h for h, n in found if not n])]
        kern = sum(values)
        if kern:
            out.append(kern)
        return out
    out = []
    hexes: list[bytes] = []
    kern = 0.0
    for h, n in found:
        if n:
            v = float(n)
            if -100.0 < v < 100.0:
                kern += v
                continue
            if hexes:
                out.append(_hex_join(hexes))
                hexes = []
            if kern:
                out.append(kern)
                kern = 0.0
            out.append(v)
        else:
            hexes.append(h)
    if hexes:
        out.append(_hex_join(hexes))
    if kern:
        out.append(kern)
    return out


def _hex_join(hexes: list[bytes]) -> bytes:
    try:
        return bytes.fromhex(b"".join(hexes).decode("ascii"))
    except ValueError:  # a string of odd length (its last digit is padded with 0)
        return b"".join(_hex(h) for h in hexes)


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string starting after its "(" at ``pos``; the bytes and the position after."""
    out = bytearray()
    depth = 1
    n = len(data)
    while pos < n:
        ch = data[pos]
        if ch == 0x5C:  # backslash
            pos += 1
            if pos >= n:
                break
            nxt = data[pos : pos + 1]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                pos += 1
            elif nxt in b"01234567":
                m = re.match(rb"[0-7]{1,3}", data[pos : pos + 3])
                assert m is not None
                out.append(int(m.group(0), 8) & 0xFF)
                pos += len(m.group(0))
            elif nxt in b"\r\n":
                pos += 2 if data[pos : pos + 2] == b"\r\n" else 1
            else:
                out += nxt
                pos += 1
            continue
        if ch == 0x28:
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos + 1
        out.append(ch)
        pos += 1
    return bytes(out), pos


@dataclass(slots=True)
class _Run:
    """Text drawn by one show operator, in page coordinates.

    The advance of each character (page units) is computed when first asked for, from the
    codes and the font's widths, as only a few runs' advances are ever needed.
    """

    x0: float
    x1: float
    y: float
    size: float
    text: str
    adv: list[float] | None = None
    codes: bytes = b""
    font: _Font | None = None
    scale: float = 0.0  # width (per 1000 of an em) → page units
    extra: float = 0.0  # character spacing in page units

    def width(self, i: int, j: int) -> float:
        """The advances of characters i..j summed (without making the whole list)."""
        if self.adv is not None:
            return sum(self.adv[i:j])
        assert self.font is not None
        widths = self.font.widths
        total: float = sum([widths[c] for c in self.codes[i:j]])
        return total * self.scale + self.extra * (j - i)

    @property
    def advances(self) -> list[float]:
        if self.adv is None:
            assert self.font is not None
            widths, scale, extra = self.font.widths, self.scale, self.extra
            self.adv = [widths[c] * scale + extra for c in self.codes]
        return self.adv


@dataclass(slots=True)
class _Page:
    runs: list[_Run] = field(default_factory=list)
    hsegs: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vsegs: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    # small stroked squares (form-field check boxes drawn as graphics) and short diagonal
    # strokes (the cross in a ticked one): x, y, w, h / x0, y0, x1, y1
    squares: list[tuple[float, float, float, float]] = field(default_factory=list)
    diagonals: list[tuple[float, float, float, float]] = field(default_factory=list)
    width: float = 612.0
    height: float = 792.0


class _Interpreter:
    """Reads one page's content stream into runs of text and border segments."""

    def __init__(self, fonts: dict[str, _Font], deadline: Deadline) -> None:
        self.fonts = fonts
        self.deadline = deadline
        self.page = _Page()

    def run(self, data: bytes) -> _Page:
        page = self.page
        ctm = _IDENTITY
        stack: list[Matrix] = []
        tm = tlm = _IDENTITY
        font: _Font | None = None
        fs = tc = tw = tl = rise = 0.0
        th = 1.0
        operands: list[Any] = []
        arrays: list[list[Any]] = []
        path: list[tuple[float, float, float, float]] = []
        cur = (0.0, 0.0)
        start = (0.0, 0.0)
        dict_depth = 0
        pos = 0
        n = len(data)
        count = 0
        match = _TOKEN_RE.match
        while pos < n:
            m = match(data, pos)
            if m is None:
                pos += 1
                continue
            pos = m.end()
            kind = m.lastgroup
            count += 1
            if count & 2047 == 0:
                self.deadline.check()
            if kind == "ws" or kind == "comment":
                continue
            if dict_depth:
                if kind == "dopen":
                    dict_depth += 1
                elif kind == "dclose":
                    dict_depth -= 1
                elif kind == "lit":
                    _, pos = _literal(data, pos)
                continue
            value: Any
            if kind == "qtext":
                # q … Q: the font and size set inside end with it, so they stay local
                qfont = self.fonts.get(m.group("qf").decode("latin-1"))
                if qfont is None:
                    raise _Unsupported("font missing")
                arr = m.group("qarr")
                items = _array_items(arr) if arr is not None else [_hex(m.group("qhx"))]
                qtm = (1.0, 0.0, 0.0, 1.0, float(m.group("qx")), float(m.group("qy")))
                self.show(items, qfont, float(m.group("qs")), tc, tw, th, rise, qtm, ctm)
                operands = []
                continue
            if kind == "qline":
                seg = (
                    float(m.group("qlx0")),
                    float(m.group("qly0")),
                    float(m.group("qlx1")),
                    float(m.group("qly1")),
                )
                self.segments([seg], ctm, stroked=True)
                operands = []
                continue
            if kind == "style":
                operands = []
                continue
            if kind == "bt":
                tm = tlm = (1.0, 0.0, 0.0, 1.0, float(m.group("btx")), float(m.group("bty")))
                fs = float(m.group("bts"))
                fname = m.group("btf").decode("latin-1")
                font = self.fonts.get(fname)
                if font is None:
                    raise _Unsupported(f"font {fname} missing")
                operands = []
                continue
            if kind == "line":
                path.append(
                    (
                        float(m.group("lx0")),
                        float(m.group("ly0")),
                        float(m.group("lx1")),
                        float(m.group("ly1")),
                    )
                )
                self.segments(path, ctm, stroked=True)
                path = []
                operands = []
                continue
            if kind == "tja":
                op = b"TJ"
                operands = [_array_items(m.group("arr"))]
            elif kind == "tjh":
                op = b"Tj"
                operands = [_hex(m.group("hx"))]
            elif kind == "op":
                op = m.group("op")
            else:
                if kind == "num":
                    value = float(m.group("num"))
                elif kind == "name":
                    value = m.group("name")[1:].decode("latin-1")
                elif kind == "hex":
                    value = _hex(m.group("hex")[1:-1])
                elif kind == "lit":
                    value, pos = _literal(data, pos)
                elif kind == "aopen":
                    arrays.append([])
                    continue
                elif kind == "aclose":
                    if arrays:
                        arr = arrays.pop()
                        (arrays[-1] if arrays else operands).append(arr)
                    continue
                elif kind == "dopen":
                    dict_depth = 1
                    operands.append(None)
                    continue
                else:
                    continue
                (arrays[-1] if arrays else operands).append(value)
                continue
            args = operands
            operands = []
            try:
                if op == b"Tf":
                    fname = args[0]
                    fs = float(args[1])
                    font = self.fonts.get(fname)
                    if font is None:
                        raise _Unsupported(f"font {fname} missing")
                elif op in (b"Tj", b"TJ", b"'", b'"'):
                    if op == b"'" or op == b'"':
                        if op == b'"':
                            tw, tc = float(args[0]), float(args[1])
                        tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -tl), tlm)
                        tm = tlm
                    if font is None:
                        raise _Unsupported("text without font")
                    items = args[-1] if op == b"TJ" else [args[-1]]
                    if not isinstance(items, list):
                        items = [items]
                    tm = self.show(items, font, fs, tc, tw, th, rise, tm, ctm)
                elif op == b"Td" or op == b"TD":
                    tx, ty = float(args[0]), float(args[1])
                    if op == b"TD":
                        tl = -ty
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
                    tm = tlm
                elif op == b"Tm":
                    tm = tlm = tuple(float(v) for v in args[:6])  # type: ignore[assignment]
                elif op == b"T*":
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -tl), tlm)
                    tm = tlm
                elif op == b"BT":
                    tm = tlm = _IDENTITY
                elif op == b"q":
                    stack.append(ctm)
                elif op == b"Q":
                    if stack:
                        ctm = stack.pop()
                elif op == b"cm":
                    ctm = _mul(tuple(float(v) for v in args[:6]), ctm)  # type: ignore[arg-type]
                elif op == b"TL":
                    tl = float(args[0])
                elif op == b"Tc":
                    tc = float(args[0])
                elif op == b"Tw":
                    tw = float(args[0])
                elif op == b"Tz":
                    th = float(args[0]) / 100.0
                elif op == b"Ts":
                    rise = float(args[0])
                elif op == b"m":
                    cur = start = (float(args[0]), float(args[1]))
                elif op == b"l":
                    p = (float(args[0]), float(args[1]))
                    path.append((cur[0], cur[1], p[0], p[1]))
                    cur = p
                elif op == b"h":
                    path.append((cur[0], cur[1], start[0], start[1]))
                    cur = start
                elif op == b"re":
                    x, y, w, h = (float(v) for v in args[:4])
                    if abs(w) < 2.0 or abs(h) < 2.0:
                        # a thin rectangle is a border drawn as a filled line
                        if abs(h) < 2.0:
                            yy = y + h / 2
                            path.append((x, yy, x + w, yy))
                        else:
                            xx = x + w / 2
                            path.append((xx, y, xx, y + h))
                    else:
                        path.append((x, y, x + w, y))
                        path.append((x, y + h, x + w, y + h))
                        path.append((x, y, x, y + h))
                        path.append((x + w, y, x + w, y + h))
                        path.append((math.nan, 0.0, 0.0, 0.0))  # marks "big rectangle"
                    cur = start = (x, y)
                elif op in (b"S", b"s", b"B", b"B*", b"b", b"b*"):
                    self.segments(path, ctm, stroked=True)
                    path = []
                elif op in (b"f", b"F", b"f*"):
                    self.segments(path, ctm, stroked=False)
                    path = []
                elif op == b"n":
                    path = []
                elif op == b"BI":
                    end = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r /]|$)")
                    found = end.search(data, pos)
                    pos = found.end() if found else n
            except (IndexError, ValueError, TypeError):
                continue  # a malformed operator: skip it as viewers do
        return page

    def show(
        self,
        items: Sequence[Any],
        font: _Font,
        fs: float,
        tc: float,
        tw: float,
        th: float,
        rise: float,
        tm: Matrix,
        ctm: Matrix,
    ) -> Matrix:
        """Draw ``items`` (strings and TJ shifts); return the text matrix after them.

        A shift wider than a quarter em splits the text into two runs (a gap that a viewer
        shows as space). Advances are kept per character, in page units, so that word widths
        can be measured later (a glyph that maps to several characters counts on the first).
        """
        m = _mul(tm, ctm)
        sx = math.hypot(m[0], m[1]) or 1.0
        first = items[0] if items else None
        if (
            isinstance(first, bytes)
            and not font.two_byte
            and not tw
            and (len(items) == 1 or (len(items) == 2 and isinstance(items[1], float)))
        ):
            # the usual case: one string (and a shift after it), measured without a loop
            text = first.decode("latin-1").translate(font.chars)
            if len(text) == len(first):
                tx = (sum(map(font.widths.__getitem__, first)) * fs / 1000.0 + tc * len(first)) * th
                if text:
                    a, _, c, d, e, f = m
                    self.page.runs.append(
                        _Run(
                            e + c * rise,
                            a * tx + c * rise + e,
                            d * rise + f,
                            abs(fs * math.hypot(c, d)) or fs,
                            text,
                            None,
                            first,
                            font,
                            fs / 1000.0 * th * sx,
                            tc * th * sx,
                        )
                    )
                if len(items) == 2:
                    tx += -float(items[1]) / 1000.0 * fs * th
                return _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), tm)
        chars: list[str] = []
        advances: list[float] = []
        tx = 0.0
        run_start = 0.0
        scale = fs * th
        wscale = fs / 1000.0
        glyph = font.glyph
        cache = font.cache
        two = font.two_byte
        for item in items:
            if isinstance(item, float):
                shift = -item / 1000.0 * scale
                if shift > 0.25 * fs and chars:
                    self.emit(chars, advances, run_start, tx, m, fs, rise)
                    chars, advances = [], []
                    tx += shift
                    run_start = tx
                else:
                    tx += shift
                    if advances:
                        advances[-1] += shift * sx
                continue
            if not isinstance(item, bytes):
                continue
            if not chars:
                run_start = tx
            codes: Any = (
                [item[i] << 8 | item[i + 1] for i in range(0, len(item) - 1, 2)] if two else item
            )
            pairs = [cache.get(c) or glyph(c) for c in codes]
            if tw and not two:
                advs = [
                    (w * wscale + tc + (tw if c == 32 else 0.0)) * th
                    for c, (_, w) in zip(codes, pairs, strict=True)
                ]
            else:
                advs = [(w * wscale + tc) * th for _, w in pairs]
            text = "".join([u for u, _ in pairs])
            tx += sum(advs)
            if len(text) == len(advs):
                chars.append(text)
                advances.extend([a * sx for a in advs])
                continue
            for (uni, _), adv in zip(pairs, advs, strict=True):  # ligatures, dropped codes
                if uni:
                    chars.append(uni)
                    advances.append(adv * sx)
                    advances.extend([0.0] * (len(uni) - 1))
                elif advances:
                    advances[-1] += adv * sx
        if chars:
            self.emit(chars, advances, run_start, tx, m, fs, rise)
        return _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), tm)

    def emit(
        self,
        chars: list[str],
        advances: list[float],
        x_start: float,
        x_end: float,
        m: Matrix,
        fs: float,
        rise: float,
    ) -> None:
        a, b, c, d, e, f = m
        x0 = a * x_start + c * rise + e
        y = b * x_start + d * rise + f
        x1 = a * x_end + c * rise + e
        size = abs(fs * math.hypot(c, d)) or fs
        self.page.runs.append(_Run(x0, x1, y, size, "".join(chars), advances))

    def segments(
        self, path: list[tuple[float, float, float, float]], ctm: Matrix, *, stroked: bool
    ) -> None:
        big = any(math.isnan(p[0]) for p in path)
        if big and not stroked:
            return  # a filled area (shading), not a border
        a, b, c, d, e, f = ctm
        edges = []
        for x0, y0, x1, y1 in path:
            if math.isnan(x0):
                continue
            px0, py0 = a * x0 + c * y0 + e, b * x0 + d * y0 + f
            px1, py1 = a * x1 + c * y1 + e, b * x1 + d * y1 + f
            edges.append((px0, py0, px1, py1))
        if big and len(edges) == 4:
            xs = [p for edge in edges for p in edge[0::2]]
            ys = [p for edge in edges for p in edge[1::2]]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            if 5.0 <= w <= 20.0 and abs(w - h) < 1.5:
                # a check box drawn as a square (LibreOffice's Word 97 form fields)
                self.page.squares.append((min(xs), min(ys), w, h))
                return
        for px0, py0, px1, py1 in edges:
            if abs(py0 - py1) < 0.6 and abs(px1 - px0) > 2:
                self.page.hsegs.append(((py0 + py1) / 2, min(px0, px1), max(px0, px1)))
            elif abs(px0 - px1) < 0.6 and abs(py1 - py0) > 2:
                self.page.vsegs.append(((px0 + px1) / 2, min(py0, py1), max(py0, py1)))
            elif stroked and math.hypot(px1 - px0, py1 - py0) < 30:
                self.page.diagonals.append((px0, py0, px1, py1))

    def boxes(self) -> None:
        """Drawn check boxes become "☒"/"☐" runs where they stand (crossed when a diagonal
        stroke runs through the square), sized like the text on their line."""
        page = self.page
        for x, y, w, h in page.squares:
            crossed = any(
                x - 1 <= (dx0 + dx1) / 2 <= x + w + 1 and y - 1 <= (dy0 + dy1) / 2 <= y + h + 1
                for dx0, dy0, dx1, dy1 in page.diagonals
            )
            size = next((r.size for r in page.runs if abs(r.y - y) < h and r.text.strip()), h * 0.9)
            glyph = "☒" if crossed else "☐"
            page.runs.append(_Run(x, x + w, y + 0.18 * h, size, glyph, [w]))


# --- layout: runs and borders → lines ------------------------------------------------------


@dataclass(slots=True)
class _VLine:
    """Runs on one baseline: a line as drawn."""

    x0: float
    x1: float
    y: float
    size: float
    text: str
    first_word: float  # width of the first word
    space: float  # width of a space
    first_char: float = 0.0  # width of the first character
    page: int = 0


def _vlines(runs: list[_Run]) -> list[_VLine]:
    """Group runs into drawn lines, top to bottom, and join each line's runs left to right."""
    out: list[_VLine] = []
    for group in _baseline_groups(runs):
        group.sort(key=lambda r: r.x0)
        parts: list[str] = []
        prev: _Run | None = None
        for r in group:
            if prev is not None:
                gap = r.x0 - prev.x1
                if (
                    gap > 0.15 * r.size
                    and not prev.text.endswith(" ")
                    and not r.text.startswith(" ")
                ):
                    parts.append(" ")
            parts.append(r.text)
            prev = r
        text = "".join(parts)
        first = group[0]
        out.append(
            _VLine(
                x0=first.x0 + _leading_space(first),
                x1=_trimmed_end(group[-1]),
                y=max(r.y for r in group),
                size=max(r.size for r in group),
                text=text,
                first_word=_first_word_width(group),
                first_char=_first_char_width(group),
                space=first.size * 0.3,
            )
        )
    return out


def _baseline_groups(runs: list[_Run]) -> Iterator[list[_Run]]:
    ordered = sorted(runs, key=lambda r: (-r.y, r.x0))
    group: list[_Run] = []
    for r in ordered:
        if group and abs(group[0].y - r.y) > max(1.5, 0.3 * r.size):
            yield group
            group = []
        group.append(r)
    if group:
        yield group


def _leading_space(r: _Run) -> float:
    t = r.text
    n = len(t) - len(t.lstrip(" "))
    return r.width(0, n) if n else 0.0


def _trimmed_end(r: _Run) -> float:
    t = r.text
    n = len(t) - len(t.rstrip(" "))
    return r.x1 - r.width(len(t) - n, len(t)) if n else r.x1


def _first_char_width(group: Sequence[_Run]) -> float:
    for r in group:
        t = r.text
        i = len(t) - len(t.lstrip(" "))
        if i < len(t):
            return r.width(i, i + 1)
    return 0.0


def _content_right(cell: _Cell, vlines: Sequence[_VLine]) -> float:
    """Where text in ``cell`` must end: its right border less the padding seen on the left."""
    if not vlines:
        return cell.right - _PAD
    pad = min(vl.x0 for vl in vlines) - cell.left
    return cell.right - (pad if 0 < pad < 20 else _PAD)


def _first_word_width(group: Sequence[_Run]) -> float:
    w = 0.0
    started = False
    for r in group:
        t = r.text
        i = 0
        if not started:
            i = len(t) - len(t.lstrip(" "))
            if i == len(t):
                continue
            started = True
        j = t.find(" ", i)
        if j != -1:
            return w + r.width(i, j)
        w += r.width(i, len(t))
    return w


def _is_bullet(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and (
        (t[0] in _BULLETS and (len(t) == 1 or t[1] == " "))
        or re.match(r"(?:\d{1,2}|[a-zæøå])[.)]\s", t) is not None
    )


def _line_pitch(vlines: Sequence[_VLine]) -> dict[float, float]:
    """Font size → the most common distance between the lines of one paragraph."""
    counts: dict[tuple[float, float], int] = {}
    for a, b in itertools.pairwise(vlines):
        gap = round(a.y - b.y, 1)
        if a.page == b.page and abs(a.size - b.size) < 0.6 and 0 < gap < 1.6 * b.size:
            key = (round(b.size, 1), gap)
            counts[key] = counts.get(key, 0) + 1
    best: dict[float, tuple[int, float]] = {}
    for (size, gap), n in counts.items():
        if n >= 2 and n > best.get(size, (0, 0.0))[0]:
            best[size] = (n, gap)
    return {size: gap for size, (_, gap) in best.items()}


def _paragraphs(
    vlines: Sequence[_VLine],
    right: float,
    *,
    pitch: float = 1.6,
    usual: dict[float, float] | None = None,
) -> list[str]:
    """Join wrapped lines into paragraphs (see the module docstring)."""
    out: list[str] = []
    prev: _VLine | None = None
    if usual is None:
        usual = _line_pitch(vlines)
    for vl in vlines:
        text = vl.text.strip()
        if not text:
            continue
        if prev is not None and out and _continues(prev, vl, right, pitch, usual):
            out[-1] = out[-1] + _joiner(prev, vl, right) + text
        else:
            out.append(text)
        prev = vl
    return out


def _joiner(prev: _VLine, vl: _VLine, right: float) -> str:
    """What stood where the layout broke the line: a space, or nothing (inside a word)."""
    if prev.text.endswith(" "):
        return " "  # the break was at a space, and the PDF kept it
    before = prev.text.strip()
    after = vl.text.strip()
    if " " in before or not before or not after:
        return " "  # a line of several words ends at a word
    if right - prev.x1 >= vl.first_char + 0.5:
        return " "  # room was left: the next word did not fit
    # One token filled the line to the edge: broken inside it when what follows goes on
    # with the token (lower case, digits, punctuation, or capitals after capitals).
    a, b = before[-1], after[0]
    if b.islower() or b.isdigit() or not b.isalnum() or (a.isupper() and b.isupper()):
        return ""
    if a in "-/" and b.isalnum():
        return ""
    return " "


def _continues(
    prev: _VLine, vl: _VLine, right: float, pitch: float, usual: dict[float, float]
) -> bool:
    if abs(prev.size - vl.size) > 0.6:
        return False
    if prev.page == vl.page:
        gap = prev.y - vl.y
        if gap <= 0 or gap > pitch * vl.size:
            return False
        expected = usual.get(round(vl.size, 1))
        if expected is not None and abs(gap - expected) > 0.6:
            return False  # another paragraph style's spacing: a new paragraph
    elif vl.text.lstrip()[:1].isupper() and not prev.text.rstrip().endswith((",", "-", "–")):
        return False  # across a page break, a capital after an unfinished line starts anew
    if _is_bullet(vl.text):
        return False
    return prev.x1 + prev.space + vl.first_word > right - 1.0


@dataclass(slots=True)
class _Cell:
    left: float
    right: float
    runs: list[_Run] = field(default_factory=list)


@dataclass(slots=True)
class _Band:
    """One table row: the space between two horizontal borders."""

    top: float
    bottom: float
    cells: list[_Cell]


# A label in parentheses directly followed by the next amount: LibreOffice drops the line break
# (w:br) inside a content control when it prints, so "637.950 (Sepu)" / "328.320,- (Nord)"
# comes out as "637.950 (Sepu)328.320,- (Nord)". The break is put back.
_GLUED_LABEL = re.compile(r"\)(?=\d)")
_PAD = 5.4  # a cell's inner margin (Word's default 0.19 cm)


class _Layout:
    def __init__(self, page: _Page) -> None:
        self.page = page
        self.h = sorted(page.hsegs)
        self.v = sorted(page.vsegs)

    def cell_of(self, r: _Run) -> tuple[float, float, float, float] | None:
        """(left, right, bottom, top) of the bordered cell ``r`` starts in, if any."""
        x = r.x0 + 1.0
        y = r.y + 0.3 * r.size
        left = right = bottom = top = None
        for vx, y0, y1 in self.v:
            if y0 - 0.5 <= y <= y1 + 0.5:
                if vx <= x and (left is None or vx > left):
                    left = vx
                elif vx > x and (right is None or vx < right):
                    right = vx
        if left is None or right is None:
            return None
        for hy, x0, x1 in self.h:
            if x0 - 0.5 <= x <= x1 + 0.5:
                if hy <= y and (bottom is None or hy > bottom):
                    bottom = hy
                elif hy > y and (top is None or hy < top):
                    top = hy
        if bottom is None or top is None:
            return None
        return left, right, bottom, top

    def band(self, left: float, bottom: float, top: float) -> _Band:
        """The row between ``bottom`` and ``top`` that holds ``left``: all its cells."""
        mid = (bottom + top) / 2
        # the table's horizontal extent: the border at the top of the row through ``left``
        # (borders drawn cell by cell are joined where they touch)
        x_min, x_max = left, left
        spans: list[list[float]] = []
        for x0, x1 in sorted((x0, x1) for hy, x0, x1 in self.h if abs(hy - top) < 0.6):
            if spans and x0 <= spans[-1][1] + 2.0:
                spans[-1][1] = max(spans[-1][1], x1)
            else:
                spans.append([x0, x1])
        for x0, x1 in spans:
            if x0 - 0.6 <= left + 1 <= x1 + 0.6:
                x_min, x_max = x0, x1
        xs = sorted(
            {
                round(vx, 1)
                for vx, y0, y1 in self.v
                if y0 - 0.5 <= mid <= y1 + 0.5 and x_min - 1 <= vx <= x_max + 1
            }
        )
        merged: list[float] = []
        for vx in xs:
            if not merged or vx - merged[-1] > 1.5:
                merged.append(vx)
        cells = [_Cell(a, b) for a, b in itertools.pairwise(merged)]
        return _Band(top, bottom, cells)


def _in_margin(vl: _VLine, page: _Page) -> bool:
    """A page header or footer ("Side: 4/10"): layout, not content; docx does not read them."""
    if FOOTER_RE.match(vl.text):
        return True
    return vl.y < 0.06 * page.height or vl.y > 0.965 * page.height


@dataclass(slots=True)
class _Row:
    """A table row as read: its cells' texts and where its cells are."""

    cells: list[str]
    cols: list[tuple[float, float]]
    # per cell: its first and last drawn line and where its text must end (for joining the
    # two parts of a row split by a page break as a wrapped line is joined)
    edges: list[tuple[_VLine | None, _VLine | None, float]]

    def line(self) -> Line:
        cells = tuple(normalise(c) for c in self.cells)
        return Line(" ".join(c.replace("\n", " ") for c in cells), cells)

    def continued_by(self, other: _Row) -> bool:
        """``other``, first on the next page, is the rest of this row (split by the page break).

        The columns must be the same, and the first cell must not start a new row: it is empty
        or goes on with text (lower case, a parenthesis) – the form's rows start with a label.
        """
        if len(self.cols) != len(other.cols) or any(
            abs(a[0] - b[0]) > 1.0 or abs(a[1] - b[1]) > 1.0
            for a, b in zip(self.cols, other.cols, strict=True)
        ):
            return False
        first = other.cells[0][:1]
        return not first or first.islower() or first in "(,;:-–"

    def merge(self, other: _Row) -> None:
        for i, extra in enumerate(other.cells):
            if not extra:
                continue
            first, last, right = self.edges[i]
            nxt = other.edges[i][0]
            if not self.cells[i]:
                joined = extra
            else:
                glue = _joiner(last, nxt, right) if last and nxt else " "
                joined = self.cells[i] + glue + extra
            self.cells[i] = _GLUED_LABEL.sub(")\n", joined)
            self.edges[i] = (first or nxt, other.edges[i][1], right)


def _page_items(page: _Page) -> list[tuple[float, _Row | list[_VLine]]]:
    """The page's content top to bottom: table rows as Lines, other text as drawn lines."""
    layout = _Layout(page)
    bands: dict[tuple[float, float, float], _Band] = {}
    loose: list[_Run] = []
    for r in page.runs:
        box = layout.cell_of(r) if layout.v and layout.h else None
        if box is None:
            loose.append(r)
            continue
        left, _right, bottom, top = box
        band = None
        for (b, t, _), existing in bands.items():
            if (
                abs(b - bottom) < 0.6
                and abs(t - top) < 0.6
                and any(c.left - 0.6 <= r.x0 + 1 <= c.right + 0.6 for c in existing.cells)
            ):
                band = existing
                break
        if band is None:
            band = layout.band(left, bottom, top)
            bands[(round(bottom, 1), round(top, 1), round(left, 1))] = band
        for c in band.cells:
            if c.left - 0.6 <= r.x0 + 1.0 <= c.right + 0.6:
                c.runs.append(r)
                break
        else:
            loose.append(r)
    items: list[tuple[float, _Row | list[_VLine]]] = []
    for band in bands.values():
        texts: list[str] = []
        edges: list[tuple[_VLine | None, _VLine | None, float]] = []
        for c in band.cells:
            vls = [vl for vl in _vlines(c.runs) if vl.text.strip()]
            right = _content_right(c, vls)
            texts.append(_GLUED_LABEL.sub(")\n", "\n".join(_paragraphs(vls, right))))
            edges.append((vls[0] if vls else None, vls[-1] if vls else None, right))
        if len(texts) >= 2:
            cols = [(c.left, c.right) for c in band.cells]
            items.append((band.top, _Row(texts, cols, edges)))
        elif texts:
            items.append(
                (band.top, [_VLine(0, 0, band.top, 0, t, 0, 0) for t in texts[0].split("\n")])
            )
    for vl in _vlines(loose):
        if _in_margin(vl, page):
            continue
        items.append((vl.y, [vl]))
    items.sort(key=lambda it: -it[0])
    return items


def _pages_to_lines(pages: Sequence[_Page]) -> list[Line]:
    """All pages' items, with paragraphs joined across lines (and across page breaks)."""
    body: list[_VLine] = []
    seq: list[_Row | _VLine] = []
    for page_no, page in enumerate(pages):
        for index, (_, item) in enumerate(_page_items(page)):
            if isinstance(item, _Row):
                last = seq[-1] if seq else None
                if index == 0 and isinstance(last, _Row) and last.continued_by(item):
                    last.merge(item)
                else:
                    seq.append(item)
            else:
                for vl in item:
                    vl.page = page_no
                    seq.append(vl)
                    if vl.size:
                        body.append(vl)
    limit = max((p.width for p in pages), default=612.0) - 36.0
    right = max((vl.x1 for vl in body if vl.x1 < limit), default=limit)
    usual = _line_pitch(body)
    lines: list[Line] = []
    pending: list[_VLine] = []

    def flush() -> None:
        if pending:
            for para in _paragraphs(pending, right, usual=usual):
                lines.append(Line(normalise(para)))
            pending.clear()

    for entry in seq:
        if isinstance(entry, _Row):
            flush()
            lines.append(entry.line())
        elif not entry.size:  # a single-cell frame: its paragraphs are already joined
            flush()
            lines.append(Line(normalise(entry.text)))
        else:
            pending.append(entry)
    flush()
    return lines


# --- entry points --------------------------------------------------------------------------


def _open(data: bytes, limits: Limits) -> PdfReader:
    limits.check_upload(data)
    head = data[:1024]
    if b"%PDF-" not in head:
        if data.startswith(b"PK\x03\x04"):
            raise ReadError("filen heter .pdf, men er et Word-dokument – bruk filendelsen .docx")
        raise ReadError(f"{_INVALID_PDF} (mangler PDF-hode)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (PyPdfError, NotImplementedError, ValueError) as e:
                raise ReadError(_ENCRYPTED) from e
            if not ok:
                raise ReadError(_ENCRYPTED)
        count = len(reader.pages)
    except ReadError:
        raise
    except _BROKEN as e:
        raise ReadError(f"{_INVALID_PDF} (skadet eller avkortet)") from e
    if count == 0:
        raise ReadError(f"{_INVALID_PDF} (ingen sider)")
    if count > limits.max_pages:
        raise ReadError(f"PDF-en har for mange sider ({count}; grensen er {limits.max_pages})")
    return reader


def _fonts(page: Any, cache: dict[int, _Font]) -> dict[str, _Font]:
    out: dict[str, _Font] = {}
    resources = page.get("/Resources")
    if resources is None:
        return out
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for xo in xobjects.get_object().values():
            if xo.get_object().get("/Subtype") == "/Form":
                raise _Unsupported("form xobject")
    fonts = resources.get("/Font")
    if fonts is None:
        return out
    for name, ref in fonts.get_object().items():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        font = cache.get(key)
        if font is None:
            font = _Font(ref.get_object())
            cache[key] = font
        out[name[1:]] = font
    return out


def _content(page: Any, limits: Limits) -> bytes:
    contents = page.get_contents()
    if contents is None:
        return b""
    if isinstance(contents, ContentStream):
        data: bytes = contents.get_data()
    else:
        data = contents.get_object().get_data()
    if len(data) > limits.max_stream_bytes:
        raise ReadError(
            f"en side i PDF-en er for stor å lese (over "
            f"{limits.max_stream_bytes // (1024 * 1024)} MB innhold)"
        )
    return data


def _fast(reader: PdfReader, limits: Limits, deadline: Deadline) -> list[Line]:
    cache: dict[int, _Font] = {}
    pages: list[_Page] = []
    for page in reader.pages:
        deadline.check()
        interp = _Interpreter(_fonts(page, cache), deadline)
        result = interp.run(_content(page, limits))
        interp.boxes()
        box = page.mediabox
        result.width, result.height = float(box.width), float(box.height)
        pages.append(result)
    return _pages_to_lines(pages)


def _slow(reader: PdfReader, deadline: Deadline) -> list[Line]:
    lines: list[Line] = []
    for page in reader.pages:
        deadline.check()
        lines.extend(
            ln for ln in text_lines(page.extract_text() or "") if not FOOTER_RE.match(ln.text)
        )
    return lines


def pdf_lines(data: bytes, limits: Limits = DEFAULT) -> list[Line]:
    """The document's lines; ReadError for anything unreadable."""
    deadline = limits.deadline()
    reader = _open(data, limits)
    try:
        try:
            lines = _fast(reader, limits, deadline)
        except _Unsupported as e:
            log.info("pdf: %s; using pypdf's text extraction", e)
            lines = _slow(reader, deadline)
    except ReadError:
        raise
    except _BROKEN as e:
        raise ReadError(f"{_INVALID_PDF} (skadet innhold)") from e
    if not any(line.text.strip() for line in lines):
        raise ReadError(_NO_TEXT)
    return lines
