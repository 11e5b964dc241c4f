"""Parser for the lokal-2024 generation: header, one section per "Tiltak N", tail.

The header (``header.py``) and the tail (``tail.py``) are shared with kollektiv-2026; this module
reads the body. Each section starts at a "Tiltak N" line (N need not start at 1) or, where that
line is missing, at "Navn på tiltak". Inside a section the form's prompts are found in any
order, also where the extraction wrapped a prompt over two lines; the text between one prompt
and the next is that prompt's answer. Text standing where a deleted prompt stood (after the
"Hva skal tilskuddet brukes til?" answer, with no forankring prompt) belongs to that prompt's
field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import NamedTuple

from ..record import Behovsmelding, Tiltak, Videreforing
from .cells import is_placeholder_piece
from .header import parse_header
from .prose import is_noise, is_url_tail, lines_holding, prose, strip_markup
from .reading import note_unreadable
from .source import Line
from .tail import find_tail_start, parse_tail
from .values import (
    BOX_RE,
    PLACEHOLDER_RE,
    amount_row,
    box_after,
    boxes_to_labels,
    clean_value,
    is_placeholder,
    is_placeholder_residue,
    strip_placeholders,
)

__all__ = ["parse_lokal2024", "parse_tiltak"]

_I = re.IGNORECASE

# The form's prompts, in the form's order: (field, prompt text).
PROMPTS: tuple[tuple[str, str], ...] = (
    ("navn", "Navn på tiltak:"),
    ("fordeles", "Tilskuddet fordeles"),
    ("formaal", "Hva skal tilskuddet brukes til?"),
    (
        "forankring",
        "Beskriv hvordan tiltaket er forankret i den enkelte barnehage og skole på en måte som "
        "involverer ansatte og ledere, og i faglig dialog med UH",
    ),
    (
        "kollektive_prosesser",
        "Beskriv hvordan tiltakene skal fremme kollektive prosesser for profesjonsutvikling som "
        "utvikler barnehagen eller skolen",
    ),
    ("laererutdanning", "Beskriv hvordan dette samarbeidet bidrar til å styrke lærerutdanningen"),
    ("langsiktig_plan", "Beskriv hvordan dette tiltaket er forankret i langsiktig plan"),
    ("eiers_bruk", "Eiers tilskudd skal brukes på følgende måte"),
    ("uh_bruk", "UH sitt tilskudd skal brukes på følgende måte"),
    ("koordinator", "Det er behov for å bruke midler til koordinator for dette tiltaket?"),
    ("varighet", "Tiltakets varighet"),
    ("videreforing", "Dersom tiltak ønskes videreført etter vår 2025 gi anslag på behov"),
    ("maalgruppe", "Hvem er målgruppa for tiltaket?"),
)
_ORDER = {key: i for i, (key, _) in enumerate(PROMPTS)}
_TEXT_FIELDS = (
    "forankring",
    "kollektive_prosesser",
    "laererutdanning",
    "langsiktig_plan",
    "eiers_bruk",
    "uh_bruk",
)
FORMAAL_OPTIONS = (
    ("vurdering", "Vurdering/analyse"),
    ("planlegging", "Planlegging av tiltak"),
    ("gjennomforing", "Gjennomføring av tiltak"),
)
TILTAK_RE = re.compile(r"^\s*Tiltak\s+(?:nr\.?\s*)?(\d{1,3})\s*[:.]?\s*$", _I)
# "Tiltak 3: Lesing" as the section's heading line: taken when "Navn på tiltak" follows
_TILTAK_HEAD_RE = re.compile(r"^\s*Tiltak\s+(?:nr\.?\s*)?(\d{1,3})\s*[:.–-]\s*\S", _I)
_BEGRUNN_RE = re.compile(r"^\s*Begrunn(?:else|\s+behovet)?\s*:?\s*", _I)
_PERIOD_RE = re.compile(r"^\s*((?:Høst|Vår|Host|Var)\s+20\d{2}|20\d{2})(?!\d)\s*", _I)
_VIDERE_HEAD_RE = re.compile(r"^\s*Eier\s+Begrunnelse\s+UH\s+Begrunnelse\s*$", _I)
_VARIGHET_ITEM_RE = re.compile(r"(Vår|Høst|Var|Host)\s*(20\d{2})|Videre", _I)
# the continuation table's column heads, standing alone where an extraction scattered the table
_TABLE_WORDS = frozenset({"eier", "begrunnelse", "uh"})
_HEAD_FIRST = frozenset("EUB \t")
_TABLE_HEAD_LINE_RE = re.compile(r"^\s*(?:(?:Eier|UH|Begrunnelse)\s*)+$")
_WORD_RE = re.compile(r"[\wæøåÆØÅ]+")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text)]


_PROMPT_WORDS = {key: _words(p) for key, p in PROMPTS}
# how many leading words identify a prompt at the start of a line
_KEY_LEN = {key: min(len(w), 4) for key, w in _PROMPT_WORDS.items()}


class _Item(NamedTuple):
    text: str
    cells: tuple[str, ...] | None
    prompt: str | None  # the form prompt this line starts with, if any
    end: bool = False  # the document marks a paragraph's end after it (``Line.end``)


def parse_lokal2024(lines: Sequence[Line]) -> Behovsmelding:
    record = Behovsmelding(skjema="lokal-2024")
    head = parse_header(lines)
    head.apply(record)
    tail_start = find_tail_start(lines, head.body_start)
    end = tail_start if tail_start is not None else len(lines)
    record.kommentar = _kommentar(lines[head.body_start : end])
    record.tiltak = parse_tiltak(lines[head.body_start : end])
    if tail_start is not None:
        parse_tail(lines, tail_start).apply(record)
    return record


_KOMMENTAR_RE = re.compile(r"^\s*Ev\.?\s+kommentar(?:\s+fra\s+innsender)?\s*:?\s*", _I)


def _kommentar(lines: Sequence[Line]) -> str | None:
    """ "Ev. kommentar fra innsender" where an author kept it between the budget and Tiltak 1."""
    for i, line in enumerate(lines[:40]):
        m = _KOMMENTAR_RE.match(line.text)
        if m is None:
            continue
        texts = [line.text[m.end() :]]
        for nxt in lines[i + 1 :]:
            if TILTAK_RE.match(nxt.text) or _prompt_at(nxt.text) is not None:
                break
            texts.append(nxt.text)
        return prose(texts)
    return None


# tuple.__new__ bound to _Item: a NamedTuple's own constructor costs a Python call per line
_new_item: Callable[[tuple[str, tuple[str, ...] | None, str | None, bool]], _Item] = partial(
    tuple.__new__, _Item
)


def _prepare(lines: Sequence[Line]) -> list[_Item]:
    out: list[_Item] = []
    url = ""  # the last address line, whose wrapped tail may follow
    # the lines holding a prompt's first two words (a few of thousands)
    inside = set(lines_holding(lines, _PROMPT_HEADS))
    for i, line in enumerate(lines):
        raw = line.text
        if not raw or raw.isspace():
            continue
        if is_noise(raw):
            url = raw
            continue
        if url and is_url_tail(raw, url):
            continue
        url = ""
        cells = tuple(strip_markup(c) for c in line.cells) if line.cells is not None else None
        text = strip_markup(raw)
        prompt = _prompt_at(text)
        if (
            cells is None
            and text[:1] in _HEAD_FIRST
            and _TABLE_HEAD_LINE_RE.match(text)
            and " " not in text.strip()
        ):
            continue  # a lone column head of a table the extraction scattered
        if (
            prompt is None
            and cells is None
            and (i in inside if text is raw else _maybe_prompt_inside(text))
        ):
            m = _PROMPT_ANY_RE.search(text, 1)
            if m and text[: m.start()].strip() and text[m.start() - 1] in " ,.;:-\t" + "0123456789":
                head = text[: m.start()]
                out.append(_new_item((head, None, _prompt_at(head), False)))
                text = text[m.start() :]
                prompt = _prompt_at(text)
        out.append(_new_item((text, cells, prompt, line.end)))
    return out


def parse_tiltak(lines: Sequence[Line]) -> list[Tiltak]:
    """Every "Tiltak N" section in ``lines`` (the body between header and tail)."""
    items = _prepare(lines)
    starts: list[tuple[int, int | None]] = []
    for k, it in enumerate(items):
        # both patterns start with "Tiltak": a cheap test first, as this runs for every line
        m = TILTAK_RE.match(it.text) if it.text.lstrip()[:1] in "Tt" else None
        if m is None and it.text.lstrip()[:1] in "Tt":
            m = _TILTAK_HEAD_RE.match(it.text)
            if m is not None and all(x.prompt != "navn" for x in items[k + 1 : k + 3]):
                m = None
        if m:
            starts.append((k, int(m.group(1))))
        elif it.prompt == "navn" and not (
            starts and k - starts[-1][0] <= 2 and not _has_navn(items, starts[-1][0], k)
        ):
            starts.append((k, None))
    out: list[Tiltak] = []
    for j, (k, nr) in enumerate(starts):
        stop = starts[j + 1][0] if j + 1 < len(starts) else len(items)
        body = items[k + 1 : stop] if nr is not None else items[k:stop]
        out.append(_section(nr, body))
    return out


def _has_navn(items: list[_Item], a: int, b: int) -> bool:
    return any(items[i].prompt == "navn" for i in range(a, b))


# one pattern for every prompt's leading words: a line is tested once, not once per prompt
_PROMPT_START_RE = re.compile(
    r"^[^\wæøåÆØÅ]*(?:"
    + "|".join(
        f"(?P<{key}>" + r"[^\wæøåÆØÅ]+".join(re.escape(w) for w in pw[: _KEY_LEN[key]]) + ")"
        for key, pw in _PROMPT_WORDS.items()
    )
    + r")(?![\wæøåÆØÅ])",
    _I,
)


# the same prompts anywhere in a line, for extractions that ran a prompt onto the line before
_PROMPT_ANY_RE = re.compile(
    "|".join(
        r"[^\wæøåÆØÅ]+".join(re.escape(w) for w in pw[: _KEY_LEN[key]])
        for key, pw in _PROMPT_WORDS.items()
        if _KEY_LEN[key] >= 4
    ),
    _I,
)


# the first two words of those prompts: a substring test is far cheaper than the pattern
# the first two words of those prompts: substring tests are far cheaper than the pattern
_PROMPT_HEADS = tuple(
    sorted({" ".join(pw[:2]) for key, pw in _PROMPT_WORDS.items() if _KEY_LEN[key] >= 4})
)
# the first words of all prompts, to test a line's first word before the pattern
_PROMPT_FIRST = frozenset(pw[0] for pw in _PROMPT_WORDS.values())


def _maybe_prompt_inside(text: str) -> bool:
    low = text.lower()
    # a plain loop: twice as fast as any() over a generator, and this runs for every line
    for head in _PROMPT_HEADS:  # noqa: SIM110
        if head in low:
            return True
    return False


_PROMPT_INITIALS = frozenset(
    c for pw in _PROMPT_WORDS.values() for c in (pw[0][0], pw[0][0].upper())
)


def _prompt_at(text: str) -> str | None:
    if text.lstrip(" \t:.*_-–•")[:1] not in _PROMPT_INITIALS:
        return None
    first = text.split(None, 1)[:1]
    if not first or first[0].lower().strip(":.*_-–•") not in _PROMPT_FIRST:
        return None
    m = _PROMPT_START_RE.match(text)
    return m.lastgroup if m else None


def _consume_prompt(items: list[_Item], k: int, key: str) -> tuple[int, str]:
    """Skip the prompt starting at ``items[k]`` (maybe wrapped); → (next index, text after it)."""
    pw = _PROMPT_WORDS[key]
    pos = 0  # words of the prompt matched so far
    j = k
    while j < len(items):
        text = items[j].text
        cut = 0
        for m in _WORD_RE.finditer(text):
            if pos < len(pw) and m.group(0).lower() == pw[pos]:
                pos += 1
                cut = m.end()
            else:
                break
        else:
            if pos < len(pw) and j + 1 < len(items):
                # the prompt may go on on the next line (and the next: a narrow layout)
                nxt = _words(items[j + 1].text)
                n = min(2, len(pw) - pos, len(nxt))
                if nxt and nxt[:n] == pw[pos : pos + n]:
                    j += 1
                    continue
            return j + 1, text[cut:]
        return j + 1, text[cut:]
    return j, ""


def _rest(text: str) -> str:
    return text.lstrip(" :?.-–\t")


_Answers = dict[str, tuple[str, list[_Item]]]


def _answers(items: list[_Item]) -> _Answers:
    """Each prompt found in a section → (text after it on its line, the lines up to the next)."""
    found: list[tuple[int, str, int, str]] = []  # (line, key, first answer line, rest of line)
    seen: set[str] = set()
    k = 0
    while k < len(items):
        key = items[k].prompt
        if key is not None and key not in seen:
            nxt, rest = _consume_prompt(items, k, key)
            found.append((k, key, nxt, _rest(rest)))
            seen.add(key)
            k = nxt
            continue
        k += 1
    answers: _Answers = {}
    for i, (_, key, first, rest) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(items)
        answers[key] = (rest, items[first:stop])
    return answers


def _section(nr: int | None, items: list[_Item]) -> Tiltak:
    t = Tiltak(nr=nr)
    answers = _answers(items)
    if "navn" in answers:
        rest, body = answers["navn"]
        t.navn = clean_value(" ".join([rest, *(b.text for b in body)]))
    if "fordeles" in answers:
        rest, body = answers["fordeles"]
        _fordeles(t, rest, body)
    orphan = _read_formaal(t, answers)
    for key in _TEXT_FIELDS:
        if key in answers:
            rest, body = answers[key]
            setattr(t, key, prose([rest, *_marked(body)], prepared=True))
    if orphan and "forankring" not in answers:
        # the forankring prompt deleted, its answer left in its place
        t.forankring = prose(orphan, prepared=True)
    if "koordinator" in answers:
        _read_koordinator(t, *answers["koordinator"])
    if "varighet" in answers:
        rest, body = answers["varighet"]
        text = " ".join([rest, *(b.text for b in body if _VARIGHET_ITEM_RE.search(b.text))])
        t.varighet = _varighet(text)
    if "videreforing" in answers:
        t.videreforing = _videreforing(answers["videreforing"][1])
    if "maalgruppe" in answers:
        rest, body = answers["maalgruppe"]
        texts = [Line(rest), *_marked(body)]
        if "videreforing" in answers:
            texts = _without_period_labels(texts)
        # the pieces of the continuation table's wrapped placeholders that an extraction
        # moved below the prompt ("her for å skrive" / "inn tekst.")
        texts = [ln for ln in texts if not is_placeholder_piece(ln.text)]
        t.maalgruppe = prose(texts, prepared=True)
    return t


def _marked(body: list[_Item]) -> list[Line]:
    """The answer's lines with the paragraph ends the document marks, for ``prose``."""
    return [Line(b.text, None, b.end) for b in body]


