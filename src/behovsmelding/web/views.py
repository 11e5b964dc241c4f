"""Typed function views: they check access, call a service, and render."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFilesSent
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..record import Behovsmelding as Record
from . import (
    access,
    bakgrunn,
    kildeutsnitt,
    layout,
    opplastingsgrenser,
    overview,
    referanse,
    register,
    services,
    versjoner,
)
from .exporters import JsonExporter, XlsxExporter, items_from_queryset
from .models import EIER_TYPER, UH_TYPER, Behovsmelding, Ordning, Utfall, Virksomhet
from .skjema import access as skjema_access
from .skjema import vedlegg as skjema_vedlegg
from .viewkit import acting_user, chosen, download, forbidden
from .workflow import ACTION_LABELS, Status, next_statuses


def _visible_or_404(request: HttpRequest, pk: int) -> Behovsmelding:
    return get_object_or_404(access.visible(request.user).select_related("region"), pk=pk)


@login_required
@require_GET
def oversikt(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_view_overview(request.user)
    if not allowed:
        return forbidden(request, reason)
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
        status = 400 if filtre.errors else 200
        return render(request, "web/_resultater.html", context, status=status)  # no menus
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
        vis_valg=overview.VIS_VALG,
        sorts={k: v[0] for k, v in overview.SORTS.items()},
    )
    # A filter that cannot be used (an id past what the database holds, a year of five digits)
    # is shown as a warning on the page and answered with 400, not a 500.
    return render(request, "web/oversikt.html", context, status=400 if filtre.errors else 200)


@login_required
@opplastingsgrenser.begrenset
@require_http_methods(["GET", "POST"])
def last_opp(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_upload(request.user)
    if not allowed:
        return forbidden(request, reason)
    if request.method != "POST":
        return opplastingsgrenser.side(request)
    vakt = opplastingsgrenser.utfall(request)
    try:
        uploads = request.FILES.getlist("filer")
    except (TooManyFilesSent, RequestDataTooBig):
        vakt.for_mange = True
    if vakt.for_mange:
        g = opplastingsgrenser.grenser()
        return opplastingsgrenser.side(request, opplastingsgrenser.for_mange_filer(g), status=413)

    def files() -> Iterator[bakgrunn.StromFil]:
        for name, why in vakt.for_store:
            yield bakgrunn.StromFil(filnavn=name, feil=why)
        for f in uploads:  # one at a time, each closed (its temporary file gone) after
            try:
                yield bakgrunn.StromFil(filnavn=f.name or "uten-navn", chunks=f.chunks())
            finally:
                f.close()

    try:
        if len(uploads) + len(vakt.for_store) > settings.BEHOVSMELDING_LES_STRAKS_MAKS:
            # Many files: staged for the background worker; the page shows its progress.
            o = bakgrunn.i_bakgrunnen(files(), by=acting_user(request))
        else:
            o = services.receive_files((f.innkommende() for f in files()), by=acting_user(request))
    except services.BehovsmeldingError as e:
        return opplastingsgrenser.side(request, str(e), status=400)
    return redirect("opplasting", pk=o.pk)


@login_required
@require_GET
def opplasting(request: HttpRequest, pk: int) -> HttpResponse:
    o = get_object_or_404(access.visible_uploads(request.user), pk=pk)
    if o.i_bakgrunnen:
        f = bakgrunn.fremdrift(o)
        if f.igjen:
            return render(request, "web/opplasting_venter.html", {"opplasting": o, "f": f})
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
def fremdrift(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the worker has come with an upload: the part of its page that htmx asks for
    every second; when all files are read, htmx is told to load the whole report."""
    o = get_object_or_404(access.visible_uploads(request.user), pk=pk)
    f = bakgrunn.fremdrift(o)
    response = render(request, "web/_fremdrift.html", {"opplasting": o, "f": f})
    if not f.igjen and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def detalj(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    innhold = bm.innhold
    user = request.user
    show_contacts = access.can_see_contacts(user, bm)[0]
    sections = layout.build(innhold.data, show_contacts=show_contacts)
    funn = access.synlige_funn(list(innhold.funn), kontakter=show_contacts)
    funn, unplaced = layout.place_findings(sections, funn)
    kan_original = access.can_download_original(user, bm)[0]
    if kan_original:
        layout.place_sources(sections, innhold.kilder or {})
    can_status = access.can_change_status(user, bm)[0]
    actions = [
        {"to": s, "label": ACTION_LABELS.get((bm.status, s), s)} for s in next_statuses(bm.status)
    ]
    return render(
        request,
        "web/detalj.html",
        {
            "bm": bm,
            "referanse": referanse.referanse(bm.pk),
            "sections": sections,
            "funn": funn,
            "unplaced": unplaced,
            "unplaced_element": layout.Element(path="", funn=unplaced),
            "statuser": Status.choices,
            "actions": actions if can_status else [],
            "kan_kommentere": access.can_comment(user, bm)[0],
            "kan_kontrollere": access.can_recheck(user, bm)[0],
            "kan_markere": access.can_mark(user, bm)[0],
            "kan_original": kan_original,
            "kan_json": access.can_export_json(user)[0],
            "skjema_vedlegg": skjema_vedlegg.for_behovsmelding(bm),
            "kan_vedlegg": skjema_access.can_download_attachment(user)[0],
            "kommentarer": access.kommentarer_for(user, bm),
            "hendelser": access.hendelser_for(user, bm),
            "ser_interne": access.is_staff(user),
            **_eiervalg(user, bm),
            **_uhvalg(user, bm),
        },
    )


def _eiervalg(user: Any, bm: Behovsmelding) -> dict[str, Any]:
    """For a record held "Til avklaring": the owners a caseworker may choose between, the
    register's suggestion first selected."""
    if not bm.til_avklaring or not access.can_settle_owner(user, bm)[0]:
        return {}
    record = Record.from_dict(bm.innhold.data)
    treff = register.finn_eier(record.eier, record.kontaktpersoner.eier.orgnr)
    valg = access.virksomheter_i_regionen(user).filter(type__in=EIER_TYPER).order_by("navn")
    return {
        "eiervalg": list(valg),
        "foreslatt_eier": treff.virksomhet.pk if treff.virksomhet is not None else None,
    }


def _uhvalg(user: Any, bm: Behovsmelding) -> dict[str, Any]:
    """A record whose UH partner's spelling no alias knows: the UH organisations a caseworker
    may link it to (which also remembers the spelling)."""
    i = bm.institusjon
    if i is None or i.virksomhet_id is not None or not access.can_settle_owner(user, bm)[0]:
        return {}
    return {"uhvalg": list(Virksomhet.objects.filter(type__in=UH_TYPER).order_by("navn"))}


@login_required
@require_POST
def koble_uh(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_settle_owner(request.user, bm)
    if not allowed:
        return forbidden(request, reason)
    v = chosen(request, "virksomhet", Virksomhet.objects.filter(type__in=UH_TYPER))
    if v is None:
        messages.error(request, "Velg UH-institusjonen fra virksomhetsregisteret.")
        return redirect("detalj", pk=bm.pk)
    try:
        services.link_uh(bm, v, by=acting_user(request))
    except services.BehovsmeldingError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"«{bm.uh}» er nå et navn på {v.navn}.")
    return redirect("detalj", pk=bm.pk)


@login_required
@require_POST
def avklar_eier(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_settle_owner(request.user, bm)
    if not allowed:
        return forbidden(request, reason)
    v = chosen(
        request,
        "virksomhet",
        access.virksomheter_i_regionen(request.user).filter(type__in=EIER_TYPER),
    )
    if v is None:
        messages.error(request, "Velg eieren fra virksomhetsregisteret.")
        return redirect("detalj", pk=bm.pk)
    try:
        services.settle_owner(
            bm, v, by=acting_user(request), alias=request.POST.get("alias") == "ja"
        )
    except services.BehovsmeldingError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Eieren er avklart: {v.navn}.")
    return redirect("detalj", pk=bm.pk)


@login_required
@require_POST
def marker(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the record withdrawn or a duplicate (with a reason), or take the mark away."""
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_mark(request.user, bm)
    if not allowed:
        return forbidden(request, reason)
    grunn = request.POST.get("grunn", "")
    try:
        if request.POST.get("handling") == "fjern":
            versjoner.fjern_markering(bm, grunn=grunn, by=acting_user(request))
            messages.success(request, "Markeringen er fjernet; behovsmeldingen teller igjen.")
            return redirect("detalj", pk=bm.pk)
        av_id = request.POST.get("duplikat_av", "").strip()
        duplikat_av = None
        if av_id:
            duplikat_av = (
                access.visible(request.user)
                .filter(pk=int(av_id) if av_id.isdecimal() and len(av_id) < 12 else 0)
                .first()
            )
            if duplikat_av is None:
                messages.error(request, f"Fant ingen behovsmelding nr. {av_id}.")
                return redirect("detalj", pk=bm.pk)
        versjoner.marker(
            bm,
            request.POST.get("markering", ""),
            grunn=grunn,
            duplikat_av=duplikat_av,
            by=acting_user(request),
        )
    except services.BehovsmeldingError as e:
        messages.error(request, str(e))
    else:
        bm.refresh_from_db()
        messages.success(
            request,
            f"Behovsmeldingen er markert «{bm.get_markert_display()}» og holdt utenfor summene.",
        )
    return redirect("detalj", pk=bm.pk)


@login_required
@require_POST
def velg_versjon(request: HttpRequest, pk: int) -> HttpResponse:
    """The caseworker's answer: a new version of the earlier record, or a record of its own."""
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_mark(request.user, bm)
    if not allowed:
        return forbidden(request, reason)
    ny = request.POST.get("valg") == "ny"
    try:
        versjoner.velg_versjon(bm, ny_versjon=ny, by=acting_user(request))
    except services.BehovsmeldingError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            "Registrert som ny versjon; den forrige er beholdt og kan bare leses."
            if ny
            else "Registrert som en egen behovsmelding.",
        )
    return redirect("detalj", pk=bm.pk)


@login_required
@require_POST
def endre_status(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_change_status(request.user, bm)
    if not allowed:
        return forbidden(request, reason)
    try:
        services.change_status(bm, request.POST.get("til", ""), by=acting_user(request))
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
        return forbidden(request, reason)
    try:
        services.add_comment(
            bm,
            request.POST.get("tekst", ""),
            by=acting_user(request),
            delt=request.POST.get("delt") == "ja",
        )
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
        return forbidden(request, reason)
    funn = services.recheck_behovsmelding(bm, by=acting_user(request))
    messages.success(request, f"Kontrollene er kjørt på nytt: {len(funn)} funn.")
    return redirect("detalj", pk=bm.pk)


@login_required
@require_GET
def opplastinger(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_upload(request.user)
    if not allowed:
        return forbidden(request, reason)
    uploads = (
        access.visible_uploads(request.user)
        .select_related("lastet_opp_av")
        .annotate(
            antall=Count("filer"),
            lest=Count("filer", filter=Q(filer__utfall=Utfall.LEST)),
            ikke_lest=Count("filer", filter=Q(filer__utfall=Utfall.IKKE_LEST)),
            kjent=Count("filer", filter=Q(filer__utfall=Utfall.KJENT)),
            venter=Count("filer", filter=Q(filer__utfall=Utfall.VENTER)),
        )[:200]
    )
    return render(request, "web/opplastinger.html", {"opplastinger": uploads})


def _with_original(request: HttpRequest, pk: int) -> tuple[Behovsmelding, HttpResponse | None]:
    """The record, if the user may download its original (else the refusal to send; 404 when
    it has none)."""
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_download_original(request.user, bm)
    if not allowed:
        if bm.original_id is None:
            raise Http404(reason)
        return bm, forbidden(request, reason)
    return bm, None


@login_required
@require_GET
def original(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    bm, refused = _with_original(request, pk)
    if refused is not None:
        return refused
    assert bm.original is not None
    fil = bm.original
    ekstra = request.GET.get("fil", "")
    if ekstra:
        # Another file with the same content, kept as one more original of the record.
        found = bm.andre_originaler.filter(pk=int(ekstra) if ekstra.isdecimal() else 0).first()
        if found is None:
            raise Http404("Behovsmeldingen har ingen slik originalfil.")
        fil = found
    path = services.original_path(fil)
    if not path.exists():
        raise Http404("Originalfilen finnes ikke lenger på disken.")
    return download(path.open("rb"), fil.filnavn)


@login_required
@require_GET
def kilde_utsnitt(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the original PDF's page a value was read from (``?felt=<path>``), framed:
    for whoever may download the original, as the original itself."""
    bm, refused = _with_original(request, pk)
    if refused is not None:
        return refused
    try:
        png = kildeutsnitt.utsnitt(bm, request.GET.get("felt", ""))
    except kildeutsnitt.IkkeUtsnitt as e:
        raise Http404(str(e)) from e
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@login_required
@require_GET
def eksport_json_en(request: HttpRequest, pk: int) -> HttpResponse:
    bm = _visible_or_404(request, pk)
    allowed, reason = access.can_export_json(request.user)
    if not allowed:
        return forbidden(request, reason)
    buf = io.BytesIO()
    JsonExporter().write(
        items_from_queryset(Behovsmelding.objects.filter(pk=bm.pk)), buf, single=True
    )
    response = HttpResponse(buf.getvalue(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="behovsmelding-{bm.pk}.json"'
    return response


def _filtered(request: HttpRequest) -> Any:
    filtre = overview.Filtre.from_query(request.GET)
    if filtre.errors:
        raise BadRequest(" ".join(filtre.errors))  # 400.html
    return filtre.ordered(filtre.apply(access.visible(request.user)))


@login_required
@require_GET
def eksport_excel(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_view_overview(request.user)
    if not allowed:
        return forbidden(request, reason)
    buf = io.BytesIO()
    kontakter = access.can_see_contacts_in(request.user)
    XlsxExporter().write(items_from_queryset(_filtered(request), kontakter=kontakter), buf)
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
        return forbidden(request, reason)
    buf = io.BytesIO()
    JsonExporter().write(items_from_queryset(_filtered(request)), buf)
    response = HttpResponse(buf.getvalue(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="behovsmeldinger-{_stamp()}.json"'
    return response
