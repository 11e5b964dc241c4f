"""Login with ID-porten and Entra ID through a real OpenID Connect provider (node-oidc-provider
on 127.0.0.1, tests/web/oidc/provider.mjs) in a real browser (Debian's Chromium), under the
application's Content-Security-Policy: the first login through an invitation links the person,
a later login finds them, a person without access gets the Norwegian page and nothing is made,
a tampered state, a replayed or expired code and a token signed with another key are refused,
logout ends the provider's session and the provider's front-channel logout ends ours, and a
sensitive action asks for a fresh login."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import oidc_testprovider as op
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from medlemskap_factories import token_in_mail
from skjema.skjema_factories import complete_record, draft, owner
from web_axe import check_axe, check_csp, new_page
from web_factories import caseworker, member, region

from behovsmelding.web import medlemskap
from behovsmelding.web.innlogging import providers, services
from behovsmelding.web.innlogging.models import Identitet, Innloggingsokt
from behovsmelding.web.models import Medlemskap, Medlemsrolle, Virksomhet

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    p = op.start(live_server.url, tmp_path_factory.mktemp("oidc"))
    yield p
    op.stop(p)


@pytest.fixture
def oidc(settings: Any, provider: Any) -> Any:
    settings.OIDC_PROVIDERS = provider.settings()
    settings.PID_HASH_KEY = "test-nokkel-for-pid"
    return provider


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def make() -> Any:
        opened.append(new_page(browser))
        return opened[-1]

    yield make
    for p in opened:
        p.wait_for_timeout(100)
        check_csp(p)
        p.context.close()


def at_provider_login(page: Any, who: str) -> None:
    """The provider's login page (development interactions: any password)."""
    page.wait_for_selector("input[name=login]")
    page.fill("input[name=login]", who)
    page.fill("input[name=password]", "hva-som-helst")
    page.click("button[type=submit]")


def idporten_login(page: Any, base: str, who: str, *, expect: str = "h1") -> None:
    page.goto(f"{base}/logg-inn/")
    check_axe(page)
    page.click("#logg-inn-idporten")
    at_provider_login(page, who)
    page.wait_for_selector(expect)


def callback_url(page: Any, base: str, provider: str = "idporten") -> str:
    """A callback address (code and state) from the provider, not yet visited: a login started
    with the browser's own cookies (its session here, its session at the provider) through
    the browser context's request API, stopping before our callback. (Playwright's routes
    cannot stop a redirect.)"""
    req = page.context.request
    location = f"{base}/innlogging/{provider}/logg-inn/"
    for _ in range(6):
        r = req.get(location, max_redirects=0)
        assert r.status in (302, 303), (location, r.status, r.text()[:300])
        location = urljoin(location, r.headers["location"])
        if f"/innlogging/{provider}/callback/" in location:
            return location
    raise AssertionError("the provider never sent the browser back")


def forget_our_session(page: Any) -> None:
    """Drop the application's cookies, keep the provider's (its single sign-on session)."""
    page.context.clear_cookies(domain="localhost")


def with_params(url: str, **params: str) -> str:
    parts = urlsplit(url)
    q = {k: v[0] for k, v in parse_qs(parts.query).items()} | params
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(q)}"


def logged_in_as(page: Any, base: str) -> str | None:
    page.goto(f"{base}/")
    if "/logg-inn/" in page.url:
        return None
    return str(page.locator(".bruker span").inner_text())


def counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Identitet.objects.count(),
        Medlemskap.objects.count(),
        Innloggingsokt.objects.count(),
    )


def bodo() -> Virksomhet:
    from skjema.skjema_factories import partnerskap

    v = partnerskap("Bodø kommune").virksomhet
    assert v is not None
    return v


def eva(v: Virksomhet | None = None) -> User:
    """Eva, already linked to her user (as her first login through an invitation made her)."""
    u = User.objects.create_user(username="eva@bodo.test", email="eva@bodo.test", first_name="Eva")
    member(u, v or bodo())
    services.link_demo(u, providers.IDPORTEN, op.PID_EVA)
    return u


# --- first login, later login, no access -----------------------------------------------------


