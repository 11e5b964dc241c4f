"""Real browser (Debian's Chromium via Playwright) with axe-core on every page: the owner fills
in the report (live checks at the field, the unused amount computed, autosave, nothing lost
when a save fails), sends it in; the caseworker reviews and approves it."""

from __future__ import annotations

from typing import Any

import pytest
from rapport_factories import BODO_TILTAK, linje_key, utfylt, verden
from web_axe import check_axe, close_page, new_page
from web_factories import PASSWORD

from behovsmelding.web.rapport import services
from behovsmelding.web.rapport.models import Rapport

pytestmark = pytest.mark.django_db(transaction=True)
T6, T7, T8 = BODO_TILTAK
NB = "\u00a0"


@pytest.fixture
def page(browser: Any) -> Any:
    p = new_page(browser)
    yield p
    close_page(p)


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")


def sel(key: str) -> str:
    return f"#f-{key}"


def test_the_owner_fills_in_and_sends_the_report(page: Any, live_server: Any) -> None:
    w = verden()
    r = w.rapport
    base = live_server.url
    login(page, base, "eier")
    page.goto(f"{base}/rapport/")
    check_axe(page)
    page.click(f"a[href='/rapport/{r.pk}/']")
    page.wait_for_selector("#rapport-skjema")
    check_axe(page)

    # more used than granted: the message at the field once it is left; unused computed
    eier6 = linje_key(r, T6, "brukt_eier")
    page.fill(sel(eier6), "950 000")
    page.fill(sel(linje_key(r, T6, "brukt_uh")), "600 000")
    page.press(sel(linje_key(r, T6, "brukt_uh")), "Tab")
    page.wait_for_selector(f"#funn-{eier6} p.feil")
    assert "er mer enn innvilget 900" in page.inner_text(f"#funn-{eier6}")
    assert page.get_attribute(sel(eier6), "aria-invalid") == "true"
    ubrukt = page.locator("fieldset.linje").nth(0).locator("output.ubrukt")
    assert ubrukt.inner_text() == f"0{NB}kr"  # 1 524 914 granted, 1 550 000 used
    page.wait_for_selector("#lagrestatus:has-text('Lagret kl.')")
    check_axe(page)

    # everything answered (what the first line used stays as typed, explained)
    values = utfylt(r)
    values[eier6] = "950 000"
    values[linje_key(r, T6, "brukt_uh")] = "600 000"
    values[linje_key(r, T6, "avvik_forklaring")] = "Flere deltakere enn planlagt."
    for key, value in values.items():
        page.fill(sel(key), value)
    page.click("#lagre")
    page.wait_for_selector("#lagrestatus:has-text('Lagret kl.')")
    page.wait_for_function(
        "() => !document.querySelector('#kontroll-liste li[data-alvor=feil]')"
        " && document.querySelector('#kontroll-liste li[data-alvor=advarsel]')"
    )
    li = next(x for x in services.linjer(r) if x.post.tittel == T6)
    assert (li.brukt_eier, li.brukt_uh) == (950_000, 600_000)

    # a save that does not reach the server: the text is offered back after a reload
    hva = linje_key(r, T8, "hva_gjort")
    page.route("**/lagre/", lambda route: route.abort())
    page.fill(sel(hva), "Ny tekst som ikke kom fram.")
    page.press(sel(hva), "Tab")
    page.wait_for_selector("#lagrestatus:has-text('Ikke lagret')")
    assert not page.is_visible("#gjenopprett")
    page.on("dialog", lambda d: d.accept())
    page.reload()  # the last save on leaving does not reach the server either
    page.wait_for_selector("#gjenopprett:not([hidden])")
    assert page.input_value(sel(hva)) == "Samlinger gjennomført som planlagt."
    check_axe(page)
    page.unroute("**/lagre/")
    page.click("#ta-inn")
    page.wait_for_selector("#lagrestatus:has-text('Lagret kl.')")
    li8 = next(x for x in services.linjer(r) if x.post.tittel == T8)
    assert li8.hva_gjort == "Ny tekst som ikke kom fram."

    page.click("#send-inn")
    page.wait_for_selector("#kvittering")
    assert Rapport.objects.get(pk=r.pk).status == Rapport.Status.SENDT_INN
    assert services.referanse(r) in page.inner_text("main")
    check_axe(page)


def test_the_caseworker_reviews_and_approves(page: Any, live_server: Any) -> None:
    w = verden()
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    services.send_inn(r, by=w.eier)
    base = live_server.url
    login(page, base, "sb")
    page.goto(f"{base}/rapport/runder/")
    check_axe(page)
    page.click(f"a[href='/rapport/runder/{w.rr.pk}/']")
    page.wait_for_selector("#ikke-rapportert")
    check_axe(page)
    assert "Vefsn kommune" in page.inner_text("#ikke-rapportert")
    page.click(f"a[href='/rapport/{r.pk}/behandle/']")
    page.wait_for_selector("#godkjenn")
    check_axe(page)
    page.click("#godkjenn")
    page.wait_for_selector("#rapporter")
    assert Rapport.objects.get(pk=r.pk).status == Rapport.Status.GODKJENT
    check_axe(page)


def test_the_nynorsk_form_is_axe_clean(page: Any, live_server: Any) -> None:
    w = verden()
    org = w.own.partnerskap.virksomhet
    assert org is not None
    org.maalform = "nn"
    org.save()
    login(page, live_server.url, "eier")
    page.goto(f"{live_server.url}/rapport/{w.rapport.pk}/")
    page.wait_for_selector("text=Kva er gjort i tiltaket?")
    assert page.get_attribute("html", "lang") == "nn"
    check_axe(page)
    key = linje_key(w.rapport, T6, "hva_gjort")
    page.fill(sel(key), "Samlingar er haldne.")
    page.press(sel(key), "Tab")
    page.wait_for_selector("#lagrestatus:has-text('Lagra kl.')")
    eier = linje_key(w.rapport, T6, "brukt_eier")
    page.fill(sel(eier), "tolv")
    page.press(sel(eier), "Tab")
    page.wait_for_selector(f"#funn-{eier} p.feil")
    assert page.inner_text(f"#funn-{eier}") == "«tolv» er ikkje eit beløp."
