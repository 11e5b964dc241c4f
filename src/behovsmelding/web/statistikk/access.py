"""Who may see the statistics and keep the themes. Permission functions return
``(allowed, reason)``; the tiltak a user sees are those of the rounds of the user's region
(:func:`behovsmelding.web.forum.access.runder_for`), anything else answers 404."""

from __future__ import annotations

from django.db.models import QuerySet

from ..access import AnyUser, Decision, rolle_for
from ..forum.access import runder_for
from ..forum.models import Post
from ..models import Rolle


def can_view(user: AnyUser) -> Decision:
    if rolle_for(user) in (Rolle.SAKSBEHANDLER, Rolle.FORUM):
        return True, ""
    return False, "Statistikken er for Statsforvalteren og samarbeidsforumet."


def can_manage_themes(user: AnyUser) -> Decision:
    if rolle_for(user) == Rolle.SAKSBEHANDLER:
        return True, ""
    return False, "Bare saksbehandlere kan endre temaene."


def poster_for(user: AnyUser) -> QuerySet[Post]:
    """The tiltak of the rounds the user may see (the region's; none for owners and UH)."""
    return Post.objects.filter(runde__in=runder_for(user).values("pk"))
