"""A backup that cannot be trusted, or a database that is not empty, changes nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from web_factories import behovsmelding, caseworker

from behovsmelding.web import backup, services
from behovsmelding.web.models import Behovsmelding

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kopi(tmp_path: Path, settings: Any) -> Path:
    """A folder backup of a small world, after which the database is emptied."""
    sb = caseworker()
    services.receive_files([services.InnkommendeFil("a.txt", _seed())], by=sb)
    behovsmelding()
    backup.write_backup(tmp_path / "kopi")
    call_command("flush", interactive=False, verbosity=0)
    for p in Path(settings.ORIGINALS_DIR).iterdir():
        p.unlink()
    return tmp_path / "kopi"


def _seed() -> bytes:
    from behovsmelding.demo import demo_documents

    return next(iter(demo_documents()))[1]


def _rewrite_manifest(kopi: Path, **changes: Any) -> None:
    path = kopi / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _refused(kopi: Path, message: str) -> None:
    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(kopi, migrate=False)
    assert Behovsmelding.objects.count() == 0


def test_a_non_empty_database_is_refused_and_left_alone(kopi: Path) -> None:
    bm = behovsmelding()
    with pytest.raises(backup.BackupError, match="databasen er ikke tom"):
        backup.restore_backup(kopi, migrate=False)
    assert list(Behovsmelding.objects.values_list("id", flat=True)) == [bm.pk]


def test_a_changed_original_is_found_before_anything_is_written(kopi: Path, settings: Any) -> None:
    original = next((kopi / "originaler").iterdir())
    original.write_bytes(original.read_bytes() + b"x")
    _refused(kopi, "originaler/.* er skadet")
    assert not any(Path(settings.ORIGINALS_DIR).glob("*"))


def test_a_missing_file_is_named(kopi: Path) -> None:
    (kopi / "data" / "web.kommentar.json").unlink()
    _refused(kopi, "data/web.kommentar.json mangler")


def test_a_newer_version_is_refused(kopi: Path) -> None:
    _rewrite_manifest(kopi, versjon=backup.VERSION + 1)
    _refused(kopi, "versjon")


def test_a_path_outside_the_backup_is_refused(kopi: Path) -> None:
    manifest = json.loads((kopi / "manifest.json").read_text(encoding="utf-8"))
    manifest["filer"]["../../etc/passwd"] = {"sha256": "0" * 64, "byte": 1}
    (kopi / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _refused(kopi, "ugyldig filnavn")


def test_rows_that_cannot_be_loaded_leave_the_database_empty(kopi: Path, settings: Any) -> None:
    # A well-hashed but wrong data file: the region rows load, then the behovsmeldinger fail.
    path = kopi / "data" / "web.behovsmelding.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["fields"]["region"] = 999_999
    data = json.dumps(rows).encode()
    path.write_bytes(data)
    manifest = json.loads((kopi / "manifest.json").read_text(encoding="utf-8"))
    import hashlib

    manifest["filer"]["data/web.behovsmelding.json"]["sha256"] = hashlib.sha256(data).hexdigest()
    (kopi / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(backup.BackupError, match=r"henger ikke sammen|web\.behovsmelding\.json"):
        backup.restore_backup(kopi, migrate=False)
    assert json.loads(backup.dump_all()["web.region"]) == []
    assert not any(Path(settings.ORIGINALS_DIR).glob("*"))


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_something_else_is_not_a_backup(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    _refused(path, "gyldig zip|ikke en sikkerhetskopi")


def test_a_zip_without_manifest_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data/web.region.json", "[]")
    _refused(path, "manifest.json mangler")


def test_backup_refuses_a_non_empty_target_and_a_missing_original(
    tmp_path: Path, settings: Any
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(backup.BackupError, match="ikke en tom mappe"):
        backup.write_backup(tmp_path / "full")
    sb = caseworker()
    services.receive_files([services.InnkommendeFil("a.txt", _seed())], by=sb)
    for p in Path(settings.ORIGINALS_DIR).iterdir():
        p.unlink()
    with pytest.raises(backup.BackupError, match="mangler på disken"):
        backup.write_backup(tmp_path / "kopi")
    assert not (tmp_path / "kopi").exists()
