"""Attacks on the URLs of the organisation register, memberships, the forum, vedtak, letters and
the archive by users the role × URL matrix does not have as columns: an owner organisation's
administrator, an owner and a UH member of another partnership, and a forum member and a
caseworker of another region.

Uses the world of the matrix (tests/web/test_web_access.py): Nordland with Bodø (the "own"
objects) and Vefsn, Troms far away. The expected status of each attempt is written below from
the access rules (docs/web.md, "Who sees what"): outside one's organisation, partnership or
region a URL answers 404 (it never reveals that the object exists); inside it, an action the
role may not take answers 403.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from test_web_access import (  # noqa: F401 - the matrix's fixtures, used by name below
    World,
    _world_files,
    answer,
    url_for,
    world,
    world_folder,
)
from web_factories import PASSWORD, member, region, user

from behovsmelding.web.models import Behovsmelding, Rolle

pytestmark = pytest.mark.django_db

# Who attacks (made inside each test, undone with it):
#   adm       administrator of Bodø kommune (the own partnership's owner)
#   eier2     a member of Vefsn kommune (another partnership, same region)
#   uh2       a member of Nord universitet (Vefsn's UH partner, not Bodø's)
#   forum_tr  a samarbeidsforum member of Troms (another region)
#   sb_tr     a caseworker of Troms (another region)
ATTACKERS = ("adm", "eier2", "uh2", "forum_tr", "sb_tr")

# (url name, method, object, {attacker: expected status}); the objects are Bodø's / Nordland's.
ATTEMPTS: list[tuple[str, str, str, dict[str, int]]] = [
    # Bodø's records, originals and exports of one record
    ("detalj", "get", "own", {"eier2": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("original", "get", "own", {"eier2": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("eksport-json-en", "get", "own", {"eier2": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("detalj", "get", "other", {"adm": 404}),
    ("original", "get", "other", {"adm": 404}),
    ("eksport-json-en", "get", "other", {"adm": 404}),
    ("opplasting", "get", "own_upload", {"eier2": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    # the caseworker's actions on a record: never an owner's, and not another region's
    ("endre-status", "post", "own", {"adm": 403, "forum_tr": 404, "sb_tr": 404}),
    ("kommenter", "post", "own", {"adm": 403, "forum_tr": 404, "sb_tr": 404}),
    ("avklar-eier", "post", "own", {"adm": 403, "eier2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("koble-uh", "post", "own", {"adm": 403, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("marker", "post", "own", {"adm": 403, "eier2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("velg-versjon", "post", "own", {"adm": 403, "eier2": 404, "forum_tr": 404, "sb_tr": 404}),
    # memberships: an administrator only in the own organisation, a caseworker only in the region
    ("medlemskap:virksomhet", "get", "virksomhet",
        {"adm": 200, "eier2": 404, "uh2": 404, "sb_tr": 404}),
    ("medlemskap:virksomhet", "get", "other_virksomhet", {"adm": 404}),
    ("medlemskap:inviter", "post", "virksomhet",
        {"adm": 400, "eier2": 404, "uh2": 404, "sb_tr": 404}),
    ("medlemskap:inviter", "post", "other_virksomhet", {"adm": 404}),
    ("medlemskap:inviter", "post", "far_virksomhet", {"adm": 404}),
    ("medlemskap:trekk", "post", "ventende", {"eier2": 404, "uh2": 404, "sb_tr": 404}),
    ("medlemskap:fjern", "post", "medlemskap", {"eier2": 404, "uh2": 404, "sb_tr": 404}),
    # the register: the region's caseworkers only
    ("register:liste", "get", "", {"adm": 403}),
    ("register:virksomhet", "get", "virksomhet", {"adm": 404, "sb_tr": 404}),
    ("register:virksomhet", "post", "virksomhet", {"adm": 404, "sb_tr": 404}),
    ("register:alias-ny", "post", "virksomhet", {"adm": 404, "sb_tr": 404}),
    ("register:alias-fjern", "post", "virksomhet", {"adm": 404, "sb_tr": 404}),
    # the forum, the vedtak, letters, payments and archive of Nordland's round
    ("forum-runde", "get", "runde", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-prioritering", "get", "runde", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-ramme", "post", "runde", {"forum_tr": 404, "sb_tr": 404}),
    ("forum-oppdater", "post", "runde", {"forum_tr": 404, "sb_tr": 404}),
    ("forum-tilordne-uh", "post", "runde", {"forum_tr": 404, "sb_tr": 404}),
    ("forum-vedtak", "get", "runde", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-innstilling-pdf", "get", "innstilling", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-innstilling-excel", "get", "innstilling", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-tildelingsbrev", "get", "vedtak",
        {"adm": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-utbetaling-excel", "get", "vedtak", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-utbetaling-csv", "get", "vedtak", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-brev", "get", "vedtak", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-brev-send", "post", "vedtak", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    ("forum-saksnummer", "post", "runde", {"forum_tr": 404, "sb_tr": 404}),
    ("forum-arkiv", "get", "runde", {"adm": 404, "forum_tr": 404, "sb_tr": 404}),
    # the owners' form of Bodø
    ("skjema:utkast", "get", "utkast", {"eier2": 404, "uh2": 404}),
    ("skjema:lagre", "post", "utkast", {"eier2": 404, "uh2": 404}),
    ("skjema:se-over", "get", "utkast", {"eier2": 404, "uh2": 404}),
    ("skjema:vedlegg", "get", "vedlegg", {"eier2": 404, "uh2": 404}),
    ("skjema:vedlegg", "get", "sendt_vedlegg",
        {"eier2": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
    ("skjema:kvittering", "get", "sendt_utkast", {"eier2": 404, "uh2": 404}),
    ("skjema:endringer", "get", "skjema_bm",
        {"eier2": 404, "uh2": 404, "forum_tr": 404, "sb_tr": 404}),
]  # fmt: skip


def attacker(w: World, who: str) -> Any:
    """The attacker's user, made in the test's savepoint."""
    nordland, troms = region("Nordland"), region("Troms")
    if who == "adm":
        u = user(None, username=f"angriper-{who}")
        assert w.own.partnerskap.virksomhet is not None
        member(u, w.own.partnerskap.virksomhet, administrator=True)
        return u
    if who == "eier2":
        return user(Rolle.EIER, username=f"angriper-{who}", partnerskap=w.other.partnerskap)
    if who == "uh2":
        assert w.other.institusjon is not None and w.own.institusjon != w.other.institusjon
        return user(Rolle.UH, username=f"angriper-{who}", institusjon=w.other.institusjon)
    if who == "forum_tr":
        return user(Rolle.FORUM, username=f"angriper-{who}", region=troms)
    assert who == "sb_tr"
    assert nordland != troms
    return user(Rolle.SAKSBEHANDLER, username=f"angriper-{who}", region=troms)


def logged_in(w: World, who: str) -> Client:
    c = Client()
    assert c.login(username=attacker(w, who).username, password=PASSWORD)
    return c


CASES = [
    pytest.param(name, method, obj, who, expected, id=f"{name}-{obj or 'liste'}-{who}")
    for name, method, obj, by_who in ATTEMPTS
    for who, expected in by_who.items()
]


@pytest.mark.parametrize(("name", "method", "obj", "who", "expected"), CASES)
def test_an_attacker_gets_the_status_the_rules_give(
    world: World,  # noqa: F811
    name: str,
    method: str,
    obj: str,
    who: str,
    expected: int,
) -> None:
    c = logged_in(world, who)
    url = url_for(world, name, obj)
    data = {"til": "under_behandling", "tekst": "Sjekket.", "grunn": "x", "status": "trukket"}
    response = answer(c, method, url, data)
    assert response.status_code == expected, f"{who} {method.upper()} {url}"


def test_every_attacker_is_in_the_table() -> None:
    assert {who for *_, by_who in ATTEMPTS for who in by_who} == set(ATTACKERS)


@pytest.mark.parametrize("who", ["forum_tr", "sb_tr"])
def test_another_regions_staff_see_nothing_of_nordland(world: World, who: str) -> None:  # noqa: F811
    c = logged_in(world, who)
    nordland = {"Bodø kommune", "Vefsn kommune"}
    page = c.get(url_for(world, "oversikt", "")).content.decode()
    assert not any(n in page for n in nordland)
    xlsx = load_workbook(io.BytesIO(c.get(url_for(world, "eksport-excel", "")).content))
    cells = {str(v) for row in xlsx["Tiltak"].iter_rows(values_only=True) for v in row}
    assert not cells & nordland
    rounds = c.get(url_for(world, "forum-runder", "")).content.decode()
    assert f'href="{url_for(world, "forum-runde", "runde")}"' not in rounds
    if who == "sb_tr":
        records = json.loads(c.get(url_for(world, "eksport-json", "")).content)
        assert not {r["eier"] for r in records} & nordland


def test_an_owner_administrator_sees_and_exports_only_the_own_partnership(world: World) -> None:  # noqa: F811
    c = logged_in(world, "adm")
    records = json.loads(c.get(url_for(world, "eksport-json", "")).content)
    assert {r["eier"] for r in records} == {"Bodø kommune"}
    page = c.get(url_for(world, "oversikt", "")).content.decode()
    assert "Vefsn kommune" not in page and "Tromsø kommune" not in page


def test_refused_attacks_change_nothing(world: World) -> None:  # noqa: F811
    """What the 404s and 403s above refused left Bodø's record, its memberships and its
    pending invitation as they were."""
    for who in ("adm", "eier2", "sb_tr"):
        c = logged_in(world, who)
        for name, obj in (("marker", "own"), ("avklar-eier", "own"), ("kommenter", "own")):
            c.post(url_for(world, name, obj), {"status": "trukket", "grunn": "x", "tekst": "x"})
        if who != "adm":
            c.post(url_for(world, "medlemskap:trekk", "ventende"))
            c.post(url_for(world, "medlemskap:fjern", "medlemskap"))
    bm = Behovsmelding.objects.get(pk=world.own.pk)
    assert bm.markert == "" and not bm.kommentarer.exists()
    from behovsmelding.web.models import Invitasjon, Medlemskap

    assert Medlemskap.objects.filter(pk=world.medlemskap).exists()
    assert Invitasjon.objects.filter(pk=world.ventende, trukket__isnull=True).exists()