def _without_period_labels(texts: list[Line]) -> list[Line]:
    """The target group's lines without a row label of the continuation table ("Høst 2025")
    in front: a text extraction that reads the table column by column may put one below the
    next prompt. A period alone is never a target group."""
    out = _without_table_heads(texts)
    while True:
        k = next((i for i, t in enumerate(out) if t.text.strip()), None)
        if k is None or not _PERIOD_RE.fullmatch(out[k].text.strip() + " "):
            return out
        del out[k]


_CONTINUATION_HEADS = frozenset({"eier", "uh", "begrunnelse"})


def _without_table_heads(texts: list[Line]) -> list[Line]:
    """Lines without the continuation table's column heads ("UH", "Begrunnelse", also cut in
    two by a narrow column: "Begrunnel" / "se"), which an extraction column by column may
    put below the next prompt: a head alone is never a target group."""
    out: list[Line] = []
    skip = False
    for i, ln in enumerate(texts):
        if skip:
            skip = False
            continue
        t = ln.text.strip().lower()
        if t in _CONTINUATION_HEADS:
            continue
        nxt = texts[i + 1].text.strip().lower() if i + 1 < len(texts) else ""
        if t and nxt and t + nxt in _CONTINUATION_HEADS and " " not in t + nxt:
            skip = True
            continue
        out.append(ln)
    return out


