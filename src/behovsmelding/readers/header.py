"""The form's header, shared by both generations: everything above the body.

``parse_header(lines)`` reads, in the order the form has them:

- the title (one or more lines) and ``tittel``, a heading the author put above the form;
- ``ordninger`` (lokal-2024 boxes) or ``gjelder`` (kollektiv-2026 boxes);
- Eier, Kompetansenettverk (the name without that word), Universitet/Høgskole or Kompetansemiljø;
- the contacts table (Eier | UH columns);
- the flags (flere eiere / flere UH or kompetansemiljø / flere ordninger / videreføre fra 2025);
- ``antall_tiltak``;
- the budget table under "Total sum det meldes behov for YYYY" (``aar``), its rows and Sum row.

It returns a :class:`HeaderResult`: the values, and ``body_start``, the index into ``lines`` of
the first line after the budget table (the "Ev. kommentar" line in kollektiv-2026, the first
"Tiltak N" in lokal-2024). ``HeaderResult.apply(record)`` copies the values into a record.
``parse_header(record, lines)`` does both in one call and returns ``body_start``.
A part of the header that is missing leaves its fields at their defaults (None, [] …).

The same header comes in many layouts: cells known (tabs, docx rows), cell boundaries lost
("Navn Kari Nordmann Per Hansen"), a page layout that keeps columns by position (pdftotext
-layout), and columns written one after the other (labels first, then the Eier column, then the
UH column). Where boundaries are lost, the kind of value decides: phone numbers have 8 digits,
account numbers 11, organisation numbers 9 (spacing kept as written), names are capitalised
words and the "Kontaktpersoner:" line often names the people; budget rows add up
(Eier + UH = Totalt).

Every rule here is the form's: its labels, its boxes, how people write phone, account and
organisation numbers. No document's content is known here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from ..record import Behovsmelding, Belop, Budsjett, Budsjettrad, Kontaktpersoner
from .prose import is_noise, strip_markup
from .source import Line
from .values import (
    PLACEHOLDER_RE,
    amount_row,
    box_after,
    clean_value,
    has_boxes,
    is_placeholder,
    read_amounts,
    strip_placeholders,
)

__all__ = ["HeaderResult", "parse_header", "split_contact_row"]


@dataclass
class HeaderResult:
    tittel: str | None = None
    ordninger: list[str] | None = None
    gjelder: str | None = None
    eier: str | None = None
    kompetansenettverk: str | None = None
    uh: str | None = None
    kontaktpersoner: Kontaktpersoner = field(default_factory=Kontaktpersoner)
    flere_eiere: bool | None = None
    flere_uh: bool | None = None
    flere_ordninger: bool | None = None
    videreforer_fjoraaret: bool | None = None
    antall_tiltak: int | None = None
    aar: int | None = None
    budsjett: Budsjett = field(default_factory=Budsjett)
    body_start: int = 0

    def apply(self, record: Behovsmelding) -> Behovsmelding:
        for name in (
            "tittel",
            "ordninger",
            "gjelder",
            "eier",
            "kompetansenettverk",
            "uh",
            "kontaktpersoner",
            "flere_eiere",
            "flere_uh",
            "flere_ordninger",
            "videreforer_fjoraaret",
            "antall_tiltak",
            "aar",
            "budsjett",
        ):
            setattr(record, name, getattr(self, name))
        return record


# --- labels of the form --------------------------------------------------------------------------

_I = re.IGNORECASE
TITLE_RE = re.compile(r"^\s*Behovsmelding\s*[–—-]", _I)
_TITLE_END_RE = re.compile(r"grunnoppl\w*|grunnskole", _I)
GJELDER_RE = re.compile(r"^\s*Behovsmeldingen\s+gjelder\s*:?", _I)
EIER_RE = re.compile(r"^\s*Eier\s*:\s*", _I)
NETTVERK_RE = re.compile(r"\bKompetansenettverk(?:et)?\s*:?\s*", _I)
UH_RE = re.compile(
    r"^\s*(?:Universitet\s*/\s*H[øo]gskole(?:\s*/\s*kompetansemilj[øo]\w*)?|Kompetansemilj[øo])"
    r"\s*:?\s*",
    _I,
)
KONTAKT_RE = re.compile(r"^\s*Kontaktpersoner?\s*:?\s*", _I)
FLERE_EIERE_RE = re.compile(r"Partnerskapet\s+består\s+av\s+flere\s+eiere", _I)
FLERE_UH_RE = re.compile(r"Partnerskapet\s+består\s+av\s+flere\s+(?:UH|kompetansemilj)", _I)
FLERE_ORDNINGER_RE = re.compile(r"Partnerskapet\s+leverer\s+behovsmelding\s+i\s+flere", _I)
VIDEREFORE_RE = re.compile(r"Partnerskapet\s+ønsker\s+å\s+videreføre", _I)
ANTALL_RE = re.compile(r"Totalt\s+antall\s+tiltak", _I)
TOTAL_SUM_RE = re.compile(r"Total\s+sum\s+det\s+meldes\s+behov(?:\s+for)?\s*(\d{4})?", _I)
# Where the body starts (the budget table ends at the first of these at the latest).
BODY_RE = re.compile(
    r"^\s*(?:Tiltak\s+(?:nr\.?\s*)?\d+\s*[:.]?\s*$|Navn\s+på\s+tiltak|Ev\.?\s+kommentar|"
    r"\d\s*\.?\s*Vurdering\s+av\s+behov|Tilskuddet\s+fordeles|Liste\s+over\s+andre|"
    r"Behovsmeldingen\s+har\s+vært|Hvor\s+mange\s+enheter)",
    _I,
)

ORDNING_LABELS = (
    ("regional", r"Regional\s+ordning"),
    ("desentralisert", r"Desentralisert\s+ordning"),
    ("kompetanseloftet", r"Kompetanseløftet"),
)
GJELDER_LABELS = (
    ("barnehage", r"Barnehage"),
    ("grunnskole", r"Grunnskole"),
    ("begge", r"Begge\s+deler"),
)
# Contact table rows: (key, label pattern). The label is matched at the start of a line.
CONTACT_ROWS = (
    ("navn", r"Navn"),
    ("funksjon", r"Funksjon"),
    ("telefon", r"Telefon(?:nummer|nr\.?)?|Tlf\.?|Mobil"),
    ("epost", r"E-?post(?:adresse)?|E-mail"),
    ("kontonr", r"Konto(?:nummer|nr\.?|\s+nr\.?)"),
    ("orgnr", r"Org\.?\s*(?:nr|nummer)\.?|Organisasjonsnummer"),
    ("merkes", r"Ev\.?\s*merkes|Merkes"),
)
_CONTACT_ROW_RE = [
    (key, re.compile(r"^\s*(?:" + pat + r")(?![\wæøå])\s*:?\s*", _I)) for key, pat in CONTACT_ROWS
]
_COLUMN_HEAD_RE = re.compile(r"^\s*(?:Eier\s+(?:UH|Kompetansemiljø)|Eier|UH)\s*$", _I)
_BOX_LINE_RE = re.compile(
    r"^\s*(?:Regional\s+ordning|Desentralisert\s+ordning|Barnehage\s*(?:☒|☐|\[|x\b|$|\s+Grunnskole))",
    _I,
)
# The letterhead some templates carry above the title (Statsforvalteren's name in three languages).
_LETTERHEAD_RE = re.compile(r"Statsforvalteren|Staatehaaltoje|Stáhtahálddadiddje|^\s*Dato\s*:", _I)


# The header of the longest form seen is under 80 lines; a body never needs to be scanned here.
_HEADER_MAX_LINES = 160


# --- helpers -------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    return clean_value(strip_markup(text))


def _prepared(lines: Sequence[Line]) -> list[tuple[int, Line]]:
    """Non-blank, non-noise lines with their index in ``lines``, as far as a header can reach."""
    out: list[tuple[int, Line]] = []
    for i, line in enumerate(lines):
        if line.blank or is_noise(line.text):
            continue
        out.append((i, line))
        if len(out) >= _HEADER_MAX_LINES:
            break
    return out


def _find(
    items: list[tuple[int, Line]], rx: re.Pattern[str], start: int = 0, stop: int | None = None
) -> int | None:
    end = len(items) if stop is None else min(stop, len(items))
    for k in range(start, end):
        if rx.search(items[k][1].text):
            return k
    return None


def _yes_no(text: str) -> bool | None:
    """Ja ☒ / Nei ☐ after a question: True, False or None (no box shown ticked)."""
    q = text.rfind("?")
    start = q + 1 if q >= 0 else 0
    ja = box_after(text, "Ja", start=start)
    nei = box_after(text, "Nei", start=start)
    if ja is True and nei is not True:
        return True
    if nei is True and ja is not True:
        return False
    return None


def _boxes(text: str, labels: Sequence[tuple[str, str]]) -> list[str] | None:
    states: list[tuple[str, bool | None]] = []
    for key, pat in labels:
        m = re.search(pat, text, _I)
        states.append((key, box_after(text, m.group(0), start=m.start()) if m else None))
    if all(s is None for _, s in states):
        return None
    return [k for k, s in states if s]


# --- parse ---------------------------------------------------------------------------------------


@overload
def parse_header(lines: Sequence[Line], /) -> HeaderResult: ...


@overload
def parse_header(record: Behovsmelding, lines: Sequence[Line], /) -> int: ...


def parse_header(
    first: Sequence[Line] | Behovsmelding, lines: Sequence[Line] | None = None, /
) -> HeaderResult | int:
    """Read the header of either generation; see the module docstring.

    ``parse_header(lines)`` returns the :class:`HeaderResult`; ``parse_header(record, lines)``
    fills ``record`` and returns the index where the body starts.
    """
    if isinstance(first, Behovsmelding):
        assert lines is not None
        res = _parse_header(lines)
        res.apply(first)
        return res.body_start
    return _parse_header(first)


def _parse_header(lines: Sequence[Line]) -> HeaderResult:
    res = HeaderResult()
    items = _prepared(lines)
    n = len(items)

    gjelder_k = _find(items, GJELDER_RE, 0, 60)
    title_k = _find(items, TITLE_RE, 0, gjelder_k if gjelder_k is not None else 40)
    _read_title(res, items, title_k, gjelder_k)

    # boxes under "Behovsmeldingen gjelder" (or, that line deleted, the boxes' own line)
    box_k = gjelder_k
    if box_k is None:
        box_k = _find(items, _BOX_LINE_RE, title_k or 0, min(n, (title_k or 0) + 12))
    if box_k is not None:
        first = items[box_k][1].text
        m = GJELDER_RE.match(first)
        box_text = first[m.end() :] if m else first
        for k in range(box_k + 1, min(box_k + 4, n)):
            t = items[k][1].text
            if EIER_RE.match(t) or UH_RE.match(t):
                break
            box_text += " " + t
        if re.search(r"ordning|Kompetanseløftet", box_text, _I):
            res.ordninger = _boxes(box_text, ORDNING_LABELS)
        if re.search(r"Barnehage|Grunnskole|Begge", box_text, _I):
            res.gjelder = _single_choice(_boxes(box_text, GJELDER_LABELS))

    start = box_k if box_k is not None else (title_k or 0)
    flags_k = _find(items, FLERE_EIERE_RE, start)
    total_k = _find(items, TOTAL_SUM_RE, start)
    head_end = min(k for k in (flags_k, total_k, n) if k is not None)

    _read_parties(res, items, start, head_end)

    # flags and count
    stop = total_k if total_k is not None else min(n, head_end + 12)
    for k in range(head_end, stop):
        t = items[k][1].text
        if FLERE_EIERE_RE.search(t):
            res.flere_eiere = _yes_no(_with_next(items, k))
        elif FLERE_UH_RE.search(t):
            res.flere_uh = _yes_no(_with_next(items, k))
        elif FLERE_ORDNINGER_RE.search(t):
            res.flere_ordninger = _yes_no(_with_next(items, k))
        elif VIDEREFORE_RE.search(t):
            res.videreforer_fjoraaret = _yes_no(_with_next(items, k))
        elif ANTALL_RE.search(t):
            rest = t[t.find("?") + 1 :] if "?" in t else t[ANTALL_RE.search(t).end() :]  # type: ignore[union-attr]
            if not clean_value(rest) and k + 1 < stop:
                rest = items[k + 1][1].text
            m = re.search(r"\d+", strip_placeholders(rest))
            res.antall_tiltak = int(m.group(0)) if m else None

    body_k = total_k if total_k is not None else head_end
    if total_k is not None:
        m = TOTAL_SUM_RE.search(items[total_k][1].text)
        if m and m.group(1):
            res.aar = int(m.group(1))
        body_k = _read_budget(res, items, total_k + 1)
    else:
        bk = _find(items, BODY_RE, head_end)
        body_k = bk if bk is not None else head_end
    res.body_start = items[body_k][0] if body_k < n else len(lines)
    return res


def _with_next(items: list[tuple[int, Line]], k: int) -> str:
    """A question's line, and the next when the boxes wrapped onto it."""
    t = items[k][1].text
    after = t[t.find("?") :]
    if k + 1 >= len(items) or box_after(after, "Nei") is not None:
        return t
    nxt = items[k + 1][1].text
    # the rest of the answer wrapped: boxes, or "Ja"/"Nei", on a line that asks nothing itself
    if "?" not in nxt and (has_boxes(nxt) or re.match(r"^\s*(?:Ja|Nei)\b", nxt, _I)):
        return t + " " + nxt
    return t


