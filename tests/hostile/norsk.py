"""What counts as a clear Norwegian reason."""

from __future__ import annotations

import re

NORWEGIAN = re.compile(
    r"\b(filen|dokumentet|ikke|PDF-en|filtypen|støttes|makroer|for|mangler|uventet)\b"
)


def is_norwegian_reason(text: str) -> bool:
    return bool(text.strip()) and "\n" not in text.strip() and bool(NORWEGIAN.search(text))
