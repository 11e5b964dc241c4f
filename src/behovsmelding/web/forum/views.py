"""Typed function views for rounds: they check access, call a service, and render."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ... import belop, forum_calc
from ...record import MAKS_BELOP
from ..innlogging.fersk import require_fresh_login
from ..models import UH_TYPER, Ordning, Region, Virksomhet
from ..viewkit import acting_user, forbidden, permission, refused
from . import access, exporters, services, snapshot
from .models import Post, Runde, Sektor, Versjon

STATUS_VALG = [
    (forum_calc.IKKE_VURDERT, "Ikke vurdert"),
    (forum_calc.PRIORITERT, "Prioritert"),
    (forum_calc.IKKE_PRIORITERT, "Ikke prioritert"),
]
VEDTAK_VALG = [
    (forum_calc.IKKE_VURDERT, "Ikke avgjort"),
    (forum_calc.PRIORITERT, "Innvilget"),
    (forum_calc.IKKE_PRIORITERT, "Avslått"),
]
_AMOUNT = re.compile(r"^\d+$")


_user = acting_user
_forbidden = forbidden


def _runde(request: HttpRequest, pk: int) -> Runde:
    return get_object_or_404(access.runder_for(request.user), pk=pk)


def _versjon(request: HttpRequest, pk: int) -> Versjon:
    return get_object_or_404(
        Versjon.objects.filter(runde__in=access.runder_for(request.user)).select_related("runde"),
        pk=pk,
    )


def parse_kroner(text: str) -> int | None:
    """``"200 000"``, ``"200.000"``, ``"200 000 kr"`` → 200000; "" → 0; None when not an
    amount (``belop.parse``)."""
    try:
        value = belop.parse(text, maks=None)  # the services name the limit
    except ValueError:
        return None
    return 0 if value is None else value


@dataclass
class Kort:
    """One post on the prioritisation or decision page, with what the form shows."""

    post: Post
    ramme: str
    status: str
    eier: list[str]
    uh: list[str]
    begrunnelse: str
    aar: list[int]
    egenandel: str = ""
    anbefalt: dict[str, Any] | None = None
    feil: list[str] = field(default_factory=list)
    # The version the form is based on (services.versjon_av); a stale save is refused.
    versjon: str = ""
    konflikt: bool = False

    @property
    def felter(self) -> list[tuple[int, int, str, str]]:
        return [(i, a, self.eier[i], self.uh[i]) for i, a in enumerate(self.aar)]


def _kort(runde: Runde, kilde: str, data: QueryDict | None) -> list[Kort]:
    rammer = [r.calc() for r in runde.rammer.all()]
    innstilling = services.siste_versjon(runde, Versjon.Type.INNSTILLING)
    out = []
    poster: QuerySet[Post] = (
        runde.poster.filter(aktiv=True)
        .select_related(kilde, "behovsmelding")
        .order_by("nettverk", "eier_navn", "behovsmelding_id", "kilde", "indeks")
    )
    for p in poster:
        current = getattr(p, kilde, None)
        c = services.calc_post(p, current)
        r = forum_calc.ramme_for(c, rammer)
        n = p.antall_aar

        def pad(values: list[int] | tuple[int, ...], n: int = n) -> list[str]:
            out = [str(v) for v in values][:n]
            return out + [""] * (n - len(out))

        k = Kort(
            post=p,
            ramme=r.key if r else "",
            status=c.status,
            eier=pad(c.eier),
            uh=pad(c.uh),
            begrunnelse=c.begrunnelse,
            aar=p.aar_liste,
            egenandel=str(current.egenandel)
            if kilde == "vedtak" and current is not None and current.egenandel is not None
            else "",
            anbefalt=snapshot.post_i(innstilling.innhold, p.pk) if innstilling else None,
            versjon=services.versjon_av(current),
        )
        if data is not None:
            pre = f"p-{p.pk}-"
            # Without a version (an older page) nothing is checked.
            k.versjon = data.get(pre + "versjon", "")
            k.status = data.get(pre + "status", k.status)
            k.eier = [data.get(f"{pre}eier-{i}", "") for i in range(n)]
            k.uh = [data.get(f"{pre}uh-{i}", "") for i in range(n)]
            k.begrunnelse = data.get(pre + "begrunnelse", "")
            k.egenandel = data.get(pre + "egenandel", "")
        out.append(k)
    return out


def _lagre(request: HttpRequest, kort: list[Kort], kilde: str) -> int:
    """Save every post of the form; errors stay on their cards. Returns how many changed."""
    user = _user(request)
    endret = 0
    for k in kort:
        eier = [parse_kroner(v) for v in k.eier]
        uh = [parse_kroner(v) for v in k.uh]
        egen = parse_kroner(k.egenandel) if k.egenandel.strip() else None
        if None in eier or None in uh or (k.egenandel.strip() and egen is None):
            k.feil.append("Skriv beløpene som hele kroner, for eksempel 200 000.")
            continue
        if any(v is not None and v > MAKS_BELOP for v in [*eier, *uh, egen]):
            k.feil.append(f"Et beløp kan ikke være over {forum_calc.kr(MAKS_BELOP)}.")
            continue
        basert_paa = k.versjon or None
        try:
            if kilde == "prioritering":
                changed = services.sett_prioritering(
                    k.post,
                    status=k.status,
                    eier=[e or 0 for e in eier],
                    uh=[u or 0 for u in uh],
                    begrunnelse=k.begrunnelse,
                    by=user,
                    basert_paa=basert_paa,
                )
            else:
                changed = services.sett_vedtak(
                    k.post,
                    status=k.status,
                    eier=[e or 0 for e in eier],
                    uh=[u or 0 for u in uh],
                    begrunnelse=k.begrunnelse,
                    egenandel=egen,
                    by=user,
                    basert_paa=basert_paa,
                )
            endret += int(changed)
        except services.Utdatert as e:
            k.feil.append(str(e))
            k.versjon, k.konflikt = e.versjon, True
        except services.ForumError as e:
            k.feil.append(str(e).removeprefix(f"{k.post.tittel}: "))
    return endret


def _side(
    request: HttpRequest, runde: Runde, kilde: str, kort: list[Kort], **extra: Any
) -> HttpResponse:
    totaler = (
        services.innstilling_totaler(runde)
        if kilde == "prioritering"
        else services.vedtak_totaler(runde)
    )
    nettverk = sorted({k.post.nettverk or "Uten nettverk" for k in kort})
    uh = sorted({k.post.uh_navn or "UH ikke oppgitt" for k in kort if k.post.soekt_uh})
    context = {
        "runde": runde,
        "kilde": kilde,
        "kort": kort,
        "totaler": totaler,
        "nettverk": [(n, totaler.per_nettverk.get(n)) for n in nettverk],
        "uh_liste": [(n, totaler.per_uh.get(n)) for n in uh],
        "valg": STATUS_VALG if kilde == "prioritering" else VEDTAK_VALG,
        "har_feil": any(k.feil for k in kort),
        "aar": [runde.aar + i for i in range(forum_calc.MAKS_AAR)],
        **extra,
    }
    # A form with errors is shown again with 200, as Django forms are: the browser should not
    # log it as a failed request.
    return render(request, "forum/poster.html", context)


# --- pages ----------------------------------------------------------------------------------


@login_required
@require_GET
@permission(access.can_view)
def runder(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    return render(
        request,
        "forum/runder.html",
        {
            "runder": access.runder_for(request.user),
            "kan_styre": access.can_manage(request.user)[0],
            "forslag_aar": today.year + 1,
            "regioner": Region.objects.all() if access.region_for(request.user) is None else [],
        },
    )


@login_required
@require_POST
@permission(access.can_manage)
def ny_runde(request: HttpRequest) -> HttpResponse:
    region = access.region_for(request.user)
    if region is None:
        region = get_object_or_404(Region, pk=request.POST.get("region") or 0)
    try:
        aar = int(request.POST.get("aar", ""))
        frist = dt.date.fromisoformat(request.POST.get("frist", ""))
        innst = dt.date.fromisoformat(request.POST.get("innstilling_frist", ""))
        runde = services.opprett_runde(
            region, aar, frist=frist, innstilling_frist=innst, by=_user(request)
        )
    except ValueError:
        messages.error(request, "Skriv år og datoer (åååå-mm-dd).")
        return redirect("forum-runder")
    except services.ForumError as e:
        messages.error(request, str(e))
        return redirect("forum-runder")
    messages.success(
        request, f"Runden for {runde.aar} er opprettet med {runde.poster.count()} tiltak."
    )
    return redirect("forum-runde", runde.pk)


@login_required
@require_GET
@permission(None, load=_runde)
def runde(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    versjoner = list(r.versjoner.all())
    return render(
        request,
        "forum/runde.html",
        {
            "runde": r,
            "rammer": services.innstilling_totaler(r).rammer,
            "antall_poster": r.poster.filter(aktiv=True).count(),
            "innstillinger": [v for v in versjoner if v.type == Versjon.Type.INNSTILLING],
            "vedtak": [v for v in versjoner if v.type == Versjon.Type.VEDTAK],
            "historikk": services.historikk(r),
            "kan_styre": access.can_manage(request.user)[0],
            "kan_prioritere": access.can_prioritise(request.user)[0],
            "kan_se_utbetaling": access.can_see_payments(request.user)[0],
            "ordninger": [
                (o.value, o.label)
                for o in Ordning
                if (o in services.LOKALE_ORDNINGER) == r.per_ordning and o not in (Ordning.UKJENT,)
            ],
            "sektorer": Sektor.choices,
        },
    )


@login_required
@require_POST
@permission(access.can_manage, after=_runde)
def ramme(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    belop = parse_kroner(request.POST.get("belop", ""))
    if belop is None:
        messages.error(request, "Skriv rammen som hele kroner.")
        return redirect("forum-runde", r.pk)
    if belop > MAKS_BELOP:
        messages.error(request, f"Rammen kan ikke være over {forum_calc.kr(MAKS_BELOP)}.")
        return redirect("forum-runde", r.pk)
    try:
        services.sett_ramme(
            r,
            navn=request.POST.get("navn", ""),
            ordning=request.POST.get("ordning", ""),
            sektor=request.POST.get("sektor", ""),
            belop=belop,
            by=_user(request),
        )
    except services.ForumError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Rammen er satt til {forum_calc.kr(belop)}.")
    return redirect("forum-runde", r.pk)


@login_required
@require_POST
@permission(access.can_manage, after=_runde)
def oppdater(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    ny, endret, borte = services.oppdater_poster(r, by=_user(request))
    messages.success(
        request, f"Tiltakene er hentet på nytt: {ny} nye, {endret} oppdatert, {borte} borte."
    )
    return redirect("forum-runde", r.pk)


@login_required
@require_http_methods(["GET", "POST"])
@permission(access.can_prioritise, after=_runde)
def prioritering(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    if request.method == "GET":
        return _side(request, r, "prioritering", _kort(r, "prioritering", None))
    kort = _kort(r, "prioritering", request.POST)
    endret = _lagre(request, kort, "prioritering")
    if any(k.feil for k in kort):
        messages.error(request, _ikke_lagret(kort, "tiltak", request.POST.get("handling", "")))
        return _side(request, r, "prioritering", kort)
    if request.POST.get("handling") == "fullfor":
        try:
            v = services.fullfor_innstilling(r, by=_user(request))
        except services.ForumError as e:
            messages.error(request, str(e))
            return _side(request, r, "prioritering", _kort(r, "prioritering", None))
        messages.success(request, f"Innstillingen er fullført som versjon {v.nummer}.")
        return redirect("forum-runde", r.pk)
    messages.success(request, f"Lagret ({endret} tiltak endret).")
    return redirect("forum-prioritering", r.pk)


@login_required
@require_http_methods(["GET", "POST"])
@permission(access.can_manage, after=_runde)
def vedtak(request: HttpRequest, pk: int) -> HttpResponse:
    r = _runde(request, pk)
    innstilling = services.siste_versjon(r, Versjon.Type.INNSTILLING)
    extra = {
        "innstilling": innstilling,
        "egenandel_andel": exporters.egenandel_prosent(),
        "uh_mangler": services.uh_uten_institusjon(r),
        "uh_valg": Virksomhet.objects.filter(type__in=UH_TYPER).order_by("navn"),
    }
    if request.method == "POST" and innstilling is None:
        messages.error(request, "Vedtaket kan ikke registreres før innstillingen er fullført.")
    if request.method == "GET" or innstilling is None:
        return _side(request, r, "vedtak", _kort(r, "vedtak", None), **extra)
    if request.POST.get("handling") == "som_innstilt":
        n = services.vedtak_som_innstilt(r, by=_user(request))
        messages.success(request, f"{n} tiltak er fylt ut som innstilt.")
        return redirect("forum-vedtak", r.pk)
    kort = _kort(r, "vedtak", request.POST)
    endret = _lagre(request, kort, "vedtak")
    if any(k.feil for k in kort):
        messages.error(request, _ikke_lagret(kort, "vedtak", request.POST.get("handling", "")))
        return _side(request, r, "vedtak", kort, **extra)
    if request.POST.get("handling") == "fullfor":
        # What was typed is saved; the decision waits for a fresh login.
        fresh = require_fresh_login(request, reverse("forum-vedtak", args=[r.pk]))
        if fresh is not None:
            return fresh
        try:
            v = services.fullfor_vedtak(r, by=_user(request))
        except services.ForumError as e:
            messages.error(request, str(e))
            return _side(request, r, "vedtak", _kort(r, "vedtak", None), **extra)
        messages.success(request, f"Vedtaket er fullført som versjon {v.nummer}.")
        return redirect("forum-runde", r.pk)
    messages.success(request, f"Lagret ({endret} vedtak endret).")
    return redirect("forum-vedtak", r.pk)


def _ikke_lagret(kort: list[Kort], hva: str, handling: str) -> str:
    """The page's message when some cards were not saved (and so nothing was finished)."""
    konflikt = sum(1 for k in kort if k.konflikt)
    out = f"Noen {hva} ble ikke lagret; se meldingene ved tiltakene."
    if konflikt:
        out = (
            f"{konflikt} tiltak er endret av en annen etter at du åpnet siden; endringene dine "
            "der er ikke lagret, men står fortsatt i skjemaet. " + out
        )
    if handling == "fullfor":
        out += " Derfor er ingenting fullført."
    return out


