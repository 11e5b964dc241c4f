"""Letters of a vedtak (list, send, resend), the round's case reference and archive package."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..viewkit import permission, refused
from . import access, arkiv, brev, utsending
from .models import Brev, Versjon
from .views import _download, _runde, _user, _vedtak_versjon


@login_required
@require_GET
@permission.inside(access.can_see_payments)
def brevliste(request: HttpRequest, pk: int) -> HttpResponse:
    v = _vedtak_versjon(request, pk)
    if isinstance(v, HttpResponse):
        return v
    made = {b.nr: b for b in Brev.objects.filter(versjon=v).prefetch_related("utsendinger")}
    rader = []
    for nr, letter in enumerate(brev.brevmottakere(v)):
        b = made.get(nr)
        state, tekst = utsending.status(b) if b is not None else ("ikke_laget", "Ikke sendt")
        rader.append(
            {
                "nr": nr,
                "m": letter,
                "brev": b,
                "status": state,
                "statustekst": tekst,
                "logg": list(b.utsendinger.all()) if b is not None else [],
            }
        )
    nyeste = v.runde.versjoner.filter(type=Versjon.Type.VEDTAK).order_by("-nummer").first()
    return render(
        request,
        "forum/brev.html",
        {
            "versjon": v,
            "runde": v.runde,
            "rader": rader,
            "gjeldende": nyeste is not None and nyeste.pk == v.pk,
        },
    )


@login_required
@require_POST
@permission.inside(access.can_manage)
def send(request: HttpRequest, pk: int) -> HttpResponse:
    v = _vedtak_versjon(request, pk)
    if isinstance(v, HttpResponse):
        return v
    if refusal := refused(request, access.can_manage(request.user)):
        return refusal
    nr_text = request.POST.get("nr", "")
    nr = int(nr_text) if nr_text.isdigit() else None
    if nr is not None and nr >= len(brev.brevmottakere(v)):
        raise Http404("Vedtaket har ingen slik mottaker.")
    try:
        sendt = utsending.send_vedtak(v, by=_user(request), nr=nr)
    except brev.BrevError as e:
        messages.error(request, str(e))
        return redirect("forum-brev", v.pk)
    ok = sum(u.resultat == "sendt" for u in sendt)
    feil = len(sendt) - ok
    if feil:
        messages.error(request, f"{ok} brev sendt, {feil} feilet; se loggen ved brevene.")
    elif sendt:
        messages.success(request, f"{ok} brev sendt.")
    else:
        messages.info(request, "Alle brevene er allerede sendt.")
    return redirect("forum-brev", v.pk)


@login_required
@require_POST
@permission(access.can_manage, after=_runde)
def saksnummer(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    try:
        arkiv.sett_saksnummer(r, request.POST.get("saksnummer", ""), by=_user(request))
    except arkiv.ArkivError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Saksnummeret er lagret.")
    return redirect("forum-runde", r.pk)


@login_required
@require_GET
@permission(access.can_manage, after=_runde)
def arkivpakke(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    pakke = arkiv.lag_pakke(r)
    return _download(pakke.zip(), "application/zip", f"arkiv-{r.aar}-{r.pk}.zip")
