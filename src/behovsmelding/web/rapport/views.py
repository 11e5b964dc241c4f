"""Typed function views of the reports: check access, call a service, render.

The owner's and the UH partner's pages are in the person's language (the language cookie, as
the owners' form), else the owner organisation's målform from the register.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forum import access as forum_access
from ..forum.models import Versjon
from ..skjema.fields import MAAL
from ..skjema.receipt import sprak_of
from ..skjema.vedlegg import maks_mb, storrelse_tekst
from ..skjema.vedlegg_views import send_file
from ..viewkit import acting_user, download, forbidden, permission
from . import access, kontroll, paaminnelser, services, vedlegg
from .exporters import tilbakebetaling_xlsx
from .models import Rapport, Rapportrunde

HANDLING_VALG = (
    (kontroll.TILBAKEBETALES, "Betales tilbake"),
    (kontroll.OVERFORES, "Søkes overført til neste år"),
)


def _sprak(request: HttpRequest, rapport: Rapport) -> str:
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in ("nb", "nn"):
        return sprak_of(translation.get_language())
    v = rapport.partnerskap.virksomhet
    return sprak_of(v.maalform if v is not None else "nb")


def _rapport(request: HttpRequest, pk: int) -> Rapport:
    return get_object_or_404(access.rapporter_for(request.user), pk=pk)


def _egen(request: HttpRequest, pk: int) -> Rapport:
    return get_object_or_404(access.egne_rapporter(request.user), pk=pk)


def _parse_dato(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _parse_dager(text: str) -> list[int] | None:
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not all(p.isdigit() and len(p) < 4 for p in parts):
        return None
    return [int(p) for p in parts]


# --- the owners' side ---------------------------------------------------------------------------


@login_required
@require_GET
@permission.inside(access.can_use)
def mine(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_use(request.user)
    if not allowed:
        return forbidden(request, reason)
    rapporter = list(
        access.egne_rapporter(request.user).order_by("-rapportrunde__runde__aar", "id")
    )
    for r in rapporter:
        r.referanse = services.referanse(r)  # type: ignore[attr-defined]
    return render(request, "rapport/mine.html", {"rapporter": rapporter})


def _linje_felter(li: Any, verdier: dict[str, str]) -> dict[str, Any]:
    def f(navn: str) -> dict[str, str]:
        key = kontroll.felt(li.pk, navn)
        return {"navn": key, "id": f"f-{key}", "verdi": verdier.get(key, "")}

    return {
        "l": li,
        "brukt_eier": f("brukt_eier"),
        "brukt_uh": f("brukt_uh"),
        "ubrukt_handling": f("ubrukt_handling"),
        "overforing_grunn": f("overforing_grunn"),
        "avvik_forklaring": f("avvik_forklaring"),
        "hva_gjort": f("hva_gjort"),
        "maal": [{**f(f"maal_{b}"), "label": label} for b, label in MAAL],
    }


def _form_context(
    request: HttpRequest,
    r: Rapport,
    *,
    verdier: dict[str, str] | None = None,
    vis_funn: bool = False,
    konflikter: dict[str, str] | None = None,
) -> dict[str, Any]:
    user = acting_user(request)
    ls = services.linjer(r)
    lagret = services.verdier(r, ls)
    verdier = {**lagret, **(verdier or {})}
    funn = services.funn(r, ls)
    kan_endre, grunn = access.can_edit(user, r)
    kan_sende, send_grunn = access.can_submit(user, r)
    summer = kontroll.summer([services.som_kontroll(li) for li in ls])
    return {
        "r": r,
        "referanse": services.referanse(r),
        "aar": r.rapportrunde.runde.aar,
        "frist": r.rapportrunde.frist,
        "linjer": [_linje_felter(li, verdier) for li in ls],
        "kommentar": verdier.get("kommentar", ""),
        "lagret_json": lagret,
        "funn": [f.as_dict() for f in funn] if vis_funn else [],
        "alle_funn": [f.as_dict() for f in funn],
        "kan_endre": kan_endre,
        "grunn": grunn,
        "kan_sende": kan_sende,
        "send_grunn": send_grunn,
        "summer": summer,
        "handling_valg": [(k, _(label)) for k, label in HANDLING_VALG],
        "vedlegg": list(r.vedlegg.all()),
        "maks_mb": maks_mb(),
        "konflikter": konflikter or {},
        "storrelse": storrelse_tekst,
        "tekster": _tekster(),
    }


def _tekster() -> dict[str, str]:
    """The page script's words, in the page's language (given through json_script)."""
    return {
        "lagrer": _("Lagrer …"),
        "lagret": _("Lagret kl."),
        "ulagret": _("Ikke lagret ennå."),
        "ikke_lagret": _("Ikke lagret."),
        "delvis": _("Noe er ikke lagret – se merknadene ved feltene."),
        "offline": _(
            "Ikke lagret ennå (ingen forbindelse). Endringene er tatt vare på i nettleseren."
        ),
        "utlogget": _("Du er logget ut. Endringene er tatt vare på i nettleseren; logg inn igjen."),
        "konflikt": _(
            "Noen andre lagret dette mens du skrev: «%s». Lagre igjen for å beholde ditt."
        ),
    }


def _lagre_posted(request: HttpRequest, r: Rapport) -> tuple[dict[str, Any], services.Lagret]:
    """Save the posted fields on the version the page was based on (the form's post and the
    autosave alike): the fields and the service's result."""
    versjon = request.POST.get("versjon", "")
    posted = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "versjon")}
    res = services.lagre(
        r,
        verdier_inn=posted,
        basert_paa=int(versjon) if versjon.isdigit() else None,
        by=acting_user(request),
    )
    return posted, res


