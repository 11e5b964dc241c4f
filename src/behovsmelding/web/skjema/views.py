"""Typed function views of the owners' form: check access, call a service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...record import Behovsmelding as Record
from .. import access as web_access
from .. import services as web_services
from ..innlogging.fersk import require_fresh_login
from ..views import _forbidden
from . import access, forms, services
from . import messages as funnmeldinger
from .diff import show
from .fields import CHECKBOXES, JANEI, RADIO, SELECT, Felt, Rader, deler, html_id, label_for
from .models import Utkast


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _draft_or_404(request: HttpRequest, pk: int) -> Utkast:
    return get_object_or_404(
        access.drafts_for(request.user).select_related(
            "partnerskap", "behovsmelding", "uh_virksomhet"
        ),
        pk=pk,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_use_form(request.user)
    if not allowed:
        return _forbidden(request, reason)
    drafts = list(access.drafts_for(request.user).select_related("behovsmelding", "endret_av"))
    user = _user(request)
    return render(
        request,
        "skjema/mine.html",
        {
            "utkast": [d for d in drafts if not d.sendt_inn],
            "sendt": [d for d in drafts if d.sendt_inn],
            "kan_starte": access.can_create(user)[0],
            "fjoraaret": services.last_years(user) if access.can_create(user)[0] else None,
        },
    )


@login_required
@require_POST
def ny(request: HttpRequest) -> HttpResponse:
    try:
        u = services.create_draft(by=_user(request))
    except services.SkjemaError as e:
        return _forbidden(request, str(e))
    return redirect("skjema:utkast", pk=u.pk)


@login_required
@require_POST
def videreforing(request: HttpRequest) -> HttpResponse:
    allowed, reason = access.can_create(request.user)
    if not allowed:
        return _forbidden(request, reason)
    try:
        u = services.carry_forward(by=_user(request))
    except services.SkjemaError as e:
        messages.error(request, str(e))
        return redirect("skjema:mine")
    messages.success(request, _("Et nytt utkast er fylt ut med svarene fra i fjor."))
    return redirect("skjema:utkast", pk=u.pk)


@require_POST
def sprak(request: HttpRequest) -> HttpResponse:
    """The language switch: bokmål or nynorsk, kept in a cookie."""
    lang = request.POST.get("language", "nb")
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        nxt = reverse("skjema:mine")
    response = redirect(nxt)
    if lang in dict(settings.LANGUAGES) and check_for_language(lang):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


# --- the form page --------------------------------------------------------------------------


def _field(f: Felt, path: str, values: dict[str, Any], label: str | None = None) -> dict[str, Any]:
    return {
        "path": path,
        "id": html_id(path),
        "label": label or str(f.label),
        "kind": f.kind,
        "options": [(k, str(v)) for k, v in f.options],
        "value": values.get(path, [] if f.kind == CHECKBOXES else ""),
        "hjelp": str(f.hjelp),
        "autocomplete": f.autocomplete,
        "gruppe": f.kind in (RADIO, CHECKBOXES, JANEI),
        "janei": [("ja", _("Ja")), ("nei", _("Nei"))] if f.kind == JANEI else [],
        "select": f.kind == SELECT,
        "beregnes": path.endswith(".totalt") or path.startswith("budsjett.sum."),
    }


def _table(r: Rader, values: dict[str, Any], n: int) -> dict[str, Any]:
    rad = _("Rad")

    def row(i: int | str) -> list[dict[str, Any]]:
        return [
            {
                **_field(f, f"{r.prefix}[{i}].{f.path}", values, f"{rad} {_n(i)}: {f.label}"),
                "mal": f"{rad} __n__: {f.label}",
            }
            for f in r.felt
        ]

    return {
        "prefix": r.prefix,
        "id": html_id(r.prefix),
        "label": str(r.label),
        "kolonner": [str(f.label) for f in r.felt],
        "rader": [{"i": i, "id": html_id(f"{r.prefix}[{i}]"), "felt": row(i)} for i in range(n)],
        "mal": {"i": "__i__", "id": html_id(f"{r.prefix}[__i__]"), "felt": row("__i__")},
        "legg_til": str(r.legg_til),
        "fjern": str(r.fjern),
        "budsjett": r.prefix == "budsjett.rader",
    }


def _n(i: int | str) -> str:
    return str(i + 1) if isinstance(i, int) else "__n__"


def form_context(u: Utkast, record: Record, ugyldig: dict[str, str]) -> list[dict[str, Any]]:
    values = forms.values(record, ugyldig)
    counts = forms.row_counts(record)
    out = []
    for d in deler(u.aar):
        items: list[dict[str, Any]] = []
        for item in d.innhold:
            if isinstance(item, Rader):
                items.append({"tabell": _table(item, values, counts[item.prefix])})
            elif item.path.startswith("budsjett.sum."):
                if not items or "sum" not in items[-1]:
                    items.append({"sum": [], "id": html_id("budsjett.sum")})
                items[-1]["sum"].append(_field(item, item.path, values))
            else:
                items.append({"felt": _field(item, item.path, values)})
        out.append({"key": d.key, "tittel": str(d.tittel), "hjelp": str(d.hjelp), "items": items})
    return out


def _render_form(
    request: HttpRequest,
    u: Utkast,
    record: Record,
    ugyldig: dict[str, str],
    *,
    versjon: int,
    funn: list[dict[str, str]] | None = None,
    konflikt: services.Konflikt | None = None,
    ikke_klar: services.IkkeKlar | None = None,
    status: int = 200,
) -> HttpResponse:
    if funn is None:
        funn = funnmeldinger.findings(record, ugyldig)
    shown = funnmeldinger.for_page(funn)
    user = _user(request)
    kan_velge_uh = access.can_choose_uh(user, u)[0]
    return render(
        request,
        "skjema/skjema.html",
        {
            "u": u,
            "deler": form_context(u, record, ugyldig),
            "versjon": versjon,
            "funn": shown,  # also for the script, through json_script (never |safe)
            "antall": _counts(shown),
            "kan_endre": access.can_edit(user, u)[0],
            "kan_velge_uh": kan_velge_uh,
            "uh_valg": services.uh_choices() if kan_velge_uh else [],
            "konflikt": _konflikt_view(konflikt, u.aar) if konflikt else None,
            "ikke_klar": funnmeldinger.for_page(ikke_klar.feil) if ikke_klar else None,
        },
        status=status,
    )


def _counts(funn: list[dict[str, Any]]) -> dict[str, int]:
    return {
        s: sum(1 for f in funn if f["alvorlighet"] == s) for s in ("feil", "advarsel", "merknad")
    }


def _konflikt_view(k: services.Konflikt, aar: int) -> dict[str, Any]:
    return {
        "tittel": _("Noen andre har lagret behovsmeldingen"),
        "knapp": _("Ta inn endringene og lagre"),
        "melding": str(k),
        "versjon": k.versjon,
        "endringer": [
            {
                "felt": e.felt,
                "id": html_id(e.felt),
                "label": label_for(e.felt, aar),
                "for": show(e.for_verdi),
                "etter": show(e.etter_verdi),
                "verdi": e.etter_verdi,
            }
            for e in k.endringer
        ],
    }


def _versjon(request: HttpRequest) -> int:
    """The version the posted form was based on; 0 (a conflict, shown) when it is not one."""
    raw = request.POST.get("versjon", "0").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else 0


@login_required
@require_http_methods(["GET", "POST"])
def utkast(request: HttpRequest, pk: int) -> HttpResponse:
    u = _draft_or_404(request, pk)
    if request.method == "GET":
        return _render_form(
            request, u, Record.from_dict(u.data), dict(u.ugyldig), versjon=u.versjon
        )
    allowed, reason = access.can_edit(request.user, u)
    if not allowed:
        return _forbidden(request, reason)
    utfylt = forms.parse(request.POST, aar=u.aar)
    try:
        u = services.save_draft(u, utfylt, base_versjon=_versjon(request), by=_user(request))
    except services.Konflikt as k:
        merged = _merge(request, u, utfylt, k)
        return _render_form(
            request, u, merged.record, merged.ugyldig, versjon=k.versjon, konflikt=k, status=409
        )
    if request.POST.get("handling") == "send":
        # The draft is saved; sending waits for a fresh login (and comes back here).
        fresh = require_fresh_login(request, reverse("skjema:utkast", args=[u.pk]))
        if fresh is not None:
            return fresh
        try:
            services.submit(u, by=_user(request))
        except services.IkkeKlar as e:
            return _render_form(
                request,
                u,
                utfylt.record,
                utfylt.ugyldig,
                versjon=u.versjon,
                ikke_klar=e,
                status=400,
            )
        except services.SkjemaError as e:
            return _forbidden(request, str(e))
        messages.success(request, _("Behovsmeldingen er sendt inn."))
        return redirect("skjema:kvittering", pk=u.pk)
    messages.success(request, _("Utkastet er lagret."))
    return redirect("skjema:utkast", pk=u.pk)


def _merge(
    request: HttpRequest, u: Utkast, utfylt: forms.Utfylt, k: services.Konflikt
) -> forms.Utfylt:
    """Three-way merge for a form posted without scripts: their changes where this one left
    the field as it was, this one's text wherever it typed (so nothing typed is lost)."""
    from .models import Versjon

    base = Versjon.objects.filter(utkast=u, nr=_versjon(request)).first()
    before = forms.values(Record.from_dict(base.data), base.ugyldig) if base else {}
    mine = forms.values(utfylt.record, utfylt.ugyldig)
    data: dict[str, Any] = {}
    for key, v in mine.items():
        data[key] = v
    for e in k.endringer:
        if before.get(e.felt, "") == mine.get(e.felt, ""):
            data[e.felt] = e.etter_verdi
    return forms.parse(data, aar=u.aar)


