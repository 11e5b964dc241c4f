"""Typed function views of the owners' form: check access, call a service, render."""

from __future__ import annotations

import json
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
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...record import Behovsmelding as Record
from .. import access as web_access
from .. import services as web_services
from ..innlogging.fersk import require_fresh_login
from ..rapport import prefill
from ..referanse import referanse
from ..viewkit import download
from ..viewkit import forbidden as _forbidden
from . import access, forms, services, vedlegg_views
from . import messages as funnmeldinger
from .config import skjema_aar
from .diff import show, word_diff
from .fields import (
    CHECKBOXES,
    JANEI,
    RADIO,
    SELECT,
    STEG,
    TEXT,
    TEXTAREA,
    Felt,
    Rader,
    deler,
    html_id,
    kind_of,
    label_for,
    step_of_path,
)
from .merge import TABLES, Endret, RadEndring, row_ids, row_is_empty, split_key, valid_row_id
from .models import Utkast
from .receipt import mottaker, sprak_of


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
    drafts = list(
        access.drafts_for(request.user).select_related("behovsmelding", "endret_av", "partnerskap")
    )
    user = _user(request)
    for d in drafts:
        d.tiltak = services.tiltak_titles(d)  # type: ignore[attr-defined]
        d.kan_slettes = access.can_delete(user, d)[0]  # type: ignore[attr-defined]
        d.referanse = referanse(d.behovsmelding_id) if d.behovsmelding_id else ""  # type: ignore[attr-defined]
    return render(
        request,
        "skjema/mine.html",
        {
            "utkast": [d for d in drafts if not d.sendt_inn],
            "sendt": [d for d in drafts if d.sendt_inn],
            "kan_starte": access.can_create(user)[0],
            "tidligere": bool(services.earlier(user)) if access.can_create(user)[0] else False,
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
@require_http_methods(["GET", "POST"])
def videreforing(request: HttpRequest) -> HttpResponse:
    """ "Videreføre fra i fjor": which earlier behovsmelding to copy into a new draft; a second
    draft from the same one only when the owner says so."""
    allowed, reason = access.can_create(request.user)
    if not allowed:
        return _forbidden(request, reason)
    user = _user(request)
    tidligere = services.earlier(user)
    if request.method == "GET":
        fjor = services.last_years(user)
        valgt = fjor.pk if fjor else tidligere[0].pk if tidligere else None
        return _videreforing_page(request, tidligere, valgt)
    raw = request.POST.get("forrige", "")
    forrige = next((bm for bm in tidligere if str(bm.pk) == raw), None)
    if forrige is None:
        if not tidligere:
            messages.error(
                request, _("Partnerskapet har ingen tidligere behovsmelding å videreføre.")
            )
            return redirect("skjema:mine")
        messages.error(request, _("Velg en av behovsmeldingene i listen."))
        return redirect("skjema:videreforing")
    try:
        u = services.carry_forward(forrige, by=user, likevel=request.POST.get("likevel") == "ja")
    except services.FinnesAllerede as e:
        return _videreforing_page(request, tidligere, forrige.pk, finnes=e, status=409)
    except services.SkjemaError as e:
        messages.error(request, str(e))
        return redirect("skjema:mine")
    messages.success(
        request,
        _("Et nytt utkast er fylt ut med svarene fra %(aar)s.") % {"aar": forrige.aar},
    )
    return redirect("skjema:utkast", pk=u.pk)


def _videreforing_page(
    request: HttpRequest,
    tidligere: list[Any],
    valgt: int | None,
    *,
    finnes: services.FinnesAllerede | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "skjema/videreforing.html",
        {
            "aar": skjema_aar(),
            "tidligere": [
                {
                    "bm": bm,
                    "navn": bm.tittel or bm.eier or str(bm.partnerskap),
                    "tiltak": services.tiltak_of(bm),
                    "utkast": bool(services.drafts_from(bm, user)),
                    "valgt": bm.pk == valgt,
                }
                for bm in tidligere
            ],
            "finnes": (
                {
                    "forrige": finnes.forrige,
                    "navn": finnes.forrige.tittel or finnes.forrige.eier,
                    "utkast": finnes.utkast,
                }
                if finnes
                else None
            ),
        },
        status=status,
    )


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
        "beregnes": path.endswith(".totalt"),
    }


def _table(r: Rader, values: dict[str, Any], ids: list[str]) -> dict[str, Any]:
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
        "rader": [
            {"i": i, "rid": rid, "id": html_id(f"{r.prefix}[{i}]"), "felt": row(i)}
            for i, rid in enumerate(ids)
        ],
        "mal": {"i": "__i__", "rid": "", "id": html_id(f"{r.prefix}[__i__]"), "felt": row("__i__")},
        "legg_til": str(r.legg_til),
        "fjern": str(r.fjern),
        "budsjett": r.prefix == "budsjett.rader",
    }


