"""Who may see and do what. Permission functions return ``(allowed, reason)``.

Object-level access is one rule: a user sees the behovsmeldinger :func:`visible` returns, and
anything outside that set answers 404, so a URL never reveals that a record exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import (
    EIER_TYPER,
    UH_TYPER,
    Behovsmelding,
    Hendelse,
    Kommentar,
    Medlemskap,
    Medlemsrolle,
    Opplasting,
    Partnerskap,
    Region,
    Rolle,
    Tilgang,
    Virksomhet,
)
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
_MEMBERSHIPS = "_behovsmelding_medlemskap"


def tilgang_for(user: AnyUser) -> Tilgang | None:
    """A staff user's role and region (caseworker, forum); looked up once per user object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE):
        t = Tilgang.objects.filter(bruker_id=user.pk).select_related("region").first()
        setattr(user, _CACHE, t)
    cached: Tilgang | None = getattr(user, _CACHE)
    return cached


def can_see_memberships(user: AnyUser) -> Decision:
    """The page of one's organisations: members of one, and caseworkers."""
    if medlemskap_for(user) or rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return False, "Du er ikke medlem av noen virksomhet i løsningen."


def medlemskap_for(user: AnyUser) -> list[Medlemskap]:
    """The organisations the user works for (with the role there); once per user object."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, _MEMBERSHIPS):
        found = list(
            Medlemskap.objects.filter(bruker_id=user.pk)
            .select_related("virksomhet", "virksomhet__region")
            .order_by("virksomhet__navn", "id")
        )
        setattr(user, _MEMBERSHIPS, found)
    cached: list[Medlemskap] = getattr(user, _MEMBERSHIPS)
    return cached


def forget(user: AnyUser) -> None:
    """Drop what was looked up about ``user`` (after a membership changed in this request)."""
    for name in (_CACHE, _MEMBERSHIPS):
        if hasattr(user, name):
            delattr(user, name)


def eier_virksomheter(user: AnyUser) -> list[Virksomhet]:
    return [m.virksomhet for m in medlemskap_for(user) if m.virksomhet.type in EIER_TYPER]


def uh_virksomheter(user: AnyUser) -> list[Virksomhet]:
    return [m.virksomhet for m in medlemskap_for(user) if m.virksomhet.type in UH_TYPER]


def rolle_for(user: AnyUser) -> str | None:
    """Caseworker or forum from the staff role; Eier or UH from the organisations the user is
    a member of (an owner organisation first)."""
    if getattr(user, "is_superuser", False):
        return Rolle.SAKSBEHANDLER
    t = tilgang_for(user)
    if t is not None:
        return t.rolle
    if eier_virksomheter(user):
        return Rolle.EIER
    if uh_virksomheter(user):
        return Rolle.UH
    return None


def er_administrator(user: AnyUser, v: Virksomhet) -> bool:
    return any(
        m.virksomhet_id == v.pk and m.rolle == Medlemsrolle.ADMINISTRATOR
        for m in medlemskap_for(user)
    )


def partnerskap_for(user: AnyUser) -> QuerySet[Partnerskap]:
    """The partnerships whose owner organisation the user works for."""
    return Partnerskap.objects.filter(
        virksomhet__in=[v.pk for v in eier_virksomheter(user)]
    ).select_related("region", "virksomhet")


def eget_partnerskap(user: AnyUser) -> Partnerskap | None:
    """The partnership an owner's user acts for (drafts, uploads): the first of its owner
    organisations', made in the organisation's region when it has none yet."""
    found = partnerskap_for(user).order_by("region__navn", "id").first()
    if found is not None:
        return found
    from .register import partnerskap_for_virksomhet

    for v in eier_virksomheter(user):
        if v.region is not None:
            return partnerskap_for_virksomhet(v.region, v)
    return None


def _is_national(user: AnyUser) -> bool:
    """A superuser is a caseworker for every region (used for national overviews)."""
    return bool(getattr(user, "is_superuser", False))


def visible(user: AnyUser) -> QuerySet[Behovsmelding]:
    """The behovsmeldinger ``user`` may see: staff those of their region; an owner's people
    those of the partnerships their organisation owns; a UH organisation's people those whose
    UH partner is their organisation (once the owner is settled)."""
    qs = Behovsmelding.objects.all()
    if _is_national(user):
        return qs
    t = tilgang_for(user)
    if t is not None:
        if t.rolle in (Rolle.SAKSBEHANDLER, Rolle.FORUM) and t.region_id is not None:
            return qs.filter(region_id=t.region_id)
        return qs.none()
    eier = [v.pk for v in eier_virksomheter(user)]
    uh = [v.pk for v in uh_virksomheter(user)]
    if not eier and not uh:
        return qs.none()
    cond = Q(pk__in=[])
    if eier:
        cond |= Q(partnerskap__virksomhet__in=eier)
    if uh:
        cond |= Q(institusjon__virksomhet__in=uh, til_avklaring=False)
    return qs.filter(cond)


def visible_uploads(user: AnyUser) -> QuerySet[Opplasting]:
    qs = Opplasting.objects.all()
    if _is_national(user):
        return qs
    t = tilgang_for(user)
    if t is None:
        if not eier_virksomheter(user):
            return qs.none()
        return qs.filter(
            Q(partnerskap__in=partnerskap_for(user).values("pk")) | Q(lastet_opp_av_id=user.pk)
        )
    if t.rolle == Rolle.SAKSBEHANDLER:
        return qs.filter(region=t.region)
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
    if bm.markert:
        return False, (
            f"Behovsmeldingen er markert «{bm.get_markert_display()}» og kan bare leses."
        )
    if to is not None and to not in TRANSITIONS.get(bm.status, frozenset()):
        return False, (
            f"Status kan ikke endres fra «{status_label(bm.status)}» til «{status_label(to)}»."
        )
    return True, ""


def can_mark(user: AnyUser, bm: Behovsmelding) -> Decision:
    """Mark a record withdrawn or a duplicate, or choose whether it is a new version."""
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, (
            "Bare saksbehandlere kan markere en behovsmelding som trukket, duplikat eller ny "
            "versjon."
        )
    return True, ""


def can_comment(user: AnyUser, bm: Behovsmelding) -> Decision:
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, "Bare saksbehandlere kan skrive kommentarer."
    return True, ""


def is_staff(user: AnyUser) -> bool:
    """Statsforvalteren's caseworkers and the forum: they see internal comments and work."""
    return rolle_for(user) in (Rolle.SAKSBEHANDLER, Rolle.FORUM)


