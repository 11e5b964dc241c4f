"""The contacts table of the header ("Kontaktpersoner:"): Eier | UH columns, one row a field.

``read_contacts(items, kontakt_k, stop)`` reads the rows below the "Kontaktpersoner:" line. The
table comes with its cells known (tabs, docx rows), with the cell boundary lost ("Navn Kari
Nordmann Per Hansen"), in a page layout that keeps the columns by position (pdftotext -layout),
or column by column (labels first, then the Eier column, then the UH column). Where boundaries
are lost, the kind of value decides: phone numbers have 8 digits, account numbers 11,
organisation numbers 9, names are capitalised words, and the "Kontaktpersoner:" line often
names the people. The rules are the form's; no document's content is known here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..record import Kontaktpersoner
from .prose import plain_value, strip_markup
from .source import Line
from .values import PLACEHOLDER_RE, clean_value

__all__ = ["COLUMN_HEAD_RE", "CONTACT_ROW_RE", "KONTAKT_RE", "read_contacts", "split_contact_row"]

_I = re.IGNORECASE
KONTAKT_RE = re.compile(r"^\s*Kontaktpersoner?\s*:?\s*", _I)
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
# group 1: the white space before the value (see _EMPTY_EIER_GAP)
CONTACT_ROW_RE = [
    (key, re.compile(r"^\s*(?:" + pat + r")(?![\wæøå])(?:\s*:)?(\s*)", _I))
    for key, pat in CONTACT_ROWS
]
COLUMN_HEAD_RE = re.compile(r"^\s*(?:Eier\s+(?:UH|Kompetansemiljø)|Eier|UH)\s*$", _I)
# A row whose cells were joined with single spaces shows an empty Eier cell as a double space
# after the label ("Funksjon  Dosent"); a page layout's gaps are wider and come again later.
_EMPTY_EIER_GAP = (2, 3)


def _name_hints(text: str) -> list[str]:
    """Names the "Kontaktpersoner:" line gives ("A og B", "A, B")."""
    t = clean_value(strip_markup(text)) or ""
    parts = re.split(r"\s+og\s+|\s*[,;&/]\s*|\s+and\s+", t)
    return [p.strip() for p in parts if p.strip()]


def _wrapped_names(items: list[tuple[int, Line]], k: int, stop: int) -> bool:
    """``items[k]`` is the end of a wrapped "Kontaktpersoner:" line: a few capitalised words
    directly above the table's column head or its first row label standing alone."""
    if k + 1 >= stop or items[k][1].cells is not None:
        return False
    words = strip_markup(items[k][1].text).split()
    head = strip_markup(items[k + 1][1].text)
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
        and not COLUMN_HEAD_RE.match(" ".join(words))
        and _row_key(" ".join(words)) is None
        and (
            bool(COLUMN_HEAD_RE.match(head))
            # or above the row labels written one per line (a table column by column)
            or (_row_key(head) is not None and head.strip() in _ROW_LABELS_ALONE)
        )
    )


_ROW_LABELS_ALONE = frozenset({"Navn", "Navn:"})


