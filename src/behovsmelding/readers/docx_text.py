"""How Word shows some text: list labels from numbering, and symbol-font characters.

:class:`_Numbering` gives a list paragraph its label as Word shows it ("• ", "1. ", "a) ")
from numbering.xml (and the paragraph styles, from styles.xml only when the lists do not name
their styles); :func:`_symbol_char` reads a character in Wingdings, Wingdings 2, Webdings or
Symbol as the box or bullet it shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]  # no stubs in requirements

from .docx_package import parse_xml
from .values import CHECKED, UNCHECKED

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W = "{" + W_NS + "}"
W14 = "{" + W14_NS + "}"
_W_abstractNum = W + "abstractNum"
_W_abstractNumId = W + "abstractNumId"
_W_ilvl = W + "ilvl"
_W_lvl = W + "lvl"
_W_lvlText = W + "lvlText"
_W_num = W + "num"
_W_numFmt = W + "numFmt"
_W_numId = W + "numId"
_W_numPr = W + "numPr"
_W_pStyle = W + "pStyle"
_W_rFonts = W + "rFonts"
_W_start = W + "start"
_W_style = W + "style"
_W_styleId = W + "styleId"
_A_VAL = W + "val"
_A14_VAL = W14 + "val"


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    """An element's w:val (or w14:val, or another attribute ``attr`` in either namespace)."""
    if el is None:
        return None
    if attr == "val":
        v: str | None = el.get(_A_VAL)
        return v if v is not None else el.get(_A14_VAL)
    v = el.get(W + attr)
    if v is None:
        v = el.get(W14 + attr)
    return v


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


class _Numbering:
    """List labels as Word shows them: "•" for bullets, "1." / "a)" for numbered items."""

    def __init__(
        self,
        numbering: etree._Element | None,
        styles: Callable[[], dict[str, tuple[str, int]]],
    ) -> None:
        """``styles`` reads the numbered paragraph styles from styles.xml when asked.

        A list linked to a paragraph style ("List Bullet", numbered headings) is written by
        Word twice: ``w:numPr`` in the style and ``w:pStyle`` in the list level. The links in
        numbering.xml are used when there are any; styles.xml (large: 350 kB in Word's default
        template) is read only for a document whose lists have no such links.
        """
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self._styles: Callable[[], dict[str, tuple[str, int]]] | None = None
        if numbering is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        links: dict[str, list[tuple[str, int]]] = {}
        for an in numbering.iterfind(_W_abstractNum):
            aid = _val(an, "abstractNumId") or ""
            lv: dict[int, _Level] = {}
            for lvl in an.iterfind(_W_lvl):
                ilvl = _int(_val(lvl, "ilvl"), 0)
                lv[ilvl] = _Level(
                    fmt=_val(lvl.find(_W_numFmt)) or "decimal",
                    text=_val(lvl.find(_W_lvlText)) or "",
                    start=_int(_val(lvl.find(_W_start)), 1),
                )
                style = _val(lvl.find(_W_pStyle))
                if style:
                    links.setdefault(aid, []).append((style, ilvl))
            abstract[aid] = lv
        for num in numbering.iterfind(_W_num):
            aid = _val(num.find(_W_abstractNumId)) or ""
            num_id = _val(num, "numId") or ""
            self.levels[num_id] = abstract.get(aid, {})
            for style, ilvl in links.get(aid, ()):
                self.style_num.setdefault(style, (num_id, ilvl))
        if not self.style_num:
            self._styles = styles

    def style(self, style_id: str) -> tuple[str, int] | None:
        if self._styles is not None:
            self.style_num = self._styles()
            self._styles = None
        return self.style_num.get(style_id)

    def label(self, ppr: etree._Element | None) -> str:
        if ppr is None:
            return ""
        num_pr = ppr.find(_W_numPr)
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None:
            num_id = _val(num_pr.find(_W_numId))
            ilvl = _int(_val(num_pr.find(_W_ilvl)), 0)
        if num_id is None:
            style = _val(ppr.find(_W_pStyle))
            linked = self.style(style) if style and self.levels else None
            if linked is not None:
                num_id, ilvl = linked
        if not num_id or num_id == "0":
            return ""
        levels = self.levels.get(num_id, {})
        level = levels.get(ilvl)
        if level is None:
            return "• "
        if level.fmt == "bullet":
            return "• "
        if level.fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        ilvl = max(0, min(ilvl, 9))
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else level.start
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, level)
            n = counters[k] if 0 <= k < 10 and counters[k] else lv.start
            return _format_number(n, lv.fmt)

        text = re.sub(r"%(\d)", number, level.text).strip()
        return text + " " if text else ""


