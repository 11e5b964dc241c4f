"""The last step of the owners' form, "Se over og send inn": everything stored in the draft,
read-only and step by step with its findings, and the button that sends it in.

What is shown is the stored draft, and "Send inn" names the version shown: when someone
saved after that, the page is shown again instead of sending something nobody looked over.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...record import Behovsmelding as Record
from ..innlogging.fersk import require_fresh_login
from ..viewkit import forbidden, permission, refused
from . import access, services
from . import messages as funnmeldinger
from .fields import CHECKBOXES, JANEI, RADIO, SELECT, step_of_path
from .views import _already_sent, _counts, _draft_or_404, _user, _versjon, form_context, steps


def _shown(f: dict[str, Any]) -> str:
    """A field's answer as text: the chosen options' labels, or what was typed."""
    v = f["value"]
    if f["kind"] == JANEI:
        return {"ja": _("Ja"), "nei": _("Nei")}.get(v, "")
    if f["kind"] in (RADIO, SELECT):
        return str(dict(f["options"]).get(v, ""))
    if f["kind"] == CHECKBOXES:
        return ", ".join(label for k, label in f["options"] if k in v)
    return str(v or "")


def review_steps(
    u: Any, record: Record, ugyldig: dict[str, str], funn: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    out = steps(form_context(u, record, ugyldig), funn, u.aar)
    for s in out:
        for d in s["deler"]:
            for item in d["items"]:
                if "felt" in item:
                    item["felt"]["vis"] = _shown(item["felt"])
                elif "sum" in item:
                    for f in item["sum"]:
                        f["vis"] = _shown(f)
                else:
                    t = item["tabell"]
                    for rad in t["rader"]:
                        rad["vis"] = [
                            (k, _shown(f)) for k, f in zip(t["kolonner"], rad["felt"], strict=True)
                        ]
    return out


def _render(
    request: HttpRequest,
    u: Any,
    *,
    ikke_klar: services.IkkeKlar | None = None,
    endret: bool = False,
    status: int = 200,
) -> HttpResponse:
    record = Record.from_dict(u.data)
    funn = funnmeldinger.for_page(funnmeldinger.findings(record, dict(u.ugyldig)))
    user = _user(request)
    return render(
        request,
        "skjema/se_over.html",
        {
            "u": u,
            "steg": review_steps(u, record, dict(u.ugyldig), funn),
            # Findings no step holds (about the whole behovsmelding) come first.
            "generelle": [
                f for f in funn if not f.get("felt") or step_of_path(f["felt"], u.aar) is None
            ],
            "antall": _counts(funn),
            "versjon": u.versjon,
            "kan_endre": access.can_edit(user, u)[0],
            "kan_sende": access.can_submit(user, u)[0],
            "ikke_klar": funnmeldinger.for_page(ikke_klar.feil) if ikke_klar else None,
            "endret": endret,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission.inside(access.can_submit)
def se_over(request: HttpRequest, pk: int) -> HttpResponse:
    u = _draft_or_404(request, pk)
    if request.method == "GET":
        if u.sendt_inn:
            return _already_sent(request, u)
        return _render(request, u)
    if u.sendt_inn:
        return _already_sent(request, u)
    if refusal := refused(request, access.can_submit(request.user, u)):
        return refusal
    if _versjon(request) != u.versjon:
        return _render(request, u, endret=True, status=409)
    fresh = require_fresh_login(request, reverse("skjema:se-over", args=[u.pk]))
    if fresh is not None:
        return fresh
    try:
        services.submit(u, by=_user(request), versjon=_versjon(request))
    except services.IkkeKlar as e:
        return _render(request, u, ikke_klar=e, status=400)
    except services.UtkastEndret:
        u.refresh_from_db()
        return _render(request, u, endret=True, status=409)
    except services.SkjemaError as e:
        u.refresh_from_db()
        if u.sendt_inn:
            return _already_sent(request, u)
        return forbidden(request, str(e))
    messages.success(request, _("Behovsmeldingen er sendt inn."))
    return redirect("skjema:kvittering", pk=u.pk)
