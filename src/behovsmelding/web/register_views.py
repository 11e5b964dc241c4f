"""The organisation register's pages for Statsforvalteren's caseworkers.

A caseworker sees the organisations :func:`access.virksomheter_i_regionen` gives; any other
answers 404. Everybody else gets 403 with the reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from . import access, register, register_services
from .innlogging.fersk import require_fresh_login
from .models import Hendelse, Region, Virksomhet, Virksomhetstype
from .register_forms import AliasForm, ImportForm, VirksomhetForm
from .register_import import ImportFeil
from .viewkit import acting_user, permission, refused

PAGE_SIZE = 50
MAKS_IMPORTFIL = 20 * 1024 * 1024


def _virksomhet_or_404(request: HttpRequest, pk: int) -> Virksomhet:
    return get_object_or_404(
        access.virksomheter_i_regionen(request.user).select_related("region"), pk=pk
    )


def _regioner(user: Any, v: Virksomhet | None = None) -> QuerySet[Region]:
    """The regions a caseworker may give an organisation: their own (all for a superuser),
    and the one it has."""
    return access.regioner_for(user, v.region_id if v else None)


def kontostatus(v: Virksomhet) -> tuple[str, str]:
    """(tag colour, text) for the account number column."""
    if not v.kontonummer:
        return "warning", "Mangler"
    if not register_services.kontonummer_gyldig(v.kontonummer):
        return "danger", "Ugyldig (MOD11)"
    return "success", register_services.gruppert(v.kontonummer)


@login_required
@require_http_methods(["GET"])
@permission(access.can_see_register)
def liste(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    typ = request.GET.get("type", "")
    qs = access.virksomheter_i_regionen(request.user).select_related("region")
    if q:
        qs = qs.filter(register.soek(q))
    if typ in Virksomhetstype.values:
        qs = qs.filter(type=typ)
    page = Paginator(qs.distinct().order_by("navn", "id"), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    rows = [
        {
            "v": v,
            "orgnr": register_services.gruppert(v.orgnr or ""),
            "orgnr_gyldig": register_services.orgnr_gyldig(v.orgnr),
            "konto": kontostatus(v),
        }
        for v in page
    ]
    params = "&".join(f"{k}={val}" for k, val in (("q", q), ("type", typ)) if val)
    return render(
        request,
        "web/register/liste.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "type": typ,
            "typer": Virksomhetstype.choices,
            "params": params,
            "kan_endre": access.can_manage_register(request.user)[0],
        },
    )


def _detalj(
    request: HttpRequest,
    v: Virksomhet,
    *,
    form: VirksomhetForm | None = None,
    alias_form: AliasForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = access.can_manage_register(request.user)[0]
    if form is None:
        form = VirksomhetForm(
            initial=VirksomhetForm.initial_for(v), regioner=_regioner(request.user, v)
        )
    historikk = Hendelse.objects.filter(
        type__startswith="virksomhet.", payload__virksomhet=v.pk
    ).select_related("bruker")
    return render(
        request,
        "web/register/virksomhet.html",
        {
            "v": v,
            "orgnr": register_services.gruppert(v.orgnr or ""),
            "orgnr_gyldig": register_services.orgnr_gyldig(v.orgnr),
            "konto": kontostatus(v),
            "form": form,
            "alias_form": alias_form or AliasForm(),
            "aliaser": v.aliaser.select_related("opprettet_av"),
            "kontoendringer": [
                {
                    "e": e,
                    "for": register_services.gruppert(e.for_verdi) or "(tom)",
                    "etter": register_services.gruppert(e.etter_verdi) or "(tom)",
                }
                for e in v.kontonummerendringer.select_related("endret_av").order_by(
                    "-endret", "-id"
                )
            ],
            "historikk": historikk.order_by("-tidspunkt", "-id")[:100],
            "partnerskap": v.partnerskap.select_related("region"),
            "kan_endre": can_manage,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission.inside(access.can_manage_register)
def virksomhet(request: HttpRequest, pk: int) -> HttpResponse:
    v = _virksomhet_or_404(request, pk)
    if refusal := refused(request, access.can_see_register(request.user)):
        return refusal
    if request.method == "GET":
        return _detalj(request, v)
    if refusal := refused(request, access.can_manage_register(request.user)):
        return refusal
    form = VirksomhetForm(request.POST, regioner=_regioner(request.user, v))
    if not form.is_valid():
        return _detalj(request, v, form=form, status=400)
    if register_services.kontonummer_digits(form.cleaned_data["kontonummer"]) != v.kontonummer:
        # A new account number (where the money goes) waits for a fresh login; nothing saved.
        fresh = require_fresh_login(request, reverse("register:virksomhet", args=[v.pk]))
        if fresh is not None:
            return fresh
    try:
        endret = register_services.endre_virksomhet(
            v, form.endringer(), basert_paa=form.cleaned_data["endret"], by=acting_user(request)
        )
    except register_services.Utdatert as e:
        v.refresh_from_db()
        # Keep what was typed, based on the version now stored: saving again overwrites.
        data = request.POST.copy()
        data["endret"] = v.endret.isoformat()
        form = VirksomhetForm(data, regioner=_regioner(request.user, v))
        form.is_valid()
        messages.error(request, str(e))
        return _detalj(request, v, form=form, status=409)
    except register_services.RegisterError as e:
        form.add_error(None, str(e))
        return _detalj(request, v, form=form, status=400)
    if endret:
        messages.success(request, "Lagret: " + ", ".join(endret) + ".")
    else:
        messages.info(request, "Ingenting er endret.")
    return redirect("register:virksomhet", pk=v.pk)


@login_required
@require_POST
@permission(access.can_manage_register, after=_virksomhet_or_404)
def alias_ny(request: HttpRequest, pk: int) -> HttpResponse:
    v = _virksomhet_or_404(request, pk)
    form = AliasForm(request.POST)
    if not form.is_valid():
        return _detalj(request, v, alias_form=form, status=400)
    try:
        alias = register_services.legg_til_alias(
            v, form.cleaned_data["navn"], by=acting_user(request)
        )
    except register_services.RegisterError as e:
        form.add_error("navn", str(e))
        return _detalj(request, v, alias_form=form, status=400)
    if alias is None:
        messages.info(request, "Navnet er allerede kjent for denne virksomheten.")
    else:
        messages.success(request, f"«{alias.navn}» er lagt til som navn på {v.navn}.")
    return redirect("register:virksomhet", pk=v.pk)


@login_required
@require_POST
@permission(access.can_manage_register, after=_virksomhet_or_404)
def alias_fjern(request: HttpRequest, pk: int) -> HttpResponse:
    v = _virksomhet_or_404(request, pk)
    raw = request.POST.get("alias", "")
    try:
        alias = register_services.fjern_alias(
            v, int(raw) if raw.isdigit() and len(raw) < 12 else 0, by=acting_user(request)
        )
    except register_services.RegisterError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"«{alias.navn}» er fjernet.")
    return redirect("register:virksomhet", pk=v.pk)


@login_required
@require_http_methods(["GET", "POST"])
@permission(access.can_manage_register)
def importer(request: HttpRequest) -> HttpResponse:
    regioner = _regioner(request.user)
    t = access.tilgang_for(request.user)
    if request.method == "GET":
        form = ImportForm(initial={"region": t.region_id if t else None}, regioner=regioner)
        return render(request, "web/register/importer.html", {"form": form})
    form = ImportForm(request.POST, request.FILES, regioner=regioner)
    if form.is_valid() and form.cleaned_data["fil"].size > MAKS_IMPORTFIL:
        form.add_error("fil", "Filen er større enn 20 MB; del den opp.")
    if not form.is_valid():
        return render(request, "web/register/importer.html", {"form": form}, status=400)
    fil = form.cleaned_data["fil"]
    try:
        report = register_services.importer(
            fil.read(),
            fil.name or "uten-navn",
            region=form.cleaned_data["region"],
            by=acting_user(request),
        )
    except ImportFeil as e:
        form.add_error("fil", f"Filen ble ikke importert: {e} Ingenting er endret.")
        return render(request, "web/register/importer.html", {"form": form}, status=400)
    messages.success(request, report.linjer()[0])
    return render(
        request,
        "web/register/importer.html",
        {
            "form": ImportForm(initial={"region": form.cleaned_data["region"]}, regioner=regioner),
            "rapport": report,
        },
    )