def _single_choice(found: list[str] | None) -> str | None:
    if not found:
        return None
    return found[0] if len(found) == 1 else None


def _read_title(
    res: HeaderResult, items: list[tuple[int, Line]], title_k: int | None, gjelder_k: int | None
) -> None:
    """``tittel``: a heading above the form, outside the form's own title and letterhead."""
    heading: list[str] = []
    stop = gjelder_k if gjelder_k is not None else min(len(items), 8)
    k = 0
    if title_k is not None:
        # lines before the title: only an author's heading, never the letterhead
        for j in range(title_k):
            t = _flat(strip_markup(items[j][1].text))
            if t and not _LETTERHEAD_RE.search(t) and _looks_like_heading(t):
                heading.append(t)
        k = title_k
        joined = ""
        while k < stop:
            joined += " " + items[k][1].text
            k += 1
            if _TITLE_END_RE.search(joined):
                break
    for j in range(k, stop):
        t = _flat(strip_markup(items[j][1].text))
        if _is_form_line(t):
            break
        if title_k is None and not _looks_like_heading(t):
            continue
        if t and not _LETTERHEAD_RE.search(t) and not is_placeholder(t):
            heading.append(t)
    res.tittel = " ".join(heading) or None


def _is_form_line(text: str) -> bool:
    """A line of the form itself (a label or the boxes), where an author's heading cannot be."""
    return bool(
        GJELDER_RE.match(text)
        or EIER_RE.match(text)
        or UH_RE.match(text)
        or KONTAKT_RE.match(text)
        or NETTVERK_RE.match(text)
        or has_boxes(text)
        or re.match(r"^\s*(?:Regional\s+ordning|Barnehage\b)", text, _I)
    )


