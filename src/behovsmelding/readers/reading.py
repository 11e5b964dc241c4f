"""What a reading gives beside the record: the fields that could not be read with certainty.

The behovsmelding-v1 record holds ``null`` for such a field, as the shared format says; the
:class:`Lesing` keeps, beside it, the field's path and the text as it stands in the document
(``{"budsjett.rader[1].totalt": "1 2 44 00"}``), so that the checks say "kunne ikke leses
sikkert" there instead of "er ikke fylt ut".

The parser notes an unreadable value on the object that holds the field
(:func:`note_unreadable`); the paths are worked out once the record is complete, from where
those objects ended up in it, so no parser needs to know the path of the row it is reading.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..record import Behovsmelding

__all__ = ["Lesing", "collecting", "note_unreadable"]


@dataclass
class Lesing:
    """One document read: the record, the fields read as unreadable (path → text), and where
    each filled field was read from (path → source; :mod:`.provenance`)."""

    record: Behovsmelding
    uleselig: dict[str, str] = field(default_factory=dict)
    kilder: dict[str, dict[str, Any]] = field(default_factory=dict)


_Note = tuple[object, str, str]
_NOTES: ContextVar[list[_Note] | None] = ContextVar("_NOTES", default=None)


def note_unreadable(obj: object, name: str, raw: str) -> None:
    """Field ``name`` of ``obj`` (a Budsjettrad, a Tiltak …) is written as ``raw`` in the
    document and could not be read with certainty (the field itself stays None)."""
    notes = _NOTES.get()
    if notes is not None:
        notes.append((obj, name, raw))


@contextmanager
def collecting() -> Iterator[Callable[[Behovsmelding], dict[str, str]]]:
    """Collect the notes made while parsing; the yielded function maps them to field paths
    of the finished record (notes on objects the record no longer holds are dropped)."""
    notes: list[_Note] = []
    token = _NOTES.set(notes)
    try:
        yield lambda record: _paths(record, notes)
    finally:
        _NOTES.reset(token)


def _paths(record: Behovsmelding, notes: list[_Note]) -> dict[str, str]:
    if not notes:
        return {}
    where: dict[int, str] = {}
    for path, obj in _objects(record, ""):
        where.setdefault(id(obj), path)
    out: dict[str, str] = {}
    for obj, name, raw in notes:
        base = where.get(id(obj))
        if base is None:
            continue
        path = f"{base}.{name}" if base else name
        if getattr(obj, name, None) in (None, []):
            out.setdefault(path, raw)
    return out


def _objects(obj: object, path: str) -> Iterator[tuple[str, object]]:
    """Every dataclass object of the record with its path ("", "budsjett.rader[0]" …)."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    yield path, obj
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        sub = f"{path}.{f.name}" if path else f.name
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _objects(item, f"{sub}[{i}]")
        else:
            yield from _objects(value, sub)