@login_required
@require_POST
def lagre(request: HttpRequest, pk: int) -> JsonResponse:
    """Autosave and live check: the form as it is now → saved version and findings (JSON)."""
    u = _draft_or_404(request, pk)
    allowed, reason = access.can_edit(request.user, u)
    if not allowed:
        return JsonResponse({"feil": reason}, status=403)
    utfylt = forms.parse(request.POST, aar=u.aar)
    funn = funnmeldinger.for_page(funnmeldinger.findings(utfylt.record, utfylt.ugyldig))
    body: dict[str, Any] = {"funn": funn, "antall": _counts(funn)}
    try:
        u = services.save_draft(u, utfylt, base_versjon=_versjon(request), by=_user(request))
    except services.Konflikt as k:
        body["konflikt"] = _konflikt_view(k, u.aar)
        return JsonResponse(body, status=409)
    body["versjon"] = u.versjon
    body["lagret"] = timezone.localtime(u.endret).strftime("%H:%M:%S")
    return JsonResponse(body)


@login_required
@require_POST
def kompetansemiljo(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner picks the UH organisation (from the register) that writes in the draft."""
    u = _draft_or_404(request, pk)
    allowed, reason = access.can_choose_uh(request.user, u)
    if not allowed:
        return _forbidden(request, reason)
    valgt = request.POST.get("uh_virksomhet", "").strip()
    v = None
    if valgt:
        v = next((x for x in services.uh_choices() if str(x.pk) == valgt), None)
        if v is None:
            messages.error(request, _("Velg et kompetansemiljø fra listen."))
            return redirect(reverse("skjema:utkast", args=[u.pk]) + "#kompetansemiljo")
    try:
        services.choose_uh(u, v, by=_user(request))
    except services.SkjemaError as e:
        messages.error(request, str(e))
    else:
        if v is None:
            messages.success(request, _("Ingen kompetansemiljø skriver i behovsmeldingen nå."))
        else:
            messages.success(
                request,
                _("Brukerne hos %(uh)s kan nå åpne og skrive i behovsmeldingen.") % {"uh": v.navn},
            )
    return redirect(reverse("skjema:utkast", args=[u.pk]) + "#kompetansemiljo")


@login_required
@require_GET
def kvittering(request: HttpRequest, pk: int) -> HttpResponse:
    u = _draft_or_404(request, pk)
    if not u.sendt_inn:
        raise Http404(_("Behovsmeldingen er ikke sendt inn."))
    return render(request, "skjema/kvittering_side.html", {"u": u})


@login_required
@require_GET
def kvittering_pdf(request: HttpRequest, pk: int) -> FileResponse:
    u = _draft_or_404(request, pk)
    if u.kvittering is None:
        raise Http404(_("Behovsmeldingen er ikke sendt inn."))
    path = web_services.original_path(u.kvittering)
    if not path.exists():
        raise Http404("Kvitteringen finnes ikke lenger på disken.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=u.kvittering.filnavn)


@login_required
@require_GET
def endringer(request: HttpRequest, pk: int) -> HttpResponse:
    """For the caseworker: what a carried-forward behovsmelding changed since last year."""
    bm = get_object_or_404(web_access.visible(request.user), pk=pk)
    u = Utkast.objects.filter(behovsmelding=bm).select_related("forrige").first()
    if u is None or u.forrige is None:
        raise Http404("Behovsmeldingen er ikke videreført fra i fjor.")
    record = Record.from_dict(bm.innhold.data)
    rows = services.changes_from_last_year(u.forrige, record)
    if not web_access.can_see_contacts(request.user, bm)[0]:
        rows = [e for e in rows if not e.felt.startswith("kontaktpersoner")]
    return render(
        request,
        "skjema/endringer.html",
        {
            "bm": bm,
            "forrige": u.forrige,
            "endringer": [
                {
                    "label": label_for(e.felt, u.aar),
                    "for": show(e.for_verdi),
                    "etter": show(e.etter_verdi),
                }
                for e in rows
            ],
        },
    )
