"""The overview's filters, sorting, totals and chart, as plain functions over a queryset.

The filter menus and the totals and bars of a filtered set are cached (:func:`cached`): the
cache key is the set's SQL and parameters together with a stamp of the data (the newest
behovsmelding, audit entry and institution, read in one cheap query, plus a counter that every
save or delete of a behovsmelding, its content, an institution, partnership or region in this
process moves on). Every action that changes a record writes an audit entry, so a change made
by any worker or machine changes the stamp and is shown at once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Count, Model, QuerySet, Sum
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import QueryDict
from django.utils.safestring import mark_safe

from . import referanse, search
from .models import Behovsmelding, Hendelse, Innhold, Institusjon, Ordning, Partnerskap, Region
from .workflow import Status

SKJEMA_LABELS = {"lokal-2024": "Lokal 2024 (til 2025)", "kollektiv-2026": "Kollektiv 2026"}

# Sort keys the user may pick: URL value -> (label, order_by fields)
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "-mottatt": ("Sist mottatt", ("-mottatt", "-id")),
    "mottatt": ("Først mottatt", ("mottatt", "id")),
    "eier": ("Eier A–Å", ("eier", "id")),
    "-eier": ("Eier Å–A", ("-eier", "-id")),
    "-sum_totalt": ("Største beløp", ("-sum_totalt", "-id")),
    "sum_totalt": ("Minste beløp", ("sum_totalt", "id")),
    "-aar": ("Nyeste år", ("-aar", "eier", "id")),
    "status": ("Status", ("status", "eier", "id")),
    "-antall_feil": ("Flest feil", ("-antall_feil", "-id")),
}
DEFAULT_SORT = "-mottatt"
# Digits as typed on a keyboard: str.isdigit() also takes "²" and "٣", which int() refuses or
# reads as another number.
_DIGITS = re.compile(r"[0-9]+")
MAX_ID = 2**63 - 1
PAGE_SIZE = 50
SEARCH_MAX = 200


@dataclass
class Filtre:
    aar: int | None = None
    skjema: str = ""
    ordning: str = ""
    nettverk: str = ""
    eier: str = ""
    uh: str = ""  # an Institusjon id
    status: str = ""
    feil: str = ""  # "ja" | "nei" | ""
    q: str = ""
    # "alle": also the records marked withdrawn, duplicate or replaced (left out by default).
    vis: str = ""
    sort: str = DEFAULT_SORT
    side: int = 1
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict | dict[str, str]) -> Filtre:
        f = cls()
        aar = (params.get("aar") or "").strip()
        if aar:
            if _DIGITS.fullmatch(aar) and len(aar) == 4:
                f.aar = int(aar)
            else:
                f.errors.append("År må være et firesifret tall.")
        f.skjema = _choice(params.get("skjema"), SKJEMA_LABELS)
        f.ordning = _choice(params.get("ordning"), dict(Ordning.choices))
        f.status = _choice(params.get("status"), dict(Status.choices))
        f.feil = _choice(params.get("feil"), {"ja": "", "nei": ""})
        f.vis = _choice(params.get("vis"), VIS_VALG)
        f.nettverk = (params.get("nettverk") or "").strip()[:200]
        f.eier = (params.get("eier") or "").strip()[:300]
        uh = (params.get("uh") or "").strip()
        if uh:
            # An id the database can compare: SQLite and PostgreSQL stop at 2**63 - 1.
            if _DIGITS.fullmatch(uh) and int(uh) <= MAX_ID:
                f.uh = uh
            else:
                f.errors.append("Ukjent kompetansemiljø (UH) i filteret.")
        f.q = " ".join((params.get("q") or "").split())[:SEARCH_MAX]
        sort = params.get("sort") or DEFAULT_SORT
        f.sort = sort if sort in SORTS else DEFAULT_SORT
        side = (params.get("side") or "1").strip()
        # Beyond the last page is the last page (Paginator.get_page); nine digits is plenty.
        f.side = int(side) if _DIGITS.fullmatch(side) and len(side) <= 9 and int(side) > 0 else 1
        return f

    def apply(self, qs: QuerySet[Behovsmelding]) -> QuerySet[Behovsmelding]:
        if self.vis == "markerte":
            qs = qs.exclude(markert="")
        elif self.vis != "alle":
            qs = qs.filter(markert="")
        if self.aar is not None:
            qs = qs.filter(aar=self.aar)
        if self.skjema:
            qs = qs.filter(skjema=self.skjema)
        if self.ordning:
            qs = qs.filter(ordninger__contains=f",{self.ordning},")
        if self.nettverk:
            qs = qs.filter(kompetansenettverk=self.nettverk)
        if self.eier:
            qs = qs.filter(eier=self.eier)
        if self.uh:
            qs = qs.filter(institusjon_id=int(self.uh))
        if self.status:
            qs = qs.filter(status=self.status)
        if self.feil:
            qs = qs.filter(har_feil=self.feil == "ja")
        if self.q:
            pk = referanse.parse(self.q)
            # A reference number (from a receipt) names one record; any other text is searched.
            qs = qs.filter(pk=pk) if pk is not None else search.apply(qs, self.q)
        return qs

    def ordered(self, qs: QuerySet[Behovsmelding]) -> QuerySet[Behovsmelding]:
        return qs.order_by(*SORTS[self.sort][1])

    def query_params(self, **override: Any) -> dict[str, str]:
        """The filters as URL parameters (for export links and paging)."""
        values: dict[str, Any] = {
            "aar": self.aar or "",
            "skjema": self.skjema,
            "ordning": self.ordning,
            "nettverk": self.nettverk,
            "eier": self.eier,
            "uh": self.uh,
            "status": self.status,
            "feil": self.feil,
            "q": self.q,
            "vis": self.vis,
            "sort": self.sort if self.sort != DEFAULT_SORT else "",
        }
        values.update(override)
        return {k: str(v) for k, v in values.items() if v not in ("", None)}


# Which records the list shows besides the ones that count.
VIS_VALG = {
    "": "Gjeldende behovsmeldinger",
    "alle": "Også trukne, duplikater og erstattede",
    "markerte": "Bare trukne, duplikater og erstattede",
}


def _choice(value: str | None, allowed: dict[str, Any]) -> str:
    value = (value or "").strip()
    return value if value in allowed else ""


ORDNING_KEYS = tuple(o.value for o in Ordning)
PARTS = ("eier", "uh", "totalt")


SUM_COLUMNS = {"eier": "sum_eier", "uh": "sum_uh", "totalt": "sum_totalt"} | {
    f"{o}_{p}": f"{o}_{p}" for o in ORDNING_KEYS for p in PARTS
}


def _per_network(qs: QuerySet[Behovsmelding]) -> list[dict[str, Any]]:
    """Count and every sum of the filtered set per network: one GROUP BY gives both the totals
    and the bars (a set has a handful of networks)."""
    rows = (
        qs.order_by()
        .values("kompetansenettverk", "til_avklaring")
        .annotate(antall=Count("id"), **{k: Sum(col) for k, col in SUM_COLUMNS.items()})
    )
    return [dict(r) for r in rows]


def _totals_of(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Every record counts in ``antall``; the sums leave out the records held "Til avklaring"
    (counted apart in ``antall_avklaring``) until their owner is settled."""
    settled = [r for r in rows if not r["til_avklaring"]]
    out = {k: sum(int(r[k] or 0) for r in settled) for k in SUM_COLUMNS}
    out["antall"] = sum(int(r["antall"] or 0) for r in rows)
    out["antall_avklaring"] = sum(int(r["antall"] or 0) for r in rows if r["til_avklaring"])
    return out