def _read_formaal(t: Tiltak, answers: _Answers) -> list[Line]:
    """The dropdown's value; returns the text after it (an answer whose prompt was deleted)."""
    if "formaal" not in answers:
        return []
    rest, body = answers["formaal"]
    value = rest
    texts = [b.text for b in body]
    if not clean_value(value) and texts and _formaal(texts[0]) is not None:
        value = texts.pop(0)
    elif not clean_value(value) and texts and is_placeholder(texts[0]):
        texts.pop(0)
    t.formaal = _formaal(value)
    # an extraction that ran the split's last cells past this prompt: "Sum totalt" / amount
    if texts and re.match(r"^\s*Sum\s+totalt\s*$", texts[0], _I) and "fordeles" in answers:
        late = texts[1:2] if len(texts) > 1 and re.search(r"\d", texts[1]) else []
        frest, fbody = answers["fordeles"]
        _fordeles(t, frest, [*fbody, *(_Item(x, None, None) for x in ["Sum totalt", *late])])
        texts = texts[1 + len(late) :]
    return _marked(body[len(body) - len(texts) :])  # only lines in front were taken


def _read_koordinator(t: Tiltak, rest: str, body: list[_Item]) -> None:
    """ "…koordinator for dette tiltaket? Ja ☒", then "Begrunn" and the justification."""
    texts = [b.text for b in body]
    box_text = rest
    if not _has_box_word(rest) and texts and re.match(r"^\s*(Ja|Nei)\b", texts[0], _I):
        box_text = texts.pop(0)
    # a line wrapped between "Ja"/"Nei" and its box: the box starts the next line
    while texts and _BOX_FIRST_RE.match(texts[0]) and _ja(box_text) is None:
        box_text += " " + texts.pop(0)
    t.koordinator = _ja(box_text)
    after = _strip_box_words(box_text)
    m = _BEGRUNN_RE.match(texts[0]) if texts else None
    if m:
        texts[0] = texts[0][m.end() :]
    else:
        m = _BEGRUNN_RE.match(after)
        if m:
            after = after[m.end() :]
    # only lines in front were taken (the first one's "Begrunn" cut off)
    left = body[len(body) - len(texts) :]
    kept = [Line(x, None, b.end) for x, b in zip(texts, left, strict=True)]
    t.koordinator_begrunnelse = prose([Line(after), *kept], prepared=True)


