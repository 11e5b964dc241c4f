"""Tables drawn without borders in a PDF → rows with cells, for :mod:`.pdf_layout`.

Without borders nothing says where a cell is, but the columns show in the text's positions:
lines whose pieces (text apart by more than a word space) start at the same x, line after
line. A block of such lines is a table when at least two of its lines have two or more pieces
that start where pieces of another line start (the words of a justified paragraph do not line
up so). In a block, a line at the paragraph's usual line pitch below the one above goes on with
the same row (a cell's text wrapped); a wider step (the cells' padding) starts a new row. Each
piece goes to the column whose start is nearest at its left. A row becomes one :class:`Line`
with ``cells``, as a bordered table's row does.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .source import Line, normalise

if TYPE_CHECKING:
    from .pdf_layout import _VLine

_ALIGN = 3.0  # pieces that start this close (points) are in one column


def _starts(lines: Sequence[_VLine]) -> list[float]:
    """The columns' starts: the pieces' starts, those close together taken as one."""
    xs = sorted(x for vl in lines for x, _ in vl.segs)
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > _ALIGN:
            out.append(x)
    return out


def _aligned(vl: _VLine, other: _VLine) -> int:
    """How many pieces after the first of ``vl`` start where a piece of ``other`` starts."""
    return sum(1 for x, _ in vl.segs[1:] if any(abs(x - y) <= _ALIGN for y, _ in other.segs))


def _pieces(vl: _VLine) -> tuple[tuple[float, str], ...]:
    return vl.segs or ((vl.x0, vl.text.strip()),)


def _fits(vl: _VLine, starts: Sequence[float]) -> bool:
    """Every piece of ``vl`` (or the line, when it is one piece) starts at a column."""
    return all(any(abs(x - s) <= _ALIGN for s in starts) for x, _ in _pieces(vl))


def _column(x: float, starts: Sequence[float]) -> int:
    best = 0
    for k, s in enumerate(starts):
        if s <= x + _ALIGN:
            best = k
    return best


def _wrapped_token(before: str, after: str) -> bool:
    """``after`` goes on with the value token ``before`` that the cell's edge cut
    ("…@fjordby.k" / "ommune.no", "…PROSJEK" / "T"); words of text wrap at spaces instead."""
    if " " in before or " " in after or not before or not after:
        return False
    a, b = before[-1], after[0]
    if len(after) <= 2 and after.isalpha() and after.islower() and a.isalpha():
        return True  # a word too long for its cell, broken before its last letters
    if not any(ch.isdigit() or ch in "@./_" for ch in before):
        return False
    return b.islower() or b.isdigit() or (a.isupper() and b.isupper())


def _join(pieces: list[str]) -> str:
    out = ""
    for p in pieces:
        if not out:
            out = p
        elif _wrapped_token(out.split("\n")[-1], p):
            out += p
        else:
            out += "\n" + p
    return out


def _row_line(rows: list[_VLine], starts: Sequence[float]) -> Line:
    cells: list[list[str]] = [[] for _ in starts]
    for vl in rows:
        for x, text in _pieces(vl):
            if text:
                cells[_column(x, starts)].append(text)
    texts = [normalise(_join(c)) for c in cells]
    return Line(" ".join(t.replace("\n", " ") for t in texts), tuple(texts))


def _same(a: _VLine, b: _VLine) -> bool:
    return a.text.split() == b.text.split()


def _block_end(vlines: Sequence[_VLine], i: int) -> int:
    """Where the table that starts at ``vlines[i]`` ends (``i`` when none starts there)."""
    first = vlines[i]
    if not first.segs:
        return i
    j = i + 1
    members = [first]
    while j < len(vlines):
        vl, prev = vlines[j], vlines[j - 1]
        starts = _starts(members)
        if vl.page != prev.page:
            # the table goes on over the page break: the next page's first line repeats the
            # heads, is a row in the columns, or a cell's text going on in a later column (a
            # line at the first column's start may as well be the next paragraph)
            goes_on = (
                _same(vl, first)
                or (bool(vl.segs) and any(_aligned(vl, m) for m in members))
                or (not vl.segs and _fits(vl, starts) and abs(vl.x0 - starts[0]) > _ALIGN)
            )
            if vl.page != prev.page + 1 or not goes_on:
                break
            members.append(vl)
            j += 1
            continue
        step = prev.y - vl.y
        if vl.segs:
            # a row in the same columns; rows may stand as far apart as paragraphs
            ok = 0 < step <= 3.0 * vl.size and (
                any(_aligned(vl, m) for m in members) or _fits(vl, starts)
            )
        else:
            # a cell's wrapped text, in one of the columns, at a line's distance
            ok = 0 < step <= 1.6 * vl.size and _fits(vl, starts)
        if not ok:
            break
        members.append(vl)
        j += 1
    rows_with_columns = [m for m in members if len(m.segs) >= 2]
    lined_up = sum(
        1 for m in rows_with_columns if any(_aligned(m, o) for o in rows_with_columns if o is not m)
    )
    return j if lined_up >= 2 else i


def split_tables(vlines: Sequence[_VLine]) -> list[Line | list[_VLine]]:
    """The lines, with every table drawn without borders made into rows with cells; the rest
    stays in runs of lines for the paragraph joiner."""
    out: list[Line | list[_VLine]] = []
    plain: list[_VLine] = []
    i = 0
    while i < len(vlines):
        end = _block_end(vlines, i)
        if end == i:
            plain.append(vlines[i])
            i += 1
            continue
        if plain:
            out.append(plain)
            plain = []
        block = list(vlines[i:end])
        starts = _starts(block)
        steps = [a.y - b.y for a, b in itertools.pairwise(block) if a.page == b.page]
        # rows apart by more than the lines of a wrapped cell (the cells' padding)
        wrap = min(steps) if steps and max(steps) - min(steps) > 1.0 else None
        row: list[_VLine] = []
        for vl in block:
            if row and vl.page == row[-1].page and wrap is not None:
                new_row = row[-1].y - vl.y > wrap + 1.0
            elif row:
                if vl.page != row[-1].page and _same(vl, block[0]):
                    continue  # the heads repeated at the top of the next page
                # else a row starts at a line that has a first cell
                new_row = any(abs(x - starts[0]) <= _ALIGN for x, _ in _pieces(vl))
            else:
                new_row = False
            if new_row:
                out.append(_row_line(row, starts))
                row = []
            row.append(vl)
        if row:
            out.append(_row_line(row, starts))
        i = end
    if plain:
        out.append(plain)
    return out
