"""``manage.py demo_oidc``: the demo (``manage.py demo``) with a real OpenID Connect provider
beside it, so that «Logg inn med ID-porten» and «Logg inn (Statsforvalteren)» work locally.

The provider is the tests' (node-oidc-provider, ``tests/web/oidc/provider.mjs``, from
``npm ci``) on http://127.0.0.1:8010; it stops with the demo. Its people log in with their
name and any password: ID-porten ``eva`` (eier-bodo), ``ulf`` (uh-hogskolen), ``ola`` (no
access); Statsforvalteren ``sara`` (saksbehandler), ``frode`` (forum), ``kari`` (no role)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ....management.arbeider import bakgrunnsarbeider
from ....management.commands.demo import demo_skjema_aar
from ... import providers, services

SCRIPT = Path(settings.BASE_DIR) / "tests" / "web" / "oidc" / "provider.mjs"
SECRET = "demo-hemmelighet"

# Invented people; the numbers are of the shape of synthetic test numbers, not real ones.
IDPORTEN_PEOPLE = {
    "eva": ("17889900123", "eier-bodo"),
    "ulf": ("03919912345", "uh-hogskolen"),
    "ola": ("02859911234", None),
}
ENTRA_PEOPLE = {
    "sara": ("demo-oid-sara", "saksbehandler@demo.invalid", "saksbehandler"),
    "frode": ("demo-oid-frode", "forum@demo.invalid", "forum"),
    "kari": ("demo-oid-kari", "kari@demo.invalid", None),
}


class Command(BaseCommand):
    help = "Demoen med en OpenID Connect-leverandør ved siden av (ID-porten og Entra ID, lokalt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
        parser.add_argument(
            "--oidc-port", type=int, default=8010, help="leverandørens port (standard 8010)"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="bare last data, ikke start serveren"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        node = shutil.which("node")
        if (
            node is None
            or not (Path(settings.BASE_DIR) / "node_modules" / "oidc-provider").exists()
        ):
            raise CommandError("Trenger Node og npm-pakken oidc-provider (npm ci).")
        app = f"http://127.0.0.1:{options['port']}"
        folder = Path(tempfile.mkdtemp(prefix="demo-oidc-"))
        config = folder / "provider.json"
        config.write_text(json.dumps(_config(app, options["oidc_port"])), encoding="utf-8")
        process = subprocess.Popen(
            [node, str(SCRIPT), str(config)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line.strip():
                raise CommandError("Leverandøren startet ikke (er porten i bruk?).")
            issuer = json.loads(line)["issuer"]
            settings.OIDC_PROVIDERS = {
                p: _provider_settings(issuer, p) for p in providers.PROVIDERS
            }
            call_command("demo", port=options["port"], no_serve=True)
            self._link_and_print(issuer)
            if not options["no_serve"]:
                aar = demo_skjema_aar()
                if aar is not None:  # as `manage.py demo` serves it
                    os.environ["BEHOVSMELDING_SKJEMA_AAR"] = str(aar)
                self.stdout.write("Stopp med Ctrl+C.")
                with bakgrunnsarbeider():  # as `manage.py demo` serves it
                    call_command(
                        "runserver",
                        app.removeprefix("http://"),
                        use_reloader=False,
                        insecure_serving=True,
                    )
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
            shutil.rmtree(folder, ignore_errors=True)

    def _link_and_print(self, issuer: str) -> None:
        out = self.stdout
        out.write("")
        out.write(f"OpenID Connect-leverandør (testleverandøren): {issuer}")
        out.write("Logg inn med navnet under og hvilket som helst passord på leverandørens side:")
        for who, (pid, username) in IDPORTEN_PEOPLE.items():
            user = User.objects.filter(username=username).first() if username else None
            if user is not None:
                services.link_demo(user, providers.IDPORTEN, pid)
            out.write(
                f"  ID-porten: {who} – "
                + (f"{username}" if user is not None else "ingen tilgang (siden som forklarer)")
            )
        for who, (_oid, email, username) in ENTRA_PEOPLE.items():
            found = User.objects.filter(username=username).first() if username else None
            if found is not None and found.email != email:
                found.email = email
                found.save(update_fields=["email"])
            out.write(
                f"  Statsforvalteren: {who} ({email}) – "
                + (f"{username}" if found is not None else "ingen rolle (siden som forklarer)")
            )


def _config(app: str, port: int) -> dict[str, Any]:
    def client(provider: str) -> dict[str, Any]:
        c: dict[str, Any] = {
            "client_id": provider,
            "client_secret": SECRET,
            "redirect_uris": [f"{app}/innlogging/{provider}/callback/"],
            "post_logout_redirect_uris": [f"{app}/innlogging/utlogget/"],
        }
        if provider == providers.IDPORTEN:
            c["frontchannel_logout_uri"] = f"{app}/innlogging/idporten/frontchannel-logout/"
        return c

    accounts: dict[str, dict[str, str]] = {
        who: {"pid": pid} for who, (pid, _) in IDPORTEN_PEOPLE.items()
    }
    accounts |= {
        who: {"oid": oid, "email": email, "name": who.capitalize()}
        for who, (oid, email, _) in ENTRA_PEOPLE.items()
    }
    return {"port": port, "clients": [client(p) for p in providers.PROVIDERS], "accounts": accounts}


def _provider_settings(issuer: str, provider: str) -> dict[str, str]:
    return {
        "ISSUER": issuer,
        "OIDC_RP_CLIENT_ID": provider,
        "OIDC_RP_CLIENT_SECRET": SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/auth",
        "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/token",
        "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks",
        "END_SESSION_ENDPOINT": f"{issuer}/session/end",
    }
