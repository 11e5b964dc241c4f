"""What every view module needs: the acting user, the refusal page, a chosen object's id."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string

M = TypeVar("M", bound=Model)

# A primary key is a 64-bit integer: a longer digit string is no id (and would overflow).
_MAX_ID_DIGITS = 18


def acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required guarantees it
    return user


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    """403 with the reason, in the application's page."""
    html = render_to_string("web/ingen_tilgang.html", {"grunn": reason}, request=request)
    return HttpResponseForbidden(html)


def chosen(request: HttpRequest, name: str, choices: QuerySet[M]) -> M | None:
    """The object among ``choices`` whose id the form posted as ``name``; None for anything
    else (missing, not a number, too long, not among the choices)."""
    raw = request.POST.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_ID_DIGITS:
        return None
    return choices.filter(pk=int(raw)).first()
