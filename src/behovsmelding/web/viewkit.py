"""What every view module needs: the acting user, the refusal page, a chosen object's id, a
download's file name."""

from __future__ import annotations

import re
import unicodedata
from typing import BinaryIO, TypeVar
from urllib.parse import quote

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
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
