"""Parser for the lokal-2024 generation (work in progress: issue 2)."""

from __future__ import annotations

from collections.abc import Sequence

from ..record import Behovsmelding
from .source import Line


def parse_lokal2024(lines: Sequence[Line]) -> Behovsmelding:
    return Behovsmelding(skjema="lokal-2024")
