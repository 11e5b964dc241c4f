"""The audit trail as data: a type from a closed set, the object, the actor and a payload,
rendered in bokmål or nynorsk when shown; migration 0011 turns the old free-text rows into
types and payloads (and back)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from web_factories import PASSWORD, behovsmelding, caseworker, owner_of

from behovsmelding.web import services
from behovsmelding.web.hendelser import TYPES, UkjentHendelse
from behovsmelding.web.models import Hendelse, Maalform

pytestmark = pytest.mark.django_db


def test_an_unknown_type_is_refused_when_written_and_nothing_is_stored() -> None:
    bm = behovsmelding()
    before = Hendelse.objects.count()
    with pytest.raises(UkjentHendelse, match=r"behovsmelding\.eaten"):
        services.audit("behovsmelding.eaten", by=None, bm=bm)
    with pytest.raises(UkjentHendelse):
        services.audit("Status endret", by=None, bm=bm)
    assert Hendelse.objects.count() == before


def test_every_type_is_namespaced_by_its_object() -> None:
    for kode in TYPES:
        noun, dot, verb = kode.partition(".")
        assert dot and noun and verb and kode == kode.lower(), kode


def test_a_status_change_is_stored_as_type_object_actor_and_payload() -> None:
    bm = behovsmelding()
    sb = caseworker(username="sb")
    services.change_status(bm, "under_behandling", by=sb)
    h = Hendelse.objects.get(type="behovsmelding.status_changed")
    assert (h.behovsmelding, h.bruker) == (bm, sb)
    assert (h.objekt_app, h.objekt_modell, h.objekt_pk) == ("web", "behovsmelding", str(bm.pk))
    assert h.payload == {"felt": "status", "for": "mottatt", "etter": "under_behandling"}
    assert h.tekst("nb") == "Status endret fra «Mottatt» til «Under behandling»."
    assert h.tekst("nn") == "Status endra frå «Motteken» til «Under behandling»."


def test_all_status_changes_of_last_week_are_one_query() -> None:
    bm = behovsmelding()
    sb = caseworker(username="sb")
    services.change_status(bm, "under_behandling", by=sb)
    services.add_comment(bm, "En merknad", by=sb)
    services.change_status(bm, "klar_for_samarbeidsforum", by=sb)
    old = Hendelse.objects.filter(type="behovsmelding.status_changed").first()
    assert old is not None
    Hendelse.objects.filter(pk=old.pk).update(tidspunkt=timezone.now() - dt.timedelta(days=30))
    week = Hendelse.objects.filter(
        type="behovsmelding.status_changed",
        tidspunkt__gte=timezone.now() - dt.timedelta(days=7),
    )
    assert [h.payload["etter"] for h in week] == ["klar_for_samarbeidsforum"]


def test_an_older_caller_passing_the_old_name_and_its_own_text_still_writes() -> None:
    bm = behovsmelding()
    h = services.audit(
        "status", by=None, bm=bm, felt="status", before="mottatt", after="under_behandling"
    )
    assert h.type == "behovsmelding.status_changed"
    # A caller's own text is kept, but only shown when the type's template cannot be filled.
    h = services.audit("forum.innstilling", by=None, bm=bm, beskrivelse="Egen tekst")
    assert h.type == "post.innstilling_changed"
    assert h.tekst("nb") == "Egen tekst"


def test_an_owner_writing_nynorsk_reads_the_history_in_nynorsk() -> None:
    bm = behovsmelding()
    sb = caseworker(username="sb")
    services.change_status(bm, "under_behandling", by=sb)
    services.add_comment(bm, "Delt", by=sb, delt=True)
    eier = owner_of(bm, username="eier")
    v = bm.partnerskap.virksomhet
    v.maalform = Maalform.NYNORSK
    v.save(update_fields=["maalform"])
    c = Client()
    assert c.login(username="eier", password=PASSWORD)
    html = c.get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "Status endra frå «Motteken» til «Under behandling»." in html
    assert "Kommentar delt med partnarskapet." in html
    staff = Client()
    assert staff.login(username="sb", password=PASSWORD)
    html = staff.get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "Status endret fra «Mottatt» til «Under behandling»." in html
    assert eier.pk  # the owner's user exists for the partnership


# --- migration 0011 on a database with the old rows -------------------------------------------

OLD = ("web", "0010_opplasting_i_bakgrunnen")
NEW = ("web", "0011_hendelse_type_payload")


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_migration_0011_turns_the_old_rows_into_types_and_payloads_and_back() -> None:
    bm = behovsmelding()
    _migrate(OLD)
    try:
        old_apps = MigrationExecutor(connection).loader.project_state([OLD]).apps
        OldHendelse = old_apps.get_model("web", "Hendelse")
        OldHendelse.objects.all().delete()
        OldHendelse.objects.create(
            behovsmelding_id=bm.pk,
            handling="status",
            felt="status",
            for_verdi="Mottatt",
            etter_verdi="Under behandling",
            beskrivelse="Status endret fra «Mottatt» til «Under behandling».",
        )
        OldHendelse.objects.create(
            handling="virksomhet.alias_lagt_til",
            etter_verdi="Bodø kommune (BK)",
            beskrivelse="«Bodø kommune (BK)» er lagt til som navn på Bodø kommune.",
            detaljer={"virksomhet": 7, "alias": 3},
        )
        OldHendelse.objects.create(handling="noe_ingen_kjenner", beskrivelse="Noe skjedde.")
        _migrate(NEW)
        new_apps = MigrationExecutor(connection).loader.project_state([NEW]).apps
        rows = list(new_apps.get_model("web", "Hendelse").objects.order_by("id"))
        status, alias, unknown = rows
        assert status.type == "behovsmelding.status_changed"
        assert status.payload["for"] == "mottatt" and status.payload["etter"] == "under_behandling"
        assert (status.objekt_modell, status.objekt_pk) == ("behovsmelding", str(bm.pk))
        assert alias.type == "virksomhet.alias_added"
        assert (alias.objekt_app, alias.objekt_modell, alias.objekt_pk) == (
            "web",
            "virksomhet",
            "7",
        )
        assert alias.payload["alias"] == 3 and alias.payload["etter"] == "Bodø kommune (BK)"
        assert unknown.type == "hendelse.eldre"
        assert unknown.payload["handling"] == "noe_ingen_kjenner"
        # Shown as they always were, through the current model.
        shown = [h.tekst("nb") for h in Hendelse.objects.order_by("id")]
        assert shown == [
            "Status endret fra «Mottatt» til «Under behandling».",
            "«Bodø kommune (BK)» er lagt til som navn på Bodø kommune.",
            "Noe skjedde.",
        ]
        _migrate(OLD)
        back = list(
            MigrationExecutor(connection)
            .loader.project_state([OLD])
            .apps.get_model("web", "Hendelse")
            .objects.order_by("id")
        )
        assert [(h.handling, h.for_verdi, h.etter_verdi) for h in back] == [
            ("status", "Mottatt", "Under behandling"),
            ("virksomhet.alias_lagt_til", "", "Bodø kommune (BK)"),
            ("noe_ingen_kjenner", "", ""),
        ]
        assert back[1].detaljer == {"virksomhet": 7, "alias": 3}
        assert back[2].beskrivelse == "Noe skjedde."
    finally:
        _migrate(("web", _latest()))


def _latest() -> str:
    executor = MigrationExecutor(connection)
    return max(name for app, name in executor.loader.graph.leaf_nodes() if app == "web")
