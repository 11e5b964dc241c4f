"""The header's budget table under "Total sum det meldes behov for YYYY".

``read_budget(budsjett, items, k)`` reads the rows (label, Eier, UH, Totalt) and the Sum row
into ``budsjett`` and returns where the body starts. The table comes with cells (tabs, docx
rows), as text lines whose amounts follow their label, or column by column (an extraction that
wrote each column's cells one after the other); amounts wrapped or glued are resolved so that
Eier + UH = Totalt. ``BODY_RE`` marks where the body starts.
"""

from __future__ import annotations

import re

from ..record import Belop, Budsjett, Budsjettrad
from .budget_stream import ordning_label, read_budget_layout, read_budget_stream
from .contacts import glue_fragments
from .prose import plain_value, strip_markup
from .reading import note_unreadable
from .source import Line
from .values import PLACEHOLDER_RE, amount_row, read_amounts

__all__ = ["BODY_RE", "read_budget", "split_label_amounts"]

_I = re.IGNORECASE
# Where the body starts (the budget table ends at the first of these at the latest).
BODY_RE = re.compile(
    r"^\s*(?:Tiltak\s+(?:nr\.?\s*)?\d+\s*[:.]?\s*$|Navn\s+på\s+tiltak|Ev\.?\s+kommentar|"
    r"\d\s*\.?\s*Vurdering\s+av\s+behov|Tilskuddet\s+fordeles|Liste\s+over\s+andre|"
    r"Behovsmeldingen\s+har\s+vært|Hvor\s+mange\s+enheter)",
    _I,
)

_TABLE_HEAD_RE = re.compile(r"^\s*(?:Ordning\s+|Tiltak\s+)?Eier\s+UH\s+Totalt\s*$", _I)
_SUM_LABEL_RE = re.compile(r"^\s*(?:Sum|Totalt|Sum\s+totalt)\s*:?\s*$", _I)
_AMOUNTISH_RE = re.compile(r"^(?:\([^()]*\)|[\d.,\-–]+|kr\.?|nok|∅|,-)$", _I)
_PH_TOKEN = "∅"


def split_label_amounts(text: str) -> tuple[str, str]:
    """A budget line → (its label, the amounts written after it)."""
    t = PLACEHOLDER_RE.sub(" " + _PH_TOKEN + " ", text)
    tokens = re.findall(r"\([^()]*\)|[^\s()]+", t)
    k = len(tokens)
    while k > 0 and _AMOUNTISH_RE.match(tokens[k - 1]):
        k -= 1
    # a label never ends in a lone "(": keep labels like "Tiltak 3" whole
    if k > 0 and tokens[k - 1].lower().rstrip(":") == "tiltak" and k < len(tokens):
        k += 1
    label = " ".join(tokens[:k])
    amounts = " ".join(tokens[k:]).replace(_PH_TOKEN, "Velg et element.")
    # keep the author's separators between amounts as written
    if k < len(tokens):
        first = tokens[k]
        pos = t.find(first, len(label)) if label else t.find(first)
        if pos >= 0:
            amounts = t[pos:].replace(_PH_TOKEN, "Velg et element.").strip()
    return label, amounts


