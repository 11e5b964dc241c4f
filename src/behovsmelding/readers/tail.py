"""The form's tail, the same in both generations: partner list, medbestemmelse, units.

``parse_tail(lines, start)`` reads the three parts that close every behovsmelding:

- "Liste over andre eiere og UH/kompetansemiljø i partnerskapet" → ``partnere``;
- "Behovsmeldingen har vært drøftet i medbestemmelse Ja/Nei", "Hvem som har deltatt:
  Rolle | Navn" and any free text after that table → ``medbestemmelse``;
- "Hvor mange enheter er inkludert i behovsmeldingen?" → ``enheter``.

``find_tail_start(lines, start)`` gives the index of the first of these labels, so that the
body parsers know where their last section ends. Either part may be missing; what is not
found stays at its default (``[]``, ``Medbestemmelse()``, ``Enheter()``).

The lines may come with cells (a tab-separated text, later docx rows) or without. Without
cells the row boundaries of the tables are recovered from the layout (a leading row number,
a run of two or more spaces, the column positions of a ``pdftotext -layout`` page, columns
written one after the other) and the cell boundaries from what the words are: organisation
words (organisation types, unions, roles: general vocabulary of the domain, never a document's
content) and the shape of person names (``cells.py``, shared by the partner list and
medbestemmelse).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..record import ENHET_FELT, Behovsmelding, Deltaker, Enhet, Enheter, Medbestemmelse, Partner
from .cells import (
    CONNECT,
    PH_RE,
    Col,
    block_column,
    cell_values,
    ends_open,
    filled_lines,
    is_placeholder_piece,
    is_role,
    layout_columns,
    line_text,
    rolle_of,
    slice_columns,
    split_person_after,
    split_role_name,
    sub_placeholders,
    valid_person,
)
from .prose import is_noise, lines_holding, prose, strip_markup
from .reading import note_unreadable
from .source import Line
from .values import box_after, boxes_to_labels, clean_value, one_box_lost

__all__ = ["TailResult", "find_tail_start", "parse_tail"]

PARTNER_RE = re.compile(r"Liste\s+over\s+andre\s+eiere", re.IGNORECASE)
# the form's question, not a sentence that mentions it: its Ja/Nei (or lost boxes) follow
MEDBEST_RE = re.compile(
    r"drøftet\s+i\s+medbestemmelse\s*:?\s*(?:Ja\b|[☒☐\[]|$)", re.IGNORECASE | re.MULTILINE
)
ENHETER_RE = re.compile(r"Hvor\s+mange\s+enheter", re.IGNORECASE)
_MEDBEST_LABEL_RE = re.compile(r"drøftet\s+i\s+medbestemmelse\s*:?", re.IGNORECASE)
_ANY_TAIL_RE = re.compile(
    "|".join(rx.pattern for rx in (PARTNER_RE, MEDBEST_RE, ENHETER_RE)), re.IGNORECASE
)
_DELTATT_RE = re.compile(r"Hvem\s+som\s+har\s+deltatt\s*:?", re.IGNORECASE)
_ROLLE_NAVN_RE = re.compile(r"^\s*Rolle\s+Navn\s*$", re.IGNORECASE)


@dataclass
class TailResult:
    """What the tail holds; ``start`` is the index of its first label (None: no tail)."""

    partnere: list[Partner] = field(default_factory=list)
    medbestemmelse: Medbestemmelse = field(default_factory=Medbestemmelse)
    enheter: Enheter = field(default_factory=Enheter)
    start: int | None = None

    def apply(self, record: Behovsmelding) -> Behovsmelding:
        record.partnere = self.partnere
        record.medbestemmelse = self.medbestemmelse
        record.enheter = self.enheter
        return record


def find_tail_start(lines: Sequence[Line], start: int = 0) -> int | None:
    """Index of the first tail label at or after ``start``; None when there is none."""
    for k in lines_holding(lines[start:], _TAIL_WORDS):
        if _ANY_TAIL_RE.search(lines[start + k].text):
            return start + k
    return None


_TAIL_WORDS = ("eiere", "medbestemmelse", "enheter")


def _maybe_tail(text: str) -> bool:
    """A cheap test before the labels' patterns: most lines hold none of their words."""
    low = text.lower()
    return any(word in low for word in _TAIL_WORDS)


