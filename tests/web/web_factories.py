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
from behovsmelding.web.models import (
    Behovsmelding,
    Institusjon,
    Medlemskap,
    Medlemsrolle,
    Partnerskap,
    Region,
    Rolle,
    Tilgang,
    Virksomhet,
    Virksomhetstype,
)

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


def user(
    rolle: str | None,
    *,
    username: str | None = None,
    partnerskap: Partnerskap | None = None,
    institusjon: Institusjon | None = None,
    region: Region | None = None,
    administrator: bool = False,
) -> User:
    """A user with a role: staff (saksbehandler, forum) in a region; an owner's or a UH
    institution's people as members of the partnership's or institution's organisation."""
    u = User.objects.create_user(
        username=username or f"bruker{next(_seq)}", password=PASSWORD, first_name="Test"
    )
    if rolle in (Rolle.SAKSBEHANDLER, Rolle.FORUM):
        Tilgang.objects.create(bruker=u, rolle=rolle, region=region)
    elif rolle == Rolle.EIER:
        assert partnerskap is not None, "an owner's user belongs to a partnership's owner"
        member(u, owner_org(partnerskap), administrator=administrator)
    elif rolle == Rolle.UH:
        assert institusjon is not None, "a UH user belongs to an institution"
        member(u, uh_org(institusjon), administrator=administrator)
    return u


def member(u: User, v: Virksomhet, *, administrator: bool = False) -> Medlemskap:
    return Medlemskap.objects.create(
        bruker=u,
        virksomhet=v,
        rolle=Medlemsrolle.ADMINISTRATOR if administrator else Medlemsrolle.MEDLEM,
    )


def owner_org(p: Partnerskap) -> Virksomhet:
    """The partnership's owner organisation; registered (with a number of its own) when the
    partnership had none, as a caseworker would register a new owner."""
    if p.virksomhet is None:
        p.virksomhet = register_owner(p.navn, p.region)
        p.save(update_fields=["virksomhet"])
    return p.virksomhet


def uh_org(i: Institusjon) -> Virksomhet:
    if i.virksomhet is None:
        i.virksomhet = Virksomhet.objects.create(navn=i.navn, type=Virksomhetstype.UH)
        i.save(update_fields=["virksomhet"])
    return i.virksomhet


def register_owner(navn: str, reg: Region | None = None, orgnr: str | None = None) -> Virksomhet:
    """Put an owner in the register (as the caseworkers keep it) unless it is there."""
    from behovsmelding.web.register import finn_eier

    found = finn_eier(navn, orgnr).virksomhet
    if found is not None:
        return found
    return Virksomhet.objects.create(
        navn=navn, type=Virksomhetstype.KOMMUNE, region=reg or region(), orgnr=orgnr_for(navn)
    )


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
    reg = reg or region()
    if rec.eier:
        # The owner is in the register (a record of an unknown owner is held; see
        # tests/web/test_web_register.py for that).
        register_owner(rec.eier, reg)
    return services.create_behovsmelding(rec, by=by, region=reg, funn=funn or [])


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
