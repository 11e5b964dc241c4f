"""Template helpers for the owners' form and its receipt."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def avsnitt(text: str | None) -> SafeString:
    """Each line of an answer as its own paragraph (the PDF reader keeps them apart)."""
    lines = [ln for ln in (text or "").split("\n")]
    return format_html_join("\n", '<p class="svar">{}</p>', ((ln,) for ln in lines if ln.strip()))
