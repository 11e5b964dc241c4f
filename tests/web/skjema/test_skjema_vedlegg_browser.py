"""Attachments in a real browser (Debian's Chromium via Playwright) with axe-core: the owner
attaches a budget to a tiltak without a page load, a disguised file gets its message at the
file field (with the cursor there), the file downloads as it was uploaded, an attachment is
deleted; the form with attachments shown is accessible in bokmål and nynorsk, and without
scripts the same forms work as plain posts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from skjema_factories import attach, complete_record, draft, owner
from vedlegg_factories import pdf, xlsx
from web_axe import check_axe, opened_pages
from web_factories import PASSWORD

from behovsmelding.web.skjema.fields import STEG
from behovsmelding.web.skjema.models import Vedlegg

# The step that holds the budget (and so the attachments).
BUDSJETT = next(n for n, s in enumerate(STEG, 1) if s.key == "budsjett")
pytestmark = pytest.mark.django_db(transaction=True)

TILTAK_2 = "Tiltak 2: Trygt og godt skolemiljø"  # the Bodø sample's second budget row


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    # A refused upload is a 400 on purpose (the message comes with it).
    yield from opened_pages(browser, expected=("400 (Bad Request)",))


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def test_owner_attaches_a_budget_without_a_page_load_and_the_form_stays_accessible(
    live_server: Any, pages: Any, tmp_path: Path
) -> None:
    base = live_server.url
    kari = owner(username="kari")
    u = draft(kari, complete_record())
    attach(u, kari, "Samlet budsjett.pdf", pdf())
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/{u.pk}/?steg={BUDSJETT}")  # attachments: with the budget
    assert "Samlet budsjett.pdf" in page.inner_text("#vedlegg")
    check_axe(page)  # the form with an attachment listed

    # A budget for tiltak 2, uploaded by the page's script: no page load.
    page.evaluate("window.__sammeSide = true")
    budget = xlsx()
    page.set_input_files(
        "#vedlegg-fil",
        files=[
            {"name": "Budsjett skolemiljø.xlsx", "mimeType": "application/zip", "buffer": budget}
        ],
    )
    page.select_option("#vedlegg-gjelder", label=TILTAK_2)
    page.click("#vedlegg-last-opp")
    page.wait_for_selector("#vedlegg-status:has-text('«Budsjett skolemiljø.xlsx» er lastet opp.')")
    assert page.evaluate("window.__sammeSide") is True
    row = page.locator("#vedlegg tr", has_text="Budsjett skolemiljø.xlsx")
    assert TILTAK_2 in row.inner_text()
    v = Vedlegg.objects.get(filnavn="Budsjett skolemiljø.xlsx")
    assert v.rad == u.rader["budsjett.rader"][1]

    # A program that calls itself a PDF: refused, the message at the field, the cursor there.
    page.set_input_files(
        "#vedlegg-fil",
        files=[{"name": "budsjett.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}],
    )
    page.click("#vedlegg-last-opp")
    page.wait_for_selector("#vedlegg-feil")
    assert "«budsjett.pdf» kan ikke lastes opp" in page.inner_text("#vedlegg-feil")
    assert page.get_attribute("#vedlegg-fil", "aria-invalid") == "true"
    assert "vedlegg-feil" in (page.get_attribute("#vedlegg-fil", "aria-describedby") or "")
    assert page.evaluate("document.activeElement.id") == "vedlegg-fil"
    assert page.evaluate("window.__sammeSide") is True
    check_axe(page)  # with the error shown
    assert Vedlegg.objects.count() == 2

    # Deleting, also without a page load.
    page.click("#vedlegg tr:has-text('Samlet budsjett.pdf') button:has-text('Slett')")
    page.wait_for_selector("#vedlegg-status:has-text('«Samlet budsjett.pdf» er slettet.')")
    assert "Samlet budsjett.pdf" not in page.inner_text("#vedlegg table")
    assert page.evaluate("window.__sammeSide") is True
    assert list(Vedlegg.objects.values_list("filnavn", flat=True)) == ["Budsjett skolemiljø.xlsx"]

    # Nynorsk, with the attachment listed.
    page.click("button[lang=nn]")
    page.wait_for_selector("html[lang=nn]")
    assert "Heile behovsmeldinga" in page.inner_text("#vedlegg-gjelder")
    assert "Storleik" in page.inner_text("#vedlegg")
    check_axe(page)

    # The file comes back as it was uploaded (last: axe waits for a quiet network, which a
    # download in the page may keep busy).
    with page.expect_download() as info:
        page.click("#vedlegg a:has-text('Budsjett skolemiljø.xlsx')")
    download = info.value
    assert download.suggested_filename == "Budsjett skolemiljø.xlsx"
    target = tmp_path / "nedlastet.xlsx"
    download.save_as(target)
    assert target.read_bytes() == budget


def test_without_scripts_the_upload_is_a_plain_form(live_server: Any, pages: Any) -> None:
    base = live_server.url
    kari = owner(username="kari")
    u = draft(kari, complete_record())
    page = pages(java_script_enabled=False)
    login(page, base, "kari")
    page.goto(f"{base}/skjema/{u.pk}/?steg={BUDSJETT}")  # attachments: with the budget
    page.set_input_files(
        "#vedlegg-fil",
        files=[{"name": "tekst.pdf", "mimeType": "application/pdf", "buffer": b"bare tekst"}],
    )
    page.click("#vedlegg-last-opp")
    page.wait_for_selector("#vedlegg-feil")
    assert "«tekst.pdf» kan ikke lastes opp" in page.inner_text("#vedlegg-feil")
    page.set_input_files(
        "#vedlegg-fil",
        files=[{"name": "budsjett.pdf", "mimeType": "application/pdf", "buffer": pdf()}],
    )
    page.click("#vedlegg-last-opp")
    page.wait_for_selector("#vedlegg a:has-text('budsjett.pdf')")
    assert page.url.endswith(f"/skjema/{u.pk}/#vedlegg")
    assert "«budsjett.pdf» er lastet opp." in page.inner_text("main")
