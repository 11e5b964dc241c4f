"""`manage.py recheck`: run the checks again on stored behovsmeldinger (after the rules changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...models import Behovsmelding
from ...services import recheck_behovsmelding


class Command(BaseCommand):
    help = "Kjører kontrollene på nytt for lagrede behovsmeldinger og lagrer funnene (med logg)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id", type=int, action="append", dest="ids", help="bare denne id")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Behovsmelding.objects.select_related("innhold").order_by("id")
        if options["ids"]:
            qs = qs.filter(id__in=options["ids"])
        n = 0
        for bm in qs.iterator(chunk_size=200):
            before = len(bm.innhold.funn)
            after = len(recheck_behovsmelding(bm, by=None))
            n += 1
            if before != after:
                self.stdout.write(f"  {bm.pk} {bm}: {before} → {after} funn")
        self.stdout.write(f"Kontrollerte {n} behovsmeldinger.")
