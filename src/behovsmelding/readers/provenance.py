"""Where each value of a record came from: field path → its place in the original document.

After a document is read, :func:`locate` finds every filled leaf of the record in the
document's own units, so that a caseworker can compare a value with the words it was read from:

* .txt: the line number(s) (1-based, as an editor counts them) and the text of those lines;
* .docx: the paragraph (``avsnitt``, 1-based, counted as the reader meets them) or the table,
  row and cell (``tabell``/``rad``/``celle``, 1-based; tables of two or more cells) and its text;
* .pdf: the page (``side``, 1-based), the bounding box in PDF points (``boks``: x0, y0, x1, y1,
  origin bottom left) and the words, from the positioned text the PDF reader already extracted
  (:func:`keep_pages` is the reader's hook; the page is not parsed twice).

Every source also has ``ord``: the exact words that hold the value (an amount as written,
"Nei ☒" for a tick box), and ``tekst``: the line, paragraph or cell around them.

The readers do not say where they found a value, so the place is looked for again, preferring
the place the reader used: an amount in the budget row that has the record's row label, a
tiltak's fields inside that tiltak's section (from its name to the next tiltak's), list items
after the previous item, a tick box after its question's label. Amounts are matched in the
forms people write ("2 345 000", "2345000", "2.345.000 kr", "50.000,-"): a plain search for
the first two digit groups as they may be joined, then read group by group from there. Long
texts are matched by their first words. What several fields need (the title, the heads of the
unit counts, the tick-box patterns, the text of a line) is found once per document. A value
the document does not show literally (a code for a ticked option, a year from the title) is
placed at the words it was derived from; a value that cannot be found gets no source (the page
then shows nothing for it).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import accumulate, count
from operator import add, itemgetter
from typing import Any

from ..record import Behovsmelding
from .source import Line, decode, normalise

__all__ = ["Kilde", "keep_pages", "locate", "watching"]

Kilde = dict[str, Any]

# --- the PDF reader's hook -----------------------------------------------------------------

_PAGES: ContextVar[list[Any] | None] = ContextVar("_PAGES", default=None)


@contextmanager
def watching() -> Iterator[list[Any]]:
    """While reading one document: the PDF reader's positioned pages land in the yielded list."""
    pages: list[Any] = []
    token = _PAGES.set(pages)
    try:
        yield pages
    finally:
        _PAGES.reset(token)


def keep_pages(pages: Sequence[Any]) -> None:
    """Called by the PDF reader with the pages it extracted (runs with positions)."""
    kept = _PAGES.get()
    if kept is not None:
        kept[:] = pages


