"""Field-by-field differences between two versions of the form (conflicts, last year).

Both sides are the form's values (``forms.values``: input name → text, or a list for a group
of boxes), so a difference names the very input it concerns.
"""

from __future__ import annotations

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
