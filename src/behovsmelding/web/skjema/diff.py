"""Field-by-field differences between two versions of the form (conflicts, last year).

Both sides are the form's values (``forms.values``: input name → text, or a list for a group
of boxes), so a difference names the very input it concerns.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Endring:
    felt: str
    for_verdi: Any
    etter_verdi: Any


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Endring]:
    keys = list(before) + [k for k in after if k not in before]
    return [
        Endring(k, before.get(k, ""), after.get(k, ""))
        for k in keys
        if _norm(before.get(k)) != _norm(after.get(k))
    ]


def _norm(v: Any) -> Any:
    if isinstance(v, list):
        return sorted(v) or None
    return " ".join(str(v or "").split()) or None


def show(v: Any, labels: Mapping[str, str] | None = None) -> str:
    """A value as a person reads it; ``labels`` names the values of boxes ("ja" → "Ja")."""
    labels = labels or {}
    if isinstance(v, list):
        return ", ".join(labels.get(x, x) for x in v) or "–"
    text = str(v or "").strip()
    return labels.get(text, text) or "–"


Segment = tuple[bool, str]  # (differs from the other text, text)
_WORDS = re.compile(r"\S+|\s+")


def word_diff(mine: str, theirs: str) -> tuple[list[Segment], list[Segment]]:
    """Two texts cut into runs of words, each marked where it differs from the other text
    (word by word, white space kept), for showing a conflict."""
    a, b = _WORDS.findall(mine or ""), _WORDS.findall(theirs or "")
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        _add(left, tag != "equal", "".join(a[i1:i2]))
        _add(right, tag != "equal", "".join(b[j1:j2]))
    return left, right


def _add(out: list[Segment], marked: bool, text: str) -> None:
    if not text:
        return
    if out and (out[-1][0] == marked or not text.strip()):
        out[-1] = (out[-1][0], out[-1][1] + text)
    else:
        out.append((marked, text))
