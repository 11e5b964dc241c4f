"""Small helpers the rules share: what counts as empty, how amounts and places are written."""

from __future__ import annotations

from ..belop import tall
from ..record import Behovsmelding, Enheter, Tiltak
from .config import CheckConfig


def is_empty_text(value: str | None, config: CheckConfig) -> bool:
    """True for None, blank text, punctuation only ("--"), and the configured empty answers."""
    if value is None:
        return True
    if len(value) > config.tom_maks_lengde:
        return False  # a long text: not blank, nor a placeholder even with odd spacing
    return config.tom_regex.match(value) is not None


def is_blank(value: object, config: CheckConfig) -> bool:
    """Whether an answer of any kind is missing: empty text, None, an empty list, Enheter
    with none of its numbers given. False and 0 are answers."""
    if value is None:
        return True
    if isinstance(value, str):
        return is_empty_text(value, config)
    if isinstance(value, list):
        return len(value) == 0
    if isinstance(value, Enheter):
        return all(is_blank(v, config) for v in value.to_dict().values())
    return False


def kr(amount: int | None) -> str:
    """An amount as the form writes it, grouped by spaces: 150000 → "150 000"; None → "(tom)"."""
    if amount is None:
        return "(tom)"
    return tall(amount)


def quote(text: str, limit: int = 60) -> str:
    """A value quoted for a message, shortened if long."""
    one = " ".join(text.split())
    if len(one) > limit:
        one = one[: limit - 1].rstrip() + "…"
    return f"«{one}»"


def tiltak_label(t: Tiltak, index: int) -> str:
    """How the document names a tiltak: "Tiltak 6" (its own number), else by position."""
    return f"Tiltak {t.nr}" if t.nr is not None else f"Tiltak nr. {index + 1} i dokumentet"


def years_text(record: Behovsmelding) -> str:
    return str(record.aar) if record.aar is not None else "(ukjent år)"