def _n(i: int | str) -> str:
    return str(i + 1) if isinstance(i, int) else "__n__"


def form_context(
    u: Utkast, record: Record, ugyldig: dict[str, str], rader: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    values = forms.values(record, ugyldig)
    ids = row_ids(u.rader if rader is None else rader, forms.row_counts(record))
    out = []
    for d in deler(u.aar):
        items: list[dict[str, Any]] = []
        for item in d.innhold:
            if isinstance(item, Rader):
                items.append({"tabell": _table(item, values, ids[item.prefix])})
            elif item.path.startswith("budsjett.sum."):
                if not items or "sum" not in items[-1]:
                    items.append({"sum": [], "id": html_id("budsjett.sum")})
                items[-1]["sum"].append(_field(item, item.path, values))
            else:
                items.append({"felt": _field(item, item.path, values)})
        out.append({"key": d.key, "tittel": str(d.tittel), "hjelp": str(d.hjelp), "items": items})
    return out


def steps(
    parts: list[dict[str, Any]], funn: list[dict[str, Any]], aar: int
) -> list[dict[str, Any]]:
    """The form's parts grouped into the web form's steps (``fields.STEG``), each with the
    counts of its findings (for the progress indicator and the review page)."""
    by_key = {d["key"]: d for d in parts}
    out = []
    for n, s in enumerate(STEG, 1):
        own = [f for f in funn if f.get("felt") and step_of_path(f["felt"], aar) == n]
        out.append(
            {
                "n": n,
                "key": s.key,
                "tittel": str(s.tittel),
                "deler": [by_key[k] for k in s.deler if k in by_key],
                "funn": own,
                "antall": _counts(own),
            }
        )
    for i, x in enumerate(out):
        x["forrige"] = out[i - 1]["tittel"] if i > 0 else ""
        x["neste"] = out[i + 1]["tittel"] if i + 1 < len(out) else ""
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
    rader: dict[str, Any] | None = None,
    vedlegg_feil: str = "",
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
            "steg": steps(form_context(u, record, ugyldig, rader), shown, u.aar),
            "okt_sekunder": request.session.get_expiry_age(),
            "okt_varsel": settings.SKJEMA_OKT_VARSEL,
            "tekster": _texts(),
            "versjon": versjon,
            "funn": shown,  # also for the script, through json_script (never |safe)
            "antall": _counts(shown),
            "kan_endre": access.can_edit(user, u)[0],
            "kan_velge_uh": kan_velge_uh,
            "kan_sende": access.can_submit(user, u)[0],
            "uh_valg": services.uh_choices() if kan_velge_uh else [],
            "konflikt": _konflikt_view(konflikt, u.aar) if konflikt else None,
            "ikke_klar": funnmeldinger.for_page(ikke_klar.feil) if ikke_klar else None,
            "vedlegg": vedlegg_views.context(user, u, feil=vedlegg_feil),
            "forhandsutfylt": prefill.merknad(u),
        },
        status=status,
    )


def render_form_with_attachment_error(request: HttpRequest, u: Utkast, feil: str) -> HttpResponse:
    """The form page again (400) with an upload's error at the file field (without scripts)."""
    return _render_form(
        request,
        u,
        Record.from_dict(u.data),
        dict(u.ugyldig),
        versjon=u.versjon,
        status=400,
        vedlegg_feil=feil,
    )


