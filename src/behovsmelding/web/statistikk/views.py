"""Typed function views of the statistics and the themes: check access, call a service or the
numbers, render. A bad filter value answers 400 with the page's form error, never 500."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import overview
from ..access import tilgang_for
from ..forum.models import Post
from ..viewkit import acting_user, download, forbidden, permission
from . import access, diagram, exporters, services, tall
from .models import PostTema, Tema

# The table per year and breakdown shows this many lines (a national table per eier has
# thousands); the Excel file has them all.
MAKS_RADER = 300
SERIEKLASSER = ("serie-0", "serie-1", "serie-2", "serie-3", "serie-4", "serie-5")
PAGE_SIZE = 50


def _kr(v: int) -> str:
    return diagram.kr(v)


def tema_figur(s: tall.Statistikk) -> SafeString:
    serier = [diagram.Serie(str(a), SERIEKLASSER[i % 6]) for i, a in enumerate(s.aar)]
    grupper = [diagram.Gruppe(t.navn, tuple(t.soekt(a) for a in s.aar)) for t in s.temaer]
    aar = f"{s.aar[0]}–{s.aar[-1]}" if s.aar else "ingen år"
    beskrivelse = (
        f"Søkt beløp per tema og år ({aar}), ett stolpepar per tema. "
        + "; ".join(
            f"{t.navn}: " + ", ".join(f"{a} {_kr(t.soekt(a))}" for a in s.aar) for t in s.temaer
        )
        + ". Tallene står også i tabellen under."
    )
    return mark_safe(  # diagram escapes every text it writes
        diagram.grupperte_stolper(
            "temaer", "Søkt beløp per tema og år", beskrivelse, serier, grupper
        )
    )


def nettverk_figur(s: tall.Statistikk) -> SafeString:
    serier = [
        diagram.Serie("Innvilget (godkjente rapporter)", "serie-innvilget"),
        diagram.Serie("Brukt", "serie-brukt"),
    ]
    under = {r.navn for r in s.under}
    grupper = []
    for r in s.nettverk:
        merknad = ""
        if r.utnyttelse is not None:
            merknad = f"brukt {_prosent(r.utnyttelse)}" + (" – under" if r.navn in under else "")
        grupper.append(
            diagram.Gruppe(
                r.navn, (r.rapportert, r.brukt), merknad=merknad, markert=r.navn in under
            )
        )
    beskrivelse = (
        "Innvilget beløp i godkjente rapporter og brukt beløp per kompetansenettverk. "
        + (
            f"Under {s.terskel} % brukt: " + ", ".join(sorted(under)) + ". "
            if under
            else f"Ingen nettverk har brukt under {s.terskel} %. "
        )
        + "; ".join(
            f"{r.navn}: innvilget {_kr(r.rapportert)}, brukt {_kr(r.brukt)}" for r in s.nettverk
        )
        + ". Tallene står også i tabellen under."
    )
    return mark_safe(  # diagram escapes every text it writes
        diagram.grupperte_stolper(
            "nettverk", "Innvilget og brukt per kompetansenettverk", beskrivelse, serier, grupper
        )
    )


def _forste_per_aar(rader: list[tall.Rad], n: int) -> list[tall.Rad]:
    """The first ``n`` lines of each year (they come sorted by year, most asked first)."""
    seen: dict[int | None, int] = {}
    out = []
    for r in rader:
        seen[r.aar] = seen.get(r.aar, 0) + 1
        if seen[r.aar] <= n:
            out.append(r)
    return out


def _prosent(v: float) -> str:
    return f"{v:.1f} %".replace(".", ",")


def _menyer(valg: dict[str, list[Any]], f: tall.Filtre) -> dict[str, str]:
    """The long menus' ``<option>`` elements, built in Python as on the overview (a national
    list has 1 500 owners; the template language would spend most of the page's time)."""
    return {
        "nettverk": overview.select_options(valg["nettverk"], f.nettverk),
        "eier": overview.select_options(valg["eier"], f.eier),
        "uh": overview.select_options(valg["uh"], f.uh),
    }


def _refuse_unless_viewer(request: HttpRequest) -> HttpResponse | None:
    allowed, reason = access.can_view(request.user)
    return None if allowed else forbidden(request, reason)


def _region_navn(request: HttpRequest) -> str:
    t = tilgang_for(request.user)
    return str(t.region) if t is not None and t.region is not None else "alle regioner"


