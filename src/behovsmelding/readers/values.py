"""Parse the form's values at the edge: amounts, boxes, placeholders.

Everything here knows the *form* (its placeholders, its box glyphs, how Norwegians write kroner),
never a particular document.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Word's placeholder texts for empty content controls. Extractions sometimes cut them short
# ("Klikk eller trykk her") when the text wraps inside a narrow table cell.
PLACEHOLDERS: tuple[str, ...] = (
    "Klikk eller trykk her for å skrive inn tekst.",
    "Klikk eller trykk for å skrive inn en dato.",
    "Velg et element.",
    "Click or tap here to enter text.",
    "Choose an item.",
)
_PLACEHOLDER_RE = re.compile(
    r"Klikk\s+eller\s+trykk(?:\s+her)?(?:\s+for\s+å\s+skrive\s+inn\s+(?:tekst|en\s+dato)\.?)?"
    r"|Velg\s+et\s+element\.?"
    r"|Click\s+or\s+tap\s+here\s+to\s+enter\s+text\.?"
    r"|Choose\s+an\s+item\.?",
    re.IGNORECASE,
)
# the placeholders as a pattern (also where a narrow cell wrapped them over lines)
PLACEHOLDER_RE = _PLACEHOLDER_RE
# Answers that say nothing: a lone dash and friends count as empty for the checks.
EMPTY_ANSWERS = frozenset({"", "-", "--", "---", "–", "—", ".", "x"})

CHECKED = "☒"
UNCHECKED = "☐"
# Glyphs and ASCII stand-ins seen for checked and unchecked boxes in conversions.
_CHECKED_TOKENS = ("☒", "☑", "✔", "✓", "■", "⊠", "[X]", "[x]", "(X)", "(x)")
_UNCHECKED_TOKENS = ("☐", "□", "❏", "[ ]", "[]", "( )")
BOX_RE = re.compile(r"☒|☑|✔|✓|■|⊠|☐|□|❏|\[[xX ]?\]|\([xX ]\)")


def strip_placeholders(text: str) -> str:
    """Remove every Word placeholder from ``text`` (the author may type beside one)."""
    low = text.lower()
    if "klikk" not in low and "velg" not in low and "click" not in low and "choose" not in low:
        return text
    return _PLACEHOLDER_RE.sub(" ", text)


_PLACEHOLDER_WORDS = frozenset(
    [
        "klikk",
        "eller",
        "trykk",
        "her",
        "for",
        "å",
        "skrive",
        "inn",
        "tekst",
        "en",
        "dato",
        "velg",
        "et",
        "element",
        "click",
        "or",
        "tap",
        "to",
        "enter",
        "text",
        "choose",
        "an",
        "item",
    ]
)


def is_placeholder_residue(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """Only pieces of placeholders left: an extraction that interleaved two wrapped placeholders
    line by line ("Klikk eller / Klikk eller / trykk her for trykk her for / …").

    ``extra`` are further words that count as empty here (a table's own column heads).
    """
    words = re.findall(r"[\wæøåÆØÅ]+", strip_placeholders(text).lower())
    if not words:
        return True
    vocab = _PLACEHOLDER_WORDS | extra
    return all(w in vocab for w in words) and any(
        w in ("klikk", "trykk", "skrive", "velg", "click", "tap", "choose") for w in words
    )


def is_placeholder(text: str) -> bool:
    return not strip_placeholders(text).strip()


def clean_value(text: str | None) -> str | None:
    """A single-line value: placeholders removed, white space folded, empty → None."""
    if text is None:
        return None
    # str.split() folds the same white space as \s+ (str.isspace), without a regex call
    t = " ".join(strip_placeholders(text).split())
    return t or None


def box_state(token: str) -> bool | None:
    """True/False for a box glyph (or its ASCII stand-in), None for anything else."""
    t = token.strip()
    if t in _CHECKED_TOKENS:
        return True
    if t in _UNCHECKED_TOKENS:
        return False
    return None


def box_after(text: str, label: str, *, start: int = 0, typed_x: bool = True) -> bool | None:
    """The state of the box that follows ``label`` in ``text``.

    ``Ja ☒`` → True, ``Nei ☐`` → False, ``Ja x`` (a typed x in place of the box) → True,
    a label with no box after it (lost in conversion) → None.
    """
    m = re.compile(re.escape(label) + r"\s*", re.IGNORECASE).search(text, start)
    if m is None:
        return None
    rest = text[m.end() :]
    bm = BOX_RE.match(rest)
    if bm:
        return box_state(bm.group(0))
    if typed_x and re.match(r"[xX](?![\wæøåÆØÅ])", rest):
        return True
    return None


def has_boxes(text: str) -> bool:
    return bool(BOX_RE.search(text))


def one_box_lost(text: str, yes: str = "Ja", no: str = "Nei") -> bool:
    """A Ja/Nei answer whose one box is shown unticked and whose other label has no box: the
    ticked box was lost in the extraction, and the answer cannot be read with certainty."""
    ja, nei = box_after(text, yes, typed_x=False), box_after(text, no, typed_x=False)
    return (ja is False and nei is None) or (nei is False and ja is None)


_BOX_RUN_RE = re.compile(r"(?:" + BOX_RE.pattern + r")(?:\s*(?:" + BOX_RE.pattern + r"))*")


def boxes_to_labels(text: str, labels: re.Pattern[str]) -> str:
    """Boxes an extraction wrote after all the labels of their row ("Ja Nei Vet ikke" and then
    "☒ ☐ ☐": ``pdftotext -raw`` when the boxes are in another font than the labels) put back,
    the i-th box after the i-th label, when the first run of boxes follows exactly as many
    labels. A run of two or more boxes after more or fewer labels cannot be placed: it is taken
    out, so that no label is read with another's box (the states are then unknown)."""
    m = _BOX_RUN_RE.search(text)
    if m is None:
        return text
    boxes = BOX_RE.findall(m.group(0))
    if len(boxes) < 2:
        return text
    found = list(labels.finditer(text, 0, m.start()))
    if len(found) < 2:
        return text
    if len(found) != len(boxes):
        return f"{text[: m.start()]} {text[m.end() :]}"
    out, pos = [], 0
    for lm, box in zip(found, boxes, strict=True):
        out += [text[pos : lm.end()], " ", box]
        pos = lm.end()
    out.append(text[pos : m.start()].rstrip())
    tail = text[m.end() :].strip()
    return "".join(out) + (f" {tail}" if tail else "")


# --- amounts -----------------------------------------------------------------------------------

_NUM_GROUP_RE = re.compile(r"\d+")


def parse_belop(text: str | None) -> int | None:
    """Whole kroner from the ways owners write them.

    ``"1.234.567,-"`` → 1234567, ``"300 000,-"`` → 300000, ``"Kr 40 000"`` → 40000,
    ``"0, -"`` → 0, ``"1 2 34 000"`` → 1234000. Øre (",50") are dropped. None when no digits.
    """
    if text is None:
        return None
    t = strip_placeholders(text)
    # drop øre written as ",dd" that is not followed by another thousands group
    t = re.sub(r",(\d{2})(?!\d)(?![.\s]\d{3})", " ", t)
    digits = "".join(_NUM_GROUP_RE.findall(t.split(",")[0] if "," in t else t))
    if not digits:
        digits = "".join(_NUM_GROUP_RE.findall(t))
    return int(digits) if digits else None


@dataclass(frozen=True)
class AmountToken:
    """A run of digits as written, and what stands between it and the previous one."""

    digits: str
    sep: str  # "" for the first; " ", ".", or "|" (a hard boundary such as ",-" or a label)


def _well_formed(parts: Sequence[AmountToken]) -> bool:
    """Digits grouped as a person writes an amount: 1–3 digits, then groups of exactly 3."""
    first = parts[0].digits
    if first.startswith("0") and first != "0":
        return False
    if len(parts) == 1:
        return True
    if len(first) > 3:
        return False
    return all(len(p.digits) == 3 for p in parts[1:]) and len({p.sep for p in parts[1:]}) == 1


# No amount on the form comes near this; a longer run of digits is not an amount (and Python
# refuses to convert a run of over 4300 digits at all).
_MAX_AMOUNT_DIGITS = 15


def _value(parts: Sequence[AmountToken]) -> int | None:
    digits = "".join(p.digits for p in parts)
    return int(digits) if len(digits) <= _MAX_AMOUNT_DIGITS else None


# --- a row of the form's amount tables (budget rows, "Tilskuddet fordeles") --------------------

_AMOUNT_ITEM_RE = re.compile(
    r"(?P<ph>" + _PLACEHOLDER_RE.pattern + r")"
    r"|\((?P<label>[^()\d]{1,40})\)"
    r"|(?P<num>\d+)"
    r"|(?<!\S)(?P<dash>-{1,3}|–|—)(?!\S)",
    re.IGNORECASE,
)
# Words that stand beside an amount without being an institution's label.
_CURRENCY_WORDS = frozenset({"kr", "kr.", "nok", "kroner", "kroner.", ",-", "-", "–"})
_LABEL_WORD_RE = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ./&-]{1,24}$")


