"""Every action on the organisation register is one function here.

Each takes the organisation and the acting user, runs in one transaction, writes an audit
entry (:class:`~behovsmelding.web.models.Hendelse` with ``detaljer["virksomhet"]``; the
account number also a :class:`~behovsmelding.web.models.Kontonummerendring`) and raises
:class:`RegisterError` with a Norwegian message when the action cannot be done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from stdnum.no import kontonr as stdnum_kontonr
from stdnum.no import orgnr as stdnum_orgnr

from . import access, register
from .access import display_name
from .models import Alias, Hendelse, Kontonummerendring, Maalform, Region, Virksomhet
from .models import Virksomhetstype as Type
from .register_import import Importrapport, import_units, read_units
from .services import audit

# The fields a caseworker edits, with the label a message names them by.
FELT: dict[str, str] = {
    "postadresse": "postadresse",
    "postnummer": "postnummer",
    "poststed": "poststed",
    "epost": "e-post",
    "maalform": "målform",
    "region": "region",
    "type": "type",
    "kontonummer": "kontonummer",
}
KILDE_SKJERM = "virksomhetsregisteret"


class RegisterError(Exception):
    """An action that cannot be done; the message is Norwegian and meant for the user."""


class Utdatert(RegisterError):
    """Somebody else saved the organisation after the form was opened."""


def kontonummer_digits(text: str) -> str:
    """``"4500.55.00080"``, ``"4500 55 00080"`` → ``"45005500080"``; other characters stay, so
    that the check below refuses them."""
    return re.sub(r"[\s.]", "", text)


def kontonummer_feil(nummer: str) -> str:
    """Why ``nummer`` (digits) is not a Norwegian account number; "" when it is or is empty."""
    if not nummer:
        return ""
    if not nummer.isdigit() or len(nummer) != 11:
        return f"Kontonummeret «{nummer}» må ha 11 sifre."
    if not stdnum_kontonr.is_valid(nummer):
        return f"Kontonummeret «{gruppert(nummer)}» er ikke gyldig (kontrollsifferet, MOD11)."
    return ""


def kontonummer_gyldig(nummer: str) -> bool:
    return bool(nummer) and not kontonummer_feil(nummer)


def orgnr_gyldig(nummer: str | None) -> bool:
    return bool(nummer) and stdnum_orgnr.is_valid(nummer or "")


def gruppert(nummer: str) -> str:
    """``45005500080`` → ``4500.55.00080`` (account), ``123456789`` → ``123 456 789``."""
    if len(nummer) == 11:
        return f"{nummer[:4]}.{nummer[4:6]}.{nummer[6:]}"
    if len(nummer) == 9:
        return f"{nummer[:3]} {nummer[3:6]} {nummer[6:]}"
    return nummer


@dataclass(frozen=True, slots=True)
class Endringer:
    """What the edit form asks for (already parsed and validated by the form)."""

    postadresse: str
    postnummer: str
    poststed: str
    epost: str
    maalform: str
    region: Region | None
    type: str
    kontonummer: str


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "(tom)"
    if name == "kontonummer":
        return gruppert(str(value))
    if name == "type":
        return Type(value).label if value in Type.values else str(value)
    if name == "maalform":
        return Maalform(value).label if value in Maalform.values else str(value)
    return str(value)


def _andres_endringer(v: Virksomhet, siden: dt.datetime) -> str:
    """What was saved after ``siden``, by whom, as the audit trail tells it."""
    entries = (
        Hendelse.objects.filter(
            type__startswith="virksomhet.", payload__virksomhet=v.pk, tidspunkt__gt=siden
        )
        .select_related("bruker")
        .order_by("tidspunkt", "id")
    )
    parts = [
        f"{display_name(h.bruker)} endret {FELT.get(h.felt, h.felt)} fra «{h.for_verdi or '(tom)'}»"
        f" til «{h.etter_verdi or '(tom)'}»"
        for h in entries
        if h.felt
    ]
    if not parts:
        return "Virksomheten er endret (for eksempel av en import fra Enhetsregisteret)"
    return "; ".join(parts)


@transaction.atomic
def endre_virksomhet(
    v: Virksomhet, endringer: Endringer, *, basert_paa: dt.datetime, by: User
) -> list[str]:
    """Save the caseworker's edit of ``v``; returns the labels of the fields that changed.

    ``basert_paa`` is the organisation's ``endret`` when the form was opened: a save on an
    older version is refused (:class:`Utdatert`), naming what the other person changed."""
    current = Virksomhet.objects.select_for_update().get(pk=v.pk)
    if current.endret != basert_paa:
        raise Utdatert(
            f"{_andres_endringer(current, basert_paa)}, etter at du åpnet siden. Det du skrev er "
            "beholdt nedenfor: se over og lagre på nytt for å overskrive."
        )
    feil = kontonummer_feil(endringer.kontonummer)
    if feil:
        raise RegisterError(feil)
    changed: list[tuple[str, Any, Any]] = []
    for name in FELT:
        before = current.region if name == "region" else getattr(current, name)
        after = getattr(endringer, name)
        if before != after:
            changed.append((name, before, after))
    if not changed:
        return []
    now = timezone.now()
    for name, before, after in changed:
        setattr(current, name, after)
        if name == "kontonummer":
            current.kontonummer_endret, current.kontonummer_endret_av = now, by
            Kontonummerendring.objects.create(
                virksomhet=current,
                for_verdi=before,
                etter_verdi=after,
                endret_av=by,
                kilde=KILDE_SKJERM,
            )
            audit(
                "virksomhet.account_changed",
                by=by,
                felt=name,
                before=_shown(name, before),
                after=_shown(name, after),
                detaljer={"virksomhet": current.pk, "navn": current.navn},
                obj=current,
            )
        else:
            audit(
                "virksomhet.changed",
                by=by,
                felt=name,
                before=_shown(name, before),
                after=_shown(name, after),
                detaljer={
                    "virksomhet": current.pk,
                    "navn": current.navn,
                    "felt_navn": FELT[name].capitalize(),
                },
                obj=current,
            )
    current.save()
    v.refresh_from_db()
    return [FELT[name] for name, _, _ in changed]


@transaction.atomic
def legg_til_alias(v: Virksomhet, navn: str, *, by: User) -> Alias | None:
    """Record ``navn`` as a spelling of ``v`` (None when it already is one)."""
    if not navn.strip():
        raise RegisterError("Skriv navnet slik det står i dokumentet.")
    try:
        alias = register.legg_til_alias(v, navn, by=by)
    except register.AliasKonflikt as e:
        raise RegisterError(str(e)) from e
    if alias is not None:
        audit(
            "virksomhet.alias_added",
            by=by,
            after=alias.navn,
            detaljer={"virksomhet": v.pk, "alias": alias.pk, "navn": v.navn},
            obj=v,
        )
    return alias


@transaction.atomic
def fjern_alias(v: Virksomhet, alias_id: int, *, by: User) -> Alias:
    alias = v.aliaser.filter(pk=alias_id).first()
    if alias is None:
        raise RegisterError("Fant ikke det navnet på virksomheten.")
    alias.delete()
    audit(
        "virksomhet.alias_removed",
        by=by,
        before=alias.navn,
        detaljer={"virksomhet": v.pk, "navn": v.navn},
        obj=v,
    )
    return alias


def importer(data: bytes, filnavn: str, *, region: Region | None, by: User) -> Importrapport:
    """Import a file in Enhetsregisteret's layout; all or nothing (``import_units`` is one
    transaction), audited with the report's first line."""
    with transaction.atomic():
        # Only the organisations the caseworker keeps (as on their own pages) are changed.
        mine = set(access.virksomheter_i_regionen(by).values_list("pk", flat=True))
        report = import_units(
            read_units(data, filnavn), region=region, kan_endre=lambda v: v.pk in mine
        )
        audit(
            "virksomhet.imported",
            by=by,
            detaljer={
                "fil": filnavn,
                "resultat": report.linjer()[0],
                "region": region.pk if region else None,
                "nye": len(report.nye),
                "endret": len(report.endret),
                "avvist": len(report.avvist),
            },
        )
    return report
