"""Field paths of the behovsmelding-v1 record: "tiltak[0].totalt", "kontaktpersoner.eier.epost".

A *pattern* may use "[*]" for every item of a list ("tiltak[*].navn"); ``resolve`` yields the
concrete paths with their values, in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..record import (
    Behovsmelding,
    Budsjett,
    Budsjettrad,
    Deltaker,
    Maaloppnaaelse,
    Medbestemmelse,
    Partner,
    Tiltak,
)

_SEG = re.compile(r"^([a-z_]+)(\[\*\])?$")


class PathError(ValueError):
    """A field pattern that does not name a field of the record."""


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str
    segments: tuple[tuple[str, bool], ...]  # (attribute, iterate over its items)
    has_star: bool = False

    def path(self, index: tuple[int, ...]) -> str:
        """The concrete path for the list positions in ``index``: "tiltak[3].navn"."""
        if not self.has_star:
            return self.text
        parts = self.text.split("[*]")
        return "".join(f"{p}[{i}]" for p, i in zip(parts, index, strict=False)) + parts[-1]


# (value, the object that holds the field (e.g. the Tiltak) or None, the list positions for
# Pattern.path). A plain tuple: this is the checks' innermost loop.
Resolved = tuple[object, object, tuple[int, ...]]


def _template() -> Behovsmelding:
    """A record where every nested object exists, to validate patterns against."""
    return Behovsmelding(
        tiltak=[Tiltak()],
        maaloppnaaelse=Maaloppnaaelse(),
        budsjett=Budsjett(rader=[Budsjettrad()], sum=Budsjettrad()),
        partnere=[Partner()],
        medbestemmelse=Medbestemmelse(deltakere=[Deltaker()]),
    )


_TEMPLATE = _template()


def compile_pattern(text: str) -> Pattern:
    segments: list[tuple[str, bool]] = []
    obj: object = _TEMPLATE
    for part in text.split("."):
        m = _SEG.match(part)
        if m is None or obj is None or not hasattr(obj, m.group(1)) or m.group(1).startswith("_"):
            raise PathError(f"«{text}» er ikke et felt i behovsmelding-v1")
        name, star = m.group(1), m.group(2) is not None
        obj = getattr(obj, name)
        if star:
            if not isinstance(obj, list):
                raise PathError(f"«{text}»: {name} er ikke en liste")
            obj = obj[0] if obj else None
        segments.append((name, star))
    return Pattern(text, tuple(segments), any(star for _, star in segments))


def resolve(record: Behovsmelding, pattern: Pattern) -> list[Resolved]:
    """The values ``pattern`` names in ``record``; a field under a missing object is None.

    Iterative, and the path string is only built (``pattern.path``) for a value that is
    reported: the web form re-checks on every change, and this is the innermost loop."""
    if not pattern.has_star:
        obj: object = record
        parent: object = None
        for name, _ in pattern.segments:
            parent = obj
            obj = getattr(obj, name) if obj is not None else None
        return [(obj, parent, ())]
    items: list[Resolved] = [(record, None, ())]
    for name, star in pattern.segments:
        step: list[Resolved] = []
        for obj, _, pos in items:
            value = getattr(obj, name) if obj is not None else None
            if star:
                step.extend([(it, it, (*pos, n)) for n, it in enumerate(value or ())])
            else:
                step.append((value, obj, pos))
        items = step
    return items
