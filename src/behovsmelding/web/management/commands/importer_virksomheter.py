"""`manage.py importer_virksomheter FIL`: organisations from an Enhetsregisteret file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...models import Region
from ...register_import import ImportFeil, import_units, read_units


class Command(BaseCommand):
    help = (
        "Importerer virksomheter fra en fil i Enhetsregisterets format (CSV eller JSON); "
        "kan kjøres flere ganger (bare endringer skrives)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fil", type=Path, help="CSV- eller JSON-fil fra Enhetsregisteret")
        parser.add_argument("--region", help="region som nye eiere (kommuner, private) hører til")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["fil"]
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"Kan ikke lese {path}: {e.strerror}") from e
        region = None
        if options["region"]:
            region, _ = Region.objects.get_or_create(navn=options["region"])
        try:
            report = import_units(read_units(data, path.name), region=region)
        except ImportFeil as e:
            raise CommandError(f"{path}: {e}") from e
        for line in report.linjer():
            self.stdout.write(line)
