"""What every view module needs: the one way to ask the access modules whether the user may
see or do what a view does (:func:`permission`, :func:`refused`, :func:`public`), the acting
user, the refusal page, a chosen object's id, a download's file name.

Every view a URL names is wrapped by :func:`permission` (the check is a function of
``web/access.py``, ``web/skjema/access.py``, ``web/forum/access.py`` or ``web/medlemskap.py``
returning ``(allowed, reason)``) or :func:`public`; a check that must run inside the view's
transaction, on the locked object, is marked ``@permission.inside(check)`` and done with
:func:`refused`. ``tests/security/test_view_permissions.py`` walks the URL resolver to hold
every view to this."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any, BinaryIO, TypeVar
from urllib.parse import quote

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string

M = TypeVar("M", bound=Model)
V = TypeVar("V", bound=Callable[..., Any])
Decision = tuple[bool, str]

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


def refused(request: HttpRequest, decision: Decision) -> HttpResponse | None:
    """The refusal page for a ``(allowed, reason)`` that says no; None when allowed."""
    allowed, reason = decision
    return None if allowed else forbidden(request, reason)


class _Permission:
    """``@permission(check)``: ``check(user)`` before the view runs; ``@permission(check,
    load=loader)``: ``check(user, loader(request, **kwargs))`` (a loader answers 404 for what
    the user may not see, so ``@permission(None, load=loader)`` is "may see this").
    ``@permission.inside(check)``: the view itself checks with :func:`refused`, on the object
    it has locked."""

    def __call__(
        self,
        check: Callable[..., Decision] | None,
        *,
        load: Callable[..., Any] | None = None,
        after: Callable[..., Any] | None = None,
    ) -> Callable[[V], V]:
        """``after=loader``: the loader first (404 for what the user may not see), then
        ``check(user)``."""
        if check is None and load is None:
            raise ValueError("permission(None) without a loader checks nothing")

        def wrap(view: V) -> V:
            @wraps(view)
            def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                if after is not None:
                    after(request, *args, **kwargs)
                if load is None:
                    assert check is not None
                    decision = check(request.user)
                else:
                    obj = load(request, *args, **kwargs)
                    decision = check(request.user, obj) if check is not None else (True, "")
                if refusal := refused(request, decision):
                    return refusal
                return view(request, *args, **kwargs)

            checked.tilgang = _name(check) if check is not None else f"synlig: {_name(load)}"  # type: ignore[attr-defined]
            return checked  # type: ignore[return-value]

        return wrap

    def inside(self, check: Callable[..., Decision]) -> Callable[[V], V]:
        def mark(view: V) -> V:
            view.tilgang = f"i viewet: {_name(check)}"  # type: ignore[attr-defined]
            return view

        return mark


permission = _Permission()


def public(reason: str) -> Callable[[V], V]:
    """A view anyone may open (login, an invitation's link): ``reason`` says why."""

    def mark(view: V) -> V:
        view.tilgang = f"åpen: {reason}"  # type: ignore[attr-defined]
        return view

    return mark


def _name(f: Any) -> str:
    return f"{getattr(f, '__module__', '')}.{getattr(f, '__qualname__', repr(f))}"


def chosen(request: HttpRequest, name: str, choices: QuerySet[M]) -> M | None:
    """The object among ``choices`` whose id the form posted as ``name``; None for anything
    else (missing, not a number, too long, not among the choices)."""
    raw = request.POST.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_ID_DIGITS:
        return None
    return choices.filter(pk=int(raw)).first()


# Norwegian letters a plain-ASCII file name spells out rather than drops.
_ASCII_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})


def ascii_filename(name: str) -> str:
    """A file name an old client can take: "Bodø kommune.pdf" → "Bodo kommune.pdf"."""
    plain = unicodedata.normalize("NFKD", name.translate(_ASCII_LETTERS))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9._ -]+", "-", plain).strip(" .-")
    return plain or "fil"


def content_disposition(filename: str) -> str:
    """``attachment`` with the name in UTF-8 (RFC 6266 ``filename*``, RFC 5987 encoding) and a
    plain-ASCII ``filename`` for clients that do not read ``filename*`` (Django's own header
    gives only one of the two)."""
    return (
        f'attachment; filename="{ascii_filename(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def download(f: BinaryIO, filename: str, content_type: str | None = None) -> FileResponse:
    """A file sent as an attachment under ``filename``, its letters kept."""
    response = FileResponse(f, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response
