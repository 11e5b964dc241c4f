"""Parser for the kollektiv-2026 generation: header, budget, comment, sections 1–7, tail.

The header and the budget table are read by ``header.py`` (shared with lokal-2024), the
partner list, medbestemmelse and units by ``tail.py``. This module reads what lies between:
"Ev. kommentar fra innsender" and the numbered sections

1. Vurdering av behov (+ "Hvilke(n) fase(r) er partnerskapet i" boxes)
2. Plan for partnerskap
3. Eiers egeninnsats
4. Vurdering av måloppnåelse (answers under a)–e) of forskriften § 5)
5. Målgruppe
6. Økonomi og varighet (budget attached, text, duration boxes, coordinator sum)
7. Annet (videreutdanning; samiske perspektiver)

The form's own prompts ("Beskriv …", the § 5 list, "Skriv her:") are dropped wherever they
are still in the document; the author's answer is kept as written. A missing section leaves its
fields at null.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..record import Behovsmelding, Maaloppnaaelse
from .header import parse_header
from .prose import is_noise, prose, strip_markup
from .reading import note_unreadable
from .source import Line
from .tail import find_tail_start, parse_tail
from .values import (
    BOX_RE,
    box_after,
    box_state,
    boxes_to_labels,
    clean_value,
    one_box_lost,
    parse_belop,
)

__all__ = ["parse_body", "parse_kollektiv2026"]

# The numbered sections: (number, field, title as a pattern).
SECTIONS: tuple[tuple[int, str], ...] = (
    (1, r"Vurdering\s+av\s+behov"),
    (2, r"Plan\s+for\s+partnerskap(?:et)?"),
    (3, r"Eiers\s+egeninnsats"),
    (4, r"Vurdering\s+av\s+måloppnåelse"),
    (5, r"Målgruppe"),
    (6, r"Økonomi\s+og\s+varighet"),
    (7, r"Annet"),
)
_HEADING_RE = {
    n: re.compile(r"^\s*(?:#+\s*)?(?:(\d)\s*[.)]?\s*)?" + title + r"\b(.*)$", re.IGNORECASE)
    for n, title in SECTIONS
}
_HEAD_REST_RE = re.compile(r"^\s*[:.]?\s*(?:\([^)]*\))?\s*[:.]?\s*$")
_KOMMENTAR_RE = re.compile(r"(?:^\s*|\bEv\.?\s+)kommentar\s+fra\s+innsender\s*:?", re.IGNORECASE)
_FASER_RE = re.compile(r"Hvilke\s*\(?n?\)?\s+fase\s*\(?r?\)?\s+er\s+partnerskapet", re.IGNORECASE)
_SKRIV_HER_RE = re.compile(r"^\s*Skriv\s+her\s*:?\s*", re.IGNORECASE)
_VEDLEGG_RE = re.compile(r"leverer\s+budsjett\s+i\s+vedlegg", re.IGNORECASE)
# case-sensitive: the prompt says "Beskriv tiltakets varighet", the label "Tiltakets varighet"
_VARIGHET_RE = re.compile(r"(?:^\s*|(?<=[,.:;\-–]))Tiltakets\s+varighet\s*:?")
_KOORD_RE = re.compile(
    r"Sum\s+koordinator\s*(?:\(\s*må\s+begrunnes\s+ovenfor\s*\))?\s*:?", re.IGNORECASE
)
_VIDEREUTD_RE = re.compile(r"sammenheng\s+med\s+videreutdanning\s*\??", re.IGNORECASE)
_SAMISK_RE = re.compile(r"samiske\s+perspektivene?\s+er\s+ivaretatt[^?]*\??", re.IGNORECASE)
_PROMPT_VERB_RE = re.compile(
    r"^\s*(?:Beskriv|Forklar|Oppgi|Ta\s+utgangspunkt|Gjør\s+rede|Redegjør)\b", re.IGNORECASE
)
_DOKUMENTER_RE = re.compile(r"^\s*Beskriv\s+hvordan\s+dere\s+vil\s+dokumentere", re.IGNORECASE)
_BOX_TOKEN = r"(?:" + BOX_RE.pattern + r"|[xX](?![\wæøåÆØÅ]))"

# The form's prompt under each heading (2026 wording). Lines of these are dropped.
PROMPTS: dict[int, str] = {
    1: "Beskriv hvilke utviklingsbehov som er identifisert for barnehage og/eller grunnskole. "
    "Forklar hvordan vurderingen er gjort i samarbeid med ansatte og eventuelle andre aktører, "
    "og hvordan prosessen har vært inkluderende. Ta utgangspunkt i lokale behov, relevante "
    "planer og eventuelle data/kartlegginger. Se punktet i sammenheng med punkt 6.",
    2: "Beskriv hvordan partnerskapet er organisert. Forklar hvordan samarbeidet planlegges, "
    "hvilke roller partene har, og hvordan tiltakene skal planlegges og gjennomføres i "
    "fellesskap.",
    3: "Beskriv hvilken egeninnsats eier bidrar med i tiltaket. Dette kan være tid, ressurser, "
    "tilrettelegging, koordinering eller andre bidrag som er nødvendige for å gjennomføre "
    "tiltakene.",
    4: "Forklar hvordan dere vil vurdere måloppnåelse for tiltakene. Ta utgangspunkt i "
    "forskriftens § 5 (bokstav a–e): Beskriv hvordan dere vil dokumentere og følge opp dette.",
    5: "Beskriv hvem som er målgruppen for tiltakene. Dette kan inkludere barnehagelærere, "
    "lærere, ledere, andre ansatte, SFO, PP-tjenesten, kulturskole, tverrfaglige tjenester "
    "osv. Forklar hvordan målgruppen er valgt ut fra behovsvurderingen.",
    6: "Oppgi ønsket tilskuddsbeløp fordelt på eier, universitet/høgskole/fagskole/andre, og "
    "eventuell koordinator. Beskriv tiltakets varighet (f.eks. vår/høst/årstall) og eventuelle "
    "planer for videreføring. Forklar kort hvordan midlene skal brukes og eventuelle "
    "forutsetninger for gjennomføring. UH/kompetansemiljø skal synliggjøre kostnader for reise "
    "og opphold i sin andel.",
}
# Forskriften § 5 a)–e) as the form quotes them: the headings of section 4's answers.
MAAL_HEADINGS: dict[str, str] = {
    "a": "Tiltakene er gjennomført i tråd med planer og behovsmeldinger",
    "b": "Tiltakene har bidratt til planlagt praksisendring",
    "c": "Tiltakene har styrket det profesjonelle læringsfellesskapet",
    "d": "Tiltakene har utviklet kompetanse for å forebygge utenforskap, fremme inkludering og "
    "gi tilpasset tilbud",
    "e": "Tiltakene har styrket og praksisrettet lærerutdanningen",
}
_LETTER_RE = re.compile(r"^\s*([a-eA-E])\s*[).]\s*(.*)$")
_PHASE_BOX_RE = re.compile(
    r"(?:Planlegging|Gjennomføring)\s+av\s+tiltak\s*(?:" + BOX_RE.pattern + r")", re.IGNORECASE
)
_FASER: tuple[tuple[str, str], ...] = (
    ("analyse", r"(?:Analyse\s*/\s*)?vurdering\s+av\s+behov"),
    ("planlegging", r"Planlegging\s+av\s+tiltak"),
    ("gjennomforing", r"Gjennomføring\s+av\s+tiltak"),
)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", strip_markup(text)).strip().lower()


def parse_kollektiv2026(lines: Sequence[Line]) -> Behovsmelding:
    """Lines of a kollektiv-2026 behovsmelding → the record."""
    bm = Behovsmelding(skjema="kollektiv-2026")
    start = _read_header(bm, lines)
    parse_body(bm, lines, start)
    return bm


def _read_header(bm: Behovsmelding, lines: Sequence[Line]) -> int:
    """Header and budget table by the shared header parser; the index where the body starts."""
    res = parse_header(lines)
    res.apply(bm)
    return res.body_start


_ANY_HEAD_RE = re.compile(
    r"behov|partnerskap|egeninnsats|måloppnåelse|målgruppe|økonomi|annet", re.IGNORECASE
)


_HEAD_FIRST_CHARS = frozenset("0123456789#*<VvPpEeMmØøAa")


def _find_headings(lines: Sequence[Line], start: int) -> dict[int, int]:
    """Line index of each section heading found, in the form's order."""
    cands = [
        (i, strip_markup(t).replace("*", "") if ("*" in t or "<" in t) else t)
        for i in range(start, len(lines))
        if len(t := lines[i].text) <= 120
        and t.lstrip()[:1] in _HEAD_FIRST_CHARS
        and _ANY_HEAD_RE.search(t)
    ]
    found: dict[int, int] = {}
    pos = start
    for n, _ in SECTIONS:
        rx = _HEADING_RE[n]
        numbered: int | None = None
        bare: int | None = None
        for i, t in cands:
            if i < pos or (m := rx.match(t)) is None:
                continue
            if m.group(1) is not None:
                if int(m.group(1)) == n:
                    numbered = i
                    break
            elif bare is None and _HEAD_REST_RE.match(m.group(2)):
                bare = i  # "Målgruppe" alone may also be an author's sub-heading
        at = numbered if numbered is not None else bare
        if at is not None:
            found[n] = at
            pos = at + 1
    return found


