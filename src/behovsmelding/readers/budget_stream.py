"""A budget table that an extraction wrote as a stream of cells (plain ``pdftotext``).

Plain ``pdftotext`` writes a table in blocks: the labels first, then a column's amounts, or a
few rows at a time, with cells glued where a ",-" lost its dash ("120 000,95 000,-",
"150 000,skoler i sør"), amounts wrapped inside a cell ("412.75" / "0,-"), page footers and
a wrapped label between them. Which column an amount belongs to is not written; what is
certain is the order inside each column (top to bottom) and the form's rules: one Eier and
one Totalt amount a row, one or more UH amounts, Eier + UH = Totalt on every row and the Sum
row the sum of the rows above.

:func:`read_budget_stream` deals the amounts to the columns in every way that keeps each
column's order and obeys those rules. A value on which every such reading agrees is read; one
on which they differ, or every value when none obeys the rules, is unreadable (never the
nearest guess): an amount shifted by one row breaks a sum and is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..record import Belop, Budsjett, Budsjettrad
from .cells import Col, layout_columns, slice_columns, tokens_with_spaces
from .prose import is_noise, plain_value, strip_markup
from .reading import note_unreadable
from .source import Line
from .values import PLACEHOLDER_RE

__all__ = ["ordning_label", "read_budget_layout", "read_budget_stream"]

_I = re.IGNORECASE
_HEAD_RE = re.compile(r"^\s*(Ordning|Tiltak|Eier|UH|Totalt)\s*:?\s*$")
_SUM_RE = re.compile(r"^\s*Sum\b\s*:?\s*$", _I)
_COMMENT_RE = re.compile(r"^\s*Ev\.?\s+kommentar\b", _I)
_TILTAK_LABEL_RE = re.compile(r"^\s*Tiltak\s+(?:nr\.?\s*)?\d+\b", _I)
_BOX_LINE_RE = re.compile(r"^\s*(?:(?:Ja|Nei)\s*)?[☒☐](?:\s*(?:Ja|Nei)\s*[☒☐]?)*\s*$", _I)
# the rows of the lokal-2024 table are the form's own ordning labels (the header's boxes)
_ORDNINGER = ("Regional ordning", "Desentralisert ordning", "Kompetanseløftet")
# an amount whose ",-" lost its dash and ran into the next cell ("120 000,95 000,-")
_GLUED_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ .]\d{3})+|0),(?=[^\s\-–,])")
_TOKEN_RE = re.compile(
    r"(?P<inst>\([^()\d]{1,40}\))"
    r"|(?P<num>\d+(?:[ .]\d+)*)(?P<close>\s*,\s*-?|\s+[-–](?=\s|$))?"
    r"|(?P<word>[^\s()]+|[()])"
)
_MAX_NODES = 200_000  # the search over ways to deal amounts to columns (a table is small)


@dataclass
class _Amount:
    text: str
    zone: str  # "eier", "uh" when a column's head stands just above it; "" when not known
    closed: bool  # ended by "," / ",-": the cell's amount is complete


@dataclass
class _Inst:
    name: str


_Token = _Amount | _Inst | str  # a str is a label's fragment


def read_budget_stream(budsjett: Budsjett, items: list[tuple[int, Line]], k: int) -> int | None:
    """Read the table after "Total sum …" when its column heads stand alone on lines and its
    amounts come apart from their labels; the index where the body starts, or None when the
    table is not written so (the other readings then apply)."""
    from .budget import _lone_heads_end

    scanned = _scan(items, k)
    if scanned is None:
        return None
    tokens, end = scanned
    # heads one per line in a row may be a table written row by row, cell by cell, which is
    # read row by row when its sums do not single out one reading
    row_by_row = _lone_heads_end(items, k) > k
    labels = _labels([t for t in tokens if isinstance(t, str)])
    amounts = _join_wrapped([t for t in tokens if not isinstance(t, str)])
    if len(labels) < 2 or not _SUM_RE.match(labels[-1]) or not amounts:
        return None
    rows = len(labels)
    solutions = _labelled_uh_first(
        amounts, _solve([a for a in amounts if isinstance(a, _Amount)], rows)
    )
    if row_by_row and len(solutions) != 1:
        return None
    readings = [_place(amounts, s, rows) for s in solutions]
    raw = " ".join(a.text if isinstance(a, _Amount) else f"({a.name})" for a in amounts)
    for r, label in enumerate(labels):
        rad = Budsjettrad(etikett=plain_value(label))
        for col in ("eier", "uh", "totalt"):
            values = {repr(reading[r][col]) for reading in readings}
            if readings and len(values) == 1:
                setattr(rad, col, readings[0][r][col])
            else:
                note_unreadable(rad, col, raw)
        if r == rows - 1:
            budsjett.sum = rad
        else:
            budsjett.rader.append(rad)
    return end


def _scan(items: list[tuple[int, Line]], k: int) -> tuple[list[_Token], int] | None:
    from .budget import BODY_RE, _label_not_body, _section_head

    n = len(items)
    # a cheap look first: a stream has the UH or Totalt head alone on a line
    if not any(
        _HEAD_RE.match(items[j][1].text) and items[j][1].text.strip() in ("UH", "Totalt")
        for j in range(k, min(n, k + 80))
    ):
        return None
    tokens: list[_Token] = []
    heads: set[str] = set()
    zone = ""
    after_comment = False
    j = k
    while j < n:
        line = items[j][1]
        if line.cells is not None:
            return None
        t = strip_markup(line.text).strip()
        if not t or is_noise(t) or _BOX_LINE_RE.match(t):
            j += 1
            continue
        m = _HEAD_RE.match(t)
        if m:
            head = m.group(1).lower()
            heads.add(head)
            zone = {"eier": "eier", "uh": "uh"}.get(head, "")
            if head == "uh" and "eier" not in heads:
                zone = ""
            j += 1
            continue
        if PLACEHOLDER_RE.search(t):
            return None  # an empty cell: the rules below count cells
        line_tokens = _tokens(t)
        if after_comment and any(isinstance(x, str) for x in line_tokens):
            break
        body = (BODY_RE.match(t) and not _label_not_body(items, j)) or _section_head(items, j)
        if body and not after_comment and not _COMMENT_RE.match(t):
            break
        for x in line_tokens:
            if isinstance(x, str) and _COMMENT_RE.match(x):
                after_comment = True
                break
            if isinstance(x, _Amount):
                x.zone = zone
            tokens.append(x)
        j += 1
    if not {"uh", "totalt"} & heads or "eier" not in heads:
        return None
    return tokens, j


def _tokens(text: str) -> list[_Token]:
    """A line's amounts, institution labels and label fragments, in order."""
    out: list[_Token] = []
    t = _GLUED_RE.sub(r"\1,- ", text)
    words: tuple[int, int] | None = None  # the span of the label fragment being read

    def flush() -> None:
        nonlocal words
        if words is not None:
            out.append(t[words[0] : words[1]])
            words = None

    for m in _TOKEN_RE.finditer(t):
        num, close = m.group("num"), m.group("close")
        before = t[words[0] : m.start()].split()[-1:] if words is not None else []
        amount = num is not None and (
            close is not None or len(re.sub(r"\D", "", num)) >= 4 or num == "0"
        )
        if amount and not (before and before[0].lower() in ("tiltak", "nr", "nr.", "for")):
            flush()
            out.append(_Amount(num, "", close is not None))
        elif m.group("inst") and words is None:
            out.append(_Inst(m.group("inst")[1:-1].strip()))
        else:
            words = (words[0] if words is not None else m.start(), m.end())
    flush()
    return out