_STYLE_ID_RE = re.compile(rb'w:styleId="([^"]*)"')
_NUM_ID_RE = re.compile(rb'<w:numId\s+w:val="(\d+)"')
_ILVL_RE = re.compile(rb'<w:ilvl\s+w:val="(\d+)"')


def style_numbering(data: bytes | None) -> dict[str, tuple[str, int]]:
    """styleId → (numId, ilvl) for the paragraph styles that number their paragraphs.

    styles.xml is large (350 kB in Word's default template, 5 ms to parse) and only these few
    styles matter, so they are found by a scan of the bytes; a file that does not use Word's
    "w:" prefix is parsed instead.
    """
    out: dict[str, tuple[str, int]] = {}
    if not data or b"numPr" not in data:
        return out
    if b"<w:numPr" not in data:
        root = parse_xml(data)
        for st in root.iterfind(_W_style):
            num_pr = st.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(_W_numId))
                if num_id:
                    ilvl = _int(_val(num_pr.find(_W_ilvl)), 0)
                    out[st.get(_W_styleId) or ""] = (num_id, ilvl)
        return out
    pos = 0
    while (i := data.find(b"<w:numPr", pos)) != -1:
        pos = i + 1
        start = data.rfind(b"<w:style ", 0, i)
        if start < 0 or data.rfind(b"</w:style>", 0, i) > start:
            continue
        sid = _STYLE_ID_RE.search(data, start, data.find(b">", start))
        end = data.find(b"</w:numPr>", i)
        snippet = data[i : end if end > 0 else i + 200]
        num = _NUM_ID_RE.search(snippet)
        lvl = _ILVL_RE.search(snippet)
        if sid and num:
            out[sid.group(1).decode("utf-8", "replace")] = (
                num.group(1).decode(),
                int(lvl.group(1)) if lvl else 0,
            )
    return out


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = (
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        )
        s = ""
        for v, sym in vals:
            while n >= v:
                s += sym
                n -= v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


# Symbol fonts: which codes are boxes. Codes are the low byte (Word writes U+F0xx or the byte).
_SYMBOL_BOXES: dict[str, dict[int, str]] = {
    "wingdings": {
        0xA8: UNCHECKED,
        0x6F: UNCHECKED,
        0x71: UNCHECKED,
        0x72: UNCHECKED,
        0xFE: CHECKED,
        0xFD: CHECKED,
        0x78: CHECKED,
    },
    "wingdings 2": {
        0xA3: UNCHECKED,
        0x2A: UNCHECKED,
        0x30: UNCHECKED,
        0x54: CHECKED,
        0x53: CHECKED,
        0x52: CHECKED,
        0x51: CHECKED,
    },
    "webdings": {0x63: UNCHECKED, 0x67: CHECKED},
}
_SYMBOL_BULLETS = {"symbol": {0xB7: "•"}, "wingdings": {0xA7: "▪", 0x9F: "•", 0xD8: "➢"}}

_FONT_ATTRS = tuple(W + a for a in ("ascii", "hAnsi", "cs", "eastAsia"))
_SYMBOL_FONTS = frozenset({*_SYMBOL_BOXES, *_SYMBOL_BULLETS, "symbol"})


def _symbol_font(rpr: etree._Element | None) -> str | None:
    """The symbol font (lower case) a run is set in, if it is one whose codes we map."""
    if rpr is None:
        return None
    fonts = rpr.find(_W_rFonts)
    if fonts is None:
        return None
    for attr in _FONT_ATTRS:
        name: str | None = fonts.get(attr)
        if name:
            low = name.lower()
            if low in _SYMBOL_FONTS:
                return low
    return None


def _symbol_char(font: str, code: int) -> str:
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if font in _SYMBOL_BOXES and low in _SYMBOL_BOXES[font]:
        return _SYMBOL_BOXES[font][low]
    if font in _SYMBOL_BULLETS and low in _SYMBOL_BULLETS[font]:
        return _SYMBOL_BULLETS[font][low]
    if font in _SYMBOL_BOXES or font in _SYMBOL_BULLETS or font == "symbol":
        # Another symbol-font character: not text. Keep letters typed in a symbol font readable.
        return chr(low) if 0x20 <= low < 0x7F and chr(low).isalnum() else ""
    return chr(code)