@login_required
@require_http_methods(["GET", "POST"])
@permission(None, load=_rapport)
def rapport(request: HttpRequest, pk: int) -> HttpResponse:
    """The report form. Without scripts the whole form is posted here with its version."""
    r = _egen(request, pk)
    with translation.override(_sprak(request, r)):
        status = 200
        extra: dict[str, Any] = {}
        if request.method == "POST":
            allowed, reason = access.can_edit(acting_user(request), r)
            if not allowed:
                return forbidden(request, reason)
            try:
                posted, res = _lagre_posted(request, r)
            except services.RapportError as e:
                messages.error(request, str(e))
                return redirect("rapport:rapport", pk=r.pk)
            r.refresh_from_db()
            if res.konflikter:
                status = 409
                extra = {"verdier": posted, "konflikter": res.konflikter}
            else:
                messages.success(request, _("Utkastet er lagret."))
                return redirect("rapport:rapport", pk=r.pk)
        ctx = _form_context(request, r, vis_funn=request.GET.get("vis") == "alle", **extra)
        return render(request, "rapport/rapport.html", ctx, status=status)


@require_POST
@permission.inside(access.can_edit)
def lagre(request: HttpRequest, pk: int) -> JsonResponse:
    """The page's autosave: the changed fields with the version they were based on. JSON
    also when the session has ended (401), so that the page keeps the text."""
    if not request.user.is_authenticated:
        return JsonResponse({"feil": _("Du er logget ut.")}, status=401)
    r = _egen(request, pk)
    with translation.override(_sprak(request, r)):
        allowed, reason = access.can_edit(acting_user(request), r)
        if not allowed:
            return JsonResponse({"feil": reason}, status=403)
        try:
            _posted, res = _lagre_posted(request, r)
        except services.RapportError as e:
            return JsonResponse({"feil": str(e)}, status=400)
        return JsonResponse(
            {
                "versjon": res.versjon,
                "endret": res.endret,
                "konflikter": res.konflikter,
                "andre": res.andre,
                "funn": [f.as_dict() for f in res.funn],
            },
            status=409 if res.konflikter else 200,
        )


@login_required
@require_POST
@permission.inside(access.can_submit)
def send_inn(request: HttpRequest, pk: int) -> HttpResponse:
    r = _egen(request, pk)
    lang = _sprak(request, r)
    with translation.override(lang):
        allowed, reason = access.can_submit(acting_user(request), r)
        if not allowed:
            return forbidden(request, reason)
        try:
            services.send_inn(r, by=acting_user(request), sprak=lang)
        except services.Avvist as e:
            r.refresh_from_db()
            ctx = _form_context(request, r, vis_funn=True)
            ctx["avvist"] = str(e)
            return render(request, "rapport/rapport.html", ctx, status=400)
        except services.RapportError as e:
            messages.error(request, str(e))
            return redirect("rapport:rapport", pk=r.pk)
        messages.success(
            request,
            _("Rapporten er sendt inn. Referanse: %(ref)s.") % {"ref": services.referanse(r)},
        )
    return redirect("rapport:rapport", pk=r.pk)