def _trailing_prose(lines: Sequence[Line], end: int) -> list[Line]:
    """The paragraph just before ``end`` when it is prose (the comment after a budget table
    whose columns came out one after the other), else nothing."""
    j = end
    while j > 0 and not lines[j - 1].text.strip():
        j -= 1
    k = j
    while k > 0 and lines[k - 1].text.strip():
        k -= 1
    block = [ln.text for ln in lines[k:j]]
    words = " ".join(block).split()
    if len(words) < 6 or any(re.search(r"\d\s*,\s*-|^\s*Sum\b", t) for t in block):
        return []
    return list(lines[k:j])


def _heading_rest(line: Line, n: int) -> list[Line]:
    """Text written on the heading's line after the title: the start of the answer."""
    m = _HEADING_RE[n].match(strip_markup(line.text).replace("*", ""))
    if m is None or _HEAD_REST_RE.match(m.group(2)):
        return []
    return [Line(m.group(2).strip(" :"))]


def parse_body(bm: Behovsmelding, lines: Sequence[Line], start: int = 0) -> None:
    """Fill the comment, sections 1–7 and the tail of ``bm`` from ``lines[start:]``."""
    heads = _find_headings(lines, start) or _find_headings(lines, 0)
    last_head = max(heads.values()) if heads else start
    tail_at = find_tail_start(lines, last_head + 1 if heads else start)
    end = tail_at if tail_at is not None else len(lines)
    bounds = sorted([*heads.values(), end])

    def section(n: int) -> list[Line] | None:
        if n not in heads:
            return None
        s = heads[n]
        e = next(b for b in bounds if b > s)
        return _heading_rest(lines[s], n) + list(lines[s + 1 : e])

    first = min(heads.values()) if heads else end
    # the label may stand inside the budget table's lines when columns came out one by one;
    # the comment is then what follows the table
    for i in range(first - 1, -1, -1):
        t = strip_markup(lines[i].text)
        m = _KOMMENTAR_RE.search(t)
        if m and (m.start() == 0 or re.match(r"\s*Ev\b", m.group(0))):
            rest = t[m.end() :].strip() if i + 1 >= start else ""
            body = list(lines[max(i + 1, start) : first])
            if i + 1 < start and not any(ln.text.strip() for ln in body):
                body = _trailing_prose(lines, first)
            bm.kommentar = prose(([Line(rest)] if rest else []) + body)
            break

    if (s1 := section(1)) is not None:
        k = next((i for i, ln in enumerate(s1) if _FASER_RE.search(ln.text)), None)
        if k is None:  # the question deleted, its boxes left
            k = next((i for i, ln in enumerate(s1) if _PHASE_BOX_RE.search(ln.text)), None)
        bm.behov = prose(unlayout(strip_prompt(s1[:k] if k is not None else s1, 1)))
        if k is not None:
            bm.faser = _faser(" ".join(ln.text for ln in s1[k:]))
    if (s2 := section(2)) is not None:
        bm.partnerskapsplan = prose(unlayout(strip_prompt(s2, 2)))
    if (s3 := section(3)) is not None:
        bm.egeninnsats = prose(unlayout(strip_prompt(s3, 3)))
    if (s4 := section(4)) is not None:
        bm.maaloppnaaelse = parse_maaloppnaaelse(s4)
    if (s5 := section(5)) is not None:
        bm.maalgruppe = prose(unlayout(strip_prompt(s5, 5)))
    if (s6 := section(6)) is not None:
        _okonomi(bm, s6)
    if (s7 := section(7)) is not None:
        _annet(bm, s7)

    parse_tail(lines, last_head + 1 if heads else start).apply(bm)