def parse_tail(lines: Sequence[Line], start: int = 0) -> TailResult:
    """Read the partner list, medbestemmelse and units from ``lines[start:]``."""
    res = TailResult(start=find_tail_start(lines, start))
    if res.start is None:
        return res
    idx: dict[str, int] = {}
    for i in range(res.start, len(lines)):
        t = lines[i].text
        if not _maybe_tail(t) or not _ANY_TAIL_RE.search(t):
            continue
        for key, rx in (("p", PARTNER_RE), ("m", MEDBEST_RE), ("e", ENHETER_RE)):
            if key not in idx and rx.search(t):
                idx[key] = i
    ends = sorted([*idx.values(), len(lines)])

    def part(key: str) -> tuple[int, int] | None:
        if key not in idx:
            return None
        s = idx[key]
        return s, next(e for e in ends if e > s)

    if (p := part("p")) is not None:
        res.partnere = parse_partnere(lines[p[0] + 1 : p[1]])
    if (m := part("m")) is not None:
        res.medbestemmelse = parse_medbestemmelse(lines[m[0] : m[1]])
    if (e := part("e")) is not None:
        res.enheter = parse_enheter(lines[e[0] : e[1]])
    return res


# --- partner list ------------------------------------------------------------------------------

_HEADER_WORDS = re.compile(r"Navn\s+på\s+eier|Kontaktperson|^\s*Eier\s*/\s*UH\s*$", re.IGNORECASE)
_ROW_START = re.compile(r"^\s*(\d{1,2})(?:[.)])?(?:\s+|$)")
_ROLE_END = re.compile(r"(?:^|\s)(Eier|UH|Kompetansemiljø|Fagskole)\s*$", re.IGNORECASE)


def _partner(navn: str | None, kontakt: str | None, rolle: str | None) -> Partner | None:
    navn, kontakt = clean_value(navn), clean_value(kontakt)
    if navn is None and kontakt is None:
        return None
    return Partner(navn=navn, kontaktperson=kontakt, rolle=rolle_of(rolle))


def parse_partnere(lines: Sequence[Line]) -> list[Partner]:
    """Rows of the partner list that are filled in (placeholder rows are skipped)."""
    body = filled_lines(lines)
    if any(ln.cells is not None for ln in body):
        return _partnere_cells(body)
    # "Kontakt" also finds the head a narrow column cut ("Kontaktperso" / "n")
    cols = layout_columns([line_text(ln) for ln in body], ("Navn", "Kontakt", "Eier/UH"))
    if cols is not None:
        return _partnere_layout(body, cols)
    blocks = block_column(
        [line_text(ln) for ln in body], ("Navn på eier/UH", "Kontaktperson", "Eier/UH")
    )
    if blocks is not None:
        out = []
        for navn, kontakt, rolle in blocks:
            p = _partner(navn, kontakt, rolle)
            if p is not None:
                out.append(p)
        return out
    return _partnere_plain(body)


def _partnere_cells(body: Sequence[Line]) -> list[Partner]:
    rows: list[list[str]] = []
    for ln in body:
        if ln.cells is None:
            if rows and not _ROW_START.match(ln.text):
                rows[-1][1] += " " + ln.text.strip()
            continue
        cells = [strip_markup(c).strip() for c in ln.cells]
        if any(_HEADER_WORDS.search(c) for c in cells):
            continue
        if cells and re.fullmatch(r"\d{1,2}[.)]?", cells[0]):
            cells = cells[1:]
        elif rows and cells and cells[0] == "" and len(cells) >= 3:
            # a cell's text wrapped onto a line of its own: continue the previous row
            for k, c in enumerate(cells[1:4]):
                if c and k < len(rows[-1]):
                    rows[-1][k] = (rows[-1][k] + " " + c).strip()
            continue
        cells = [*cells, "", "", ""][:3]
        rows.append(cells)
    out = []
    for navn, kontakt, rolle in rows:
        p = _partner(navn, kontakt, rolle)
        if p is not None:
            out.append(p)
    return out