def _looks_like_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (
        sum(1 for c in letters if c.isupper()) > 0.7 * len(letters)
        or bool(re.match(r"Tiltak\s+\d", text, _I))
    )


def _read_parties(res: HeaderResult, items: list[tuple[int, Line]], start: int, stop: int) -> None:
    """Eier, Kompetansenettverk, UH and the contacts table."""
    kontakt_k: int | None = None
    k = start
    while k < stop:
        line = items[k][1]
        t = strip_markup(line.text)
        if EIER_RE.match(t) and kontakt_k is None:
            rest = t[EIER_RE.match(t).end() :]  # type: ignore[union-attr]
            # a value wrapped onto the next line(s) goes on there
            while k + 1 < stop and not _is_label_line(items[k + 1][1].text):
                k += 1
                rest += " " + strip_markup(items[k][1].text)
            m = NETTVERK_RE.search(rest)
            if m:
                res.eier = _value(rest[: m.start()])
                res.kompetansenettverk = _value(rest[m.end() :])
            else:
                res.eier = _value(rest)
        elif NETTVERK_RE.match(t.strip()) and kontakt_k is None:
            res.kompetansenettverk = _value(t.strip()[NETTVERK_RE.match(t.strip()).end() :])  # type: ignore[union-attr]
        elif UH_RE.match(t) and kontakt_k is None:
            parts = [t[UH_RE.match(t).end() :]]  # type: ignore[union-attr]
            while k + 1 < stop and not _is_label_line(items[k + 1][1].text):
                k += 1
                parts.append(items[k][1].text)
            res.uh = _value(" ".join(parts))
        elif KONTAKT_RE.match(t) and kontakt_k is None:
            kontakt_k = k
            break
        k += 1
    if kontakt_k is None:
        # the "Kontaktpersoner:" line deleted: the table starts at its head or its first row
        navn_rx = _CONTACT_ROW_RE[0][1]
        for j in range(start, stop):
            t = items[j][1].text
            if _COLUMN_HEAD_RE.match(t) or navn_rx.match(t):
                kontakt_k = j - 1
                break
    if kontakt_k is not None:
        res.kontaktpersoner = _read_contacts(items, kontakt_k, stop)