def read_contacts(items: list[tuple[int, Line]], kontakt_k: int, stop: int) -> Kontaktpersoner:
    first = strip_markup(items[kontakt_k][1].text) if kontakt_k >= 0 else ""
    m = KONTAKT_RE.match(first)
    begin = kontakt_k + 1
    if m and _wrapped_names(items, begin, stop):
        # the line wrapped ("… og Ann Margareth" / "Gustavsen") just above the table's head
        first = f"{first} {strip_markup(items[begin][1].text).strip()}"
        begin += 1
    hints = _name_hints(first[m.end() :]) if m else []
    # rows: key -> (cells known?, fragments)
    rows: dict[str, list[str]] = {}
    row_cells: dict[str, tuple[str, ...]] = {}
    order: list[str] = []
    current: str | None = None
    loose: list[str] = []  # values before any row label or after labels without values
    columns: tuple[int, int] | None = None  # where Eier and UH start in a page-layout text
    eier_empty: set[str] = set()  # rows written with an empty Eier cell
    for line in _rows_apart([items[k][1] for k in range(begin, stop)]):
        t = strip_markup(line.text)
        if COLUMN_HEAD_RE.match(t) and (line.cells is None or not line.cells[0].strip()):
            columns = _layout_head(line.text) or columns
            continue
        if columns is not None and line.cells is None:
            apart = _gap_cells(line.text)
            if apart is not None:
                line = Line(line.text, apart)
            elif _label_ends_before(line.text, columns[0]):
                line = Line(line.text, cut_at(line.text, columns))
            # else: the heads stand elsewhere than the values (a text indented by its
            # converter); the row is read as a text row
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
        gap = ""
        for rk, rx in CONTACT_ROW_RE:
            m = rx.match(t)
            if m:
                key, rest, gap = rk, t[m.end() :], m.group(1)
                break
        if key is not None:
            current = key
            if key not in order:
                order.append(key)
            rows.setdefault(key, [])
            if rest.strip():
                rows[key].append(rest)
                lo, hi = _EMPTY_EIER_GAP
                if (
                    columns is None  # a page layout: the gaps are its own
                    and lo <= len(gap) <= hi
                    and gap == " " * len(gap)
                    and "  " not in rest.strip()
                ):
                    eier_empty.add(key)
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
            e = plain_value(cells[1]) if len(cells) > 1 else None
            u = plain_value(" ".join(cells[2:])) if len(cells) > 2 else None
        elif key in eier_empty:
            e, u = None, plain_value(" ".join(glue_fragments(rows[key])))
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
    values = glue_fragments([v for v in values if v.strip()])
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
                setattr(out.eier, key, plain_value(e))
                setattr(out.uh, key, plain_value(u))
            return
    if len(values) == nkeys:
        for i, key in enumerate(order):
            setattr(out.eier, key, plain_value(values[i]))
        return
    # an uneven count: give each row what its kind of value reveals
    for key in order:
        found = [v for v in values if _kind_of(v) == key]
        if found:
            setattr(out.eier, key, plain_value(found[0]))
            if len(found) > 1:
                setattr(out.uh, key, plain_value(found[1]))


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
                text = " ".join(glue_fragments(values[j - k : j]))
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
        cells.append(" ".join(glue_fragments(values[j - k : j])))
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


# A later row's label inside a line, as the form writes it (capital, after a space)
_LATER_LABEL_RE = [
    re.compile(r"\s(?:" + pat + r")(?![\wæøå])(?:\s*:)?\s+(?=\S)") for _, pat in CONTACT_ROWS
]


def _rows_apart(lines: list[Line]) -> list[Line]:
    """A row's line that runs on into the next row's label ("Navn A B" and "Funksjon C D"
    joined by a PDF's paragraph rejoining where LibreOffice printed the rows as paragraphs
    without spacing) cut before that label; only a label of a row that comes later in the
    form, so a value is never cut at its own row's label."""
    out: list[Line] = []
    for line in lines:
        while line.cells is None:
            own = next((i for i, (_, rx) in enumerate(CONTACT_ROW_RE) if rx.match(line.text)), None)
            if own is None:
                break
            cut = min(
                (m.start() for rx in _LATER_LABEL_RE[own + 1 :] if (m := rx.search(line.text))),
                default=None,
            )
            if cut is None:
                break
            out.append(Line(line.text[:cut].rstrip()))
            line = Line(line.text[cut:].lstrip(), None, line.end)
        out.append(line)
    return out


_GAP_RE = re.compile(r"\s{2,}|\t")


def _gap_cells(text: str) -> tuple[str, str, str] | None:
    """A row's label, then its Eier and UH values apart by a wide gap: the cells, wherever
    they start (tab stops expanded by a browser or a text viewer do not line up with the
    heads). None when the values are not two pieces (an empty cell, a wrapped value)."""
    t = text.strip()
    for _key, rx in CONTACT_ROW_RE:
        m = rx.match(t)
        if m:
            pieces = _GAP_RE.split(t[m.end() :].strip())
            if len(pieces) == 2 and all(pieces):
                return t[: m.end()].strip(), pieces[0], pieces[1]
            return None
    return None


