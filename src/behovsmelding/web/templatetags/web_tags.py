"""Template filters: kroner and the record paths' anchors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template

from ... import belop
from ..vokabular import ORDNING_KORT

register = template.Library()

NBSP = "\u00a0"


@register.filter
def kroner(value: Any) -> str:
    """1234567 -> '1 234 567 kr' with non-breaking spaces (Norwegian style)."""
    if value is None or value == "":
        return ""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return str(value)
    return belop.kroner(n)


@register.filter
def bredde(percent: Any) -> str:
    """A bar's width as a class ``bredde-0`` … ``bredde-100`` (app.css): the
    Content-Security-Policy allows no style attributes."""
    try:
        n = round(float(percent))
    except (TypeError, ValueError):
        n = 0
    return f"bredde-{min(100, max(0, n))}"


@register.filter
def tall(value: Any) -> str:
    try:
        return belop.tall(int(value), sep=NBSP)
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def query(params: dict[str, str], **override: Any) -> str:
    merged = {**params, **{k: str(v) for k, v in override.items()}}
    return urlencode({k: v for k, v in merged.items() if v not in ("", "None")})


ORDNING_NAVN = ORDNING_KORT


@register.filter
def ordninger(column: str) -> str:
    """The stored ``,regional,kompetanseloftet,`` as the short names a caseworker reads."""
    keys = [k for k in (column or "").split(",") if k]
    return ", ".join(ORDNING_NAVN.get(k, k) for k in keys) or "–"
