"""The numbers of the statistics page, added up in the database.

The unit is a tiltak of a samarbeidsforum round (:class:`forum.Post`, active, of a record that
is not withdrawn, a duplicate or replaced); its year is the round's year. Per tiltak:

- **søkt** (asked): the amount the behovsmelding asks for the tiltak (Eier + UH, every year);
- **innstilt** (recommended): the forum's amounts (Eier + UH, every year of the grant) where
  it prioritised the tiltak, once the round's innstilling is finished;
- **innvilget** (granted): the decision's amounts likewise, once the round's vedtak is finished;
- **brukt** (used): what the recipients' approved reports say was used (Eier + UH);
- **tilbakebetalt** / **overført** (returned / carried over): granted − used (never below 0)
  of the approved report lines that return it / ask to carry it over;
- **rapportert innvilget**: the granted amount of the approved report lines, which is what
  *brukt* is compared with (a grant not yet reported on is not "unused").

A tiltak is in at most one report (one report per partnership and round), so joining the report
lines does not count a tiltak twice. Themes: a tiltak with two themes counts in both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThan
from django.http import QueryDict

from ... import forum_calc
from .. import overview
from ..access import AnyUser
from ..forum.models import Post, Versjon
from ..models import Ordning
from ..rapport.models import Rapport, Rapportlinje
from . import access
from .models import PostTema, Tema

_YEAR = re.compile(r"[0-9]{4}")
_ID = re.compile(r"[0-9]{1,18}")
MAKS_TEKST = 300

# What the table is broken down by: URL value → (label, Post field).
PER: dict[str, tuple[str, str]] = {
    "nettverk": ("Kompetansenettverk", "nettverk"),
    "eier": ("Eier", "eier_navn"),
    "uh": ("UH / kompetansemiljø", "uh_navn"),
    "ordning": ("Ordning", "ordning"),
}
BELOP = ("soekt", "innstilt", "innvilget", "brukt", "tilbakebetalt", "overfort", "rapportert")
ORDNING_NAVN = dict(Ordning.choices)


@dataclass
class Filtre:
    fra: int | None = None
    til: int | None = None
    ordning: str = ""
    nettverk: str = ""
    eier: str = ""
    uh: str = ""
    tema: int | None = None
    per: str = "nettverk"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict | dict[str, str]) -> Filtre:
        f = cls()
        for name, label in (("fra", "Fra år"), ("til", "Til år")):
            v = (params.get(name) or "").strip()
            if v:
                if _YEAR.fullmatch(v):
                    setattr(f, name, int(v))
                else:
                    f.errors.append(f"{label} må være et firesifret årstall.")
        if f.fra is not None and f.til is not None and f.fra > f.til:
            f.errors.append(f"Fra år ({f.fra}) kan ikke være etter til år ({f.til}).")
        ordning = (params.get("ordning") or "").strip()
        if ordning and ordning not in ORDNING_NAVN:
            f.errors.append("Ukjent ordning i filteret.")
        else:
            f.ordning = ordning
        for name in ("nettverk", "eier", "uh"):
            v = " ".join((params.get(name) or "").split())
            if len(v) > MAKS_TEKST:
                f.errors.append(f"Verdien for {name} er for lang.")
            else:
                setattr(f, name, v)
        tema = (params.get("tema") or "").strip()
        if tema:
            if _ID.fullmatch(tema) and Tema.objects.filter(pk=int(tema)).exists():
                f.tema = int(tema)
            else:
                f.errors.append("Ukjent tema i filteret.")
        per = (params.get("per") or "").strip() or "nettverk"
        if per not in PER:
            f.errors.append("Ukjent inndeling («per») i filteret.")
        else:
            f.per = per
        return f

    def query_params(self, **override: Any) -> dict[str, str]:
        values: dict[str, Any] = {
            "fra": self.fra or "",
            "til": self.til or "",
            "ordning": self.ordning,
            "nettverk": self.nettverk,
            "eier": self.eier,
            "uh": self.uh,
            "tema": self.tema or "",
            "per": self.per if self.per != "nettverk" else "",
        }
        values.update(override)
        return {k: str(v) for k, v in values.items() if v not in ("", None)}

    def apply(self, qs: QuerySet[Post]) -> QuerySet[Post]:
        if self.fra is not None:
            qs = qs.filter(runde__aar__gte=self.fra)
        if self.til is not None:
            qs = qs.filter(runde__aar__lte=self.til)
        if self.ordning:
            qs = qs.filter(ordning=self.ordning)
        if self.nettverk:
            qs = qs.filter(nettverk=self.nettverk)
        if self.eier:
            qs = qs.filter(eier_navn=self.eier)
        if self.uh:
            qs = qs.filter(uh_navn=self.uh)
        if self.tema is not None:
            qs = qs.filter(Exists(PostTema.objects.filter(post=OuterRef("pk"), tema=self.tema)))
        return qs


def poster(user: AnyUser) -> QuerySet[Post]:
    """The tiltak that count: the user's region's, active, of records that still count."""
    return access.poster_for(user).filter(aktiv=True, behovsmelding__markert="")


# --- the amounts of one tiltak as SQL expressions ------------------------------------------


def _aar_sum(path: str) -> Combinable:
    """Eier + UH of every year of a JSON list pair (``…prioritering__`` / ``…vedtak__``)."""
    total: Combinable | None = None
    for part in ("eier", "uh"):
        for i in range(forum_calc.MAKS_AAR):
            term = Coalesce(
                Cast(KeyTextTransform(str(i), f"{path}{part}"), BigIntegerField()),
                Value(0),
                output_field=BigIntegerField(),
            )
            total = term if total is None else total + term
    assert total is not None
    return total


def _ferdige_runder(type: str) -> list[int]:
    """The rounds whose innstilling / vedtak is finished (a handful: one per region and year)."""
    return list(
        Versjon.objects.filter(type=type).order_by().values_list("runde_id", flat=True).distinct()
    )


def _amount_expressions(prefix: str = "") -> dict[str, Any]:
    """The aggregates of :data:`BELOP`, for a queryset of posts (``prefix`` "") or of rows that
    point at posts (``prefix`` "post__")."""
    p = prefix
    linje = f"{p}rapportlinjer__"
    godkjent = Q(**{f"{linje}rapport__status": Rapport.Status.GODKJENT})
    innvilget_linje = F(f"{linje}innvilget_eier") + F(f"{linje}innvilget_uh")
    brukt_linje = Coalesce(F(f"{linje}brukt_eier"), Value(0)) + Coalesce(
        F(f"{linje}brukt_uh"), Value(0)
    )

    def rest(handling: str) -> Sum:
        """Granted − used of each approved line that does ``handling`` with it (0 where the
        line used all of it or more)."""
        return Sum(
            Case(
                When(GreaterThan(innvilget_linje, brukt_linje), then=innvilget_linje - brukt_linje),
                default=Value(0),
                output_field=BigIntegerField(),
            ),
            filter=godkjent & Q(**{f"{linje}ubrukt_handling": handling}),
        )

    return {
        "soekt": Sum(f"{p}soekt_totalt"),
        "innstilt": Sum(
            Case(
                When(
                    Q(**{f"{p}prioritering__status": forum_calc.PRIORITERT})
                    & Q(**{f"{p}runde_id__in": _ferdige_runder(Versjon.Type.INNSTILLING)}),
                    then=_aar_sum(f"{p}prioritering__"),
                ),
                default=Value(0),
                output_field=BigIntegerField(),
            )
        ),
        "innvilget": Sum(
            Case(
                When(
                    Q(**{f"{p}vedtak__status": forum_calc.PRIORITERT})
                    & Q(**{f"{p}runde_id__in": _ferdige_runder(Versjon.Type.VEDTAK)}),
                    then=_aar_sum(f"{p}vedtak__"),
                ),
                default=Value(0),
                output_field=BigIntegerField(),
            )
        ),
        "rapportert": Sum(innvilget_linje, filter=godkjent),
        "brukt": Sum(brukt_linje, filter=godkjent),
        "tilbakebetalt": rest(Rapportlinje.Handling.TILBAKEBETALES),
        "overfort": rest(Rapportlinje.Handling.OVERFORES),
    }


def _clean(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in BELOP:
        out[k] = int(out.get(k) or 0)
    return out


@dataclass
class Rad:
    """One line of a table: a label (year, network …) and its numbers."""

    aar: int | None
    navn: str
    tiltak: int = 0
    partnerskap: int = 0
    soekt: int = 0
    innstilt: int = 0
    innvilget: int = 0
    brukt: int = 0
    tilbakebetalt: int = 0
    overfort: int = 0
    rapportert: int = 0

    @property
    def utnyttelse(self) -> float | None:
        """Used as a share (per cent) of what the approved reports were granted."""
        if self.rapportert <= 0:
            return None
        return round(100 * self.brukt / self.rapportert, 1)


@dataclass
class Temarad:
    tema_id: int
    navn: str
    # year → (tiltak, asked, granted)
    per_aar: dict[int, tuple[int, int, int]]

    def soekt(self, aar: int) -> int:
        return self.per_aar.get(aar, (0, 0, 0))[1]


@dataclass
class Statistikk:
    filtre: Filtre
    aar: list[int]
    totalt: Rad
    per_aar: list[Rad]
    per_gruppe: list[Rad]
    temaer: list[Temarad]
    nettverk: list[Rad]
    terskel: int

    @property
    def per_label(self) -> str:
        return PER[self.filtre.per][0]

    @property
    def under(self) -> list[Rad]:
        """The networks that used less than the threshold of what they reported on."""
        return [
            r for r in self.nettverk if r.utnyttelse is not None and r.utnyttelse < self.terskel
        ]

    def tema_endring(self) -> list[tuple[Temarad, int, int, int]]:
        """Each theme with the amount asked in the first and last year shown, and the change."""
        if not self.aar:
            return []
        first, last = self.aar[0], self.aar[-1]
        return [
            (t, t.soekt(first), t.soekt(last), t.soekt(last) - t.soekt(first)) for t in self.temaer
        ]


def _label(per: str, value: Any) -> str:
    if per == "ordning":
        return str(ORDNING_NAVN.get(value, value or "Ordning ikke oppgitt"))
    return str(value or "Ikke oppgitt")


def _rad(row: Mapping[str, Any], aar: int | None, navn: str) -> Rad:
    r = _clean(row)
    return Rad(
        aar=aar,
        navn=navn,
        tiltak=int(row.get("tiltak") or 0),
        partnerskap=int(row.get("partnerskap") or 0),
        **{k: r[k] for k in BELOP},
    )


def _partnerskap(
    qs: QuerySet[Post], field_name: str
) -> tuple[dict[Any, int], dict[Any, int], dict[Any, int], int]:
    """Distinct partnerships per (year, group), per year, per network and in all. They do not
    add up, so they come from one DISTINCT over (year, network, group, partnership): about one
    row per behovsmelding, counted here, instead of a scan per level."""
    cols = ["runde__aar", "nettverk", field_name, "behovsmelding__partnerskap"]
    per_key: dict[Any, set[int]] = {}
    per_year: dict[Any, set[int]] = {}
    per_net: dict[Any, set[int]] = {}
    alle: set[int] = set()
    fields = list(dict.fromkeys(cols))  # the group may be the network itself
    for row in qs.values_list(*fields).distinct():
        r = dict(zip(fields, row, strict=True))
        aar, nett, gruppe = r["runde__aar"], r["nettverk"], r[field_name]
        p = r["behovsmelding__partnerskap"]
        per_key.setdefault((aar, gruppe), set()).add(p)
        per_year.setdefault(aar, set()).add(p)
        per_net.setdefault(nett, set()).add(p)
        alle.add(p)
    return (
        {k: len(v) for k, v in per_key.items()},
        {k: len(v) for k, v in per_year.items()},
        {k: len(v) for k, v in per_net.items()},
        len(alle),
    )


def _add(into: dict[Any, dict[str, int]], key: Any, row: Mapping[str, Any]) -> None:
    acc = into.setdefault(key, dict.fromkeys(("tiltak", *BELOP), 0))
    for k in acc:
        acc[k] += int(row.get(k) or 0)


def beregn(user: AnyUser, f: Filtre) -> Statistikk:
    """Every number of the page for what ``user`` may see, filtered by ``f``.

    The amounts come from one GROUP BY (year × network × the chosen breakdown) in the
    database; the year, network and total lines add those groups up (a few hundred at most),
    and the partnerships are counted apart since they are not additive."""
    qs = f.apply(poster(user)).order_by()
    field_name = PER[f.per][1]
    keys = ["runde__aar", "nettverk"] + ([field_name] if field_name != "nettverk" else [])
    groups = qs.values(*keys).annotate(tiltak=Count("pk"), **_amount_expressions())
    per_key: dict[Any, dict[str, int]] = {}
    per_year: dict[Any, dict[str, int]] = {}
    per_net: dict[Any, dict[str, int]] = {}
    total: dict[Any, dict[str, int]] = {}
    for r in groups:
        _add(per_key, (r["runde__aar"], r[field_name]), r)
        _add(per_year, r["runde__aar"], r)
        _add(per_net, r["nettverk"], r)
        _add(total, (), r)

    def rad(acc: Mapping[str, int], aar: int | None, navn: str, partnerskap: int) -> Rad:
        return _rad({**acc, "partnerskap": partnerskap}, aar, navn)

    p_key, p_year, p_net, p_total = _partnerskap(qs, field_name)
    totalt = rad(total.get((), {}), None, "Totalt", p_total)
    per_aar = [rad(v, a, str(a), p_year.get(a, 0)) for a, v in sorted(per_year.items())]
    aar = [r.aar for r in per_aar if r.aar is not None]
    per_gruppe = [
        rad(v, a, _label(f.per, g), p_key.get((a, g), 0)) for (a, g), v in per_key.items()
    ]
    per_gruppe.sort(key=lambda r: (r.aar or 0, -r.soekt, r.navn))
    nettverk = [rad(v, None, _label("nettverk", n), p_net.get(n, 0)) for n, v in per_net.items()]
    nettverk.sort(key=lambda r: (-r.innvilget, r.navn))

    tema_sums = _amount_expressions("post__")
    tema_rows = (
        PostTema.objects.filter(post__in=qs.values("pk"))
        .order_by()
        .values("tema_id", "post__runde__aar")
        .annotate(
            tiltak=Count("post"),
            soekt=tema_sums["soekt"],
            innvilget=tema_sums["innvilget"],
        )
    )
    navn = {t.pk: t.navn for t in Tema.objects.all()}
    per_tema: dict[int, dict[int, tuple[int, int, int]]] = {t: {} for t in navn}
    for r in tema_rows:
        per_tema.setdefault(r["tema_id"], {})[r["post__runde__aar"]] = (
            int(r["tiltak"] or 0),
            int(r["soekt"] or 0),
            int(r["innvilget"] or 0),
        )
    if f.tema is not None:
        per_tema = {f.tema: per_tema.get(f.tema, {})}
    temaer = [Temarad(t, navn[t], per_tema[t]) for t in navn if t in per_tema]
    last = aar[-1] if aar else None
    temaer.sort(key=lambda t: (-(t.soekt(last) if last else 0), t.navn))

    return Statistikk(
        filtre=f,
        aar=aar,
        totalt=totalt,
        per_aar=per_aar,
        per_gruppe=per_gruppe,
        temaer=temaer,
        nettverk=nettverk,
        terskel=int(getattr(settings, "STATISTIKK_UNDERFORBRUK_PROSENT", 90)),
    )


def beregn_cached(user: AnyUser, f: Filtre) -> Statistikk:
    """:func:`beregn`, from the overview's cache while the data is unchanged: the key is the
    filtered set's SQL and the breakdown, with the overview's stamp of the data (the newest
    audit entry moves with every change of a round, a decision, a report or a theme, since
    each writes one)."""
    qs = f.apply(poster(user)).order_by()
    return overview.cached(f"statistikk-{f.per}", qs, lambda: beregn(user, f))


def valg(user: AnyUser) -> dict[str, list[Any]]:
    """The values the filter menus offer (those in the user's rounds), cached as above."""
    qs = poster(user).order_by()
    return overview.cached("statistikk-valg", qs, lambda: _valg(qs))


_NORSK = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # after z, in this order


def _norsk(value: Any) -> Any:
    return str(value).lower().translate(_NORSK) if isinstance(value, str) else value


def _valg(qs: QuerySet[Post]) -> dict[str, list[Any]]:
    """One DISTINCT over the five columns (about a row per behovsmelding), split here."""
    cols = ("runde__aar", "nettverk", "eier_navn", "uh_navn", "ordning")
    seen: list[set[Any]] = [set() for _ in cols]
    for row in qs.values_list(*cols).distinct():
        for i, v in enumerate(row):
            if v not in ("", None):
                seen[i].add(v)
    aar, nettverk, eier, uh, ordning = (sorted(x, key=_norsk) for x in seen)
    return {
        "aar": aar,
        "nettverk": nettverk,
        "eier": eier,
        "uh": uh,
        "ordning": [(o, ORDNING_NAVN[o]) for o in ordning if o in ORDNING_NAVN],
        "tema": list(Tema.objects.values_list("pk", "navn")),
    }