# --- tables laid out with spaces --------------------------------------------------------------

_WIDE_GAP_RE = re.compile(r"\S {3,}\S")


def _chunks(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: {1,2}\S+)*", text)]


def unlayout(lines: Sequence[Line]) -> list[Line]:
    """A table inside an answer, laid out in columns with spaces (``pdftotext -layout``),
    written as text: one line per table row, its cells in column order.

    A row starts where the first column starts a new entry (a capital letter or a digit); the
    lines below it that continue any column belong to the same row. Lines without such gaps
    are left as they are.
    """
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        if not _WIDE_GAP_RE.search(lines[i].text.strip()):
            out.append(lines[i])
            i += 1
            continue
        j, last, gaps = i, i, 0
        while j < n:
            t = lines[j].text
            if _WIDE_GAP_RE.search(t.strip()) or (t[:3] == "   " and t.strip()):
                gaps += bool(_WIDE_GAP_RE.search(t.strip()))
                last = j
            elif not t.strip() or is_noise(t):
                pass
            elif j == last + 1 and len(t.rstrip()) < 30:
                last = j
            else:
                break
            j += 1
        if gaps < 2 or not _aligned(lines[i : last + 1]):
            out += lines[i : last + 1]
            i = last + 1
            continue
        out += _table_rows(lines[i : last + 1])
        i = last + 1
    return out


