"""Who may open which URL: every URL of the application × every role.

The world: region Nordland with two partnerships (Bodø, Vefsn), each with one behovsmelding
and one upload; region Troms with one behovsmelding. A user outside a record's scope gets 404,
never 403, so that a URL does not reveal that the record exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from forum.forum_factories import access_world
from medlemskap_factories import medlemskap_world
from rapport.rapport_factories import rapport_world
from skjema.skjema_factories import skjema_world
from statistikk.statistikk_factories import statistikk_world
from web_factories import PASSWORD, behovsmelding, caseworker, region, user

from behovsmelding.web import services
from behovsmelding.web.models import Behovsmelding, Rolle
from behovsmelding.web.register_import import load_demo_register

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ROLES = ("anonym", "uten_rolle", "saksbehandler", "eier", "uh", "forum")


@dataclass
class World:
    users: dict[str, Any]
    own: Behovsmelding  # Bodø: the eier and uh users' record
    other: Behovsmelding  # Vefsn, same region
    far: Behovsmelding  # another region
    own_upload: int
    other_upload: int
    # the samarbeidsforum app (tests/web/forum): a round in Nordland with a finished
    # innstilling and vedtak, and a round in Troms
    runde: int = 0
    far_runde: int = 0
    innstilling: int = 0
    vedtak: int = 0
    # the owners' form (tests/web/skjema): the own partnership's draft (co-edited by the uh
    # user's organisation), another partnership's draft, a submitted draft and its behovsmelding
    utkast: int = 0
    other_utkast: int = 0
    sendt_utkast: int = 0
    skjema_bm: int = 0
    # attachments (budget files) of the own draft, the other partnership's draft and the
    # submitted draft (which the caseworker sees through its behovsmelding)
    vedlegg: int = 0
    other_vedlegg: int = 0
    sendt_vedlegg: int = 0
    # memberships (tests/web/test_web_invitasjoner.py): the eier's organisation (Bodø), the
    # other partnership's (Vefsn), one in Troms; a pending invitation into Bodø, the eier's
    # membership, and the token of an invitation to a new address
    virksomhet: int = 0
    other_virksomhet: int = 0
    far_virksomhet: int = 0
    ventende: int = 0
    medlemskap: int = 0
    invitasjon: str = ""
    # the statistics (tests/web/statistikk): a tiltak of the Nordland round, one of the Troms
    # round, and a theme of the vocabulary
    stat_post: int = 0
    far_stat_post: int = 0
    tema: int = 0
    # the recipients' reports (tests/web/rapport): the report round of the decided round; the
    # own partnership's report is a draft with an attachment, the other partnership's is sent
    # in with one
    rapportrunde: int = 0
    rapport: int = 0
    other_rapport: int = 0
    rapport_vedlegg: int = 0
    other_rapport_vedlegg: int = 0


@pytest.fixture(scope="module")
def world_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("originaler")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, world_folder: Path) -> Iterator[World]:
    """The world is built once for the module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's own per-test transaction), so what a
    test's POST changes is undone before the next."""
    with (
        django_db_blocker.unblock(),
        override_settings(ORIGINALS_DIR=world_folder, PASSWORD_HASHERS=FAST_HASHERS),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo_register(region("Nordland"))
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _world_files(settings: Any, world_folder: Path) -> None:
    settings.ORIGINALS_DIR = world_folder


# where a value was read on the world's one-page PDFs (readers.provenance's shape)
KILDE = {"ord": "350 000", "side": 1, "boks": [20, 150, 90, 170], "sidestorrelse": [300, 200]}


def _one_page_pdf() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, "PDF")  # 300 × 200 points
    return out.getvalue()


