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
The contacts table is read by ``contacts.py``, the budget table by ``budget.py``.

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

from ..record import Behovsmelding, Budsjett, Kontaktpersoner
from .budget import BODY_RE, read_budget
from .contacts import COLUMN_HEAD_RE, CONTACT_ROW_RE, KONTAKT_RE, read_contacts
from .prose import is_noise, strip_markup
from .reading import note_unreadable
from .source import Line
from .values import (
    box_after,
    boxes_to_labels,
    clean_value,
    has_boxes,
    is_placeholder,
    one_box_lost,
    strip_placeholders,
)

__all__ = ["HeaderResult", "parse_header"]


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
    #: answers that could not be read with certainty: (field, text as written)
    uleselig: list[tuple[str, str]] = field(default_factory=list)

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
        for name, raw in self.uleselig:
            note_unreadable(record, name, raw)
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
FLERE_EIERE_RE = re.compile(r"Partnerskapet\s+består\s+av\s+flere\s+eiere", _I)
FLERE_UH_RE = re.compile(r"Partnerskapet\s+består\s+av\s+flere\s+(?:UH|kompetansemilj)", _I)
FLERE_ORDNINGER_RE = re.compile(r"Partnerskapet\s+leverer\s+behovsmelding\s+i\s+flere", _I)
VIDEREFORE_RE = re.compile(r"Partnerskapet\s+ønsker\s+å\s+videreføre", _I)
ANTALL_RE = re.compile(r"Totalt\s+antall\s+tiltak", _I)
TOTAL_SUM_RE = re.compile(r"Total\s+sum\s+det\s+meldes\s+behov(?:\s+for)?\s*(\d{4})?", _I)

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


def plain_value(text: str | None) -> str | None:
    if text is None:
        return None
    return clean_value(strip_markup(text))


def _prepared(lines: Sequence[Line]) -> list[tuple[int, Line]]:
    """Non-blank, non-noise lines with their index in ``lines``, as far as a header can reach."""
    out: list[tuple[int, Line]] = []
    for i, line in enumerate(lines):
        if not line.text or line.text.isspace() or is_noise(line.text):
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


_JA_NEI_RE = re.compile(r"\b(?:Ja|Nei)\b", re.IGNORECASE)


def _yes_no(text: str) -> bool | None:
    """Ja ☒ / Nei ☐ after a question: True, False or None (no box shown ticked)."""
    q = text.rfind("?")
    start = q + 1 if q >= 0 else 0
    text = text[:start] + boxes_to_labels(text[start:], _JA_NEI_RE)
    ja = box_after(text, "Ja", start=start)
    nei = box_after(text, "Nei", start=start)
    if ja is True and nei is not True:
        return True
    if nei is True and ja is not True:
        return False
    return None


def _flag(res: HeaderResult, name: str, text: str) -> None:
    value = _yes_no(text)
    setattr(res, name, value)
    answer = text[text.rfind("?") + 1 :]
    if value is None and one_box_lost(answer):
        res.uleselig.append((name, " ".join(answer.split())))


def _boxes(text: str, labels: Sequence[tuple[str, str]]) -> list[str] | None:
    states: list[tuple[str, bool | None]] = []
    text = boxes_to_labels(text, re.compile("|".join(f"(?:{pat})" for _, pat in labels), _I))
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
            _flag(res, "flere_eiere", _with_next(items, k))
        elif FLERE_UH_RE.search(t):
            _flag(res, "flere_uh", _with_next(items, k))
        elif FLERE_ORDNINGER_RE.search(t):
            _flag(res, "flere_ordninger", _with_next(items, k))
        elif VIDEREFORE_RE.search(t):
            _flag(res, "videreforer_fjoraaret", _with_next(items, k))
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
        body_k = read_budget(res.budsjett, items, total_k + 1)
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
    if "?" not in t and "?" in nxt and has_boxes(nxt[nxt.find("?") :]):
        return t + " " + nxt  # the question itself wrapped ("… fra" / "2025? Ja ☒ Nei ☐")
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
                res.eier = plain_value(rest[: m.start()])
                res.kompetansenettverk = plain_value(rest[m.end() :])
            else:
                res.eier = plain_value(rest)
        elif NETTVERK_RE.match(t.strip()) and kontakt_k is None:
            res.kompetansenettverk = plain_value(t.strip()[NETTVERK_RE.match(t.strip()).end() :])  # type: ignore[union-attr]
        elif UH_RE.match(t) and kontakt_k is None:
            parts = [t[UH_RE.match(t).end() :]]  # type: ignore[union-attr]
            while k + 1 < stop and not _is_label_line(items[k + 1][1].text):
                k += 1
                parts.append(items[k][1].text)
            res.uh = plain_value(" ".join(parts))
        elif KONTAKT_RE.match(t) and kontakt_k is None:
            kontakt_k = k
            break
        k += 1
    if kontakt_k is None:
        # the "Kontaktpersoner:" line deleted: the table starts at its head or its first row
        navn_rx = CONTACT_ROW_RE[0][1]
        for j in range(start, stop):
            t = items[j][1].text
            if COLUMN_HEAD_RE.match(t) or navn_rx.match(t):
                kontakt_k = j - 1
                break
    if kontakt_k is not None:
        res.kontaktpersoner = read_contacts(items, kontakt_k, stop)


def _is_label_line(text: str) -> bool:
    return bool(
        KONTAKT_RE.match(text)
        or UH_RE.match(text)
        or NETTVERK_RE.match(text.strip())
        or GJELDER_RE.match(text)
        or EIER_RE.match(text)
        or COLUMN_HEAD_RE.match(text)
        or FLERE_EIERE_RE.search(text)
        or TOTAL_SUM_RE.search(text)
        or any(rx.match(text) for _, rx in CONTACT_ROW_RE)
    )