def _texts() -> dict[str, str]:
    """The page script's words (in the page's language), given through json_script."""
    return {
        "lagret": _("Lagret kl."),
        "lagrer": _("Lagrer …"),
        "feil": _("Kunne ikke lagre. Prøv igjen – det du har skrevet, står i skjemaet."),
        "ulagret": _("Ikke lagret ennå."),
        "sistLagret": _("Sist lagret kl. __t__."),
        "ikkeLagret": _("Ikke lagret – du er logget ut."),
        "beregnet": _("Beregnet"),
        "antall": _("__f__ feil, __a__ advarsler, __m__ merknader"),
        "avklar": _("__n__ felt må avklares (se meldingen ved feltet)"),
        "avklarForst": _(
            "Avklar først feltene som noen andre har endret (se meldingen ved feltet)."
        ),
        "beholdt": _("En rad du fjernet, er beholdt fordi noen andre endret den samtidig."),
        "konfliktTittel": _("Endret av en annen"),
        "konflikt": _(
            "__hvem__ lagret noe annet i «__felt__» mens du skrev. Velg hva som skal stå der."
        ),
        "dinTekst": _("Din tekst"),
        "deresTekst": _("Teksten til __hvem__"),
        "dinVerdi": _("Din verdi"),
        "deresVerdi": _("Verdien til __hvem__"),
        "beholdMin": _("Behold min"),
        "taDeres": _("Ta deres"),
        "beholdBegge": _("Behold begge"),
        "angre": _("Angre"),
        "fjernet": _("Raden «__navn__» er fjernet."),
        "gjenopprett": _("Du har endringer som ikke ble lagret – ta dem inn?"),
        "taInn": _("Ta dem inn"),
        "forkast": _("Forkast dem"),
        "okt": _("Du blir logget ut kl. __t__ hvis du ikke gjør noe. Det du skriver, tas vare på."),
        "forleng": _("Forleng"),
        "utlogget": _(
            "Du er logget ut. Det du har skrevet, er tatt vare på i denne nettleseren: logg "
            "inn igjen og åpne behovsmeldingen, så kan du ta det inn."
        ),
        "loggInn": _("Logg inn igjen"),
        "fjerneSporsmal": _("Vil du fjerne raden «__navn__»?"),
        "jaFjern": _("Ja, fjern"),
        "avbryt": _("Avbryt"),
        "stegFerdig": _("Ferdig"),
        "stegIkkeFerdig": _("Ikke ferdig"),
        "stegFeil": _("__n__ feil"),
        "stegAdvarsel": _("__n__ advarsel"),
        "stegAdvarsler": _("__n__ advarsler"),
        "stegAvklar": _("__n__ må avklares"),
        "stegAv": _("Steg __n__ av __m__"),
    }


def _counts(funn: list[dict[str, Any]]) -> dict[str, int]:
    return {
        s: sum(1 for f in funn if f["alvorlighet"] == s) for s in ("feil", "advarsel", "merknad")
    }


def _konflikt_view(k: services.Konflikt, aar: int) -> dict[str, Any]:
    return {
        "tittel": _("Noen andre har lagret behovsmeldingen"),
        "melding": str(k),
        "versjon": k.versjon,
        "endringer": [
            {
                "felt": e.felt,
                "id": html_id(_position(e.felt, k.rader)),
                "label": label_for(_position(e.felt, k.rader), aar),
                "for": show(e.for_verdi),
                "etter": show(e.etter_verdi),
                "verdi": e.etter_verdi,
            }
            for e in k.endringer
        ],
    }


def _position(key: str, rader: dict[str, list[str]]) -> str:
    """A stable key as the input's name on the page: ``budsjett.rader[r7].uh`` → ``[2]``."""
    parts = split_key(key)
    if parts is None:
        return key
    t, rid, f = parts
    ids = rader.get(t, [])
    return f"{t}[{ids.index(rid)}].{f}" if rid in ids else t


def _konflikter(res: services.Lagret, aar: int) -> list[dict[str, Any]]:
    out = []
    rader = res.utkast.rader
    for k in res.konflikter:
        path = _position(k.felt, rader)
        tekst = kind_of(k.felt, aar) in (TEXT, TEXTAREA)
        mine, deres = word_diff(str(k.mine or ""), str(k.deres or "")) if tekst else ([], [])
        out.append(
            {
                "felt": k.felt,
                "id": html_id(path),
                "label": label_for(path, aar),
                "tekst": tekst,
                "mine": show(k.mine),
                "deres": show(k.deres),
                "deres_verdi": k.deres,
                "versjon": k.versjon,
                "hvem": res.lagret_av or _("Noen andre"),
                "diff_mine": mine,
                "diff_deres": deres,
            }
        )
    return out


def _versjon(request: HttpRequest) -> int:
    """The version the posted form was based on; 0 (every change a conflict) when it is not
    one."""
    raw = request.POST.get("versjon", "0").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else 0