def _partnere_layout(body: Sequence[Line], cols: list[Col]) -> list[Partner]:
    rows: list[list[str]] = []
    for ln in body:
        t = line_text(ln)
        if _HEADER_WORDS.search(t):
            continue
        if not t.strip():
            continue
        nr, *rest = slice_columns(t, cols)
        if re.fullmatch(r"\d{1,2}[.)]?", nr):
            rows.append(list(rest))
        elif rows:
            for k, c in enumerate(rest):
                if c:
                    rows[-1][k] = (rows[-1][k] + " " + c).strip()
    out = []
    for r in rows:
        p = _partner(*[*r, "", "", ""][:3])
        if p is not None:
            out.append(p)
    return out


def _partnere_plain(body: Sequence[Line]) -> list[Partner]:
    """Rows "N navn kontaktperson Eier/UH" whose cell boundaries were lost."""
    rows: list[list[str]] = []
    expect = 1
    for ln in body:
        t = line_text(ln)
        if _HEADER_WORDS.search(t) and not _ROW_START.match(t):
            continue
        m = _ROW_START.match(t)
        if m and (int(m.group(1)) == expect or (not rows and int(m.group(1)) <= 2)):
            expect = int(m.group(1)) + 1
            rows.append([t[m.end() :]])
        elif rows:
            rows[-1].append(t)
    if not rows:
        rows = _rows_by_role(body)
    out = []
    for row in rows:
        p = _partner_row(row)
        if p is not None:
            out.append(p)
    return out


def _partner_lines(row: list[str]) -> Partner | None:
    """A row extracted one cell per line: navn, kontaktperson, role, then the lines that
    continue the first two cells (a person's name continues the contact, else the name)."""
    text = sub_placeholders(lambda m: "\n" * m.group(0).count("\n"), "\n".join(row))
    items = [t.strip() for t in text.split("\n") if t.strip() and not is_placeholder_piece(t)]
    r = next((i for i, t in enumerate(items) if rolle_of(t) is not None), None)
    if r is None:
        r = next((i for i, t in enumerate(items) if _ROLE_END.search(t)), len(items))
    before, after = items[:r], items[r + 1 :]
    rolle = items[r] if r < len(items) else None
    if not before and not after:
        return None
    if len(before) > 2 or len(before) < 2:
        navn, kontakt = split_person_after(before + after) if before or after else (None, None)
        return _partner(navn, kontakt, rolle)
    navn, kontakt = before
    for t in after:
        if valid_person(t.split()):
            kontakt += " " + t
        else:
            navn += " " + t
    return _partner(navn, kontakt, rolle)


def _rows_by_role(body: Sequence[Line]) -> list[list[str]]:
    """Rows without numbers: each ends at its role (or the role's placeholder)."""
    rows: list[list[str]] = []
    cur: list[str] = []
    for ln in body:
        t = line_text(ln)
        if _HEADER_WORDS.search(t):
            continue
        cur.append(t)
        if _ROLE_END.search(t) or re.search(r"Velg\s+et\s+element\.?\s*$", t, re.IGNORECASE):
            rows.append(cur)
            cur = []
    return rows


def _partner_row(row: list[str]) -> Partner | None:
    if not row[0].strip() and len(row) > 1:
        return _partner_lines(row[1:])
    text = sub_placeholders("", "\n".join(t.strip() for t in row))
    joined = "\n".join(
        p.strip() for p in text.split("\n") if p.strip() and not is_placeholder_piece(p)
    )
    rolle: str | None = None
    m = _ROLE_END.search(joined)
    if m:
        rolle = m.group(1)
        joined = joined[: m.start()].rstrip()
    segs = [s for s in joined.split("\n") if s.strip()]
    if not segs:
        return None
    navn, kontakt = split_person_after(segs)
    return _partner(navn, kontakt, rolle)


# --- medbestemmelse ----------------------------------------------------------------------------