def _label_ends_before(text: str, start: int) -> bool:
    """The row's label (if the line starts with one) ends before the Eier column starts."""
    for _key, rx in CONTACT_ROW_RE:
        m = rx.match(text)
        if m:
            return m.end() - len(m.group(1)) <= start
    return True


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
    for key, rx in CONTACT_ROW_RE:
        m = rx.match(label)
        if m and not label[m.end() :].strip():
            return key
    return None


def _join_fragment(a: str, b: str) -> str:
    if not b.strip():
        return a
    if not a.strip():
        return b
    return " ".join(glue_fragments([a.rstrip(), b.strip()]))


def glue_fragments(frags: list[str]) -> list[str]:
    """Join pieces of one value that an extraction broke over lines (an e-mail, a word)."""
    out: list[str] = []
    for f in frags:
        s = f.strip()
        if out:
            prev = out[-1]
            if (
                "@" in prev
                and "@" not in s
                and " " not in s
                and (_email_unfinished(prev) or _domain_cut(prev, s))
            ):
                out[-1] = prev + s
                continue
            if (
                len(s) <= 2 and s.isalpha() and prev[-1:].isalpha() and not f[:1].isspace()
            ) or _code_cut(prev, s):
                out[-1] = prev + s
                continue
        out.append(s)
    return out


# a code of dotted parts with digits, cut inside a part of letters ("….310.AB")
_CODE_RE = re.compile(r"^(?=[^.]*\d)[\w/-]+(?:\.[\w/-]+)+\.[A-ZÆØÅ]+$")
_CODE_REST_RE = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ0-9./-]*$")


def _code_cut(prev: str, rest: str) -> bool:
    """A reference code without spaces cut by the cell's edge ("40123.5500.310.AB" /
    "CDEF"): the rest, in capitals and digits, goes on without a space."""
    return bool(_CODE_RE.match(prev) and len(prev) >= 12 and _CODE_REST_RE.match(rest))


