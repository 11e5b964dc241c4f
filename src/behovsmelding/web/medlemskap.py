"""Memberships of organisations and the invitations that make them: one function per action.

An invitation is bound to one organisation and one e-mail address, used once, and expires
(``BEHOVSMELDING_INVITASJON_DAGER``, 7 days unless set). Its token exists only in the e-mail:
the database keeps its SHA-256, and nothing returned to the inviter holds it. Accepting never
sets or resets the password of an account that exists: a new address gets a new account, an
existing one must log in as itself first.

Each action runs in one transaction, writes an audit entry and raises :class:`MedlemskapError`
(a Norwegian message for the user) when it cannot be done.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import access
from .access import AnyUser, Decision
from .models import Invitasjon, Medlemskap, Medlemsrolle, Virksomhet
from .services import audit

SETTING = "BEHOVSMELDING_INVITASJON_DAGER"
DEFAULT_DAGER = 7
USERNAME_MAX = User._meta.get_field("username").max_length or 150


WRONG_USER = (
    "Invitasjonen gjelder en annen e-postadresse enn brukeren du er logget inn som. "
    "Logg ut og åpne lenken på nytt."
)


class MedlemskapError(Exception):
    """A membership action that cannot be done; the message is meant for the user."""


def invitasjon_dager() -> int:
    """How many days an invitation is valid: the setting, else the environment, else 7."""
    value = getattr(settings, SETTING, None) or os.environ.get(SETTING) or DEFAULT_DAGER
    return max(1, int(value))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_epost(epost: str) -> str:
    """An address as user names are kept: NFKC (as Django folds a user name), trimmed, lower
    case; so the invited address, the new account's user name and its e-mail are one string
    (a long s "ſ" passes e-mail validation and would otherwise become "s" in the user name
    only)."""
    return unicodedata.normalize("NFKC", epost).strip().lower()


def user_with_epost(epost: str) -> User | None:
    """The account an address belongs to: by e-mail, or by a user name that is the address."""
    epost = normalise_epost(epost)
    if not epost:
        return None
    return (
        User.objects.filter(Q(email__iexact=epost) | Q(username__iexact=epost))
        .order_by("id")
        .first()
    )


def is_users_address(user: AnyUser, epost: str) -> bool:
    if not user.is_authenticated:
        return False
    epost = normalise_epost(epost)
    email = normalise_epost(getattr(user, "email", "") or "")
    return email == epost or normalise_epost(user.get_username()) == epost


# --- who may do what -------------------------------------------------------------------------


def can_see(user: AnyUser, v: Virksomhet) -> Decision:
    """A member sees the organisation's members and invitations; so does a caseworker of the
    region the organisation works in."""
    if any(m.virksomhet_id == v.pk for m in access.medlemskap_for(user)):
        return True, ""
    if access.virksomheter_i_regionen(user).filter(pk=v.pk).exists():
        return True, ""
    return False, "Du er ikke medlem av denne virksomheten."


def can_manage(user: AnyUser, v: Virksomhet) -> Decision:
    """Invite, withdraw an invitation and remove a member: the organisation's administrators
    and the region's caseworkers (the same rule as inviting)."""
    allowed, _ = access.can_invite_to(user, v)
    if allowed:
        return True, ""
    return False, "Bare virksomhetens administratorer og Statsforvalteren kan invitere og fjerne."


def synlige_virksomheter(user: AnyUser) -> list[Virksomhet]:
    """The organisations of the "Min virksomhet" list: the user's own, or for a caseworker
    those of the region."""
    own = [m.virksomhet for m in access.medlemskap_for(user)]
    if own:
        return own
    return list(access.virksomheter_i_regionen(user).order_by("navn", "id"))


def ventende(v: Virksomhet) -> list[Invitasjon]:
    """Invitations not used, withdrawn or expired."""
    return list(
        v.invitasjoner.filter(
            brukt__isnull=True, trukket__isnull=True, utloper__gt=timezone.now()
        ).select_related("invitert_av")
    )


# --- inviting --------------------------------------------------------------------------------


def _epost(inv: Invitasjon, lenke: str, by: User) -> tuple[str, str]:
    """The invitation's subject and text, in the organisation's written standard (its
    målform in the register: the invited person has chosen no language yet)."""
    with translation.override(inv.virksomhet.maalform or "nb"):
        values = {
            "hvem": access.display_name(by),
            "rolle": _("administrator") if inv.rolle == Medlemsrolle.ADMINISTRATOR else _("medlem"),
            "virksomhet": inv.virksomhet.navn,
            "lenke": lenke,
            "dato": f"{timezone.localtime(inv.utloper):%d.%m.%Y}",
            "tid": f"{timezone.localtime(inv.utloper):%H:%M}",
        }
        subject = _("Invitasjon til %(virksomhet)s – behovsmeldinger") % values
        text = (
            _(
                "Hei!\n\n"
                "%(hvem)s har invitert deg til å bli %(rolle)s i %(virksomhet)s i "
                "Statsforvalterens løsning for behovsmeldinger (kollektiv kompetanseutvikling).\n\n"
                "Åpne lenken for å ta imot invitasjonen:\n%(lenke)s\n\n"
                "Lenken kan brukes én gang og gjelder til %(dato)s kl. %(tid)s. Har du allerede en "
                "bruker med denne e-postadressen, logger du inn med den. Har du ingen bruker, "
                "velger du et passord.\n\n"
                "Ventet du ikke denne e-posten, kan du se bort fra den.\n"
            )
            % values
        )
    return subject, text