_BOX_WORD_LINE_RE = re.compile(
    r"^\s*(?:Ja|Nei)\s*(?:☒|☐|☑|□|\[[xX ]?\]|[xX](?![\wæøå]))\s*$", re.IGNORECASE
)


def parse_medbestemmelse(lines: Sequence[Line]) -> Medbestemmelse:
    """The question's box, the Rolle | Navn rows and the free text after them."""
    mb = Medbestemmelse()
    if not lines:
        return mb
    first = line_text(lines[0])
    m = _MEDBEST_LABEL_RE.search(first)
    head = first[m.end() :] if m else first
    # the answers as paragraphs of their own ("Ja ☒", "Nei ☐"), blank lines between
    own = [0]
    for k in range(1, min(len(lines), 8)):
        if _BOX_WORD_LINE_RE.match(lines[k].text):
            own.append(k)
        elif not lines[k].blank:
            break
    if len(own) > 1:
        head += " " + " ".join(line_text(lines[k]) for k in own[1:])
        lines = [lines[0], *(ln for k, ln in enumerate(lines) if k not in own)]
    # the boxes may wrap onto the next line
    if len(lines) > 1 and not re.search(r"\bNei\b", head, re.IGNORECASE):
        head += " " + line_text(lines[1])
    mb.droftet = _droftet(head)
    if mb.droftet is None and one_box_lost(head):
        note_unreadable(mb, "droftet", " ".join(head.split()))
    body = list(lines[1:])
    i = 0
    while i < len(body) and (body[i].blank or _DELTATT_RE.search(body[i].text) is None):
        if not body[i].blank and re.search(r"\b(?:Ja|Nei)\b", body[i].text) and i == 0:
            i += 1
            continue
        if not body[i].blank and not is_noise(body[i].text) and i > 1:
            break  # (a page footer between the question and its table is no answer)
        i += 1
    if i < len(body) and _DELTATT_RE.search(body[i].text):
        rest = _DELTATT_RE.sub("", line_text(body[i]), count=1).strip()
        body = ([Line(rest)] if rest else []) + body[i + 1 :]
    else:
        body = body[1:] if body and re.search(r"\b(?:Ja|Nei)\b", body[0].text) else body
    content = [
        ln for ln in filled_lines(body) if not is_placeholder_piece(sub_placeholders(" ", ln.text))
    ]
    rows, merknad = _deltaker_rows(content)
    mb.deltakere = rows
    mb.merknad = prose(merknad) if merknad else None
    return mb


_JA_NEI_RE = re.compile(r"\b(?:Ja|Nei)\b", re.IGNORECASE)


def _droftet(text: str) -> bool | None:
    text = boxes_to_labels(text, _JA_NEI_RE)
    ja = box_after(text, "Ja")
    nei = box_after(text, "Nei", typed_x=True)
    if ja and not nei:
        return True
    if nei and not ja:
        return False
    return None


def _deltaker_rows(content: Sequence[Line]) -> tuple[list[Deltaker], list[Line]]:
    texts = [line_text(ln) for ln in content]
    rows: list[Deltaker] = []
    # the column headers
    start = 0
    if texts and (
        _ROLLE_NAVN_RE.match(texts[0])
        or (
            content[0].cells is not None
            and [c.strip().lower() for c in content[0].cells if c.strip()] == ["rolle", "navn"]
        )
    ):
        start = 1
    if any(ln.cells is not None for ln in content[start:]):
        i = start
        while i < len(content):
            ln = content[i]
            if ln.cells is None:
                if PH_RE.fullmatch(ln.text.strip()) or not ln.text.strip():
                    i += 1
                    continue
                break
            cells = [*cell_values(ln), None, None][:2]
            if cells[0] is not None or cells[1] is not None:
                rows.append(Deltaker(rolle=cells[0], navn=cells[1]))
            i += 1
        return rows, [ln for ln in content[i:] if clean_value(ln.text) is not None]
    if texts[start:] and texts[start].strip().lower() == "rolle":
        if texts[start + 1 : start + 2] and texts[start + 1].strip().lower() == "navn":
            return _cells_one_per_line(texts[start + 2 :]), []
        # a placeholder wrapped over two lines ("… skrive inn" / "tekst.") is no cell
        blocks = block_column(_without_placeholders(texts[start:]), ("Rolle", "Navn"), pair=True)
        if blocks is not None:
            return [Deltaker(rolle=clean_value(r), navn=clean_value(n)) for r, n, _ in blocks], []
    cols = layout_columns(texts[: start or 1], ("Rolle", "Navn")) if start else None
    if cols is None:
        texts = _without_placeholders(texts)
    i = start
    while i < len(texts):
        if cols is not None and texts[i].strip():
            bare = sub_placeholders(" ", texts[i])
            if (
                bare.strip()
                and not re.search(r"\S  +\S", bare.strip())
                and len(bare) > cols[-1].start
            ):
                break  # prose across the columns: the free text after the table
            i, row = _layout_role_row(texts, i, cols)
            if row is not None:
                rows.append(row)
            continue
        t = sub_placeholders(" ", texts[i])
        if not t.strip():
            i += 1
            continue
        split, used = _row_with_wrap(texts, i)
        if split is None:
            break
        rows.append(Deltaker(rolle=split[0], navn=split[1]))
        i += used
    return rows, list(content[i:])


