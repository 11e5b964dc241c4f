"""Service functions: each action changes state, writes an audit entry, or refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from web_factories import behovsmelding, caseworker, region, user

from behovsmelding.web import services
from behovsmelding.web.models import Behovsmelding, Hendelse, Originalfil, Rolle, Utfall
from behovsmelding.web.services import BehovsmeldingError, InnkommendeFil
from behovsmelding.web.workflow import TRANSITIONS, Status

pytestmark = pytest.mark.django_db

SEEDS = sorted((Path(__file__).resolve().parents[2] / "src/behovsmelding/demo_data").glob("*.txt"))


def seed_files() -> list[InnkommendeFil]:
    assert len(SEEDS) == 5, "the five demo seeds belong in src/behovsmelding/demo_data"
    return [InnkommendeFil(p.name, p.read_bytes()) for p in SEEDS]


def test_upload_of_the_five_seeds_creates_five_behovsmeldinger_with_audit() -> None:
    sb = caseworker()
    o = services.receive_files(seed_files(), by=sb)
    assert [f.utfall for f in o.filer.all()] == [Utfall.LEST] * 5
    assert Behovsmelding.objects.count() == 5
    for bm in Behovsmelding.objects.all():
        assert bm.innhold.data["format"] == "behovsmelding-v1"
        assert bm.original is not None
        assert bm.hendelser.filter(type="behovsmelding.received", bruker=sb).count() == 1


def test_same_file_uploaded_twice_is_recognised_by_its_hash() -> None:
    sb = caseworker()
    services.receive_files(seed_files()[:1], by=sb)
    renamed = InnkommendeFil("nytt-navn.txt", seed_files()[0].data)
    o = services.receive_files([renamed], by=sb)
    row = o.filer.get()
    assert row.utfall == Utfall.KJENT
    assert row.behovsmelding == Behovsmelding.objects.get()
    assert "mottatt før" in row.grunn
    assert Behovsmelding.objects.count() == 1
    assert Originalfil.objects.count() == 1


def test_unreadable_file_is_reported_with_its_reason_and_not_stored() -> None:
    o = services.receive_files(
        [InnkommendeFil("bilde.png", b"\x89PNG\r\n\x1a\n\x00\x00")], by=caseworker()
    )
    row = o.filer.get()
    assert row.utfall == Utfall.IKKE_LEST
    assert "støttes ikke" in row.grunn
    assert not Behovsmelding.objects.exists()
    assert not Originalfil.objects.exists()


def test_original_is_kept_byte_for_byte_under_a_generated_name() -> None:
    f = seed_files()[3]
    services.receive_files([f], by=caseworker())
    o = Originalfil.objects.get()
    path = services.original_path(o)
    assert path.read_bytes() == f.data
    assert o.lagret_som != f.filnavn and f.filnavn not in o.lagret_som
    assert Path(settings.ORIGINALS_DIR) in path.parents
    assert o.filnavn == f.filnavn


def test_owner_upload_belongs_to_the_owners_partnership() -> None:
    bm = behovsmelding()
    owner = user(Rolle.EIER, region=bm.region, partnerskap=bm.partnerskap)
    services.receive_files(seed_files()[4:], by=owner)
    new = Behovsmelding.objects.exclude(pk=bm.pk).get()
    assert new.partnerskap == bm.partnerskap


@pytest.mark.parametrize("rolle", [Rolle.UH, Rolle.FORUM])
def test_read_only_roles_cannot_upload(rolle: str) -> None:
    reg = region()
    if rolle == Rolle.UH:
        u = user(rolle, institusjon=services.institusjon_for("Nord universitet"))
    else:
        u = user(rolle, region=reg)
    with pytest.raises(BehovsmeldingError, match="Bare saksbehandlere og eiere"):
        services.receive_files(seed_files()[:1], by=u)
    assert not Behovsmelding.objects.exists()


def test_status_change_follows_the_workflow_and_is_audited() -> None:
    sb = caseworker()
    bm = behovsmelding()
    services.change_status(bm, Status.UNDER_BEHANDLING, by=sb)
    bm.refresh_from_db()
    assert bm.status == Status.UNDER_BEHANDLING
    assert bm.status_endret_av == sb
    h = Hendelse.objects.filter(behovsmelding=bm, type="behovsmelding.status_changed").get()
    assert (h.for_verdi, h.etter_verdi, h.bruker) == ("Mottatt", "Under behandling", sb)


def test_status_cannot_skip_steps() -> None:
    bm = behovsmelding()
    with pytest.raises(BehovsmeldingError, match="kan ikke endres fra «Mottatt» til «Behandlet»"):
        services.change_status(bm, Status.BEHANDLET, by=caseworker())
    bm.refresh_from_db()
    assert bm.status == Status.MOTTATT
    assert not Hendelse.objects.filter(type="behovsmelding.status_changed").exists()


def test_the_whole_workflow_can_be_walked() -> None:
    sb = caseworker()
    bm = behovsmelding()
    path = [Status.UNDER_BEHANDLING, Status.KLAR_FOR_SAMARBEIDSFORUM, Status.BEHANDLET]
    for to in path:
        assert to in TRANSITIONS[bm.status]
        services.change_status(bm, to, by=sb)
        bm.refresh_from_db()
    assert bm.status == Status.BEHANDLET
    assert bm.hendelser.filter(type="behovsmelding.status_changed").count() == 3


@pytest.mark.parametrize("rolle", [Rolle.EIER, Rolle.UH, Rolle.FORUM])
def test_only_caseworkers_change_status_or_comment(rolle: str) -> None:
    bm = behovsmelding()
    u = user(rolle, region=bm.region, partnerskap=bm.partnerskap, institusjon=bm.institusjon)
    with pytest.raises(BehovsmeldingError, match="Bare saksbehandlere"):
        services.change_status(bm, Status.UNDER_BEHANDLING, by=u)
    with pytest.raises(BehovsmeldingError, match="Bare saksbehandlere"):
        services.add_comment(bm, "hei", by=u)
    with pytest.raises(BehovsmeldingError, match="Bare saksbehandlere"):
        services.recheck_behovsmelding(bm, by=u)
    assert not bm.hendelser.exclude(type="behovsmelding.received").exists()


def test_comment_is_stored_and_audited() -> None:
    sb = caseworker()
    bm = behovsmelding()
    services.add_comment(bm, "  Budsjettet for tiltak 6 må sjekkes.  ", by=sb)
    assert bm.kommentarer.get().tekst == "Budsjettet for tiltak 6 må sjekkes."
    h = bm.hendelser.get(type="behovsmelding.comment_added")
    assert h.etter_verdi == "Budsjettet for tiltak 6 må sjekkes."


def test_empty_comment_is_refused() -> None:
    bm = behovsmelding()
    with pytest.raises(BehovsmeldingError, match="tom"):
        services.add_comment(bm, "   ", by=caseworker())
    assert not bm.kommentarer.exists()


def test_stored_columns_follow_the_record() -> None:
    bm = behovsmelding()
    # sample A: three tiltak under Kompetanseløftet
    assert (bm.aar, bm.skjema, bm.eier) == (2024, "lokal-2024", "Bodø kommune")
    assert bm.antall_tiltak == 3
    t = bm.innhold.data["tiltak"]
    assert bm.sum_eier == sum(x["eier"] for x in t)
    assert bm.sum_uh == sum(x["uh"] for x in t)
    assert bm.ordninger == ",kompetanseloftet,"
    assert "gruppeledersamlinger" in bm.innhold.sokeetekst


def test_findings_set_the_error_flag() -> None:
    bm = behovsmelding(funn=[{"kode": "X", "alvorlighet": "feil", "felt": "eier", "melding": "m"}])
    assert bm.har_feil and bm.antall_feil == 1


def test_recheck_stores_what_the_checks_find_now(monkeypatch: pytest.MonkeyPatch) -> None:
    from behovsmelding.checks import Finding

    bm = behovsmelding()
    found = [Finding("SUM_TILTAK", "feil", "tiltak[0].totalt", "Sum stemmer ikke")]
    monkeypatch.setattr(services.checks, "check", lambda record, config=None: found)
    services.recheck_behovsmelding(bm, by=None)
    bm.refresh_from_db()
    assert bm.innhold.funn == [f.to_dict() for f in found]
    assert bm.har_feil
    assert bm.hendelser.filter(type="behovsmelding.checked").exists()


def test_a_parallel_upload_of_the_same_file_is_reported_as_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sb = caseworker()
    f = seed_files()[0]
    services.receive_files([f], by=sb)
    # Simulate the race: the first lookup misses (the other upload has not committed yet),
    # the insert then hits the unique SHA-256; by then the other's file is there to be seen.
    real_filter = Originalfil.objects.filter
    missed: list[bool] = []

    def filter_missing_once(**kw: object) -> object:
        if not missed:
            missed.append(True)
            return real_filter(pk=-1)
        return real_filter(**kw)

    monkeypatch.setattr(Originalfil.objects, "filter", filter_missing_once)
    o = services.receive_files([InnkommendeFil("kopi.txt", f.data)], by=sb)
    row = o.filer.get()
    assert row.utfall == Utfall.KJENT
    assert Behovsmelding.objects.count() == 1
    assert len(list(Path(settings.ORIGINALS_DIR).iterdir())) == 1


@pytest.mark.django_db(transaction=True)
def test_upload_and_recheck_show_in_the_cached_overview_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The overview caches its menus, totals and bars (overview.cached); every service that
    changes records must make the next page show the change."""
    from django.test import Client
    from web_factories import PASSWORD

    from behovsmelding.checks import Finding

    sb = caseworker()
    c = Client()
    c.login(username=sb.username, password=PASSWORD)
    assert 'id="sum-antall">0<' in c.get("/").content.decode()
    services.receive_files(seed_files()[:2], by=sb)
    html = c.get("/").content.decode()
    assert 'id="sum-antall">2<' in html
    for eier in Behovsmelding.objects.values_list("eier", flat=True):
        assert f'<option value="{eier}"' in html

    monkeypatch.setattr(services.checks, "check", lambda record, config=None: [])
    for bm in Behovsmelding.objects.all():
        services.recheck_behovsmelding(bm, by=sb)
    assert 'id="sum-antall">0<' in c.get("/", {"feil": "ja"}).content.decode()
    found = [Finding("SUM_TILTAK", "feil", "tiltak[0].totalt", "Sum stemmer ikke")]
    monkeypatch.setattr(services.checks, "check", lambda record, config=None: found)
    bm = Behovsmelding.objects.order_by("id")[0]
    services.recheck_behovsmelding(bm, by=sb)
    assert 'id="sum-antall">1<' in c.get("/", {"feil": "ja"}).content.decode()


