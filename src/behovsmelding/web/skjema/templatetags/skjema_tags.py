"""Template helpers for the owners' form and its receipt."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A word with a slash ("sosial/emosjonell"): the PDF layout may break a line after the
# slash, and a reader cannot tell that break from a space. A word joiner (U+FEFF, which the
# readers remove) after the slash forbids that break; a nowrap span would do the same, but
# WeasyPrint then moves the whole word to the next line even where it fits, and the short
# line left behind reads as the end of a paragraph.
_SLASH_IN_WORD = re.compile(r"/(?=\S)")


def _keep_whole(line: str) -> str:
    return _SLASH_IN_WORD.sub("/\ufeff", escape(line))


@register.filter
def avsnitt(text: str | None) -> SafeString:
    """Each line of an answer as its own paragraph (the PDF reader keeps them apart), and a
    blank line between paragraphs as an empty paragraph of one line's height: the receipt
    shows the answer with the breaks the person typed (blank lines at the start or end, and
    several in a row, count as one)."""
    parts: list[str] = []
    blank = False
    for ln in (text or "").split("\n"):
        if not ln.strip():
            blank = bool(parts)
            continue
        if blank:
            parts.append('<p class="svar tom">\u00a0</p>')
            blank = False
        parts.append(f'<p class="svar">{_keep_whole(ln)}</p>')
    return mark_safe("\n".join(parts))  # escaped above