def _fordeles(t: Tiltak, rest: str, body: list[_Item]) -> None:
    amounts: list[str] = []
    cells: tuple[str, ...] | None = None
    texts = [rest] if rest.strip() else []
    rows = [(x, None) for x in texts] + [(b.text, b.cells) for b in body]
    head_done = False
    for text, c in rows:
        if not head_done:
            m = re.search(r"Sum\s+totalt|Totalt", text, _I)
            if m:
                head_done = True
                text = text[m.end() :]
                c = None
            elif re.match(r"^\s*(?:Eier|UH)\b", text, _I) and not re.search(r"\d", text):
                continue
        if c is not None and len([x for x in c if x.strip()]) >= 2 and cells is None:
            cells = tuple(c)
            continue
        if text.strip():
            amounts.append(text)
    if cells is not None:
        vals = list(cells)
        if len(vals) > 3 and not vals[0].strip():
            vals = vals[1:]
        row = amount_row("", vals[:3] if len(vals) >= 3 else [*vals, "", ""][:3])
    else:
        row = amount_row(" ".join(a.strip() for a in amounts))
    t.eier, t.uh, t.totalt = row.eier, row.uh_sum, row.totalt
    for col, raw in row.uleselig:
        note_unreadable(t, col, raw)


def _formaal(text: str) -> str | None:
    v = clean_value(text)
    if v is None:
        return None
    v = v.strip(" .:")
    low = v.lower()
    for key, label in FORMAAL_OPTIONS:
        if low == label.lower():
            return key
    best: tuple[float, str | None] = (0.0, None)
    for key, label in FORMAAL_OPTIONS:
        ratio = difflib.SequenceMatcher(None, low, label.lower()).ratio()
        if ratio > best[0]:
            best = (ratio, key)
    if best[0] >= 0.6:
        return best[1]
    # the first word alone (an option cut short, or with words added)
    first = low.split()[0] if low.split() else ""
    for key, label in FORMAAL_OPTIONS:
        head = label.lower().split()[0].split("/")[0]
        if difflib.SequenceMatcher(None, first.split("/")[0], head).ratio() >= 0.8:
            return key
    return None


