"""The PDF content-stream interpreter: what is drawn where, for :mod:`.pdf`.

pypdf gives each page's decoded content stream and its fonts; this module reads the stream –
text positions, sizes and per-character advances of every show operation, border line
segments, and check boxes drawn as squares – into a :class:`_Page` for :mod:`.pdf_layout`.
Whole operations in the shapes LibreOffice, Word and WeasyPrint write are matched in one step
(most of a page), anything else is read token by token. Fonts map codes to text with pypdf's
font model (ToUnicode, encodings, widths) and symbol fonts' private-use codes to boxes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pypdf.generic import DictionaryObject

from .docx_text import _SYMBOL_BOXES, _SYMBOL_BULLETS
from .limits import Deadline

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
