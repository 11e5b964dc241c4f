"""Free-text answers: the author's words only, as paragraphs and list items.

Extractions wrap paragraphs into lines, add blank lines, leave page footers ("Side: 4/10") and
hyperlink addresses behind, and keep Word placeholders. ``prose`` turns such a run of lines into
the answer as the author wrote it: lines of one paragraph joined with spaces, each list item on
a line of its own starting with "- ", paragraphs separated by a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .source import Line
from .values import clean_value, strip_placeholders

FOOTER_RE = re.compile(r"^\s*(?:Side|Page)\s*:?\s*\d+\s*(?:/|av|of)\s*\d+\s*$", re.IGNORECASE)
URL_LINE_RE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$", re.IGNORECASE)
BULLET_RE = re.compile(r"^\s*(?:[•◦▪▫‣∙·●○■□➢➤►▶\uf0b7\uf0a7]|[-–*]|o(?=\s))\s+")
NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-zæøå][.)])\s+\S")
_MARKUP_RE = re.compile(r"\*\*(.+?)\*\*|\*(\S.*?\S|\S)\*|</?[a-zA-Z][^>]*>|\[([^\]]*)\]\([^)]*\)")
_BULLET_FIRST = frozenset("•◦▪▫‣∙·●○■□➢➤►▶\uf0b7\uf0a7-–*o")
_SENTENCE_END = (".", ":", "!", "?", ")", "»", '"')


def is_noise(text: str) -> bool:
    """A line that is layout, not content: a page footer or a lone hyperlink address."""
    t = text.lstrip()
    if not t or t[0] not in "SsPpHhWw<":
        return False
    return bool(FOOTER_RE.match(text) or URL_LINE_RE.match(text))


_URL_TAIL_RE = re.compile(r"^\s*[\w.\-~%]*/[\w./\-~%#?=&]*\s*$")


def is_url_tail(text: str, previous: str) -> bool:
    """The rest of a hyperlink address that an extraction wrapped onto the next line."""
    t = text.strip()
    return bool(
        URL_LINE_RE.match(previous)
        and _URL_TAIL_RE.match(t)
        and (t.count("/") >= 2 or t.endswith("/") or "." in t.rsplit("/", 1)[-1])
    )


def _kept(raws: Sequence[str]) -> list[int]:
    """Indexes of the lines without footers, address lines and the wrapped tails of addresses."""
    out: list[int] = []
    url = ""  # the last address line; blank lines between it and its tail keep it
    for i, r in enumerate(raws):
        if is_noise(r):
            url = r
            continue
        if url and is_url_tail(r, url):
            continue
        if r.strip():
            url = ""
        out.append(i)
    return out


def strip_markup(text: str) -> str:
    """Markdown/HTML residue of some converters: **bold**, *italic*, <i>…</i>, [text](url)."""

    def repl(m: re.Match[str]) -> str:
        for g in (1, 2, 3):
            if m.group(g) is not None:
                return m.group(g)
        return ""

    if "*" not in text and "<" not in text and "[" not in text:
        return text
    prev = None
    while prev != text:
        prev = text
        text = _MARKUP_RE.sub(repl, text)
    return text


def lines_holding(lines: Sequence[Line], words: Iterable[str]) -> list[int]:
    """Indexes (sorted, each once) of the lines whose text holds one of ``words``, which are
    lower-case ASCII without line breaks; the text's ASCII letters match in either case.

    The words are looked for in the whole text at once: for the few lines of thousands that
    hold a label, far cheaper than a test per line. The text is lower-cased as UTF-8 bytes,
    which is ASCII-only and ten times faster than ``str.lower`` on text with non-ASCII letters.
    """
    low = "\n".join([ln.text for ln in lines]).encode("utf-8", "surrogatepass").lower()
    hits: list[int] = []
    for word in words:
        w = word.encode("ascii")
        at = low.find(w)
        while at >= 0:
            hits.append(at)
            at = low.find(w, at + 1)
    out: list[int] = []
    line = pos = 0
    for at in sorted(hits):
        line += low.count(b"\n", pos, at)  # no byte of a multi-byte character is a line break
        pos = at
        if not out or out[-1] != line:
            out.append(line)
    return out


def plain_value(text: str | None) -> str | None:
    """A cell's or a label's value: markup and placeholders removed, white space folded."""
    if text is None:
        return None
    return clean_value(strip_markup(text))


def _content(lines: Iterable[Line | str], prepared: bool) -> tuple[list[str], list[bool]]:
    """The lines' text without placeholders, footers, URL lines and markup (blank kept), and
    for each whether the document marks a paragraph end after it. A placeholder that a narrow
    cell wrapped over several lines is removed as a whole. ``prepared``: the caller has
    already dropped the layout's noise and markup."""
    items = [(x.text, x.end) if isinstance(x, Line) else (x, False) for x in lines]
    if not prepared:
        items = [items[i] for i in _kept([t for t, _ in items])]
    raws = [t for t, _ in items]
    ends = [e for _, e in items]
    joined = "\n".join(raws)
    stripped = strip_placeholders(joined)
    if stripped is not joined:
        raws = stripped.split("\n")
        if len(raws) != len(ends):  # a wrapped placeholder went as a whole: marks unknown
            ends = [False] * len(raws)
    if prepared:
        return [r.rstrip() for r in raws], ends
    return [strip_markup(r).rstrip() for r in raws], ends


def prose(
    lines: Sequence[Line | str], *, wrap_width: int | None = None, prepared: bool = False
) -> str | None:
    """Join the lines of an answer into its text; None when nothing but placeholders remain.

    A list item (•, o, -, –, *) starts a line of its own as "- item"; a line that continues an
    item is joined to it. Other lines are joined into paragraphs; a paragraph ends after a line
    that the document marks as a paragraph's end (``Line.end``), or else after a line that ends
    a sentence and is clearly shorter than the wrap width.
    """
    texts, ends = _content(lines, prepared)
    width = wrap_width or _guess_width(texts)
    out: list[str] = []
    cur: list[str] = []  # the paragraph or item being built, in pieces (joined once: linear)
    cur_is_item = False
    prev_len = 0
    prev_ended = False
    prev_marked = False
    for raw, marked in zip(texts, ends, strict=True):
        t = " ".join(raw.split())
        if not t:
            continue
        m = BULLET_RE.match(raw) if t[0] in _BULLET_FIRST else None
        if m and len(t) > 1:
            if cur:
                out.append(" ".join(cur))
            cur = ["- " + " ".join(raw[m.end() :].split())]
            cur_is_item = True
        elif not cur:
            cur = [t]
            cur_is_item = False
        else:
            short = prev_len < width * 0.8
            if (
                prev_marked
                or (prev_ended and short)
                or (cur_is_item and prev_ended and NUMBERED_RE.match(t))
            ):
                out.append(" ".join(cur))
                cur = [t]
                cur_is_item = False
            else:
                cur.append(t)
        prev_len = len(raw.strip())
        prev_ended = t.endswith(_SENTENCE_END) or (cur_is_item and prev_len < width * 0.6)
        prev_marked = marked
    if cur:
        out.append(" ".join(cur))
    text = "\n".join(out).strip()
    return text or None


def _guess_width(texts: Sequence[str]) -> int:
    lengths = sorted(len(t.strip()) for t in texts if t.strip())
    if not lengths:
        return 100
    # the wrap width is what most full lines reach: take a high percentile
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])
