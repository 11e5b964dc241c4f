"""Demo data for the web application: the five seeds, one demo user per role, and a
samarbeidsforum round with frames for each year the seeds cover."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from .forum import services as forum_services
from .forum.models import Ramme, Runde
from .models import (
    EIER_TYPER,
    UH_TYPER,
    Behovsmelding,
    Medlemskap,
    Medlemsrolle,
    Opplasting,
    Ordning,
    Originalfil,
    Region,
    Rolle,
    Tilgang,
    Utfall,
    Virksomhet,
)
from .rapport.demo import demo_rapport
from .rapport.models import Rapportrunde
from .register_import import demo_register_file, import_units, read_units
from .services import InnkommendeFil, receive_files
from .statistikk.demo import load_history

DEMO_REGION = "Nordland"
# Demo users only exist on a machine where someone ran `manage.py demo`; the password is
# printed there on purpose.
DEMO_PASSWORD = "demo-passord"
DEMO_SUFFIXES = (".txt", ".docx", ".pdf")


# The demo round's dates (the Nordland cycle: behovsmeldinger by 1 February, innstilling by
# 15 March) and frames: a little below what the seeds ask for, so that the forum has to choose.
DEMO_FRIST = (2, 1)
DEMO_INNSTILLING_FRIST = (3, 15)
DEMO_RAMMER_TIL_2025: tuple[tuple[str, int], ...] = (
    (Ordning.REGIONAL, 2_000_000),
    (Ordning.DESENTRALISERT, 1_500_000),
    (Ordning.KOMPETANSELOFTET, 3_000_000),
)
DEMO_RAMME_FRA_2026 = 2_500_000


@dataclass(frozen=True, slots=True)
class DemoLogin:
    brukernavn: str
    passord: str
    rolle: str
    omfang: str
    start: str = "/"  # the page to try first with this login


@dataclass(frozen=True, slots=True)
class DemoFil:
    filnavn: str
    utfall: str  # Utfall's label: "Lest", "Ikke lest", "Allerede mottatt"
    grunn: str
    behovsmelding: Behovsmelding | None


@dataclass(slots=True)
class DemoResult:
    filer: list[DemoFil] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    runder: list[Runde] = field(default_factory=list)
    til_avklaring: list[Behovsmelding] = field(default_factory=list)
    rapportrunde: Rapportrunde | None = None


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
    """A demo user: staff with ``tilgang`` (rolle, region), others without (memberships)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": fornavn,
            "last_name": etternavn,
            "email": f"{username}@demo.invalid",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if tilgang:
        Tilgang.objects.update_or_create(bruker=user, defaults=tilgang)
    return user


def _member(user: User, v: Virksomhet) -> None:
    Medlemskap.objects.get_or_create(
        bruker=user, virksomhet=v, defaults={"rolle": Medlemsrolle.ADMINISTRATOR}
    )


def _kontonummer(seed: str) -> str:
    """An invented account number with a valid MOD11 check digit, the same for the same seed."""
    digits = [int(c) for c in f"{int(hashlib.sha256(seed.encode()).hexdigest(), 16):010d}"[:10]]
    digits[0] = 9  # no bank uses a 9 first here: an account nobody has
    while True:
        weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
        rest = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        check = 0 if rest == 0 else 11 - rest
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        digits[-1] = (digits[-1] + 1) % 10


def _register(region: Region) -> None:
    """The organisation register: the shipped sample in Enhetsregisteret's layout, and the
    data Statsforvalteren keeps beside it (letter address, invented account numbers) where
    none is set yet; a caseworker's change stays."""
    data, name = demo_register_file()
    import_units(read_units(data, name), region=region)
    for v in Virksomhet.objects.exclude(orgnr=None):
        changed = []
        if not v.kontonummer:
            v.kontonummer = _kontonummer(v.orgnr or v.navn)
            changed.append("kontonummer")
        if not v.epost:
            v.epost = f"postmottak@{_slug(v.navn)}.demo.invalid"
            changed.append("epost")
        if changed:
            v.save(update_fields=changed)


