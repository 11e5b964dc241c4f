"""Cell boundaries from words, shared by the tables of the tail (partner list, medbestemmelse).

Where an extraction lost a table's cell boundaries, what the words are tells them: organisation
words (organisation types, unions, roles: general vocabulary of the domain, never a document's
content), the shape of person names, contact details; a page layout (``pdftotext -layout``)
keeps the columns by position. Word's placeholders are found whole even where a narrow cell
wrapped them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .prose import is_noise, strip_markup
from .source import Line
from .values import PLACEHOLDERS, clean_value

# Word's placeholders, found as whole units even where a narrow cell wrapped them.
PH_RE = re.compile(
    "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in PLACEHOLDERS)
    + r"|Klikk\s+eller\s+trykk(?:\s+her)?(?:\s+for)?(?:\s+å)?(?:\s+skrive)?(?:\s+inn)?"
    r"(?:\s+(?:tekst|en\s+dato))?\.?",
    re.IGNORECASE,
)

# every placeholder starts with one of these words: a text without any holds none
_PH_FIRST = tuple(sorted({p.split()[0].lower() for p in PLACEHOLDERS} | {"klikk"}))


def sub_placeholders(repl: str | Callable[[re.Match[str]], str], text: str) -> str:
    """``PH_RE.sub(repl, text)``, with a substring test first: the pattern is slow to fail."""
    low = text.lower()
    for word in _PH_FIRST:
        if word in low:
            return PH_RE.sub(repl, text)
    return text


_PH_WORDS = frozenset(w.strip(".").lower() for p in PLACEHOLDERS for w in p.split())


def is_placeholder_piece(text: str) -> bool:
    """A line made only of a placeholder's words: the pieces of one that a table cell wrapped
    and an extraction scattered ("Klikk eller trykk" … "inn tekst.")."""
    words = [w.strip(".,").lower() for w in text.split()]
    return bool(words) and all(w in _PH_WORDS for w in words)


# --- cell boundaries from words ---------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end an organisation's name or are one; compounds count by their ending
# ("friluftsbarnehage", "Kompetansesenteret").
_ORG_WORDS = _words(
    "as asa sa ba ans da a/s ks iks kf stiftelse stiftelsen kommune fylkeskommune bydel "
    "barnehage barnehagen barnehager barnehagene skole skolen skoler skolene universitet "
    "universitetet høgskole høgskolen høyskole høyskolen fagskole fagskolen senter senteret "
    "sentret center institutt instituttet akademi akademiet group gruppen konsern konsernet "
    "holding foretak foretaket samskipnad samskipnaden menighet forening foreningen forbund "
    "forbundet lag laget organisasjon organisasjonen tjeneste tjenesten tjenestene ppt "
    "kontor kontoret etat etaten enhet enheten avdeling avdelingen region regionen nettverk "
    "nettverket sfo kulturskole kulturskolen oppvekst uit uis uia ntnu usn oslomet nmbu"
)
_ORG_SUFFIXES = (
    "kommune",
    "barnehage",
    "barnehagen",
    "barnehager",
    "barnehagene",
    "skole",
    "skolen",
    "skolene",
    "senteret",
    "sentret",
    "senter",
    "universitet",
    "universitetet",
    "høgskole",
    "høgskolen",
    "stiftelse",
    "stiftelsen",
    "forbund",
    "forbundet",
    "foreningen",
    "forening",
    "laget",
    "samskipnad",
    "samskipnaden",
    "tjenesten",
    "kontoret",
    "etaten",
    "foretak",
    "foretaket",
    "instituttet",
    "akademiet",
    "verkstedet",
    "organisasjon",
    "organisasjonen",
)
# Unions and employer organisations (general vocabulary of medbestemmelse), and role words.
_UNIONS = _words(
    "utdanningsforbundet fagforbundet delta fo sl skolelederforbundet lektorlaget unio ys lo "
    "akademikerne parat nsf creo mfo fellesorganisasjonen naturviterne tekna samfunnsviterne "
    "forskerforbundet pbl virke nho spekter lederne fellesforbundet hk nito econa "
    "ergoterapeutene psykologforeningen juristforbundet akademikerforbundet "
    "sykepleierforbund landsforbund lektorlag udf ufb ubf"
)
_ROLE_WORDS = _words(
    "leder nestleder rektor styrer styreleder representant medlem sekretær rådgiver "
    "kommunalsjef oppvekstsjef enhetsleder daglig ansattrepresentant arbeidstakerrepresentant "
    "arbeidsgiver arbeidsgiverrepresentant arbeidstaker ht htv tv plt fagleder avdelingsleder "
    "virksomhetsleder barnehagesjef skolesjef kommunaldirektør ansatte tillitsvalgte "
    "verneombud hovedverneombud personalrepresentant"
)
CONNECT = frozenset({"og", "&", "/", "+"})
_MAX_PERSON_WORDS = 16
_CONTACT_RE = re.compile(
    r"[(,]?(?:\+?\d{2,}[\d.,]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+[.,]?|tlf[.:]?|mob[.:]?|e-post:?)[),]?",
    re.IGNORECASE,
)
_ROLE_JOIN = frozenset({"v/", "ved", "-", "–", ":"})
_NAME_RE = re.compile(
    r"[A-ZÆØÅÄÖÜÉÈ][a-zæøåäöüéèáóíúçñ'’]+(?:-[A-ZÆØÅa-zæøå][a-zæøåäöüéèáóíúçñ'’]+)*"
)
_INITIAL_RE = re.compile(r"(?:[A-ZÆØÅ]\.)+")
_OPEN_END = frozenset({"og", "i", "på", "av", "for", "&", "–", "-", "ved", "v/", "til", "med"})


def ends_open(text: str) -> bool:
    """A cell's text that ends in a word that cannot end it ("og", "i", "for" …)."""
    words = text.split()
    return bool(words) and words[-1].lower() in _OPEN_END