def _network_bars(rows: list[dict[str, Any]]) -> list[Stolpe]:
    merged: dict[str, list[int]] = {}
    for r in rows:
        if r["til_avklaring"]:
            continue
        b = merged.setdefault(r["kompetansenettverk"] or "Uten nettverk", [0, 0, 0])
        b[0] += int(r["eier"] or 0)
        b[1] += int(r["uh"] or 0)
        b[2] += int(r["totalt"] or 0)
    bars = [(label, v[0], v[1], v[2]) for label, v in merged.items()]
    return _bars(sorted(bars, key=lambda b: (-b[3], b[0])))


def totals(qs: QuerySet[Behovsmelding]) -> dict[str, int]:
    """Count, Eier, UH and total of the filtered set, and the same split by ordning
    (``regional_eier`` …)."""
    return _totals_of(_per_network(qs))


def summary(
    qs: QuerySet[Behovsmelding], stamp: tuple[Any, ...] | None = None
) -> tuple[dict[str, int], list[Stolpe]]:
    """:func:`totals` and :func:`chart_by_network` of the filtered set from one query, cached
    (``stamp``: :func:`data_stamp`, when the caller has read it already)."""

    def compute() -> tuple[dict[str, int], list[Stolpe]]:
        rows = _per_network(qs)
        return _totals_of(rows), _network_bars(rows)

    return cached("summer", qs, compute, stamp)


@dataclass(frozen=True, slots=True)
class Stolpe:
    label: str
    eier: int
    uh: int
    totalt: int
    prosent: float  # of the largest bar, for the width
    eier_prosent: float  # eier's share of this bar