def _without_placeholders(texts: Sequence[str]) -> list[str]:
    """The lines with every placeholder removed, also one that wrapped over two lines; the
    number of lines stays the same."""
    joined = sub_placeholders(lambda m: "\n" * m.group(0).count("\n"), "\n".join(texts))
    return joined.split("\n")


def _cells_one_per_line(texts: Sequence[str]) -> list[Deltaker]:
    """Rows extracted one cell per line (Rolle, Navn, Rolle, Navn …), placeholders dropped."""
    items = [
        t.strip() for t in _without_placeholders(texts) if t.strip() and not is_placeholder_piece(t)
    ]
    rows = []
    for k in range(0, len(items) - 1, 2):
        split = split_role_name(items[k] + "  " + items[k + 1])
        if split is None:
            break
        rows.append(Deltaker(rolle=split[0], navn=split[1]))
    return rows


def _layout_role_row(
    texts: Sequence[str], i: int, cols: Sequence[Col]
) -> tuple[int, Deltaker | None]:
    """A Rolle | Navn row of a layout page, with the lines that continue its cells."""
    _, rolle, navn = slice_columns(texts[i], cols)
    j = i + 1
    while j < len(texts) and texts[j].strip():
        _, r2, n2 = slice_columns(texts[j], cols)
        # a cell ending in "og", "i" … goes on below whatever the case ("… Hansen og" /
        # "Kari Nordmann")
        # a name cell wrapped inside the last person's name ("… Lien og Ola" /
        # "Nordby") beside a role that wrapped too: a person is named with two words
        cut_name = _one_word_person(navn) and len(n2.split()) == 1 and n2[:1].isupper()
        if (
            not all(c[:1].islower() for c in (r2, n2) if c)
            and not any(ends_open(c) for c in (rolle, navn))
            and not cut_name
        ):
            break
        rolle, navn = f"{rolle} {r2}".strip(), f"{navn} {n2}".strip()
        j += 1
    r, n = (
        None if c is None or is_placeholder_piece(c) else c for c in map(clean_value, (rolle, navn))
    )
    return j, (Deltaker(rolle=r, navn=n) if r is not None or n is not None else None)