@transaction.atomic
def invite(
    virksomhet: Virksomhet,
    epost: str,
    rolle: str = Medlemsrolle.MEDLEM,
    *,
    by: User,
    absolute: Callable[[str], str] | None = None,
) -> Invitasjon:
    """Invite the person at ``epost`` into ``virksomhet`` with ``rolle``, by e-mail.

    ``absolute`` turns the acceptance path into the link in the e-mail (the view passes
    ``request.build_absolute_uri``). A pending invitation of the same address to the same
    organisation is withdrawn. The token goes into the e-mail only: the returned invitation
    holds its hash."""
    allowed, reason = access.can_invite_to(by, virksomhet)
    if not allowed:
        raise MedlemskapError(reason)
    epost = normalise_epost(epost)
    try:
        validate_email(epost)
    except ValidationError as e:
        raise MedlemskapError(f"«{epost}» er ikke en gyldig e-postadresse.") from e
    if len(epost) > USERNAME_MAX:  # the address becomes the new account's user name
        raise MedlemskapError(f"E-postadressen kan være høyst {USERNAME_MAX} tegn.")
    if rolle not in Medlemsrolle.values:
        raise MedlemskapError("Velg rollen medlem eller administrator.")
    existing = user_with_epost(epost)
    if (
        existing is not None
        and Medlemskap.objects.filter(bruker=existing, virksomhet=virksomhet).exists()
    ):
        raise MedlemskapError(f"{epost} er allerede medlem av {virksomhet.navn}.")
    now = timezone.now()
    older = list(
        Invitasjon.objects.select_for_update().filter(
            virksomhet=virksomhet,
            epost__iexact=epost,
            brukt__isnull=True,
            trukket__isnull=True,
        )
    )
    for old in older:
        old.trukket = now
        old.save(update_fields=["trukket"])
    token = secrets.token_urlsafe(32)
    inv = Invitasjon.objects.create(
        virksomhet=virksomhet,
        epost=epost,
        rolle=rolle,
        token_hash=token_hash(token),
        utloper=now + timedelta(days=invitasjon_dager()),
        invitert_av=by,
    )
    path = reverse("medlemskap:invitasjon", args=[token])
    lenke = absolute(path) if absolute is not None else path
    try:
        subject, text = _epost(inv, lenke, by)
        send_mail(
            subject,
            text,
            None,
            [epost],
            fail_silently=False,
        )
    except Exception as e:  # no invitation without its e-mail: the transaction rolls back
        raise MedlemskapError(
            f"E-posten til {epost} kunne ikke sendes. Invitasjonen er ikke laget; prøv igjen."
        ) from e
    audit(
        "invitasjon.sent",
        by=by,
        obj=virksomhet,
        detaljer={
            "navn": virksomhet.navn,
            "rolle_navn": Medlemsrolle(rolle).label.lower(),
            "utloper": f"{timezone.localtime(inv.utloper):%d.%m.%Y %H:%M}",
            "erstatter": f" Erstatter {len(older)} tidligere invitasjon." if older else "",
            "virksomhet": virksomhet.pk,
            "invitasjon": inv.pk,
            "epost": epost,
            "rolle": rolle,
            "trukket": [o.pk for o in older],
        },
    )
    return inv


@transaction.atomic
def withdraw(inv: Invitasjon, *, by: User) -> None:
    allowed, reason = can_manage(by, inv.virksomhet)
    if not allowed:
        raise MedlemskapError(reason)
    done = Invitasjon.objects.filter(pk=inv.pk, brukt__isnull=True, trukket__isnull=True).update(
        trukket=timezone.now()
    )
    if not done:
        raise MedlemskapError("Invitasjonen er allerede brukt eller trukket.")
    audit(
        "invitasjon.withdrawn",
        by=by,
        obj=inv.virksomhet,
        detaljer={
            "virksomhet": inv.virksomhet_id,
            "navn": inv.virksomhet.navn,
            "invitasjon": inv.pk,
            "epost": inv.epost,
        },
    )


