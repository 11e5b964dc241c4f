"""`manage.py arkiv`: write a round's archive package (Noark 5 arkivmelding + files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...arkiv import lag_pakke
from ...models import Runde


class Command(BaseCommand):
    help = (
        "Skriver arkivpakken for en runde: arkivmelding.xml (validert mot Noark 5-skjemaet) og "
        "filene den viser til, som mappe eller (ut-navn som slutter på .zip) som zip-fil."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runde", type=int, required=True, help="rundens id")
        parser.add_argument("--ut", required=True, help="mappe, eller fil som slutter på .zip")

    def handle(self, *args: Any, **options: Any) -> None:
        runde = Runde.objects.filter(pk=options["runde"]).first()
        if runde is None:
            raise CommandError(f"Fant ikke runde {options['runde']}.")
        pakke = lag_pakke(runde)
        ut = Path(options["ut"])
        if ut.suffix == ".zip":
            ut.parent.mkdir(parents=True, exist_ok=True)
            ut.write_bytes(pakke.zip())
        else:
            pakke.skriv(ut)
        self.stdout.write(f"Skrev arkivpakken med {len(pakke.filer)} filer til {ut}.")