def build_world() -> World:
    nordland, troms = region("Nordland"), region("Troms")
    sb = caseworker(nordland, username="sb")
    own = behovsmelding(reg=nordland)
    # Give the own record an original file, through the real upload path.
    eier = user(Rolle.EIER, username="eier", region=nordland, partnerskap=own.partnerskap)
    other = behovsmelding(reg=nordland, eier="Vefsn kommune", uh="Nord universitet")
    far = behovsmelding(reg=troms, eier="Tromsø kommune", uh="UiT Norges arktiske universitet")
    uh = user(Rolle.UH, username="uh", institusjon=own.institusjon)
    forum = user(Rolle.FORUM, username="forum", region=nordland)
    norole = user(None, username="uten_rolle")
    own_upload = services.receive_files(
        [services.InnkommendeFil("bodo.txt", b"not a form")], by=eier
    )
    other_owner = user(Rolle.EIER, username="eier2", region=nordland, partnerskap=other.partnerskap)
    other_upload = services.receive_files(
        [services.InnkommendeFil("vefsn.txt", b"also not a form")], by=other_owner
    )
    # An original for the own record, stored like an upload would store it: a one-page PDF,
    # with where the record's total was read on it (for the picture of that place).
    original = services.Originalfil.objects.create(
        sha256="a" * 64, filnavn="bodo.pdf", lagret_som="x.pdf", storrelse=3
    )
    services.originals_dir().joinpath("x.pdf").write_bytes(_one_page_pdf())
    own.original = original
    own.save()
    other_original = services.Originalfil.objects.create(
        sha256="b" * 64, filnavn="vefsn.pdf", lagret_som="y.pdf", storrelse=3
    )
    services.originals_dir().joinpath("y.pdf").write_bytes(_one_page_pdf())
    other.original = other_original
    other.save()
    for bm in (own, other):
        bm.innhold.kilder = {"budsjett.sum.totalt": KILDE}
        bm.innhold.save(update_fields=["kilder"])
    forum_ids = access_world(nordland, troms, sb)
    return World(
        users={
            "anonym": None,
            "uten_rolle": norole,
            "saksbehandler": sb,
            "eier": eier,
            "uh": uh,
            "forum": forum,
        },
        own=own,
        other=other,
        far=far,
        own_upload=own_upload.pk,
        other_upload=other_upload.pk,
        **forum_ids,
        **skjema_world(own, other, eier, uh),
        **medlemskap_world(own, other, far, eier, sb),
        **statistikk_world(nordland, troms),
        **rapport_world(forum_ids["runde"], sb, other_owner),
    )


def client_for(w: World, role: str) -> Client:
    c = Client()
    u = w.users[role]
    if u is not None:
        assert c.login(username=u.username, password=PASSWORD)
    return c


