"""The sums of a behovsmelding as equations, and which amount breaks them.

Every sum the form asks for is an equation between amount cells:

* each tiltak: Eier + UH = Sum totalt (T);
* each budget line and the Sum line: Eier + all UH amounts = Totalt (R, S);
* each column of the budget: the lines add up to the Sum line (C);
* lokal-2024 with one ordning: the tiltak add up to that ordning's budget line (O).

One mistyped amount breaks exactly the equations it stands in. So when the broken equations
are the equations of one single cell (and of no other cell), that cell is the likely typo,
and it is reported once, at that cell ("Tiltak 2: Eier 60 000 passer ikke med resten …").
Its line's own sum (Eier + UH = total) is then also reported at the line's total, where a
reader of the form looks for it. What cannot be pinned down is reported per broken equation at
its usual place: a tiltak at its Sum totalt, a line at its Totalt, a column at the Sum line, an
ordning at its line.

An empty part beside a written total (SUM_DEL_MANGLER's finding) is counted as 0, except when
two sums agree on what it should be: the tiltak's Sum totalt and the ordning's line, or a
line's Totalt and the Sum line. Then the amount was only left out, the other amounts are
consistent, and taking it as 0 would report the one empty cell a second time as a broken sum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from ..record import Behovsmelding, Budsjettrad, Tiltak
from .config import CheckConfig
from .model import CHECK_MEMO, Funn
from .text import kr, quote, tiltak_label

_LINE_SUMS = frozenset({"SUM_TILTAK", "SUM_RAD"})  # Eier + UH = total, on one line
_TILTAK_COL = {"eier": "Eier", "uh": "UH", "totalt": "Sum totalt"}
_ROW_COL = {"eier": "Eier", "uh": "UH", "totalt": "Totalt"}
_ORDNING_WORDS = {
    "regional": "regional",
    "desentralisert": "desentral",
    "kompetanseloftet": "kompetansel",
}


@dataclass(slots=True)
class _Eq:
    kode: str  # the rule that reports this equation when no single cell explains it
    felt: str  # ... and where
    melding: str  # ... and what it says
    brudd: str  # the violation in a few words, for a message about one cell
    fix: dict[str, int] = field(default_factory=dict)  # cell → value that would satisfy it
    violated: bool = False


@dataclass(slots=True)
class _Cell:
    where: str  # "Tiltak 2", "Budsjett, linjen «Regional ordning»"
    label: str  # "Eier", "Sum totalt"
    value: int | None


def row_is_empty(r: Budsjettrad) -> bool:
    return r.eier is None and not r.uh and r.totalt is None


def row_name(r: Budsjettrad, felt: str) -> str:
    if felt == "budsjett.sum":
        return "Budsjett, Sum-linjen"
    return f"Budsjett, linjen {quote(r.etikett)}" if r.etikett else f"Budsjett, {felt}"


def _uh_text(r: Budsjettrad) -> str:
    if len(r.uh) > 1:
        return f"UH {kr(r.uh_sum)} ({' + '.join(kr(b.belop) for b in r.uh)})"
    return f"UH {kr(r.uh_sum)}"


def _terms(values: list[int]) -> str:
    shown = [kr(v) for v in values]
    if len(shown) > 6:
        shown = [*shown[:5], "…"]
    return " + ".join(shown)


def ordning_row(record: Behovsmelding) -> tuple[int, Budsjettrad] | None:
    """The budget line of the one ordning the document covers, if it covers exactly one."""
    rows = list(enumerate(record.budsjett.rader))
    ordninger = record.ordninger
    if ordninger is not None and len(ordninger) == 1:
        word = _ORDNING_WORDS.get(ordninger[0])
        hits = [(i, r) for i, r in rows if word and word in (r.etikett or "").casefold()]
        if len(hits) == 1:
            return hits[0]
        return rows[0] if len(rows) == 1 else None
    if ordninger is None and len(rows) == 1:
        label = (rows[0][1].etikett or "").casefold()
        if any(w in label for w in _ORDNING_WORDS.values()):
            return rows[0]
    return None


def _part(obj: Tiltak | Budsjettrad, col: str) -> int | None:
    if isinstance(obj, Budsjettrad) and col == "uh":
        return obj.uh_sum
    value: int | None = getattr(obj, col)
    return value


def _missing_part(obj: Tiltak | Budsjettrad) -> tuple[str, int] | None:
    """The one empty part (Eier or UH) beside a written total, and what the total implies."""
    e, u, tot = _part(obj, "eier"), _part(obj, "uh"), obj.totalt
    if tot is None or (e is None) == (u is None):
        return None
    return ("eier", tot - (u or 0)) if e is None else ("uh", tot - (e or 0))


def _agree(
    cells: list[tuple[str, Tiltak | Budsjettrad]], col: str, total: int | None, tol: int
) -> dict[str, int]:
    """The empty ``col`` cells of ``cells`` (each beside a written total) when the amounts
    their totals imply make the column add up to ``total``; else nothing."""
    if total is None:
        return {}
    known, implied = 0, {}
    for base, obj in cells:
        v = _part(obj, col)
        if v is not None:
            known += v
            continue
        missing = _missing_part(obj)
        if missing is None or missing[0] != col:
            return {}  # an empty cell no total speaks for
        implied[f"{base}.{col}"] = missing[1]
    if implied and abs(known + sum(implied.values()) - total) <= tol:
        return implied
    return {}


def implied_empty_parts(record: Behovsmelding, config: CheckConfig) -> dict[str, int]:
    """Empty Eier/UH cells beside a written total whose amount two sums agree on
    ("tiltak[1].eier" → 480000): the total minus the other part, confirmed by the ordning's
    line (the tiltak) or by the Sum line (the budget lines)."""
    tol = config.toleranse_kr
    out: dict[str, int] = {}
    tiltak = record.tiltak
    own = ordning_row(record) if record.skjema == "lokal-2024" and tiltak else None
    b = record.budsjett
    rows: list[tuple[str, Tiltak | Budsjettrad]] = [
        (f"budsjett.rader[{k}]", r) for k, r in enumerate(b.rader) if not row_is_empty(r)
    ]
    for col in ("eier", "uh"):
        if own is not None:
            cells: list[tuple[str, Tiltak | Budsjettrad]] = [
                (f"tiltak[{i}]", t) for i, t in enumerate(tiltak)
            ]
            out.update(_agree(cells, col, _part(own[1], col), tol))
        if b.sum is not None and rows:
            s_value = _part(b.sum, col)
            if s_value is None:
                # The Sum line's own empty cell: its Totalt and the full lines above agree.
                missing = _missing_part(b.sum)
                values = [_part(r, col) for _, r in rows]
                if (
                    missing is not None
                    and missing[0] == col
                    and all(v is not None for v in values)
                    and abs(sum(v or 0 for v in values) - missing[1]) <= tol
                ):
                    out[f"budsjett.sum.{col}"] = missing[1]
            else:
                out.update(_agree(rows, col, s_value, tol))
    return out


class _Builder:
    def __init__(self, record: Behovsmelding, config: CheckConfig) -> None:
        self.record = record
        self.tol = config.toleranse_kr
        self.eqs: list[_Eq] = []
        # Empty cells the sums agree on count as that amount (see the module's doc).
        self.filled = implied_empty_parts(record, config)

    def value(self, obj: Tiltak | Budsjettrad, base: str, col: str) -> int | None:
        v = _part(obj, col)
        return self.filled.get(f"{base}.{col}") if v is None else v

    def add(
        self,
        kode: str,
        felt: str,
        fix: dict[str, int],
        written: int,
        computed: int,
        texts: Callable[[], tuple[str, str]],
    ) -> None:
        """Add an equation; its texts are only written when it is broken (the common case,
        a sum that holds, must stay cheap: the web form re-checks on every change)."""
        violated = abs(computed - written) > self.tol
        melding, brudd = texts() if violated else ("", "")
        self.eqs.append(_Eq(kode, felt, melding, brudd, fix, violated))

    def tiltak(self) -> None:
        for i, t in enumerate(self.record.tiltak):
            if t.totalt is None or (t.eier is None and t.uh is None):
                continue
            base = f"tiltak[{i}]"
            e, u, tot = self.value(t, base, "eier") or 0, self.value(t, base, "uh") or 0, t.totalt

            def texts(t: Tiltak = t, i: int = i, e: int = e, u: int = u) -> tuple[str, str]:
                tot = t.totalt or 0
                return (
                    f"{tiltak_label(t, i)}: Sum totalt {kr(tot)} er ikke Eier {kr(t.eier)} + "
                    f"UH {kr(t.uh)} = {kr(e + u)} (differanse {kr(tot - e - u)}).",
                    f"Eier + UH blir {kr(e + u)}, ikke Sum totalt {kr(tot)}",
                )

            fix = {f"{base}.eier": tot - u, f"{base}.uh": tot - e, f"{base}.totalt": e + u}
            self.add("SUM_TILTAK", f"{base}.totalt", fix, tot, e + u, texts)

    def rows(self) -> None:
        b = self.record.budsjett
        lines = [(f"budsjett.rader[{i}]", r) for i, r in enumerate(b.rader)]
        if b.sum is not None:
            lines.append(("budsjett.sum", b.sum))
        for base, r in lines:
            if r.totalt is None or (r.eier is None and not r.uh):
                continue
            e, u, tot = self.value(r, base, "eier") or 0, self.value(r, base, "uh") or 0, r.totalt

            def texts(
                r: Budsjettrad = r, base: str = base, e: int = e, u: int = u
            ) -> tuple[str, str]:
                tot = r.totalt or 0
                place = (
                    "Sum-linjen" if base == "budsjett.sum" else f"linjen {quote(r.etikett or '')}"
                )
                return (
                    f"{row_name(r, base)}: Totalt {kr(tot)} er ikke Eier {kr(r.eier)} + "
                    f"{_uh_text(r)} = {kr(e + u)} (differanse {kr(tot - e - u)}).",
                    f"Eier + UH blir {kr(e + u)}, ikke Totalt {kr(tot)} på {place}",
                )

            fix = {f"{base}.eier": tot - u, f"{base}.uh": tot - e, f"{base}.totalt": e + u}
            self.add("SUM_RAD", f"{base}.totalt", fix, tot, e + u, texts)

    def columns(self) -> None:
        s = self.record.budsjett.sum
        rows = [
            (f"budsjett.rader[{i}]", r)
            for i, r in enumerate(self.record.budsjett.rader)
            if not row_is_empty(r)
        ]
        if s is None or not rows:
            return
        for col, label in _ROW_COL.items():
            written = self.value(s, "budsjett.sum", col)
            values = [self.value(r, base, col) for base, r in rows]
            # A line with this cell empty is reported by itself (SUM_DEL_MANGLER,
            # MANGLER_BELOP); adding it up here would repeat that at the Sum line.
            if written is None or any(v is None for v in values):
                continue
            known = [v for v in values if v is not None]
            total = sum(known)
            fix = {
                f"{base}.{col}": written - (total - v)
                for (base, _), v in zip(rows, known, strict=True)
            }
            fix[f"budsjett.sum.{col}"] = total

            def texts(
                label: str = label,
                written: int = written,
                total: int = total,
                known: list[int] = known,
            ) -> tuple[str, str]:
                return (
                    f"Budsjett, Sum-linjen: {label} {kr(written)} er ikke summen av linjene "
                    f"over, {_terms(known)} = {kr(total)} (differanse {kr(written - total)}).",
                    f"linjene over gir {label} {kr(total)}, ikke {kr(written)} som på Sum-linjen",
                )

            self.add("SUM_KOLONNE", f"budsjett.sum.{col}", fix, written, total, texts)

    def ordning(self) -> None:
        if self.record.skjema != "lokal-2024" or not self.record.tiltak:
            return
        found = ordning_row(self.record)
        if found is None:
            return
        k, row = found
        base = f"budsjett.rader[{k}]"
        for col, label in _ROW_COL.items():
            written = self.value(row, base, col)
            values: list[int] = []
            for i, t in enumerate(self.record.tiltak):
                v = self.value(t, f"tiltak[{i}]", col)
                if v is None and t.totalt is not None and col != "totalt":
                    v = 0  # an empty part beside a written total counts as 0, as in T
                if v is None:
                    break
                values.append(v)
            if written is None or len(values) != len(self.record.tiltak):
                continue
            total = sum(values)
            fix = {f"tiltak[{i}].{col}": written - (total - v) for i, v in enumerate(values)}
            fix[f"{base}.{col}"] = total

            def texts(
                label: str = label, written: int = written, total: int = total
            ) -> tuple[str, str]:
                etikett = quote(row.etikett or "ordningen")
                nrs = ", ".join(str(t.nr) if t.nr is not None else "?" for t in self.record.tiltak)
                return (
                    f"Tiltakene ({nrs}) har til sammen {label} {kr(total)}, men budsjettlinjen "
                    f"{etikett} har {label} {kr(written)} (differanse {kr(written - total)}).",
                    f"tiltakene gir til sammen {label} {kr(total)}, ikke {kr(written)} som på "
                    f"budsjettlinjen {etikett}",
                )

            self.add("SUM_ORDNING", f"{base}.{col}", fix, written, total, texts)


def _cell(record: Behovsmelding, felt: str) -> _Cell:
    """How to name a cell in a message, from its path."""
    base, col = felt.rsplit(".", 1)
    if base.startswith("tiltak["):
        i = int(base[len("tiltak[") : -1])
        t = record.tiltak[i]
        return _Cell(tiltak_label(t, i), _TILTAK_COL[col], getattr(t, col))
    if base == "budsjett.sum" and record.budsjett.sum is not None:
        r = record.budsjett.sum
    else:
        r = record.budsjett.rader[int(base[len("budsjett.rader[") : -1])]
    return _Cell(row_name(r, base), _ROW_COL[col], r.uh_sum if col == "uh" else getattr(r, col))


def _culprit_message(cell: _Cell, felt: str, eqs: list[_Eq]) -> str:
    both = "begge" if len(eqs) == 2 else "alle"
    return (
        f"{cell.where}: {cell.label} {kr(cell.value)} passer ikke med resten: "
        + ", og ".join(eq.brudd for eq in eqs)
        + f". Med {cell.label} {kr(eqs[0].fix[felt])} stemmer {both}."
    )


def _culprit_code(felt: str) -> str:
    if felt.startswith("tiltak["):
        return "SUM_TILTAK"
    if felt.startswith("budsjett.sum"):
        return "SUM_KOLONNE"
    return "SUM_RAD"


def analyse(record: Behovsmelding, config: CheckConfig) -> list[tuple[str, Funn]]:
    """(rule code, finding) for every sum that does not hold, in the equations' order.

    Four rules share this analysis; within one ``check()`` call it is done once (the record
    does not change during a check)."""
    memo = CHECK_MEMO.get()
    key = ("sums", id(record), id(config))
    if memo is not None and key in memo:
        return cast(list[tuple[str, Funn]], memo[key])
    result = _analyse(record, config)
    if memo is not None:
        memo[key] = result
    return result


def _analyse(record: Behovsmelding, config: CheckConfig) -> list[tuple[str, Funn]]:
    b = _Builder(record, config)
    b.tiltak()
    b.rows()
    b.columns()
    b.ordning()
    remaining = {i for i, eq in enumerate(b.eqs) if eq.violated}
    if not remaining:
        return []
    member: dict[str, frozenset[int]] = {}
    for i, eq in enumerate(b.eqs):
        for cell in eq.fix:
            member[cell] = member.get(cell, frozenset()) | {i}
    out: list[tuple[str, Funn]] = []
    while remaining:
        # Cells whose equations are all broken, and that stand in at least two of them: a typo
        # there explains those equations. Taken only where no other cell explains the same.
        # The equations must also agree on the value the cell should have: several slips
        # that together break a column do not make one of them "the" typo.
        by_set: dict[frozenset[int], list[str]] = {}
        for i in remaining:
            for cell in b.eqs[i].fix:
                m = member[cell]
                if len(m) < 2 or not m <= remaining or cell in by_set.get(m, ()):
                    continue
                if len({b.eqs[j].fix[cell] for j in m}) == 1:
                    by_set.setdefault(m, []).append(cell)
        unique = [(m, cells[0]) for m, cells in by_set.items() if len(cells) == 1]
        if not unique:
            break
        m, cell = max(unique, key=lambda mc: (len(mc[0]), -min(mc[0])))
        eqs = [b.eqs[i] for i in sorted(m)]
        out.append(
            (_culprit_code(cell), Funn(cell, _culprit_message(_cell(record, cell), cell, eqs)))
        )
        # The line's own sum is broken too, and a reader of the form looks for that at the
        # line's total: say it there as well (the likely typo stays the first finding).
        out.extend(
            (eq.kode, Funn(eq.felt, eq.melding))
            for eq in eqs
            if eq.kode in _LINE_SUMS and eq.felt != cell
        )
        remaining -= m
    out.extend((b.eqs[i].kode, Funn(b.eqs[i].felt, b.eqs[i].melding)) for i in sorted(remaining))
    return out
