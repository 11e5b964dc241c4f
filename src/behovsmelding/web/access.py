"""Who may see and do what. Permission functions return ``(allowed, reason)``.

Object-level access is one rule: a user sees the behovsmeldinger :func:`visible` returns, and
anything outside that set answers 404, so a URL never reveals that a record exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import Behovsmelding, Opplasting, Rolle, Tilgang
from .workflow import TRANSITIONS, status_label

AnyUser = AbstractBaseUser | AnonymousUser
Decision = tuple[bool, str]

ROLE_DESCRIPTIONS = {
    Rolle.SAKSBEHANDLER: "ser alle behovsmeldinger i regionen og behandler dem",
    Rolle.EIER: "ser bare egne behovsmeldinger",
    Rolle.UH: "ser behovsmeldinger der institusjonen er partner",
    Rolle.FORUM: "kan lese behovsmeldingene i regionen",
}


_CACHE = "_behovsmelding_tilgang"


def tilgang_for(user: AnyUser) -> Tilgang | None:
    """The user's role; looked up once per user object (that is, once per request)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE):
        t = (
            Tilgang.objects.filter(bruker_id=user.pk)
            .select_related("region", "partnerskap", "institusjon")
            .first()
        )
        setattr(user, _CACHE, t)
    cached: Tilgang | None = getattr(user, _CACHE)
    return cached


def rolle_for(user: AnyUser) -> str | None:
    if getattr(user, "is_superuser", False):
        return Rolle.SAKSBEHANDLER
    t = tilgang_for(user)
    return t.rolle if t is not None else None


def _is_national(user: AnyUser) -> bool:
    """A superuser is a caseworker for every region (used for national overviews)."""
    return bool(getattr(user, "is_superuser", False))


def visible(user: AnyUser) -> QuerySet[Behovsmelding]:
    """The behovsmeldinger ``user`` may see."""
    qs = Behovsmelding.objects.all()
    if _is_national(user):
        return qs
    t = tilgang_for(user)
    if t is None:
        return qs.none()
    if t.rolle in (Rolle.SAKSBEHANDLER, Rolle.FORUM) and t.region is not None:
        return qs.filter(region=t.region)
    if t.rolle == Rolle.EIER and t.partnerskap_id is not None:
        return qs.filter(partnerskap_id=t.partnerskap_id)
    if t.rolle == Rolle.UH and t.institusjon_id is not None:
        return qs.filter(institusjon_id=t.institusjon_id)
    return qs.none()


def visible_uploads(user: AnyUser) -> QuerySet[Opplasting]:
    qs = Opplasting.objects.all()
    if _is_national(user):
        return qs
    t = tilgang_for(user)
    if t is None:
        return qs.none()
    if t.rolle == Rolle.SAKSBEHANDLER:
        return qs.filter(region=t.region)
    if t.rolle == Rolle.EIER:
        return qs.filter(Q(partnerskap_id=t.partnerskap_id) | Q(lastet_opp_av_id=user.pk))
    return qs.filter(lastet_opp_av_id=user.pk)


def can_view_overview(user: AnyUser) -> Decision:
    if rolle_for(user) is None:
        return False, "Brukeren har ingen rolle i løsningen."
    return True, ""


def can_upload(user: AnyUser) -> Decision:
    rolle = rolle_for(user)
    if rolle == Rolle.SAKSBEHANDLER:
        return True, ""
    if rolle == Rolle.EIER:
        return True, ""
    return False, "Bare saksbehandlere og eiere kan laste opp behovsmeldinger."


def can_change_status(user: AnyUser, bm: Behovsmelding, to: str | None = None) -> Decision:
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, "Bare saksbehandlere kan endre status."
    if to is not None and to not in TRANSITIONS.get(bm.status, frozenset()):
        return False, (
            f"Status kan ikke endres fra «{status_label(bm.status)}» til «{status_label(to)}»."
        )
    return True, ""


def can_comment(user: AnyUser, bm: Behovsmelding) -> Decision:
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, "Bare saksbehandlere kan skrive kommentarer."
    return True, ""


def can_recheck(user: AnyUser, bm: Behovsmelding) -> Decision:
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, "Bare saksbehandlere kan kjøre kontrollene på nytt."
    return True, ""


def can_see_contacts(user: AnyUser, bm: Behovsmelding) -> Decision:
    """Contact details are personal data: the partnership's own users and Statsforvalteren."""
    if rolle_for(user) == Rolle.FORUM:
        return False, "Kontaktopplysninger vises bare for partnerskapet og Statsforvalteren."
    return True, ""


def can_download_original(user: AnyUser, bm: Behovsmelding) -> Decision:
    if bm.original_id is None:
        return False, "Behovsmeldingen har ingen opplastet originalfil."
    allowed, _ = can_see_contacts(user, bm)
    if not allowed:
        return False, "Originalfilen inneholder kontaktopplysninger og vises ikke for forumet."
    return True, ""


def can_export_json(user: AnyUser) -> Decision:
    """JSON holds the whole record, contact details included."""
    if rolle_for(user) == Rolle.FORUM:
        return False, "JSON-eksporten inneholder kontaktopplysninger og er ikke tilgjengelig."
    return True, ""


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the user's role, for the menu."""
    user = request.user
    rolle = rolle_for(user)
    label = Rolle(rolle).label if rolle else ""
    t = tilgang_for(user)
    scope = ""
    if t is not None:
        scope = str(t.partnerskap or t.institusjon or t.region or "")
    return {
        "rolle": rolle,
        "rolle_navn": label,
        "rolle_omfang": scope,
        "kan_laste_opp": can_upload(user)[0],
    }


def display_name(user: User | None) -> str:
    if user is None:
        return "ukjent"
    return user.get_full_name() or user.get_username()