def _aligned(block: Sequence[Line]) -> bool:
    """Whether the wide gaps line up as a table's few columns do; the gaps of justified prose
    fall everywhere."""
    starts = sorted(
        pos for ln in block if _WIDE_GAP_RE.search(ln.text) for pos, _ in _chunks(ln.text)[1:]
    )
    clusters = 0
    first = -10
    for pos in starts:
        if pos - first > 4:  # a column's text starts within a few characters of its header
            clusters += 1
            first = pos
    return 0 < clusters <= 5


def _table_rows(block: Sequence[Line]) -> list[Line]:
    starts: list[int] = []
    for ln in block:
        for pos, _ in _chunks(ln.text):
            if not any(abs(pos - s) <= 3 for s in starts):
                starts.append(pos)
    starts.sort()
    rows: list[list[list[str]]] = []
    for k, ln in enumerate(block):
        if not ln.text.strip() or is_noise(ln.text):
            continue
        cells: list[list[str]] = [[] for _ in starts]
        for pos, chunk in _chunks(ln.text):
            col = max(c for c, s in enumerate(starts) if s <= pos + 3)
            cells[col].append(chunk)
        first = cells[0][0] if cells[0] else ""
        if not rows or k == 1 or (first[:1].isupper() or first[:1].isdigit()):
            rows.append(cells)
        else:
            for c, texts in enumerate(cells):
                rows[-1][c] += texts
    return [Line(" ".join(t for col in row for t in col)) for row in rows]


# --- prompts -----------------------------------------------------------------------------------


