"""Tables drawn with characters in a text file → table rows with their cells.

Converters that write a Word table as text draw it: pandoc's plain text has grid tables
(``+----+----+`` rules, ``|`` between cells) and multiline or simple tables (a rule of dash runs,
one run per column, under the heads); Markdown exports (Google Docs, pandoc) have pipe tables
(``| a | b |`` with a ``|---|---|`` line under the heads). Each such row becomes one
:class:`Line` with ``cells``, as the docx reader makes it: a cell's lines joined with "\\n"
(blank ones left out), ``text`` the cells joined with single spaces, and a row with one cell (a
frame around an answer) its lines as ordinary Lines. Lines that are not part of a table are
left as they are.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .source import Line

_GRID_RULE_RE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_DASH_RUNS_RE = re.compile(r"^\s*-{3,}(?: +-{3,})+\s*$")
_FULL_RULE_RE = re.compile(r"^\s*-{10,}\s*$")


def may_hold_tables(text: str) -> bool:
    """A quick test: only a text with these marks can hold a drawn table."""
    return "---" in text and ("|" in text or "- -" in text or "+-" in text)


def table_lines(raw: Sequence[str]) -> list[Line]:
    """``raw`` (a text's lines) with every drawn table made into rows with cells."""
    out: list[Line] = []
    i, n = 0, len(raw)
    while i < n:
        end = _grid(raw, i, out) or _pipe(raw, i, out) or _dashed(raw, i, out)
        if end:
            i = end
        else:
            out.append(Line(raw[i]))
            i += 1
    return out


def _emit(out: list[Line], cells: list[list[str]]) -> None:
    texts = ["\n".join(p for p in c if p) for c in cells]
    if len(texts) >= 2:
        out.append(Line(" ".join(t.replace("\n", " ") for t in texts), tuple(texts)))
    elif texts:
        out.extend(Line(p) for p in texts[0].split("\n") if p)


def _cut(line: str, starts: Sequence[int]) -> list[str]:
    """``line`` cut at the columns' starts (the last column runs to the end)."""
    bounds = [*starts[1:], max(len(line), starts[-1])]
    return [line[a:b].strip() for a, b in zip(starts, bounds, strict=True)]


def _grid(raw: Sequence[str], i: int, out: list[Line]) -> int:
    """A grid table starting at ``raw[i]`` (its first rule): the index after it, or 0."""
    if not _GRID_RULE_RE.match(raw[i]) or i + 1 >= len(raw) or not _GRID_ROW_RE.match(raw[i + 1]):
        return 0
    j = i
    while j < len(raw) and _GRID_RULE_RE.match(raw[j]):
        corners = [k for k, ch in enumerate(raw[j]) if ch == "+"]
        j += 1
        if j >= len(raw) or not _GRID_ROW_RE.match(raw[j]):
            continue
        # the row's cell walls: the rule's corners where its first line has a "|" (a cell
        # that spans columns has none inside it)
        first = raw[j]
        walls = [k for k in corners if k < len(first) and first[k] == "|"]
        cells: list[list[str]] = [[] for _ in walls[:-1]]
        while j < len(raw) and _GRID_ROW_RE.match(raw[j]) and not _GRID_RULE_RE.match(raw[j]):
            line = raw[j]
            for k, (a, b) in enumerate(itertools.pairwise(walls)):
                _add_piece(cells[k], line[a + 1 : b].strip(), b - a - 3)
            j += 1
        if any(any(c) for c in cells):
            _emit(out, cells)
    return j


def _add_piece(cell: list[str], piece: str, width: int) -> None:
    """One line of a grid cell. pandoc cuts a word longer than its column in two: the head
    alone on its line, then the last ``width`` characters, which fill the line ("Stat" /
    "sforvalteren" in a 12 wide column); that tail is joined to its head without a space."""
    if (
        cell
        and len(piece) == width
        and " " not in piece
        and cell[-1]
        and " " not in cell[-1]
        and (cell[-1][-1].isalnum() or cell[-1][-1] == "(")
    ):
        cell[-1] += piece
    else:
        cell.append(piece)


def _pipe_cells(line: str) -> list[str]:
    t = line.strip()
    t = t[1:] if t.startswith("|") else t
    t = t[:-1] if t.endswith("|") else t
    return [c.strip() for c in re.split(r"(?<!\\)\|", t)]


def _pipe(raw: Sequence[str], i: int, out: list[Line]) -> int:
    """A Markdown pipe table whose head is ``raw[i]``: the index after it, or 0."""
    if i + 1 >= len(raw) or "|" not in raw[i] or not _PIPE_SEP_RE.match(raw[i + 1]):
        return 0
    _emit(out, [[c] for c in _pipe_cells(raw[i])])
    j = i + 2
    while j < len(raw) and "|" in raw[j] and raw[j].strip():
        _emit(out, [[c.replace("<br>", "\n")] for c in _pipe_cells(raw[j])])
        j += 1
    return j


def _simple_body(raw: Sequence[str], j: int, starts: Sequence[int]) -> bool:
    """A headless table whose lines up to its closing dash runs hold no blank line and have
    text in every column is a simple table (one row a line), as pandoc writes a table without
    heads whose cells all fit on one line; a multiline table's row has a cell that wrapped."""
    k = j
    while k < len(raw) and not _DASH_RUNS_RE.match(raw[k]) and not _FULL_RULE_RE.match(raw[k]):
        if not raw[k].strip() or not all(_cut(raw[k], starts)):
            return False
        k += 1
    return k < len(raw) and k - j >= 2


def _dashed(raw: Sequence[str], i: int, out: list[Line]) -> int:
    """A pandoc multiline or simple table around ``raw[i]``: the index after it, or 0.

    A multiline table: a full rule, the heads, the columns' dash runs, rows separated by
    blank lines, a full rule. A simple table: the heads, the dash runs, one row a line, a blank
    line. A headless multiline table starts and ends with the dash runs.
    """
    full_top = bool(_FULL_RULE_RE.match(raw[i]))
    if full_top:
        k = i + 1
        while k < len(raw) and k <= i + 4 and raw[k].strip() and not _DASH_RUNS_RE.match(raw[k]):
            k += 1
        if k >= len(raw) or not _DASH_RUNS_RE.match(raw[k]):
            return 0
        heads, runs_at = list(raw[i + 1 : k]), k
    elif _DASH_RUNS_RE.match(raw[i]):
        heads, runs_at = [], i
    elif i + 1 < len(raw) and raw[i].strip() and _DASH_RUNS_RE.match(raw[i + 1]):
        heads, runs_at = [raw[i]], i + 1
    else:
        return 0
    starts = [m.start() for m in re.finditer(r"-+", raw[runs_at])]
    if heads:
        _emit(out, [list(col) for col in zip(*(_cut(h, starts) for h in heads), strict=True)])
    multiline = full_top or not heads
    j = runs_at + 1
    row: list[str] = []

    def flush() -> None:
        if row:
            _emit(out, [list(col) for col in zip(*(_cut(r, starts) for r in row), strict=True)])
            row.clear()

    if not heads and _simple_body(raw, j, starts):
        multiline = False
    while j < len(raw):
        line = raw[j]
        if _FULL_RULE_RE.match(line) or _DASH_RUNS_RE.match(line):
            flush()
            return j + 1
        if not line.strip():
            flush()
            if not multiline:
                return j
        else:
            row.append(line)
            if not multiline:
                flush()
        j += 1
    flush()
    return j
