"""The overview's filters, sorting, totals and chart, as plain functions over a queryset."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.safestring import mark_safe

from . import search
from .models import Behovsmelding, Ordning
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
    sort: str = DEFAULT_SORT
    side: int = 1
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict | dict[str, str]) -> Filtre:
        f = cls()
        aar = (params.get("aar") or "").strip()
        if aar:
            if aar.isdigit() and len(aar) == 4:
                f.aar = int(aar)
            else:
                f.errors.append("År må være et firesifret tall.")
        f.skjema = _choice(params.get("skjema"), SKJEMA_LABELS)
        f.ordning = _choice(params.get("ordning"), dict(Ordning.choices))
        f.status = _choice(params.get("status"), dict(Status.choices))
        f.feil = _choice(params.get("feil"), {"ja": "", "nei": ""})
        f.nettverk = (params.get("nettverk") or "").strip()[:200]
        f.eier = (params.get("eier") or "").strip()[:300]
        uh = (params.get("uh") or "").strip()
        f.uh = uh if uh.isdigit() else ""
        f.q = " ".join((params.get("q") or "").split())[:SEARCH_MAX]
        sort = params.get("sort") or DEFAULT_SORT
        f.sort = sort if sort in SORTS else DEFAULT_SORT
        side = (params.get("side") or "1").strip()
        f.side = int(side) if side.isdigit() and int(side) > 0 else 1
        return f

    def apply(self, qs: QuerySet[Behovsmelding]) -> QuerySet[Behovsmelding]:
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
            qs = search.apply(qs, self.q)
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
            "sort": self.sort if self.sort != DEFAULT_SORT else "",
        }
        values.update(override)
        return {k: str(v) for k, v in values.items() if v not in ("", None)}


def _choice(value: str | None, allowed: dict[str, Any]) -> str:
    value = (value or "").strip()
    return value if value in allowed else ""


ORDNING_KEYS = tuple(o.value for o in Ordning)
PARTS = ("eier", "uh", "totalt")


def totals(qs: QuerySet[Behovsmelding]) -> dict[str, int]:
    """Count, Eier, UH and total of the filtered set, and the same split by ordning
    (``regional_eier`` …), in one pass over the rows."""
    columns = {"eier": "sum_eier", "uh": "sum_uh", "totalt": "sum_totalt"}
    columns.update({f"{o}_{p}": f"{o}_{p}" for o in ORDNING_KEYS for p in PARTS})
    agg = qs.order_by().aggregate(
        antall=Count("id"), **{k: Coalesce(Sum(col), 0) for k, col in columns.items()}
    )
    return {k: int(v or 0) for k, v in agg.items()}


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
    rows = (
        qs.order_by()
        .values("kompetansenettverk")
        .annotate(eier=Sum("sum_eier"), uh=Sum("sum_uh"), totalt=Sum("sum_totalt"))
        .order_by("-totalt")
    )
    return _bars(
        [
            (
                r["kompetansenettverk"] or "Uten nettverk",
                r["eier"] or 0,
                r["uh"] or 0,
                r["totalt"] or 0,
            )
            for r in rows
        ]
    )


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


def options(qs: QuerySet[Behovsmelding]) -> dict[str, list[Any]]:
    """The values the filter menus offer: those that occur in what the user may see."""

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
