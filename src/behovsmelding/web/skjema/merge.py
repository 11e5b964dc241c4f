"""Per-field merge of the owners' form: two people save one draft, and nothing typed is lost.

The draft is seen as its inputs' values, keyed by a *stable* name: a field outside the tables
by its record path (``behov``), a field in a row by the row's id (``budsjett.rader[r3].uh``),
never by the row's position, so that a row removed by one person cannot move another
person's amount onto the next tiltak. Each key remembers the draft version that last changed
it (``Utkast.feltversjoner``). A save names, for every field it changed, the version its value
was based on; a change is stored when nobody changed that field after that version, and
returned as a conflict otherwise. Rows are added and removed by id, against the row list the
person started from. This module knows dictionaries only: no database, no requests.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .diff import _norm
from .fields import BUDSJETTRAD, DELTAKERE, PARTNERE
from .forms import parse_amount

TABLES: dict[str, tuple[str, ...]] = {
    t.prefix: tuple(f.path for f in t.felt) for t in (BUDSJETTRAD, PARTNERE, DELTAKERE)
}
_POS = re.compile(r"^(budsjett\.rader|partnere|medbestemmelse\.deltakere)\[(\d+)\]\.(\w+)$")
_KEYED = re.compile(
    r"^(budsjett\.rader|partnere|medbestemmelse\.deltakere)\[([\w-]{1,40})\]\.(\w+)$"
)
_ROW_ID = re.compile(r"^[\w-]{1,40}$")
# The budget's Sum row is computed from the rows (``forms.computed_sum``): never a change of
# its own, so never a conflict either.
COMPUTED = ("budsjett.sum.",)


def valid_row_id(x: object) -> bool:
    return isinstance(x, str) and bool(_ROW_ID.match(x))


def new_row_id() -> str:
    return "r" + secrets.token_hex(5)


def split_key(key: str) -> tuple[str, str, str] | None:
    """``budsjett.rader[r3].uh`` → (table, row id, field); ``None`` outside the tables."""
    m = _KEYED.match(key)
    if m is None or m.group(3) not in TABLES[m.group(1)]:
        return None
    return m.group(1), m.group(2), m.group(3)


def row_ids(stored: Mapping[str, Any], counts: Mapping[str, int]) -> dict[str, list[str]]:
    """Each table's row ids: those stored, completed with positional ids for rows without one
    (a draft saved before rows had ids), so the same draft always gets the same ids."""
    out: dict[str, list[str]] = {}
    for t in TABLES:
        n = counts.get(t, 0)
        ids = [x for x in (stored.get(t) or []) if valid_row_id(x)][:n]
        i = 0
        while len(ids) < n:
            cand = f"p{i}"
            i += 1
            if cand not in ids:
                ids.append(cand)
        out[t] = ids
    return out


@dataclass
class State:
    values: dict[str, Any]  # keyed
    rader: dict[str, list[str]]


def keyed(positional: Mapping[str, Any], rader: Mapping[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in positional.items():
        m = _POS.match(k)
        if m is None:
            out[k] = v
            continue
        ids = rader.get(m.group(1), [])
        i = int(m.group(2))
        if i < len(ids):
            out[f"{m.group(1)}[{ids[i]}].{m.group(3)}"] = v
    return out


def positional(values: Mapping[str, Any], rader: Mapping[str, list[str]]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if split_key(k) is None}
    for t, ids in rader.items():
        for i, rid in enumerate(ids):
            for f in TABLES[t]:
                out[f"{t}[{i}].{f}"] = values.get(f"{t}[{rid}].{f}", "")
    return out


def row_is_empty(t: str, values: Mapping[str, Any], rid: str) -> bool:
    """A partner or participant row with nothing in it is not part of the answer (the
    record leaves it out); budget rows always are."""
    if t == "budsjett.rader":
        return False

    def v(f: str) -> str:
        return str(values.get(f"{t}[{rid}].{f}", "") or "").strip()

    if t == "partnere":
        return not (v("navn") or v("kontaktperson") or v("rolle") in ("eier", "uh"))
    return not (v("rolle") or v("navn"))


def same(a: Any, b: Any) -> bool:
    """Equal as answers: white space aside, and "250500" is "250 500"."""
    if _norm(a) == _norm(b):
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            pa, pb = parse_amount(a), parse_amount(b)
        except ValueError:
            return False
        return pa is not None and pa == pb
    return False


@dataclass(frozen=True)
class Endret:
    """One field as a person changed it, and the version the value they changed was from."""

    verdi: Any
    base: int


@dataclass
class RadEndring:
    """A table as the person has it (row ids in order), the list they started from, and the
    values of rows they touched (so a row someone else removed comes back whole)."""

    mine: list[str]
    base: list[str]
    verdier: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class FeltKonflikt:
    felt: str  # keyed
    mine: Any
    deres: Any
    versjon: int  # the version that holds theirs


@dataclass
class Resultat:
    state: State
    endret: set[str] = field(default_factory=set)
    konflikter: list[FeltKonflikt] = field(default_factory=list)
    # Rows this person removed that someone else changed meanwhile: kept, and said so.
    beholdt: list[tuple[str, str]] = field(default_factory=list)
    fjernet: list[tuple[str, str]] = field(default_factory=list)
    lagt_til: list[tuple[str, str]] = field(default_factory=list)

    @property
    def noe_endret(self) -> bool:
        return bool(self.endret or self.fjernet or self.lagt_til)


def _insert(ids: list[str], rid: str, mine: list[str]) -> None:
    """Put a row back or in where the person has it: after the nearest row before it in
    their list that is still there (first when there is none)."""
    pos = mine.index(rid) if rid in mine else len(mine)
    for prev in reversed(mine[:pos]):
        if prev in ids:
            ids.insert(ids.index(prev) + 1, rid)
            return
    if rid in mine:
        ids.insert(0, rid)
    else:
        ids.append(rid)


def merge(
    cur: State,
    versions: Mapping[str, int],
    felt: Mapping[str, Endret],
    rader: Mapping[str, RadEndring],
    *,
    kjent: int,
) -> Resultat:
    """``cur`` with this person's changes merged in, field by field (``cur`` is not changed)."""
    values = dict(cur.values)
    ids_by_table = {t: list(ids) for t, ids in cur.rader.items()}
    res = Resultat(State(values, ids_by_table))

    def changed_after(t: str, rid: str, base: int) -> bool:
        return any(versions.get(f"{t}[{rid}].{f}", 0) > base for f in TABLES[t])

    def add_row(t: str, rid: str, mine: list[str]) -> None:
        _insert(ids_by_table[t], rid, mine)
        given = rader[t].verdier.get(rid, {}) if t in rader else {}
        for f in TABLES[t]:
            values[f"{t}[{rid}].{f}"] = given.get(f, "")
        res.lagt_til.append((t, rid))

    for t, r in rader.items():
        if t not in TABLES:
            continue
        ids = ids_by_table[t]
        for rid in r.base:
            if rid in r.mine or rid not in ids:
                continue
            if changed_after(t, rid, kjent):
                res.beholdt.append((t, rid))
                continue
            ids.remove(rid)
            for f in TABLES[t]:
                values.pop(f"{t}[{rid}].{f}", None)
            res.fjernet.append((t, rid))
        for rid in r.mine:
            if rid not in r.base and rid not in ids and valid_row_id(rid):
                add_row(t, rid, r.mine)

    for key, e in felt.items():
        if key.startswith(COMPUTED):
            continue
        parts = split_key(key)
        if parts is not None:
            t, rid, _f = parts
            if rid not in ids_by_table[t]:
                if (t, rid) in res.fjernet:
                    continue  # removed by this very person
                # Someone else removed the row this person was writing in: it comes back.
                add_row(t, rid, rader[t].mine if t in rader else [])
        elif key not in cur.values:
            continue  # not a field of the form
        now = values.get(key, "")
        if same(now, e.verdi):
            continue
        if versions.get(key, 0) <= e.base or (parts is not None and (t, rid) in res.lagt_til):
            values[key] = e.verdi
            res.endret.add(key)
        else:
            res.konflikter.append(FeltKonflikt(key, e.verdi, now, versions.get(key, 0)))
    return res