# --- the document as units -----------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    """The document's units joined with "\\n": ``starts[i]`` is unit i's offset in ``text``."""

    fmt: str
    texts: list[str]
    starts: list[int] = field(default_factory=list)
    text: str = ""
    low: str = ""
    where: list[Any] = field(default_factory=list)  # per unit: format-specific place
    blocks: dict[tuple[int, int], str] = field(default_factory=dict)  # see block()

    def __post_init__(self) -> None:
        if not self.text:
            self.text = "\n".join(self.texts)
        # unit i starts after the units before it and their i line ends (all in C: no Python
        # loop per line)
        self.starts = list(map(add, accumulate(map(len, self.texts), initial=0), count()))
        low = self.text.lower()
        self.low = low if len(low) == len(self.text) else self.text

    def unit(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def block(self, u: int, v: int) -> str:
        """Units u to v (inclusive) as one stripped text, each block made once per document."""
        key = (u, v)
        text = self.blocks.get(key)
        if text is None:
            text = self.blocks[key] = "\n".join(self.texts[u : v + 1]).strip()
        return text


_TEXT = itemgetter(0)  # a Line's text


def _txt_doc(data: bytes, lines: Sequence[Line]) -> _Doc:
    if (
        len(lines) == data.count(b"\n") + 1
        and b"\r" not in data
        and b"\f" not in data
        and b"\v" not in data
    ):
        # the reader's lines are the file's lines, one for one: no second decoding
        return _Doc("txt", list(map(_TEXT, lines)))
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    # a form feed or vertical tab is inside a line for an editor: the line numbers stay its own
    text = normalise(text.replace("\f", " ").replace("\v", " "))
    return _Doc("txt", text.split("\n"), text=text)


def _docx_doc(lines: Sequence[Line]) -> _Doc:
    texts: list[str] = []
    where: list[Any] = []
    table = row = para = 0
    in_table = False
    for ln in lines:
        texts.append(ln.text)
        if ln.cells is not None and len(ln.cells) >= 2:
            if not in_table:
                table, row, in_table = table + 1, 0, True
            row += 1
            where.append(("rad", table, row, ln.cells))
        else:
            in_table = False
            if ln.end or not where or where[-1][0] != "avsnitt":
                para += 1
            where.append(("avsnitt", para))
    doc = _Doc("docx", texts)
    doc.where = where
    return doc


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    x0: float
    x1: float
    y0: float
    y1: float


def _pdf_doc(pages: Sequence[Any]) -> _Doc:
    texts: list[str] = []
    where: list[Any] = []
    for page_no, page in enumerate(pages, 1):
        runs = sorted(
            (r for r in page.runs if r.text.strip()), key=lambda r: (-round(r.y, 0), r.x0)
        )
        group: list[Any] = []
        for r in runs:
            if group and abs(group[0].y - r.y) > 0.4 * max(r.size, 1.0):
                texts.append(_pdf_line(group, page_no, page, where))
                group = []
            group.append(r)
        if group:
            texts.append(_pdf_line(group, page_no, page, where))
    doc = _Doc("pdf", texts)
    doc.where = where
    return doc


_SPACES = str.maketrans("\u00a0\u2007\u202f\u00ad", "    ")


def _pdf_line(group: list[Any], page_no: int, page: Any, where: list[Any]) -> str:
    group.sort(key=lambda r: r.x0)
    parts: list[str] = []
    spans: list[_Span] = []
    pos = 0
    prev = None
    for r in group:
        if prev is not None and r.x0 - prev.x1 > 0.15 * r.size and not prev.text.endswith(" "):
            parts.append(" ")
            pos += 1
        text = r.text.translate(_SPACES)  # one for one: the offsets stay the run's
        size = r.size or 10.0
        spans.append(_Span(pos, pos + len(text), r.x0, r.x1, r.y - 0.25 * size, r.y + 0.85 * size))
        parts.append(text)
        pos += len(text)
        prev = r
    where.append(("side", page_no, spans, (float(page.width), float(page.height))))
    return "".join(parts)


# --- numbers -------------------------------------------------------------------------------

# Digit groups apart by one separator ("2 345 000", "2.345.000", "2 3 45 000"): every sub-run
# of a run is a candidate amount, so a row "400 000 600 000 2 345 000" holds each of them.
_GROUPS_RE = re.compile(r"\d+(?:[ .\u00a0\u202f\n]\d+)*")
_GROUP_RE = re.compile(r"\d+")


_SINGLE_NUMBER_RE = re.compile(r"(?<![\d,.])\d+(?![\d.,]\d)")
_UNITS = (
    "kommunale_barnehager",
    "private_barnehager",
    "offentlige_skoler",
    "private_skoler",
    "ppt",
)
_UNIT_HEADS = {
    "kommunale_barnehager": re.compile(r"kommunale\s+barnehager"),
    "private_barnehager": re.compile(r"private\s+barnehager"),
    "offentlige_skoler": re.compile(r"(?:offentlige|kommunale)\s+skoler"),
    "private_skoler": re.compile(r"private\s+skoler"),
    "ppt": re.compile(r"pp-tjenester|ppt"),
}
_NOT_DIGITS = {ord(c): None for c in " .\u00a0\u202f\n"}


def _amounts(text: str, value: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """Where ``value`` is written between lo and hi: digit groups that start a run or one of
    its groups ("600 000" in "400 000 600 000 2 345 000", never "00 000" inside "400 000").

    The places are found by a plain search for the first two groups as they may be joined
    ("2 345", "2.345", "2345"), then read group by group from there: no pass over all the
    document's numbers."""
    want = str(value)
    if len(want) <= 3:
        needles: tuple[str, ...] = (want,)
    else:
        cut = len(want) % 3 or 3
        h, t = want[:cut], want[cut : cut + 3]
        # the readers' text has no no-break spaces left (source.normalise)
        needles = (h + " " + t, h + t, h + "." + t, h + "\n" + t)
    starts: set[int] = set()
    for needle in needles:
        at = text.find(needle, lo, hi)
        while at >= 0 and len(starts) < 50:
            starts.add(at)
            at = text.find(needle, at + 1, hi)
    out: list[tuple[int, int]] = []
    for at in sorted(starts):
        before = text[at - 1] if at else ""
        if before.isdigit():
            continue  # inside a group
        m = _GROUPS_RE.match(text, at)
        if m is None:
            continue
        run = m.group()
        if before == "," and run.isdigit():
            continue  # the decimals of "1,5"
        digits = ""
        end = at
        for g in _GROUP_RE.finditer(run):
            if digits and g.end() - g.start() > 3:
                break  # "2 3 45 000" is one amount; "2024 100" is not
            digits += g.group()
            end = at + g.end()
            if len(digits) >= len(want):
                break
        if digits == want and not (len(digits) > 1 and digits[0] == "0"):
            out.append((at, end))
    if not out and len(want) > 3:
        out = _spaced_amounts(text, want, lo, hi)
    return out


def _spaced_amounts(text: str, want: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The amount written with a space typo inside a group ("2 3 45 000"), which the reader
    resolved: the runs of digit groups between lo and hi, read whole."""
    out: list[tuple[int, int]] = []
    for m in _GROUPS_RE.finditer(text, lo, hi):
        run = m.group()
        if want not in run.translate(_NOT_DIGITS):
            continue
        groups = list(_GROUP_RE.finditer(run))
        for i, first in enumerate(groups):
            digits = ""
            for g in groups[i:]:
                if digits and g.end() - g.start() > 3:
                    break
                digits += g.group()
                if len(digits) >= len(want):
                    if digits == want and first.group()[0] != "0":
                        out.append((m.start() + first.start(), m.start() + g.end()))
                    break
    return out


# --- what each field is next to ------------------------------------------------------------

# The form's own labels (lower case) for fields whose value is near them.
_LABELS: dict[str, tuple[str, ...]] = {
    "flere_eiere": ("flere eiere",),
    "flere_uh": ("flere uh", "flere kompetansemilj"),
    "flere_ordninger": ("flere ordninger",),
    "videreforer_fjoraaret": ("videreføre", "viderefør"),
    "antall_tiltak": ("antall tiltak",),
    "budsjett_i_vedlegg": ("budsjett i vedlegg", "vedlegg"),
    "koordinator": ("koordinator",),
    "droftet": ("drøftet i medbestemmelse", "drøftet"),
    "videreutdanning": ("videreutdanning",),
    "samiske_perspektiver": ("samisk",),
    "gjelder": ("gjelder",),
    "ordninger": ("gjelder",),
    "faser": ("fase", "analyse/vurdering"),
    "formaal": ("brukes til",),
    "varighet": ("varighet",),
    "koordinator_sum": ("koordinator",),
    "kommunale_barnehager": ("kommunale barnehager",),
    "private_barnehager": ("private barnehager",),
    "offentlige_skoler": ("offentlige skoler", "kommunale skoler"),
    "private_skoler": ("private skoler",),
    "ppt": ("ppt",),
    "kompetansenettverk": ("kompetansenettverk",),
    "eier": ("eier",),
    "uh": ("universitet", "kompetansemilj"),
}

# Ticked options: the option's words as the form shows them.
_OPTIONS: dict[str, str] = {
    "regional": r"regional\s+ordning",
    "desentralisert": r"desentralisert\s+ordning",
    "kompetanseloftet": r"kompetanseløftet",
    "barnehage": r"barnehage",
    "grunnskole": r"grunnskole",
    "begge": r"begge\s+deler",
    "analyse": r"analyse",
    "vurdering": r"vurdering",
    "planlegging": r"planlegging",
    "gjennomforing": r"gjennomføring",
    "ja": r"ja",
    "nei": r"nei",
    "vet_ikke": r"vet\s+ikke",
    "ikke_relevant": r"(?:vurdert\s+)?ikke\s+relevant",
    "videre": r"videre",
}
_SEASONS = {"V": "vår", "H": "høst"}
# an option's box may follow a few words later ("Planlegging av tiltak ☒"), never another box
_BEFORE_BOX = r"(?:[ \t]+[^\s☒☐☑]+){0,3}?\s*\)?\s*$"
_TICK_FIELDS = frozenset(
    {
        "ordninger",
        "gjelder",
        "faser",
        "formaal",
        "varighet",
        "videreutdanning",
        "samiske_perspektiver",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "flere_eiere",
        "flere_uh",
        "flere_ordninger",
        "videreforer_fjoraaret",
        "budsjett_i_vedlegg",
        "koordinator",
        "droftet",
    }
)
_AMOUNT_PATH = re.compile(
    r"(?:budsjett\.(?:rader\[\d+\]|sum)\.(?:eier|totalt|uh\[\d+\]\.belop)"
    r"|tiltak\[\d+\]\.(?:eier|uh|totalt)|koordinator_sum)$"
)
_INDEX_RE = re.compile(r"\[(\d+)\]")
_TITLE_RE = re.compile(r"(?:lokal|kollektiv)\s+kompetanseutvikling")
_RX_CACHE: dict[str, re.Pattern[str]] = {}


def _rx(pattern: str) -> re.Pattern[str]:
    rx = _RX_CACHE.get(pattern)
    if rx is None:
        rx = _RX_CACHE[pattern] = re.compile(pattern)
    return rx


def _option_rx(code: str) -> str:
    if len(code) == 5 and code[0] in _SEASONS and code[1:].isdigit():
        return rf"(?:{_SEASONS[code[0]]}\s*{code[1:]}|{code.lower()})"
    return _OPTIONS.get(code, re.escape(code.replace("_", " ")))


_TRIES: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


def _tick_tries(code: str) -> list[tuple[str, re.Pattern[str]]]:
    """The boxes to look for and the words before each: the ticked option's ("Nei ☒"), and
    for a yes/no answer the other answer's empty box ("Ja ☐" read as no); made once a code."""
    tries = _TRIES.get(code)
    if tries is None:
        option = _option_rx(code)
        tries = [("☒", _rx(rf"(?<![a-zæøå]){option}(?![a-zæøå]){_BEFORE_BOX}"))]
        if code in ("ja", "nei"):
            other = "nei" if code == "ja" else "ja"
            tries.append(("☐", _rx(rf"(?<![a-zæøå]){other}\s*$")))
        _TRIES[code] = tries
    return tries


def amount_paths() -> re.Pattern[str]:
    """The paths of amount fields (the web shows a source beside each of them)."""
    return _AMOUNT_PATH


def is_tick(path: str) -> bool:
    """A field read from tick boxes (a yes/no question or a ticked option)."""
    name = _INDEX_RE.sub("", path).rsplit(".", 1)[-1]
    return name in _TICK_FIELDS or name in _BOOL_FIELDS


# --- locating ------------------------------------------------------------------------------


class _Locator:
    def __init__(self, doc: _Doc, record: Behovsmelding) -> None:
        self.doc = doc
        self.record = record
        self.out: dict[str, Kilde] = {}
        self.spans: dict[str, tuple[int, int]] = {}  # field path → where its words are
        self.last_item: dict[str, int] = {}  # list path → where its previous item was found
        n = len(doc.text)
        self.tiltak: list[tuple[int, int]] = []
        starts: list[int] = []
        pos = 0
        for t in record.tiltak:
            label = doc.low.find("navn på tiltak", pos, n)
            hit = self._find_text(t.navn, label if label >= 0 else pos, n) if t.navn else None
            if hit is None:
                starts.append(-1)
                continue
            start = hit[0]
            if t.nr is not None:
                head = doc.low.rfind(f"tiltak {t.nr}", pos, start)
                if head >= 0:
                    start = head
            starts.append(start)
            pos = hit[1]
        found = [s for s in starts if s >= 0]
        for s in starts:
            if s < 0:
                self.tiltak.append((0, n))
                continue
            later = [x for x in found if x > s]
            self.tiltak.append((s, later[0] if later else n))
        self.header_end = found[0] if found else n
        self._title: tuple[re.Match[str] | None] | None = None  # see title()
        self._units: dict[tuple[int, int], tuple[int, list[re.Match[str] | None]]] = {}

    def title(self) -> re.Match[str] | None:
        """The form's title (the year is read from it), searched once per document."""
        if self._title is None:
            self._title = (_TITLE_RE.search(self.doc.low),)
        return self._title[0]

    def numbers(self, value: int, lo: int, hi: int) -> list[tuple[int, int]]:
        """Where ``value`` is written between lo and hi, in order."""
        return _amounts(self.doc.text, value, lo, hi)

    # searching

    def _find_text(self, value: str, lo: int, hi: int) -> tuple[int, int] | None:
        """The first place from ``lo`` where the value's first words are written (not inside
        another word or number)."""
        low = self.doc.low
        words = value[:120].lower().split()
        if not words:
            return None
        while len(words) > 1 and not (words[0][0].isalnum() or any(map(str.isalnum, words[0]))):
            words.pop(0)  # a list mark ("- ", "• ") the document may write otherwise
        at = _find_word(low, " ".join(words[:6]), lo, hi)
        if at is not None:
            return at
        for k in (3, 1):
            if k >= len(words) or (k == 1 and len(words[0]) < 4):
                continue
            at = _find_word(low, " ".join(words[:k]), lo, hi)
            if at is not None:
                return at
        # words separated by line ends or double spaces in the document
        hit = _find_spaced(low, words[:4], lo, hi)
        if hit is not None:
            return hit
        word = words[0]
        if len(word) >= 8:  # a value wrapped inside its first word (an e-mail address)
            return _find_word(low, word[:8], lo, hi)
        return None

    def _label(self, name: str, lo: int, hi: int) -> int:
        """Where the field's label is, from ``lo``; -1 when it is not."""
        best = -1
        low = self.doc.low
        for label in _LABELS.get(name, ()):
            # only an earlier place can win: search no further than the best so far
            at = low.find(label, lo, hi if best < 0 else min(hi, best + len(label) - 1))
            if at >= 0 and (best < 0 or at < best):
                best = at
        return best

    def _scope(self, path: str, tiltak: int) -> tuple[int, int]:
        if tiltak >= 0:
            return self.tiltak[tiltak]
        if path.startswith("budsjett."):
            return 0, self.header_end
        return 0, len(self.doc.text)

    def _after_sibling(self, key: str, lo: int) -> int:
        """For a list item: search after where the previous item of the list was found."""
        return max(lo, self.last_item.get(key, lo)) if key else lo

    # one field

    def field(self, leaf: _Leaf) -> None:
        path, name, key, tiltak, value = leaf
        lo, hi = self._scope(path, tiltak)
        hit: tuple[int, int] | None
        if path == "skjema":
            m = self.title()
            hit = (m.start(), m.end()) if m else None
        elif isinstance(value, bool):
            hit = self._tick(name, "ja" if value else "nei", lo, hi)
        elif isinstance(value, int):
            hit = self._number(path, name, value, lo, hi)
        elif name in _TICK_FIELDS and isinstance(value, str):
            hit = self._tick(name, value, self._after_sibling(key, lo), hi)
        elif isinstance(value, str):
            start = self._after_sibling(key, lo)
            if path.startswith("budsjett.sum"):  # below the rows, where the text has it so
                start = max(start, self.last_item.get("budsjett.rader", lo))
            label = self._label(name, start, hi) if name in ("eier", "uh") else -1
            hit = self._find_text(value, label if label >= 0 else start, hi)
            if hit is None and start > lo:
                hit = self._find_text(value, lo, hi)
            if hit is None and name == "rolle" and path.startswith("partnere["):
                hit = self._partner_row(path)
        else:
            return
        if hit is None:
            return
        if key:
            self.last_item[key] = hit[1]
        self.spans[path] = hit
        self.out[path] = self._source(*hit)

    def _tick(self, name: str, code: str, lo: int, hi: int) -> tuple[int, int] | None:
        """The option's words and its box: ticked ("Nei ☒"), or for a yes/no question the
        other answer left empty ("Ja ☐" read as no)."""
        label = self._label(name, lo, hi)
        start = label if label >= 0 else lo
        low = self.doc.low
        tries = _tick_tries(code)
        # the question's label, where it is followed by its boxes (the label's words may come
        # earlier in a text); then anywhere after the first label, then anywhere
        at, seen = label, 0
        while at >= 0 and seen < 8:
            for box, rx in tries:
                hit = self._box_after(box, rx, at, min(hi, at + 400))
                if hit is not None:
                    return hit
            at, seen = self._label(name, at + 1, hi), seen + 1
        for begin in (start, lo) if label >= 0 else (lo,):
            for box, rx in tries:
                hit = self._box_after(box, rx, begin, hi)
                if hit is not None:
                    return hit
        if name == "formaal" and label >= 0:
            # chosen from a list and written in words: the answer after the question
            m = _rx(rf"(?<![a-zæøå]){_option_rx(code)}").search(low, start, hi)
            if m is not None:
                return m.start(), m.end()
            at = low.find("?", label, hi)
            end = low.find("\n", label, hi)
            if 0 <= at < end and low[at + 1 : end].strip():
                return at + 1 + (len(low[at + 1 : end]) - len(low[at + 1 : end].lstrip())), end
        return None

    def _box_after(self, box: str, rx: re.Pattern[str], lo: int, hi: int) -> tuple[int, int] | None:
        """The first ``box`` glyph from lo whose preceding words match ``rx`` (anchored at the
        box): the boxes are found by a plain search, the pattern tried only before each."""
        low = self.doc.low
        at = low.find(box, lo, hi)
        while at >= 0:
            m = rx.search(low, max(lo, at - 80), at)
            if m is not None:
                return m.start(), at + 1
            at = low.find(box, at + 1, hi)
        return None

    def _number(self, path: str, name: str, value: int, lo: int, hi: int) -> tuple[int, int] | None:
        if name == "nr":  # the tiltak's heading
            m = _rx(rf"tiltak\s*{value}(?!\d)").search(self.doc.low, lo, hi)
            if m is not None:
                return m.end() - len(str(value)), m.end()
        if name in _UNITS:
            counted = self._unit_count(name, value, lo, hi)
            if counted is not None:
                return counted
        hint = self._hint(path, name, lo, hi)
        if hint >= 0:
            # near the row label or the question first: in its line, else soon after it
            unit = self.doc.unit(hint)
            begin = self.doc.starts[unit]
            line_end = self.doc.starts[unit + 1]  # the next unit's start
            spots = self.numbers(value, begin, min(hi, max(begin, hint) + 3000))
            same = [s for s in spots if hint <= s[0] < line_end]
            if same:
                return same[0]
            after = [s for s in spots if s[0] >= hint]
            if after:
                return after[0]
        spots = self.numbers(value, lo, hi)
        return spots[0] if spots else None

    def _unit_count(self, name: str, value: int, lo: int, hi: int) -> tuple[int, int] | None:
        """A count of units: the number under or after its head, whose words the text may have
        broken over lines; or, where the heads come first and the numbers after them all
        ("Kommunale / barnehager  Private …" then "0 0 22 1 1"), the number in its head's
        place."""
        low = self.doc.low
        known = self._units.get((lo, hi))
        if known is None:
            # the question and its heads: the same for each of the five counts
            at = low.find("hvor mange enheter", lo, hi)
            end = min(hi, at + 1500)
            heads = [_UNIT_HEADS[k].search(low, at, end) for k in _UNITS] if at >= 0 else []
            known = self._units[(lo, hi)] = (at, heads)
        at, heads = known
        if at < 0:
            return None
        end = min(hi, at + 1500)
        k = _UNITS.index(name)
        own = heads[k]
        want = str(value)
        if own is not None:
            later = [h.start() for h in heads if h is not None and h.start() > own.start()]
            first = _SINGLE_NUMBER_RE.search(low, own.end(), min(later) if later else end)
            if first is not None and first.group() == want:
                return first.span()
        found = [h for h in heads if h is not None]
        start = max(h.end() for h in found) if found else at
        first = _SINGLE_NUMBER_RE.search(low, start, end)
        if first is None:
            return None
        unit = self.doc.unit(first.start())
        line_end = min(end, self.doc.starts[unit] + len(self.doc.texts[unit]))
        numbers = list(_SINGLE_NUMBER_RE.finditer(low, first.start(), line_end))
        if k < len(numbers) and numbers[k].group() == want:
            return numbers[k].span()
        return None

    def _hint(self, path: str, name: str, lo: int, hi: int) -> int:
        """Where the row or label an amount or count belongs with is written (-1 if not)."""
        if path.startswith("budsjett."):
            if path.startswith("budsjett.sum"):
                return self.doc.low.find("sum", self.last_item.get("budsjett.rader", lo), hi)
            m = _INDEX_RE.search(path)
            assert m is not None
            rows = self.record.budsjett.rader
            i = int(m.group(1))
            etikett = rows[i].etikett if i < len(rows) else None
            span = self.spans.get(f"budsjett.rader[{i}].etikett")
            if span is not None:
                return span[0]
            if etikett:
                hit = self._find_text(etikett, lo, hi)
                return hit[0] if hit else -1
            return -1
        if name == "aar":
            m = self.title()
            return m.start() if m else -1
        if name == "nr":
            return lo
        return self._label(name, lo, hi)

    def _partner_row(self, path: str) -> tuple[int, int] | None:
        base = path.rsplit(".", 1)[0]
        return self.spans.get(f"{base}.navn")

    # the place in the document's units

    def _source(self, start: int, end: int) -> Kilde:
        doc = self.doc
        starts = doc.starts
        u = bisect.bisect_right(starts, start) - 1
        last = max(start, end - 1)
        # most values lie within one unit: no second search for where they end
        v = u if last < starts[u + 1] else bisect.bisect_right(starts, last) - 1
        ord_ = doc.text[start:end].strip()
        fmt = doc.fmt
        if fmt == "txt":
            linjer = [u + 1] if u == v else list(range(u + 1, v + 2))
            return {"ord": ord_, "linjer": linjer, "tekst": doc.block(u, v)}
        a, b = start - starts[u], end - starts[u]
        src: Kilde = {"ord": ord_}
        if fmt in ("docx", "tekst"):
            place = doc.where[u]
            if place[0] == "rad":
                _, table, row, cells = place
                k, cell = _cell_at(doc.texts[u], cells, a)
                src.update(tabell=table, rad=row, celle=k + 1, tekst=cell)
            else:
                src.update(avsnitt=place[1], tekst=doc.block(u, u))
        else:
            _, page, spans, size = doc.where[u]
            boxes = [_box(spans, a, min(b, len(doc.texts[u])))]
            for w in range(u + 1, v + 1):
                if doc.where[w][1] == page:
                    boxes.append(_box(doc.where[w][2], 0, end - starts[w]))
            x0 = min(bx[0] for bx in boxes)
            y0 = min(bx[1] for bx in boxes)
            x1 = max(bx[2] for bx in boxes)
            y1 = max(bx[3] for bx in boxes)
            src.update(
                side=page,
                boks=[round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)],
                sidestorrelse=[round(size[0], 1), round(size[1], 1)],
                tekst=doc.block(u, v),
            )
        return src


def _find_spaced(low: str, words: Sequence[str], lo: int, hi: int) -> tuple[int, int] | None:
    """``words`` in order with any white space between them (a line end, two spaces), the
    first not inside another word; no pattern is compiled for each value."""
    first = words[0]
    at = low.find(first, lo, hi)
    tries = 0
    while at >= 0 and tries < 50:
        tries += 1
        if at == 0 or not (low[at - 1].isalnum() and first[:1].isalnum()):
            pos = at + len(first)
            for w in words[1:]:
                gap = pos
                while gap < hi and low[gap].isspace():
                    gap += 1
                if gap == pos or not low.startswith(w, gap):
                    break
                pos = gap + len(w)
            else:
                return at, pos
        at = low.find(first, at + 1, hi)
    return None


def _find_word(low: str, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    """``needle`` in ``low[lo:hi]`` where it does not begin inside a word or number."""
    for _ in range(50):
        at = low.find(needle, lo, hi)
        if at < 0:
            return None
        if at == 0 or not (low[at - 1].isalnum() and needle[:1].isalnum()):
            return at, at + len(needle)
        lo = at + 1
    return None


def _cell_at(text: str, cells: Sequence[str], offset: int) -> tuple[int, str]:
    pos = 0
    for k, c in enumerate(cells):
        pos += len(c) + 1
        if offset < pos:
            return k, c.strip()
    return len(cells) - 1, cells[-1].strip() if cells else text


def _box(spans: Sequence[_Span], a: int, b: int) -> tuple[float, float, float, float]:
    xs0: list[float] = []
    xs1: list[float] = []
    ys0: list[float] = []
    ys1: list[float] = []
    for s in spans:
        if s.end <= a or s.start >= b:
            continue
        length = max(s.end - s.start, 1)
        width = s.x1 - s.x0
        xs0.append(s.x0 + width * max(a - s.start, 0) / length)
        xs1.append(s.x0 + width * min(b - s.start, length) / length)
        ys0.append(s.y0)
        ys1.append(s.y1)
    if not xs0:
        s = spans[0] if spans else _Span(0, 0, 0, 0, 0, 0)
        return s.x0, s.y0, s.x1, s.y1
    return min(xs0), min(ys0), max(xs1), max(ys1)


# One filled leaf of the record: its path, the field's own name ("totalt", "varighet"), the
# list the value is an item of ("partnere") or "", the tiltak it belongs to or -1, the value.
# A plain tuple: a hundred or more of them are made for each document.
_Leaf = tuple[str, str, str, int, Any]
_SCALARS = (int, str)  # bool is an int


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _leaves(obj: Any, path: str, name: str, key: str, tiltak: int, out: list[_Leaf]) -> None:
    """Every filled leaf of the record (``kilde`` and ``format`` left out), into ``out``, in
    the record's order (a list item is looked for after the one before it)."""
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            _leaves(item, f"{path}[{i}]", name, path, i if path == "tiltak" else tiltak, out)
    elif isinstance(obj, _SCALARS):
        if obj != "":
            out.append((path, name, key, tiltak, obj))
    else:
        names = _FIELD_NAMES.get(type(obj))
        if names is None:
            names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
        prefix = f"{path}." if path else ""
        for n in names:
            value = getattr(obj, n)
            if value is None or (not path and n in ("kilde", "format")):
                continue
            if isinstance(value, _SCALARS):  # most leaves: no call of their own
                if value != "":
                    out.append((prefix + n, n, key, tiltak, value))
            else:
                _leaves(value, prefix + n, n, key, tiltak, out)


def locate(
    record: Behovsmelding, fmt: str, data: bytes, lines: Sequence[Line], pages: Sequence[Any]
) -> dict[str, Kilde]:
    """Field path → where the value is written in the document (see the module doc)."""
    if fmt == "pdf" and pages:
        doc = _pdf_doc(pages)
    elif fmt in ("docx", "pdf"):  # a PDF read by pypdf's extraction: its lines, no positions
        doc = _docx_doc(lines)
        doc.fmt = "docx" if fmt == "docx" else "tekst"
    else:
        doc = _txt_doc(data, lines)
    loc = _Locator(doc, record)
    leaves: list[_Leaf] = []
    _leaves(record, "", "", "", -1, leaves)
    look_up = loc.field
    for leaf in leaves:
        look_up(leaf)
    return loc.out