@dataclass(frozen=True)
class Cell:
    """One amount of a row as written: None for an empty cell (a placeholder)."""

    belop: int | None
    institusjon: str | None = None
    # read by cutting a run of digits at a dot ("204.512" as 204 and 512): an unlikely reading
    cut_at_dot: bool = field(default=False, compare=False, repr=False)
    # the cell's text as written when no one reading of it is certain (``belop`` is then None)
    uleselig: str | None = None
    # digits not grouped as a person writes an amount ("1 299 00"): read only if sums say so
    malformed: bool = field(default=False, compare=False, repr=False)


@dataclass(frozen=True)
class AmountRow:
    """An amount row read into the form's three columns."""

    eier: int | None
    uh: tuple[Cell, ...]
    totalt: int | None
    # columns ("eier", "uh", "totalt") that could not be read with certainty, with their text
    uleselig: tuple[tuple[str, str], ...] = ()

    @property
    def uh_sum(self) -> int | None:
        vals = [c.belop for c in self.uh if c.belop is not None]
        return sum(vals) if vals else None


_Group = list[AmountToken]
# one element of a row: digits that may hold several amounts, a label, or an empty cell
_Elem = tuple[str, _Group, str | None]


def _row_elements(text: str) -> list[_Elem]:
    """Digit groups between hard boundaries, each with the label written after it."""
    elems: list[_Elem] = []
    cur: _Group = []
    pos = 0

    def close() -> None:
        nonlocal cur
        if cur:
            elems.append(("num", cur, None))
            cur = []

    for m in _AMOUNT_ITEM_RE.finditer(text):
        if m.group("dash") is not None and not _dash_is_cell(text[: m.start()], m.group("dash")):
            continue  # the ",-" of the amount before, written apart: part of the gap
        between = text[pos : m.start()]
        pos = m.end()
        if m.group("num") is not None:
            digits = m.group("num")
            if cur and between in (",", ", ") and len(digits) == 2:
                # øre written as ",50": not part of the kroner
                nxt = text[pos : pos + 2]
                if not re.match(r"[ .]?\d", nxt):
                    continue
            if cur and between in (" ", "\u00a0", "."):
                cur.append(AmountToken(digits, between.replace("\u00a0", " ")))
                continue
            word = between.strip(" ,-–").strip()
            close()
            if word and _LABEL_WORD_RE.match(word) and word.lower() not in _CURRENCY_WORDS:
                _set_label(elems, word)
            cur = [AmountToken(digits, "")]
            continue
        close()
        word = between.strip(" ,-–").strip()
        if word and _LABEL_WORD_RE.match(word) and word.lower() not in _CURRENCY_WORDS:
            _set_label(elems, word)
        if m.group("ph") is not None or m.group("dash") is not None:
            elems.append(("empty", [], None))
        else:
            _set_label(elems, m.group("label").strip())
    close()
    word = text[pos:].strip(" ,-–").strip()
    if word and _LABEL_WORD_RE.match(word) and word.lower() not in _CURRENCY_WORDS:
        _set_label(elems, word)
    return elems


