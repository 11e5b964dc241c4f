"""Checks: record → findings (work in progress: issue 3).

Interface (stable): ``check(record, config=None) -> list[Finding]`` sorted most severe first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..record import Behovsmelding

SEVERITIES = ("feil", "advarsel", "merknad")


@dataclass(frozen=True, slots=True)
class Finding:
    kode: str
    alvorlighet: str  # "feil" | "advarsel" | "merknad"
    felt: str  # path in the record, e.g. "tiltak[0].totalt"
    melding: str  # Norwegian, with the numbers involved

    def to_dict(self) -> dict[str, str]:
        return {"kode": self.kode, "alvorlighet": self.alvorlighet, "felt": self.felt,
                "melding": self.melding}


def check(record: Behovsmelding, config: object | None = None) -> list[Finding]:
    return []
