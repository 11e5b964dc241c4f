"""Amounts: whole kroner typed and written by people, in one place (no Django here).

``parse("250.500,-")`` → 250500: an amount as a person types it into a form (the owners' form,
the forum's pages); the readers keep their own, more tolerant reading of documents
(``readers/values.py``).

``tall(1544000)`` → "1 544 000" (the form's own way, plain spaces), ``kroner(1544000)`` →
"1 544 000 kr" (no-break spaces, a real minus sign: the web's and the letters' way); Excel
cells take :data:`EXCEL_KRONER`. Every formatter of amounts in the code calls these.
"""

from __future__ import annotations

import re

from .record import MAKS_BELOP

NBSP = "\u00a0"
MINUS = "\u2212"
# Amounts in a spreadsheet: numbers in whole kroner (Excel groups by the reader's locale).
EXCEL_KRONER = '#,##0 "kr";-#,##0 "kr"'


_TYPED = re.compile(
    r"^(?:kr\.?)?\s*(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)\s*(?:,-|,00)?\s*(?:kr)?$"
)


def parse(text: str, *, maks: int | None = MAKS_BELOP) -> int | None:
    """Whole kroner as people type them: "250 500", "250.500,-", "kr 250500", "1 000 kr";
    None for nothing typed; ValueError for anything else (also above ``maks``, by default what
    the database can store; ``None``: the caller says what is too large, in its own words)."""
    t = text.strip().lower()
    if not t:
        return None
    m = _TYPED.match(t)
    if m is None:
        raise ValueError(t)
    value = int(re.sub(r"\D", "", m.group(1)))
    if maks is not None and value > maks:
        raise ValueError(t)
    return value


def tall(belop: int, *, sep: str = " ", minus: str = "-") -> str:
    """``1544000`` → "1 544 000": digits in groups of three."""
    sign = minus if belop < 0 else ""
    return sign + f"{abs(belop):,}".replace(",", sep)


def kroner(belop: int, *, sep: str = NBSP, minus: str = MINUS) -> str:
    """``1544000`` → "1 544 000 kr" (no-break spaces, so that an amount never wraps)."""
    return tall(belop, sep=sep, minus=minus) + f"{sep}kr"