def _dash_is_cell(before: str, dash: str) -> bool:
    """A dash standing alone is an empty cell's answer ("--" for none) where it cannot be the
    ",-" of the amount before it: at the row's start, after an amount already closed by ",-"
    or by another dash, or (a double dash) after anything but a comma."""
    b = before.rstrip()
    if not b or re.search(r"(?:,\s?[-–—]{1,3}|(?<!\S)[-–—]{1,3})$", b):
        return True
    return len(dash) > 1 and not b.endswith(",")


def _set_label(elems: list[_Elem], label: str) -> None:
    if elems and elems[-1][0] == "num" and elems[-1][2] is None and label:
        kind, group, _ = elems[-1]
        elems[-1] = (kind, group, label)


def _splits(group: _Group, *, well_only: bool, max_parts: int = 12) -> Iterable[list[_Group]]:
    """Ways to cut one digit group into consecutive amounts."""
    k = len(group)
    if k > 12:  # never enumerate a pathological row: read it as written
        yield [group]
        return
    if well_only:
        yield from _well_splits(group, 0)
        return
    for r in range(min(k, max_parts)):
        for cuts in itertools.combinations(range(1, k), r):
            bounds = (0, *cuts, k)
            yield [group[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def _well_splits(group: _Group, start: int) -> Iterable[list[_Group]]:
    """Cuts of ``group[start:]`` in which every amount is well formed (few: no enumeration),
    in the order of a depth-first search that tries the shortest first amount first."""
    for bounds in _well_bounds(group, start, {}):
        yield [group[a:b] for a, b in bounds]


def _well_bounds(
    group: _Group, start: int, memo: dict[int, list[list[tuple[int, int]]]]
) -> list[list[tuple[int, int]]]:
    """The cuts of ``group[start:]`` as (start, end) pairs; each suffix is worked out once."""
    if start in memo:
        return memo[start]
    k = len(group)
    out: list[list[tuple[int, int]]] = [[]] if start == k else []
    for end in range(start + 1, k + 1):
        if not _well_formed(group[start:end]):
            if end - start > 1:
                break  # a longer run cannot become well formed again
            continue
        for rest in _well_bounds(group, end, memo):
            out.append([(start, end), *rest])
    memo[start] = out
    return out


def _candidates(
    elems: list[_Elem], *, well_only: bool, max_parts: int = 12
) -> Iterable[list[Cell]]:
    options: list[list[list[Cell]]] = []
    for kind, group, label in elems:
        if kind == "empty":
            options.append([[Cell(None)]])
            continue
        opts: list[list[Cell]] = []
        # the same amount comes up in many cuts: make each Cell once
        made: dict[tuple[int, int, bool], Cell] = {}
        for parts in _splits(group, well_only=well_only, max_parts=max_parts):
            cells = []
            for i, p in enumerate(parts):
                key = (id(p[0]), len(p), i > 0)
                cell = made.get(key)
                if cell is None:
                    cell = made[key] = Cell(_value(p), None, i > 0 and p[0].sep == ".")
                cells.append(cell)
            cells[-1] = Cell(cells[-1].belop, label, cells[-1].cut_at_dot)
            opts.append(cells)
        if not opts:
            return
        # a run too long to be an amount is no amount, not an empty cell that makes a row add up
        whole = [o for o in opts if all(c.belop is not None for c in o)]
        options.append(whole or opts)
    count = 1
    for o in options:
        count *= len(o)
    if count > 4096:
        options = [o[:1] for o in options]
    for combo in itertools.product(*options):
        yield [c for cells in combo for c in cells]


def read_amounts(text: str, *, columns: int = 3) -> list[Cell]:
    """The amounts of a row whose cell boundaries may be lost, in document order.

    Placeholders are empty cells; ``,-``, ``kr`` and labels are hard boundaries; a run of digit
    groups separated by single spaces or dots may hold several amounts. For a full row
    (``columns`` ≥ 3: Eier, UH, Totalt) a reading is taken only when it is the only one: the
    only one where every amount is written as a person writes one and Eier + UH = Totalt, else
    the only one (of any grouping) that adds up, else the only well-formed one (a wrong sum in
    the document stays wrong). Otherwise the cells the readings disagree on, and an amount not
    grouped as amounts are, come back with ``belop`` None and ``uleselig`` set: never guessed.
    A label after an amount ("(Aaa)") is its ``institusjon``. ``columns`` < 3 reads a list of
    amounts (a column written one cell a line).
    """
    elems = _row_elements(text)
    if not elems:
        return []
    labels = sum(1 for e in elems if e[2] is not None)
    expected = max(columns, 2 + labels) if columns >= 3 else max(columns, labels)

    def consistent(cells: list[Cell]) -> bool:
        if columns < 3 or len(cells) < 3:
            return False
        vals = [c.belop or 0 for c in cells]
        return sum(vals[:-1]) == vals[-1]

    def wf_key(cells: list[Cell]) -> tuple[int, int, float]:
        dots = sum(1 for c in cells if c.cut_at_dot)
        return (dots, abs(len(cells) - expected), _mismatch(cells))

    well = list(_candidates(elems, well_only=True))
    if columns < 3:
        if well:
            return min(well, key=wf_key)
        return next(iter(_candidates(elems, well_only=False)), [])
    # a dot cut that adds a column only adds up by chance ("0 -- 784.784" as 0, -, 784, 784)
    ok = _distinct(
        c
        for c in well
        if consistent(c) and (len(c) <= expected or not any(x.cut_at_dot for x in c))
    )
    if len(ok) > 1:
        # a cut at a dot ("204.512") is a reading only when nothing else adds up
        fewest = min(sum(1 for x in c if x.cut_at_dot) for c in ok)
        ok = [c for c in ok if sum(1 for x in c if x.cut_at_dot) == fewest]
    if len(ok) == 1:
        return ok[0]
    if ok:
        return _agreement(ok, text)
    adds_up = _distinct(
        c
        for c in _candidates(elems, well_only=False, max_parts=expected)
        if len(c) == expected and consistent(c)
    )
    if len(adds_up) == 1:
        return adds_up[0]
    if adds_up:
        return _agreement(adds_up, text)
    # a wrong sum in the document stays wrong; a wrong cut is off by powers of a thousand
    full = _distinct(
        c for c in well if len(c) == expected and _near_sum(c) and not _cut_from_one(c, elems)
    )
    if len(full) == 1:
        return full[0]
    if full:
        return _agreement(full, text)
    if well:
        # fewer amounts written than the row has columns: the only well-formed reading nearest
        near = min(abs(len(c) - expected) for c in well)
        fewer = _distinct(c for c in well if abs(len(c) - expected) == near)
        if len(fewer) == 1 and len(fewer[0]) < expected:
            return fewer[0]
    return _agreement(_one_typo_readings(elems, expected), text)


def _distinct(readings: Iterable[list[Cell]]) -> list[list[Cell]]:
    seen: dict[tuple[tuple[int | None, str | None], ...], list[Cell]] = {}
    for r in readings:
        seen.setdefault(tuple((c.belop, c.institusjon) for c in r), r)
    return list(seen.values())


def _agreement(readings: list[list[Cell]], text: str) -> list[Cell]:
    """The cells every reading agrees on; the others (and an amount no reading groups as
    amounts are grouped) unreadable. No readings at all: Eier, UH and Totalt unreadable."""
    raw = " ".join(strip_placeholders(text).split())
    if not readings or len({len(r) for r in readings}) != 1:
        return [Cell(None, uleselig=raw) for _ in range(3)]
    out: list[Cell] = []
    for cells in zip(*readings, strict=True):
        first = cells[0]
        same = all((c.belop, c.institusjon) == (first.belop, first.institusjon) for c in cells)
        if same and not first.malformed:
            out.append(first)
        elif same:
            out.append(Cell(None, first.institusjon, uleselig=first.uleselig or raw))
        else:
            own = {c.uleselig for c in cells}
            out.append(Cell(None, uleselig=own.pop() if len(own) == 1 and None not in own else raw))
    return out


def _raw(parts: Sequence[AmountToken]) -> str:
    return "".join(p.sep + p.digits if i else p.digits for i, p in enumerate(parts))


def _one_typo_readings(elems: list[_Elem], n: int) -> list[list[Cell]]:
    """Readings of ``n`` amounts in which at most one amount is not grouped as amounts are
    (a typo). The amounts of the run that holds the typo are unreadable (its text as written);
    amounts apart from it (after ",-", a dash, a label) are read where the readings agree."""
    options: list[list[tuple[int, list[Cell]]]] = []
    for kind, group, label in elems:
        if kind == "empty":
            options.append([(0, [Cell(None)])])
            continue
        opts: list[tuple[int, list[Cell]]] = []
        for parts in _splits(group, well_only=False, max_parts=n):
            if any(_value(p) is None for p in parts):
                continue
            # a piece that starts with "0" digits is a cut inside an amount, not a typo
            if any(
                p[0].digits.startswith("0") and (len(p) > 1 or p[0].digits != "0") for p in parts
            ):
                continue
            bad = sum(1 for p in parts if not _well_formed(p))
            # where a typo ends is not known: every amount cut from its run is uncertain
            cells = [
                Cell(
                    _value(p),
                    label if i == len(parts) - 1 else None,
                    i > 0 and p[0].sep == ".",
                    uleselig=_raw(group) if bad else None,
                    malformed=bad > 0,
                )
                for i, p in enumerate(parts)
            ]
            opts.append((bad, cells))
        if not opts:
            return []
        options.append(opts)
    count = 1
    for o in options:
        count *= len(o)
    if count > 4096:
        return []
    out = []
    for combo in itertools.product(*options):
        if sum(b for b, _ in combo) > 1:
            continue
        cells = [c for _, cs in combo for c in cs]
        # and not a few kroner beside amounts in thousands (a group cut off another amount)
        small = any(c.belop is not None and 0 < c.belop < 1000 for c in cells)
        if (
            len(cells) == n
            and not (small and any((c.belop or 0) >= 1000 for c in cells))
            and not _cut_from_one(cells, elems)
        ):
            out.append(cells)
    return _distinct(out)


def _cut_from_one(cells: Sequence[Cell], elems: list[_Elem]) -> bool:
    """Amounts under 1 000 only, cut from fewer runs than they are: "1 300 600" is as much
    one amount as it is 1, 300 and 600, and nothing in the row tells which."""
    return len(elems) < len(cells) and all((c.belop or 0) < 1000 for c in cells)


def _near_sum(cells: Sequence[Cell]) -> bool:
    """Eier + UH and Totalt within a factor of two (or one of them empty)."""
    parts = sum(c.belop or 0 for c in cells[:-1])
    total = cells[-1].belop or 0
    return not parts or not total or max(parts, total) <= 2 * min(parts, total)


def _mismatch(cells: Sequence[Cell]) -> float:
    """How far the row is from Eier + UH = Totalt, relative to its amounts."""
    if len(cells) < 3:
        return 1.0
    vals = [c.belop or 0 for c in cells]
    parts, total = sum(vals[:-1]), vals[-1]
    return abs(parts - total) / max(parts, total, 1)


def amount_row(text: str, cells: Sequence[str] | None = None) -> AmountRow:
    """Eier, UH (one or more amounts with labels) and Totalt from a row of the form.

    ``cells`` are the row's cell texts when the input knows them (a .docx or .pdf table, a
    tab-separated line): Eier, UH, Totalt, after the row's label when one is given. Cell
    boundaries are hard: each cell is read on its own (:func:`cell_amounts`). Otherwise
    ``text`` is split by :func:`read_amounts`.
    """
    if cells is not None and len(cells) >= 3:
        return _row_of_cells(cells)
    found = read_amounts(text)
    if not found:
        return AmountRow(None, (), None)
    if len(found) == 1:
        c = found[0]
        if c.institusjon is not None:
            return AmountRow(None, (c,), None)
        return AmountRow(c.belop, (), None)
    if len(found) == 2:
        a, b = found
        if a.institusjon is not None:
            return AmountRow(None, (a,), b.belop)
        return AmountRow(a.belop, (), b.belop)
    uleselig = tuple(
        (col, c.uleselig)
        for col, c in (("eier", found[0]), *(("uh", x) for x in found[1:-1]), ("totalt", found[-1]))
        if c.uleselig is not None
    )
    in_order = AmountRow(
        eier=found[0].belop,
        uh=tuple(c for c in found[1:-1] if c.belop is not None),
        totalt=found[-1].belop,
        uleselig=_first_per_column(uleselig),
    )
    if uleselig:
        return in_order
    if _adds_up(in_order):
        last = found[-1]
        if (
            last.institusjon is not None
            and len(in_order.uh) == 1
            and in_order.uh[0].institusjon is None
        ):
            # a label can only be the UH cell's: a layout put it below the Totalt amount
            return AmountRow(
                in_order.eier, (Cell(in_order.uh[0].belop, last.institusjon),), last.belop
            )
        return in_order
    return _reordered(found) or in_order


def _first_per_column(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for col, raw in pairs:
        seen.setdefault(col, raw)
    return tuple(seen.items())


def _row_of_cells(cells: Sequence[str]) -> AmountRow:
    """A row whose cells are known: the label cell (when given) left out, each cell read
    within its own boundaries."""
    cs = list(cells)
    if len(cs) >= 4 and not re.search(r"\d", cs[0]) and not is_placeholder(cs[0]):
        cs = cs[1:]  # the row's label ("Desentralisert ordning")
    eier, eier_raw = cell_amounts(cs[0])
    uh, uh_raw = cell_amounts(cs[1], several=True)
    # Totalt: the cells after UH (a tab row may have empty ones); amounts in two is unreadable
    written = [c for c in cs[2:] if cell_amounts(c)[0] or cell_amounts(c)[1]]
    if len(written) > 1:
        tot: list[Cell] = []
        tot_raw: str | None = " ".join(" ".join(c.split()) for c in written)
    else:
        tot, tot_raw = cell_amounts(written[0] if written else "")
    uleselig = tuple(
        (col, raw)
        for col, raw in (("eier", eier_raw), ("uh", uh_raw), ("totalt", tot_raw))
        if raw is not None
    )
    return AmountRow(
        eier=eier[0].belop if eier else None,
        uh=tuple(c for c in uh if c.belop is not None),
        totalt=tot[0].belop if tot else None,
        uleselig=uleselig,
    )


def cell_amounts(text: str, *, several: bool = False) -> tuple[list[Cell], str | None]:
    """The amount a table cell holds, within the cell's boundaries: (amounts, None), or
    ([], the text as written) when it cannot be read with certainty.

    A run of digit groups is one amount, also when its spaces are not where a person puts
    them ("1 5 44 000" is 1 544 000): a cell holds one amount. It is unreadable when it can
    also be cut into two amounts each written in full ("1 000 2 000"), or when it holds
    amounts apart (after ",-", a label, a line break) where one is expected. ``several``: the
    UH cell, which may hold one amount per institution, each after its label or on its line.
    """
    raw = " ".join(strip_placeholders(text).split())
    elems = _row_elements(text if several else " ".join(text.split()))
    nums = [(group, label) for kind, group, label in elems if kind == "num"]
    if not nums:
        return [], None
    if not several and len(nums) > 1:
        return [], raw
    out: list[Cell] = []
    for group, label in nums:
        value = _value(group)
        if value is None or _two_amounts(group):
            return [], raw
        out.append(Cell(value, label if several else None))
    return out, None


def _two_amounts(group: _Group) -> bool:
    """The run can be cut into amounts that each are written in full (≥ 4 digits, grouped)."""
    if len(group) > 12:
        return True
    for bounds in _well_bounds(group, 0, {}):
        if len(bounds) >= 2 and all(
            sum(len(t.digits) for t in group[a:b]) >= 4 and b - a >= 2 for a, b in bounds
        ):
            return True
    return False


def _adds_up(row: AmountRow) -> bool:
    return row.totalt is not None and (row.eier or 0) + (row.uh_sum or 0) == row.totalt


def _reordered(found: list[Cell]) -> AmountRow | None:
    """A row an extraction laid out out of order (a layout that puts the UH cell's second line
    below the Totalt cell): the amount that is the sum of the others is Totalt, a labelled amount
    is UH, and the first unlabelled one left is Eier. A label read after the Totalt amount is
    the first unlabelled UH amount's (its cell's second line; Totalt has none). None when no
    amount is such a sum."""
    vals = [c.belop for c in found if c.belop is not None]
    if len(vals) < 3 or len(found) != len(vals):
        return None
    total = sum(vals)
    for i, c in enumerate(found):
        assert c.belop is not None
        if 2 * c.belop != total:
            continue
        rest = [x for j, x in enumerate(found) if j != i]
        eier = next((x for x in rest if x.institusjon is None), None)
        if eier is None:
            return None
        uh = [x for x in rest if x is not eier]
        bare = next((j for j, x in enumerate(uh) if x.institusjon is None), None)
        if c.institusjon is not None and bare is not None:
            uh[bare] = Cell(uh[bare].belop, c.institusjon)
        return AmountRow(eier.belop, tuple(uh), c.belop)
    return None
