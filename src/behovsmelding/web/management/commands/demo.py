"""`manage.py demo`: database, demo data, demo users, and the application on 127.0.0.1."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ....demo import format_amounts, format_kroner
from ....record import Behovsmelding as Record
from ...demo import load_demo
from ...forum.models import Runde


def _round_line(runde: Runde) -> str:
    rammer = ", ".join(f"{r.navn} {format_kroner(r.belop)}" for r in runde.rammer.all())
    poster = runde.poster.filter(aktiv=True).count()
    return f"  {runde.aar}: {poster} tiltak å prioritere; rammer: {rammer or 'ingen'}"


def _what(record: Record) -> str:
    """ "3 tiltak", or for a form that lists its tiltak as budget rows "5 budsjettrader"."""
    if record.tiltak:
        return f"{len(record.tiltak)} tiltak"
    rader = len(record.budsjett.rader)
    return f"{rader} budsjettrader" if rader else "bare sumrad"


class Command(BaseCommand):
    help = (
        "Oppretter databasen, laster de fem demo-behovsmeldingene med demobrukere og en "
        "samarbeidsforumrunde per år, og starter applikasjonen på 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
        parser.add_argument(
            "--no-serve", action="store_true", help="bare last data, ikke start serveren"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        demo = load_demo()
        out = self.stdout
        if demo.filer:
            out.write("Demodata (de fem behovsmeldingene):")
            for f in demo.filer:
                bm = f.behovsmelding
                if bm is None:
                    out.write(f"  {f.filnavn}: {f.utfall} – {f.grunn}")
                    continue
                record = Record.from_dict(bm.innhold.data)
                out.write(
                    f"  {f.filnavn}: {f.utfall} – {bm.eier or '–'}, {bm.aar or '–'}: "
                    f"{_what(record)}, {bm.antall_feil} feil, {bm.antall_advarsler} advarsler"
                )
                for line in format_amounts(record):
                    out.write("  " + line)
        else:
            out.write("Fant ingen demofiler i behovsmelding/demo_data.")
        if demo.runder:
            out.write("")
            out.write("Samarbeidsforum (runder med rammer):")
            for runde in demo.runder:
                out.write(_round_line(runde))
        address = f"http://127.0.0.1:{options['port']}"
        out.write("")
        out.write(f"Adresse: {address}/")
        out.write("Demobrukere (brukernavn / passord – rolle, ser – prøv først):")
        for login in demo.logins:
            out.write(
                f"  {login.brukernavn} / {login.passord} – {login.rolle}, {login.omfang} – "
                f"{address}{login.start}"
            )
        if options["no_serve"]:
            return
        out.write("")
        out.write("Stopp med Ctrl+C.")
        # --insecure lets runserver serve the static files with DEBUG off; this is the local
        # demo server, not a production set-up (use gunicorn + a web server there).
        call_command(
            "runserver", address.removeprefix("http://"), use_reloader=False, insecure_serving=True
        )