@dataclass(frozen=True)
class Col:
    start: int
    header: str


def tokens_with_spaces(text: str) -> list[tuple[int, str]]:
    """Chunks of ``text`` separated by two or more spaces, with their start offsets."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", text)]


def layout_columns(texts: Sequence[str], headers: Sequence[str]) -> list[Col] | None:
    """Column starts from a header line laid out with wide gaps (``pdftotext -layout``)."""
    for t in texts:
        if not re.search(r"\S {3,}\S", t):
            continue
        low, pos, cols = t.lower(), 0, []
        for h in headers:
            at = low.find(h.lower(), pos)
            if at < 0:
                break
            cols.append(Col(at, h))
            pos = at + len(h)
        else:
            return cols
    return None


def slice_columns(text: str, cols: Sequence[Col]) -> list[str]:
    """Cut a layout line at the columns' starts: [text before the first column, col 1, …].

    A cut that falls inside a word, or inside a phrase (one space before it), moves to the
    nearest wide gap, else the nearest space (text may start a little left or right of its
    header, and a cell's last short word may reach under the next header: "for å" / "Eier").
    """
    cuts = [0]
    for c in cols:
        p = min(c.start, len(text))
        if 0 < p < len(text) and (text[p - 1] != " " or (p >= 2 and text[p - 2] != " ")):
            near = range(max(p - 4, 2), min(p + 5, len(text)))
            gap = [q for q in near if text[q - 2 : q] == "  " and text[q] != " "]
            one = [q for q in near if text[q - 1] == " " and text[q] != " "]
            if gap or one:
                p = min(gap or one, key=lambda q: abs(q - c.start))
        cuts.append(max(p, cuts[-1]))
    cuts.append(len(text))
    return [text[cuts[i] : cuts[i + 1]].strip() for i in range(len(cuts) - 1)]


@lru_cache(maxsize=4096)
def _is_org(word: str) -> bool:
    w = word.strip(",.;:()").lower()
    return w in _ORG_WORDS or w.endswith(_ORG_SUFFIXES)


@lru_cache(maxsize=4096)
def is_role(word: str) -> bool:
    w = word.strip(",.;:()").lower()
    if w in _UNIONS or w in _ROLE_WORDS:
        return True
    return (
        "tillitsvalg" in w
        or "verneombud" in w
        or w.endswith(("forbund", "forbundet", "foreningen", "lag", "laget"))
        or w.endswith(("organisasjon", "organisasjonen", "representant"))
    )


@lru_cache(maxsize=4096)
def _is_name(word: str) -> bool:
    return bool(_NAME_RE.fullmatch(word) or _INITIAL_RE.fullmatch(word)) and not _is_org(word)


def valid_person(words: Sequence[str]) -> bool:
    """Words that read as one or more person names ("Kari H. Nordmann og Ola Nordmann")."""
    if not words or not _NAME_RE.fullmatch(words[0]) or words[-1].lower() in CONNECT:
        return False
    run = 0
    for k, w in enumerate(words):
        if w.lower() in CONNECT:
            if run == 0:
                return False
            run = 0
        elif _is_name(w):
            run += 1
            if run > 5:
                return False
        elif w.endswith(",") and _is_name(w[:-1]) and k < len(words) - 1:
            run = 0  # "Kari Li, Ola Hansen": a comma between two people
        elif k > 0 and _CONTACT_RE.fullmatch(w):
            run = 0  # a phone number or e-mail address written after the name
        else:
            return False
    return True


def split_person_after(segs: Sequence[str]) -> tuple[str | None, str | None]:
    """Cut "organisation person" text (one string per extracted line) into its two cells.

    Every word boundary is a candidate; the part after it must read as person names and the
    part before must not end open (a comma, "og", "i" …). A double space, an organisation word
    ending the left part and a line boundary speak for a cut; then the longest name wins.
    """
    words: list[tuple[str, bool, bool]] = []  # word, starts a line, after a double space
    for si, seg in enumerate(segs):
        for j, m in enumerate(re.finditer(r"\S+", seg)):
            gap = seg[: m.start()][-2:] == "  " and j > 0
            words.append((m.group(0), si > 0 and j == 0, gap))
    multi = len(segs) > 1
    best: tuple[int, int, int] | None = None
    plain = [w for w, _, _ in words]
    # a contact cell holds a few people at most: only the last words can start it
    for k in range(max(1, len(words) - _MAX_PERSON_WORDS), len(words)):
        left = plain[k - 1]
        right = plain[k:]
        if left.endswith(",") or left.lower() in _OPEN_END or not valid_person(right):
            continue
        score = 4 * words[k][2] + 3 * _is_org(left) + 2 * (multi and words[k][1])
        cand = (score, len(right), k)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is None:
        return " ".join(w for w, _, _ in words), None
    k = best[2]
    return " ".join(w for w, _, _ in words[:k]), " ".join(w for w, _, _ in words[k:])


def split_role_name(text: str) -> tuple[str | None, str | None] | None:
    """Cut a "Rolle Navn" row whose cell boundary was lost; None when it is prose, not a row."""
    t = text.strip()
    if not t:
        return None
    chunks = [c for _, c in tokens_with_spaces(t)]
    if len(chunks) == 2:
        return chunks[0], chunks[1]
    words = t.split()
    if len(words) > 16 or (t.endswith(".") and not _INITIAL_RE.fullmatch(words[-1])):
        return None
    roles = [i for i, w in enumerate(words) if is_role(w)]
    if roles:
        r = roles[-1]
        while r < len(words) - 1 and words[r + 1].lower() in _ROLE_JOIN:
            r += 1  # "Utdanningsforbundet v/ Kari Li": the "v/" stays with the role
        if r < len(words) - 1 and valid_person(words[r + 1 :]):
            return " ".join(words[: r + 1]), " ".join(words[r + 1 :])
        f = roles[0]
        if r == len(words) - 1 and f > 0 and valid_person(words[:f]):
            # name first, organisation second: kept as written in the columns
            return " ".join(words[:f]), " ".join(words[f:])
        if len(roles) == len(words):
            return t, None
        return None
    if valid_person(words):
        if len(words) >= 3 and "og" not in words:
            return words[0], " ".join(words[1:])
        return None, t
    return None


def _merge_to(
    block: list[str], n: int, prefer: frozenset[int] = frozenset(), strong: set[int] | None = None
) -> list[str]:
    """Join wrapped lines of one column until it holds ``n`` cells.

    Where nothing in the words tells which line goes on, the rows in ``prefer`` (where another
    column of the table wrapped: the tallest rows) are joined first; ``strong`` collects the
    rows joined on the words' evidence.
    """
    block = list(block)
    while len(block) > n > 0:
        best, at = -1.0, 1
        for j in range(1, len(block)):
            prev, nxt = block[j - 1].rstrip(), block[j].lstrip()
            s = 0.0
            if prev.endswith((",", "-", "–", "/")) or prev.split()[-1].lower() in _OPEN_END:
                s += 3
            if nxt[:1].islower():
                s += 2
            if j - 1 in prefer:
                s += 0.5
            if s > best:
                best, at = s, j
        if strong is not None and best >= 2:
            strong.add(at - 1)
        block[at - 1 : at + 1] = [block[at - 1].rstrip() + " " + block[at].lstrip()]
    return block


def block_column(
    texts: Sequence[str], headers: Sequence[str], *, pair: bool = False
) -> list[tuple[str | None, str | None, str | None]] | None:
    """A table extracted one column after the other: each header on a line of its own, then
    that column's cells. Returns the rows, or None when the text is not laid out so."""
    low = [t.strip().lower() for t in texts]
    pos = []
    for h in headers:
        if h.lower() not in low:
            return None
        pos.append(low.index(h.lower()))
    if pos != sorted(pos):
        return None
    if all(b == a + 1 for a, b in itertools.pairwise(pos)):
        # the headers on consecutive lines: the rows follow one cell per line (LibreOffice's
        # text export), not one column after the other
        return None
    numbers = [t for t in texts[: pos[0]] if re.fullmatch(r"\s*\d{1,2}[.)]?\s*", t)]
    blocks = []
    for j, p in enumerate(pos):
        end = pos[j + 1] if j + 1 < len(pos) else len(texts)
        blocks.append([t for t in texts[p + 1 : end] if t.strip()])
    n = len(numbers) or min(len(b) for b in blocks)
    if not pair:
        n = len(numbers) or len(blocks[-1])
    strong: set[int] = set()
    for b in blocks:
        _merge_to(b, n, strong=strong)
    blocks = [_merge_to(b, n, frozenset(strong)) for b in blocks]
    rows = []
    for i in range(n):
        cells = [b[i] if i < len(b) else None for b in blocks]
        cells += [None] * (3 - len(cells))
        rows.append((cells[0], cells[1], cells[2]))
    return rows


# --- shared ------------------------------------------------------------------------------------


def line_text(line: Line) -> str:
    return strip_markup(line.text)


def filled_lines(lines: Sequence[Line]) -> list[Line]:
    return [ln for ln in lines if not ln.blank and not is_noise(ln.text)]


def cell_values(line: Line) -> list[str | None]:
    assert line.cells is not None
    return [clean_value(strip_markup(c)) for c in line.cells]


def rolle_of(text: str | None) -> str | None:
    if text is None:
        return None
    t = text.strip().lower().rstrip(".")
    if t == "eier":
        return "eier"
    if t in ("uh", "kompetansemiljø", "fagskole", "universitet", "høgskole", "uh/kompetansemiljø"):
        return "uh"
    return None