def _bars(rows: list[tuple[str, int, int, int]]) -> list[Stolpe]:
    top = max((r[3] for r in rows), default=0) or 1
    return [
        Stolpe(
            label=label,
            eier=eier,
            uh=uh,
            totalt=totalt,
            prosent=round(100 * max(totalt, 0) / top, 1),
            eier_prosent=round(100 * eier / (eier + uh), 1) if eier + uh > 0 else 0.0,
        )
        for label, eier, uh, totalt in rows
    ]


def chart_by_network(qs: QuerySet[Behovsmelding]) -> list[Stolpe]:
    return _network_bars(_per_network(qs))


def chart_by_ordning(sums: dict[str, int]) -> list[Stolpe]:
    """Bars by ordning from :func:`totals`' result (no query of its own)."""
    rows = [
        (str(label), sums[f"{o}_eier"], sums[f"{o}_uh"], sums[f"{o}_totalt"])
        for o, label in Ordning.choices
        if any(sums[f"{o}_{p}"] for p in PARTS)
    ]
    return _bars(sorted(rows, key=lambda r: -r[3]))


def select_options(values: list[Any], selected: Any, labels: dict[Any, str] | None = None) -> str:
    """``<option>`` elements, built in Python: a national list has 1 500 owners, and the
    template language would spend most of the page's time on them."""
    out = []
    for v in values:
        label = labels.get(v, v) if labels else v
        sel = " selected" if str(v) == str(selected) else ""
        out.append(f'<option value="{escape(str(v))}"{sel}>{escape(str(label))}</option>')
    return mark_safe("".join(out))


def options(
    qs: QuerySet[Behovsmelding], stamp: tuple[Any, ...] | None = None
) -> dict[str, list[Any]]:
    """The values the filter menus offer: those that occur in what the user may see (cached:
    four DISTINCTs over everything the user may see)."""
    return cached("valg", qs, lambda: _options(qs), stamp)


def _options(qs: QuerySet[Behovsmelding]) -> dict[str, list[Any]]:

    def distinct(column: str) -> list[Any]:
        return [
            v
            for v in qs.order_by(column).values_list(column, flat=True).distinct()
            if v not in ("", None)
        ]

    return {
        "aar": sorted(distinct("aar"), reverse=True),
        "nettverk": distinct("kompetansenettverk"),
        "eier": distinct("eier"),
        "uh": [
            (i, n)
            for i, n in qs.order_by("institusjon__navn")
            .values_list("institusjon_id", "institusjon__navn")
            .distinct()
            if i is not None
        ],
    }


# --- cache ------------------------------------------------------------------------------------

CACHE_ALIAS = "oversikt"
T = TypeVar("T")
_generation = 0


def _changed(**kwargs: Any) -> None:
    """A stored row the overview shows changed in this process: cached sets are stale. Moved
    again at commit, so that a request that cached the old rows between the save and the commit
    does not keep them."""
    global _generation
    _generation += 1
    transaction.on_commit(_bump, using=kwargs.get("using"))


def _bump() -> None:
    global _generation
    _generation += 1


for _model in (Behovsmelding, Innhold, Institusjon, Partnerskap, Region):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"oversikt-{_model.__name__}-lagret")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"oversikt-{_model.__name__}-slettet")
# A flush or migration (tests, restore into a new database) may start the ids again.
post_migrate.connect(_changed, dispatch_uid="oversikt-migrert")


def data_stamp(alias: str = "default") -> tuple[Any, ...]:
    """What changes whenever the overview's numbers may have changed: the newest behovsmelding,
    audit entry and institution (an index lookup each) and this process's change counter."""
    connection = connections[alias]
    q = connection.ops.quote_name
    newest = ", ".join(
        f"(SELECT MAX({q('id')}) FROM {q(m._meta.db_table)})"
        for m in (Behovsmelding, Hendelse, Institusjon)
    )
    with connection.cursor() as c:
        c.execute(f"SELECT {newest}")
        row = c.fetchone()
    return (_generation, *row)


def cached(
    what: str, qs: QuerySet[Model], compute: Callable[[], T], stamp: tuple[Any, ...] | None = None
) -> T:
    """``compute()``'s value for the set ``qs``, from the cache while the data is unchanged.

    Inside a transaction (a request that is changing data, or a test) the value is computed:
    what the transaction sees may never be committed."""
    connection = connections[qs.db]
    if connection.in_atomic_block:
        return compute()
    try:
        sql, params = qs.order_by().query.sql_with_params()
    except EmptyResultSet:  # qs.none(): nothing to ask the database
        return compute()
    if stamp is None:
        stamp = data_stamp(qs.db)
    raw = repr((what, qs.db, connection.settings_dict["NAME"], stamp, sql, params))
    key = f"{what}:{hashlib.sha256(raw.encode()).hexdigest()}"
    cache = caches[CACHE_ALIAS]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value  # type: ignore[no-any-return]
