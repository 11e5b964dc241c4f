"""`manage.py demo`: database, demo data, demo users, and the application on 127.0.0.1."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ....demo import describe_measures, format_amounts, format_kroner
from ....record import Behovsmelding as Record
from ...demo import load_demo
from ...forum.models import Runde
from ...models import Behovsmelding, Virksomhet
from ..arbeider import bakgrunnsarbeider


def _round_line(runde: Runde) -> str:
    rammer = ", ".join(f"{r.navn} {format_kroner(r.belop)}" for r in runde.rammer.all())
    poster = runde.poster.filter(aktiv=True).count()
    return f"  {runde.aar}: {poster} tiltak å prioritere; rammer: {rammer or 'ingen'}"


def demo_skjema_aar() -> int | None:
    """The year after the newest stored kollektiv-2026 record, unless the year is configured."""
    if os.environ.get("BEHOVSMELDING_SKJEMA_AAR"):
        return None
    newest = (
        Behovsmelding.objects.filter(skjema="kollektiv-2026", aar__isnull=False)
        .order_by("-aar")
        .values_list("aar", flat=True)
        .first()
    )
    return None if newest is None else newest + 1


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
                    f"{describe_measures(record)}, {bm.antall_feil} feil, "
                    f"{bm.antall_advarsler} advarsler"
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
        antall = Virksomhet.objects.count()
        out.write("")
        out.write(
            f"Virksomhetsregisteret: {antall} virksomheter (eksempel i Enhetsregisterets format, "
            f"oppdiktede nummer og kontoer) – {address}/virksomheter/"
        )
        for bm in demo.til_avklaring:
            out.write(
                f"Til avklaring: {bm.eier or 'Ukjent eier'} {bm.aar or ''} – {bm.avklaring_grunn} "
                f"– {address}{bm.get_absolute_url()}"
            )
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
        aar = demo_skjema_aar()
        if aar is not None:
            # Only for the served demo (never under --no-serve, which the tests use): the owners'
            # form then asks for the round after the newest 2026-form record, so that
            # «Videreføre fra i fjor» has last year's answers to bring along.
            os.environ["BEHOVSMELDING_SKJEMA_AAR"] = str(aar)
            out.write("")
            out.write(
                f"Eierskjemaet gjelder {aar}: «Videreføre fra i fjor» henter {aar - 1}-"
                "behovsmeldingen til eierens partnerskap."
            )
        if not settings.BREV_UNDERSKRIVER:
            # Letters are refused without a named signatory; the served demo signs with
            # invented people (production sets BREV_UNDERSKRIVER and BREV_SAKSBEHANDLER).
            settings.BREV_UNDERSKRIVER = "Dina Demodirektør"
            settings.BREV_SAKSBEHANDLER = settings.BREV_SAKSBEHANDLER or "Sara Saksbehandler"
            out.write("")
            out.write(
                "Brev signeres i demoen av oppdiktede personer (sett BREV_UNDERSKRIVER og "
                "BREV_SAKSBEHANDLER i produksjon); e-post skrives i denne terminalen."
            )
        out.write("")
        out.write(
            "Store opplastinger leses i bakgrunnen av køens arbeider (manage.py db_worker), "
            "som stopper med demoen."
        )
        out.write("Stopp med Ctrl+C.")
        # --insecure lets runserver serve the static files with DEBUG off; this is the local
        # demo server, not a production set-up (use gunicorn + a web server there).
        with bakgrunnsarbeider():
            call_command(
                "runserver",
                address.removeprefix("http://"),
                use_reloader=False,
                insecure_serving=True,
            )
