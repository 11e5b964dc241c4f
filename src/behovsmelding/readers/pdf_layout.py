"""PDF layout: the runs and borders of :mod:`.pdf_content` → the form parser's Lines.

Table rows from the borders (cells, empty ones included, rows split by a page break joined
again), paragraphs rejoined from wrapped lines, values wrapped inside narrow cells joined
without a space, page headers and footers left out; see :mod:`.pdf` for the rules.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .pdf_columns import split_tables
from .pdf_content import _Page, _Run
from .prose import FOOTER_RE, URL_LINE_RE
from .source import Line, normalise

_BULLETS = frozenset("•◦▪▫‣∙·●○■□➢➤►▶\uf0b7\uf0a7-–")


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
    columns: bool = False  # runs apart by wide gaps: a row of a table drawn without borders
    # the line's pieces apart by more than a word space (x0, text): cells of a table drawn
    # without borders, or words of a justified line (pdf_columns tells which)
    segs: tuple[tuple[float, str], ...] = ()


def _vlines(runs: list[_Run]) -> list[_VLine]:
    """Group runs into drawn lines, top to bottom, and join each line's runs left to right."""
    out: list[_VLine] = []
    for group in _baseline_groups(runs):
        group.sort(key=lambda r: r.x0)
        parts: list[str] = []
        prev: _Run | None = None
        wide = 0
        segs: list[tuple[float, int]] = [(group[0].x0 + _leading_space(group[0]), 0)]
        for r in group:
            if prev is not None:
                gap = r.x0 - prev.x1
                if gap > _COLUMN_GAP * r.size:
                    wide += 1
                if gap > _SEGMENT_GAP * r.size:
                    segs.append((r.x0 + _leading_space(r), len(parts)))
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
        bounds = [k for _, k in segs] + [len(parts)]
        pieces = tuple(
            (x, "".join(parts[a:b]).strip())
            for (x, _), a, b in zip(segs, bounds, bounds[1:], strict=False)
        )
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
                columns=wide >= 2,
                segs=pieces if len(pieces) > 1 else (),
            )
        )
    return out


# A gap between runs on one line wider than this many font sizes separates columns, not words
# (a justified line stretches its spaces to well under one font size).
_COLUMN_GAP = 1.5
# A gap wider than this many font sizes may be between cells (a word space is about 0.25).
_SEGMENT_GAP = 0.6


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
        (t[0] in _BULLETS and len(t) > 2 and t[1] == " ")
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
    return [text for text, _ in _marked_paragraphs(vlines, right, pitch=pitch, usual=usual)]


def _marked_paragraphs(
    vlines: Sequence[_VLine],
    right: float,
    *,
    pitch: float = 1.6,
    usual: dict[float, float] | None = None,
) -> list[tuple[str, bool]]:
    """``_paragraphs``, each with whether the layout shows that it ends there: the next line,
    in its size, follows it on the page after a gap wider than that size's line pitch (the
    spacing between paragraphs), or starts the next page after a last line with room left for
    the next line's first word. Other breaks (a change of size) say nothing."""
    out: list[tuple[str, bool]] = []
    prev: _VLine | None = None
    if usual is None:
        usual = _line_pitch(vlines)
    for vl in vlines:
        text = vl.text.strip()
        if not text:
            continue
        if prev is not None and out and _continues(prev, vl, right, pitch, usual):
            so_far = out[-1][0]
            out[-1] = (so_far + _joiner(prev, vl, right, so_far) + text, False)
        else:
            if prev is not None and out and _shown_end(prev, vl, right, usual):
                out[-1] = (out[-1][0], True)
            out.append((text, False))
        prev = vl
    return out


def _shown_end(prev: _VLine, vl: _VLine, right: float, usual: dict[float, float]) -> bool:
    """``prev`` ends a paragraph by the layout's evidence (see ``_marked_paragraphs``)."""
    if abs(prev.size - vl.size) > 0.6:
        return False
    if prev.page != vl.page:
        return not _full(prev, vl, right)
    expected = usual.get(round(vl.size, 1))
    return expected is not None and prev.y - vl.y > expected + 0.6


def _full(prev: _VLine, vl: _VLine, right: float) -> bool:
    """``vl``'s first word would not have fitted at the end of ``prev``: a wrapped line."""
    return prev.x1 + prev.space + vl.first_word > right - 1.0


# Norwegian one- and two-letter words that rarely end a longer word, standing first on a line
# and followed by another word
_SHORT_WORD_RE = re.compile(r"(?:i|å|og|på|av|om) [\wæøåÆØÅ]")


def _joiner(prev: _VLine, vl: _VLine, right: float, so_far: str = "") -> str:
    """What stood where the layout broke the line: a space, or nothing (inside a word).

    ``so_far`` is the paragraph up to the break.
    """
    if prev.text.endswith(" "):
        return " "  # the break was at a space, and the PDF kept it
    before = prev.text.strip()
    after = vl.text.strip()
    if after[:1].isalnum() and re.search(r"\w-$", so_far or before):
        return ""  # broken after a hyphen inside a word ("kommune-" / "eksempel.no")
    if " " in before or not before or not after:
        return " "  # a line of several words ends at a word
    if URL_LINE_RE.match(before) and before[-1] in "/-._?=&#" and " " not in after:
        return ""  # a web address too long for the line, broken after one of its separators
    if right - prev.x1 >= vl.first_char + 0.5:
        return " "  # room was left: the next word did not fit
    if before.isalpha() and _SHORT_WORD_RE.match(after):
        # a word that filled the line, and then a short word of its own followed by more
        # words: a wrap at the space ("barnehagene" / "i sentrum"), not a word cut in two
        return " "
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
    if prev.columns or vl.columns:
        return False  # a table row drawn without borders is no line of a paragraph
    if _is_bullet(vl.text) or URL_LINE_RE.match(vl.text):
        # a web address alone on its line stays a line of its own, as in a text extraction,
        # where the parser leaves out the addresses a hyperlink left behind
        return False
    return _full(prev, vl, right)


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
# (w:br) inside a content control when it prints, so "100.000 (UiX)" / "50.000,- (HiY)"
# comes out as "100.000 (UiX)50.000,- (HiY)". The break is put back.
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
        return Line(" ".join(c.replace("\n", " ") for c in cells), cells, True)

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
                glue = _joiner(last, nxt, right, self.cells[i]) if last and nxt else " "
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

    def flush(before_block: bool) -> None:
        parts = split_tables(pending)
        for k, part in enumerate(parts):
            if isinstance(part, Line):
                lines.append(part)
                continue
            paras = _marked_paragraphs(part, right, usual=usual)
            for n, (para, end) in enumerate(paras):
                # the last paragraph before a table row or a frame ends there
                last = before_block and k == len(parts) - 1 and n == len(paras) - 1
                lines.append(Line(normalise(para), None, end or last))
        pending.clear()

    for entry in seq:
        if isinstance(entry, _Row):
            flush(True)
            lines.append(entry.line())
        elif not entry.size:  # a single-cell frame: its paragraphs are already joined
            flush(True)
            lines.append(Line(normalise(entry.text), None, True))
        else:
            pending.append(entry)
    flush(False)
    return lines
