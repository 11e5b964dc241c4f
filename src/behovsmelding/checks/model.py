"""What the checks produce (``Finding``) and what they are made of (``Rule``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..record import (
    Behovsmelding,
    Belop,
    Budsjett,
    Budsjettrad,
    Deltaker,
    Maaloppnaaelse,
    Medbestemmelse,
    Partner,
    Tiltak,
    Videreforing,
)

if TYPE_CHECKING:
    from .config import CheckConfig

Alvorlighet = Literal["feil", "advarsel", "merknad"]

#: Most severe first. "feil" blocks a web submission; "advarsel" asks the caseworker to look;
#: "merknad" is a note.
SEVERITIES: tuple[str, ...] = ("feil", "advarsel", "merknad")
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

ALL_SKJEMA = frozenset({"lokal-2024", "kollektiv-2026"})
LOKAL_2024 = frozenset({"lokal-2024"})
KOLLEKTIV_2026 = frozenset({"kollektiv-2026"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the caseworker (or the owner, in the web form) should know about a record."""

    kode: str  # the rule's stable code, e.g. "SUM_TILTAK"
    alvorlighet: str  # "feil" | "advarsel" | "merknad"
    felt: str  # path in the behovsmelding-v1 record, e.g. "tiltak[0].totalt"
    melding: str  # Norwegian, with the numbers and values involved

    def to_dict(self) -> dict[str, str]:
        return {
            "kode": self.kode,
            "alvorlighet": self.alvorlighet,
            "felt": self.felt,
            "melding": self.melding,
        }


class Funn(NamedTuple):
    """What a rule function yields: where, and what to say. The rule adds code and severity."""

    felt: str
    melding: str


RuleFn = Callable[[Behovsmelding, "CheckConfig"], Iterable[Funn]]

#: Work that several rules share, kept for the duration of one ``check()`` call only (so a
#: record changed between two checks is never judged from a stale result).
CHECK_MEMO: ContextVar[dict[object, object] | None] = ContextVar("CHECK_MEMO", default=None)


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: a stable code, a default severity, where it applies, and a small function.

    ``beskrivelse`` says what the rule finds and why it has its severity; it is the rule's
    documentation (``behovsmelding check --regler`` or the caseworker's help page can list it).
    The severity and whether the rule runs at all can be changed in the configuration.
    """

    kode: str
    alvorlighet: Alvorlighet
    skjema: frozenset[str]
    beskrivelse: str
    fn: RuleFn
    fra_aar: int | None = None
    til_aar: int | None = None

    def applies_to(self, record: Behovsmelding) -> bool:
        if record.skjema not in self.skjema:
            return False
        aar = record.aar
        if aar is None:
            return True
        if self.fra_aar is not None and aar < self.fra_aar:
            return False
        return not (self.til_aar is not None and aar > self.til_aar)


def _field_positions() -> dict[str, int]:
    """Every field path of the format with list positions left out ("tiltak[].totalt"),
    numbered in the order the fields stand in a record (which is the form's order)."""
    full = Behovsmelding(
        tiltak=[Tiltak(videreforing=[Videreforing(periode="")])],
        maaloppnaaelse=Maaloppnaaelse(),
        budsjett=Budsjett(rader=[Budsjettrad(uh=[Belop(0)])], sum=Budsjettrad(uh=[Belop(0)])),
        partnere=[Partner()],
        medbestemmelse=Medbestemmelse(deltakere=[Deltaker()]),
    )
    out: dict[str, int] = {}

    def walk(value: object, prefix: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                path = f"{prefix}.{k}" if prefix else k
                out.setdefault(path, len(out))
                walk(v, path)
        elif isinstance(value, list):
            for v in value:
                walk(v, prefix + "[]")

    walk(full.to_dict(), "")
    return out


_POSITIONS = _field_positions()
_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


@lru_cache(maxsize=4096)
def field_order_key(felt: str) -> tuple[tuple[int, int], ...]:
    """A sort key that puts field paths in document order: "tiltak[1].navn" after
    "tiltak[0].totalt", "budsjett.sum.eier" after "budsjett.rader[2].totalt"."""
    key: list[tuple[int, int]] = []
    norm = ""
    for name, brackets in _SEGMENT.findall(felt):
        norm = f"{norm}.{name}" if norm else name
        key.append((_POSITIONS.get(norm, len(_POSITIONS)), -1))
        for idx in re.findall(r"\d+", brackets):
            norm += "[]"
            key.append((-1, int(idx)))
    return tuple(key)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first; within a severity in document order (by ``felt``)."""
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER.get(f.alvorlighet, len(SEVERITIES)), field_order_key(f.felt)),
    )
