"""The "Fra originalen" disclosures in a real browser: axe-clean, under the strict CSP, opened
with the keyboard, the page picture loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from web_axe import check_axe, close_page, new_page
from web_factories import PASSWORD, caseworker, region

from behovsmelding.web import services as web_services
from behovsmelding.web.models import Utfall
from behovsmelding.web.services import InnkommendeFil

pytestmark = pytest.mark.django_db(transaction=True)
SAMPLE = (
    Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "sample_d_2026_bodo.pdf"
)


@pytest.fixture
def page(browser: Any) -> Any:
    p = new_page(browser)
    yield p
    close_page(p)


def test_the_original_words_and_picture_open_from_the_keyboard(live_server: Any, page: Any) -> None:
    if not SAMPLE.is_file():
        pytest.fail(f"{SAMPLE} is missing (the shared folder sits beside the repository)")
    sb = caseworker(region(), username="sara")
    row = web_services.receive_files(
        [InnkommendeFil(SAMPLE.name, SAMPLE.read_bytes())], by=sb
    ).filer.get()
    assert row.utfall == Utfall.LEST and row.behovsmelding is not None
    base = live_server.url
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", "sara")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")
    page.goto(f"{base}/behovsmeldinger/{row.behovsmelding.pk}/")
    page.wait_for_selector("#status")
    check_axe(page)

    total = page.locator("#felt-budsjett-sum-totalt details.kilde")
    assert total.count() == 1
    summary = total.locator("summary")
    assert summary.inner_text() == "Fra originalen: «2 458 860»"
    summary.focus()
    page.keyboard.press("Enter")
    assert total.get_attribute("open") is not None
    image = total.locator("img.kilde-bilde")
    image.scroll_into_view_if_needed()
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=image.element_handle())
    assert "rammet inn" in (image.get_attribute("alt") or "")
    check_axe(page)
