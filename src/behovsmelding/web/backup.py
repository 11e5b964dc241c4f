"""Full backup and restore: everything needed to rebuild an empty database identically.

A backup is a folder, or a zip file holding the same tree::

    manifest.json               format, version, when, from which database, counts, and the
                                SHA-256 and size of every other file
    data/<app>.<model>.json     every row of every model (Django's JSON serialisation, primary
                                keys kept; references to permissions and content types by
                                natural key, since ``migrate`` numbers those anew)
    poster/<id>.json            each record as behovsmelding-v1, for people and other tools
    originaler/<stored name>    each uploaded original, byte for byte
    vedlegg/<stored name>       each attachment of the owners' form (budgets), byte for byte

What is in it: users and their groups, regions, partnerships, institutions, roles, the records
with their findings, statuses, comments, uploads and the audit trail, plus the rows of every
other app of this project (``behovsmelding.*``). Sessions are not kept: users log in again.

:func:`restore_backup` checks the manifest's format and version and every file's hash *before*
touching anything, refuses a database that already has rows, then writes the originals and all
rows in one transaction, resets the id sequences and rebuilds the search index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from .. import __version__

FORMAT = "behovsmelding-sikkerhetskopi"
VERSION = 1
MANIFEST = "manifest.json"
ORIGINALS = "originaler"
ATTACHMENTS = "vedlegg"


class BackupError(Exception):
    """A backup cannot be written or restored; the message is Norwegian and names the cause."""


@dataclass(frozen=True, slots=True)
class Summary:
    rows: dict[str, int]
    files: int
    attachments: int = 0

    def __str__(self) -> str:
        from .models import Behovsmelding

        n = self.rows.get(Behovsmelding._meta.label_lower, 0)
        text = f"{n} behovsmeldinger, {sum(self.rows.values())} rader, {self.files} originalfiler"
        return text + (f", {self.attachments} vedlegg" if self.attachments else "")


def backup_models() -> list[type[models.Model]]:
    """The models a backup holds, each after the models it refers to."""
    chosen: list[tuple[Any, list[type[models.Model]]]] = []
    # A model whose table is missing (an app whose migrations have not run) holds no rows.
    tables = set(connection.introspection.table_names())
    for config in apps.get_app_configs():
        if config.label == "auth" or config.name.startswith("behovsmelding"):
            ms = [
                m
                for m in config.get_models()
                if m._meta.managed
                and not m._meta.proxy
                and m._meta.label != "auth.Permission"
                and m._meta.db_table in tables
            ]
            chosen.append((config, ms))
    return list(serializers.sort_dependencies(chosen, allow_cycles=True))


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Times with all their microseconds: Django's encoder cuts them to milliseconds, and a
    restore must give back the rows as they were (12:00:01.000456 is not 12:00:01)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _dump(model: type[models.Model]) -> str:
    text: str = serializers.serialize(
        "json",
        model._default_manager.order_by("pk").iterator(chunk_size=2000),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=False,
        indent=1,
        cls=_ExactJSONEncoder,
    )
    return text


def dump_all() -> dict[str, str]:
    """Every backed-up model's rows as serialised JSON, keyed by model label (for comparisons)."""
    return {m._meta.label_lower: _dump(m) for m in backup_models()}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _originals_dir() -> Path:
    return Path(settings.ORIGINALS_DIR)


# --- writing ----------------------------------------------------------------------------------


def write_backup(target: Path) -> Summary:
    """Write a full backup to the folder ``target`` (new or empty) or the zip file ``*.zip``."""
    as_zip = target.suffix.lower() == ".zip"
    if as_zip and target.exists():
        raise BackupError(f"{target} finnes allerede; velg et nytt filnavn")
    if not as_zip and target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} finnes allerede og er ikke en tom mappe")
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".sikkerhetskopi-", dir=parent))
    try:
        summary = _write_tree(tmp)
        if as_zip:
            tmp_zip = parent / f".{target.name}.{os.getpid()}.tmp"
            try:
                with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
                    for path in sorted(tmp.rglob("*")):
                        if path.is_file():
                            zf.write(path, path.relative_to(tmp).as_posix())
                tmp_zip.replace(target)
            finally:
                tmp_zip.unlink(missing_ok=True)
        else:
            if target.exists():
                target.rmdir()
            tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return summary