@transaction.atomic
def remove_member(m: Medlemskap, *, by: User) -> None:
    # One removal per organisation at a time, checked under the lock: two administrators
    # removing each other at once would each see the other and leave none (on SQLite the
    # write lock taken at the transaction's start already serialises).
    Virksomhet.objects.select_for_update().filter(pk=m.virksomhet_id).first()
    if not Medlemskap.objects.filter(pk=m.pk).exists():
        raise MedlemskapError("Medlemskapet er allerede fjernet.")
    access.forget(by)  # the remover's own role, as it is now
    allowed, reason = can_manage(by, m.virksomhet)
    if not allowed:
        raise MedlemskapError(reason)
    admins = Medlemskap.objects.filter(virksomhet=m.virksomhet, rolle=Medlemsrolle.ADMINISTRATOR)
    # An administrator does not lock the organisation out of itself; Statsforvalteren may.
    if (
        access.er_administrator(by, m.virksomhet)
        and m.rolle == Medlemsrolle.ADMINISTRATOR
        and not admins.exclude(pk=m.pk).exists()
    ):
        raise MedlemskapError(
            "Virksomheten må ha minst én administrator. Gjør en annen til administrator først."
        )
    navn = access.display_name(m.bruker)
    m.delete()
    access.forget(m.bruker)
    audit(
        "medlemskap.removed",
        by=by,
        obj=m.virksomhet,
        detaljer={
            "virksomhet": m.virksomhet_id,
            "navn": m.virksomhet.navn,
            "person": navn,
            "bruker": m.bruker_id,
            "rolle": m.rolle,
            "rolle_navn": m.get_rolle_display().lower(),
        },
    )


# --- accepting -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gyldighet:
    """Whether a token is an invitation that can still be accepted, and if not why."""

    invitasjon: Invitasjon | None
    grunn: str = ""
    # 404 for a token that was never an invitation, 410 for one that is spent
    status: int = 200

    @property
    def gyldig(self) -> bool:
        return not self.grunn


def check_token(token: str) -> Gyldighet:
    inv = (
        Invitasjon.objects.select_related("virksomhet", "invitert_av")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return _validity(inv)


def _validity(inv: Invitasjon | None) -> Gyldighet:
    if inv is None:
        return Gyldighet(None, "Lenken er ikke en gyldig invitasjon.", 404)
    if inv.brukt is not None:
        return Gyldighet(inv, "Invitasjonen er allerede brukt.", 410)
    if inv.trukket is not None:
        return Gyldighet(inv, "Invitasjonen er trukket tilbake.", 410)
    if inv.utloper <= timezone.now():
        return Gyldighet(inv, "Invitasjonen har gått ut. Be om en ny.", 410)
    return Gyldighet(inv)


def _claim(token: str, user: User | None) -> Invitasjon:
    """Take the invitation for this acceptance: locked, checked, and marked used with a
    conditional update, so that of two acceptances at once exactly one gets it (also on a
    database without row locks)."""
    inv = (
        Invitasjon.objects.select_for_update()
        .select_related("virksomhet")
        .filter(token_hash=token_hash(token))
        .first()
    )
    validity = _validity(inv)
    if inv is None or not validity.gyldig:
        raise MedlemskapError(validity.grunn)
    now = timezone.now()
    claimed = Invitasjon.objects.filter(
        pk=inv.pk, brukt__isnull=True, trukket__isnull=True, utloper__gt=now
    ).update(brukt=now, brukt_av=user)
    if claimed != 1:
        raise MedlemskapError("Invitasjonen er allerede brukt.")
    inv.brukt, inv.brukt_av = now, user
    return inv


def _join(inv: Invitasjon, user: User) -> Medlemskap:
    m, created = Medlemskap.objects.get_or_create(
        bruker=user, virksomhet=inv.virksomhet, defaults={"rolle": inv.rolle}
    )
    if not created and inv.rolle == Medlemsrolle.ADMINISTRATOR and m.rolle != inv.rolle:
        m.rolle = inv.rolle
        m.save(update_fields=["rolle"])
    access.forget(user)
    audit(
        "invitasjon.accepted",
        by=user,
        obj=inv.virksomhet,
        detaljer={
            "epost": inv.epost,
            "navn": inv.virksomhet.navn,
            "rolle_navn": m.get_rolle_display().lower(),
            "virksomhet": inv.virksomhet_id,
            "invitasjon": inv.pk,
            "bruker": user.pk,
            "rolle": m.rolle,
        },
    )
    return m


@transaction.atomic
def accept(token: str, *, user: User) -> Medlemskap:
    """The logged-in ``user`` takes the invitation; it must be the invitation's address (a
    refusal rolls the claim back: the invitation stays usable by its own person)."""
    inv = _claim(token, user)
    if not is_users_address(user, inv.epost):
        raise MedlemskapError(WRONG_USER)
    return _join(inv, user)


@transaction.atomic
def accept_as_new_user(
    token: str, password: str | None, *, first_name: str = "", last_name: str = ""
) -> User:
    """Nobody has the invitation's address: make the account (user name = the address) with
    the password the person chose (``None``: no password, the person logs in with ID-porten),
    and the membership."""
    inv = _claim(token, None)
    if user_with_epost(inv.epost) is not None:
        raise MedlemskapError(
            "Det finnes allerede en bruker med denne e-postadressen. Logg inn med den."
        )
    user = User.objects.create_user(
        username=inv.epost,
        email=inv.epost,
        password=password,
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    Invitasjon.objects.filter(pk=inv.pk).update(brukt_av=user)
    inv.brukt_av = user
    audit(
        "bruker.created",
        by=user,
        obj=user,
        detaljer={
            "invitasjon": inv.pk,
            "bruker": user.pk,
            "epost": inv.epost,
            "navn": inv.virksomhet.navn,
        },
    )
    _join(inv, user)
    return user