def test_first_login_through_an_invitation_then_a_later_login(
    live_server: Any, oidc: Any, pages: Any
) -> None:
    base = live_server.url
    v = bodo()
    admin = User.objects.create_user(username="admin@bodo.test", email="admin@bodo.test")
    member(admin, v, administrator=True)
    medlemskap.invite(v, "eva@bodo.test", Medlemsrolle.MEDLEM, by=admin)
    token = token_in_mail("eva@bodo.test")

    page = pages()
    page.goto(f"{base}/invitasjon/{token}/")
    check_axe(page)
    page.click("#invitasjon-idporten")
    at_provider_login(page, "eva")
    page.wait_for_url(re.compile(rf"/virksomhet/{v.pk}/$"))
    assert "Du er nå medlem av Bodø kommune" in page.content()
    check_axe(page)

    u = User.objects.get(username="eva@bodo.test")
    assert not u.has_usable_password()  # nothing to guess: ID-porten only
    assert Medlemskap.objects.filter(bruker=u, virksomhet=v).exists()
    ident = Identitet.objects.get(bruker=u)
    assert ident.leverandor == "idporten"
    assert ident.nokkel == providers.identity_key("idporten", op.PID_EVA)
    assert op.PID_EVA not in ident.nokkel

    later = pages()
    idporten_login(later, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    assert logged_in_as(later, base) is not None
    check_axe(later)
    assert User.objects.filter(username="eva@bodo.test").count() == 1


def test_a_login_without_access_gets_the_norwegian_page_and_nothing_is_created(
    live_server: Any, oidc: Any, pages: Any
) -> None:
    base = live_server.url
    before = counts()
    page = pages()
    idporten_login(page, base, "ola", expect="#ingen-tilgang")
    text = page.inner_text("main")
    assert "Du har ikke tilgang ennå" in text and "invitasjon" in text
    assert "Ingen bruker er opprettet" in text
    check_axe(page)
    assert counts() == before
    assert logged_in_as(page, base) is None

    staff = pages()
    staff.goto(f"{base}/logg-inn/")
    staff.click("#logg-inn-entra")
    at_provider_login(staff, "kari")
    staff.wait_for_selector("#ingen-tilgang")
    assert "Statsforvalteren" in staff.inner_text("main")
    assert counts() == before


def test_staff_log_in_with_entra_matched_by_email(live_server: Any, oidc: Any, pages: Any) -> None:
    base = live_server.url
    sara = caseworker(region("Nordland"), username="sara")
    sara.email = "sara@statsforvalteren.test"
    sara.save()
    page = pages()
    page.goto(f"{base}/logg-inn/")
    page.click("#logg-inn-entra")
    at_provider_login(page, "sara")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")
    assert "Saksbehandler" in (logged_in_as(page, base) or "")
    assert Identitet.objects.filter(bruker=sara, leverandor="entra").count() == 1


# --- refused answers ---------------------------------------------------------------------------


def test_a_tampered_state_is_refused_and_the_real_one_still_works(
    live_server: Any, oidc: Any, pages: Any
) -> None:
    base = live_server.url
    eva()
    page = pages()
    idporten_login(page, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    forget_our_session(page)
    url = callback_url(page, base)

    response = page.goto(with_params(url, state="forfalsket-" + "x" * 20))
    assert response.status == 400
    assert "Innloggingen mislyktes" in page.inner_text("main")
    check_axe(page)
    assert Innloggingsokt.objects.count() == 1  # the first login's only
    assert logged_in_as(page, base) is None

    page.goto(url)  # the state the login was started with
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")
    assert logged_in_as(page, base) is not None


def test_a_replayed_code_is_refused(live_server: Any, oidc: Any, pages: Any) -> None:
    base = live_server.url
    eva()
    page = pages()
    idporten_login(page, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    forget_our_session(page)
    used = callback_url(page, base)
    page.goto(used)
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")

    # A new login (a valid state of its own) handed the code that was exchanged already.
    forget_our_session(page)
    own = callback_url(page, base)
    code = parse_qs(urlsplit(used).query)["code"][0]
    response = page.goto(with_params(own, code=code))
    assert response.status == 400
    assert logged_in_as(page, base) is None

    # The first answer again: its state is spent.
    response = page.goto(used)
    assert response.status == 400
    assert logged_in_as(page, base) is None


def test_an_expired_code_is_refused(live_server: Any, settings: Any, oidc: Any, pages: Any) -> None:
    base = live_server.url
    eva()
    page = pages()
    idporten_login(page, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    forget_our_session(page)
    # The client whose codes live one second.
    settings.OIDC_PROVIDERS = oidc.settings(idporten={"OIDC_RP_CLIENT_ID": "idporten-kort"})
    url = callback_url(page, base)
    time.sleep(2.5)
    response = page.goto(url)
    assert response.status == 400
    assert logged_in_as(page, base) is None


def test_a_token_signed_with_another_key_is_refused(
    live_server: Any, settings: Any, provider: Any, pages: Any
) -> None:
    # The JWKS we trust has the provider's key id with another public key.
    settings.OIDC_PROVIDERS = provider.settings(
        idporten={"OIDC_OP_JWKS_ENDPOINT": f"{provider.issuer}/test/feil-jwks"}
    )
    base = live_server.url
    eva()
    before = counts()
    page = pages()
    idporten_login(page, base, "eva", expect="#innlogging-feil")
    assert logged_in_as(page, base) is None
    assert counts() == before


# --- logout ----------------------------------------------------------------------------------


def test_logout_ends_the_provider_session_too(live_server: Any, oidc: Any, pages: Any) -> None:
    base = live_server.url
    eva()
    page = pages()
    idporten_login(page, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    page.click(".bruker button[type=submit]")  # "Logg ut": to the provider, id_token_hint
    page.wait_for_selector("#logg-ut-bekreft")
    assert page.url.startswith(f"{oidc.issuer}/session/end")
    assert "id_token_hint" in page.url
    page.click("#logg-ut-bekreft")
    page.wait_for_selector("#utlogget")
    check_axe(page)
    assert logged_in_as(page, base) is None
    # The provider forgot the person too: a new login asks again.
    page.goto(f"{base}/innlogging/idporten/logg-inn/")
    page.wait_for_selector("input[name=login]")


def test_logout_at_the_provider_ends_our_session_front_channel(
    live_server: Any, oidc: Any, pages: Any
) -> None:
    base = live_server.url
    eva()
    page = pages()
    idporten_login(page, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    assert Innloggingsokt.objects.count() == 1
    # Logging out in another service of the same provider: its logout page opens our
    # front-channel logout in an iframe (without our cookie: another site).
    page.goto(f"{oidc.issuer}/session/end")
    frame = page.locator("iframe.frontchannel")
    assert frame.count() == 1
    for _ in range(50):
        if Innloggingsokt.objects.count() == 0:
            break
        page.wait_for_timeout(100)
    assert Innloggingsokt.objects.count() == 0
    assert logged_in_as(page, base) is None


# --- re-authentication -----------------------------------------------------------------------


def age_login(page: Any, seconds: int = 3600) -> None:
    """Make the browser's login ``seconds`` older (the session's auth_time)."""
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    s = store(session_key=key)
    s["auth_time"] = int(s["auth_time"]) - seconds
    s.save()


def test_sending_a_behovsmelding_asks_for_a_fresh_login(
    live_server: Any, oidc: Any, pages: Any
) -> None:
    base = live_server.url
    kari = owner(username="kari@bodo.test")
    services.link_demo(kari, providers.IDPORTEN, op.PID_EVA)
    u = draft(kari, complete_record())
    page = pages()
    idporten_login(page, base, "eva", expect="h1:has-text('Behovsmeldinger')")
    age_login(page)
    page.goto(f"{base}/skjema/{u.pk}/se-over/")  # "Se over og send inn"
    page.click("#send-inn")
    # At the provider again (prompt=login), though its session is still alive.
    at_provider_login(page, "eva")
    page.wait_for_url(re.compile(rf"/skjema/{u.pk}/se-over/$"))
    assert "logge inn på nytt" in page.inner_text("main")
    u.refresh_from_db()
    assert not u.sendt_inn
    page.click("#send-inn")
    page.wait_for_url(re.compile(r"/kvittering/$"))
    u.refresh_from_db()
    assert u.sendt_inn


# --- no fødselsnummer in clear ---------------------------------------------------------------


def test_no_fodselsnummer_is_stored_or_logged_in_clear(
    live_server: Any, oidc: Any, pages: Any, caplog: Any, capfd: Any
) -> None:
    import json
    import logging

    from django.contrib.sessions.models import Session
    from django.db import connection

    caplog.set_level(logging.DEBUG)
    base = live_server.url
    v = bodo()
    admin = User.objects.create_user(username="admin@bodo.test", email="admin@bodo.test")
    member(admin, v, administrator=True)
    medlemskap.invite(v, "eva@bodo.test", Medlemsrolle.MEDLEM, by=admin)
    token = token_in_mail("eva@bodo.test")
    page = pages()
    page.goto(f"{base}/invitasjon/{token}/")
    page.click("#invitasjon-idporten")
    at_provider_login(page, "eva")
    page.wait_for_url(re.compile(rf"/virksomhet/{v.pk}/$"))
    idporten_login(pages(), base, "ola", expect="#ingen-tilgang")
    assert Identitet.objects.count() == 1

    dump: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump += [repr(row) for row in cursor.fetchall()]
    # Sessions are stored encoded: decode them too.
    dump += [json.dumps(s.get_decoded(), default=str) for s in Session.objects.all()]
    text = "\n".join(dump)
    assert "eva@bodo.test" in text  # the dump is real
    out, err = capfd.readouterr()
    logs = caplog.text + out + err
    for pid in op.PIDS:
        assert pid not in text, "a fødselsnummer is stored in clear"
        assert pid not in logs, "a fødselsnummer is in the logs"


def test_the_provider_runs_on_the_loopback_only(provider: Any) -> None:
    assert provider.issuer.startswith("http://127.0.0.1:")
    assert Path(op.SCRIPT).exists()


def test_the_provider_answers_while_started_and_is_gone_when_stopped(
    tmp_path: Path,
) -> None:
    """The run starts the provider and stops it (the module's fixture does the same): while it
    runs its discovery document answers on the loopback, after ``stop`` the process has ended
    and the port is closed."""
    import socket
    import urllib.request

    p = op.start("http://127.0.0.1:9", tmp_path)
    try:
        with urllib.request.urlopen(f"{p.issuer}/.well-known/openid-configuration") as r:
            assert json_issuer(r.read()) == p.issuer
    finally:
        op.stop(p)
    assert p.process.poll() is not None
    host, port = urlsplit(p.issuer).hostname, urlsplit(p.issuer).port
    assert host == "127.0.0.1" and port
    with pytest.raises(OSError), socket.create_connection((host, port), timeout=2):
        pass


def json_issuer(body: bytes) -> str:
    import json

    return str(json.loads(body)["issuer"])
