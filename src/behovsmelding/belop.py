"""Amounts: whole kroner written out for people, in one place (no Django here).

``tall(1544000)`` → "1 544 000" (the form's own way, plain spaces), ``kroner(1544000)`` →
"1 544 000 kr" (no-break spaces, a real minus sign: the web's and the letters' way); Excel
cells take :data:`EXCEL_KRONER`. Every formatter of amounts in the code calls these.
"""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"
# Amounts in a spreadsheet: numbers in whole kroner (Excel groups by the reader's locale).
EXCEL_KRONER = '#,##0 "kr";-#,##0 "kr"'


def tall(belop: int, *, sep: str = " ", minus: str = "-") -> str:
    """``1544000`` → "1 544 000": digits in groups of three."""
    sign = minus if belop < 0 else ""
    return sign + f"{abs(belop):,}".replace(",", sep)


def kroner(belop: int, *, sep: str = NBSP, minus: str = MINUS) -> str:
    """``1544000`` → "1 544 000 kr" (no-break spaces, so that an amount never wraps)."""
    return tall(belop, sep=sep, minus=minus) + f"{sep}kr"