def _is_label_line(text: str) -> bool:
    return bool(
        KONTAKT_RE.match(text)
        or UH_RE.match(text)
        or NETTVERK_RE.match(text.strip())
        or GJELDER_RE.match(text)
        or EIER_RE.match(text)
        or _COLUMN_HEAD_RE.match(text)
        or FLERE_EIERE_RE.search(text)
        or TOTAL_SUM_RE.search(text)
        or any(rx.match(text) for _, rx in _CONTACT_ROW_RE)
    )


# --- contacts ------------------------------------------------------------------------------------


def _name_hints(text: str) -> list[str]:
    """Names the "Kontaktpersoner:" line gives ("A og B", "A, B")."""
    t = clean_value(strip_markup(text)) or ""
    parts = re.split(r"\s+og\s+|\s*[,;&/]\s*|\s+and\s+", t)
    return [p.strip() for p in parts if p.strip()]


def _read_contacts(items: list[tuple[int, Line]], kontakt_k: int, stop: int) -> Kontaktpersoner:
    first = strip_markup(items[kontakt_k][1].text) if kontakt_k >= 0 else ""
    m = KONTAKT_RE.match(first)
    hints = _name_hints(first[m.end() :]) if m else []
    # rows: key -> (cells known?, fragments)
    rows: dict[str, list[str]] = {}
    row_cells: dict[str, tuple[str, ...]] = {}
    order: list[str] = []
    current: str | None = None
    loose: list[str] = []  # values before any row label or after labels without values
    columns: tuple[int, int] | None = None  # where Eier and UH start in a page-layout text
    for k in range(kontakt_k + 1, stop):
        line = items[k][1]
        t = strip_markup(line.text)
        if _COLUMN_HEAD_RE.match(t) and (line.cells is None or not line.cells[0].strip()):
            columns = _layout_head(line.text) or columns
            continue
        if columns is not None and line.cells is None:
            line = Line(line.text, cut_at(line.text, columns))
        if line.cells is not None:
            cells = tuple(strip_markup(c) for c in line.cells)
            key = _row_key(cells[0])
            if key is not None:
                row_cells[key] = cells
                current = key
                if key not in order:
                    order.append(key)
                rows.setdefault(key, [])
                continue
            if current is not None and current in row_cells and not cells[0].strip():
                prev = row_cells[current]
                merged = tuple(
                    _join_fragment(a, b)
                    for a, b in zip(prev, cells + ("",) * (len(prev) - len(cells)), strict=False)
                )
                row_cells[current] = merged
                continue
        key = None
        rest = t
        for rk, rx in _CONTACT_ROW_RE:
            m = rx.match(t)
            if m:
                key, rest = rk, t[m.end() :]
                break
        if key is not None:
            current = key
            if key not in order:
                order.append(key)
            rows.setdefault(key, [])
            if rest.strip():
                rows[key].append(rest)
        elif current is not None:
            rows[current].append(t)
        else:
            loose.append(t)

    out = Kontaktpersoner()
    # Column by column: labels listed without values, then every value on its own line.
    empty_labels = [key for key in order if not rows.get(key) and key not in row_cells]
    labels_first = bool(empty_labels) and set(empty_labels) == set(order[:-1])
    if (
        (len(empty_labels) >= 2 and order and order[-1] not in empty_labels)
        or labels_first
        or (loose and empty_labels)
    ):
        _column_layout(out, order, rows, loose, hints)
        return out
    emails: tuple[str | None, str | None] = (None, None)
    if "epost" in rows and "epost" not in row_cells:
        emails = split_contact_row("epost", rows["epost"])
    for key in order:
        if key in row_cells:
            cells = row_cells[key]
            e = _value(cells[1]) if len(cells) > 1 else None
            u = _value(" ".join(cells[2:])) if len(cells) > 2 else None
        else:
            e, u = split_contact_row(key, rows[key], hints=hints, emails=emails)
        setattr(out.eier, key, e)
        setattr(out.uh, key, u)
    return out