def _row_with_wrap(
    texts: Sequence[str], i: int
) -> tuple[tuple[str | None, str | None] | None, int]:
    """The Rolle | Navn row at ``texts[i]``; a row whose cells wrapped onto the next lines
    is joined with them, as long as those lines are not rows of their own."""
    t = sub_placeholders(" ", texts[i]).strip()
    split = split_role_name(t)
    nxt = sub_placeholders(" ", texts[i + 1]).strip() if i + 1 < len(texts) else ""
    if split is not None and split[0] is not None and split[1] is not None:
        # the name cell wrapped: "… Kari Li og" / "Ola Hansen", "… Kari Li" / "og Ola Hansen"
        more = nxt.split()
        if more and valid_person([w for w in more if w.lower() not in CONNECT] or ["x"]):
            last = split[1].split()[-1]
            if last.lower() in CONNECT or last.endswith(",") or more[0].lower() in CONNECT:
                return (split[0], f"{split[1]} {nxt}"), 2
            if _one_word_person(split[1]) and len(more) <= 2 and _is_name_only(nxt):
                # "… Lien og Ola" / "Nordby": a line wrapped inside the last name;
                # a row of its own would have a role, and a person is named with two words
                return (split[0], f"{split[1]} {nxt}"), 2
        return split, 1
    if (
        split is not None
        and split[1] is None
        and nxt
        and is_role(nxt.split()[0])
        and (both := split_role_name(f"{t} {nxt}")) is not None
        and both[1] is not None
    ):
        return both, 2  # the role cell wrapped onto the next line
    joined = t
    for k in range(i + 1, min(i + 4, len(texts))):
        line = sub_placeholders(" ", texts[k]).strip()
        if not line:
            return split, 1
        alone = split_role_name(line)
        if alone is not None and alone[0] is not None and alone[1] is not None:
            break
        joined += " " + line
        both = split_role_name(joined)
        if both is not None and both[0] is not None and both[1] is not None:
            return both, k - i + 1
    return split, 1


def _one_word_person(navn: str) -> bool:
    """The last of the people named ends after one word ("Kari Li og Ola")."""
    words = navn.split()
    return len(words) >= 3 and words[-2].lower() in CONNECT and words[-1].lower() not in CONNECT


def _is_name_only(text: str) -> bool:
    """A line that is a name and nothing else (no role beside it)."""
    split = split_role_name(text)
    return split is not None and split[0] is None and split[1] is not None


# --- units -------------------------------------------------------------------------------------

_HEAD_FIRST = re.compile(r"^(?:Kommunale|Private|Offentlige|PP-?tjenester?|PPT)$", re.IGNORECASE)
_HEAD_OTHER = re.compile(r"^(?:barnehager|skoler|tjenester|PP-)$", re.IGNORECASE)


# "Dato: 01.12.2023": a label with its value, not a cell of the units table (whose heads are
# never followed by a colon)
_LABELLED_LINE_RE = re.compile(
    r"^\s*(?!(?:Kommunale|Private|Offentlige|PP|PPT)\b)[^\W\d][\w .]{0,30}:\s+\S"
)


def _enhet(token: str | None) -> Enhet:
    if token is None:
        return None
    t = token.strip()
    if not t or PH_RE.fullmatch(t):
        return None
    if re.fullmatch(r"\d{1,6}", t):
        return int(t)
    return t


def parse_enheter(lines: Sequence[Line]) -> Enheter:
    """The five counts: int where a number is written, the text where other text, else None."""
    out = Enheter()
    body = filled_lines(lines[1:])
    tabbed = [ln for ln in body if ln.cells is not None]
    values: list[Enhet]
    if tabbed:
        rows = [[strip_markup(c) for c in ln.cells] for ln in tabbed if ln.cells is not None]
        heads = [r for r in rows if any(_HEAD_FIRST.match(c.split()[0]) for c in r if c.split())]
        data = [r for r in rows if r not in heads and any(c.strip() for c in r)]
        if not data:
            return out
        cells = data[0]
        head = heads[0] if heads else []
        at = [i for i, c in enumerate(head) if c.split() and _HEAD_FIRST.match(c.split()[0])]
        if len(at) == 5 and len(cells) > max(at):
            cells = [cells[i] for i in at]  # the columns where the header has them
        elif len(cells) > 5:
            cells = cells[len(cells) - 5 :] if not any(c.strip() for c in cells[:-5]) else cells
        values = [_enhet(c) for c in cells][:5]
        values += [None] * (5 - len(values))
    else:
        texts = [line_text(ln) for ln in body]
        # a "Dato: …" (or other "label: value") line near the table is not one of its cells
        texts = [t for t in texts if not _LABELLED_LINE_RE.match(t)]
        values = _enheter_layout(texts) or _enheter_plain(" \n ".join(texts))
    for k, v in zip(ENHET_FELT, values, strict=True):
        setattr(out, k, v)
    return out


