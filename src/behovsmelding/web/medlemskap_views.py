"""Typed function views of "Min virksomhet" (members, invitations) and of accepting an
invitation. They check access, call :mod:`.medlemskap` and show its errors; the token of an
invitation is never put in a page, a message or a redirect the inviter gets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, medlemskap
from .innlogging import passord, providers
from .models import Invitasjon, Medlemskap, Medlemsrolle, Virksomhet
from .viewkit import acting_user, permission, public, refused


class InvitasjonForm(forms.Form):
    epost = forms.EmailField(
        label="E-postadresse",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "class": "ds-input"}),
    )
    rolle = forms.ChoiceField(
        label="Rolle",
        choices=Medlemsrolle.choices,
        initial=Medlemsrolle.MEDLEM,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )


class NyBrukerForm(SetPasswordForm):  # type: ignore[type-arg]
    """The invited person's new account: name and a password (the user name is the address)."""

    first_name = forms.CharField(
        label="Fornavn",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Etternavn",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]  # noqa: RUF012

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "ds-input")


def _visible_or_404(request: HttpRequest, pk: int) -> Virksomhet:
    v = get_object_or_404(Virksomhet.objects.select_related("region"), pk=pk)
    if not medlemskap.can_see(request.user, v)[0]:
        raise Http404("Ingen virksomhet med dette nummeret.")
    return v


@login_required
@require_GET
@permission(access.can_see_memberships)
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "web/medlemskap/liste.html",
        {
            "virksomheter": medlemskap.synlige_virksomheter(user),
            "roller": {m.virksomhet_id: m.get_rolle_display() for m in access.medlemskap_for(user)},
        },
    )


def _render_virksomhet(
    request: HttpRequest, v: Virksomhet, form: InvitasjonForm | None = None, status: int = 200
) -> HttpResponse:
    kan_endre = medlemskap.can_manage(request.user, v)[0]
    return render(
        request,
        "web/medlemskap/virksomhet.html",
        {
            "v": v,
            "medlemmer": v.medlemskap.select_related("bruker").order_by(
                "bruker__last_name", "bruker__first_name", "bruker__username"
            ),
            "ventende": medlemskap.ventende(v) if kan_endre else [],
            "kan_endre": kan_endre,
            "form": form or InvitasjonForm(),
            "dager": medlemskap.invitasjon_dager(),
        },
        status=status,
    )


@login_required
@require_GET
@permission(None, load=_visible_or_404)
def virksomhet(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_virksomhet(request, _visible_or_404(request, pk))


@login_required
@require_POST
@permission(medlemskap.can_manage, load=_visible_or_404)
def inviter(request: HttpRequest, pk: int) -> HttpResponse:
    v = _visible_or_404(request, pk)
    form = InvitasjonForm(request.POST)
    if not form.is_valid():
        return _render_virksomhet(request, v, form, status=400)
    epost = form.cleaned_data["epost"]
    try:
        medlemskap.invite(
            v,
            epost,
            form.cleaned_data["rolle"],
            by=acting_user(request),
            absolute=request.build_absolute_uri,
        )
    except medlemskap.MedlemskapError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Invitasjonen er sendt på e-post til {medlemskap.normalise_epost(epost)}. "
            f"Den gjelder i {medlemskap.invitasjon_dager()} dager og kan brukes én gang.",
        )
    return redirect("medlemskap:virksomhet", pk=v.pk)


@login_required
@require_POST
@permission.inside(medlemskap.can_manage)
def trekk(request: HttpRequest, pk: int) -> HttpResponse:
    inv = get_object_or_404(Invitasjon.objects.select_related("virksomhet"), pk=pk)
    v = _visible_or_404(request, inv.virksomhet_id)
    if refusal := refused(request, medlemskap.can_manage(request.user, v)):
        return refusal
    try:
        medlemskap.withdraw(inv, by=acting_user(request))
    except medlemskap.MedlemskapError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Invitasjonen til {inv.epost} er trukket.")
    return redirect("medlemskap:virksomhet", pk=v.pk)


@login_required
@require_POST
@permission.inside(medlemskap.can_manage)
def fjern(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(Medlemskap.objects.select_related("virksomhet", "bruker"), pk=pk)
    v = _visible_or_404(request, m.virksomhet_id)
    if refusal := refused(request, medlemskap.can_manage(request.user, v)):
        return refusal
    try:
        medlemskap.remove_member(m, by=acting_user(request))
    except medlemskap.MedlemskapError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, f"{access.display_name(m.bruker)} er ikke lenger medlem av {v.navn}."
        )
    if m.bruker_id == request.user.pk and not medlemskap.can_see(request.user, v)[0]:
        return redirect("medlemskap:mine")
    return redirect("medlemskap:virksomhet", pk=v.pk)


# --- accepting -------------------------------------------------------------------------------


def _invitation_page(
    request: HttpRequest, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, "web/medlemskap/invitasjon.html", context, status=status)


@require_http_methods(["GET", "POST"])
@public("an invitation's link, opened before login")
def invitasjon(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's link. A new address: choose a name and password, and the account
    is made. An address with an account: log in as that account, then accept. Logged in as
    somebody else: refused (the membership never goes to the wrong account)."""
    g = medlemskap.check_token(token)
    if g.invitasjon is None or not g.gyldig:
        return _invitation_page(request, {"feil": g.grunn}, status=g.status)
    inv = g.invitasjon
    here = request.get_full_path()
    if request.user.is_authenticated:
        if not medlemskap.is_users_address(request.user, inv.epost):
            return _invitation_page(
                request, {"inv": inv, "feil": medlemskap.WRONG_USER, "annen_bruker": True}, 403
            )
        if request.method == "GET":
            return _invitation_page(request, {"inv": inv, "bekreft": True})
        try:
            medlemskap.accept(token, user=acting_user(request))
        except medlemskap.MedlemskapError as e:
            return _invitation_page(request, {"inv": inv, "feil": str(e)}, status=410)
        messages.success(request, f"Du er nå medlem av {inv.virksomhet.navn}.")
        return redirect("medlemskap:virksomhet", pk=inv.virksomhet_id)
    login_url = f"{reverse('logg-inn')}?{urlencode({'next': here})}"
    idporten = providers.configured(providers.IDPORTEN)
    if medlemskap.user_with_epost(inv.epost) is not None:
        # Never a new password for an account that exists: its owner logs in as usual.
        if not idporten:
            return redirect(login_url)
        return _invitation_page(
            request, {"inv": inv, "idporten": True, "logg_inn": login_url, "token": token}
        )
    if not passord.allowed_for_invitation(inv.virksomhet):
        # Password login is off for the role this gives: ID-porten only.
        status = 403 if request.method == "POST" else 200
        return _invitation_page(
            request, {"inv": inv, "idporten": idporten, "token": token}, status=status
        )
    form = NyBrukerForm(User(username=inv.epost, email=inv.epost), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = medlemskap.accept_as_new_user(
                token,
                form.cleaned_data["new_password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except medlemskap.MedlemskapError as e:
            return _invitation_page(request, {"inv": inv, "feil": str(e)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Velkommen! Du er nå medlem av {inv.virksomhet.navn}.")
        return redirect("medlemskap:virksomhet", pk=inv.virksomhet_id)
    return _invitation_page(
        request,
        {"inv": inv, "form": form, "idporten": idporten, "token": token},
        status=400 if form.errors else 200,
    )
