"""Rounds, frames, posts from the seeds, prioritisation, versions and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from forum_factories import forum_member, runde, seed_records, store_seeds
from web_factories import caseworker, region, user

from behovsmelding import forum_calc
from behovsmelding.web.forum import services
from behovsmelding.web.forum.models import Post, Versjon
from behovsmelding.web.forum.poster import poster_fra_record
from behovsmelding.web.forum.services import ForumError
from behovsmelding.web.models import Hendelse, Rolle

pytestmark = pytest.mark.django_db

P = forum_calc.PRIORITERT
IP = forum_calc.IKKE_PRIORITERT


def test_posts_from_the_seeds_follow_the_two_form_generations() -> None:
    by_year: dict[int, list[object]] = {}
    for rec in seed_records():
        assert rec.aar is not None
        by_year.setdefault(rec.aar, []).extend(poster_fra_record(rec, rec.aar))
    p2026 = by_year[2026]
    assert len(p2026) == 6  # five budget rows of Bodø, the Sum row of Vefsn
    assert sum(p.soekt_eier + p.soekt_uh for p in p2026) == 2_458_860 + 479_000  # type: ignore[attr-defined]
    p2024 = by_year[2024]
    assert len(p2024) == 12
    ordninger = {p.ordning for p in p2024}  # type: ignore[attr-defined]
    assert ordninger == {"kompetanseloftet", "desentralisert"}


def test_kollektiv_rows_give_number_name_and_institution() -> None:
    rec = next(r for r in seed_records() if r.eier == "Bodø kommune" and r.aar == 2026)
    posts = poster_fra_record(rec, 2026)
    assert [(p.nr, p.navn) for p in posts][:2] == [
        (1, "Kvalitetsutvikling kommunale bhg."),
        (2, "Trygt og godt skolemiljø"),
    ]
    assert posts[3].uh_navn == "Nord universitet"
    assert posts[0].uh_navn == "Læringsmiljøsenteret, Universitetet i Stavanger"
    assert posts[0].antall_aar == 2  # H2026, V2027
    assert posts[0].eier_kontonr == ""  # the 2026 form has no account numbers


def test_opening_a_round_snapshots_the_years_tiltak_and_is_audited() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2026, by=sb)
    assert r.poster.count() == 6
    assert services.oppdater_poster(r, by=sb) == (0, 6, 0)
    assert r.poster.count() == 6
    handlinger = [h.type for h in services.historikk(r)]
    assert handlinger.count("runde.refreshed") == 2
    assert "runde.created" in handlinger
    with pytest.raises(ForumError, match="finnes allerede"):
        runde(reg, 2026, by=sb)


def test_only_caseworkers_open_rounds_and_set_frames() -> None:
    reg = store_seeds()
    with pytest.raises(ForumError, match="Bare saksbehandlere"):
        services.opprett_runde(
            reg,
            2026,
            frist=dt.date(2026, 2, 1),
            innstilling_frist=dt.date(2026, 3, 15),
            by=forum_member(reg),
        )
    r = runde(reg, 2026)
    with pytest.raises(ForumError):
        services.sett_ramme(
            r,
            navn="",
            ordning="",
            sektor="",
            belop=1,
            by=user(Rolle.EIER, region=reg, partnerskap=reg.partnerskap.first()),
        )


def test_frames_per_ordning_until_2025_and_one_from_2026() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r24 = runde(reg, 2024, by=sb)
    with pytest.raises(ForumError, match="én ramme per ordning"):
        services.sett_ramme(r24, navn="", ordning="", sektor="", belop=5, by=sb)
    ramme = services.sett_ramme(
        r24, navn="", ordning="desentralisert", sektor="", belop=1_000_000, by=sb
    )
    assert ramme.navn == "Desentralisert ordning"
    services.sett_ramme(r24, navn="", ordning="desentralisert", sektor="", belop=900_000, by=sb)
    ramme.refresh_from_db()
    assert ramme.belop == 900_000
    entry = Hendelse.objects.filter(type="runde.ramme_set").last()
    assert entry is not None
    assert (entry.for_verdi, entry.etter_verdi) == (
        "1\u00a0000\u00a0000\u00a0kr",
        "900\u00a0000\u00a0kr",
    )
    r26 = runde(reg, 2026, by=sb)
    with pytest.raises(ForumError, match="Fra 2026"):
        services.sett_ramme(r26, navn="", ordning="regional", sektor="", belop=5, by=sb)
    services.sett_ramme(r26, navn="", ordning="", sektor="barnehage", belop=5, by=sb)
    assert r26.rammer.get().navn == "Kollektiv kompetanseutvikling – Barnehage"


def _prioritise_all(r: services.Runde, by: object, factor: float = 1.0) -> None:
    for post in r.poster.all():
        services.sett_prioritering(
            post,
            status=P,
            eier=[int(post.soekt_eier * factor)] + [0] * (post.antall_aar - 1),
            uh=[int(post.soekt_uh * factor)] + [0] * (post.antall_aar - 1),
            begrunnelse="",
            by=by,  # type: ignore[arg-type]
        )


def test_forum_member_prioritises_and_every_change_is_audited_with_reason() -> None:
    reg = store_seeds()
    r = runde(reg, 2026)
    forum = forum_member(reg)
    post = r.poster.get(nr=2, uh_navn__startswith="Lærings")
    assert services.sett_prioritering(
        post, status=P, eier=[200_000, 50_000], uh=[300_000, 64_300], begrunnelse="", by=forum
    )
    assert not services.sett_prioritering(
        post, status=P, eier=[200_000, 50_000], uh=[300_000, 64_300], begrunnelse="", by=forum
    )
    services.sett_prioritering(
        post, status=IP, eier=[], uh=[], begrunnelse="Dekkes av annet tiltak", by=forum
    )
    entries = list(Hendelse.objects.filter(type="post.innstilling_changed").order_by("id"))
    assert len(entries) == 2
    assert entries[0].behovsmelding_id == post.behovsmelding_id
    assert entries[0].bruker == forum
    assert entries[0].for_verdi == "Ikke vurdert"
    assert "år 2: eier 50\u00a0000\u00a0kr, UH 64\u00a0300\u00a0kr" in entries[0].etter_verdi
    assert entries[1].detaljer["begrunnelse"] == "Dekkes av annet tiltak"
    assert entries[1].beskrivelse == (
        "Innstilling for «Tiltak 2: Trygt og godt skolemiljø» – begrunnelse: Dekkes av annet tiltak"
    )
    assert entries[1].etter_verdi == "Ikke prioritert"


def test_amount_above_requested_is_refused_without_reason() -> None:
    reg = store_seeds()
    r = runde(reg, 2026)
    forum = forum_member(reg)
    post = r.poster.get(nr=1, uh_navn__startswith="Lærings")  # eier 200 000
    with pytest.raises(ForumError, match="mer enn søkt"):
        services.sett_prioritering(
            post, status=P, eier=[200_001, 0], uh=[0, 0], begrunnelse="", by=forum
        )
    assert not Hendelse.objects.filter(type="post.innstilling_changed").exists()
    services.sett_prioritering(
        post, status=P, eier=[200_001, 0], uh=[0, 0], begrunnelse="Flere barnehager", by=forum
    )


def test_innstilling_over_the_frame_cannot_be_finished_at_the_frame_it_can() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2026, by=sb)
    total = sum(p.soekt_eier + p.soekt_uh for p in r.poster.all())
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=total - 1, by=sb)
    _prioritise_all(r, sb)
    with pytest.raises(ForumError, match="overskredet med 1\u00a0kr"):
        services.fullfor_innstilling(r, by=sb)
    assert not Versjon.objects.exists()
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=total, by=sb)
    v = services.fullfor_innstilling(r, by=sb)
    assert (v.type, v.nummer) == ("innstilling", 1)
    assert v.innhold["rammer"][0]["rest"] == 0
    assert len(v.innhold["poster"]) == 6


def test_a_finished_innstilling_is_frozen_and_a_change_makes_a_new_version() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2026, by=sb)
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=10_000_000, by=sb)
    _prioritise_all(r, sb)
    v1 = services.fullfor_innstilling(r, by=sb)
    with pytest.raises(ForumError, match="Ingenting er endret siden versjon 1"):
        services.fullfor_innstilling(r, by=sb)
    post = r.poster.get(kilde="sum")
    services.sett_prioritering(post, status=IP, eier=[], uh=[], begrunnelse="Mangler plan", by=sb)
    v2 = services.fullfor_innstilling(r, by=sb)
    assert v2.nummer == 2
    v1.refresh_from_db()
    frozen = next(p for p in v1.innhold["poster"] if p["id"] == post.pk)
    assert frozen["status"] == P
    assert next(p for p in v2.innhold["poster"] if p["id"] == post.pk)["status"] == IP


def test_refresh_keeps_the_forums_amounts() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2026, by=sb)
    post = r.poster.get(kilde="sum")
    services.sett_prioritering(post, status=P, eier=[15_000, 0], uh=[0, 0], begrunnelse="", by=sb)
    services.oppdater_poster(r, by=sb)
    assert Post.objects.get(pk=post.pk).prioritering.eier == [15_000, 0]


def test_rounds_are_per_region() -> None:
    store_seeds()
    troms = region("Troms")
    sb = caseworker(troms, username="sbt")
    r = runde(troms, 2026, by=sb)
    assert r.poster.count() == 0
