"""The owners' form's attachments are in the backup: `export --all` then `restore` gives back
every attachment's row and its file byte for byte; a changed or missing file stops the backup."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook
from skjema.skjema_factories import attach, complete_record, draft, owner

from behovsmelding.web import backup
from behovsmelding.web.skjema import services
from behovsmelding.web.skjema.models import Vedlegg
from behovsmelding.web.skjema.vedlegg import path_of

pytestmark = pytest.mark.django_db(transaction=True)


def workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Post", "Beløp"])
    ws.append(["Samlinger", 20000])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_world() -> dict[str, bytes]:
    """A submitted draft with two attachments (one per tiltak) and an open draft with one."""
    eier = owner()
    sent = draft(eier, complete_record())
    xlsx = workbook()
    attach(sent, eier, "Budsjett Bodø.xlsx", xlsx)
    attach(sent, eier, "Samlet.pdf", PDF)
    services.submit(sent, by=eier)
    open_draft = draft(eier, complete_record())
    attach(open_draft, eier, "Utkast æøå.pdf", PDF + b"% annen\n")
    return {v.filnavn: path_of(v).read_bytes() for v in Vedlegg.objects.all()}


def wipe(settings: Any) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for p in Path(settings.ORIGINALS_DIR).iterdir():
        p.unlink()


@pytest.mark.parametrize("form", ["kopi", "kopi.zip"])
def test_a_round_trip_keeps_every_attachment_byte_for_byte(
    tmp_path: Path, settings: Any, form: str
) -> None:
    files = make_world()
    assert sorted(files) == ["Budsjett Bodø.xlsx", "Samlet.pdf", "Utkast æøå.pdf"]
    before = backup.dump_all()
    assert len(json.loads(before["skjema.vedlegg"])) == 3

    written = backup.write_backup(tmp_path / form)
    assert written.attachments == 3
    wipe(settings)
    assert not Vedlegg.objects.exists() and not any(Path(settings.ORIGINALS_DIR).iterdir())

    restored = backup.restore_backup(tmp_path / form, migrate=False)

    assert restored.attachments == 3
    assert backup.dump_all() == before
    assert {v.filnavn: path_of(v).read_bytes() for v in Vedlegg.objects.all()} == files
    sent = Vedlegg.objects.get(filnavn="Samlet.pdf")
    assert sent.behovsmelding is not None  # still the submitted behovsmelding's


def test_the_backup_holds_the_attachments_in_a_folder_of_their_own(tmp_path: Path) -> None:
    files = make_world()
    backup.write_backup(tmp_path / "kopi")
    manifest = json.loads((tmp_path / "kopi" / "manifest.json").read_text(encoding="utf-8"))
    kept = {
        rel: (tmp_path / "kopi" / rel).read_bytes()
        for rel in manifest["filer"]
        if rel.startswith("vedlegg/")
    }
    assert sorted(kept.values()) == sorted(files.values())
    for v in Vedlegg.objects.all():
        assert manifest["filer"][f"vedlegg/{v.lagret_som}"]["sha256"] == v.sha256


def test_a_changed_or_missing_attachment_stops_the_backup(tmp_path: Path) -> None:
    make_world()
    v = Vedlegg.objects.order_by("id").first()
    assert v is not None
    path_of(v).write_bytes(b"%PDF-1.7 changed")
    with pytest.raises(backup.BackupError, match="er endret på disken"):
        backup.write_backup(tmp_path / "kopi")
    path_of(v).unlink()
    with pytest.raises(backup.BackupError, match="mangler på disken"):
        backup.write_backup(tmp_path / "kopi2")
    assert not (tmp_path / "kopi").exists() and not (tmp_path / "kopi2").exists()
