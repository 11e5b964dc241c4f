"""A record marked withdrawn, duplicate or replaced after the forum's round was opened leaves
the round at once: its tiltak are no longer on the prioritisation and vedtak pages, in the
totals, the innstilling or the vedtak (and so in no letter or payment list), without waiting
for someone to press "Hent tiltakene på nytt"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from web_factories import behovsmelding, caseworker

from behovsmelding import forum_calc
from behovsmelding.web import versjoner
from behovsmelding.web.forum import services as forum_services
from behovsmelding.web.forum.models import Runde
from behovsmelding.web.models import Behovsmelding, Hendelse, Markering

pytestmark = pytest.mark.django_db


def _round_with_two() -> tuple[Runde, Behovsmelding, Behovsmelding, User]:
    kept = behovsmelding()
    withdrawn = behovsmelding(eier="Vefsn kommune", kompetansenettverk="RKK Vefsn")
    sb = caseworker(kept.region, username="sb")
    r = forum_services.opprett_runde(
        kept.region, 2024, frist=dt.date(2024, 2, 1), innstilling_frist=dt.date(2024, 3, 1), by=sb
    )
    return r, kept, withdrawn, sb


def test_a_record_withdrawn_after_the_round_opened_has_no_active_posts() -> None:
    r, kept, withdrawn, sb = _round_with_two()
    assert r.poster.filter(behovsmelding=withdrawn, aktiv=True).count() == 3
    versjoner.marker(withdrawn, Markering.TRUKKET, grunn="Trukket av eier 3.2.", by=sb)
    assert not r.poster.filter(behovsmelding=withdrawn, aktiv=True).exists()
    assert r.poster.filter(behovsmelding=kept, aktiv=True).count() == 3
    h = Hendelse.objects.get(behovsmelding=withdrawn, type="behovsmelding.marked")
    assert h.detaljer["forum_poster_ut"] == 3


def test_a_withdrawn_record_is_in_no_innstilling_vedtak_or_decision() -> None:
    r, kept, withdrawn, sb = _round_with_two()
    forum_services.sett_ramme(
        r, navn="", ordning="kompetanseloftet", sektor="", belop=100_000_000, by=sb
    )
    for p in r.poster.all():
        forum_services.sett_prioritering(
            p,
            status=forum_calc.PRIORITERT,
            eier=[p.soekt_eier],
            uh=[p.soekt_uh],
            begrunnelse="",
            by=sb,
        )
    versjoner.marker(
        withdrawn, Markering.DUPLIKAT, grunn="Sendt to ganger", duplikat_av=kept, by=sb
    )
    innstilling = forum_services.fullfor_innstilling(r, by=sb)
    assert {p["behovsmelding"] for p in innstilling.innhold["poster"]} == {kept.pk}
    forum_services.vedtak_som_innstilt(r, by=sb)
    vedtak = forum_services.fullfor_vedtak(r, by=sb)
    assert {p["behovsmelding"] for p in vedtak.innhold["poster"]} == {kept.pk}
    mottakere = [m["navn"] for m in vedtak.innhold["mottakere"]]
    assert mottakere == ["Bodø kommune", "Høgskolen i Innlandet"]
    withdrawn.refresh_from_db()
    assert withdrawn.status == "mottatt"


def test_the_replaced_version_leaves_the_round_too() -> None:
    old = behovsmelding()
    sb = caseworker(old.region, username="sb")
    r = forum_services.opprett_runde(
        old.region, 2024, frist=dt.date(2024, 2, 1), innstilling_frist=dt.date(2024, 3, 1), by=sb
    )
    new = behovsmelding(tittel="Korrigert")
    versjoner.tilby_versjon(new)
    versjoner.velg_versjon(new, ny_versjon=True, by=sb)
    assert not r.poster.filter(behovsmelding=old, aktiv=True).exists()
