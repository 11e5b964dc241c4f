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
    """A short login name part: the first word of the name in ASCII ("Bodø kommune" → bodo)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
    words: list[str] = re.findall(r"[a-z0-9]+", text.lower().translate(table))
    return (words or ["x"])[0][:30]


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


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
    taken: set[str] = set()
    for p in Partnerskap.objects.filter(region=region).order_by("navn"):
        name = _unique(f"eier-{_slug(p.navn)}", taken)
        _user(name, "Eier", p.navn[:150], rolle=Rolle.EIER, region=region, partnerskap=p)
        logins.append(DemoLogin(name, DEMO_PASSWORD, "Eier", p.navn))
    for i in Institusjon.objects.filter(behovsmeldinger__region=region).distinct().order_by("navn"):
        name = _unique(f"uh-{_slug(i.navn)}", taken)
        _user(name, "UH", i.navn[:150], rolle=Rolle.UH, institusjon=i)
        logins.append(DemoLogin(name, DEMO_PASSWORD, "UH / kompetansemiljø", i.navn))
    return opplasting, logins
