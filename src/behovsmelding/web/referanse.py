"""A behovsmelding's reference number: ``BM-00123-7``.

Derived from the record's id, so it needs no column, never changes and is never given twice;
the last digit is a Luhn check digit, so that a reference read out over the phone with one
digit wrong or two digits swapped finds nothing rather than another owner's record. The
receipt, the confirmation e-mail and the caseworker's page show it, and the caseworkers'
search finds the record by it (``overview.Filtre.apply``).
"""

from __future__ import annotations

import re

PREFIX = "BM"
_REFERANSE = re.compile(rf"\s*{PREFIX}[\s-]*(\d{{1,18}})[\s-]*(\d)\s*", re.IGNORECASE)


def check_digit(digits: str) -> int:
    """The Luhn check digit of ``digits`` (as in Norwegian KID numbers, MOD10)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def referanse(pk: int) -> str:
    """The reference of the behovsmelding with id ``pk``."""
    digits = f"{pk:05d}"
    return f"{PREFIX}-{digits}-{check_digit(digits)}"


def parse(text: str) -> int | None:
    """The id a typed reference names (``"bm 00123 7"``, ``"BM-001237"``), or ``None`` when
    the text is not a reference or its check digit is wrong."""
    m = _REFERANSE.fullmatch(text or "")
    if m is None:
        return None
    digits, check = m.group(1), int(m.group(2))
    if check_digit(digits) != check:
        return None
    pk = int(digits)
    return pk if 0 < pk < 2**63 else None