def test_an_unreadable_amount_is_stored_as_an_advarsel_not_as_missing() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("003_"))
    text = seed.read_text(encoding="utf-8")
    # the row whose Totalt has a space typo: with a typo in Eier too no sum singles out a reading
    row = next(ln for ln in text.splitlines() if ln.rstrip().endswith("1 5 44 000"))
    planted = row.replace("625 000", "625 001", 1)
    o = services.receive_files(
        [InnkommendeFil("planted.txt", text.replace(row, planted).encode("utf-8"))],
        by=caseworker(),
    )
    bm = o.filer.get().behovsmelding
    assert bm is not None
    funn = [f for f in bm.innhold.funn if f["felt"].startswith("budsjett.rader[1]")]
    assert {f["kode"] for f in funn} == {"ULESELIG"}
    assert all(f["alvorlighet"] == "advarsel" for f in funn)
    assert all(f["melding"].startswith("kunne ikke leses sikkert: «") for f in funn)


def test_a_clash_that_is_not_the_same_file_is_stored_on_a_new_try_not_called_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two documents of the same new owner stored at once: the second's partnership insert
    hits the first's (a unique constraint) though the files differ. It is not "already
    received": it is stored once the other's rows are there."""
    from django.db import IntegrityError

    sb = caseworker()
    f = seed_files()[0]
    real = services.create_behovsmelding
    calls: list[int] = []

    def clash_once(*args: object, **kw: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "create_behovsmelding", clash_once)
    row = services.receive_files([f], by=sb).filer.get()
    assert row.utfall == Utfall.LEST, row.grunn
    assert len(calls) == 2
    assert Behovsmelding.objects.count() == 1 and Originalfil.objects.count() == 1
    assert len(list(Path(settings.ORIGINALS_DIR).iterdir())) == 1