def read_budget(budsjett: Budsjett, items: list[tuple[int, Line]], k: int) -> int:
    """Rows after "Total sum …" up to the body; returns the index of the body's first line."""
    n = len(items)
    # tables an extraction wrote in its own way; each reader says None when it is not its way
    for special in (
        read_budget_layout,
        read_budget_stream,
        _read_budget_split,
        _read_budget_columns,
    ):
        end = special(budsjett, items, k)
        if end is not None:
            return end
    k = _lone_heads_end(items, k)
    if k < n:
        head_cells = items[k][1].cells
        if _TABLE_HEAD_RE.match(strip_markup(items[k][1].text)) or (
            head_cells is not None and _row_is_head(head_cells)
        ):
            k += 1
    rows: list[tuple[str, list[str], tuple[str, ...] | None]] = []
    label_parts: list[str] = []
    amounts: list[str] = []
    cells: tuple[str, ...] | None = None
    seen_sum = False

    def flush() -> None:
        nonlocal label_parts, amounts, cells
        if label_parts or amounts or cells:
            rows.append((_join_label(label_parts), amounts, cells))
        label_parts, amounts, cells = [], [], None

    while k < n:
        line = items[k][1]
        t = strip_markup(line.text)
        if (BODY_RE.match(t) and not _label_not_body(items, k)) or _section_head(items, k):
            break
        if line.cells is not None and len(line.cells) >= 4:
            if seen_sum:
                break
            flush()
            c = tuple(strip_markup(x) for x in line.cells)
            label_parts, cells = [c[0]], c[1:]
            seen_sum = bool(_SUM_LABEL_RE.match(c[0]))
            flush()
            k += 1
            continue
        label, amt = split_label_amounts(t)
        if label:
            # a label's wrapped second line ("ordning", "t") may stand beside amounts
            goes_on = bool(label_parts) and (
                label[:1].islower() or (not amt and amounts and _continues_above(items, k))
            )
            if seen_sum and amounts and not goes_on:
                break
            if amounts and not goes_on:
                flush()
            if label_parts and _is_broken_word(label_parts[-1], label):
                label_parts[-1] += label
            else:
                label_parts.append(label)
            if _SUM_LABEL_RE.match(_join_label(label_parts)):
                seen_sum = True
        if amt:
            amounts.append(amt)
        k += 1
    flush()
    for label, amts, cells in rows:
        # lines joined softly: an amount may wrap ("609" / "560,-"); the sums decide
        row = amount_row("", cells) if cells is not None else amount_row(_join_amounts(amts))
        rad = Budsjettrad(
            etikett=plain_value(ordning_label(label)),
            eier=row.eier,
            uh=[Belop(c.belop, c.institusjon) for c in row.uh if c.belop is not None],
            totalt=row.totalt,
        )
        for col, raw in row.uleselig:
            note_unreadable(rad, col, raw)
        if rad.etikett and _SUM_LABEL_RE.match(rad.etikett):
            budsjett.sum = rad
        elif (
            rad.etikett or rad.eier is not None or rad.uh or rad.totalt is not None or row.uleselig
        ):
            budsjett.rader.append(rad)
    return k


# case matters: "ordning" alone is the second line of the label "Desentralisert ordning"
_LONE_HEAD_RE = re.compile(r"^\s*(Ordning|Eier|UH|Totalt|Sum\s+totalt)\s*$")


def _read_budget_columns(budsjett: Budsjett, items: list[tuple[int, Line]], k: int) -> int | None:
    """The budget table of an extraction that wrote it column by column.

    The column heads stand on lines of their own ("Ordning", "Eier", "UH", "Totalt"); labels
    are text lines, amounts go to the column whose head came last. The UH amounts of all rows
    come as one run and are dealt out so that each row's Eier + UH = Totalt. None when the
    table is not written this way.
    """
    n = len(items)
    heads = 0
    for j in range(k, min(n, k + 40)):
        t = items[j][1].text
        if BODY_RE.match(t):
            break
        m = _LONE_HEAD_RE.match(t)
        if m and m.group(1).lower() in ("uh", "totalt"):
            heads += 1
    if heads < 2 or _lone_heads_end(items, k) > k:
        return None
    labels: list[str] = []
    cols: dict[str, list[str]] = {"ordning": [], "eier": [], "uh": [], "totalt": [], "sum": []}
    col = "ordning"
    while k < n:
        t = strip_markup(items[k][1].text)
        if BODY_RE.match(t):
            break
        m = _LONE_HEAD_RE.match(t)
        if m and col != "sum":
            col = m.group(1).lower().split()[-1]
            k += 1
            continue
        label, amt = split_label_amounts(t)
        if label:
            if _SUM_LABEL_RE.match(label):
                col = "sum"
            elif col == "sum":
                break
            elif label[:1].islower() and labels:
                joined = glue_fragments([labels[-1], label])
                labels[-1] = " ".join(joined)
            else:
                labels.append(label)
        if amt:
            cols["eier" if col == "ordning" else col].append(amt)
        k += 1
    eier = [c.belop for c in read_amounts("  ".join(cols["eier"]), columns=1)]
    totalt = [c.belop for c in read_amounts("  ".join(cols["totalt"]), columns=1)]
    uh = [c for c in read_amounts("  ".join(cols["uh"]), columns=1) if c.belop is not None]
    for i, label in enumerate(labels):
        e = eier[i] if i < len(eier) else None
        tot = totalt[i] if i < len(totalt) else None
        mine: list[Belop] = []
        need = (tot or 0) - (e or 0) if tot is not None else None
        while uh:
            c = uh.pop(0)
            assert c.belop is not None
            mine.append(Belop(c.belop, c.institusjon))
            got = sum(b.belop for b in mine)
            if need is None or got >= need or (i == len(labels) - 1 and not uh):
                break
        budsjett.rader.append(Budsjettrad(etikett=plain_value(label), eier=e, uh=mine, totalt=tot))
    if cols["sum"]:
        row = amount_row("  ".join(cols["sum"]))
        budsjett.sum = Budsjettrad(
            etikett="Sum",
            eier=row.eier,
            uh=[Belop(c.belop, c.institusjon) for c in row.uh if c.belop is not None],
            totalt=row.totalt,
        )
    return k


