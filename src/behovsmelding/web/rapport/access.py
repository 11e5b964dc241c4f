"""Who may see and do what with reports. Permission functions return ``(allowed, reason)``.

Owners' people (members of the partnership's owner organisation) and the people of the
report's UH partner (``Rapport.uh_virksomhet``) see and write their partnership's reports;
caseworkers and the forum see the reports of their region; only caseworkers open report
rounds, approve, ask for changes and get the repayment list (it holds account numbers). Any
report outside what a user sees answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .. import access as web_access
from ..access import AnyUser, Decision
from ..models import Rolle
from .models import Rapport, Rapportrunde, Vedlegg


def _region_id(user: AnyUser) -> int | None:
    t = web_access.tilgang_for(user)
    if t is None or t.rolle not in (Rolle.SAKSBEHANDLER, Rolle.FORUM):
        return None
    return t.region_id


def er_stab(user: AnyUser) -> bool:
    return web_access.rolle_for(user) in (Rolle.SAKSBEHANDLER, Rolle.FORUM)


def runder_for(user: AnyUser) -> QuerySet[Rapportrunde]:
    qs = Rapportrunde.objects.select_related("runde", "runde__region")
    if getattr(user, "is_superuser", False):
        return qs
    region_id = _region_id(user)
    if region_id is None:
        return qs.none()
    return qs.filter(runde__region_id=region_id)


def rapporter_for(user: AnyUser) -> QuerySet[Rapport]:
    """The reports ``user`` sees: staff those of their region, owners and UH their own."""
    qs = Rapport.objects.select_related(
        "rapportrunde", "rapportrunde__runde", "partnerskap", "partnerskap__virksomhet"
    )
    if not user.is_authenticated:
        return qs.none()
    if getattr(user, "is_superuser", False):
        return qs
    if web_access.tilgang_for(user) is not None:
        region_id = _region_id(user)
        if region_id is None:
            return qs.none()
        return qs.filter(rapportrunde__runde__region_id=region_id)
    q = Q(partnerskap__in=web_access.partnerskap_for(user).values("pk"))
    uh = [v.pk for v in web_access.uh_virksomheter(user)]
    if uh:
        q |= Q(uh_virksomhet__in=uh)
    return qs.filter(q)


def egne_rapporter(user: AnyUser) -> QuerySet[Rapport]:
    """The reports ``user`` writes in (owners' people and the UH partner; never staff)."""
    if web_access.tilgang_for(user) is not None or getattr(user, "is_superuser", False):
        return Rapport.objects.none()
    return rapporter_for(user)


def can_manage(user: AnyUser) -> Decision:
    if web_access.rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return False, _("Bare saksbehandlere kan åpne rapportrunder og behandle rapporter.")


def can_view_rounds(user: AnyUser) -> Decision:
    if er_stab(user):
        return True, ""
    return False, _("Bare Statsforvalteren og samarbeidsforumet ser rapportrundene.")


def can_use(user: AnyUser) -> Decision:
    if web_access.rolle_for(user) in (Rolle.EIER, Rolle.UH):
        return True, ""
    return False, _("Rapportene fylles ut av eiere og kompetansemiljø som har fått tilskudd.")


def can_edit(user: AnyUser, rapport: Rapport) -> Decision:
    if not egne_rapporter(user).filter(pk=rapport.pk).exists():
        return False, _("Bare partnerskapet selv kan skrive i rapporten.")
    if rapport.status in (Rapport.Status.SENDT_INN, Rapport.Status.GODKJENT):
        return False, _("Rapporten er sendt inn og kan ikke endres.")
    return True, ""


def can_submit(user: AnyUser, rapport: Rapport) -> Decision:
    """The owner's people send the report in; the UH partner writes with them."""
    allowed, reason = can_edit(user, rapport)
    if not allowed:
        return allowed, reason
    if web_access.partnerskap_for(user).filter(pk=rapport.partnerskap_id).exists():
        return True, ""
    return False, _("Klar til innsending – eieren sender inn.")


def can_see_repayments(user: AnyUser) -> Decision:
    if web_access.rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return False, _("Tilbakebetalingslisten har kontonumre og vises bare for Statsforvalteren.")


def vedlegg_for(user: AnyUser) -> QuerySet[Vedlegg]:
    return Vedlegg.objects.filter(rapport__in=rapporter_for(user).values("pk"))


def can_download_attachment(user: AnyUser) -> Decision:
    """Like the form's attachments: not the forum (accounts may hold personal data)."""
    if web_access.rolle_for(user) == Rolle.FORUM:
        return False, _("Vedlegg kan inneholde kontaktopplysninger og vises ikke for forumet.")
    return True, ""
