"""Limits on one upload request: how many files, how many bytes in all, how big one file.

Views marked :func:`begrenset` get this from :class:`Middleware`, which sits before Django's CSRF
middleware (the first to read a POST body): a request over the total is refused from its
``Content-Length`` before any of it is read. The body is otherwise streamed: small files in
memory, larger ones to a temporary file on disk (Django's ``FILE_UPLOAD_MAX_MEMORY_SIZE``), and
:class:`Grensevakt` sits first among the upload handlers, so that

- a file that grows past the readers' size limit (``readers.limits``) stops being stored at
  that point: it is named in the report as "for stor", never held whole;
- one file more than the count allowed stops the request, and nothing of it is stored.

The upload view (``views.last_opp``) then reads the accepted files one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..readers.limits import MB, active
from . import access
from .viewkit import forbidden

V = TypeVar("V", bound=Callable[..., HttpResponse])
ATTR = "_opplastingsgrenser"


@dataclass(frozen=True, slots=True)
class Grenser:
    max_files: int
    max_total_bytes: int
    max_file_bytes: int


def grenser() -> Grenser:
    return Grenser(
        max_files=int(settings.BEHOVSMELDING_OPPLASTING_MAKS_FILER),
        max_total_bytes=int(settings.BEHOVSMELDING_OPPLASTING_MAKS_MB) * MB,
        max_file_bytes=active().max_file_bytes,
    )


def for_stor_melding(request: HttpRequest, g: Grenser) -> str:
    """The message when the request as a whole is over the limit (from its Content-Length),
    else ""."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= g.max_total_bytes:
        return ""
    return (
        f"Opplastingen er for stor ({_mb(length)} MB; grensen er {_mb(g.max_total_bytes)} MB "
        "for én opplasting). Last opp filene i flere omganger."
    )


def for_mange_filer(g: Grenser) -> str:
    return (
        f"Du kan laste opp høyst {g.max_files} filer om gangen. Ingen filer er lagret; "
        "last opp filene i flere omganger."
    )


@dataclass
class Utfall:
    """What the guard saw: files it refused as too big (name, message), and whether it stopped
    the request for too many files."""

    for_store: list[tuple[str, str]] = field(default_factory=list)
    for_mange: bool = False


class Grensevakt(FileUploadHandler):
    """First upload handler: counts files and bytes as they stream in (see the module)."""

    def __init__(self, request: HttpRequest, g: Grenser, utfall: Utfall) -> None:
        super().__init__(request)
        self.g = g
        self.utfall = utfall
        self.files = 0
        self.size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files += 1
        self.size = 0
        if self.files > self.g.max_files:
            self.utfall.for_mange = True
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        if self.size > self.g.max_file_bytes:
            self.utfall.for_store.append(
                (
                    self.file_name or "uten-navn",
                    f"filen er for stor (over {_mb(self.g.max_file_bytes)} MB; grensen er "
                    f"{_mb(self.g.max_file_bytes)} MB)",
                )
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def begrenset(view: V) -> V:
    """Mark an upload view: its POSTs get the limits (see the module)."""
    setattr(view, ATTR, True)
    return view


def utfall(request: HttpRequest) -> Utfall:
    """What the guard saw on this request (for a view marked :func:`begrenset`)."""
    u = getattr(request, ATTR, None)
    if not isinstance(u, Utfall):
        raise ImproperlyConfigured(
            "behovsmelding.web.opplastingsgrenser.Middleware mangler i MIDDLEWARE "
            "(før CsrfViewMiddleware)"
        )
    return u


def side(request: HttpRequest, feil: str = "", status: int = 200) -> HttpResponse:
    """The upload page, with ``feil`` as its error message."""
    if feil:
        messages.error(request, feil)
    return render(request, "web/last_opp.html", {"grenser": grenser()}, status=status)


class Middleware:
    """Puts :class:`Grensevakt` in place for the POSTs of views marked :func:`begrenset`, and
    refuses one over the total from its length, before the body is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or not getattr(view, ATTR, False):
            return None
        g = grenser()
        too_big = for_stor_melding(request, g)
        if too_big:
            # The view's own guards, here, as the view is not called: nothing is read or done.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed, reason = access.can_upload(request.user)
            if not allowed:
                return forbidden(request, reason)
            return side(request, too_big, status=413)
        u = Utfall()
        setattr(request, ATTR, u)
        request.upload_handlers.insert(0, Grensevakt(request, g, u))
        return None


def _mb(n: int) -> str:
    return f"{n / MB:.0f}" if n >= 10 * MB else f"{n / MB:.1f}".replace(".", ",")
