"""Field paths of the behovsmelding-v1 record: "tiltak[0].totalt", "kontaktpersoner.eier.epost".

A *pattern* may use "[*]" for every item of a list ("tiltak[*].navn"); ``resolve`` yields the
concrete paths with their values, in document order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


@dataclass(frozen=True, slots=True)
class Resolved:
    felt: str
    value: object
    parent: object  # the object that holds the field (e.g. the Tiltak), None if missing


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
    return Pattern(text, tuple(segments))


def resolve(record: Behovsmelding, pattern: Pattern) -> Iterator[Resolved]:
    """Concrete paths of ``pattern`` in ``record``; a field under a missing object is None."""

    def walk(obj: object, i: int, prefix: str, parent: object) -> Iterator[Resolved]:
        if i == len(pattern.segments):
            yield Resolved(prefix, obj, parent)
            return
        name, star = pattern.segments[i]
        path = f"{prefix}.{name}" if prefix else name
        value = getattr(obj, name) if obj is not None else None
        if star:
            for n, item in enumerate(value or ()):
                yield from walk(item, i + 1, f"{path}[{n}]", item)
        else:
            yield from walk(value, i + 1, path, obj)

    yield from walk(record, 0, "", None)
