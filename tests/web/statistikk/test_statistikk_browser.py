"""Real browser (Debian's Chromium via Playwright) with axe-core on every new page: the
caseworker opens the statistics, filters them, corrects a tiltak's themes and keeps the
vocabulary; the forum sees the statistics. Every page is axe-clean and keeps the strict
Content-Security-Policy (the charts are SVG with no inline style)."""

from __future__ import annotations

from typing import Any

import pytest
from statistikk_factories import historikk
from web_axe import check_axe, close_page, new_page
from web_factories import PASSWORD

from behovsmelding.web.statistikk.models import Tema

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(browser: Any) -> Any:
    p = new_page(browser)
    yield p
    # the bad filter is answered 400 on purpose; nothing else may fail
    assert [e for e in p.console_errors if "status of 400" not in e] == []
    close_page(p)


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def test_statistics_pages_are_axe_clean(live_server: Any, page: Any) -> None:
    h = historikk()
    base = live_server.url
    login(page, base, h.sb.username)
    page.click("nav >> text=Statistikk")
    page.wait_for_selector("h1:has-text('Statistikk – Nordland')")
    assert page.locator("svg[role=img]").count() == 2
    check_axe(page)

    page.select_option("#nettverk", "Indre Helgeland")
    page.click("button:has-text('Vis')")
    page.wait_for_url("**nettverk=Indre+Helgeland**")
    assert "720\u00a0000\u00a0kr" in page.inner_text("dl.tall")
    check_axe(page)

    page.goto(f"{base}/statistikk/?fra=tjue")
    assert page.inner_text("[role=alert]").count("firesifret") == 1
    check_axe(page)

    page.goto(f"{base}/statistikk/tiltak/")
    check_axe(page)
    page.click("text=Rett temaer >> nth=0")
    page.wait_for_selector("h1:has-text('Temaer for')")
    check_axe(page)
    samisk = Tema.objects.get(navn="Samisk")
    page.check(f"#tema-{samisk.pk}")
    page.click("button:has-text('Lagre temaene')")
    page.wait_for_selector("text=Temaene er lagret.")
    check_axe(page)

    page.goto(f"{base}/statistikk/temaer/")
    check_axe(page)
    page.fill("#ny-navn", "Kultur")
    page.fill("#ny-ord", "kultur")
    page.click("button:has-text('Legg til tema')")
    page.wait_for_selector("text=Temaet «Kultur» er lagt til.")
    check_axe(page)


def test_forum_sees_the_statistics(live_server: Any, page: Any) -> None:
    h = historikk()
    login(page, live_server.url, h.forum.username)
    page.click("nav >> text=Statistikk")
    page.wait_for_selector("h1:has-text('Statistikk – Nordland')")
    assert "Indre Helgeland (71,4 %)" in page.inner_text("#svar-underforbruk")
    check_axe(page)