def _column_layout(
    out: Kontaktpersoner,
    order: list[str],
    rows: dict[str, list[str]],
    loose: list[str],
    hints: Sequence[str],
) -> None:
    """All labels first, then the values: each column's values in label order."""
    values: list[str] = list(loose)
    for key in order:
        values.extend(rows.get(key, []))
    values = _glue_fragments([v for v in values if v.strip()])
    nkeys = len(order)
    if len(values) >= 2 * nkeys:
        # Eier column then UH column, or row by row: the reading whose values fit their rows
        by_col = [*order, *order]
        by_row = [k for key in order for k in (key, key)]
        best: tuple[float, list[str], bool] | None = None
        for slots, row_wise in ((by_col, False), (by_row, True)):
            got = _align(values, slots, hints)
            if got is not None and (best is None or got[0] < best[0]):
                best = (got[0], got[1], row_wise)
        if best is not None:
            _, cells, row_wise = best
            for i, key in enumerate(order):
                e, u = (
                    (cells[2 * i], cells[2 * i + 1]) if row_wise else (cells[i], cells[nkeys + i])
                )
                setattr(out.eier, key, _value(e))
                setattr(out.uh, key, _value(u))
            return
    if len(values) == nkeys:
        for i, key in enumerate(order):
            setattr(out.eier, key, _value(values[i]))
        return
    # an uneven count: give each row what its kind of value reveals
    for key in order:
        found = [v for v in values if _kind_of(v) == key]
        if found:
            setattr(out.eier, key, _value(found[0]))
            if len(found) > 1:
                setattr(out.uh, key, _value(found[1]))


