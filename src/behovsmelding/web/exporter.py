"""The one contract every exporter follows, and what they share (no Django here).

An exporter (pretix-style) is a small class with a stable ``identifier``, a ``verbose_name``
for people, a ``content_type`` and an ``extension``; ``iterate_list(source)`` yields its rows
as dicts keyed by stable field names (never display labels), and ``render(source)`` gives the
file as bytes. The records' exporters (``web/exporters.py``, used by the overview's downloads
and ``behovsmelding export``) take export items; the forum's (``web/forum/exporters.py``) take
a frozen innstilling or vedtak.

Every cell of a spreadsheet or CSV file goes through :func:`neutralise`, the one place that
keeps text from outside from being read as a formula.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any, ClassVar

from ..belop import EXCEL_KRONER

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Amounts as numbers in whole kroner ("1 544 000 kr"; Excel groups by the reader's locale).
KRONER_FORMAT = EXCEL_KRONER

# Text that a spreadsheet would take for a formula (or DDE) when it starts with one of these:
# the free text comes from outside, so it is written with a leading apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell's value as it can safely stand in a spreadsheet or CSV file: text is never a
    formula (a leading apostrophe); anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Exporter(ABC):
    """An exporter: its identity, its rows by stable names, its file."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    content_type: ClassVar[str] = "application/octet-stream"
    extension: ClassVar[str] = ""

    @abstractmethod
    def iterate_list(self, source: Any) -> Iterator[dict[str, Any]]:
        """The rows, keyed by stable field names."""

    @abstractmethod
    def render(self, source: Any) -> bytes:
        """The whole file."""
