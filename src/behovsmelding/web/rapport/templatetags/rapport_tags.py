"""Amounts in kroner and the unused-money choice in words, for the report's pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from .... import belop

register = template.Library()


@register.filter
def kroner(value: int | str | None) -> str:
    if value is None or value == "":
        return "–"
    return belop.kroner(int(value))


@register.filter
def handling(value: str) -> str:
    if value == "tilbakebetales":
        return _("Betales tilbake")
    if value == "overfores":
        return _("Søkes overført til neste år")
    return ""
