"""Demo data for the web application: the five seeds and one demo user per role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from django.contrib.auth.models import User
from django.db import transaction

from .models import Institusjon, Opplasting, Partnerskap, Region, Rolle, Tilgang
from .services import InnkommendeFil, receive_files

DEMO_REGION = "Nordland"
# Demo users only exist on a machine where someone ran `manage.py demo`; the password is
# printed there on purpose.
DEMO_PASSWORD = "demo-passord"
DEMO_SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass(frozen=True, slots=True)
class DemoLogin:
    brukernavn: str
    passord: str
    rolle: str
    omfang: str


def demo_files() -> list[InnkommendeFil]:
    folder = resources.files("behovsmelding") / "demo_data"
    if not folder.is_dir():
        return []
    return sorted(
        (
            InnkommendeFil(filnavn=p.name, data=p.read_bytes())
            for p in folder.iterdir()
            if p.name.lower().endswith(DEMO_SUFFIXES)
        ),
        key=lambda f: f.filnavn,
    )


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")[:30] or "x"


def _user(username: str, fornavn: str, etternavn: str, **tilgang: object) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": fornavn, "last_name": etternavn}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Tilgang.objects.update_or_create(bruker=user, defaults=tilgang)
    return user


@transaction.atomic
def load_demo() -> tuple[Opplasting | None, list[DemoLogin]]:
    """Create the region and users and upload the seeds; running it again changes nothing."""
    region, _ = Region.objects.get_or_create(navn=DEMO_REGION)
    saksbehandler = _user(
        "saksbehandler", "Sara", "Saksbehandler", rolle=Rolle.SAKSBEHANDLER, region=region
    )
    _user("forum", "Frode", "Forum", rolle=Rolle.FORUM, region=region)
    files = demo_files()
    opplasting = receive_files(files, by=saksbehandler) if files else None

    logins = [
        DemoLogin("saksbehandler", DEMO_PASSWORD, "Saksbehandler", f"alle i {region.navn}"),
        DemoLogin("forum", DEMO_PASSWORD, "Samarbeidsforum (lesetilgang)", region.navn),
    ]
    for p in Partnerskap.objects.filter(region=region).order_by("navn"):
        name = f"eier-{_slug(p.navn)}"
        _user(name, "Eier", p.navn[:150], rolle=Rolle.EIER, region=region, partnerskap=p)
        logins.append(DemoLogin(name, DEMO_PASSWORD, "Eier", p.navn))
    for i in Institusjon.objects.filter(behovsmeldinger__region=region).distinct().order_by("navn"):
        name = f"uh-{_slug(i.navn)}"
        _user(name, "UH", i.navn[:150], rolle=Rolle.UH, institusjon=i)
        logins.append(DemoLogin(name, DEMO_PASSWORD, "UH / kompetansemiljø", i.navn))
    return opplasting, logins