def _write_tree(root: Path) -> Summary:
    from .models import Behovsmelding, Originalfil

    files: dict[str, dict[str, Any]] = {}

    def put(rel: str, data: bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[rel] = {"sha256": _sha256(data), "byte": len(data)}

    rows: dict[str, int] = {}
    # One read transaction: on PostgreSQL a repeatable-read snapshot, so that rows written while
    # the backup runs are either wholly in it or wholly out of it.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backup_models():
            label = model._meta.label_lower
            text = _dump(model)
            rows[label] = model._default_manager.count()
            put(f"data/{label}.json", text.encode("utf-8"))
        for bm_id, data in Behovsmelding.objects.order_by("id").values_list("id", "innhold__data"):
            if data is not None:
                put(f"poster/{bm_id}.json", _json_bytes(data))
        originals = list(Originalfil.objects.order_by("id").values_list("lagret_som", "sha256"))
        attachments = _attachments()
    for folder, stored_files, what in (
        (ORIGINALS, originals, "originalfilen"),
        (ATTACHMENTS, attachments, "vedlegget"),
    ):
        for stored, sha in stored_files:
            src = _originals_dir() / stored
            try:
                data = src.read_bytes()
            except OSError as e:
                raise BackupError(f"{what} {stored} mangler på disken ({e.strerror})") from e
            if _sha256(data) != sha:
                raise BackupError(f"{what} {stored} er endret på disken (SHA-256 stemmer ikke)")
            put(f"{folder}/{stored}", data)
    manifest = {
        "format": FORMAT,
        "versjon": VERSION,
        "laget": timezone.now().isoformat(),
        "program": __version__,
        "database": connection.vendor,
        "modeller": [m._meta.label_lower for m in backup_models()],
        "rader": rows,
        "filer": files,
    }
    (root / MANIFEST).write_bytes(_json_bytes(manifest))
    return Summary(rows=rows, files=len(originals), attachments=len(attachments))


def _attachments() -> list[tuple[str, str]]:
    """The owners' form's attachments (stored name, SHA-256); they live in the originals'
    folder too."""
    model = apps.get_model("skjema", "Vedlegg")
    if model._meta.db_table not in connection.introspection.table_names():
        return []
    return list(model._default_manager.order_by("id").values_list("lagret_som", "sha256"))


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- reading ----------------------------------------------------------------------------------


class _Source:
    """The files of a backup, from a folder or a zip file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.zip: zipfile.ZipFile | None = None

    def read(self, rel: str) -> bytes:
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or ".." in parts or "\\" in rel:
            raise BackupError(f"ugyldig filnavn i manifestet: {rel!r}")
        try:
            if self.zip is not None:
                return self.zip.read(rel)
            return (self.root / rel).read_bytes()
        except (OSError, KeyError) as e:
            raise BackupError(f"filen {rel} mangler i sikkerhetskopien") from e


@contextmanager
def _open_source(path: Path) -> Iterator[_Source]:
    if not path.exists():
        raise BackupError("finnes ikke")
    src = _Source(path)
    if path.is_file():
        try:
            src.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise BackupError("er verken en mappe eller en gyldig zip-fil") from e
    try:
        yield src
    finally:
        if src.zip is not None:
            src.zip.close()


def _read_manifest(src: _Source) -> dict[str, Any]:
    try:
        manifest = json.loads(src.read(MANIFEST))
    except BackupError as e:
        raise BackupError("er ikke en sikkerhetskopi (manifest.json mangler)") from e
    except ValueError as e:
        raise BackupError("manifest.json er ikke gyldig JSON") from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("er ikke en sikkerhetskopi fra behovsmelding (ukjent format)")
    version = manifest.get("versjon")
    if not isinstance(version, int) or version > VERSION:
        raise BackupError(
            f"sikkerhetskopien har versjon {version}; dette programmet leser bare til {VERSION}"
        )
    if not isinstance(manifest.get("filer"), dict) or not isinstance(manifest.get("rader"), dict):
        raise BackupError("manifest.json mangler «filer» eller «rader»")
    return manifest


def _verified(src: _Source, manifest: dict[str, Any]) -> dict[str, bytes]:
    """Every file of the manifest, read and checked against its SHA-256."""
    out: dict[str, bytes] = {}
    for rel, meta in manifest["filer"].items():
        data = src.read(rel)
        if not isinstance(meta, dict) or _sha256(data) != meta.get("sha256"):
            raise BackupError(f"filen {rel} er skadet (SHA-256 stemmer ikke med manifestet)")
        out[rel] = data
    return out


# Tables a migration fills on a new database (the register's first UH organisations and their
# aliases, migration 0006; the statistics' first themes, statistikk migration 0002): a database
# with only those rows is empty, and the restore replaces them with the backup's.
SEEDED = ("web.alias", "web.virksomhet", "statistikk.tema")


def _existing_rows() -> dict[str, int]:
    counts = {m._meta.label_lower: m._default_manager.count() for m in backup_models()}
    existing = {k: v for k, v in counts.items() if v}
    if set(existing) <= set(SEEDED):
        from .models import Virksomhet

        if not Virksomhet.objects.exclude(orgnr=None).exists():
            return {}
    return existing


def _clear_seeded() -> None:
    from .models import Alias, Virksomhet
    from .statistikk.models import Tema

    Alias.objects.all().delete()
    Virksomhet.objects.all().delete()
    Tema.objects.all().delete()


def restore_backup(source: Path, *, migrate: bool = True) -> Summary:
    """Rebuild an empty database (and the originals folder) from a backup."""
    with _open_source(source) as src:
        manifest = _read_manifest(src)
        files = _verified(src, manifest)
    if migrate:
        name = str(connection.settings_dict["NAME"])
        if connection.vendor == "sqlite" and not name.startswith(("file:", ":memory:")):
            Path(name).parent.mkdir(parents=True, exist_ok=True)  # a new machine's var/
        call_command("migrate", interactive=False, verbosity=0)
    existing = _existing_rows()
    if existing:
        what = ", ".join(f"{n} i {label}" for label, n in sorted(existing.items()))
        raise BackupError(
            f"databasen er ikke tom ({what}); gjenoppretting skjer bare i en tom database"
        )
    known = {m._meta.label_lower: m for m in backup_models()}
    unknown = [label for label in manifest["rader"] if label not in known]
    if unknown:
        raise BackupError(f"sikkerhetskopien har tabeller denne versjonen ikke kjenner: {unknown}")

    originals = {
        rel.removeprefix(f"{ORIGINALS}/"): d
        for rel, d in files.items()
        if rel.startswith(f"{ORIGINALS}/") and rel.count("/") == 1
    }
    attachments = {
        rel.removeprefix(f"{ATTACHMENTS}/"): d
        for rel, d in files.items()
        if rel.startswith(f"{ATTACHMENTS}/") and rel.count("/") == 1
    }
    clash = set(originals) & set(attachments)
    if clash:
        raise BackupError(f"samme filnavn som original og vedlegg: {sorted(clash)}")
    written = _write_originals({**originals, **attachments})
    try:
        with transaction.atomic():
            _clear_seeded()
            wanted = [m for label, m in known.items() if label in manifest["rader"]]
            rows = _load_rows(files, wanted)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    if rows != {k: int(v) for k, v in manifest["rader"].items()}:
        raise BackupError(f"antall rader stemmer ikke med manifestet: {rows}")
    return Summary(rows=rows, files=len(originals), attachments=len(attachments))


def _write_originals(originals: dict[str, bytes]) -> list[Path]:
    folder = _originals_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, data in originals.items():
        path = folder / name
        if path.exists():
            if path.read_bytes() == data:
                continue
            for p in written:
                p.unlink(missing_ok=True)
            raise BackupError(f"originalfilen {path} finnes allerede med annet innhold")
        path.write_bytes(data)
        written.append(path)
    return written


def _load_rows(files: dict[str, bytes], ordered: list[type[models.Model]]) -> dict[str, int]:
    from . import search
    from .models import Innhold

    rows: dict[str, int] = {}
    for model in ordered:
        label = model._meta.label_lower
        text = files.get(f"data/{label}.json")
        if text is None:
            raise BackupError(f"filen data/{label}.json mangler i sikkerhetskopien")
        deferred = []
        n = 0
        try:
            for obj in serializers.deserialize(
                "json", text.decode("utf-8"), handle_forward_references=True
            ):
                obj.save()
                if obj.deferred_fields:
                    deferred.append(obj)
                n += 1
            for obj in deferred:
                obj.save_deferred_fields()
        except (DeserializationError, DatabaseError, ValueError) as e:
            reason = " ".join(str(e).split())[:300]
            raise BackupError(f"data/{label}.json kan ikke leses inn ({reason})") from e
        rows[label] = n
    # Foreign keys are checked at commit; check them here, so that a broken backup is a
    # BackupError that names the row, and the transaction rolls back.
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m in ordered])
    except DatabaseError as e:
        reason = " ".join(str(e).split())[:300]
        raise BackupError(f"sikkerhetskopien henger ikke sammen ({reason})") from e
    sequences = connection.ops.sequence_reset_sql(no_style(), ordered)
    if sequences:
        with connection.cursor() as c:
            for sql in sequences:
                c.execute(sql)
    search.index_many(list(Innhold.objects.values_list("behovsmelding_id", "sokeetekst")))
    return rows