def strip_prompt(lines: Sequence[Line], n: int) -> list[Line]:
    """The section's lines without the form's prompt and its "Skriv her:" line.

    A leading run of lines that are pieces of the known prompt is dropped (the author may have
    deleted it, then nothing is); a "Skriv her:" line ends the prompt, and text typed after it
    on the same line is kept. Where the form's wording changed, a run that starts with a prompt
    verb ("Beskriv", "Forklar" …) and ends at "Skriv her:" is dropped as well.
    """
    prompt = _fold(PROMPTS.get(n, ""))
    weak = " ".join(_fold(h) for h in MAAL_HEADINGS.values()) if n == 4 else ""
    cut, seen, at_skriv = 0, False, False
    after: list[Line] = []
    for i, ln in enumerate(lines):
        t = _fold(ln.text)
        if not t or is_noise(ln.text):
            continue
        m = _SKRIV_HER_RE.match(strip_markup(ln.text))
        if m:
            cut, at_skriv = i + 1, True
            rest = strip_markup(ln.text)[m.end() :].strip()
            after = [Line(rest)] if rest else []
            break
        strong = len(t) >= 3 and t in prompt and (seen or len(t) >= 20)
        list_part = bool(weak) and t.lstrip("abcde) ") in weak and len(t) >= 3
        if strong:
            seen = True
            cut = i + 1
        elif not list_part:
            break
    if not seen and not at_skriv:
        return _without_skriv_her(_strip_other_prompt(lines))
    return after + _without_skriv_her(lines[cut:])


def _without_skriv_her(lines: Sequence[Line]) -> list[Line]:
    """A "Skriv her:" left below the author's text is the form's, not the answer."""
    out: list[Line] = []
    for ln in lines:
        m = _SKRIV_HER_RE.match(strip_markup(ln.text))
        if m is None:
            out.append(ln)
        elif rest := strip_markup(ln.text)[m.end() :].strip():
            out.append(Line(rest))
    return out


def _strip_other_prompt(lines: Sequence[Line]) -> list[Line]:
    """A prompt in wording the reader does not know: from a prompt verb to "Skriv her:"."""
    first = next((i for i, ln in enumerate(lines) if ln.text.strip()), None)
    if first is None or not _PROMPT_VERB_RE.match(strip_markup(lines[first].text)):
        return list(lines)
    for k in range(first + 1, min(first + 12, len(lines))):
        m = _SKRIV_HER_RE.match(strip_markup(lines[k].text))
        if m:
            rest = strip_markup(lines[k].text)[m.end() :].strip()
            return ([Line(rest)] if rest else []) + list(lines[k + 1 :])
    return list(lines)


# --- section 1: phases -------------------------------------------------------------------------


def _ticked(text: str, label: str) -> bool | None:
    m = re.search(label + r"\s*(" + _BOX_TOKEN + r")", text, re.IGNORECASE)
    if m is None:
        return None
    tok = m.group(1)
    return True if tok in ("x", "X") else box_state(tok)


def _faser(text: str) -> list[str] | None:
    states = [(key, _ticked(text, rx)) for key, rx in _FASER]
    if all(s is None for _, s in states):
        return None
    return [key for key, s in states if s]


# --- section 4: a)–e) --------------------------------------------------------------------------


def _heading_match(rest: str, letter: str, following: Sequence[Line]) -> tuple[int, str] | None:
    """Whether ``rest`` (text after "x)") is the letter's heading, maybe wrapped.

    Returns (lines consumed after this one, answer text left on the line) or None.
    """
    known = MAAL_HEADINGS[letter]
    rx = re.compile(r"\s+".join(re.escape(w) for w in known.split()) + r"\s*[:.]?", re.IGNORECASE)
    m = rx.match(rest)
    if m:
        return 0, rest[m.end() :].strip()
    fk, acc = _fold(known), _fold(rest)
    if len(acc) < 10 or not fk.startswith(acc):
        return None
    used = 0
    for ln in following:
        if not ln.text.strip():
            used += 1
            continue
        nxt = _fold(ln.text)
        if fk.startswith(acc + " " + nxt):
            acc = acc + " " + nxt
            used += 1
            if acc == fk:
                return used, ""
            continue
        break
    return used, ""