def kommentarer_for(user: AnyUser, bm: Behovsmelding) -> QuerySet[Kommentar]:
    """The comments ``user`` may read: all for staff, the shared ones for the partnership."""
    qs = bm.kommentarer.select_related("forfatter")
    return qs if is_staff(user) else qs.filter(delt=True)


# What the partnership sees of a record's history: that it was received, sent in or carried
# forward, its status changes, its owner settled and the decision. Never the forum's working
# steps, internal comments or intermediate amounts.
DELT_HISTORIKK = frozenset(
    {
        "behovsmelding.received",
        "behovsmelding.sent_in",
        "behovsmelding.carried_forward_from",
        "behovsmelding.changed_since_last_year",
        "behovsmelding.status_changed",
        "behovsmelding.owner_settled",
        "behovsmelding.comment_shared",
        "behovsmelding.vedtak_made",
        "behovsmelding.letter_sent",
    }
)


def hendelser_for(user: AnyUser, bm: Behovsmelding) -> QuerySet[Hendelse]:
    qs = bm.hendelser.select_related("bruker")
    return qs if is_staff(user) else qs.filter(type__in=DELT_HISTORIKK)


def historikk_sprak(user: AnyUser, bm: Behovsmelding) -> str:
    """The language a user reads a record's history in: the partnership's in the owner's
    målform (``nn`` or ``nb``), Statsforvalteren's people in bokmål."""
    if is_staff(user):
        return "nb"
    eier = bm.partnerskap.virksomhet if bm.partnerskap_id else None
    return eier.maalform if eier is not None else "nb"


def can_settle_owner(user: AnyUser, bm: Behovsmelding) -> Decision:
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, "Bare saksbehandlere kan avklare hvem som er eier."
    return True, ""


def can_see_register(user: AnyUser) -> Decision:
    if rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return False, "Virksomhetsregisteret er for Statsforvalterens saksbehandlere."


def can_manage_register(user: AnyUser) -> Decision:
    return can_see_register(user)


def virksomheter_i_regionen(user: AnyUser) -> QuerySet[Virksomhet]:
    """The organisations a caseworker works with: those of the region, and those that are the
    owner or the UH partner of a behovsmelding or an owners' draft in the region."""
    if _is_national(user):
        return Virksomhet.objects.all()
    t = tilgang_for(user)
    if t is None or t.rolle != Rolle.SAKSBEHANDLER or t.region_id is None:
        return Virksomhet.objects.none()
    return Virksomhet.objects.filter(
        Q(region_id=t.region_id)
        | Q(partnerskap__region_id=t.region_id)
        | Q(institusjoner__behovsmeldinger__region_id=t.region_id)
        | Q(skjema_utkast__partnerskap__region_id=t.region_id)
    ).distinct()


def can_invite_to(user: AnyUser, v: Virksomhet) -> Decision:
    """An organisation's administrator invites into that organisation only; a caseworker into
    any organisation of the region."""
    if virksomheter_i_regionen(user).filter(pk=v.pk).exists():
        return True, ""
    if er_administrator(user, v):
        return True, ""
    return False, "Du kan bare invitere personer til din egen virksomhet."


def can_recheck(user: AnyUser, bm: Behovsmelding) -> Decision:
    if rolle_for(user) != Rolle.SAKSBEHANDLER:
        return False, "Bare saksbehandlere kan kjøre kontrollene på nytt."
    return True, ""


def can_see_contacts(user: AnyUser, bm: Behovsmelding) -> Decision:
    """Contact details are personal data: the partnership's own users and Statsforvalteren."""
    if rolle_for(user) == Rolle.FORUM:
        return False, "Kontaktopplysninger vises bare for partnerskapet og Statsforvalteren."
    return True, ""


KONTAKTFELT = "kontaktpersoner"


def can_see_contacts_in(user: AnyUser) -> bool:
    """Whether ``user`` sees contact details in what spans many records (exports)."""
    return rolle_for(user) != Rolle.FORUM


def synlige_funn(funn: list[dict[str, str]], *, kontakter: bool) -> list[dict[str, str]]:
    """The findings to show: without contact details, none that is about a contact field
    (their messages quote phone numbers, e-mails and account numbers)."""
    if kontakter:
        return funn
    return [f for f in funn if not (f.get("felt") or "").startswith(KONTAKTFELT)]


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
    if t is not None:
        scope = str(t.region or "")
    else:
        scope = ", ".join(m.virksomhet.navn for m in medlemskap_for(user))
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


def regioner_for(user: AnyUser, also: int | None = None) -> QuerySet[Region]:
    """The regions a caseworker may give an organisation: their own (all for a superuser),
    and ``also`` (the one it has)."""
    if getattr(user, "is_superuser", False):
        return Region.objects.all()
    t = tilgang_for(user)
    ids = {x for x in (t.region_id if t else None, also) if x is not None}
    return Region.objects.filter(pk__in=ids)
