"""Who may do what with rounds. Permission functions return ``(allowed, reason)``.

The caseworkers (Statsforvalteren, the forum's secretariat) do everything; a forum member may
see the round and set the innstilling's amounts (the only thing the forum role may change in
the application); owners and UH see nothing here. Letters and payment lists hold account
numbers, so only caseworkers get them. A round outside the user's region answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from ..access import AnyUser, Decision, rolle_for, tilgang_for
from ..models import Region, Rolle
from .models import Runde


def runder_for(user: AnyUser) -> QuerySet[Runde]:
    qs = Runde.objects.select_related("region")
    if getattr(user, "is_superuser", False):
        return qs
    t = tilgang_for(user)
    if t is None or t.region_id is None or t.rolle not in (Rolle.SAKSBEHANDLER, Rolle.FORUM):
        return qs.none()
    return qs.filter(region_id=t.region_id)


def region_for(user: AnyUser) -> Region | None:
    t = tilgang_for(user)
    return t.region if t is not None else None


def can_view(user: AnyUser) -> Decision:
    if rolle_for(user) in (Rolle.SAKSBEHANDLER, Rolle.FORUM):
        return True, ""
    return False, "Bare Statsforvalteren og samarbeidsforumet har tilgang til rundene."


def can_manage(user: AnyUser) -> Decision:
    if rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return False, "Bare saksbehandlere kan opprette runder, sette rammer og fatte vedtak."


def can_prioritise(user: AnyUser) -> Decision:
    if rolle_for(user) in (Rolle.SAKSBEHANDLER, Rolle.FORUM):
        return True, ""
    return False, "Bare samarbeidsforumet og sekretariatet kan sette innstillingen."


def can_see_payments(user: AnyUser) -> Decision:
    if rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return (
        False,
        "Tildelingsbrev og utbetalingslister har kontonumre og vises bare for Statsforvalteren.",
    )
