"""Put the reminders' task on the queue (run daily); ``--na`` sends at once instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...paaminnelser import send_alle, send_forfalte


class Command(BaseCommand):
    help = "Legger utsending av forfalte rapportpåminnelser i køen (kjør daglig)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--na", action="store_true", help="Send nå, uten køen.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["na"]:
            n = send_alle()
            self.stdout.write(f"{n} påminnelser sendt.")
            return
        result = send_forfalte.enqueue()
        self.stdout.write(f"Lagt i køen: {result.id}")
