"""Password login by role and for break-glass accounts, the password asked again before a
sensitive action, and what is kept of a login (a keyed hash, a sealed ID token)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from skjema.skjema_factories import complete_record, draft, owner, post_of
from web_factories import PASSWORD, caseworker, region

from behovsmelding.web.innlogging import providers, services
from behovsmelding.web.models import Hendelse, Virksomhet

pytestmark = pytest.mark.django_db


def password_login(username: str) -> tuple[Client, Any]:
    c = Client()
    response = c.post(reverse("logg-inn"), {"username": username, "password": PASSWORD})
    return c, response


def age(c: Client, seconds: int = 3600) -> None:
    s = c.session
    s["auth_time"] = int(s["auth_time"]) - seconds
    s.save()


def test_password_login_is_refused_for_a_role_where_it_is_off(settings: Any) -> None:
    settings.PASSWORD_LOGIN_ROLES = ["saksbehandler"]
    owner(username="kari")
    caseworker(region("Nordland"), username="sara")
    c, response = password_login("kari")
    assert response.status_code == 200
    assert "Innlogging med passord er slått av for din rolle" in response.content.decode()
    assert "_auth_user_id" not in c.session
    c, response = password_login("sara")
    assert response.status_code == 302 and "_auth_user_id" in c.session


def test_a_break_glass_account_may_use_its_password_when_it_is_off_for_everyone(
    settings: Any,
) -> None:
    settings.PASSWORD_LOGIN_ROLES = []
    sara = caseworker(region("Nordland"), username="sara")
    _, response = password_login("sara")
    assert response.status_code == 200
    assert services.set_break_glass(sara, True, by=None)
    assert not services.set_break_glass(sara, True, by=None)  # idempotent
    c, response = password_login("sara")
    assert response.status_code == 302 and "_auth_user_id" in c.session
    assert Hendelse.objects.filter(type="bruker.break_glass_set").count() == 1


def test_a_new_account_number_asks_for_the_password_again() -> None:
    caseworker(region("Nordland"), username="sb")
    c, _ = password_login("sb")
    v = Virksomhet.objects.get(orgnr="991000003")
    url = reverse("register:virksomhet", args=[v.pk])
    data = {
        "postadresse": v.postadresse,
        "postnummer": v.postnummer,
        "poststed": v.poststed,
        "epost": v.epost,
        "maalform": v.maalform,
        "region": v.region_id or "",
        "type": v.type,
        "kontonummer": "4500.55.00080",
        "endret": v.endret.isoformat(),
    }
    age(c)
    response = c.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("innlogging:bekreft-passord"))
    v.refresh_from_db()
    assert v.kontonummer != "45005500080"  # nothing saved

    wrong = c.post(reverse("innlogging:bekreft-passord"), {"password": "feil", "next": url})
    assert wrong.status_code == 400
    ok = c.post(reverse("innlogging:bekreft-passord"), {"password": PASSWORD, "next": url})
    assert ok.status_code == 302 and ok["Location"] == url
    assert c.post(url, data).status_code == 302
    v.refresh_from_db()
    assert v.kontonummer == "45005500080"


def test_sending_a_behovsmelding_after_a_stale_login_saves_it_and_asks_again() -> None:
    kari = owner(username="kari")
    u = draft(kari, complete_record())
    c, _ = password_login("kari")
    age(c)
    data = post_of(complete_record())
    data.update(versjon=[str(u.versjon)], handling=["send"])
    response = c.post(reverse("skjema:utkast", args=[u.pk]), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("innlogging:bekreft-passord"))
    u.refresh_from_db()
    assert not u.sendt_inn
    c.post(
        reverse("innlogging:bekreft-passord"),
        {"password": PASSWORD, "next": reverse("skjema:utkast", args=[u.pk])},
    )
    data.update(versjon=[str(u.versjon)])
    response = c.post(reverse("skjema:utkast", args=[u.pk]), data)
    assert response["Location"] == reverse("skjema:kvittering", args=[u.pk])


def test_the_identity_key_is_keyed_and_not_the_number(settings: Any) -> None:
    settings.PID_HASH_KEY = "en-nokkel"
    a = providers.identity_key("idporten", "17889900123")
    assert "17889900123" not in a
    assert a != hashlib.sha256(b"17889900123").hexdigest()
    settings.PID_HASH_KEY = "en-annen-nokkel"
    assert providers.identity_key("idporten", "17889900123") != a


def test_the_id_token_is_sealed_in_the_session() -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.eyJwaWQiOiIxNzg4OTkwMDEyMyJ9.c2ln"
    sealed = providers.seal(token)
    assert token not in sealed and "eyJwaWQi" not in sealed
    assert providers.unseal(sealed) == token
    assert providers.unseal("tull") == ""


def test_an_unknown_staff_email_links_nobody() -> None:
    User.objects.create_user(username="x", email="sara@statsforvalteren.test")  # no role
    with pytest.raises(services.IngenTilgang):
        services.user_for_entra("oid-1", "sara@statsforvalteren.test")


def test_finishing_a_vedtak_after_a_stale_login_asks_again() -> None:
    from forum.forum_factories import access_world
    from web_factories import behovsmelding

    from behovsmelding.web.forum.models import Versjon

    home = region("Nordland")
    behovsmelding(reg=home)
    behovsmelding(reg=home, eier="Vefsn kommune", uh="Nord universitet")
    sb = caseworker(home, username="sb")
    ids = access_world(home, region("Troms"), sb)
    before = Versjon.objects.filter(type="vedtak").count()
    c, _ = password_login("sb")
    age(c)
    from behovsmelding.web.forum.models import Runde

    data: dict[str, Any] = {"handling": "fullfor"}
    for p in Runde.objects.get(pk=ids["runde"]).poster.select_related("vedtak"):
        data[f"p-{p.pk}-status"] = p.vedtak.status
        data[f"p-{p.pk}-begrunnelse"] = p.vedtak.begrunnelse
        for i in range(p.antall_aar):
            data[f"p-{p.pk}-eier-{i}"] = str(p.vedtak.eier[i]) if p.vedtak.eier else ""
            data[f"p-{p.pk}-uh-{i}"] = str(p.vedtak.uh[i]) if p.vedtak.uh else ""
    url = reverse("forum-vedtak", args=[ids["runde"]])
    response = c.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("innlogging:bekreft-passord"))
    assert Versjon.objects.filter(type="vedtak").count() == before