# "Kommuna" also finds the head a narrow column cut ("Kommunal" / "e", "Kommuna" / "le")
_UNIT_HEADS = ("Kommuna", "Private", "Offentlige", "Private", "PP")


def _enheter_layout(texts: Sequence[str]) -> list[Enhet] | None:
    """The counts of a table laid out by position (``pdftotext -layout``): each value under
    its column's head, so that an empty cell stays empty where it is."""
    cols = layout_columns(texts, _UNIT_HEADS)
    if cols is None:
        return None
    start = next(i for i, t in enumerate(texts) if re.search(r"\S {3,}\S", t)) + 1
    cells = [""] * len(cols)
    for t in texts[start:]:
        pieces = slice_columns(t, cols)[1:]
        if all(_head_piece(w) for p in pieces for w in p.split()):
            continue  # the heads' second line ("barnehager  barnehager  skoler …", "e  r")
        cells = [f"{c} {p}".strip() for c, p in zip(cells, pieces, strict=True)]
    values = [sub_placeholders(" ", c).strip() for c in cells]
    return [_enhet(v) if v and not is_placeholder_piece(v) else None for v in values]


def _enheter_plain(text: str) -> list[Enhet]:
    # tokens: a placeholder (one cell), a header word, or a value word
    toks: list[tuple[str, str]] = []
    pos = 0
    for m in PH_RE.finditer(text):
        toks += [_classify(w) for w in _glue_heads(text[pos : m.start()].split())]
        toks.append(("v", ""))
        pos = m.end()
    toks += [_classify(w) for w in _glue_heads(text[pos:].split())]
    result: list[Enhet] = [None] * 5
    filled = 0
    pending = 0
    run: list[str] = []

    def flush() -> None:
        nonlocal filled, pending, run
        if not run:
            return
        n = max(pending, 0) or (5 - filled)
        vals = list(run)
        while len(vals) > n and n > 0:
            # text cells of several words: join the last two non-numbers
            for j in range(len(vals) - 1, 0, -1):
                if not vals[j].isdigit() and not vals[j - 1].isdigit() and vals[j] and vals[j - 1]:
                    vals[j - 1 : j + 1] = [vals[j - 1] + " " + vals[j]]
                    break
            else:
                vals = vals[:n]
        lead = n - len(vals)  # fewer values than columns: the empty cells come first
        for j, v in enumerate(vals):
            k = filled + lead + j
            if k < 5:
                result[k] = _enhet(v or None)
        filled += n
        pending = 0
        run = []

    for kind, w in toks:
        if kind == "h":
            flush()
            pending += 1
        elif kind == "v":
            run.append(w)
    flush()
    return result


_HEAD_WORDS = ("kommunale", "private", "offentlige", "pp-tjenester", "barnehager", "skoler")


def _head_piece(word: str) -> bool:
    """A head's second line, or a piece of a head word a narrow column cut ("e", "barnehage",
    "r"): never a count."""
    w = word.lower()
    return bool(_HEAD_OTHER.match(word)) or (w.isalpha() and any(w in h for h in _HEAD_WORDS))


def _glue_heads(words: list[str]) -> list[str]:
    """The heads' words put together where a narrow column cut them ("Kommuna" / "le",
    "barnehag" / "er", "PP-" / "tjenester"), as ``pdftotext -raw`` writes them."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word, j = words[i], i + 1
        if not _HEAD_FIRST.match(word) and not word.isdigit():
            joined = word
            for k in range(i + 1, min(i + 3, len(words))):
                joined += words[k]
                if joined.lower() in _HEAD_WORDS:
                    word, j = joined, k + 1
                    break
                if not any(h.startswith(joined.lower()) for h in _HEAD_WORDS):
                    break
        out.append(word)
        i = j
    return out


def _classify(word: str) -> tuple[str, str]:
    if _HEAD_FIRST.match(word):
        return ("h", word)
    if _HEAD_OTHER.match(word):
        return ("o", word)
    return ("v", word)
