"""Configuration of the owners' form (environment, with defaults; never constants in code)."""

from __future__ import annotations

import os


def skjema_aar() -> int:
    """The year the current form asks for (``BEHOVSMELDING_SKJEMA_AAR``, default 2026)."""
    return int(os.environ.get("BEHOVSMELDING_SKJEMA_AAR") or 2026)


def uh_kan_sende_inn() -> bool:
    """Whether the UH partner's people may send the behovsmelding in, too
    (``BEHOVSMELDING_UH_KAN_SENDE_INN``, default no: the owner sends in). Set for a round."""
    return (os.environ.get("BEHOVSMELDING_UH_KAN_SENDE_INN") or "").lower() in ("1", "ja", "true")
