"""A hand-made history for the statistics: three years of rounds in Nordland, one in Troms.

Every amount is chosen here and the expected sums are worked out by hand in the tests. The
tiltak (P1 … P10), their round, network, owner, UH, ordning, what was asked (Eier/UH), what the
forum recommended and what was decided (per year), and the report:

2024 (innstilling and vedtak finished; reports for Bodø and Vefsn approved, Rana's only sent in)
  P1  Salten  Bodø   Nord  regional      asked 100 000/200 000  rec 100 000/150 000
      granted as recommended; used 100 000/150 000
  P2  Salten  Bodø   Nord  desentralisert asked 100 000/300 000, two years
      rec and granted [50 000, 50 000]/[100 000, 100 000]; used 80 000/170 000, the
      remaining 50 000 returned
  P3  Indre   Vefsn  SePU  kompetanseløft asked 200 000/300 000  rec 200 000/200 000
      granted 150 000/200 000; used 100 000/150 000, the remaining 100 000 carried over
  P4  Indre   Vefsn  SePU  desentralisert asked 100 000/0, not prioritised (rec and vedtak)
  P10 Salten  Rana   Nord  regional      asked 30 000/50 000, rec and granted as asked;
      report sent in (not approved): used 10 000/10 000
2025 (innstilling finished; vedtak set but not finished)
  P5  Salten  Bodø   Nord  desentralisert asked 50 000/100 000, rec as asked
  P6  Indre   Vefsn  SePU  regional      asked 20 000/100 000, rec as asked
2026 (nothing finished; the forum has prioritised P7 but not finished the innstilling)
  P7  Salten  Bodø   Nord  kollektiv     asked 200 000/400 000
Left out: P8 (its behovsmelding is withdrawn) and P9 (no longer in its record).
Troms 2024: one tiltak asked 400 000/600 000, granted as asked.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from itertools import count
from typing import Any

from django.contrib.auth.models import User
from web_factories import behovsmelding, caseworker, region, user

from behovsmelding import forum_calc
from behovsmelding.web.forum.models import Post, Prioritering, Runde, Vedtakspost, Versjon
from behovsmelding.web.models import Behovsmelding, Region, Rolle
from behovsmelding.web.rapport.models import Rapport, Rapportlinje, Rapportrunde
from behovsmelding.web.statistikk import services
from behovsmelding.web.statistikk.models import Tema

_n = count(1)
P = forum_calc.PRIORITERT
IKKE = forum_calc.IKKE_PRIORITERT


@dataclass
class Historikk:
    nordland: Region
    troms: Region
    sb: User
    forum: User
    far_forum: User
    poster: dict[str, Post]
    bm: dict[str, Behovsmelding]


def _runde(reg: Region, aar: int) -> Runde:
    return Runde.objects.create(
        region=reg, aar=aar, frist=dt.date(aar, 2, 1), innstilling_frist=dt.date(aar, 3, 15)
    )


def _record(reg: Region, eier: str, nettverk: str) -> Behovsmelding:
    return behovsmelding(
        reg=reg, eier=eier, kompetansenettverk=nettverk, tittel=f"Historikk {next(_n)}"
    )


def _post(
    runde: Runde,
    bm: Behovsmelding,
    navn: str,
    maalgruppe: str,
    *,
    ordning: str,
    uh: str,
    eier_kr: int,
    uh_kr: int,
    antall_aar: int = 1,
    aktiv: bool = True,
) -> Post:
    return Post.objects.create(
        runde=runde,
        behovsmelding=bm,
        kilde="tiltak",
        indeks=next(_n),
        navn=navn,
        ordning=ordning,
        eier_navn=bm.eier,
        nettverk=bm.kompetansenettverk,
        uh_navn=uh,
        soekt_eier=eier_kr,
        soekt_uh=uh_kr,
        soekt_totalt=eier_kr + uh_kr,
        antall_aar=antall_aar,
        aktiv=aktiv,
        detaljer={"maalgruppe": maalgruppe},
    )


def _set(model: Any, post: Post, status: str, eier: list[int], uh: list[int]) -> None:
    model.objects.create(post=post, status=status, eier=eier, uh=uh)


def _finish(runde: Runde, type: str) -> None:
    Versjon.objects.create(runde=runde, type=type, nummer=1, data={})


def _rapport(rr: Rapportrunde, bm: Behovsmelding, status: str) -> Rapport:
    return Rapport.objects.create(rapportrunde=rr, partnerskap=bm.partnerskap, status=status)


def _linje(r: Rapport, post: Post, innv: tuple[int, int], brukt: tuple[int, int], h: str) -> None:
    Rapportlinje.objects.create(
        rapport=r,
        post=post,
        innvilget_eier=innv[0],
        innvilget_uh=innv[1],
        brukt_eier=brukt[0],
        brukt_uh=brukt[1],
        ubrukt_handling=h,
    )


def seed_vocabulary() -> None:
    """The vocabulary the data migration seeds (a transactional test before this one may have
    emptied the tables)."""
    seeded = importlib.import_module("behovsmelding.web.statistikk.migrations.0002_temaer")
    for i, (navn, navn_nn, ord) in enumerate(seeded.TEMAER, start=1):
        Tema.objects.get_or_create(
            navn=navn, defaults={"navn_nn": navn_nn, "ord": ord, "rekkefolge": i}
        )


def historikk() -> Historikk:
    seed_vocabulary()
    nordland, troms = region("Nordland"), region("Troms")
    sb = caseworker(nordland, username="sb-stat")
    forum = user(Rolle.FORUM, username="forum-stat", region=nordland)
    far_forum = user(Rolle.FORUM, username="forum-troms", region=troms)
    bodo = _record(nordland, "Bodø kommune", "Salten")
    vefsn = _record(nordland, "Vefsn kommune", "Indre Helgeland")
    rana = _record(nordland, "Rana kommune", "Salten")
    trukket = _record(nordland, "Bodø kommune", "Salten")
    trukket.markert = "trukket"
    trukket.save()
    nord, sepu = "Nord universitet", "Høgskolen i Innlandet/ SePU"

    r24, r25, r26 = _runde(nordland, 2024), _runde(nordland, 2025), _runde(nordland, 2026)
    p: dict[str, Post] = {}
    p["P1"] = _post(
        r24, bodo, "Språkløft i barnehagen", "Alle ansatte; språkmiljø",
        ordning="regional", uh=nord, eier_kr=100_000, uh_kr=200_000,
    )  # fmt: skip
    p["P2"] = _post(
        r24, bodo, "Lesing og skriving 1.–4. trinn", "Lærere på småtrinnet",
        ordning="desentralisert", uh=nord, eier_kr=100_000, uh_kr=300_000, antall_aar=2,
    )  # fmt: skip
    p["P3"] = _post(
        r24, vefsn, "Inkluderende barnehagemiljø", "Barnehagelærere",
        ordning="kompetanseloftet", uh=sepu, eier_kr=200_000, uh_kr=300_000,
    )  # fmt: skip
    p["P4"] = _post(
        r24, vefsn, "Felles ledelsesutvikling", "Rektorer og skoleledere",
        ordning="desentralisert", uh=sepu, eier_kr=100_000, uh_kr=0,
    )  # fmt: skip
    p["P10"] = _post(
        r24, rana, "Profesjonsfellesskap i skolen", "",
        ordning="regional", uh=nord, eier_kr=30_000, uh_kr=50_000,
    )  # fmt: skip
    p["P5"] = _post(
        r25, bodo, "Matematikk og regning", "Lærere",
        ordning="desentralisert", uh=nord, eier_kr=50_000, uh_kr=100_000,
    )  # fmt: skip
    p["P6"] = _post(
        r25, vefsn, "Samisk språk og kultur", "Barnehager",
        ordning="regional", uh=sepu, eier_kr=20_000, uh_kr=100_000,
    )  # fmt: skip
    p["P7"] = _post(
        r26, bodo, "Språk og lesing i alle fag", "Alle lærere",
        ordning="kollektiv", uh=nord, eier_kr=200_000, uh_kr=400_000,
    )  # fmt: skip
    p["P8"] = _post(
        r24, trukket, "Skolemiljø for alle", "",
        ordning="regional", uh=nord, eier_kr=1_000, uh_kr=1_000,
    )  # fmt: skip
    p["P9"] = _post(
        r24, bodo, "Realfag som gikk ut", "",
        ordning="regional", uh=nord, eier_kr=7_000, uh_kr=0, aktiv=False,
    )  # fmt: skip

    for model in (Prioritering, Vedtakspost):
        _set(model, p["P1"], P, [100_000], [150_000])
        _set(model, p["P2"], P, [50_000, 50_000], [100_000, 100_000])
        _set(model, p["P4"], IKKE, [], [])
        _set(model, p["P10"], P, [30_000], [50_000])
        _set(model, p["P8"], P, [1_000], [1_000])
        _set(model, p["P9"], P, [7_000], [0])
        _set(model, p["P5"], P, [50_000], [100_000])
    _set(Prioritering, p["P3"], P, [200_000], [200_000])
    _set(Vedtakspost, p["P3"], P, [150_000], [200_000])
    _set(Prioritering, p["P6"], P, [20_000], [100_000])
    _set(Prioritering, p["P7"], P, [200_000], [400_000])
    for r, typer in ((r24, ("innstilling", "vedtak")), (r25, ("innstilling",))):
        for t in typer:
            _finish(r, t)

    rr = Rapportrunde.objects.create(runde=r24, frist=dt.date(2025, 11, 1))
    godkjent, sendt = Rapport.Status.GODKJENT, Rapport.Status.SENDT_INN
    rb = _rapport(rr, bodo, godkjent)
    _linje(rb, p["P1"], (100_000, 150_000), (100_000, 150_000), "")
    _linje(rb, p["P2"], (100_000, 200_000), (80_000, 170_000), "tilbakebetales")
    rv = _rapport(rr, vefsn, godkjent)
    _linje(rv, p["P3"], (150_000, 200_000), (100_000, 150_000), "overfores")
    rn = _rapport(rr, rana, sendt)
    _linje(rn, p["P10"], (30_000, 50_000), (10_000, 10_000), "tilbakebetales")

    far = _record(troms, "Tromsø kommune", "Nord-Troms")
    rt = _runde(troms, 2024)
    p["T1"] = _post(
        rt, far, "Språk i Troms", "", ordning="regional", uh="UiT", eier_kr=400_000, uh_kr=600_000
    )
    _set(Vedtakspost, p["T1"], P, [400_000], [600_000])
    _finish(rt, "vedtak")

    # The caseworker adds a theme the words did not find.
    spes = Tema.objects.get(navn="Spesialpedagogikk")
    funnet = list(p["P2"].temaer.values_list("tema_id", flat=True))
    services.correct_themes(p["P2"], [*funnet, spes.pk], by=sb)
    bms = {"bodo": bodo, "vefsn": vefsn, "rana": rana, "far": far}
    return Historikk(nordland, troms, sb, forum, far_forum, p, bms)


def statistikk_world(home: Region, far: Region) -> dict[str, int]:
    """For the access matrix: a tiltak of a round in ``home`` and one in ``far`` (the rounds of
    forum_factories.access_world), and a theme. Returns the ids by matrix name."""
    return {
        "stat_post": Post.objects.filter(runde__region=home).order_by("pk")[0].pk,
        "far_stat_post": Post.objects.filter(runde__region=far).order_by("pk")[0].pk,
        "tema": Tema.objects.order_by("pk")[0].pk,
    }