def _lone_heads_end(items: list[tuple[int, Line]], k: int) -> int:
    """After the column heads written one per line and in a row ("Ordning", "Eier", "UH",
    "Totalt": an extraction that writes a table row by row, one cell per line), where the rows
    start; ``k`` when the heads are not written so."""
    n = len(items)
    j = k
    while j < n and items[j][1].blank:
        j += 1
    heads = 0
    while j < n and _LONE_HEAD_RE.match(items[j][1].text):
        heads += 1
        j += 1
    return j if heads >= 3 else k


def _label_not_body(items: list[tuple[int, Line]], k: int) -> bool:
    """ "Tiltak 1:" alone on a line inside a 2026 budget table is a label cut by the layout,
    not the heading of a lokal-2024 section (which "Navn på tiltak" follows)."""
    t = items[k][1].text
    if not re.match(r"^\s*Tiltak\s+(?:nr\.?\s*)?\d+\s*[:.]?\s*$", t, _I):
        return False
    for j in range(k + 1, min(k + 3, len(items))):
        if re.match(r"^\s*(?:Navn\s+på\s+tiltak|Tilskuddet\s+fordeles)", items[j][1].text, _I):
            return False
    nxt = items[k + 1][1].text if k + 1 < len(items) else ""
    return bool(nxt.strip()) and not BODY_RE.match(nxt)


def _section_head(items: list[tuple[int, Line]], k: int) -> bool:
    """ "Tiltak 3: Lesing" followed by "Navn på tiltak": a lokal-2024 section's heading."""
    if not re.match(r"^\s*Tiltak\s+(?:nr\.?\s*)?\d+\b", items[k][1].text, _I):
        return False
    return any(
        re.match(r"^\s*(?:Navn\s+på\s+tiltak|Tilskuddet\s+fordeles)", items[j][1].text, _I)
        for j in range(k + 1, min(k + 3, len(items)))
    )


def _continues_above(items: list[tuple[int, Line]], k: int) -> bool:
    """A label-only line after a row with amounts: the rest of that row's label (a page layout
    puts a wrapped label below its amounts) when the next line is a whole row or the end."""
    if k + 1 >= len(items):
        return True
    nxt = strip_markup(items[k + 1][1].text)
    if BODY_RE.match(nxt):
        return True
    label, amt = split_label_amounts(nxt)
    return bool(label and amt) or bool(_SUM_LABEL_RE.match(label))