def parse_maaloppnaaelse(lines: Sequence[Line]) -> Maaloppnaaelse:
    """Answers under a)–e) without their headings; other text → ``oppfolging``."""
    body = strip_prompt(lines, 4)
    parts: dict[str, list[Line]] = {k: [] for k in ("a", "b", "c", "d", "e", "oppfolging")}
    cur = "oppfolging"
    i = 0
    while i < len(body):
        ln = body[i]
        t = strip_markup(ln.text)
        if _DOKUMENTER_RE.match(t):
            cur = "oppfolging"
            i += 1
            continue
        m = _LETTER_RE.match(t)
        if m:
            letter = m.group(1).lower()
            hit = _heading_match(m.group(2), letter, body[i + 1 : i + 9])
            order = "abcde"
            nxt = (
                order[order.index(cur) + 1]
                if cur in order[:-1]
                else ("a" if cur == "oppfolging" else "")
            )
            if hit is not None or letter == nxt:
                # the form's own list, then the answers: start again if nothing was written
                if (
                    cur in order
                    and order.index(letter) <= order.index(cur)
                    and not any(clean_value(ln.text) for k in order for ln in parts[k])
                ):
                    parts = {k: [] for k in parts}
                cur = letter
                used, rest = hit if hit is not None else (0, m.group(2).strip())
                if rest:
                    parts[cur].append(Line(rest))
                i += 1 + used
                continue
        parts[cur].append(ln)
        i += 1
    vals = {k: prose(v) for k, v in parts.items()}
    return Maaloppnaaelse(
        a=vals["a"],
        b=vals["b"],
        c=vals["c"],
        d=vals["d"],
        e=vals["e"],
        oppfolging=vals["oppfolging"],
    )


# --- section 6 ---------------------------------------------------------------------------------


def _split_at(lines: Sequence[Line], rx: re.Pattern[str]) -> list[Line]:
    """Lines with ``rx`` found inside one (a label run into the text before it) cut in two."""
    out: list[Line] = []
    for ln in lines:
        m = rx.search(ln.text)
        if m is not None and ln.text[: m.start()].strip():
            out += [Line(ln.text[: m.start()]), Line(ln.text[m.start() :])]
        else:
            out.append(ln)
    return out


# an amount as the whole answer ("Kr 50 000", "50.000,-"), not a number inside a sentence
_AMOUNT_RE = re.compile(r"^(?:kr\.?|nok)?\s*(\d{1,3}(?:[ .]\d{3})+|\d+)\b", re.IGNORECASE)


def _okonomi(bm: Behovsmelding, section: Sequence[Line]) -> None:
    lines = _split_at(_split_at(section, _VARIGHET_RE), _KOORD_RE)
    v = next((i for i, ln in enumerate(lines) if _VEDLEGG_RE.search(ln.text)), None)
    d = next(
        (i for i, ln in enumerate(lines) if i > (v or -1) and _VARIGHET_RE.match(ln.text)), None
    )
    k = next((i for i, ln in enumerate(lines) if i > (v or -1) and _KOORD_RE.match(ln.text)), None)
    text_end = min(x for x in (d, k, len(lines)) if x is not None)
    answer: list[Line] = []
    if v is not None:
        # "Skriv her (leverer budsjett i vedlegg ja☐ Nei☒ ):" may wrap over a few lines
        j, boxtext = v, ""
        while j < max(min(v + 4, text_end), v + 1):
            boxtext += " " + lines[j].text
            j += 1
            if ")" in boxtext[boxtext.lower().find("vedlegg") :]:
                break
        boxtext = boxes_to_labels(boxtext, _JA_NEI_RE)
        m = _VEDLEGG_RE.search(boxtext)
        assert m is not None
        box, _, rest = boxtext[m.end() :].partition(")")
        bm.budsjett_i_vedlegg = _ja_nei(box)
        if bm.budsjett_i_vedlegg is None and one_box_lost(box, "ja", "nei"):
            note_unreadable(bm, "budsjett_i_vedlegg", " ".join(box.split()))
        rest = rest.lstrip(" :").strip()
        before = strip_prompt(lines[:v], 6)
        answer = [ln for ln in before if not _SKRIV_HER_RE.match(ln.text)]
        answer += ([Line(rest)] if rest else []) + list(lines[j:text_end])
    else:
        answer = strip_prompt(lines[:text_end], 6)
    bm.okonomi = prose(unlayout(answer))
    if d is not None:
        dur_end = k if k is not None and k > d else len(lines)
        bm.varighet = _varighet(" ".join(ln.text for ln in lines[d:dur_end]))
    if k is not None:
        m = _KOORD_RE.match(lines[k].text)
        assert m is not None
        rest = " ".join([lines[k].text[m.end() :], *(ln.text for ln in lines[k + 1 : k + 4])])
        am = _AMOUNT_RE.match(clean_value(rest) or "")
        bm.koordinator_sum = parse_belop(am.group(1)) if am else None