_BOX_FIRST_RE = re.compile(r"^\s*(?:" + BOX_RE.pattern + r")")


def _has_box_word(text: str) -> bool:
    return bool(re.search(r"\b(?:Ja|Nei)\b", text, _I))


_JA_NEI_RE = re.compile(r"\b(?:Ja|Nei)\b", _I)


def _ja(text: str) -> bool | None:
    text = boxes_to_labels(text, _JA_NEI_RE)
    ja = box_after(text, "Ja")
    nei = box_after(text, "Nei")
    if ja is True:
        return True
    if ja is False or nei is True:
        return False
    return None


# "Ja ☒", "Nei [ ]", a typed "x", or a "?" where an encoding without the box glyphs (cp1252)
# put one: the state is unknown then, and the "?" is no justification
_BOX_WORDS_RE = re.compile(
    r"^\s*(?:(?:Ja|Nei)\s*(?:☒|☐|☑|□|■|\[[xX ]?\]|[xX](?![\wæøå])|\?(?!\S))?\s*)+", _I
)


def _strip_box_words(text: str) -> str:
    return _BOX_WORDS_RE.sub("", text, count=1)


def _varighet(text: str) -> list[str] | None:
    out: list[str] = []
    seen_box = False
    text = boxes_to_labels(text, _VARIGHET_ITEM_RE)
    for m in _VARIGHET_ITEM_RE.finditer(text):
        state = box_after(text, m.group(0), start=m.start())
        if state is None:
            continue
        seen_box = True
        if state:
            if m.group(1):
                season = "V" if m.group(1).lower() in ("vår", "var") else "H"
                out.append(f"{season}{m.group(2)}")
            else:
                out.append("videre")
    return out if seen_box else None


