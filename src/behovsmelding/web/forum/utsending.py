"""Dispatch of letters by e-mail, logged and retried.

Each letter goes as a PDF attachment to the recipient organisation's official address
(``Virksomhet.epost`` in the register) with copies to the partners, through Django's e-mail
backend (SMTP when ``EMAIL_HOST`` is set). Every attempt is an :class:`~.models.Utsending`
row: when, to whom, the Message-ID and the result. A failed send is tried again
(``BREV_SEND_FORSOK`` times, pauses of ``BREV_SEND_PAUSE`` seconds doubled each time), and
``manage.py send_brev --retry`` tries again later every letter whose last attempt failed.

A letter that has been sent is announced with the signal :data:`brev_sendt` (arguments
``brev``, ``behovsmeldinger``, ``by``) and an audit entry ``brev_sendt`` per behovsmelding,
so the partnership's history shows it; whoever moves the records' status to "Sendt" listens
to the signal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from ..models import Behovsmelding
from ..services import BehovsmeldingError, audit
from ..versjoner import marker_sendt
from . import access
from .brev import BrevError, lag_brev
from .brevtekst import tekster
from .models import Brev, Utsending, Versjon

log = logging.getLogger(__name__)

#: Sent after a letter has gone out: ``sender=Brev, brev=…, behovsmeldinger=[…], by=…``.
brev_sendt = Signal()


def _melding(brev: Brev) -> EmailMessage:
    data = brev.data
    a = data["avsender"]
    kopi = brev.kopi
    t = tekster(
        brev.maalform,
        tittel=data["tittel"],
        mottaker=brev.mottaker,
        avsender=a["navn"],
        aar=data["aar"],
        ref=brev.referanse,
        kopi="".join(
            tekster(brev.maalform, navn=k["navn"])["epost_kopi"] for k in kopi if k["navn"]
        ),
        kontakt=f" ({a['epost']})" if a.get("epost") else "",
    )
    domain = (settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost").strip(">")
    msg = EmailMessage(
        subject=t["epost_emne"],
        body=t["epost_tekst"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[brev.epost],
        cc=[k["epost"] for k in kopi if k.get("epost")],
        reply_to=[a["epost"]] if a.get("epost") else None,
        headers={"Message-ID": make_msgid("brev", domain=domain)},
    )
    safe = "".join(c if c.isalnum() else "-" for c in brev.mottaker).strip("-")[:60]
    msg.attach(
        f"vedtak-{brev.saksnummer.replace('/', '-')}-{brev.dokumentnummer}-{safe}.pdf",
        bytes(brev.pdf),
        "application/pdf",
    )
    return msg


def send_en_gang(brev: Brev, *, by: User | None, forsok: int = 1) -> Utsending:
    """One attempt: send the letter and log the result (never raises for a mail error)."""
    if not brev.epost:
        return Utsending.objects.create(
            brev=brev,
            forsok=forsok,
            resultat=Utsending.Resultat.FEILET,
            feil="Mottakeren mangler e-postadresse i virksomhetsregisteret.",
            av=by,
        )
    msg = _melding(brev)
    try:
        with get_connection(fail_silently=False) as connection:
            msg.connection = connection
            msg.send(fail_silently=False)
    except Exception as e:  # any transport error is a failed attempt, logged and retried
        log.warning("brev %s ble ikke sendt: %s", brev.pk, e)
        return Utsending.objects.create(
            brev=brev,
            forsok=forsok,
            til=msg.to,
            kopi=msg.cc,
            message_id=str(msg.extra_headers.get("Message-ID", "")),
            resultat=Utsending.Resultat.FEILET,
            feil=f"{type(e).__name__}: {e}"[:2000],
            av=by,
        )
    u = Utsending.objects.create(
        brev=brev,
        forsok=forsok,
        til=msg.to,
        kopi=msg.cc,
        message_id=str(msg.extra_headers.get("Message-ID", "")),
        resultat=Utsending.Resultat.SENDT,
        av=by,
    )
    _sendt(brev, u, by=by)
    return u


@transaction.atomic
def _sendt(brev: Brev, u: Utsending, *, by: User | None) -> None:
    first = brev.sendt is None
    if first:
        brev.sendt = u.tidspunkt
        brev.save(update_fields=["sendt"])
    ids = brev.data.get("letter", {}).get("behovsmeldinger", [])
    bms = list(Behovsmelding.objects.filter(pk__in=ids))
    mottakere = ", ".join([*u.til, *u.kopi])
    for bm in bms:
        detaljer = {
            "runde": brev.versjon.runde_id,
            "brev": brev.pk,
            "versjon": brev.versjon_id,
            "message_id": u.message_id,
            "forste": first,
            "referanse": brev.referanse,
            "avslag": brev.avslag,
            "mottaker": brev.mottaker,
            "mottakere": mottakere,
        }
        try:
            # the record's status follows: "Vedtak fattet" → "Sendt" (audited as letter_sent)
            marker_sendt(bm, by, detaljer=detaljer)
        except BehovsmeldingError:
            # a record the vedtak did not move (an older version's letter sent again)
            audit(
                "behovsmelding.letter_sent",
                by=by,
                bm=bm,
                felt="brev",
                after=f"{brev.referanse} til {brev.mottaker}",
                detaljer=detaljer,
            )
    brev_sendt.send(sender=Brev, brev=brev, behovsmeldinger=bms, by=by)


def send_brev(
    brev: Brev,
    *,
    by: User | None,
    forsok: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Utsending:
    """Send with retries: up to ``forsok`` attempts (default ``BREV_SEND_FORSOK``), pausing
    ``BREV_SEND_PAUSE`` seconds, doubled after each failure. Returns the last attempt."""
    tries = max(1, forsok or int(settings.BREV_SEND_FORSOK))
    pause = float(settings.BREV_SEND_PAUSE)
    done = brev.utsendinger.count()
    u = send_en_gang(brev, by=by, forsok=done + 1)
    for i in range(1, tries):
        if u.resultat == Utsending.Resultat.SENDT or not brev.epost:
            break
        sleep(pause * 2 ** (i - 1))
        u = send_en_gang(brev, by=by, forsok=done + 1 + i)
    return u


def send_vedtak(v: Versjon, *, by: User | None, nr: int | None = None) -> list[Utsending]:
    """Make and send the vedtak's letters not yet sent (or letter ``nr``, again if sent)."""
    if by is not None:
        allowed, reason = access.can_see_payments(by)
        if not allowed:
            raise BrevError(reason)
    from .brev import brevmottakere

    numbers = [nr] if nr is not None else list(range(len(brevmottakere(v))))
    out = []
    for n in numbers:
        brev = lag_brev(v, n, by=by)
        if nr is None and brev.sendt is not None:
            continue
        out.append(send_brev(brev, by=by))
    return out


def til_nytt_forsok() -> list[Brev]:
    """Letters not sent whose last attempt failed, with attempts left under the limit × 3
    (the command gives each such letter a new round of tries)."""
    out = []
    for brev in Brev.objects.filter(sendt__isnull=True).prefetch_related("utsendinger"):
        tries = list(brev.utsendinger.all())
        failed = bool(tries) and tries[-1].resultat == Utsending.Resultat.FEILET
        if failed and brev.epost and len(tries) < 3 * int(settings.BREV_SEND_FORSOK):
            out.append(brev)
    return out


def status(brev: Brev) -> tuple[str, str]:
    """("sendt" | "feilet" | "ikke_sendt", a Norwegian line for the page)."""
    last = brev.utsendinger.order_by("-tidspunkt", "-id").first()
    if brev.sendt is not None:
        when = timezone.localtime(brev.sendt)
        return "sendt", f"Sendt {when:%d.%m.%Y %H:%M}"
    if last is not None:
        return "feilet", f"Feilet ({last.forsok} forsøk): {last.feil}"
    return "ikke_sendt", "Ikke sendt"
