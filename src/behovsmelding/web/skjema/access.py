"""Who may use the owners' form, and which drafts they may open. ``(allowed, reason)``.

An owner (role Eier) sees and edits every draft of its partnership; anyone invited to a draft
(the UH contact) sees and edits that draft. Any other draft answers 404, as in the
caseworkers' application.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .. import access as web_access
from ..access import AnyUser, Decision
from ..models import Rolle
from .models import Utkast


def drafts_for(user: AnyUser) -> QuerySet[Utkast]:
    if not user.is_authenticated:
        return Utkast.objects.none()
    q = Q(redaktorer__bruker_id=user.pk)
    q |= Q(partnerskap__in=web_access.partnerskap_for(user).values("pk"))
    return Utkast.objects.filter(q).distinct()


def can_use_form(user: AnyUser) -> Decision:
    if web_access.rolle_for(user) in (Rolle.EIER, Rolle.UH):
        return True, ""
    if user.is_authenticated and drafts_for(user).exists():
        return True, ""
    return False, _("Skjemaet er for eiere og kompetansemiljø som melder behov.")


def can_create(user: AnyUser) -> Decision:
    if web_access.rolle_for(user) == Rolle.EIER and web_access.eget_partnerskap(user) is not None:
        return True, ""
    return False, _("Bare eieren kan starte en ny behovsmelding.")


def can_edit(user: AnyUser, utkast: Utkast) -> Decision:
    if utkast.sendt_inn:
        return False, _("Behovsmeldingen er sendt inn og kan ikke endres.")
    return True, ""


def can_invite(user: AnyUser, utkast: Utkast) -> Decision:
    if not web_access.partnerskap_for(user).filter(pk=utkast.partnerskap_id).exists():
        return False, _("Bare eieren kan invitere andre til å skrive i behovsmeldingen.")
    return can_edit(user, utkast)