def _join_amounts(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def _row_is_head(cells: tuple[str, ...]) -> bool:
    return bool(re.fullmatch(r"\s*(?:Ordning|Tiltak)?\s*", cells[0], _I)) and any(
        re.fullmatch(r"\s*Eier\s*", c, _I) for c in cells
    )


def _join_label(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def _is_broken_word(prev: str, label: str) -> bool:
    """A label cut inside a word by the extraction ("Kompetanseløfte" / "t")."""
    return len(label) <= 2 and label.isalpha() and label.islower() and prev[-1:].isalpha()


# An amount whose ",-" lost its dash and ran into the next cell's text ("200 000,kommunale
# bhg.", "130 700,Ev. kommentar", "250 500,170 300,-"), as plain pdftotext writes a table.
_GLUED_AMOUNT_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+),(?=[^\s\-–])")


_TILTAK_ALONE_RE = re.compile(r"^\s*Tiltak\s+(?:nr\.?\s*)?\d+\s*[:.]?\s*$", _I)


def _unglue(text: str) -> list[str]:
    """A line of a column-by-column table cut where an amount ran into the next cell."""
    return [p for p in _GLUED_AMOUNT_RE.sub(r"\1,-\n", text).split("\n") if p.strip()]


def _read_budget_split(budsjett: Budsjett, items: list[tuple[int, Line]], k: int) -> int | None:
    """The budget table of an extraction that wrote the label and Eier columns first and the
    UH and Totalt columns after the next heading ("Ev. kommentar"), their amounts interleaved.

    Each row's UH and Totalt are the first pair left in the run of amounts with
    Eier + UH = Totalt (the form's rule); a row without such a pair gets neither. None when
    the table is not written this way.
    """
    n = len(items)
    if k >= n or strip_markup(items[k][1].text).strip() != "Eier":
        return None
    # the label and Eier columns, up to the heading that starts the body
    pieces: list[str] = []
    j = k + 1
    body_seen = False
    while j < n and not body_seen:
        for piece in _unglue(strip_markup(items[j][1].text)):
            # "Tiltak 1:" alone is a label cut by the extraction here, not a section
            if BODY_RE.match(piece) and not _TILTAK_ALONE_RE.match(piece):
                body_seen = True
                break
            pieces.append(piece)
        j += 1
    if not body_seen:
        return None
    # then the UH and Totalt heads, and amounts only
    heads: set[str] = set()
    pool: list[str] = []
    while j < n:
        t = strip_markup(items[j][1].text).strip()
        m = _LONE_HEAD_RE.match(t)
        if m:
            heads.add(m.group(1).lower())
        else:
            label, amt = split_label_amounts(t)
            if label or not amt:
                break
            pool.extend(_unglue(amt))
        j += 1
    if not {"uh", "totalt"} <= heads or not pool:
        return None
    labels: list[str] = []
    eier: list[int | None] = []
    sum_eier: int | None = None
    in_sum = False
    for piece in pieces:
        label, amt = split_label_amounts(piece)
        if label:
            if _SUM_LABEL_RE.match(label):
                in_sum = True
            elif labels and (label[:1].islower() or labels[-1].endswith(":")):
                labels[-1] = f"{labels[-1]} {label}"  # the rest of a wrapped label
            else:
                labels.append(label)
        if amt:
            value = amount_row(amt).eier
            if in_sum:
                sum_eier = value
            else:
                eier.append(value)
    if not labels or len(eier) != len(labels):
        return None
    cells = [c for c in read_amounts("  ".join(pool), columns=1) if c.belop is not None]

    def take(e: int | None) -> tuple[list[Belop], int | None]:
        for a, u in enumerate(cells):
            for b in range(a + 1, len(cells)):
                assert u.belop is not None
                if (e or 0) + u.belop == cells[b].belop:
                    tot = cells.pop(b).belop
                    cells.pop(a)
                    return [Belop(u.belop, u.institusjon)], tot
        return [], None

    for label, e in zip(labels, eier, strict=True):
        uh, tot = take(e)
        budsjett.rader.append(Budsjettrad(etikett=plain_value(label), eier=e, uh=uh, totalt=tot))
    if in_sum:
        uh, tot = take(sum_eier)
        budsjett.sum = Budsjettrad(etikett="Sum", eier=sum_eier, uh=uh, totalt=tot)
    return j