# --- the continuation table ----------------------------------------------------------------------


def _videreforing(body: list[_Item]) -> list[Videreforing]:
    rows: list[tuple[str, list[str], list[str] | None]] = []  # (periode, texts, cells)
    head: list[int] | None = None  # column starts of a page-layout text
    for it in body:
        if _VIDERE_HEAD_RE.match(it.text):
            if re.search(r"\S\s{3,}\S", it.text.strip()):
                head = [m.start() for m in re.finditer(r"\S+", it.text)]
            continue
        if it.cells is not None:
            cells = list(it.cells)
            if cells and _PERIOD_RE.fullmatch(cells[0].strip() + " "):
                rows.append((_period(cells[0]), [], [c for c in cells[1:]]))
                continue
            prev_cells = rows[-1][2] if rows else None
            if not cells[0].strip() and prev_cells is not None:
                prev: list[str] = prev_cells
                for i, c in enumerate(cells[1:]):
                    if i < len(prev):
                        prev[i] = (prev[i].rstrip() + " " + c.strip()).strip()
                    else:
                        prev.append(c)
                continue
            if all(re.fullmatch(r"\s*(?:Eier|UH|Begrunnelse)?\s*", c, _I) for c in cells):
                continue
        m = _PERIOD_RE.match(it.text)
        if m:
            first = " " * m.end() + it.text[m.end() :] if head is not None else it.text[m.end() :]
            rows.append((_period(m.group(1)), [first], None))
        elif rows:
            rows[-1][1].append(it.text)
    out: list[Videreforing] = []
    for periode, texts, row_cells in rows:
        if row_cells is None and is_placeholder_residue(" ".join(texts), _TABLE_WORDS):
            continue
        if row_cells is None and head is not None:
            row_cells = _layout_cells(texts, head[1:])
        vals = _cells4(row_cells) if row_cells is not None else _split_videre(texts)
        v = Videreforing(periode, *vals)
        if any(x is not None for x in vals):
            out.append(v)
    return out


