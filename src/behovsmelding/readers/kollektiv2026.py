"""Parser for the kollektiv-2026 generation (work in progress: issue 2)."""

from __future__ import annotations

from collections.abc import Sequence

from ..record import Behovsmelding
from .source import Line


def parse_kollektiv2026(lines: Sequence[Line]) -> Behovsmelding:
    return Behovsmelding(skjema="kollektiv-2026")
