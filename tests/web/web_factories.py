"""Factories for the web tests: regions, users with roles, behovsmeldinger from real records."""

from __future__ import annotations

import copy
import hashlib
import json
from itertools import count
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import services
from behovsmelding.web.models import Behovsmelding, Institusjon, Partnerskap, Region, Rolle, Tilgang

DATA = Path(__file__).parent / "data"
PASSWORD = "test-passord-123"
_seq = count(1)


def record_dict(name: str = "sample_a_2024_bodo", **changes: Any) -> dict[str, Any]:
    """A realistic behovsmelding-v1 record (copied from the shared samples), with changes."""
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    eier = data.get("eier")
    data.update(changes)
    kontakt = (data.get("kontaktpersoner") or {}).get("eier")
    if data.get("eier") != eier and "kontaktpersoner" not in changes and kontakt:
        # Another owner has another organisasjonsnummer (uploads match owners by it).
        kontakt["orgnr"] = orgnr_for(data.get("eier") or "")
    return data


def orgnr_for(name: str) -> str:
    """A valid (MOD11) organisasjonsnummer of its own for a made-up owner."""
    digits = [int(d) for d in f"9{int(hashlib.sha256(name.encode()).hexdigest(), 16):09d}"[:8]]
    while True:
        rest = sum(w * d for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        check = 0 if rest == 0 else 11 - rest
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        digits[-1] = (digits[-1] + 1) % 10


def region(navn: str = "Nordland") -> Region:
    return Region.objects.get_or_create(navn=navn)[0]


def user(rolle: str | None, *, username: str | None = None, **scope: Any) -> User:
    u = User.objects.create_user(
        username=username or f"bruker{next(_seq)}", password=PASSWORD, first_name="Test"
    )
    if rolle is not None:
        Tilgang.objects.create(bruker=u, rolle=rolle, **scope)
    return u


def caseworker(reg: Region | None = None, **kw: Any) -> User:
    return user(Rolle.SAKSBEHANDLER, region=reg or region(), **kw)


def behovsmelding(
    *,
    reg: Region | None = None,
    funn: list[dict[str, str]] | None = None,
    by: User | None = None,
    name: str = "sample_a_2024_bodo",
    **changes: Any,
) -> Behovsmelding:
    rec = Record.from_dict(record_dict(name, **changes))
    return services.create_behovsmelding(rec, by=by, region=reg or region(), funn=funn or [])


def partnerskap_of(bm: Behovsmelding) -> Partnerskap:
    return bm.partnerskap


def owner_of(bm: Behovsmelding, **kw: Any) -> User:
    return user(Rolle.EIER, region=bm.region, partnerskap=bm.partnerskap, **kw)


def uh_of(bm: Behovsmelding, **kw: Any) -> User:
    assert bm.institusjon is not None
    return user(Rolle.UH, institusjon=bm.institusjon, **kw)


def institusjon(navn: str) -> Institusjon:
    return services.institusjon_for(navn) or Institusjon.objects.get()


FINDING_SUM = {
    "kode": "SUM_TILTAK",
    "alvorlighet": "feil",
    "felt": "tiltak[0].totalt",
    "melding": "Sum totalt 1 524 915 er ikke Eier 900 000 + UH 624 914",
}