def _align(
    values: list[str], slots: list[str], hints: Sequence[str]
) -> tuple[float, list[str]] | None:
    """Give each slot (a row of one column) one or more consecutive values.

    More values than slots means some value was wrapped over lines: the alignment whose merged
    values best fit their rows (a phone where a phone belongs, a name from the Kontaktpersoner
    line) wins. Returns (cost, one text per slot); None when there are fewer values than slots.
    """
    n, m = len(slots), len(values)
    if m < n or m > 2 * n + 4:
        return None
    inf = float("inf")
    # cost[i][j]: best cost of filling the first i slots with the first j values
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(1, n + 1):
        key = slots[i - 1]
        for j in range(i, m - (n - i) + 1):
            for k in range(1, min(3, j - (i - 1)) + 1):
                prev = cost[i - 1][j - k]
                if prev == inf:
                    continue
                text = " ".join(_glue_fragments(values[j - k : j]))
                c = prev + _fit(key, text, k, hints)
                if c < cost[i][j]:
                    cost[i][j] = c
                    back[i][j] = k
    if cost[n][m] == inf:
        return None
    cells: list[str] = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        cells.append(" ".join(_glue_fragments(values[j - k : j])))
        j -= k
    cells.reverse()
    return cost[n][m], cells


def _fit(key: str, text: str, parts: int, hints: Sequence[str]) -> float:
    kind = _kind_of(text)
    c = 0.0
    if key in ("telefon", "epost", "kontonr", "orgnr"):
        c += 0.0 if kind == key else 2.0
    elif kind != "text":
        c += 2.0
    if parts > 1:
        c += 0.0 if key == "navn" and text in hints else 0.6 * (parts - 1)
    elif key == "navn" and hints and text not in hints:
        c += 0.3
    words = text.split()
    if words and (words[-1].lower() in _CONNECTORS or words[-1].endswith(("-", ","))):
        c += 1.0  # a cell does not end in "og" or a hyphen: its text goes on below
    if key == "navn":
        c += sum(0.5 for w in words if not w[:1].isupper())
    return c


def _kind_of(value: str) -> str:
    v = value.strip()
    digits = re.sub(r"\D", "", v)
    if "@" in v:
        return "epost"
    if re.fullmatch(r"[\d\s.+-]+", v):
        if len(digits) == 8 or (len(digits) == 10 and v.startswith("+47")):
            return "telefon"
        if len(digits) == 11:
            return "kontonr"
        if len(digits) == 9:
            return "orgnr"
    return "text"


def _layout_head(text: str) -> tuple[int, int] | None:
    """Column starts of "Eier   UH" in a text that keeps the page layout (wide gaps)."""
    m = re.match(r"^(\s*)(Eier)(\s{3,})(UH|Kompetansemiljø)\s*$", text, _I)
    if m is None:
        return None
    return m.start(2), m.start(4)


def cut_at(text: str, starts: Sequence[int]) -> tuple[str, ...]:
    """A page-layout line cut into cells at the columns' start positions.

    A cut that would fall inside a word moves left to the space before it (a layout places a
    cell's text at or right of its column's start, never left of it).
    """
    cells: list[str] = []
    prev = 0
    for s in starts:
        b = min(max(s, prev), len(text))
        while prev < b < len(text) and not text[b - 1].isspace() and not text[b].isspace():
            b -= 1
        cells.append(text[prev:b].strip())
        prev = b
    cells.append(text[prev:].strip())
    return tuple(cells)


def _row_key(label: str) -> str | None:
    for key, rx in _CONTACT_ROW_RE:
        m = rx.match(label)
        if m and not label[m.end() :].strip():
            return key
    return None


def _join_fragment(a: str, b: str) -> str:
    if not b.strip():
        return a
    if not a.strip():
        return b
    return " ".join(_glue_fragments([a.rstrip(), b.strip()]))


def _glue_fragments(frags: list[str]) -> list[str]:
    """Join pieces of one value that an extraction broke over lines (an e-mail, a word)."""
    out: list[str] = []
    for f in frags:
        s = f.strip()
        if out:
            prev = out[-1]
            if "@" in prev and "@" not in s and " " not in s and _email_unfinished(prev):
                out[-1] = prev + s
                continue
            if len(s) <= 2 and s.isalpha() and prev[-1:].isalpha() and not f[:1].isspace():
                out[-1] = prev + s
                continue
        out.append(s)
    return out


def _email_unfinished(text: str) -> bool:
    last = text.split()[-1]
    if "@" not in last:
        return False
    domain = last.split("@", 1)[1]
    return not re.search(r"\.[a-zA-Z]{2,}$", domain) or domain.endswith((".", "-"))


