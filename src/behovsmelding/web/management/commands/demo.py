"""`manage.py demo`: database, demo data, demo users, and the application on 127.0.0.1."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ...demo import load_demo


class Command(BaseCommand):
    help = (
        "Oppretter databasen, laster de fem demo-behovsmeldingene med demobrukere og starter "
        "applikasjonen på 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
        parser.add_argument(
            "--no-serve", action="store_true", help="bare last data, ikke start serveren"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        opplasting, logins = load_demo()
        out = self.stdout
        if opplasting is not None:
            out.write("Demodata (de fem behovsmeldingene):")
            for f in opplasting.filer.all():
                out.write(f"  {f.filnavn}: {f.get_utfall_display()} – {f.grunn}")
        else:
            out.write("Fant ingen demofiler i behovsmelding/demo_data.")
        address = f"127.0.0.1:{options['port']}"
        out.write("")
        out.write(f"Adresse: http://{address}/")
        out.write("Demobrukere (brukernavn / passord – rolle, ser):")
        for login in logins:
            out.write(f"  {login.brukernavn} / {login.passord} – {login.rolle}, {login.omfang}")
        if options["no_serve"]:
            return
        out.write("")
        out.write("Stopp med Ctrl+C.")
        # --insecure lets runserver serve the static files with DEBUG off; this is the local
        # demo server, not a production set-up (use gunicorn + a web server there).
        call_command("runserver", address, use_reloader=False, insecure_serving=True)
