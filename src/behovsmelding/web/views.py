"""Typed function views: they check access, call a service, and render."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, layout, overview, services
from .exporters import JsonExporter, XlsxExporter, items_from_queryset
from .models import Behovsmelding, Ordning, Utfall
from .workflow import ACTION_LABELS, Status, next_statuses


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required guarantees it
    return user


def _forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    html = render_to_string("web/ingen_tilgang.html", {"grunn": reason}, request=request)
    return HttpResponseForbidden(html)


def _visible_or_404(request: HttpRequest, pk: int) -> Behovsmelding:
    return get_object_or_404(access.visible(request.user).select_related("region"), pk=pk)


@login_required
@require_GET
def oversikt(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_view_overview(request.user)
    if not allowed:
        return _forbidden(request, reason)
    base = access.visible(request.user)
    filtre = overview.Filtre.from_query(request.GET)
    qs = filtre.apply(base)
    # Totals, bars and menus come from the cache while the data is unchanged (overview.cached).
    stamp = overview.data_stamp(base.db)
    sums, by_network = overview.summary(qs, stamp)
    paginator = Paginator(filtre.ordered(qs), overview.PAGE_SIZE)
    paginator.count = sums["antall"]  # the aggregate has counted already
    page = paginator.get_page(filtre.side)
    context: dict[str, Any] = {
        "filtre": filtre,
        "params": filtre.query_params(),
        "page": page,
        "totals": sums,
        "by_network": by_network,
        "by_ordning": overview.chart_by_ordning(sums),
        "kan_json": access.can_export_json(request.user)[0],
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/_resultater.html", context)  # the results only, no menus
    opts = overview.options(base, stamp)
    context.update(
        options={
            "aar": overview.select_options(opts["aar"], filtre.aar or ""),
            "nettverk": overview.select_options(opts["nettverk"], filtre.nettverk),
            "eier": overview.select_options(opts["eier"], filtre.eier),
            "uh": overview.select_options(
                [i for i, _ in opts["uh"]], filtre.uh, labels=dict(opts["uh"])
            ),
        },
        skjemaer=overview.SKJEMA_LABELS,
        ordninger=Ordning.choices,
        statuser=Status.choices,
        sorts={k: v[0] for k, v in overview.SORTS.items()},
    )
    return render(request, "web/oversikt.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def last_opp(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_upload(request.user)
    if not allowed:
        return _forbidden(request, reason)
    if request.method == "POST":
        files = [
            services.InnkommendeFil(filnavn=f.name or "uten-navn", data=f.read())
            for f in request.FILES.getlist("filer")
        ]
        try:
            opplasting = services.receive_files(files, by=_user(request))
        except services.BehovsmeldingError as e:
            messages.error(request, str(e))
            return render(request, "web/last_opp.html", status=400)
        return redirect("opplasting", pk=opplasting.pk)
    return render(request, "web/last_opp.html")


@login_required
@require_GET
def opplasting(request: HttpRequest, pk: int) -> HttpResponse:
    o = get_object_or_404(access.visible_uploads(request.user), pk=pk)
    visible_ids = set(
        access.visible(request.user)
        .filter(id__in=[f.behovsmelding_id for f in o.filer.all() if f.behovsmelding_id])
        .values_list("id", flat=True)
    )
    filer = list(o.filer.all())
    counts = {u.value: sum(1 for f in filer if f.utfall == u) for u in Utfall}
    return render(
        request,
        "web/opplasting.html",
        {"opplasting": o, "filer": filer, "visible_ids": visible_ids, "counts": counts},
    )


@login_required
@require_GET
def detalj(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    innhold = bm.innhold
    user = request.user
    show_contacts = access.can_see_contacts(user, bm)[0]
    sections = layout.build(innhold.data, show_contacts=show_contacts)
    funn = list(innhold.funn)
    if not show_contacts:
        funn = [f for f in funn if not (f.get("felt") or "").startswith("kontaktpersoner")]
    funn, unplaced = layout.place_findings(sections, funn)
    can_status = access.can_change_status(user, bm)[0]
    actions = [
        {"to": s, "label": ACTION_LABELS.get((bm.status, s), s)} for s in next_statuses(bm.status)
    ]
    return render(
        request,
        "web/detalj.html",
        {
            "bm": bm,
            "sections": sections,
            "funn": funn,
            "unplaced": unplaced,
            "unplaced_element": layout.Element(path="", funn=unplaced),
            "statuser": Status.choices,
            "actions": actions if can_status else [],
            "kan_kommentere": access.can_comment(user, bm)[0],
            "kan_kontrollere": access.can_recheck(user, bm)[0],
            "kan_original": access.can_download_original(user, bm)[0],
            "kan_json": access.can_export_json(user)[0],
            "kommentarer": bm.kommentarer.select_related("forfatter"),
            "hendelser": bm.hendelser.select_related("bruker"),
        },
    )


@login_required
@require_POST
def endre_status(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_change_status(request.user, bm)
    if not allowed:
        return _forbidden(request, reason)
    try:
        services.change_status(bm, request.POST.get("til", ""), by=_user(request))
    except services.BehovsmeldingError as e:
        messages.error(request, str(e))
    else:
        bm.refresh_from_db()
        messages.success(request, f"Status er endret til «{bm.get_status_display()}».")
    return redirect("detalj", pk=bm.pk)


@login_required
@require_POST
def kommenter(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_comment(request.user, bm)
    if not allowed:
        return _forbidden(request, reason)
    try:
        services.add_comment(bm, request.POST.get("tekst", ""), by=_user(request))
    except services.BehovsmeldingError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Kommentaren er lagret.")
    return redirect(f"{bm.get_absolute_url()}#kommentarer")


@login_required
@require_POST
def kontroller(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_recheck(request.user, bm)
    if not allowed:
        return _forbidden(request, reason)
    funn = services.recheck_behovsmelding(bm, by=_user(request))
    messages.success(request, f"Kontrollene er kjørt på nytt: {len(funn)} funn.")
    return redirect("detalj", pk=bm.pk)


@login_required
@require_GET
def opplastinger(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_upload(request.user)
    if not allowed:
        return _forbidden(request, reason)
    uploads = (
        access.visible_uploads(request.user)
        .select_related("lastet_opp_av")
        .annotate(
            antall=Count("filer"),
            lest=Count("filer", filter=Q(filer__utfall=Utfall.LEST)),
            ikke_lest=Count("filer", filter=Q(filer__utfall=Utfall.IKKE_LEST)),
            kjent=Count("filer", filter=Q(filer__utfall=Utfall.KJENT)),
        )[:200]
    )
    return render(request, "web/opplastinger.html", {"opplastinger": uploads})


@login_required
@require_GET
def original(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_download_original(request.user, bm)
    if not allowed:
        if bm.original_id is None:
            raise Http404(reason)
        return _forbidden(request, reason)
    assert bm.original is not None
    path = services.original_path(bm.original)
    if not path.exists():
        raise Http404("Originalfilen finnes ikke lenger på disken.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=bm.original.filnavn)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@login_required
@require_GET
def eksport_json_en(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_export_json(request.user)
    if not allowed:
        return _forbidden(request, reason)
    buf = io.BytesIO()
    JsonExporter().write(
        items_from_queryset(Behovsmelding.objects.filter(pk=bm.pk)), buf, single=True
    )
    response = HttpResponse(buf.getvalue(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="behovsmelding-{bm.pk}.json"'
    return response


def _filtered(request: HttpRequest) -> Any:
    filtre = overview.Filtre.from_query(request.GET)
    return filtre.ordered(filtre.apply(access.visible(request.user)))


@login_required
@require_GET
def eksport_excel(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_view_overview(request.user)
    if not allowed:
        return _forbidden(request, reason)
    buf = io.BytesIO()
    XlsxExporter().write(items_from_queryset(_filtered(request)), buf)
    response = HttpResponse(buf.getvalue(), content_type=XlsxExporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="behovsmeldinger-{_stamp()}.xlsx"'
    return response


@login_required
@require_GET
def eksport_json(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_export_json(request.user)
    if allowed:
        allowed, reason = access.can_view_overview(request.user)
    if not allowed:
        return _forbidden(request, reason)
    buf = io.BytesIO()
    JsonExporter().write(items_from_queryset(_filtered(request)), buf)
    response = HttpResponse(buf.getvalue(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="behovsmeldinger-{_stamp()}.json"'
    return response
