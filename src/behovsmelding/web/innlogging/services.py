"""Finding the user behind a provider's login, and linking a person to a user: one function per
action, each in one transaction with an audit entry. :class:`IngenTilgang` carries the Norwegian
reason shown to a person who has no access; nothing is created when it is raised."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import medlemskap
from ..services import audit
from . import providers
from .models import Identitet

HOW_TO_GET_ACCESS = (
    "Du får tilgang ved å bli invitert: be administratoren i virksomheten din, eller "
    "Statsforvalteren, om en invitasjon på e-post. Åpne lenken i e-posten og velg "
    "«Logg inn med ID-porten»; da blir ID-porten-innloggingen din knyttet til brukeren."
)
STAFF_ACCESS = (
    "Ansatte hos Statsforvalteren må ha fått en rolle i løsningen (saksbehandler eller "
    "samarbeidsforum) med den samme e-postadressen som i Statsforvalterens innlogging. Ta "
    "kontakt med en administrator av løsningen."
)
BREAK_GLASS_GROUP = "break-glass"


class IngenTilgang(Exception):
    """The provider knows the person, but this application does not (yet)."""


def _touch(ident: Identitet) -> User:
    Identitet.objects.filter(pk=ident.pk).update(sist_brukt=timezone.now())
    return ident.bruker


def user_for_idporten(pid: str, *, invitasjon: str | None) -> tuple[User, bool]:
    """The user an ID-porten person is linked to. A person not linked yet is linked through
    the invitation being accepted (``invitasjon``: its token), if any. Returns (user, whether
    this login linked it)."""
    key = providers.identity_key(providers.IDPORTEN, pid)
    ident = (
        Identitet.objects.select_related("bruker")
        .filter(leverandor=providers.IDPORTEN, nokkel=key)
        .first()
    )
    if ident is not None and ident.bruker.is_active:
        return _touch(ident), False
    if ident is None and invitasjon:
        return link_by_invitation(invitasjon, key), True
    raise IngenTilgang(HOW_TO_GET_ACCESS)


@transaction.atomic
def link_by_invitation(token: str, key: str) -> User:
    """The invitation's e-mail says which user, the login which person: link the person (by
    ``key``) to the user at that address and accept the invitation; an address without a user
    gets one without a password. A refusal rolls everything back."""
    g = medlemskap.check_token(token)
    if g.invitasjon is None or not g.gyldig:
        raise IngenTilgang(f"{g.grunn} {HOW_TO_GET_ACCESS}")
    inv = g.invitasjon
    user = medlemskap.user_with_epost(inv.epost)
    try:
        if user is None:
            user = medlemskap.accept_as_new_user(token, None)
        else:
            if Identitet.objects.filter(leverandor=providers.IDPORTEN, bruker=user).exists():
                raise IngenTilgang(
                    "Brukeren invitasjonen gjelder, er allerede knyttet til en annen person i "
                    "ID-porten. Be om en invitasjon til din egen e-postadresse."
                )
            medlemskap.accept(token, user=user)
    except medlemskap.MedlemskapError as e:
        raise IngenTilgang(str(e)) from e
    Identitet.objects.create(
        leverandor=providers.IDPORTEN, nokkel=key, bruker=user, sist_brukt=timezone.now()
    )
    audit(
        "bruker.idporten_linked",
        by=user,
        obj=user,
        detaljer={
            "bruker": user.pk,
            "invitasjon": inv.pk,
            "epost": inv.epost,
            "navn": inv.virksomhet.navn,
        },
    )
    return user


def user_for_entra(oid: str, epost: str) -> User:
    """A member of Statsforvalteren's staff: the user linked to the Entra object id, else the
    one user with that e-mail address who has a staff role (then linked). Never created."""
    key = providers.identity_key(providers.ENTRA, oid)
    ident = (
        Identitet.objects.select_related("bruker")
        .filter(leverandor=providers.ENTRA, nokkel=key)
        .first()
    )
    staff = Q(tilgang__isnull=False) | Q(is_superuser=True)
    if ident is not None:
        if ident.bruker.is_active and User.objects.filter(staff, pk=ident.bruker_id).exists():
            return _touch(ident)
        raise IngenTilgang(STAFF_ACCESS)
    epost = medlemskap.normalise_epost(epost)
    matches = (
        list(User.objects.filter(staff, is_active=True, email__iexact=epost)[:2]) if epost else []
    )
    if (
        len(matches) != 1
        or Identitet.objects.filter(leverandor=providers.ENTRA, bruker=matches[0]).exists()
    ):
        raise IngenTilgang(STAFF_ACCESS)
    return link_entra(matches[0], key)


@transaction.atomic
def link_entra(user: User, key: str) -> User:
    Identitet.objects.create(
        leverandor=providers.ENTRA, nokkel=key, bruker=user, sist_brukt=timezone.now()
    )
    audit(
        "bruker.entra_linked",
        by=user,
        obj=user,
        detaljer={"bruker": user.pk, "brukernavn": user.get_username()},
    )
    return user


def link_demo(user: User, provider: str, identifier: str) -> None:
    """The demo's people (manage.py demo_oidc): idempotent."""
    Identitet.objects.get_or_create(
        leverandor=provider,
        nokkel=providers.identity_key(provider, identifier),
        defaults={"bruker": user},
    )


def is_break_glass(user: User) -> bool:
    return user.groups.filter(name=BREAK_GLASS_GROUP).exists()


@transaction.atomic
def set_break_glass(user: User, on: bool, *, by: User | None) -> bool:
    """Mark or unmark ``user`` as break-glass (may log in with a password when password
    login is off for its role). Returns whether anything changed."""
    group, _ = Group.objects.get_or_create(name=BREAK_GLASS_GROUP)
    if on == is_break_glass(user):
        return False
    if on:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    audit(
        "bruker.break_glass_set" if on else "bruker.break_glass_removed",
        by=by,
        obj=user,
        detaljer={"bruker": user.pk, "brukernavn": user.get_username()},
    )
    return True
