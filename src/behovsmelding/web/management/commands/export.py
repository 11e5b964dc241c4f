"""`manage.py export`: the web's exporters from the command line (Excel or JSON)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...exporters import EXPORTERS, export_stored


class Command(BaseCommand):
    help = "Eksporterer lagrede behovsmeldinger til Excel (.xlsx) eller JSON (behovsmelding-v1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=sorted(EXPORTERS), help="xlsx eller json")
        parser.add_argument("--out", help="fil å skrive til (standard: standard ut for json)")
        parser.add_argument("--aar", type=int, help="bare dette året")
        parser.add_argument("--region", help="bare denne regionen (navn)")
        parser.add_argument("--id", type=int, action="append", dest="ids", help="bare denne id")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["format"]
        if options["out"] is None and kind == "xlsx":
            raise CommandError("Excel må skrives til en fil: bruk --out FIL.xlsx")
        kwargs = {"ids": options["ids"], "aar": options["aar"], "region": options["region"]}
        if options["out"] is None:
            n = export_stored(kind, sys.stdout.buffer, **kwargs)
        else:
            with open(options["out"], "wb") as out:
                n = export_stored(kind, out, **kwargs)
            self.stderr.write(f"Skrev {n} til {options['out']}.")
