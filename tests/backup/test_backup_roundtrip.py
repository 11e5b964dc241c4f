"""`export --all` then `restore` gives back the same database: rows, ids, originals, search.

The world is made through the services (uploads with originals, status changes, comments, a
re-check), so that every kind of row a real database holds is in the backup.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from web_factories import caseworker, region, user

from behovsmelding.demo import demo_documents
from behovsmelding.web import backup, search, services
from behovsmelding.web.models import Behovsmelding, Hendelse, Kommentar, Originalfil, Rolle
from behovsmelding.web.workflow import TRANSITIONS, Status

pytestmark = pytest.mark.django_db(transaction=True)


def make_world() -> dict[str, Any]:
    nordland = region("Nordland")
    region("Troms")
    sb = caseworker(nordland, username="sb")
    group = Group.objects.create(name="Statsforvalteren")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    sb.groups.add(group)
    opplasting = services.receive_files(
        [services.InnkommendeFil(name, data) for name, data in demo_documents()]
        + [services.InnkommendeFil("tom.txt", b"")],
        by=sb,
    )
    bms = list(Behovsmelding.objects.order_by("id"))
    first = bms[0]
    to = sorted(TRANSITIONS[Status(first.status)])[0]
    services.change_status(first, to, by=sb)
    services.add_comment(first, "Sjekk <b>budsjettet</b> =SUM(A1)", by=sb)
    services.recheck_behovsmelding(bms[1], by=sb)
    user(Rolle.EIER, username="eier", region=nordland, partnerskap=bms[2].partnerskap)
    user(Rolle.FORUM, username="forum", region=nordland)
    return {"sb": sb, "opplasting": opplasting, "bms": bms}


def originals(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def wipe(settings: Any) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for p in Path(settings.ORIGINALS_DIR).iterdir():
        p.unlink()


@pytest.mark.parametrize("form", ["kopi", "kopi.zip"])
def test_restore_rebuilds_an_emptied_database_identically(
    tmp_path: Path, settings: Any, form: str
) -> None:
    make_world()
    before = backup.dump_all()
    files_before = originals(Path(settings.ORIGINALS_DIR))
    assert len(files_before) == 5
    assert json.loads(before["web.kommentar"]) and json.loads(before["web.hendelse"])

    written = backup.write_backup(tmp_path / form)
    assert written.files == 5
    wipe(settings)
    assert Behovsmelding.objects.count() == 0

    restored = backup.restore_backup(tmp_path / form, migrate=False)

    assert restored.rows == written.rows
    assert backup.dump_all() == before
    assert originals(Path(settings.ORIGINALS_DIR)) == files_before
    for o in Originalfil.objects.all():
        assert services.original_path(o).read_bytes()  # each row's file is there


def test_restore_keeps_the_microseconds_of_every_time(tmp_path: Path, settings: Any) -> None:
    make_world()
    h = Hendelse.objects.order_by("id").first()
    assert h is not None
    # a time whose milliseconds are 000 but not its microseconds: Django's JSON cuts it
    exact = h.tidspunkt.replace(microsecond=456)
    Hendelse.objects.filter(pk=h.pk).update(tidspunkt=exact)
    backup.write_backup(tmp_path / "kopi")
    wipe(settings)
    backup.restore_backup(tmp_path / "kopi", migrate=False)
    assert Hendelse.objects.get(pk=h.pk).tidspunkt == exact


def test_restored_database_searches_and_numbers_new_rows_after_the_old(
    tmp_path: Path, settings: Any
) -> None:
    world = make_world()
    word = "kompetanseutvikling"
    hits = set(search.apply(Behovsmelding.objects.all(), word).values_list("id", flat=True))
    assert hits
    backup.write_backup(tmp_path / "kopi")
    wipe(settings)
    backup.restore_backup(tmp_path / "kopi", migrate=False)

    assert set(search.apply(Behovsmelding.objects.all(), word).values_list("id", flat=True)) == (
        hits
    )
    sb = type(world["sb"]).objects.get(username="sb")
    bm = Behovsmelding.objects.order_by("id").first()
    assert bm is not None
    k = services.add_comment(bm, "Etter gjenoppretting", by=sb)
    assert k.pk > max(Kommentar.objects.exclude(pk=k.pk).values_list("pk", flat=True))
    assert Hendelse.objects.filter(type="behovsmelding.comment_added").count() == 2


def test_backup_holds_records_as_behovsmelding_v1_and_a_manifest_with_hashes(
    tmp_path: Path,
) -> None:
    make_world()
    backup.write_backup(tmp_path / "kopi")
    manifest = json.loads((tmp_path / "kopi" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == backup.FORMAT and manifest["versjon"] == backup.VERSION
    assert manifest["rader"]["web.behovsmelding"] == 5
    posts = sorted((tmp_path / "kopi" / "poster").glob("*.json"))
    assert len(posts) == 5
    assert all(json.loads(p.read_text())["format"] == "behovsmelding-v1" for p in posts)
    for rel in manifest["filer"]:
        assert (tmp_path / "kopi" / rel).is_file()