_JA_NEI_RE = re.compile(r"\b(?:ja|nei)\b", re.IGNORECASE)


def _ja_nei(text: str) -> bool | None:
    text = boxes_to_labels(text, _JA_NEI_RE)
    ja = box_after(text, "ja")
    nei = box_after(text, "nei")
    if ja and not nei:
        return True
    if nei and not ja:
        return False
    return None


_PERIOD_RE = re.compile(r"\b(Vår|Høst)\s*(20\d\d)\s*(" + _BOX_TOKEN + r")?", re.IGNORECASE)


_PERIOD_LABEL_RE = re.compile(r"\b(?:Vår|Høst)\s*20\d\d|\bVidere\b", re.IGNORECASE)


def _varighet(text: str) -> list[str] | None:
    out: list[str] = []
    seen = False
    text = boxes_to_labels(text, _PERIOD_LABEL_RE)
    for m in _PERIOD_RE.finditer(text):
        if m.group(3) is None:
            continue
        seen = True
        tok = m.group(3)
        if tok in ("x", "X") or box_state(tok):
            out.append(("V" if m.group(1).lower() == "vår" else "H") + m.group(2))
    vid = _ticked(text, r"\bVidere")
    if vid is not None:
        seen = True
        if vid:
            out.append("videre")
    return out if seen else None


# --- section 7 ---------------------------------------------------------------------------------


def _choice(text: str, options: Sequence[tuple[str, str]]) -> str | None:
    text = boxes_to_labels(text, re.compile("|".join(rx for _, rx in options), re.IGNORECASE))
    ticked = [key for key, rx in options if _ticked(text, rx)]
    return ticked[0] if len(ticked) == 1 else None


_VIDEREUTD_OPTIONS = (("ja", r"\bJa"), ("nei", r"\bNei"), ("vet_ikke", r"\bVet\s+ikke"))
_SAMISK_OPTIONS = (
    ("ja", r"\bJa"),
    ("nei", r"\bNei"),
    ("ikke_relevant", r"\bVurdert\s+ikke\s+relevant"),
)


def _annet(bm: Behovsmelding, lines: Sequence[Line]) -> None:
    text = " ".join(ln.text for ln in lines)
    v = _VIDEREUTD_RE.search(text)
    s = _SAMISK_RE.search(text)
    if v is not None:
        seg = text[v.end() : s.start() if s is not None and s.start() > v.end() else len(text)]
        bm.videreutdanning = _choice(seg, _VIDEREUTD_OPTIONS)
    if s is not None:
        seg = text[s.end() : v.start() if v is not None and v.start() > s.end() else len(text)]
        bm.samiske_perspektiver = _choice(seg, _SAMISK_OPTIONS)
    # a question deleted, its boxes left: the options tell which question they answer
    for ln in lines:
        if v is None and re.search(r"\bVet\s+ikke\s*" + _BOX_TOKEN, ln.text, re.IGNORECASE):
            bm.videreutdanning = _choice(ln.text, _VIDEREUTD_OPTIONS)
        if s is None and re.search(r"\bikke\s+relevant\s*" + _BOX_TOKEN, ln.text, re.IGNORECASE):
            bm.samiske_perspektiver = _choice(ln.text, _SAMISK_OPTIONS)