@login_required
@require_POST
@permission(access.can_manage, after=_runde)
def tilordne_uh(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a UH amount that belongs to no institution of the register yet."""
    r = _runde(request, pk)
    post_id = request.POST.get("post", "")
    post = r.poster.filter(
        pk=int(post_id) if post_id.isdecimal() and len(post_id) < 12 else 0
    ).first()
    v_id = request.POST.get("virksomhet", "")
    v = Virksomhet.objects.filter(
        type__in=UH_TYPER, pk=int(v_id) if v_id.isdecimal() and len(v_id) < 12 else 0
    ).first()
    if post is None:
        messages.error(request, "Fant ikke tiltaket i runden.")
        return redirect("forum-vedtak", r.pk)
    if v is None:
        messages.error(request, "Velg UH-institusjonen fra virksomhetsregisteret.")
        return redirect("forum-vedtak", r.pk)
    try:
        services.tilordne_uh(post, request.POST.get("felt", ""), v, by=_user(request))
    except services.ForumError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"UH-beløpet i «{post.tittel}» er tilordnet {v.navn}.")
    return redirect("forum-vedtak", r.pk)


# --- documents ------------------------------------------------------------------------------


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
@permission(None, load=_versjon)
def innstilling_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    v = _versjon(request, pk)
    if v.type != Versjon.Type.INNSTILLING:
        return _forbidden(request, "Dette er ikke en innstilling.")
    pdf = exporters.InnstillingPdf().render(v.innhold)
    return _download(pdf, "application/pdf", f"innstilling-{v.runde.aar}-v{v.nummer}.pdf")


@login_required
@require_GET
@permission(None, load=_versjon)
def innstilling_excel(request: HttpRequest, pk: int) -> HttpResponse:
    v = _versjon(request, pk)
    if v.type != Versjon.Type.INNSTILLING:
        return _forbidden(request, "Dette er ikke en innstilling.")
    xlsx = exporters.InnstillingXlsx().render(v.innhold)
    return _download(xlsx, exporters.XLSX_TYPE, f"innstilling-{v.runde.aar}-v{v.nummer}.xlsx")


def _vedtak_versjon(request: HttpRequest, pk: int) -> Versjon | HttpResponse:
    v = _versjon(request, pk)
    if refusal := refused(request, access.can_see_payments(request.user)):
        return refusal
    if v.type != Versjon.Type.VEDTAK:
        return _forbidden(request, "Dette er ikke et vedtak.")
    return v


@login_required
@require_GET
@permission.inside(access.can_see_payments)
def tildelingsbrev(request: HttpRequest, pk: int, nr: int) -> HttpResponse:
    v = _vedtak_versjon(request, pk)
    if isinstance(v, HttpResponse):
        return v
    from . import brev  # the letters (brev.py) build on this module's helpers

    try:
        pdf = brev.brev_pdf(v, nr)
    except brev.BrevError as e:
        raise Http404(str(e)) from e
    return _download(
        pdf, "application/pdf", f"tildelingsbrev-{v.runde.aar}-v{v.nummer}-{nr + 1}.pdf"
    )


@login_required
@require_GET
@permission.inside(access.can_see_payments)
def utbetaling_excel(request: HttpRequest, pk: int) -> HttpResponse:
    v = _vedtak_versjon(request, pk)
    if isinstance(v, HttpResponse):
        return v
    xlsx = exporters.UtbetalingXlsx().render(v.innhold)
    return _download(xlsx, exporters.XLSX_TYPE, f"utbetaling-{v.runde.aar}-v{v.nummer}.xlsx")


@login_required
@require_GET
@permission.inside(access.can_see_payments)
def utbetaling_csv(request: HttpRequest, pk: int) -> HttpResponse:
    v = _vedtak_versjon(request, pk)
    if isinstance(v, HttpResponse):
        return v
    data = exporters.UtbetalingCsv().render(v.innhold)
    return _download(data, "text/csv; charset=utf-8", f"utbetaling-{v.runde.aar}-v{v.nummer}.csv")
