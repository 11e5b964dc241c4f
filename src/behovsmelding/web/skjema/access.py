"""Who may use the owners' form, and which drafts they may open. ``(allowed, reason)``.

An owner's people (members of the partnership's owner organisation) see and edit every draft of
the partnership; the people of the UH organisation the owner chose for a draft from the register
(``Utkast.uh_virksomhet``) see and edit that draft. Any other draft answers 404, as in the
caseworkers' application. Access never follows from an e-mail address or a name typed in a
draft.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .. import access as web_access
from ..access import AnyUser, Decision
from ..models import Rolle
from .config import uh_kan_sende_inn
from .models import Utkast, Vedlegg


def drafts_for(user: AnyUser) -> QuerySet[Utkast]:
    if not user.is_authenticated:
        return Utkast.objects.none()
    q = Q(partnerskap__in=web_access.partnerskap_for(user).values("pk"))
    uh = [v.pk for v in web_access.uh_virksomheter(user)]
    if uh:
        q |= Q(uh_virksomhet__in=uh)
    return Utkast.objects.filter(q)


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


def can_submit(user: AnyUser, utkast: Utkast) -> Decision:
    """The owner's people send the behovsmelding in; the UH partner writes with them (unless
    the round lets the UH partner send in too: ``config.uh_kan_sende_inn``)."""
    allowed, reason = can_edit(user, utkast)
    if not allowed:
        return allowed, reason
    if web_access.partnerskap_for(user).filter(pk=utkast.partnerskap_id).exists():
        return True, ""
    if uh_kan_sende_inn():
        return True, ""
    return False, _("Klar til innsending – eieren sender inn.")


def can_delete(user: AnyUser, utkast: Utkast) -> Decision:
    """The owner's people delete a draft that was never sent in."""
    if utkast.sendt_inn:
        return False, _("Behovsmeldingen er sendt inn og kan ikke slettes.")
    if not web_access.partnerskap_for(user).filter(pk=utkast.partnerskap_id).exists():
        return False, _("Bare eieren kan slette et utkast.")
    return True, ""


def can_choose_uh(user: AnyUser, utkast: Utkast) -> Decision:
    """The owner's people choose which UH organisation writes in the draft with them."""
    if not web_access.partnerskap_for(user).filter(pk=utkast.partnerskap_id).exists():
        return False, _(
            "Bare eieren kan velge hvilket kompetansemiljø som skriver i behovsmeldingen."
        )
    return can_edit(user, utkast)


def attachments_for(user: AnyUser) -> QuerySet[Vedlegg]:
    """The attachments ``user`` may find: those of the drafts they see, and those of the
    submitted behovsmeldinger they see (the caseworker's too). Any other answers 404."""
    if not user.is_authenticated:
        return Vedlegg.objects.none()
    return Vedlegg.objects.filter(
        Q(utkast__in=drafts_for(user).values("pk"))
        | Q(behovsmelding__in=web_access.visible(user).values("pk"))
    )


def can_download_attachment(user: AnyUser) -> Decision:
    """Like the originals: everyone who sees the behovsmelding, but not the forum (a budget
    file may hold names, account numbers and other contact details)."""
    if web_access.rolle_for(user) == Rolle.FORUM:
        return False, _("Vedlegg kan inneholde kontaktopplysninger og vises ikke for forumet.")
    return True, ""


def can_change_attachments(user: AnyUser, utkast: Utkast) -> Decision:
    """Who writes in the draft adds and removes its attachments, until it is sent in."""
    if utkast.sendt_inn:
        return False, _("Behovsmeldingen er sendt inn; vedleggene kan ikke endres.")
    return can_edit(user, utkast)
