"""Login and logout pages: the login page (providers' buttons and the password form), one
login and one callback view per provider (mozilla-django-oidc's views reading the provider's
settings), logout at the provider, its front-channel logout, and the password asked again."""

from __future__ import annotations

import logging
import secrets
import time
from importlib import import_module
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .. import medlemskap
from ..viewkit import public
from . import fersk, passord, providers
from .backends import BACKENDS, InnloggingFeil, backend_path
from .models import Innloggingsokt, Leverandor
from .services import IngenTilgang

log = logging.getLogger(__name__)

INVITASJON = "innlogging_invitasjon"  # the token of the invitation being accepted
FORNYER = "innlogging_fornyer"  # this login is a re-authentication


def _provider_or_404(provider: str) -> str:
    if not providers.configured(provider):
        raise Http404("Denne innloggingen er ikke satt opp.")
    return provider


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


# --- the login page --------------------------------------------------------------------------


class LoggInnView(auth_views.LoginView):
    """Django's login view with the providers' buttons and the password policy."""

    authentication_form = passord.PassordInnloggingForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        errors = form.non_field_errors().as_data() if form is not None and form.is_bound else []
        context["passord_av"] = next((e.messages[0] for e in errors if e.code == "passord_av"), "")
        context["leverandorer"] = [
            (reverse(f"innlogging:{p}-logg-inn"), providers.LABELS[p], p)
            for p in providers.configured_providers()
        ]
        context["bare_nodtilgang"] = passord.only_break_glass()
        return context


# --- one provider's login and callback -------------------------------------------------------