@login_required
@require_GET
@permission(None, load=_rapport)
def kvittering(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    r = _rapport(request, pk)
    if not r.kvittering:
        raise Http404(_("Rapporten er ikke sendt inn."))
    return download(
        io.BytesIO(bytes(r.kvittering)),
        f"rapport-{services.referanse(r)}.pdf",
        "application/pdf",
    )


@login_required
@require_POST
@permission.inside(access.can_edit)
def vedlegg_last_opp(request: HttpRequest, pk: int) -> HttpResponse:
    r = _egen(request, pk)
    with translation.override(_sprak(request, r)):
        allowed, reason = access.can_edit(acting_user(request), r)
        if not allowed:
            return forbidden(request, reason)
        fil = request.FILES.get("fil")
        if fil is None:
            ctx = _form_context(request, r)
            ctx["avvist"] = _("Velg en fil å laste opp.")
            return render(request, "rapport/rapport.html", ctx, status=400)
        try:
            vedlegg.upload(
                r,
                filnavn=fil.name or "",
                innhold=fil,
                storrelse=fil.size or 0,
                by=acting_user(request),
            )
        except services.RapportError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("«%(navn)s» er lastet opp.") % {"navn": fil.name})
    return redirect(reverse("rapport:rapport", args=[r.pk]) + "#vedlegg")


