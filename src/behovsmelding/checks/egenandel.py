"""The owner's own contribution under Desentralisert ordning (to 2025).

The form does not ask for it, so no check reports it; the decision does: the owner must
contribute at least ``dekom_egenandel_andel`` (default 30 %) of the state grant awarded, and
salary and time count. The share is configuration because policy may change it.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from .config import CheckConfig, default_config


def minste_egenandel(tilskudd: int, config: CheckConfig | None = None) -> int:
    """The least own contribution, in whole kroner (rounded up), for a DEKOM grant."""
    cfg = config if config is not None else default_config()
    if tilskudd < 0:
        raise ValueError("tilskuddet kan ikke være negativt")
    share = cfg.dekom_egenandel_andel * Decimal(tilskudd)
    return int(share.to_integral_value(rounding=ROUND_CEILING))


def egenandel_dekket(tilskudd: int, egenandel: int, config: CheckConfig | None = None) -> bool:
    """Whether ``egenandel`` kroner meet the requirement for a grant of ``tilskudd``."""
    return egenandel >= minste_egenandel(tilskudd, config)
