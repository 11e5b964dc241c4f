"""The owners' form in steps, in a real browser (Debian's Chromium via Playwright): every
step and "Se over og send inn" pass axe (WCAG 2.1 A/AA) in bokmål and nynorsk; the
progress indicator says which step is shown and which have findings; the budget's Sum row is
computed live from the rows; removing a row asks first and "Angre" brings it back whole."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation
from skjema_factories import draft, full_record, owner
from skjema_pages import to_step_of
from web_axe import check_axe, opened_pages
from web_factories import PASSWORD

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.skjema.fields import STEG
from behovsmelding.web.skjema.models import Utkast

pytestmark = pytest.mark.django_db(transaction=True)

# The paper form's order: the header, the budget, §§ 1–7, the lists; then the review.
STEPS = 10


@pytest.fixture
def pages(browser: Any) -> Iterator[Callable[..., Any]]:
    yield from opened_pages(browser, accept_dialogs=True)


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def stored(u: Utkast, check: Callable[[dict[str, Any]], bool], timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        u.refresh_from_db()
        if check(u.data):
            return
        time.sleep(0.25)
    raise AssertionError(f"not stored: {u.data.get('budsjett')!r}")


def shown_steps(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".steg:not([hidden])", "els => els.map(e => e.id)"))


def test_the_form_has_the_paper_forms_sections_as_steps() -> None:
    # Written from the 2026 form, not from the code: header, budget, §§ 1-7, the lists.
    with translation.override("nb"):
        titles = [str(s.tittel) for s in STEG]
    assert titles == [
        "Om behovsmeldingen",
        "Budsjett",
        "1. Vurdering av behov",
        "2. Plan for partnerskap",
        "3. Eiers egeninnsats",
        "4. Vurdering av måloppnåelse",
        "5. Målgruppe",
        "6. Økonomi og varighet",
        "7. Annet",
        "Partnere, medbestemmelse og enheter",
    ]


def test_every_step_and_the_review_pass_axe_in_both_languages(live_server: Any, pages: Any) -> None:
    base = live_server.url
    eier = owner(username="kari")
    rec = full_record(3)
    rec.budsjett.rader[0].totalt = 1  # a finding to show: Totalt 1 is not Eier + UH
    rec.behov = None  # and a question left unanswered
    u = draft(eier, rec)
    page = pages()
    login(page, base, "kari")
    for lang, review_heading in (("nb", "Se over og send inn"), ("nn", "Sjå over og send inn")):
        if lang == "nn":
            page.click("button[lang=nn]")
            page.wait_for_selector("html[lang=nn]")
        for n in range(1, STEPS + 1):
            page.goto(f"{base}/skjema/{u.pk}/?steg={n}")
            page.wait_for_selector(f"#steg-{n}:not([hidden])")
            # One step at a time, and the indicator says which.
            assert shown_steps(page) == [f"steg-{n}"]
            assert page.get_attribute(f"#stegnav a[data-steg='{n}']", "aria-current") == "step"
            assert page.locator("#stegnav a[aria-current]").count() == 1
            check_axe(page)
        page.goto(f"{base}/skjema/{u.pk}/se-over/")
        assert page.inner_text("h1") == review_heading
        assert page.get_attribute("#stegnav-se-over", "aria-current") == "step"
        check_axe(page)
    # Nynorsk on the steps too: the indicator, the buttons.
    page.goto(f"{base}/skjema/{u.pk}/?steg=2")
    page.wait_for_selector("#forrige-steg:has-text('Førre')")
    assert "Partnarar, medbestemming og einingar" in page.inner_text("#stegnav")


def test_the_progress_indicator_moves_and_marks_steps_with_findings(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    eier = owner(username="kari")
    u = draft(eier, full_record(3))
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/{u.pk}/")
    page.wait_for_selector("#steg-1:not([hidden])")
    assert shown_steps(page) == ["steg-1"]
    # A complete behovsmelding: every step is done.
    statuses = page.eval_on_selector_all(
        "#stegnav li[data-steg]:not([data-steg=se-over])", "els => els.map(e => e.dataset.status)"
    )
    assert statuses == ["ferdig"] * STEPS

    # "Neste" opens the next step, with the focus on its heading; the address says which.
    assert page.is_hidden("#forrige-steg")
    page.click("#neste-steg")
    assert shown_steps(page) == ["steg-2"]
    assert page.evaluate("() => document.activeElement.id") == "tittel-budsjett"
    assert page.url.endswith("?steg=2")
    # A wrong Totalt: step 2 gets "1 feil" in the indicator.
    page.fill("#f-budsjett-rader-1-totalt", "1")
    page.press("#f-budsjett-rader-1-totalt", "Tab")
    page.wait_for_selector("#stegnav li[data-steg='2'][data-status=feil]")
    assert page.inner_text("#stegnav li[data-steg='2'] .stegstatus") == "1 feil"
    # A link in the findings opens the step holding the field.
    page.click("#forrige-steg")
    assert shown_steps(page) == ["steg-1"]
    page.click("#funnliste a[href='#f-budsjett-rader-1-totalt']")
    assert shown_steps(page) == ["steg-2"]
    # Another step's text, then back: everything is kept and saved.
    to_step_of(page, "#f-maalgruppe")
    page.fill("#f-maalgruppe", "Alle lærere.")
    page.press("#f-maalgruppe", "Tab")
    stored(u, lambda d: d["maalgruppe"] == "Alle lærere.")
    page.reload()
    page.wait_for_selector("#steg-7:not([hidden])")  # ?steg=7 kept in the address
    assert page.input_value("#f-maalgruppe") == "Alle lærere."
    assert page.input_value("#f-budsjett-rader-1-totalt") == "1"


def test_the_sum_row_is_computed_live_and_stored_as_computed(live_server: Any, pages: Any) -> None:
    base = live_server.url
    eier = owner(username="kari")
    u = draft(eier, full_record(2))
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/{u.pk}/?steg=2")
    page.wait_for_selector("#steg-2:not([hidden])")
    # Shown, not typed: no input for the Sum row.
    assert page.locator("[name^='budsjett.sum']").count() == 0
    for row, (eier_kr, uh_kr, tot) in enumerate(
        (("100 000", "200 000", "300 000"), ("50 000", "150 000", "200 000"))
    ):
        page.fill(f"#f-budsjett-rader-{row}-eier", eier_kr)
        page.fill(f"#f-budsjett-rader-{row}-uh", uh_kr)
        page.fill(f"#f-budsjett-rader-{row}-totalt", tot)
    # Updated as typed, before any save: 100 000 + 50 000 and so on.
    assert page.inner_text("#f-budsjett-sum-eier") == "150 000"
    assert page.inner_text("#f-budsjett-sum-uh") == "350 000"
    assert page.inner_text("#f-budsjett-sum-totalt") == "500 000"
    # A new row counts at once.
    page.click("#f-budsjett-rader .legg-til")
    page.keyboard.type("Tiltak 3")
    page.fill("#f-budsjett-rader-2-eier", "1 000")
    assert page.inner_text("#f-budsjett-sum-eier") == "151 000"
    # Text that is not an amount: that column has no sum.
    page.fill("#f-budsjett-rader-2-eier", "tusen")
    assert page.inner_text("#f-budsjett-sum-eier") == "–"
    page.fill("#f-budsjett-rader-2-eier", "1000")
    page.press("#f-budsjett-rader-2-eier", "Tab")
    assert page.inner_text("#f-budsjett-sum-eier") == "151 000"
    # The record holds the Sum row as the page showed it.
    stored(u, lambda d: d["budsjett"]["sum"]["eier"] == 151000)
    s = Record.from_dict(u.data).budsjett.sum
    assert s is not None and (s.eier, s.uh_sum, s.totalt) == (151000, 350000, 500000)
    check_axe(page)


def test_removing_a_row_asks_and_angre_brings_it_back_whole(live_server: Any, pages: Any) -> None:
    base = live_server.url
    eier = owner(username="kari")
    u = draft(eier, full_record(3))
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/{u.pk}/?steg=2")
    page.wait_for_selector("#steg-2:not([hidden])")
    ids = page.eval_on_selector_all(
        "#f-budsjett-rader tbody tr", "els => els.map(e => e.dataset.rad)"
    )
    before = {k: page.input_value(f"#f-budsjett-rader-1-{k}") for k in ("etikett", "eier", "uh")}
    assert before["etikett"] == "Tiltak 2: tema 2"

    # "Fjern tiltaket" asks in the row, naming it; the answer button has the focus.
    page.click("#f-budsjett-rader-1 .fjern")
    question = page.inner_text("#f-budsjett-rader-1 .bekreft-fjern")
    assert "Vil du fjerne raden «Tiltak 2: tema 2»?" in question
    assert page.evaluate("() => document.activeElement.className").count("ja-fjern") == 1
    check_axe(page)
    # "Avbryt" (or Escape) keeps the row, and the focus goes back to "Fjern tiltaket".
    page.click("#f-budsjett-rader-1 .avbryt-fjern")
    assert page.locator("#f-budsjett-rader tbody tr").count() == 3
    assert page.evaluate("() => document.activeElement.classList.contains('fjern')")
    page.click("#f-budsjett-rader-1 .fjern")
    page.keyboard.press("Escape")
    assert page.locator(".bekreft-fjern").count() == 0
    assert page.locator("#f-budsjett-rader tbody tr").count() == 3

    # "Ja, fjern": the row goes, and the draft has two rows.
    page.click("#f-budsjett-rader-1 .fjern")
    page.click("#f-budsjett-rader-1 .ja-fjern")
    assert page.locator("#f-budsjett-rader tbody tr").count() == 2
    assert "Raden «Tiltak 2: tema 2» er fjernet." in page.inner_text(
        "#f-budsjett-rader .angre-boks"
    )
    stored(u, lambda d: len(d["budsjett"]["rader"]) == 2)
    assert u.rader["budsjett.rader"] == [ids[0], ids[2]]

    # "Angre": back in its place with its values and its id.
    page.click("#f-budsjett-rader .angre")
    assert page.locator("#f-budsjett-rader tbody tr").count() == 3
    after = {k: page.input_value(f"#f-budsjett-rader-1-{k}") for k in ("etikett", "eier", "uh")}
    assert after == before
    assert page.get_attribute("#f-budsjett-rader-1", "data-rad") == ids[1]
    stored(u, lambda d: len(d["budsjett"]["rader"]) == 3)
    assert u.rader["budsjett.rader"] == ids
    rad = Record.from_dict(u.data).budsjett.rader[1]
    # full_record: Tiltak 2 has Eier 20 000 and UH 40 000 + 5 000 from two partners.
    assert (rad.etikett, rad.eier, rad.uh_sum) == ("Tiltak 2: tema 2", 20000, 45000)