def _posted_ids(data: Any) -> dict[str, list[str]]:
    """The row ids posted with a whole form, for the rows the record keeps."""
    out: dict[str, list[str]] = {}
    for t, fields in TABLES.items():
        ids = []
        for i in forms.rows_in(data, t):
            row = {f"{t}[{i}].{f}": data.get(f"{t}[{i}].{f}", "") for f in fields}
            if not row_is_empty(t, row, str(i)):
                ids.append(str(data.get(f"{t}[{i}].id", "")))
        out[t] = ids
    return out


@login_required
@require_http_methods(["GET", "POST"])
def utkast(request: HttpRequest, pk: int) -> HttpResponse:
    u = _draft_or_404(request, pk)
    # A person at work on the form is active: the session lasts from now (see skjema.js).
    request.session.modified = True
    if request.method == "GET":
        return _render_form(
            request, u, Record.from_dict(u.data), dict(u.ugyldig), versjon=u.versjon
        )
    if u.sendt_inn:
        return _already_sent(request, u)
    utfylt = forms.parse(request.POST, aar=u.aar)
    try:
        u = services.save_draft(
            u,
            utfylt,
            base_versjon=_versjon(request),
            by=_user(request),
            posted_ids=_posted_ids(request.POST),
        )
    except services.Konflikt as k:
        # Everything else is stored; the conflicting fields show what this person typed, and
        # the message what the other person saved there. Saving again keeps this person's.
        u.refresh_from_db()
        state = services.state_of(u.data, u.ugyldig, u.rader)
        for e in k.endringer:
            state.values[e.felt] = e.for_verdi
        merged, ids = services.to_record(state, u.aar)
        return _render_form(
            request,
            u,
            merged.record,
            merged.ugyldig,
            versjon=k.versjon,
            konflikt=k,
            status=409,
            rader=ids,
        )
    except services.SkjemaError as e:
        u.refresh_from_db()
        if u.sendt_inn:
            return _already_sent(request, u)
        return _forbidden(request, str(e))
    if request.POST.get("handling") == "send":
        # The draft is saved; sending waits for a fresh login (and comes back here).
        fresh = require_fresh_login(request, reverse("skjema:utkast", args=[u.pk]))
        if fresh is not None:
            return fresh
        try:
            services.submit(
                u, by=_user(request), sprak=get_language(), absolute=request.build_absolute_uri
            )
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
            u.refresh_from_db()
            if u.sendt_inn:
                return _already_sent(request, u)
            return _forbidden(request, str(e))
        messages.success(request, _("Behovsmeldingen er sendt inn."))
        return redirect("skjema:kvittering", pk=u.pk)
    if request.POST.get("handling") == "se-over":
        return redirect("skjema:se-over", pk=u.pk)
    messages.success(request, _("Utkastet er lagret."))
    return redirect("skjema:utkast", pk=u.pk)


def _already_sent(request: HttpRequest, u: Utkast) -> HttpResponse:
    """Someone sent the draft in first (two people pressed "Send inn"): its receipt."""
    messages.info(request, _("Behovsmeldingen er allerede sendt inn."))
    return redirect("skjema:kvittering", pk=u.pk)


def _json_changes(raw: str, aar: int) -> tuple[dict[str, Endret], dict[str, RadEndring]] | None:
    """The page's changes (``skjema.js``): {"felt": {key: {"v": value, "b": base}},
    "rader": {table: {"mine": [ids], "base": [ids], "verdier": {id: {field: value}}}}}."""
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None

    def value(v: Any) -> Any:
        if isinstance(v, list):
            return [str(x) for x in v if isinstance(x, str)]
        return str(v)[:20000] if isinstance(v, str | int) else ""

    def base(b: Any) -> int:
        return b if isinstance(b, int) and 0 <= b < 10**9 else 0

    felt: dict[str, Endret] = {}
    for k, e in (body.get("felt") or {}).items():
        if isinstance(k, str) and isinstance(e, dict) and "v" in e:
            felt[k] = Endret(value(e["v"]), base(e.get("b")))
    rader: dict[str, RadEndring] = {}
    for t, r in (body.get("rader") or {}).items():
        if t not in TABLES or not isinstance(r, dict):
            continue

        def ids(x: Any) -> list[str]:
            return [i for i in x if valid_row_id(i)] if isinstance(x, list) else []

        verdier = {
            rid: {f: value(v.get(f, "")) for f in TABLES[t]}
            for rid, v in (r.get("verdier") or {}).items()
            if valid_row_id(rid) and isinstance(v, dict)
        }
        rader[t] = RadEndring(mine=ids(r.get("mine")), base=ids(r.get("base")), verdier=verdier)
    return felt, rader


