"""The attachments' pages: upload to a draft, download, delete (``vedlegg.py`` does the work).

Without scripts the upload is a plain multipart form: success goes back to the form page,
an error shows the form page again with the message at the file field (400). With scripts
(``vedlegg.js``) the same forms are posted with ``X-Vedlegg-Del: 1`` and answered with the
attachments' part of the page only, which replaces the old one (no page load).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..viewkit import forbidden
from . import access, filtyper, vedlegg
from .models import Utkast, Vedlegg
from .services import SkjemaError

PARTIAL = "skjema/_vedlegg.html"


def context(user: Any, u: Utkast, *, feil: str = "", melding: str = "") -> dict[str, Any]:
    """What the attachments' part of the form page shows (``_vedlegg.html``)."""
    liste = vedlegg.lines(u)
    kan_endre = access.can_change_attachments(user, u)[0]
    return {
        "liste": liste,
        "valg": vedlegg.tiltak_choices(u) if kan_endre else [],
        "kan_endre": kan_endre,
        "fullt": len(liste) >= vedlegg.maks_antall(),
        "maks_mb": vedlegg.maks_mb(),
        "maks_antall": vedlegg.maks_antall(),
        "feil": feil,
        "melding": melding,
        "accept": ",".join(
            [t.endelse for t in filtyper.TYPER.values()]
            + [t.mimetype for t in filtyper.TYPER.values()]
        ),
    }


def _partial(request: HttpRequest) -> bool:
    return request.headers.get("X-Vedlegg-Del") == "1"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _answer(request: HttpRequest, u: Utkast, *, feil: str = "", melding: str = "") -> HttpResponse:
    status = 400 if feil else 200
    if _partial(request):
        return render(
            request,
            PARTIAL,
            {"u": u, "vedlegg": context(request.user, u, feil=feil, melding=melding)},
            status=status,
        )
    if feil:
        from .views import render_form_with_attachment_error

        return render_form_with_attachment_error(request, u, feil)
    messages.success(request, melding)
    return redirect(reverse("skjema:utkast", args=[u.pk]) + "#vedlegg")


@login_required
@require_POST
def last_opp(request: HttpRequest, pk: int) -> HttpResponse:
    u = get_object_or_404(access.drafts_for(request.user), pk=pk)
    allowed, reason = access.can_change_attachments(request.user, u)
    if not allowed:
        return forbidden(request, reason)
    fil = request.FILES.get("fil")
    if fil is None:
        return _answer(request, u, feil=_("Velg en fil å laste opp."))
    try:
        v = vedlegg.upload(
            u,
            filnavn=fil.name or "",
            innhold=fil,
            storrelse=fil.size or 0,
            rad=request.POST.get("gjelder", "").strip(),
            by=_user(request),
        )
    except SkjemaError as e:
        return _answer(request, u, feil=str(e))
    return _answer(request, u, melding=_("«%(navn)s» er lastet opp.") % {"navn": v.filnavn})


@login_required
@require_POST
def slett(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(
        Vedlegg.objects.filter(utkast__in=access.drafts_for(request.user).values("pk")), pk=pk
    )
    u = v.utkast
    try:
        vedlegg.delete(v, by=_user(request))
    except SkjemaError as e:
        return forbidden(request, str(e))
    return _answer(request, u, melding=_("«%(navn)s» er slettet.") % {"navn": v.filnavn})


@login_required
@require_GET
def last_ned(request: HttpRequest, pk: int) -> FileResponse | HttpResponse:
    v = get_object_or_404(access.attachments_for(request.user), pk=pk)
    allowed, reason = access.can_download_attachment(request.user)
    if not allowed:
        return forbidden(request, reason)
    return send_file(vedlegg.path_of(v), v.filnavn, v.filtype)


def send_file(path: Path, filnavn: str, filtype: str) -> FileResponse:
    """A stored attachment as a download under its own name, its type from the content it was
    checked for, never sniffed and never cached."""
    if not path.exists():
        raise Http404(_("Vedlegget finnes ikke lenger på disken."))
    t = filtyper.TYPER.get(filtype)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=filnavn,
        content_type=t.mimetype if t else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