def split_contact_row(
    key: str,
    fragments: Sequence[str],
    *,
    hints: Sequence[str] = (),
    emails: tuple[str | None, str | None] = (None, None),
) -> tuple[str | None, str | None]:
    """Split one contacts row whose Eier | UH cell boundary was lost.

    ``hints`` are names the "Kontaktpersoner:" line gives; ``emails`` the two addresses of the
    E-post row, whose local parts tell where one name ends.

    ``fragments`` are the row's text pieces, one per line as extracted (after the row label).
    """
    frags = [f for f in fragments if f.strip()]
    if not frags:
        return None, None
    text = " ".join(f.strip() for f in frags)
    # a placeholder is an empty cell and marks the boundary
    ph = _placeholder_split(text)
    if ph is not None:
        return ph
    if key == "epost":
        return _split_emails(frags)
    if key in ("telefon", "kontonr", "orgnr"):
        width = {"telefon": 8, "kontonr": 11, "orgnr": 9}[key]
        return _split_numbers(" ".join(_glue_fragments(frags)), width)
    glued = " ".join(_glue_fragments(frags))
    words = glued.split()
    if len(words) < 2:
        return _value(glued), None
    if key == "navn":
        return _split_names(words, hints, [_email_name_parts(e) for e in emails])
    # the same text in both cells ("Lesing for alle Lesing for alle")
    if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
        half = " ".join(words[: len(words) // 2])
        return half, half
    cut = _best_text_cut(words, key)
    return _value(" ".join(words[:cut])), _value(" ".join(words[cut:]))


def _placeholder_split(text: str) -> tuple[str | None, str | None] | None:
    """A placeholder is an empty cell: the text before it is Eier's, after it UH's."""
    parts = PLACEHOLDER_RE.split(text)
    if len(parts) == 1:
        return None
    before = clean_value(parts[0])
    after = clean_value(" ".join(parts[1:]))
    if before is None:
        return None, after
    return before, after


def _split_emails(frags: Sequence[str]) -> tuple[str | None, str | None]:
    tokens: list[str] = []
    for f in frags:
        for tok in f.split():
            tokens.append(tok)
    joined: list[str] = []
    for i, tok in enumerate(tokens):
        if "@" in tok or not joined:
            if joined and "@" not in joined[-1]:
                # a local part broken before its "@": "kari.nord" + "mann@…"
                joined[-1] = joined[-1] + tok
            else:
                joined.append(tok)
            continue
        prev = joined[-1]
        nxt_has_at = i + 1 < len(tokens) and "@" in tokens[i + 1]
        if "@" in prev and (_email_unfinished(prev) or tok.startswith(".") or not nxt_has_at):
            joined[-1] = prev + tok
        else:
            joined.append(tok)
    emails = [j for j in joined if "@" in j]
    others = [j for j in joined if "@" not in j]
    if len(emails) >= 2:
        return emails[0], " ".join(emails[1:])
    if len(emails) == 1:
        if others:
            # text beside a single address: the address's position tells its column
            if joined.index(emails[0]) == 0:
                return emails[0], " ".join(others)
            return " ".join(others), emails[0]
        return emails[0], None
    return _value(" ".join(joined)), None


_NUM_PART_RE = re.compile(r"\+?\d[\d.\-]*")


def _split_numbers(text: str, width: int) -> tuple[str | None, str | None]:
    """Two numbers of ``width`` digits written with spaces: cut where the first is complete."""
    tokens = text.split()
    if not tokens:
        return None, None
    counts = [len(re.sub(r"\D", "", t)) for t in tokens]
    total = sum(counts)
    # a country code is not part of the width
    acc = 0
    for i, c in enumerate(counts):
        acc += c
        code = 2 if tokens[0].startswith(("+47", "0047")) and width == 8 else 0
        if code and tokens[0] in ("+47", "0047"):
            code = 0 if i == 0 else 2
        if acc - code >= width and i + 1 < len(tokens):
            if acc - code == width or total - acc >= width:
                # a separator written between the two numbers belongs to neither
                first = " ".join(tokens[: i + 1]).rstrip(" /,;")
                second = " ".join(tokens[i + 1 :]).lstrip(" /,;")
                return first or None, second or None
            break
    if total >= 2 * width and len(tokens) == 1:
        return tokens[0], None
    # digits and text: the numbers first
    if all(c == 0 for c in counts[1:]) and counts[0]:
        return tokens[0], _value(" ".join(tokens[1:]))
    return _value(text), None


def _split_names(
    words: list[str], hints: Sequence[str], email_parts: Sequence[set[str]] = ()
) -> tuple[str | None, str | None]:
    text = " ".join(words)
    folded_hints = [" ".join(h.split()) for h in hints]
    for h in folded_hints:
        if h and text.startswith(h + " "):
            return h, text[len(h) + 1 :]
        if h and text.endswith(" " + h):
            return text[: -len(h) - 1], h
    # no hint: two names of two to four words, agreeing with the two e-mail addresses where
    # they tell (kari.anne.berg@… → "Kari Anne Berg"); then an even split, a longer UH name
    n = len(words)
    folded = [_fold(w) for w in words]

    def agrees(c: int) -> int:
        if len(email_parts) < 2:
            return 0
        e_parts, u_parts = email_parts[0], email_parts[1]
        return (
            sum(1 for w in folded[:c] if w in e_parts)
            + sum(1 for w in folded[c:] if w in u_parts)
            - sum(1 for w in folded[:c] if w in u_parts and w not in e_parts)
            - sum(1 for w in folded[c:] if w in e_parts and w not in u_parts)
        )

    best = max(
        range(1, n),
        key=lambda c: (
            2 <= c <= 4 and 2 <= n - c <= 4,
            agrees(c),
            words[c][:1].isupper(),
            not words[c - 1].endswith("."),
            -abs(c - n / 2) - (0.1 if c > n / 2 else 0),
        ),
    )
    return " ".join(words[:best]), " ".join(words[best:])


def _fold(word: str) -> str:
    w = word.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]", "", w)


def _email_name_parts(address: str | None) -> set[str]:
    """The words of an address's local part: "kari.anne-berg@…" → {"kari", "anne", "berg"}."""
    if not address or "@" not in address:
        return set()
    local = address.split("@", 1)[0]
    return {_fold(p) for p in re.split(r"[._\-+]", local) if len(p) > 1}


_CONNECTORS = frozenset(
    {"og", "i", "ved", "fra", "for", "på", "av", "til", "med", "v/", "&", "-", "–", "/", "i/"}
)
_ROLE_RE = re.compile(
    r"(?:leder|rådgiver|veileder|koordinator|rektor|sjef|direktør|konsulent|professor|lektor|"
    r"ansvarlig|dosent|forsker|stipendiat|assistent|sekretær|kontakt|medarbeider|pedagog|"
    r"spesialist|inspektør|styrer|ordfører|saksbehandler)\w*$",
    _I,
)


def _best_text_cut(words: list[str], key: str) -> int:
    """Where a row of two texts (e.g. "Rektor Dosent ved senteret") changes cell."""

    def score(c: int) -> tuple[int, int]:
        w, prev = words[c], words[c - 1]
        s = 0
        if prev.lower() in _CONNECTORS or prev.endswith(("-", "/", ",")):
            s -= 10
        if w[:1].isupper():
            s += 2
            if w[1:2].islower():
                s += 1
        if w.isupper() and len(w) > 1:
            s -= 2
        if key == "funksjon" and _ROLE_RE.search(w.strip(",.")):
            s += 3
        if key == "merkes" and re.search(r"\d", prev) and not re.search(r"\d", w):
            s += 2
        return (s, -c)

    return max(range(1, len(words)), key=score)


# --- budget --------------------------------------------------------------------------------------

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


def _read_budget(res: HeaderResult, items: list[tuple[int, Line]], k: int) -> int:
    """Rows after "Total sum …" up to the body; returns the index of the body's first line."""
    n = len(items)
    by_columns = _read_budget_columns(res, items, k)
    if by_columns is not None:
        return by_columns
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
            etikett=_value(label),
            eier=row.eier,
            uh=[Belop(c.belop, c.institusjon) for c in row.uh if c.belop is not None],
            totalt=row.totalt,
        )
        if rad.etikett and _SUM_LABEL_RE.match(rad.etikett):
            res.budsjett.sum = rad
        elif rad.etikett or rad.eier is not None or rad.uh or rad.totalt is not None:
            res.budsjett.rader.append(rad)
    return k


# case matters: "ordning" alone is the second line of the label "Desentralisert ordning"
_LONE_HEAD_RE = re.compile(r"^\s*(Ordning|Eier|UH|Totalt|Sum\s+totalt)\s*$")


def _read_budget_columns(res: HeaderResult, items: list[tuple[int, Line]], k: int) -> int | None:
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
    if heads < 2:
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
                joined = _glue_fragments([labels[-1], label])
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
        res.budsjett.rader.append(Budsjettrad(etikett=_value(label), eier=e, uh=mine, totalt=tot))
    if cols["sum"]:
        row = amount_row("  ".join(cols["sum"]))
        res.budsjett.sum = Budsjettrad(
            etikett="Sum",
            eier=row.eier,
            uh=[Belop(c.belop, c.institusjon) for c in row.uh if c.belop is not None],
            totalt=row.totalt,
        )
    return k


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
