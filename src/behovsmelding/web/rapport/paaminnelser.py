"""Reminders by e-mail before and after a report's deadline, sent by the task queue.

For each report round the days are configuration (``Rapportrunde.paaminnelser_foer``, default
60 and 14 days before, ``paaminnelse_etter``, default 7 days after; 0 turns it off). On a day
``d`` a report not yet sent in is due the reminder of the *latest* "before" day that has come
(a round opened 30 days before its deadline does not get the 60-day reminder late), and after
the deadline the "after" reminder. Each is sent once: the :class:`Paaminnelse` row (unique per
report, kind and day) is written in the same transaction as the audit entry, before the mail
goes; a mail server that fails rolls both back, so the next run tries again. Running the task
twice sends nothing twice.

The queue's task (:func:`send_forfalte`) is put on the queue by ``manage.py
rapport_paaminnelser`` (run it daily, e.g. from cron or a systemd timer) or by the caseworker's
button; ``manage.py db_worker`` runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..models import Medlemskap
from ..services import audit
from .models import Paaminnelse, Rapport, Rapportrunde
from .services import VENTER

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Forfall:
    rapport: Rapport
    type: str
    dager: int


def _forfall_for(rr: Rapportrunde, idag: dt.date) -> tuple[str, int] | None:
    if idag >= rr.frist:
        etter = rr.paaminnelse_etter
        if etter and idag >= rr.frist + dt.timedelta(days=etter):
            return Paaminnelse.Type.ETTER, etter
        return None
    come = [d for d in rr.paaminnelser_foer if rr.frist - dt.timedelta(days=d) <= idag]
    return (Paaminnelse.Type.FOER, min(come)) if come else None


def forfalte(idag: dt.date) -> list[Forfall]:
    """The reminders due on ``idag`` that have not been sent."""
    out = []
    for rr in Rapportrunde.objects.select_related("runde").order_by("id"):
        due = _forfall_for(rr, idag)
        if due is None:
            continue
        type_, dager = due
        venter = (
            rr.rapporter.filter(status__in=VENTER)
            .exclude(paaminnelser__type=type_, paaminnelser__dager=dager)
            .select_related("partnerskap__virksomhet", "uh_virksomhet", "rapportrunde__runde")
            .order_by("id")
        )
        out += [Forfall(r, type_, dager) for r in venter]
    return out


def mottakere(rapport: Rapport) -> list[str]:
    """Who writes the report: the owner organisation's and the UH partner's members; the
    owner organisation's official address when it has no members with an address."""
    orgs = [v for v in (rapport.partnerskap.virksomhet, rapport.uh_virksomhet) if v is not None]
    adresser = sorted(
        {
            m.bruker.email.strip().lower()
            for m in Medlemskap.objects.filter(virksomhet__in=orgs).select_related("bruker")
            if m.bruker.email and m.bruker.is_active
        }
    )
    owner = rapport.partnerskap.virksomhet
    if not adresser and owner is not None and owner.epost:
        adresser = [owner.epost]
    return adresser


def _tekst(f: Forfall) -> tuple[str, str]:
    r = f.rapport
    owner = r.partnerskap.virksomhet
    adresse = str(getattr(settings, "BEHOVSMELDING_ADRESSE", "")).rstrip("/")
    with translation.override((owner.maalform if owner is not None else "") or "nb"):
        values = {
            "aar": r.rapportrunde.runde.aar,
            "partnerskap": r.partnerskap.navn,
            "frist": f"{r.rapportrunde.frist:%d.%m.%Y}",
            "dager": f.dager,
            "lenke": adresse + reverse("rapport:rapport", args=[r.pk]),
        }
        if f.type == Paaminnelse.Type.FOER:
            subject = _("Påminnelse: rapport for %(aar)s innen %(frist)s") % values
            first = _(
                "Rapporten om bruk av midlene og måloppnåelse for %(aar)s for %(partnerskap)s "
                "skal sendes inn innen %(frist)s (om %(dager)s dager)."
            )
        else:
            subject = _("Rapporten for %(aar)s er ikke kommet inn") % values
            first = _(
                "Fristen for rapporten om bruk av midlene og måloppnåelse for %(aar)s for "
                "%(partnerskap)s var %(frist)s, og vi har ikke fått den."
            )
        body = (
            _("Hei!")
            + "\n\n"
            + first % values
            + "\n\n"
            + _("Rapporten fylles ut her (innlogging kreves):\n%(lenke)s") % values
            + "\n\n"
            + _("Midler som ikke brukes, skal betales tilbake.")
            + "\n\n"
            + _("Med hilsen\nStatsforvalteren")
            + "\n"
        )
    return subject, body


def send_en(f: Forfall) -> bool:
    """Send one reminder once. False when it had been sent (or there is nobody to send to)."""
    til = mottakere(f.rapport)
    if not til:
        log.warning("Rapport %s har ingen mottakere for påminnelse", f.rapport.pk)
        return False
    subject, body = _tekst(f)
    try:
        with transaction.atomic():
            Paaminnelse.objects.create(rapport=f.rapport, type=f.type, dager=f.dager, til=til)
            audit(
                "rapport.paaminnelse",
                by=None,
                felt=f"{f.type}:{f.dager}",
                after=", ".join(til)[:500],
                beskrivelse=(
                    f"Påminnelse ({f.dager} dager {'før' if f.type == 'foer' else 'etter'} "
                    f"fristen) om rapporten for {f.rapport.partnerskap} sendt til "
                    f"{len(til)} mottaker(e)."
                ),
                detaljer={
                    "rapport": f.rapport.pk,
                    "rapportrunde": f.rapport.rapportrunde_id,
                    "type": f.type,
                    "dager": f.dager,
                },
            )
            send_mail(subject, body, None, til, fail_silently=False)
    except IntegrityError:
        return False  # sent already (by a run at the same time)
    return True


def send_alle(idag: dt.date | None = None) -> int:
    idag = idag or timezone.localdate()
    n = 0
    for f in forfalte(idag):
        try:
            n += send_en(f)
        except OSError:
            log.exception("Påminnelse for rapport %s feilet; prøves igjen neste gang", f.rapport.pk)
    return n


@task()
def send_forfalte(dato: str = "") -> int:
    """The queue's task: send the reminders due today (or on ``dato``, ISO)."""
    return send_alle(dt.date.fromisoformat(dato) if dato else None)
