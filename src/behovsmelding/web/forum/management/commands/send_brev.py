"""`manage.py send_brev`: send a vedtak's letters, or try again those whose sending failed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...brev import BrevError
from ...models import Versjon
from ...utsending import send_brev, send_vedtak, til_nytt_forsok


class Command(BaseCommand):
    help = (
        "Sender brevene i et vedtak (--versjon ID) som ikke er sendt, eller prøver på nytt "
        "brevene der siste forsøk feilet (--retry). Hvert forsøk logges."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--versjon", type=int, help="vedtaksversjonens id")
        parser.add_argument(
            "--retry", action="store_true", help="prøv på nytt brev der siste forsøk feilet"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry"]:
            letters = til_nytt_forsok()
            ok = 0
            for brev in letters:
                u = send_brev(brev, by=None)
                ok += u.resultat == "sendt"
                self.stdout.write(f"  {brev.referanse} {brev.mottaker}: {u.get_resultat_display()}")
            self.stdout.write(f"Prøvde på nytt {len(letters)} brev: {ok} sendt.")
            return
        if not options["versjon"]:
            raise CommandError("Oppgi --versjon ID eller --retry.")
        v = Versjon.objects.filter(pk=options["versjon"], type=Versjon.Type.VEDTAK).first()
        if v is None:
            raise CommandError(f"Fant ikke vedtaksversjon {options['versjon']}.")
        try:
            sendt = send_vedtak(v, by=None)
        except BrevError as e:
            raise CommandError(str(e)) from e
        ok = sum(u.resultat == "sendt" for u in sendt)
        self.stdout.write(f"Sendte {ok} av {len(sendt)} brev.")
        if ok < len(sendt):
            raise CommandError("Noen brev ble ikke sendt; kjør send_brev --retry senere.")