@login_required
@require_GET
@permission.inside(access.can_view)
def statistikk(request: HttpRequest) -> HttpResponse:
    refused = _refuse_unless_viewer(request)
    if refused:
        return refused
    f = tall.Filtre.from_query(request.GET)
    context: dict[str, Any] = {
        "filtre": f,
        "valg": tall.valg(request.user),
        "menyer": _menyer(tall.valg(request.user), f),
        "per_valg": {k: v[0] for k, v in tall.PER.items()},
        "region": _region_navn(request),
        "params": f.query_params(),
    }
    if f.errors:
        return render(request, "statistikk/statistikk.html", context, status=400)
    s = tall.beregn_cached(request.user, f)
    context.update(
        s=s,
        tema_figur=tema_figur(s),
        nettverk_figur=nettverk_figur(s),
        under=s.under,
        tema_tabell=[
            (t.navn, [t.per_aar.get(a, (0, 0, 0)) for a in s.aar], endring)
            for t, _, _, endring in s.tema_endring()
        ],
        okt=max(s.tema_endring(), key=lambda e: e[3], default=None),
        falt=min(s.tema_endring(), key=lambda e: e[3], default=None),
        topp=[t for t in s.temaer if s.aar and t.soekt(s.aar[-1]) > 0][:3],
        kan_rette=access.can_manage_themes(request.user)[0],
        gruppe_rader=_forste_per_aar(s.per_gruppe, MAKS_RADER // max(len(s.aar), 1)),
    )
    return render(request, "statistikk/statistikk.html", context)


@login_required
@require_GET
@permission.inside(access.can_view)
def excel(request: HttpRequest) -> HttpResponse | FileResponse:
    refused = _refuse_unless_viewer(request)
    if refused:
        return refused
    f = tall.Filtre.from_query(request.GET)
    if f.errors:
        return render(
            request,
            "statistikk/statistikk.html",
            {"filtre": f, "valg": tall.valg(request.user), "per_valg": {}, "params": {}},
            status=400,
        )
    data = exporters.workbook(tall.beregn_cached(request.user, f))
    return download(
        io.BytesIO(data),
        "statistikk.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_GET
@permission.inside(access.can_view)
def tiltak(request: HttpRequest) -> HttpResponse:
    """The tiltak behind the numbers, with their themes (and for caseworkers a link to
    correct them)."""
    refused = _refuse_unless_viewer(request)
    if refused:
        return refused
    f = tall.Filtre.from_query(request.GET)
    if f.errors:
        return render(request, "statistikk/tiltak.html", {"filtre": f, "params": {}}, status=400)
    qs = (
        f.apply(tall.poster(request.user))
        .select_related("runde")
        .prefetch_related(
            Prefetch("temaer", queryset=PostTema.objects.select_related("tema").order_by("tema"))
        )
        .order_by("-runde__aar", "nettverk", "eier_navn", "pk")
    )
    side = request.GET.get("side", "1")
    page = Paginator(qs, PAGE_SIZE).get_page(side if side.isascii() and side.isdigit() else 1)
    return render(
        request,
        "statistikk/tiltak.html",
        {
            "filtre": f,
            "page": page,
            "params": f.query_params(),
            "kan_rette": access.can_manage_themes(request.user)[0],
        },
    )


def _post(request: HttpRequest, pk: int) -> Post:
    return get_object_or_404(access.poster_for(request.user).select_related("runde"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@permission.inside(access.can_manage_themes)
def post_temaer(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    allowed, reason = access.can_manage_themes(request.user)
    if not allowed:
        return forbidden(request, reason)
    status = 200
    if request.method == "POST":
        raw = request.POST.getlist("tema")
        if not all(v.isascii() and v.isdigit() and len(v) <= 18 for v in raw):
            messages.error(request, "Ukjent tema i valget.")
            status = 400
        else:
            try:
                changed = services.correct_themes(
                    post, [int(v) for v in raw], by=acting_user(request)
                )
            except services.TemaError as e:
                messages.error(request, str(e))
                status = 400
            else:
                messages.success(
                    request, "Temaene er lagret." if changed else "Ingen endring i temaene."
                )
                return redirect("statistikk:post-temaer", pk=post.pk)
    valgt = set(post.temaer.values_list("tema_id", flat=True))
    korr = dict(post.temakorreksjoner.values_list("tema_id", "valgt"))
    return render(
        request,
        "statistikk/post_temaer.html",
        {"post": post, "temaer": Tema.objects.all(), "valgt": valgt, "korr": korr},
        status=status,
    )


@login_required
@require_GET
@permission.inside(access.can_manage_themes)
def temaer(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_manage_themes(request.user)
    if not allowed:
        return forbidden(request, reason)
    return render(request, "statistikk/temaer.html", {"temaer": Tema.objects.all()})


@login_required
@require_POST
@permission.inside(access.can_manage_themes)
def tema_ny(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_manage_themes(request.user)
    if not allowed:
        return forbidden(request, reason)
    p = request.POST
    try:
        t = services.create_tema(
            p.get("navn", ""), p.get("navn_nn", ""), p.get("ord", ""), by=acting_user(request)
        )
    except services.TemaError as e:
        return render(
            request,
            "statistikk/temaer.html",
            {"temaer": Tema.objects.all(), "ny_feil": str(e), "ny": p},
            status=400,
        )
    messages.success(request, f"Temaet «{t.navn}» er lagt til.")
    return redirect("statistikk:temaer")


@login_required
@require_POST
@permission.inside(access.can_manage_themes)
def tema(request: HttpRequest, pk: int) -> HttpResponse:
    allowed, reason = access.can_manage_themes(request.user)
    if not allowed:
        return forbidden(request, reason)
    try:
        t = Tema.objects.get(pk=pk)
    except Tema.DoesNotExist:
        raise Http404("Ukjent tema.") from None
    p = request.POST
    try:
        changed = services.change_tema(
            t, p.get("navn", ""), p.get("navn_nn", ""), p.get("ord", ""), by=acting_user(request)
        )
    except services.TemaError as e:
        return render(
            request,
            "statistikk/temaer.html",
            {"temaer": Tema.objects.all(), "feil": {t.pk: str(e)}, "feil_tekst": str(e)},
            status=400,
        )
    messages.success(request, f"Temaet «{t.navn}» er lagret." if changed else "Ingen endring.")
    return redirect("statistikk:temaer")