def _domain_cut(prev: str, rest: str) -> bool:
    """An address whose domain was cut before its end ("…@eksempel.kommu" / "ne.no")."""
    return not _TLD_RE.search(prev.split()[-1]) and bool(_TLD_RE.search(rest))


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
    dash = _dash_split(text)
    if dash is not None:
        return dash
    if key == "epost":
        return _split_emails(frags)
    if key in ("telefon", "kontonr", "orgnr"):
        width = {"telefon": 8, "kontonr": 11, "orgnr": 9}[key]
        return _split_numbers(" ".join(glue_fragments(frags)), width)
    glued = " ".join(glue_fragments(frags))
    words = glued.split()
    if len(words) < 2:
        return plain_value(glued), None
    if key == "navn":
        return _split_names(words, hints, [_email_name_parts(e) for e in emails])
    # the same text in both cells ("Lesing for alle Lesing for alle")
    if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
        half = " ".join(words[: len(words) // 2])
        return half, half
    cut = _best_text_cut(words, key)
    return plain_value(" ".join(words[:cut])), plain_value(" ".join(words[cut:]))


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


# A dash written as the answer ("-", "--") fills its cell: it is the boundary, not part of a value.
_DASH_ANSWERS = frozenset({"-", "--", "---", "–", "—"})


def _dash_split(text: str) -> tuple[str | None, str | None] | None:
    """A row whose first or last word is a dash answer: that cell is the dash."""
    words = text.split()
    if len(words) < 2:
        return None
    if words[0] in _DASH_ANSWERS and words[-1] not in _DASH_ANSWERS:
        return words[0], plain_value(" ".join(words[1:]))
    if words[-1] in _DASH_ANSWERS and words[0] not in _DASH_ANSWERS:
        return plain_value(" ".join(words[:-1])), words[-1]
    if len(words) == 2 and words[0] in _DASH_ANSWERS:
        return words[0], words[1]
    return None


def _split_emails(frags: Sequence[str]) -> tuple[str | None, str | None]:
    # a space inside one line separates two values; only a line break may cut an address
    tokens: list[str] = []
    line_start: list[bool] = []
    for f in frags:
        for j, tok in enumerate(f.split()):
            tokens.append(tok)
            line_start.append(j == 0)
    joined: list[str] = []
    for i, tok in enumerate(tokens):
        if "@" in tok or not joined:
            if (
                joined
                and "@" not in joined[-1]
                and (line_start[i] or tok.startswith("@"))
                and not _dotted_address(joined[-1])
            ):
                # a local part broken before its "@": "kari.nord" + "mann@…"
                joined[-1] = joined[-1] + tok
            else:
                joined.append(tok)
            continue
        prev = joined[-1]
        # an address on the same line cannot continue ``tok`` (a space ends a value)
        nxt_has_at = i + 1 < len(tokens) and "@" in tokens[i + 1] and line_start[i + 1]
        wrapped = line_start[i] and not nxt_has_at and not _another_address(prev, tok)
        # a domain cut before its end ("…@eksempel.kommu" / "ne.no"): the line ends the address
        wrapped = wrapped or (line_start[i] and _domain_cut(prev, tok))
        if "@" in prev and (_email_unfinished(prev) or tok.startswith(".") or wrapped):
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
    return plain_value(" ".join(joined)), None


_TLD_RE = re.compile(r"\.(?:no|com|org|net|se|dk|eu|edu|uk|nu|info)$", _I)


def _another_address(prev: str, tok: str) -> bool:
    """``tok`` on the next line is a second address (its "@" mistyped), not ``prev``'s rest:
    ``prev`` ends in a complete domain and ``tok`` has an address's dotted shape."""
    return bool(_TLD_RE.search(prev)) and _dotted_address(tok)


def _dotted_address(tok: str) -> bool:
    """An address's shape without its "@" ("kari.nordmann.kommune.no")."""
    return bool(_TLD_RE.search(tok)) and tok.count(".") >= 2 and tok[:1].isalnum()


_NUM_PART_RE = re.compile(r"\+?\d[\d.\-]*")


def _split_numbers(text: str, width: int) -> tuple[str | None, str | None]:
    """Two numbers of ``width`` digits written with spaces: cut where the first is complete."""
    tokens = text.split()
    if not tokens:
        return None, None
    if len(tokens) > 1 and _numeric(tokens):
        # digit groups only: a number one digit short or long (a typo) must not take its
        # neighbour's digits
        near = _near_cut(tokens, width)
        if near is not None:
            return _cut_numbers(tokens, near)
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
        return tokens[0], plain_value(" ".join(tokens[1:]))
    return plain_value(text), None


def _cut_numbers(tokens: Sequence[str], cut: int) -> tuple[str | None, str | None]:
    # a separator written between the two numbers belongs to neither
    first = " ".join(tokens[:cut]).rstrip(" /,;")
    second = " ".join(tokens[cut:]).lstrip(" /,;")
    return first or None, second or None


def _numeric(tokens: Sequence[str]) -> bool:
    return all(re.fullmatch(r"\+?[\d.\-]*\d[\d.\-]*", t) for t in tokens)


def _near_cut(tokens: Sequence[str], width: int) -> int | None:
    """The cut of a row of digit groups into two numbers each within one digit of ``width``.

    The shape of the groups decides, not their validity: the cut that makes both numbers
    complete wins, then the one where only the Eier number (written first, the one a typo is
    seen in) is off by a digit, then any other within a digit of the width.
    """
    counts = [len(re.sub(r"\D", "", t)) for t in tokens]
    best: tuple[tuple[int, int, int], int] | None = None
    for cut in range(1, len(tokens)):
        if tokens[cut - 1] in ("+47", "0047"):
            continue  # a country code begins a number
        left = sum(counts[:cut]) - (2 if width == 8 and _has_code(tokens[0]) else 0)
        right = sum(counts[cut:]) - (2 if width == 8 and _has_code(tokens[cut]) else 0)
        dl, dr = abs(left - width), abs(right - width)
        if dl > 1 or dr > 1:
            continue
        rank = (dl + dr, dr, -cut)
        if best is None or rank < best[0]:
            best = (rank, cut)
    return None if best is None else best[1]


def _has_code(token: str) -> bool:
    return token.startswith(("+47", "0047"))


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