class ProviderLoginView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    provider: str = ""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return providers.setting(self.provider, attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        _provider_or_404(self.provider)
        request.session[FORNYER] = bool(request.GET.get("fornye")) and bool(
            request.user.is_authenticated
        )
        response: HttpResponse = super().get(request)
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        params = {"ui_locales": "nb"}
        acr = self.get_settings("ACR_VALUES")
        if acr:
            params["acr_values"] = str(acr)
        if request.session.get(FORNYER):
            params["prompt"] = "login"
            params["max_age"] = str(fersk.max_age())
        return params


class ProviderCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    provider: str = ""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return providers.setting(self.provider, attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        _provider_or_404(self.provider)
        invitasjon = request.session.pop(INVITASJON, None)
        fornyer = bool(request.session.pop(FORNYER, False))
        try:
            return self._complete(request, invitasjon, fornyer)
        except IngenTilgang as e:
            log.info("%s: login without access", self.provider)
            return render(
                request,
                "innlogging/ingen_tilgang.html",
                {"grunn": str(e), "leverandor": Leverandor(self.provider).label},
                status=403,
            )
        except (
            InnloggingFeil,
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            ValueError,
        ) as e:
            log.warning("%s: login refused: %s", self.provider, type(e).__name__)
            reason = str(e) if isinstance(e, InnloggingFeil) else ""
            return render(
                request,
                "innlogging/feil.html",
                {"grunn": reason, "leverandor": providers.LABELS[self.provider]},
                status=400,
            )

    def _complete(
        self, request: HttpRequest, invitasjon: str | None, fornyer: bool
    ) -> HttpResponse:
        if request.GET.get("error"):
            self._forget_state(request)
            raise InnloggingFeil("Innloggingen ble avbrutt.")
        state, code = request.GET.get("state"), request.GET.get("code")
        states = request.session.get("oidc_states") or {}
        if not code or not state or state not in states:
            # Also a replayed answer: the state is used once.
            raise InnloggingFeil(
                "Svaret fra innloggingen passer ikke til en innlogging som ble startet her. "
                "Start innloggingen på nytt."
            )
        entry = states.pop(state)
        request.session["oidc_states"] = states
        next_url = request.session.get("oidc_login_next")
        # Read by the backend: this provider's callback, the invitation being accepted.
        request.innlogging_provider = self.provider  # type: ignore[attr-defined]
        request.innlogging_invitasjon = invitasjon  # type: ignore[attr-defined]
        before = request.user if request.user.is_authenticated else None
        user = BACKENDS[self.provider]().authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
        if user is None or not user.is_active:
            raise InnloggingFeil("Innloggingen kunne ikke fullføres.")
        claims: dict[str, Any] = getattr(request, "innlogging_claims", {})
        auth_time = claims.get("auth_time")
        if not isinstance(auth_time, int | float):
            auth_time = time.time()
        if fornyer:
            if before is None or before.pk != user.pk:
                auth.logout(request)
                raise InnloggingFeil("Du logget inn som en annen person. Logg inn på nytt.")
            if time.time() - float(auth_time) > fersk.max_age():
                raise InnloggingFeil("Innloggingen ble ikke fornyet. Prøv igjen.")
        auth.login(request, user, backend=backend_path(self.provider))
        id_token = getattr(request, "innlogging_id_token", "") or ""
        sid = claims.get("sid")
        request.session[fersk.AUTH_TIME] = int(auth_time)
        request.session[fersk.SESSION_INFO] = {
            "provider": self.provider,
            "id_token": providers.seal(id_token) if id_token else "",
            "sid": sid if isinstance(sid, str) else "",
        }
        request.session.save()
        if isinstance(sid, str) and sid and request.session.session_key:
            Innloggingsokt.objects.create(
                leverandor=self.provider, sid=sid, session_key=request.session.session_key
            )
        if getattr(request, "innlogging_knyttet", False):
            m = user.medlemskap.select_related("virksomhet").order_by("-id").first()
            if m is not None:
                messages.success(request, f"Velkommen! Du er nå medlem av {m.virksomhet.navn}.")
                return redirect("medlemskap:virksomhet", pk=m.virksomhet_id)
        return HttpResponseRedirect(_safe_next(request, next_url))

    @staticmethod
    def _forget_state(request: HttpRequest) -> None:
        states = request.session.get("oidc_states") or {}
        if states.pop(request.GET.get("state", ""), None) is not None:
            request.session["oidc_states"] = states


@require_GET
@public("an invitation's link, opened before login")
def invitasjon(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation by logging in with ID-porten: the token waits in the session for
    the callback, which links the person to the invited user."""
    _provider_or_404(providers.IDPORTEN)
    g = medlemskap.check_token(token)
    if g.invitasjon is None or not g.gyldig:
        return redirect("medlemskap:invitasjon", token=token)
    request.session[INVITASJON] = token
    target = reverse("medlemskap:invitasjon", args=[token])
    return redirect(f"{reverse('innlogging:idporten-logg-inn')}?{urlencode({'next': target})}")


# --- logout ----------------------------------------------------------------------------------


def end_sessions(provider: str, sid: str) -> int:
    """End every session of ours that came from the provider's session ``sid``."""
    store: type[SessionBase] = import_module(settings.SESSION_ENGINE).SessionStore
    count = 0
    for okt in Innloggingsokt.objects.filter(leverandor=provider, sid=sid):
        store(session_key=okt.session_key).delete()
        count += 1
    Innloggingsokt.objects.filter(leverandor=provider, sid=sid).delete()
    return count


@require_POST
@public("logging out")
def logg_ut(request: HttpRequest) -> HttpResponse:
    """End our session, then the provider's (RP-initiated logout with ``id_token_hint``)."""
    info = request.session.get(fersk.SESSION_INFO) or {}
    provider = info.get("provider") if isinstance(info, dict) else None
    id_token = providers.unseal(str(info.get("id_token") or "")) if provider else ""
    if request.session.session_key:
        Innloggingsokt.objects.filter(session_key=request.session.session_key).delete()
    auth.logout(request)
    end = providers.setting(provider, "END_SESSION_ENDPOINT") if provider else ""
    if provider and providers.configured(provider) and end and id_token:
        params = {
            "id_token_hint": id_token,
            "client_id": providers.setting(provider, "OIDC_RP_CLIENT_ID"),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("innlogging:utlogget")),
            "state": secrets.token_urlsafe(16),
        }
        return HttpResponseRedirect(f"{end}?{urlencode(params)}")
    return redirect("innlogging:utlogget")


@require_GET
@public("the page after logging out")
def utlogget(request: HttpRequest) -> HttpResponse:
    return render(request, "innlogging/utlogget.html")


@never_cache
@xframe_options_exempt
@require_GET
@public("the provider's logout call")
def frontchannel(request: HttpRequest, provider: str) -> HttpResponse:
    """The provider's front-channel logout (in an iframe of its logout page): end our
    sessions from its session ``sid``. Our cookie is not needed (a cross-site iframe does not
    send it): the session is found by ``sid``."""
    _provider_or_404(provider)
    issuer = providers.setting(provider, "ISSUER")
    iss, sid = request.GET.get("iss", ""), request.GET.get("sid", "")
    if sid and (not issuer or iss == issuer):
        end_sessions(provider, sid)
    response = HttpResponse("", content_type="text/plain; charset=utf-8")
    origin = providers.origins()
    response._csp_replace = {"frame-ancestors": origin or ["'none'"]}  # type: ignore[attr-defined]
    return response


# --- the password again ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@public("the logged-in user confirms the password again")
def bekreft_passord(request: HttpRequest) -> HttpResponse:
    """A password user's re-authentication: the password again (throttled like the login)."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = passord.PassordInnloggingForm(
        request,
        data={"username": request.user.get_username(), "password": request.POST.get("password", "")}
        if request.method == "POST"
        else None,
    )
    if request.method == "POST" and form.is_valid() and form.get_user().pk == request.user.pk:
        request.session[fersk.AUTH_TIME] = int(time.time())
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "innlogging/bekreft_passord.html",
        {"form": form, "next": next_url, "feil": request.method == "POST"},
        status=400 if request.method == "POST" else 200,
    )


# --- Content-Security-Policy -----------------------------------------------------------------


class FormActionMiddleware:
    """Lets a form of ours end up at a provider's login or logout page (the logout button, a
    sensitive action asking for a fresh login): the providers' origins in ``form-action``
    (Chromium checks every redirect after a form is sent)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        origins = providers.origins()
        if origins and not hasattr(response, "_csp_update"):
            response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
        return response