def _join_wrapped(tokens: list[_Amount | _Inst]) -> list[_Amount | _Inst]:
    """Put back together an amount the cell wrapped: "412.75" / "0,-", "1 375" / "250,-"."""
    out: list[_Amount | _Inst] = []
    for t in tokens:
        prev = out[-1] if out else None
        if isinstance(t, _Amount) and isinstance(prev, _Amount) and not prev.closed:
            groups = re.split(r"[ .]", prev.text)
            nxt = re.split(r"[ .]", t.text)
            dot = "." in prev.text
            if dot and len(groups) > 1 and len(groups[-1]) < 3 and len(groups[-1] + nxt[0]) == 3:
                out[-1] = _Amount(prev.text + t.text, prev.zone, t.closed)
                continue
            if not dot and len(nxt) == 1 and len(nxt[0]) == 3 and t.closed and _well(groups):
                out[-1] = _Amount(f"{prev.text} {t.text}", prev.zone, True)
                continue
        out.append(t)
    return out


def _well(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _value(a: _Amount) -> int | None:
    groups = re.split(r"[ .]", a.text)
    if len(groups) > 1 and not _well(groups):
        return None
    if groups[0].startswith("0") and groups[0] != "0":
        return None
    return int("".join(groups))


def _labels(fragments: list[str]) -> list[str]:
    """The rows' labels: a fragment that starts in lower case, or follows one ending in ":",
    goes on with the label above; in a table of tiltak only "Tiltak N" and "Sum" start one."""
    rows: list[str] = []
    tiltak = bool(fragments) and bool(_TILTAK_LABEL_RE.match(fragments[0]))
    for f in fragments:
        f = f.strip()
        if not f:
            continue
        new = not rows or bool(_SUM_RE.match(f))
        if rows and not new:
            if tiltak:
                new = bool(_TILTAK_LABEL_RE.match(f))
            else:
                new = not (f[:1].islower() or rows[-1].endswith(":"))
        if new:
            rows.append(f)
        elif re.match(r"^[a-zæøå]{1,2}\b", f) and rows[-1][-1:].isalpha():
            rows[-1] += f  # a word cut by the extraction ("Desentraliser" / "t ordning")
        else:
            rows[-1] = f"{rows[-1]} {f}"
    return [ordning_label(r) for r in rows]


def ordning_label(label: str) -> str:
    """A wrapped ordning label back as the form writes it ("Kompetansel øftet")."""
    squeezed = re.sub(r"\s+", "", label).lower()
    for name in _ORDNINGER:
        if squeezed == name.replace(" ", "").lower():
            return name
    return label


# --- dealing the amounts to the columns ---------------------------------------------------------

_Solution = tuple[str, ...]  # the column of each amount: "e", "u" or "t"


def _solve(amounts: list[_Amount], rows: int) -> list[_Solution]:
    """Every way to give each amount a column so that the form's rules hold (at most a few;
    an empty list when none does, or when the search grows beyond a small table's).

    The Eier column is a subsequence of ``rows`` amounts whose last (the Sum row) is the sum
    of the others, the Totalt column another such subsequence, and the amounts left are the
    UH cells, in order, each row's adding up to its Totalt − Eier.
    """
    values = [_value(a) for a in amounts]
    if any(v is None for v in values) or len(amounts) < 3 * rows:
        return []
    vals: list[int] = [v for v in values if v is not None]
    n = len(vals)
    in_uh = {i for i, a in enumerate(amounts) if a.zone == "uh"}
    in_eier = {i for i, a in enumerate(amounts) if a.zone == "eier"}
    budget = [_MAX_NODES]
    found: list[_Solution] = []
    for eier in _summed(vals, rows, set(range(n)) - in_uh, budget):
        if not in_eier <= set(eier):
            continue
        free = set(range(n)) - in_uh - in_eier - set(eier)
        for totalt in _summed(vals, rows, free, budget):
            taken = set(eier) | set(totalt)
            uh = [vals[i] for i in range(n) if i not in taken]
            need = [vals[t] - vals[e] for e, t in zip(eier, totalt, strict=True)]
            if _groups(uh, need):
                found.append(
                    tuple("e" if i in eier else "t" if i in totalt else "u" for i in range(n))
                )
                if len(found) > 8:
                    return []
    return [] if budget[0] <= 0 else found


def _summed(
    vals: list[int], rows: int, allowed: set[int], budget: list[int]
) -> list[tuple[int, ...]]:
    """Increasing index tuples of ``rows`` allowed amounts whose last is the sum of the rest."""
    out: list[tuple[int, ...]] = []

    def pick(start: int, last: int, chosen: list[int], total: int) -> None:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        if len(chosen) == rows - 1:
            if total == vals[last]:
                out.append((*chosen, last))
            return
        for i in range(start, last - (rows - 1 - len(chosen)) + 1):
            if i in allowed and total + vals[i] <= vals[last]:
                chosen.append(i)
                pick(i + 1, last, chosen, total + vals[i])
                chosen.pop()

    for last in range(rows - 1, len(vals)):
        if last in allowed:
            pick(0, last, [], 0)
    return out


def _groups(uh: list[int], need: list[int]) -> bool:
    """The UH amounts, in order, cut into the rows' runs: each run adds up to its need."""
    at = 0
    for want in need:
        if want < 0:
            return False
        got = 0
        while at < len(uh) and got < want:
            got += uh[at]
            at += 1
        if got != want:
            return False
    return at == len(uh)


def _labelled_uh_first(
    tokens: list[_Amount | _Inst], solutions: list[_Solution]
) -> list[_Solution]:
    """Of several readings, those that put the most amounts written with an institution's
    label right after them ("95 000,- (UiT)") in the UH column, whose cells carry such
    labels: swapping Eier and UH keeps every sum, the labels do not."""
    if len(solutions) < 2:
        return solutions
    labelled: list[int] = []
    i = 0
    for a, b in zip(tokens, [*tokens[1:], None], strict=True):
        if isinstance(a, _Amount):
            if isinstance(b, _Inst):
                labelled.append(i)
            i += 1

    def score(s: _Solution) -> int:
        return sum(1 for i in labelled if s[i] == "u")

    best = max(score(s) for s in solutions)
    return [s for s in solutions if score(s) == best]


def _place(
    tokens: list[_Amount | _Inst], solution: _Solution, rows: int
) -> list[dict[str, object]]:
    """One reading as rows of {"eier", "uh", "totalt"}; an institution label goes to the
    nearest UH amount before it that has none (a cell's label follows its amount)."""
    eier: list[int] = []
    totalt: list[int] = []
    uh: list[list[object]] = []  # [value, institution]
    i = 0
    for t in tokens:
        if isinstance(t, _Inst):
            for cell in reversed(uh):
                if cell[1] is None:
                    cell[1] = t.name
                    break
            continue
        v = _value(t)
        assert v is not None
        col = solution[i]
        if col == "e":
            eier.append(v)
        elif col == "t":
            totalt.append(v)
        else:
            uh.append([v, None])
        i += 1
    out: list[dict[str, object]] = []
    at = 0
    for r in range(rows):
        want = totalt[r] - eier[r]
        mine: list[Belop] = []
        got = 0
        while at < len(uh) and got < want:
            value, inst = uh[at]
            assert isinstance(value, int)
            mine.append(Belop(value, inst if isinstance(inst, str) else None))
            got += value
            at += 1
        out.append({"eier": eier[r], "uh": mine, "totalt": totalt[r]})
    return out


# --- a table laid out by position (pdftotext -layout) whose cells wrap over lines -------------


def read_budget_layout(budsjett: Budsjett, items: list[tuple[int, Line]], k: int) -> int | None:
    """Read the table after "Total sum …" when ``pdftotext -layout`` kept its columns by
    position and a cell wrapped over lines ("Regional" / "ordning", "1 375" / "250,-"): each
    line is cut at the heads' columns and a row goes on until a label starts the next one.
    None when the heads are not laid out so."""
    from .budget import BODY_RE, _label_not_body, _section_head

    n = len(items)
    j = k
    while j < n and (items[j][1].blank or not strip_markup(items[j][1].text).strip()):
        j += 1
    if j >= n or items[j][1].cells is not None:
        return None
    head = strip_markup(items[j][1].text)
    if not re.match(r"^\s*(?:(?:Ordning|Tiltak)\s{2,})?Eier\s{2,}UH\s{2,}Totalt\s*$", head):
        return None
    cols = layout_columns([head], ("Eier", "UH", "Totalt"))
    if cols is None:
        return None
    labels: list[str] = []
    cells: list[list[list[str]]] = []  # per row: the Eier, UH and Totalt cells' lines
    j += 1
    end = j
    while end < n:
        t = strip_markup(items[end][1].text)
        if items[end][1].cells is not None or (
            (BODY_RE.match(t) and not _label_not_body(items, end)) or _section_head(items, end)
        ):
            break
        end += 1
    while j < end:
        line = items[j][1]
        t = strip_markup(line.text)
        if line.blank or not t.strip() or is_noise(t.strip()):
            j += 1
            continue
        if _misaligned(t, cols):
            # a page break: the table goes on at other positions, found from its amounts
            cols = _columns_of([strip_markup(items[i][1].text) for i in range(j, end)])
            if cols is None:
                return None
        label, *amounts = slice_columns(t, _to_gaps(t, cols))
        if label and not labels and any(isinstance(x, _Amount) for x in _tokens(label)):
            return None  # amounts left of the Eier column: not cut where the heads stand
        if label:
            if not labels or _starts_row(labels, label):
                labels.append(label)
                cells.append([[], [], []])
            else:
                labels[-1] = _join_label(labels[-1], label)
        elif not labels:
            return None
        for col, text in enumerate(amounts):
            if text:
                # only a UH cell carries an institution's label: one that a page break moved
                # under another head is the UH cell's
                labels_only = all(isinstance(x, _Inst) for x in _tokens(text))
                cells[-1][1 if labels_only else col].append(text)
        j += 1
    if len(labels) < 2:
        return None
    for label, (eier, uh, totalt) in zip(labels, cells, strict=True):
        rad = Budsjettrad(etikett=plain_value(ordning_label(label)))
        rad.eier = _one_amount(rad, "eier", eier)
        rad.totalt = _one_amount(rad, "totalt", totalt)
        rad.uh = _uh_cell(rad, uh)
        if _SUM_RE.match(label):
            budsjett.sum = rad
        else:
            budsjett.rader.append(rad)
    return j


def _to_gaps(text: str, cols: list[Col]) -> list[Col]:
    """Move a column's start that falls after a single space inside a value ("1 375" under
    a head that starts at its "3") to the wider gap where the value starts."""
    out: list[Col] = []
    for c in cols:
        p = c.start
        if 1 < p < len(text) and text[p - 1] == " " and text[p - 2] != " " and text[p] != " ":
            gaps = [
                q
                for q in range(max(p - 4, 2), min(p + 5, len(text)))
                if text[q - 2 : q] == "  " and text[q] != " "
            ]
            if gaps:
                p = min(gaps, key=lambda q: abs(q - c.start))
        out.append(Col(p, c.header))
    return out


def _amountish(chunk: str) -> bool:
    return all(not isinstance(x, str) for x in _tokens(chunk))


def _misaligned(text: str, cols: list[Col]) -> bool:
    """A line whose amounts do not start under any of the heads."""
    for start, chunk in tokens_with_spaces(text):
        if _amountish(chunk) and all(abs(start - c.start) > 4 for c in cols):
            return True
    return False


def _columns_of(texts: list[str]) -> list[Col] | None:
    """The Eier, UH and Totalt columns from where the amounts of these lines start: three
    clusters of starts, or None."""
    starts = sorted(
        start for t in texts for start, chunk in tokens_with_spaces(t) if _amountish(chunk)
    )
    clusters: list[list[int]] = []
    for s in starts:
        if clusters and s - clusters[-1][-1] <= 4:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    if len(clusters) != 3:
        return None
    return [Col(c[0], h) for c, h in zip(clusters, ("Eier", "UH", "Totalt"), strict=True)]


def _starts_row(labels: list[str], fragment: str) -> bool:
    if _SUM_RE.match(fragment):
        return True
    if _TILTAK_LABEL_RE.match(labels[0]):
        return bool(_TILTAK_LABEL_RE.match(fragment))
    return not (fragment[:1].islower() or labels[-1].endswith(":"))


def _join_label(label: str, fragment: str) -> str:
    if re.match(r"^[a-zæøå]{1,2}\b", fragment) and label[-1:].isalpha():
        return label + fragment  # a word cut by the layout ("Desentraliser" / "t ordning")
    return f"{label} {fragment}"


def _cell_tokens(lines: list[str]) -> list[_Amount | _Inst] | None:
    """A cell's amounts and labels, wrapped amounts put together; None when it holds words."""
    tokens = [x for t in lines for x in _tokens(t)]
    if any(isinstance(x, str) for x in tokens):
        return None
    return _join_wrapped([x for x in tokens if not isinstance(x, str)])


def _one_amount(rad: Budsjettrad, col: str, lines: list[str]) -> int | None:
    tokens = _cell_tokens(lines)
    amounts = [x for x in tokens or [] if isinstance(x, _Amount)]
    value = _value(amounts[0]) if tokens is not None and len(amounts) == 1 else None
    if value is None and lines:
        note_unreadable(rad, col, " ".join(lines))
    return value


def _uh_cell(rad: Budsjettrad, lines: list[str]) -> list[Belop]:
    tokens = _cell_tokens(lines)
    out: list[Belop] = []
    for x in tokens or []:
        if isinstance(x, _Inst):
            at = next((i for i in range(len(out) - 1, -1, -1) if out[i].institusjon is None), None)
            if at is not None:
                out[at] = Belop(out[at].belop, x.name)
            continue
        value = _value(x)
        if value is None:
            tokens = None
            break
        out.append(Belop(value, None))
    if tokens is None and lines:
        note_unreadable(rad, "uh", " ".join(lines))
        return []
    return out