def _layout_cells(texts: list[str], heads: list[int]) -> list[str] | None:
    """The cells of a table row in a page-layout text, split where every line has a gap.

    ``heads`` are where the header put the columns after the first: among the gaps common to
    all the row's lines, the widest are the cell boundaries, ties going to the one nearest a
    header position. None when the lines do not show enough gaps.
    """
    lines = [t.rstrip() for t in texts if t.strip()]
    if not lines:
        return None
    width = max(len(t) for t in lines)
    used = [False] * width
    for t in lines:
        for i, ch in enumerate(t):
            if not ch.isspace():
                used[i] = True
    first = used.index(True)
    gaps: list[tuple[int, int]] = []  # (start, end) of blank runs inside the content
    i = first
    while i < width:
        if not used[i]:
            j = i
            while j < width and not used[j]:
                j += 1
            if j < width:
                gaps.append((i, j))
            i = j
        else:
            i += 1
    need = len(heads)
    if len(gaps) < need:
        return None

    def rank(g: tuple[int, int]) -> tuple[int, int]:
        near = min(abs(g[1] - h) for h in heads)
        return (-(g[1] - g[0]), near)

    cuts = sorted(g[1] for g in sorted(gaps, key=rank)[:need])
    cells = [""] * (need + 1)
    for t in lines:
        bounds = [first, *cuts, max(width, len(t))]
        for c in range(need + 1):
            piece = t[bounds[c] : bounds[c + 1]].strip()
            if piece:
                cells[c] = (cells[c] + " " + piece).strip()
    return cells


def _period(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cells4(cells: list[str]) -> tuple[str | None, str | None, str | None, str | None]:
    vals = [clean_value(c) for c in cells[:4]]
    vals += [None] * (4 - len(vals))
    return vals[0], vals[1], vals[2], vals[3]


def _split_videre(texts: list[str]) -> tuple[str | None, str | None, str | None, str | None]:
    """Four cells from a row whose boundaries are lost: placeholders mark the empty ones."""
    joined = " ".join(t.strip() for t in texts if t.strip())
    pieces: list[str | None] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(joined):
        before = joined[pos : m.start()]
        if before.strip():
            pieces.append(before.strip())
        pieces.append(None)
        pos = m.end()
    tail = joined[pos:]
    if tail.strip():
        pieces.append(tail.strip())
    # too few cells: a double space may be the lost boundary between two texts
    while len(pieces) < 4:
        for i, p in enumerate(pieces):
            if p is not None and re.search(r"\S\s{2,}\S", p):
                a, b = re.split(r"\s{2,}", p, maxsplit=1)
                pieces[i : i + 1] = [a, b]
                break
        else:
            break
    vals = [clean_value(strip_placeholders(p)) if p is not None else None for p in pieces]
    if len(vals) > 4:
        vals = [*vals[:3], clean_value(" ".join(v for v in vals[3:] if v))]
    vals += [None] * (4 - len(vals))
    return vals[0], vals[1], vals[2], vals[3]
