"""Web benchmark: a national data set, the overview's and the statistics page's server time,
and the Excel export.

usage: python bench/bench_web.py [--regions 10] [--years 5] [--per-region-year 150]
                                 [--tiltak 6] [--repeat 40] [--db PATH] [--keep]
                                 [--bare-statistikk]

Generates 10 regions × 5 years × 150 behovsmeldinger (7 500, ≈ 45 000 tiltak) from the two
realistic sample records in tests/web/data, with varied owners, networks, UH partners, amounts,
statuses and findings, into a fresh SQLite file (``--db``, default a temporary folder; or
PostgreSQL when DATABASE_URL is set). Then it measures, with Django's test client (so the time
is the server's: middleware, queries, template rendering; no network, no browser):

- the overview as a national superuser (all 7 500) and as a regional caseworker (750),
  unfiltered, filtered (year + network; year + has-errors), searched, and sorted by amount;
- the Excel export of one national year (≈ 1 500 behovsmeldinger, ≈ 9 000 tiltak rows);
- the JSON export of the same year;
- the statistics page (/statistikk/) nationally and for one region, unfiltered, by eier, by
  UH, for a year range and ordning, for a theme, and its Excel export, after adding a forum
  round per region and year with a post per tiltak, innstilling and vedtak, approved reports
  for the years up to 2025 and the themes matched (``add_rounds``). ``--bare-statistikk``
  measures only these.

Each overview case is timed twice: as it comes (the filter menus, totals and bars of a set
asked for before come from the cache, see behovsmelding.web.overview.cached) and "cold", with
that cache emptied before each request (the first request after a change to the data).

Goals: overview p95 < 150 ms; export of one national year < 5 s; statistics page p95 < 300 ms
on PostgreSQL.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO / "tests" / "web" / "data"

REGIONS = [
    "Agder",
    "Innlandet",
    "Møre og Romsdal",
    "Nordland",
    "Oslo og Viken",
    "Rogaland",
    "Troms og Finnmark",
    "Trøndelag",
    "Vestfold og Telemark",
    "Vestland",
]
NETWORKS = [
    "Salten",
    "Indre Helgeland",
    "Ytre Helgeland (GOA)",
    "RKK Vefsn",
    "Lofoten",
    "Vesterålen",
    "Ofoten",
]
UH = [
    "Nord universitet",
    "Høgskolen i Innlandet/ SePU",
    "Læringsmiljøsenteret, UiS",
    "UiT Norges arktiske universitet",
    "NTNU",
    "Universitetet i Agder",
    "OsloMet",
]
STATUSES = ["mottatt", "under_behandling", "klar_for_samarbeidsforum", "behandlet"]
THEMES = [
    "lesing",
    "skolemiljø",
    "inkludering",
    "matematikk",
    "ledelse",
    "språk",
    "digital kompetanse",
    "psykisk helse",
    "vurdering",
    "praksisfellesskap",
]


def setup(db: str | None) -> None:
    if db and "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "behovsmelding.web.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def make_record(
    base: dict[str, Any], rnd: random.Random, aar: int, n_tiltak: int, eier: str, net: str, uh: str
) -> dict[str, Any]:
    d = copy.deepcopy(base)
    d["aar"] = aar
    d["eier"] = eier
    d["kompetansenettverk"] = net
    d["uh"] = uh
    d["kilde"] = {"fil": f"{eier}-{aar}.docx", "format": "docx", "sha256": None}
    if d["skjema"] == "lokal-2024":
        d["ordninger"] = [rnd.choice(["regional", "desentralisert", "kompetanseloftet"])]
    template = base["tiltak"][0] if base["tiltak"] else {}
    tiltak = []
    for i in range(n_tiltak):
        t = copy.deepcopy(template) if template else {}
        eier_b = rnd.randrange(0, 1_500_000, 100)
        uh_b = rnd.randrange(0, 1_500_000, 100)
        theme = rnd.choice(THEMES)
        t.update(
            nr=i + 1,
            navn=f"Tiltak {i + 1}: {theme} i {eier}",
            eier=eier_b,
            uh=uh_b,
            # about one in 40 tiltak with a Sum totalt that is not Eier + UH, like 004
            totalt=eier_b + uh_b + (15000 if rnd.random() < 0.025 else 0),
            maalgruppe=f"Ansatte i barnehager og skoler i {eier} ({theme})",
        )
        t.setdefault("videreforing", [])
        tiltak.append(t)
    d["tiltak"] = tiltak
    return d


def generate(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User
    from django.db import transaction

    from behovsmelding.record import Behovsmelding as Record
    from behovsmelding.web.models import (
        Behovsmelding,
        Innhold,
        Partnerskap,
        Region,
        Rolle,
        Tilgang,
    )
    from behovsmelding.web.search import index_many
    from behovsmelding.web.services import institusjon_for
    from behovsmelding.web.summary import nokkel, summarise

    rnd = random.Random(2026)
    bases = {
        "lokal-2024": json.loads((DATA / "sample_a_2024_bodo.json").read_text()),
        "kollektiv-2026": json.loads((DATA / "sample_d_2026_bodo.json").read_text()),
    }
    years = list(range(2027 - args.years, 2027))
    n = 0
    with transaction.atomic():
        User.objects.create_superuser("nasjonal", password="bench")
        for r_i, rname in enumerate(REGIONS[: args.regions]):
            region = Region.objects.create(navn=rname)
            sb = User.objects.create_user(f"sb{r_i}", password="bench")
            Tilgang.objects.create(bruker=sb, rolle=Rolle.SAKSBEHANDLER, region=region)
            owners = [f"{rname} kommune {k}" for k in range(args.per_region_year)]
            partners = {
                o: Partnerskap.objects.create(region=region, navn=o, nokkel=nokkel(o))
                for o in owners
            }
            institutions = {u: institusjon_for(u) for u in UH}
            for aar in years:
                skjema = "kollektiv-2026" if aar >= 2026 else "lokal-2024"
                objs, details = [], []
                for owner in owners:
                    net = rnd.choice(NETWORKS)
                    uh = rnd.choice(UH)
                    n_tiltak = max(1, round(rnd.gauss(args.tiltak, 1.5)))
                    data = make_record(bases[skjema], rnd, aar, n_tiltak, owner, net, uh)
                    rec = Record.from_dict(data)
                    funn = [
                        {
                            "kode": "SUM_TILTAK",
                            "alvorlighet": "feil",
                            "felt": f"tiltak[{i}].totalt",
                            "melding": f"Sum totalt {t.totalt} er ikke Eier {t.eier} + UH {t.uh}",
                        }
                        for i, t in enumerate(rec.tiltak)
                        if t.totalt != (t.eier or 0) + (t.uh or 0)
                    ]
                    s = summarise(rec, funn)
                    bm = Behovsmelding(
                        region=region,
                        partnerskap=partners[owner],
                        institusjon=institutions[uh],
                        status=rnd.choice(STATUSES),
                        tittel=s.tittel,
                        aar=s.aar,
                        skjema=s.skjema,
                        eier=s.eier,
                        kompetansenettverk=s.kompetansenettverk,
                        uh=s.uh,
                        ordninger=s.ordninger_kolonne,
                        antall_tiltak=s.antall_tiltak,
                        sum_eier=s.belop.eier,
                        sum_uh=s.belop.uh,
                        sum_totalt=s.belop.totalt,
                        antall_feil=s.antall["feil"],
                        antall_advarsler=s.antall["advarsel"],
                        antall_merknader=s.antall["merknad"],
                        har_feil=s.antall["feil"] > 0,
                    )
                    for o, b in s.per_ordning.items():
                        setattr(bm, f"{o}_eier", b.eier)
                        setattr(bm, f"{o}_uh", b.uh)
                        setattr(bm, f"{o}_totalt", b.totalt)
                    objs.append(bm)
                    details.append((rec, funn, s))
                Behovsmelding.objects.bulk_create(objs, batch_size=500)
                Innhold.objects.bulk_create(
                    [
                        Innhold(behovsmelding=bm, data=r.to_dict(), funn=f, sokeetekst=s.sokeetekst)
                        for bm, (r, f, s) in zip(objs, details, strict=True)
                    ],
                    batch_size=500,
                )
                index_many(
                    [(bm.pk, s.sokeetekst) for bm, (_, _, s) in zip(objs, details, strict=True)]
                )
                n += len(objs)
    return n


def add_rounds(rnd: random.Random) -> tuple[int, int]:
    """The statistics' data: a round per region and year with a post per tiltak, the forum's
    innstilling and the vedtak (finished up to 2025; 2026's innstilling only), and approved
    reports (nine in ten partnerships) for the years up to 2025. Returns (posts, report lines).
    Themes are matched afterwards by the vocabulary, as after a change of it."""
    from django.db import transaction

    from behovsmelding import forum_calc
    from behovsmelding.web.forum.models import Post, Prioritering, Runde, Vedtakspost, Versjon
    from behovsmelding.web.models import Behovsmelding, Region
    from behovsmelding.web.rapport.models import Rapport, Rapportlinje, Rapportrunde
    from behovsmelding.web.statistikk.tema import oppdater_alle

    n_post = n_linje = 0
    with transaction.atomic():
        for region in Region.objects.all():
            for aar in sorted(
                set(Behovsmelding.objects.filter(region=region).values_list("aar", flat=True))
            ):
                runde = Runde.objects.create(
                    region=region,
                    aar=aar,
                    frist=dt.date(aar, 2, 1),
                    innstilling_frist=dt.date(aar, 3, 15),
                )
                posts = []
                for bm in Behovsmelding.objects.filter(region=region, aar=aar).select_related(
                    "innhold"
                ):
                    data = bm.innhold.data
                    ordning = (data.get("ordninger") or ["kollektiv"])[0]
                    for i, t in enumerate(data.get("tiltak") or []):
                        e, u = int(t.get("eier") or 0), int(t.get("uh") or 0)
                        posts.append(
                            Post(
                                runde=runde,
                                behovsmelding=bm,
                                kilde="tiltak",
                                indeks=i,
                                nr=i + 1,
                                navn=t.get("navn") or "",
                                ordning=ordning if aar < 2026 else "kollektiv",
                                eier_navn=bm.eier,
                                nettverk=bm.kompetansenettverk,
                                uh_navn=bm.uh,
                                soekt_eier=e,
                                soekt_uh=u,
                                soekt_totalt=e + u,
                                detaljer={"maalgruppe": t.get("maalgruppe") or ""},
                            )
                        )
                Post.objects.bulk_create(posts, batch_size=1000)
                n_post += len(posts)
                prio, vedtak = [], []
                for p in posts:
                    ok = rnd.random() < 0.85
                    status = forum_calc.PRIORITERT if ok else forum_calc.IKKE_PRIORITERT
                    share = rnd.choice((100, 100, 90, 80)) if ok else 0
                    e, u = [p.soekt_eier * share // 100], [p.soekt_uh * share // 100]
                    prio.append(Prioritering(post=p, status=status, eier=e, uh=u))
                    vedtak.append(Vedtakspost(post=p, status=status, eier=e, uh=u))
                Prioritering.objects.bulk_create(prio, batch_size=1000)
                Versjon.objects.create(runde=runde, type="innstilling", nummer=1, data={})
                if aar >= 2026:
                    continue
                Vedtakspost.objects.bulk_create(vedtak, batch_size=1000)
                Versjon.objects.create(runde=runde, type="vedtak", nummer=1, data={})
                rr = Rapportrunde.objects.create(runde=runde, frist=dt.date(aar + 1, 11, 1))
                rapporter: dict[int, Rapport] = {}
                linjer = []
                for p, v in zip(posts, vedtak, strict=True):
                    if v.status != forum_calc.PRIORITERT:
                        continue
                    pid = p.behovsmelding.partnerskap_id
                    if pid not in rapporter:
                        rapporter[pid] = Rapport.objects.create(
                            rapportrunde=rr,
                            partnerskap_id=pid,
                            status="godkjent" if rnd.random() < 0.9 else "sendt_inn",
                        )
                    used = rnd.choice((100, 100, 95, 85, 70))
                    linjer.append(
                        Rapportlinje(
                            rapport=rapporter[pid],
                            post=p,
                            innvilget_eier=v.eier[0],
                            innvilget_uh=v.uh[0],
                            brukt_eier=v.eier[0] * used // 100,
                            brukt_uh=v.uh[0] * used // 100,
                            ubrukt_handling=rnd.choice(("tilbakebetales", "overfores")),
                        )
                    )
                Rapportlinje.objects.bulk_create(linjer, batch_size=1000)
                n_linje += len(linjer)
    oppdater_alle()
    return n_post, n_linje


def timed(
    client: Any, url: str, repeat: int, cold: bool = False, **headers: str
) -> tuple[float, float, float, int]:
    """Median, p95 and max in ms, and the size. ``cold``: the overview's cache of menus, totals
    and bars is emptied before each request, as after a change to the data."""
    from django.core.cache import caches

    from behovsmelding.web.overview import CACHE_ALIAS

    client.get(url, **headers)  # warm: template cache, SQLite page cache
    times = []
    size = 0
    for _ in range(repeat):
        if cold:
            caches[CACHE_ALIAS].clear()
        t0 = time.perf_counter()
        r = client.get(url, **headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
        size = len(r.content)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, max(times), size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--regions", type=int, default=10)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--per-region-year", type=int, default=150)
    ap.add_argument("--tiltak", type=float, default=6.0, help="mean tiltak per behovsmelding")
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--db", help="SQLite file (default: a new temporary file)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary database")
    ap.add_argument(
        "--bare-statistikk",
        action="store_true",
        help="measure only the statistics page (skip the overview and the exports)",
    )
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-web-")
    db = args.db or str(Path(tmp) / "bench.sqlite3")
    os.environ.setdefault("BEHOVSMELDING_VAR_DIR", tmp)
    setup(db)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from behovsmelding.web.models import Behovsmelding

    setup_test_environment()
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    n = generate(args)
    gen = time.perf_counter() - t0
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    tiltak = sum(Behovsmelding.objects.values_list("antall_tiltak", flat=True))
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"generated {n} behovsmeldinger and {tiltak} tiltak in {gen:.1f} s")
    t0 = time.perf_counter()
    n_post, n_linje = add_rounds(random.Random(16))
    with connection.cursor() as c:
        c.execute("ANALYZE")  # SQLite and PostgreSQL alike: the planner sees the new rows
    print(
        f"added rounds with {n_post} posts, innstilling, vedtak, {n_linje} report lines and "
        f"their themes in {time.perf_counter() - t0:.1f} s"
    )

    national, regional = Client(), Client()
    national.login(username="nasjonal", password="bench")
    regional.login(username="sb3", password="bench")
    year = 2026
    cases = [
        ("national, unfiltered", national, "/"),
        ("national, year + network", national, f"/?aar={year}&nettverk=Salten"),
        ("national, year + has errors", national, f"/?aar={year}&feil=ja"),
        ("national, search 'skolemiljø'", national, "/?q=skolemilj%C3%B8"),
        ("national, sorted by amount, page 20", national, "/?sort=-sum_totalt&side=20"),
        ("regional, unfiltered", regional, "/"),
        ("regional, year + network", regional, f"/?aar={year}&nettverk=Salten"),
        ("regional, search 'lesing'", regional, "/?q=lesing"),
        ("national, htmx partial, year", national, f"/?aar={year}"),
    ]
    print(
        f"\noverview, {args.repeat} requests each (ms)   median     p95     max    KB"
        "   cold: median     p95"
    )
    worst = worst_cold = 0.0
    for label, client, url in [] if args.bare_statistikk else cases:
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
        med, p95, mx, size = timed(client, url, args.repeat, **headers)
        c_med, c_p95, _, _ = timed(client, url, args.repeat, cold=True, **headers)
        worst, worst_cold = max(worst, p95), max(worst_cold, c_p95)
        print(
            f"  {label:<38} {med:7.1f} {p95:7.1f} {mx:7.1f} {size / 1024:5.0f}"
            f"         {c_med:7.1f} {c_p95:7.1f}"
        )
    print(f"  worst p95: {worst:.1f} ms, cold {worst_cold:.1f} ms (goal < 150 ms)")

    print("\nexport of one national year")
    count = Behovsmelding.objects.filter(aar=year).count()
    exports = (("Excel", f"/eksport/excel/?aar={year}"), ("JSON", f"/eksport/json/?aar={year}"))
    for label, url in () if args.bare_statistikk else exports:
        t0 = time.perf_counter()
        r = national.get(url)
        dt = time.perf_counter() - t0
        assert r.status_code == 200
        print(
            f"  {label:<6} {count} behovsmeldinger: {dt:.2f} s, {len(r.content) / 1e6:.1f} MB "
            f"(goal < 5 s)"
        )
    stats_cases = [
        ("national, all years", national, "/statistikk/"),
        ("national, per eier", national, "/statistikk/?per=eier"),
        (
            "national, 2024-2026, ordning",
            national,
            "/statistikk/?fra=2024&til=2026&ordning=kollektiv",
        ),
        ("national, one theme", national, "/statistikk/?tema=1"),
        ("regional, all years", regional, "/statistikk/"),
        ("regional, network + theme", regional, "/statistikk/?nettverk=Salten&tema=2"),
        ("regional, per UH", regional, "/statistikk/?per=uh"),
    ]
    print(
        f"\nstatistics page, {args.repeat} requests each (ms)  median     p95     max    KB"
        "   cold: median     p95"
    )
    worst_stats = worst_stats_cold = 0.0
    for label, client, url in stats_cases:
        med, p95, mx, size = timed(client, url, args.repeat)
        c_med, c_p95, _, _ = timed(client, url, args.repeat, cold=True)
        worst_stats, worst_stats_cold = max(worst_stats, p95), max(worst_stats_cold, c_p95)
        print(
            f"  {label:<38} {med:7.1f} {p95:7.1f} {mx:7.1f} {size / 1024:5.0f}"
            f"         {c_med:7.1f} {c_p95:7.1f}"
        )
    print(
        f"  worst p95: {worst_stats:.1f} ms, cold {worst_stats_cold:.1f} ms "
        "(goal < 300 ms on PostgreSQL)"
    )
    t0 = time.perf_counter()
    r = national.get("/statistikk/statistikk.xlsx")
    assert r.status_code == 200
    body = b"".join(r.streaming_content)  # type: ignore[attr-defined]
    print(f"  Excel, national: {time.perf_counter() - t0:.2f} s, {len(body) / 1e3:.0f} kB")
    if not args.keep and not args.db:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
