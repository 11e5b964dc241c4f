"""Finding a theme's words in a tiltak's text. No Django here.

Both the text and the words are folded the same way (:func:`fold`): lower case, æ/ø/å and
accented letters to plain ASCII ("Språk" and "sprak" are one word), every run of non-letters to
one space. A word matches a whole word of the text (and a phrase whole words in a row); a word
ending in ``*`` matches every word that starts with it ("lese*" finds "leseplan").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

MAKS_ORD = 100
MAKS_ORDLENGDE = 100
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ð": "d", "þ": "th", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9*]+")


def fold(text: str) -> str:
    """``"Språk og LESING – 1. trinn"`` → ``"sprak og lesing 1 trinn"``."""
    t = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", t.replace("*", " ")).split())


def fold_word(word: str) -> str:
    """A vocabulary word folded, keeping a trailing ``*``."""
    star = word.strip().endswith("*")
    folded = fold(word.strip().rstrip("*"))
    return f"{folded}*" if star and folded else folded


def pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression for a theme's words (None when it has none)."""
    parts = []
    for w in words:
        f = fold_word(w)
        if not f:
            continue
        star = f.endswith("*")
        body = r"\s".join(re.escape(x) for x in f.rstrip("*").split())
        parts.append(body + (r"[a-z0-9]*" if star else ""))
    if not parts:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(set(parts))) + r")(?![a-z0-9])")


def themes_in(texts: Sequence[str], patterns: Mapping[int, re.Pattern[str]]) -> set[int]:
    """The keys of the patterns that match any of ``texts``."""
    folded = " | ".join(fold(t) for t in texts if t)
    return {key for key, p in patterns.items() if p.search(folded)}


def problems(words: Iterable[str]) -> list[str]:
    """What is wrong with a list of words, in Norwegian; empty when it may be saved."""
    out: list[str] = []
    ws = list(words)
    if len(ws) > MAKS_ORD:
        out.append(f"Et tema kan ha høyst {MAKS_ORD} ord (fikk {len(ws)}).")
    for w in ws:
        if len(w) > MAKS_ORDLENGDE:
            out.append(f"Ordet «{w[:30]}…» er lenger enn {MAKS_ORDLENGDE} tegn.")
        elif not fold_word(w).rstrip("*"):
            out.append(f"«{w}» inneholder ingen bokstaver eller tall.")
    return out