@login_required
@require_GET
@permission.inside(access.can_download_attachment)
def vedlegg_last_ned(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    v = get_object_or_404(access.vedlegg_for(request.user), pk=pk)
    allowed, reason = access.can_download_attachment(request.user)
    if not allowed:
        return forbidden(request, reason)
    return send_file(vedlegg.path_of(v), v.filnavn, v.filtype)


@login_required
@require_POST
@permission.inside(access.can_edit)
def vedlegg_slett(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(
        access.vedlegg_for(request.user).filter(
            rapport__in=access.egne_rapporter(request.user).values("pk")
        ),
        pk=pk,
    )
    r = v.rapport
    allowed, reason = access.can_edit(acting_user(request), r)
    if not allowed:
        return forbidden(request, reason)
    try:
        vedlegg.delete(v, by=acting_user(request))
    except services.RapportError as e:
        messages.error(request, str(e))
    return redirect(reverse("rapport:rapport", args=[r.pk]) + "#vedlegg")


# --- the caseworkers' side ----------------------------------------------------------------------


@login_required
@require_GET
@permission.inside(access.can_view_rounds)
def runder(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_view_rounds(request.user)
    if not allowed:
        return forbidden(request, reason)
    rr = list(access.runder_for(request.user).order_by("-runde__aar"))
    for x in rr:
        x.ikke = len(services.ikke_rapportert(x))  # type: ignore[attr-defined]
        x.antall = x.rapporter.count()  # type: ignore[attr-defined]
    apne = [
        r
        for r in forum_access.runder_for(request.user).filter(rapportrunde__isnull=True)
        if r.versjoner.filter(type=Versjon.Type.VEDTAK).exists()
    ]
    return render(
        request,
        "rapport/runder.html",
        {
            "runder": rr,
            "kan_apne": apne,
            "kan_styre": access.can_manage(request.user)[0],
            "standard_frist": {r.pk: dt.date(r.aar + 1, 11, 1).isoformat() for r in apne},
        },
    )


@login_required
@require_POST
@permission.inside(access.can_manage)
def ny_runde(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_manage(request.user)
    if not allowed:
        return forbidden(request, reason)
    raw = request.POST.get("runde", "")
    runde = (
        forum_access.runder_for(request.user).filter(pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 18
        else None
    )
    frist = _parse_dato(request.POST.get("frist", ""))
    foer = _parse_dager(request.POST.get("foer", "60, 14"))
    etter = request.POST.get("etter", "7").strip()
    if runde is None or frist is None or foer is None or not etter.isdigit():
        messages.error(
            request,
            _("Velg en runde og skriv fristen som dato (ÅÅÅÅ-MM-DD) og dagene som hele tall."),
        )
        return redirect("rapport:runder")
    try:
        rr = services.opprett_rapportrunde(
            runde,
            frist=frist,
            paaminnelser_foer=foer,
            paaminnelse_etter=int(etter),
            by=acting_user(request),
        )
    except services.RapportError as e:
        messages.error(request, str(e))
        return redirect("rapport:runder")
    messages.success(request, _("Rapportrunden er åpnet."))
    return redirect("rapport:runde", pk=rr.pk)


def _runde(request: HttpRequest, pk: int) -> Rapportrunde:
    return get_object_or_404(access.runder_for(request.user), pk=pk)


@login_required
@require_GET
@permission(None, load=_runde)
def runde(request: HttpRequest, pk: int) -> HttpResponse:
    rr = _runde(request, pk)
    rapporter = services.rapporter(rr)
    ikke = [r for r in rapporter if r.status in services.VENTER]
    for r in rapporter:
        r.referanse = services.referanse(r)  # type: ignore[attr-defined]
        kl = [services.som_kontroll(li) for li in r.linjer.all()]
        r.summer = kontroll.summer(kl)  # type: ignore[attr-defined]
        r.sist_paaminnet = next(iter(r.paaminnelser.all()), None)  # type: ignore[attr-defined]
    kan_styre = access.can_manage(request.user)[0]
    return render(
        request,
        "rapport/runde.html",
        {
            "rr": rr,
            "rapporter": rapporter,
            "ikke": ikke,
            "kan_styre": kan_styre,
            "tilbake": services.tilbakebetalinger(rr, rapporter) if kan_styre else [],
            "foer": ", ".join(str(d) for d in rr.paaminnelser_foer),
        },
    )


@login_required
@require_POST
@permission.inside(access.can_manage)
def frist(request: HttpRequest, pk: int) -> HttpResponse:
    rr = _runde(request, pk)
    allowed, reason = access.can_manage(request.user)
    if not allowed:
        return forbidden(request, reason)
    d = _parse_dato(request.POST.get("frist", ""))
    foer = _parse_dager(request.POST.get("foer", ""))
    etter = request.POST.get("etter", "").strip()
    if d is None or foer is None or not etter.isdigit():
        messages.error(request, _("Skriv fristen som dato (ÅÅÅÅ-MM-DD) og dagene som hele tall."))
        return redirect("rapport:runde", pk=rr.pk)
    try:
        services.endre_frist(
            rr,
            frist=d,
            paaminnelser_foer=foer,
            paaminnelse_etter=int(etter),
            by=acting_user(request),
        )
    except services.RapportError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Fristen og påminnelsene er lagret."))
    return redirect("rapport:runde", pk=rr.pk)


@login_required
@require_POST
@permission.inside(access.can_manage)
def send_paaminnelser(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the reminders' task on the queue now (it sends only what is due and not sent)."""
    rr = _runde(request, pk)
    allowed, reason = access.can_manage(request.user)
    if not allowed:
        return forbidden(request, reason)
    paaminnelser.send_forfalte.enqueue()
    messages.success(
        request, _("Forfalte påminnelser sendes i bakgrunnen; de vises her når de er sendt.")
    )
    return redirect("rapport:runde", pk=rr.pk)


@login_required
@require_http_methods(["GET", "POST"])
@permission.inside(access.can_manage)
def behandle(request: HttpRequest, pk: int) -> HttpResponse:
    """The caseworker's review: read the report, approve it or ask for changes."""
    r = _rapport(request, pk)
    if not access.er_stab(request.user):
        raise Http404
    if request.method == "POST":
        allowed, reason = access.can_manage(request.user)
        if not allowed:
            return forbidden(request, reason)
        try:
            if request.POST.get("handling") == "godkjenn":
                services.godkjenn(r, by=acting_user(request))
                messages.success(request, _("Rapporten er godkjent."))
            else:
                services.be_om_endring(
                    r, melding=request.POST.get("melding", ""), by=acting_user(request)
                )
                messages.success(request, _("Partnerskapet er bedt om å endre rapporten."))
        except services.RapportError as e:
            messages.error(request, str(e))
            return redirect("rapport:behandle", pk=r.pk)
        return redirect("rapport:runde", pk=r.rapportrunde_id)
    ls = services.linjer(r)
    kl = [services.som_kontroll(li) for li in ls]
    return render(
        request,
        "rapport/behandle.html",
        {
            "r": r,
            "referanse": services.referanse(r),
            "linjer": [
                {"k": k, "maal": [(label, str(li.maal().get(b) or "")) for b, label in MAAL]}
                for li, k in zip(ls, kl, strict=True)
            ],
            "summer": kontroll.summer(kl),
            "funn": services.funn(r, ls),
            "vedlegg": list(r.vedlegg.all()),
            "kan_styre": access.can_manage(request.user)[0],
            "kan_se_vedlegg": access.can_download_attachment(request.user)[0],
        },
    )


@login_required
@require_GET
@permission.inside(forum_access.can_see_payments)
def tilbakebetaling(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    rr = _runde(request, pk)
    allowed, reason = forum_access.can_see_payments(request.user)
    if not allowed:
        return forbidden(request, reason)
    data = tilbakebetaling_xlsx(services.tilbakebetalinger(rr))
    return download(
        io.BytesIO(data),
        f"tilbakebetaling-{rr.runde.aar}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