def _upload(files: list[InnkommendeFil], *, by: User) -> list[DemoFil]:
    """Upload the seeds not yet stored; a second run uploads nothing (and so makes no second
    upload report)."""
    hashes = {f.filnavn: hashlib.sha256(f.data).hexdigest() for f in files}
    known = set(
        Originalfil.objects.filter(sha256__in=hashes.values()).values_list("sha256", flat=True)
    )
    new = [f for f in files if hashes[f.filnavn] not in known]
    opplasting: Opplasting | None = receive_files(new, by=by) if new else None
    rows = {r.sha256: r for r in opplasting.filer.all()} if opplasting is not None else {}
    by_hash = {
        bm.original.sha256: bm
        for bm in Behovsmelding.objects.select_related("original", "innhold").filter(
            original__sha256__in=hashes.values()
        )
        if bm.original is not None
    }
    result = []
    for f in files:
        h = hashes[f.filnavn]
        row = rows.get(h)
        if row is not None:
            result.append(DemoFil(f.filnavn, row.get_utfall_display(), row.grunn, by_hash.get(h)))
        else:
            result.append(DemoFil(f.filnavn, Utfall.KJENT.label, "", by_hash.get(h)))
    return result


def _rounds(region: Region, *, by: User) -> list[Runde]:
    """One round per year the region's behovsmeldinger cover, with its frames, through the
    forum's services (which snapshot the tiltak and write the audit entries)."""
    years = sorted(
        {
            a
            for a in Behovsmelding.objects.filter(region=region).values_list("aar", flat=True)
            if a is not None
        }
    )
    runder = []
    for aar in years:
        runde = Runde.objects.filter(region=region, aar=aar).first()
        if runde is None:
            runde = forum_services.opprett_runde(
                region,
                aar,
                frist=dt.date(aar, *DEMO_FRIST),
                innstilling_frist=dt.date(aar, *DEMO_INNSTILLING_FRIST),
                by=by,
            )
        rammer = (
            DEMO_RAMMER_TIL_2025
            if runde.per_ordning
            else ((Ordning.KOLLEKTIV, DEMO_RAMME_FRA_2026),)
        )
        for ordning, belop in rammer:
            # Only a missing frame is set: a caseworker's change to the amount stays.
            if not Ramme.objects.filter(runde=runde, ordning=ordning, sektor="").exists():
                forum_services.sett_ramme(
                    runde, navn="", ordning=ordning, sektor="", belop=belop, by=by
                )
        runder.append(runde)
    return runder


@transaction.atomic
def load_demo() -> DemoResult:
    """Create the region and users, upload the seeds and open the forum rounds; running it
    again changes nothing."""
    region, _ = Region.objects.get_or_create(navn=DEMO_REGION)
    _register(region)
    saksbehandler = _user(
        "saksbehandler", "Sara", "Saksbehandler", rolle=Rolle.SAKSBEHANDLER, region=region
    )
    _user("forum", "Frode", "Forum", rolle=Rolle.FORUM, region=region)
    files = demo_files()
    result = DemoResult()
    result.filer = _upload(files, by=saksbehandler)
    result.runder = _rounds(region, by=saksbehandler)
    load_history(region, by=saksbehandler)  # the statistics page's years of history

    result.logins = [
        DemoLogin(
            "saksbehandler",
            DEMO_PASSWORD,
            "Saksbehandler",
            f"alle i {region.navn}",
            reverse("oversikt"),
        ),
        DemoLogin(
            "forum",
            DEMO_PASSWORD,
            "Samarbeidsforum (prioriterer, lesetilgang ellers)",
            region.navn,
            reverse("forum-prioritering", args=[result.runder[-1].pk])
            if result.runder
            else reverse("forum-runder"),
        ),
    ]
    taken: set[str] = set()
    # One administrator per owner of the region in the register, and per UH organisation
    # that is the partner in a behovsmelding of the region.
    for v in Virksomhet.objects.filter(region=region, type__in=EIER_TYPER).order_by("navn"):
        name = _unique(f"eier-{_slug(v.navn)}", taken)
        _member(_user(name, "Eier", v.navn[:150]), v)
        result.logins.append(DemoLogin(name, DEMO_PASSWORD, "Eier", v.navn, reverse("skjema:mine")))
    uh = Virksomhet.objects.filter(
        institusjoner__behovsmeldinger__region=region, type__in=UH_TYPER
    ).distinct()
    for v in uh.order_by("navn"):
        name = _unique(f"uh-{_slug(v.navn)}", taken)
        _member(_user(name, "UH", v.navn[:150]), v)
        result.logins.append(
            DemoLogin(name, DEMO_PASSWORD, "UH / kompetansemiljø", v.navn, reverse("oversikt"))
        )
    result.til_avklaring = list(
        Behovsmelding.objects.filter(region=region, til_avklaring=True).order_by("id")
    )
    result.rapportrunde = demo_rapport(region, by=saksbehandler)
    return result