# (url name, method, which object, expected status per role in ROLES order)
# 302 = redirect (to login for anonym; back to the page after a POST that worked)
MATRIX: list[tuple[str, str, str, tuple[int, ...]]] = [
    # name              method  object          anonym uten_r  sb    eier  uh    forum
    ("oversikt", "get", "", (302, 403, 200, 200, 200, 200)),
    ("logg-inn", "get", "", (200, 302, 302, 302, 302, 302)),
    ("last-opp", "get", "", (302, 403, 200, 200, 403, 403)),
    ("detalj", "get", "own", (302, 404, 200, 200, 200, 200)),
    ("detalj", "get", "other", (302, 404, 200, 404, 404, 200)),
    ("detalj", "get", "far", (302, 404, 404, 404, 404, 404)),
    ("endre-status", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("endre-status", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("endre-status", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("kommenter", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("kommenter", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("kommenter", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("kontroller", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("kontroller", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("kontroller", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("avklar-eier", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("avklar-eier", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("avklar-eier", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("koble-uh", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("koble-uh", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("koble-uh", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("marker", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("marker", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("marker", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("velg-versjon", "post", "own", (302, 404, 302, 403, 403, 403)),
    ("velg-versjon", "post", "other", (302, 404, 302, 404, 404, 403)),
    ("velg-versjon", "post", "far", (302, 404, 404, 404, 404, 404)),
    ("original", "get", "own", (302, 404, 200, 200, 200, 403)),
    ("original", "get", "other", (302, 404, 200, 404, 404, 403)),
    ("original", "get", "far", (302, 404, 404, 404, 404, 404)),
    # the picture of where a value was read: for whoever may download the original
    ("kilde-utsnitt", "get", "own", (302, 404, 200, 200, 200, 403)),
    ("kilde-utsnitt", "get", "other", (302, 404, 200, 404, 404, 403)),
    ("kilde-utsnitt", "get", "far", (302, 404, 404, 404, 404, 404)),
    ("eksport-json-en", "get", "own", (302, 404, 200, 200, 200, 403)),
    ("eksport-json-en", "get", "other", (302, 404, 200, 404, 404, 403)),
    ("eksport-json-en", "get", "far", (302, 404, 404, 404, 404, 404)),
    ("eksport-excel", "get", "", (302, 403, 200, 200, 200, 200)),
    ("eksport-json", "get", "", (302, 403, 200, 200, 200, 403)),
    ("opplastinger", "get", "", (302, 403, 200, 200, 403, 403)),
    ("opplasting", "get", "own_upload", (302, 404, 200, 200, 404, 404)),
    ("opplasting", "get", "other_upload", (302, 404, 200, 404, 404, 404)),
    ("opplasting-fremdrift", "get", "own_upload", (302, 404, 200, 200, 404, 404)),
    ("opplasting-fremdrift", "get", "other_upload", (302, 404, 200, 404, 404, 404)),
    ("logg-ut", "post", "", (302, 302, 302, 302, 302, 302)),
    # samarbeidsforum and vedtak: caseworkers do all; the forum sees and sets the innstilling
    ("forum-runder", "get", "", (302, 403, 200, 403, 403, 200)),
    ("forum-ny-runde", "post", "", (302, 403, 302, 403, 403, 403)),
    ("forum-runde", "get", "runde", (302, 404, 200, 404, 404, 200)),
    ("forum-runde", "get", "far_runde", (302, 404, 404, 404, 404, 404)),
    ("forum-ramme", "post", "runde", (302, 404, 302, 404, 404, 403)),
    ("forum-oppdater", "post", "runde", (302, 404, 302, 404, 404, 403)),
    ("forum-tilordne-uh", "post", "runde", (302, 404, 302, 404, 404, 403)),
    ("forum-prioritering", "get", "runde", (302, 404, 200, 404, 404, 200)),
    ("forum-prioritering", "get", "far_runde", (302, 404, 404, 404, 404, 404)),
    ("forum-vedtak", "get", "runde", (302, 404, 200, 404, 404, 403)),
    ("forum-innstilling-pdf", "get", "innstilling", (302, 404, 200, 404, 404, 200)),
    ("forum-innstilling-excel", "get", "innstilling", (302, 404, 200, 404, 404, 200)),
    ("forum-tildelingsbrev", "get", "vedtak", (302, 404, 200, 404, 404, 403)),
    ("forum-utbetaling-excel", "get", "vedtak", (302, 404, 200, 404, 404, 403)),
    ("forum-utbetaling-csv", "get", "vedtak", (302, 404, 200, 404, 404, 403)),
    ("forum-brev", "get", "vedtak", (302, 404, 200, 404, 404, 403)),
    ("forum-brev-send", "post", "vedtak", (302, 404, 302, 404, 404, 403)),
    ("forum-saksnummer", "post", "runde", (302, 404, 302, 404, 404, 403)),
    ("forum-saksnummer", "post", "far_runde", (302, 404, 404, 404, 404, 404)),
    ("forum-arkiv", "get", "runde", (302, 404, 200, 404, 404, 403)),
    ("forum-arkiv", "get", "far_runde", (302, 404, 404, 404, 404, 404)),
    # the statistics: caseworkers and the forum see them (their region's tiltak only; another
    # region's tiltak is 404); only caseworkers correct a tiltak's themes and keep the themes
    # (a POST without a name is 400; one without a theme clears the tiltak's themes: 302)
    ("statistikk:side", "get", "", (302, 403, 200, 403, 403, 200)),
    ("statistikk:excel", "get", "", (302, 403, 200, 403, 403, 200)),
    ("statistikk:tiltak", "get", "", (302, 403, 200, 403, 403, 200)),
    ("statistikk:post-temaer", "get", "stat_post", (302, 404, 200, 404, 404, 403)),
    ("statistikk:post-temaer", "get", "far_stat_post", (302, 404, 404, 404, 404, 404)),
    ("statistikk:post-temaer", "post", "stat_post", (302, 404, 302, 404, 404, 403)),
    ("statistikk:post-temaer", "post", "far_stat_post", (302, 404, 404, 404, 404, 404)),
    ("statistikk:temaer", "get", "", (302, 403, 200, 403, 403, 403)),
    ("statistikk:tema-ny", "post", "", (302, 403, 400, 403, 403, 403)),
    ("statistikk:tema", "post", "tema", (302, 403, 400, 403, 403, 403)),
    # the owners' form: owners and the invited UH contact; a POST without a version is 409
    ("skjema:mine", "get", "", (302, 403, 403, 200, 200, 403)),
    ("skjema:ny", "post", "", (302, 403, 403, 302, 403, 403)),
    ("skjema:videreforing", "get", "", (302, 403, 403, 200, 403, 403)),
    ("skjema:videreforing", "post", "", (302, 403, 403, 302, 403, 403)),
    ("skjema:sprak", "post", "", (302, 302, 302, 302, 302, 302)),
    ("skjema:utkast", "get", "utkast", (302, 404, 404, 200, 200, 404)),
    ("skjema:utkast", "get", "other_utkast", (302, 404, 404, 404, 404, 404)),
    ("skjema:utkast", "post", "utkast", (302, 404, 404, 409, 409, 404)),
    # The autosave answers JSON, also when the session has ended (the page keeps the text).
    ("skjema:lagre", "post", "utkast", (401, 404, 404, 409, 409, 404)),
    ("skjema:lagre", "post", "other_utkast", (401, 404, 404, 404, 404, 404)),
    ("skjema:lagre", "post", "sendt_utkast", (401, 404, 404, 403, 404, 404)),
    ("skjema:forleng", "post", "", (401, 200, 200, 200, 200, 200)),
    # "Se over og send inn": only the owner's people send in; a stale version is 409
    ("skjema:se-over", "get", "utkast", (302, 404, 404, 200, 200, 404)),
    ("skjema:se-over", "get", "other_utkast", (302, 404, 404, 404, 404, 404)),
    ("skjema:se-over", "get", "sendt_utkast", (302, 404, 404, 302, 404, 404)),
    ("skjema:se-over", "post", "utkast", (302, 404, 404, 409, 403, 404)),
    ("skjema:slett", "get", "utkast", (302, 404, 404, 200, 403, 404)),
    ("skjema:slett", "post", "sendt_utkast", (302, 404, 404, 403, 404, 404)),
    ("skjema:kompetansemiljo", "post", "utkast", (302, 404, 404, 302, 403, 404)),
    ("skjema:kvittering", "get", "sendt_utkast", (302, 404, 404, 200, 404, 404)),
    ("skjema:kvittering-pdf", "get", "sendt_utkast", (302, 404, 404, 200, 404, 404)),
    ("skjema:endringer", "get", "skjema_bm", (302, 404, 200, 200, 404, 200)),
    # attachments: who writes in the draft uploads (a POST without a file is 400) and deletes
    # until it is sent in; after that those who see the behovsmelding download, not the forum
    ("skjema:vedlegg-last-opp", "post", "utkast", (302, 404, 404, 400, 400, 404)),
    ("skjema:vedlegg-last-opp", "post", "other_utkast", (302, 404, 404, 404, 404, 404)),
    ("skjema:vedlegg-last-opp", "post", "sendt_utkast", (302, 404, 404, 403, 404, 404)),
    ("skjema:vedlegg", "get", "vedlegg", (302, 404, 404, 200, 200, 404)),
    ("skjema:vedlegg", "get", "other_vedlegg", (302, 404, 404, 404, 404, 404)),
    ("skjema:vedlegg", "get", "sendt_vedlegg", (302, 404, 200, 200, 404, 403)),
    ("skjema:vedlegg-slett", "post", "vedlegg", (302, 404, 404, 302, 302, 404)),
    ("skjema:vedlegg-slett", "post", "other_vedlegg", (302, 404, 404, 404, 404, 404)),
    ("skjema:vedlegg-slett", "post", "sendt_vedlegg", (302, 404, 404, 403, 404, 404)),
    # memberships: members see their organisation, its administrators and the region's
    # caseworkers invite and remove; a POST without an address is 400; an invitation's link
    # refuses whoever is logged in as another person than its address
    ("medlemskap:mine", "get", "", (302, 403, 200, 200, 200, 403)),
    ("medlemskap:virksomhet", "get", "virksomhet", (302, 404, 200, 200, 404, 404)),
    ("medlemskap:virksomhet", "get", "other_virksomhet", (302, 404, 200, 404, 404, 404)),
    ("medlemskap:virksomhet", "get", "far_virksomhet", (302, 404, 404, 404, 404, 404)),
    ("medlemskap:inviter", "post", "virksomhet", (302, 404, 400, 403, 404, 404)),
    ("medlemskap:inviter", "post", "other_virksomhet", (302, 404, 400, 404, 404, 404)),
    ("medlemskap:inviter", "post", "far_virksomhet", (302, 404, 404, 404, 404, 404)),
    ("medlemskap:trekk", "post", "ventende", (302, 404, 302, 403, 404, 404)),
    ("medlemskap:fjern", "post", "medlemskap", (302, 404, 302, 403, 404, 404)),
    ("medlemskap:invitasjon", "get", "invitasjon", (200, 403, 403, 403, 403, 403)),
    # the organisation register: the region's caseworkers only; another region's organisation
    # is 404; a POST without its fields is 400 (a removal without an alias says so, 302)
    ("register:liste", "get", "", (302, 403, 200, 403, 403, 403)),
    ("register:importer", "get", "", (302, 403, 200, 403, 403, 403)),
    ("register:importer", "post", "", (302, 403, 400, 403, 403, 403)),
    ("register:virksomhet", "get", "virksomhet", (302, 404, 200, 404, 404, 404)),
    ("register:virksomhet", "get", "far_virksomhet", (302, 404, 404, 404, 404, 404)),
    ("register:virksomhet", "post", "virksomhet", (302, 404, 400, 404, 404, 404)),
    ("register:virksomhet", "post", "far_virksomhet", (302, 404, 404, 404, 404, 404)),
    ("register:alias-ny", "post", "virksomhet", (302, 404, 400, 404, 404, 404)),
    ("register:alias-ny", "post", "far_virksomhet", (302, 404, 404, 404, 404, 404)),
    ("register:alias-fjern", "post", "virksomhet", (302, 404, 302, 404, 404, 404)),
    ("register:alias-fjern", "post", "far_virksomhet", (302, 404, 404, 404, 404, 404)),
    # the recipients' reports: the partnership's people (owner and UH partner) write in their
    # own, the owner sends in (an incomplete report is 400); caseworkers and the forum of the
    # region read every report, caseworkers review, open rounds and get the repayment list;
    # attachments are not for the forum; a POST without its fields says so (302)
    ("rapport:mine", "get", "", (302, 403, 403, 200, 200, 403)),
    ("rapport:rapport", "get", "rapport", (302, 404, 404, 200, 200, 404)),
    ("rapport:rapport", "get", "other_rapport", (302, 404, 404, 404, 404, 404)),
    ("rapport:rapport", "post", "rapport", (302, 404, 404, 302, 302, 404)),
    ("rapport:lagre", "post", "rapport", (401, 404, 404, 200, 200, 404)),
    ("rapport:lagre", "post", "other_rapport", (401, 404, 404, 404, 404, 404)),
    ("rapport:send-inn", "post", "rapport", (302, 404, 404, 400, 403, 404)),
    ("rapport:kvittering", "get", "other_rapport", (302, 404, 200, 404, 404, 200)),
    ("rapport:kvittering", "get", "rapport", (302, 404, 404, 404, 404, 404)),
    ("rapport:vedlegg-last-opp", "post", "rapport", (302, 404, 404, 400, 400, 404)),
    ("rapport:vedlegg-last-opp", "post", "other_rapport", (302, 404, 404, 404, 404, 404)),
    ("rapport:vedlegg", "get", "rapport_vedlegg", (302, 404, 200, 200, 200, 403)),
    ("rapport:vedlegg", "get", "other_rapport_vedlegg", (302, 404, 200, 404, 404, 403)),
    ("rapport:vedlegg-slett", "post", "rapport_vedlegg", (302, 404, 404, 302, 302, 404)),
    ("rapport:vedlegg-slett", "post", "other_rapport_vedlegg", (302, 404, 404, 404, 404, 404)),
    ("rapport:behandle", "get", "rapport", (302, 404, 200, 404, 404, 200)),
    ("rapport:behandle", "get", "other_rapport", (302, 404, 200, 404, 404, 200)),
    ("rapport:behandle", "post", "other_rapport", (302, 404, 302, 404, 404, 403)),
    ("rapport:runder", "get", "", (302, 403, 200, 403, 403, 200)),
    ("rapport:ny-runde", "post", "", (302, 403, 302, 403, 403, 403)),
    ("rapport:runde", "get", "rapportrunde", (302, 404, 200, 404, 404, 200)),
    ("rapport:frist", "post", "rapportrunde", (302, 404, 302, 404, 404, 403)),
    ("rapport:paaminnelser", "post", "rapportrunde", (302, 404, 302, 404, 404, 403)),
    ("rapport:tilbakebetaling", "get", "rapportrunde", (302, 404, 200, 404, 404, 403)),
    # login (behovsmelding.web.innlogging): the providers are not set up here, so their pages
    # are 404 (tests/web/test_web_oidc_browser.py logs in through a real provider)
    ("innlogging:bekreft-passord", "get", "", (302, 200, 200, 200, 200, 200)),
    ("innlogging:utlogget", "get", "", (200, 200, 200, 200, 200, 200)),
    ("innlogging:invitasjon", "get", "invitasjon", (404, 404, 404, 404, 404, 404)),
    ("innlogging:idporten-logg-inn", "get", "", (404, 404, 404, 404, 404, 404)),
    ("innlogging:idporten-callback", "get", "", (404, 404, 404, 404, 404, 404)),
    ("innlogging:idporten-frontchannel", "get", "", (404, 404, 404, 404, 404, 404)),
    ("innlogging:entra-logg-inn", "get", "", (404, 404, 404, 404, 404, 404)),
    ("innlogging:entra-callback", "get", "", (404, 404, 404, 404, 404, 404)),
    ("innlogging:entra-frontchannel", "get", "", (404, 404, 404, 404, 404, 404)),
]


def resolver_url_names() -> list[str]:
    """Every named URL of the application, from Django's URL resolver (namespaced ones as
    "namespace:name"), in the order the resolver has them."""

    def walk(patterns: list[Any], namespace: str | None) -> list[str]:
        out: list[str] = []
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                out += walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                out.append(f"{namespace}:{p.name}" if namespace else p.name)
        return out

    return walk(get_resolver().url_patterns, None)


def _cases() -> list[Any]:
    """One case per (URL of the resolver × its rows in MATRIX × role). A URL the resolver has
    but MATRIX does not gets a case that fails, naming the URL."""
    rows: dict[str, list[tuple[str, str, tuple[int, ...]]]] = {}
    for name, method, obj, expected in MATRIX:
        rows.setdefault(name, []).append((method, obj, expected))
    out = []
    for name in dict.fromkeys(resolver_url_names()):
        if name not in rows:
            out.append(pytest.param(name, "get", "", "", 0, id=f"{name}-MANGLER-I-MATRISEN"))
            continue
        for method, obj, expected in rows[name]:
            out += [
                pytest.param(
                    name, method, obj, role, expected[i], id=f"{name}-{obj or 'liste'}-{role}"
                )
                for i, role in enumerate(ROLES)
            ]
    return out


CASES = _cases()


def url_for(w: World, name: str, obj: str) -> str:
    from django.urls import reverse

    if not obj:
        return reverse(name)
    target = getattr(w, obj)
    pk = target if isinstance(target, int | str) else target.pk
    if name == "forum-tildelingsbrev":
        return reverse(name, args=[pk, 0])  # the vedtak's first recipient
    if name == "kilde-utsnitt":
        return reverse(name, args=[pk]) + "?felt=budsjett.sum.totalt"
    return reverse(name, args=[pk])


@pytest.mark.parametrize(("name", "method", "obj", "role", "expected"), CASES)
def test_role_gets_expected_status(
    world: World, name: str, method: str, obj: str, role: str, expected: int
) -> None:
    assert role, f"URL «{name}» has no row in MATRIX: add its expected status per role"
    c = client_for(world, role)
    url = url_for(world, name, obj)
    response = answer(c, method, url, {"til": "under_behandling", "tekst": "Sjekket budsjettet."})
    assert response.status_code == expected, f"{role} {method.upper()} {url}"


def answer(c: Client, method: str, url: str, data: dict[str, str]) -> Any:
    """The response to a GET or a POST of ``data``, a file download closed."""
    response = c.post(url, data) if method == "post" else c.get(url)
    if response.streaming:
        # A file download holds the file open until closed; closing fires request_finished,
        # whose handler would close the connection and the module's transaction with it (the
        # test client itself does this for the other responses).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    return response


def test_every_url_is_in_the_matrix() -> None:
    assert set(resolver_url_names()) == {name for name, *_ in MATRIX}


def test_every_url_has_a_name_so_that_the_matrix_sees_it() -> None:
    """The matrix takes the URLs by name: a pattern without one would escape it."""

    def unnamed(patterns: list[Any], prefix: str) -> list[str]:
        out: list[str] = []
        for p in patterns:
            if isinstance(p, URLResolver):
                out += unnamed(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and not p.name:
                out.append(prefix + str(p.pattern))
        return out

    assert unnamed(get_resolver().url_patterns, "/") == []


def test_refused_actions_change_nothing(world: World) -> None:
    c = client_for(world, "eier")
    world.own.refresh_from_db()
    before = world.own.status  # the world's vedtak has moved it to "vedtak_fattet"
    c.post(url_for(world, "endre-status", "own"), {"til": "under_behandling"})
    c.post(url_for(world, "kommenter", "other"), {"tekst": "hei"})
    world.own.refresh_from_db()
    assert world.own.status == before
    assert not world.own.kommentarer.exists()
    assert not world.other.kommentarer.exists()


def test_owner_exports_contain_only_own_records(world: World) -> None:
    import io

    from openpyxl import load_workbook

    c = client_for(world, "eier")
    xlsx = load_workbook(io.BytesIO(c.get(url_for(world, "eksport-excel", "")).content))
    ws = xlsx["Tiltak"]
    # every row but the last, which is the totals row
    owners = {row[7] for row in ws.iter_rows(min_row=2, max_row=ws.max_row - 1, values_only=True)}
    assert owners == {"Bodø kommune"}
    records = c.get(url_for(world, "eksport-json", "")).json()
    # the imported record and the one submitted through the owners' form, nothing of Tromsø's
    assert len(records) == 2
    assert {r["eier"] for r in records} == {"Bodø kommune"}


def test_upload_list_shows_only_the_owners_uploads(world: World) -> None:
    from django.urls import reverse

    html = client_for(world, "eier").get(reverse("opplastinger")).content.decode()
    assert f'href="/opplastinger/{world.own_upload}/"' in html
    assert f'href="/opplastinger/{world.other_upload}/"' not in html
    sb = client_for(world, "saksbehandler").get(reverse("opplastinger")).content.decode()
    assert f'href="/opplastinger/{world.other_upload}/"' in sb


def test_owner_overview_lists_only_own_records(world: World) -> None:
    html = client_for(world, "eier").get(url_for(world, "oversikt", "")).content.decode()
    assert "Bodø kommune" in html
    assert "Vefsn kommune" not in html
    assert "Tromsø kommune" not in html


def test_forum_does_not_see_contact_details(world: World) -> None:
    forum = client_for(world, "forum").get(url_for(world, "detalj", "own")).content.decode()
    assert "Heidi Einarson" not in forum
    assert "4500.55.00080" not in forum
    sb = client_for(world, "saksbehandler").get(url_for(world, "detalj", "own")).content.decode()
    assert "4500.55.00080" in sb


CSRF_REFUSED = b"csrf-refused-by-the-test"


def csrf_refused(request: Any, reason: str = "") -> Any:
    """The test's CSRF failure view: a refusal the test can tell from every other 403."""
    from django.http import HttpResponseForbidden

    return HttpResponseForbidden(CSRF_REFUSED)


def _one_url_per_name(w: World) -> list[tuple[str, str]]:
    """Every named URL of the resolver, with the object of its first row in MATRIX."""
    first: dict[str, str] = {}
    for name, _method, obj, _expected in MATRIX:
        first.setdefault(name, obj)
    return [(name, url_for(w, name, first.get(name, ""))) for name in resolver_url_names()]


@override_settings(CSRF_FAILURE_VIEW="test_web_access.csrf_refused")
@pytest.mark.parametrize("role", ["anonym", "saksbehandler", "eier"])
def test_every_post_without_a_csrf_token_is_refused(world: World, role: str) -> None:
    """A POST without the CSRF token to any URL of the resolver is refused by the CSRF check
    before the view runs: no view is exempt (one marked ``csrf_exempt`` fails this test)."""
    c = Client(enforce_csrf_checks=True)
    u = world.users[role]
    if u is not None:
        assert c.login(username=u.username, password=PASSWORD)
    data = {"til": "under_behandling", "tekst": "x", "epost": "ny@example.no", "grunn": "x"}
    not_refused = []
    for name, url in _one_url_per_name(world):
        response = c.post(url, data)
        if response.streaming:
            request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                request_finished.connect(close_old_connections)
        if response.status_code != 403 or response.content != CSRF_REFUSED:
            not_refused.append(f"{name} {url} → {response.status_code}")
    assert not_refused == []
    # and the check is the real one: with the token from a page the same POST gets through
    c.get("/" if u is not None else "/logg-inn/")
    token = c.cookies["csrftoken"].value
    response = c.post("/logg-ut/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
