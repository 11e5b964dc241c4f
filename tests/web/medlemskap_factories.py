"""Factories for memberships and invitations: a pending invitation with a token the test knows
(the real token only ever travels in the e-mail)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from behovsmelding.web import medlemskap
from behovsmelding.web.models import Behovsmelding, Invitasjon, Medlemsrolle, Virksomhet


def invitation(
    v: Virksomhet,
    epost: str,
    *,
    token: str,
    by: User | None = None,
    rolle: str = Medlemsrolle.MEDLEM,
    days: int = 7,
) -> Invitasjon:
    return Invitasjon.objects.create(
        virksomhet=v,
        epost=epost,
        rolle=rolle,
        token_hash=medlemskap.token_hash(token),
        utloper=timezone.now() + timedelta(days=days),
        invitert_av=by,
    )


def token_in_mail(to: str) -> str:
    """The token of the last invitation e-mailed to ``to`` (Django's test outbox)."""
    sent = [m for m in mail.outbox if to in m.to]
    assert sent, f"no e-mail to {to}"
    for word in sent[-1].body.split():
        if "/invitasjon/" in word:
            return word.rstrip("/").rsplit("/", 1)[-1]
    raise AssertionError(f"no invitation link in the e-mail to {to}")


def medlemskap_world(
    own: Behovsmelding, other: Behovsmelding, far: Behovsmelding, eier: User, sb: User
) -> dict[str, Any]:
    """Organisations, a pending invitation and a membership for the access matrix
    (tests/web/test_web_access.py): the eier user's owner organisation (Bodø), the other
    partnership's (Vefsn), one in another region (Tromsø); a pending invitation into Bodø
    (withdraw), a membership (remove), and the token of an invitation for a new address."""
    bodo = own.partnerskap.virksomhet
    assert bodo is not None and other.partnerskap.virksomhet is not None
    assert far.partnerskap.virksomhet is not None
    ventende = invitation(bodo, "venter@example.no", token="tok-venter", by=sb)
    invitation(bodo, "ny@example.no", token="tok-invitasjon", by=sb)
    return {
        "virksomhet": bodo.pk,
        "other_virksomhet": other.partnerskap.virksomhet.pk,
        "far_virksomhet": far.partnerskap.virksomhet.pk,
        "ventende": ventende.pk,
        "medlemskap": bodo.medlemskap.get(bruker=eier).pk,
        "invitasjon": "tok-invitasjon",
    }