def _kjent(request: HttpRequest) -> int:
    raw = request.POST.get("kjent", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else _versjon(request)


@require_POST
def lagre(request: HttpRequest, pk: int) -> JsonResponse:
    """Autosave and live check: the fields changed on the page (or the whole form) → merged,
    stored, and answered with the findings, the conflicts and what others changed (JSON)."""
    if not request.user.is_authenticated:
        # Not a redirect to the login page: the page keeps the text and says so.
        return JsonResponse({"utlogget": True}, status=401)
    u = _draft_or_404(request, pk)
    allowed, reason = access.can_edit(request.user, u)
    if not allowed:
        return JsonResponse({"feil": reason}, status=403)
    request.session.modified = True
    kjent = _kjent(request)
    if "endringer" in request.POST:
        parsed = _json_changes(request.POST["endringer"], u.aar)
        if parsed is None:
            return JsonResponse({"feil": "endringer"}, status=400)
        felt, rader = parsed
    else:
        felt, rader = services.changes_from_form(
            u,
            forms.parse(request.POST, aar=u.aar),
            base_versjon=_versjon(request),
            posted_ids=_posted_ids(request.POST),
        )
    try:
        res = services.save_fields(u, felt=felt, rader=rader, kjent=kjent, by=_user(request))
    except services.SkjemaError as e:
        return JsonResponse({"feil": str(e)}, status=403)
    u = res.utkast
    record = Record.from_dict(u.data)
    funn = funnmeldinger.for_page(funnmeldinger.findings(record, u.ugyldig))
    state = services.state_of(u.data, u.ugyldig, u.rader)
    mine_rows = {x for r in rader.values() for x in r.mine}
    oppdatert = {
        k: v
        for k, v in state.values.items()
        if u.feltversjoner.get(k, 0) > kjent
        or ((p := split_key(k)) is not None and p[1] not in mine_rows)
    }
    body: dict[str, Any] = {
        "funn": funn,
        "antall": _counts(funn),
        "versjon": u.versjon,
        "lagret": timezone.localtime(u.endret).strftime("%H:%M"),
        "lagrede": sorted(res.lagret),
        "oppdatert": oppdatert,
        "versjoner": {k: u.feltversjoner.get(k, 0) for k in oppdatert},
        "rader": u.rader,
        "beholdt": [rid for _t, rid in res.beholdt],
        "konflikter": _konflikter(res, u.aar),
        "okt_sekunder": request.session.get_expiry_age(),
    }
    return JsonResponse(body, status=409 if res.konflikter else 200)


@require_POST
def forleng(request: HttpRequest) -> JsonResponse:
    """ "Forleng": the session lasts its full time again from now."""
    if not request.user.is_authenticated:
        return JsonResponse({"utlogget": True}, status=401)
    request.session.modified = True
    return JsonResponse({"okt_sekunder": request.session.get_expiry_age()})


@login_required
@require_http_methods(["GET", "POST"])
def slett(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft: a page that asks first, then the deletion (audited)."""
    u = _draft_or_404(request, pk)
    allowed, reason = access.can_delete(request.user, u)
    if not allowed:
        return _forbidden(request, reason)
    if request.method == "GET":
        return render(request, "skjema/slett.html", {"u": u, "tiltak": services.tiltak_titles(u)})
    try:
        services.delete_draft(u, by=_user(request))
    except services.SkjemaError as e:
        return _forbidden(request, str(e))
    messages.success(request, _("Utkastet er slettet."))
    return redirect("skjema:mine")


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
    return render(
        request,
        "skjema/kvittering_side.html",
        {
            "u": u,
            "referanse": referanse(u.behovsmelding_id) if u.behovsmelding_id else "",
            "mottaker": mottaker(services.region_of(u), sprak_of(get_language())),
        },
    )


@login_required
@require_GET
def kvittering_pdf(request: HttpRequest, pk: int) -> FileResponse:
    u = _draft_or_404(request, pk)
    if u.kvittering is None:
        raise Http404(_("Behovsmeldingen er ikke sendt inn."))
    path = web_services.original_path(u.kvittering)
    if not path.exists():
        raise Http404("Kvitteringen finnes ikke lenger på disken.")
    return download(path.open("rb"), u.kvittering.filnavn, "application/pdf")


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
