"""Configuration of the owners' form (environment, with defaults; never constants in code)."""

from __future__ import annotations

import os


def skjema_aar() -> int:
    """The year the current form asks for (``BEHOVSMELDING_SKJEMA_AAR``, default 2026)."""
    return int(os.environ.get("BEHOVSMELDING_SKJEMA_AAR") or 2026)
