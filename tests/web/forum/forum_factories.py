"""Factories for the forum tests: the five seeds stored in a region, rounds with frames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import User
from web_factories import caseworker, region, user

from behovsmelding.readers import read_path
from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import services as web_services
from behovsmelding.web.forum import services
from behovsmelding.web.forum.models import Runde
from behovsmelding.web.models import Region, Rolle, Virksomhet, Virksomhetstype

SEEDS = sorted((Path(__file__).resolve().parents[3] / "src/behovsmelding/demo_data").glob("*.txt"))


def seed_records() -> list[Record]:
    return [read_path(p) for p in SEEDS]


# The seeds' one owner that is not in the shipped register sample: four municipalities that
# apply together, under the organisasjonsnummer their documents give.
FELLESEIER = ("Alstahaug, Leirfjord, Lurøy og Træna kommuner", "938712441")


def store_seeds(reg: Region | None = None) -> Region:
    """The five seeds stored in ``reg``, every owner in the register (none is held)."""
    reg = reg or region()
    navn, orgnr = FELLESEIER
    Virksomhet.objects.get_or_create(
        orgnr=orgnr, defaults={"navn": navn, "type": Virksomhetstype.KOMMUNE, "region": reg}
    )
    for rec in seed_records():
        web_services.create_behovsmelding(rec, by=None, region=reg, funn=[])
    return reg


def forum_member(reg: Region, username: str = "forum") -> User:
    return user(Rolle.FORUM, username=username, region=reg)


def runde(reg: Region, aar: int, by: User | None = None) -> Runde:
    sb = by or caseworker(reg, username=f"sb{aar}{reg.pk}")
    return services.opprett_runde(
        reg, aar, frist=dt.date(aar, 2, 1), innstilling_frist=dt.date(aar, 3, 15), by=sb
    )


def access_world(home: Region, far: Region, sb: User) -> dict[str, int]:
    """For the access matrix: a round in ``home`` with a finished innstilling and vedtak (all
    posts granted as requested), and a round in ``far``. Returns the ids by matrix name."""
    from behovsmelding import forum_calc

    r = runde(home, 2024, by=sb)
    services.sett_ramme(r, navn="", ordning="kompetanseloftet", sektor="", belop=100_000_000, by=sb)
    for p in r.poster.all():
        services.sett_prioritering(
            p,
            status=forum_calc.PRIORITERT,
            eier=[p.soekt_eier],
            uh=[p.soekt_uh],
            begrunnelse="",
            by=sb,
        )
    innstilling = services.fullfor_innstilling(r, by=sb)
    services.vedtak_som_innstilt(r, by=sb)
    vedtak = services.fullfor_vedtak(r, by=sb)
    far_runde = runde(far, 2024, by=caseworker(far, username="sb-far"))
    return {
        "runde": r.pk,
        "far_runde": far_runde.pk,
        "innstilling": innstilling.pk,
        "vedtak": vedtak.pk,
    }
