"""Template helpers for the owners' form and its receipt."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A word with a slash ("sosial/emosjonell"): the PDF layout may break a line after the
# slash, and a reader cannot tell that break from a space, so such words are kept whole.
_SLASH_WORD = re.compile(r"\S*/\S*")


def _keep_whole(line: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _SLASH_WORD.finditer(line):
        out.append(escape(line[pos : m.start()]))
        out.append(f'<span class="hel">{escape(m.group())}</span>')
        pos = m.end()
    out.append(escape(line[pos:]))
    return "".join(out)


@register.filter
def avsnitt(text: str | None) -> SafeString:
    """Each line of an answer as its own paragraph (the PDF reader keeps them apart)."""
    lines = [ln for ln in (text or "").split("\n") if ln.strip()]
    return mark_safe(
        "\n".join(f'<p class="svar">{_keep_whole(ln)}</p>' for ln in lines)
    )  # escaped above
