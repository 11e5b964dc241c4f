"""``manage.py breakglass BRUKER`` marks a user as break-glass (password login even when it is
off for the user's role); ``--fjern`` unmarks; ``--liste`` lists them. Audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...services import BREAK_GLASS_GROUP, set_break_glass


class Command(BaseCommand):
    help = "Merk en bruker som nødtilgang (break-glass): kan logge inn med passord."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bruker", nargs="?", help="brukernavnet")
        parser.add_argument("--fjern", action="store_true", help="fjern merket")
        parser.add_argument("--liste", action="store_true", help="list brukerne med merket")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["liste"]:
            for u in User.objects.filter(groups__name=BREAK_GLASS_GROUP).order_by("username"):
                self.stdout.write(u.get_username())
            return
        if not options["bruker"]:
            raise CommandError("Oppgi brukernavnet, eller --liste.")
        user = User.objects.filter(username=options["bruker"]).first()
        if user is None:
            raise CommandError(f"Ingen bruker heter «{options['bruker']}».")
        on = not options["fjern"]
        changed = set_break_glass(user, on, by=None)
        state = "er nødtilgang" if on else "er ikke nødtilgang"
        self.stdout.write(f"{user.get_username()} {state}" + ("" if changed else " (uendret)"))
