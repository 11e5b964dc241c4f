"""Nothing typed is lost (issue 14), in Debian's Chromium with two people in two browser
contexts: a conflict in one field keeps both sentences with "Behold begge" while the person
goes on typing; a removed row never moves an amount onto another tiltak; text typed and not
yet saved survives Back, F5, a closed tab, logging out and an ended session."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from skjema_factories import draft, full_record, owner, uh_member, uh_organisation
from skjema_pages import to_step_of
from web_axe import check_axe, opened_pages
from web_factories import PASSWORD

from behovsmelding.web.skjema import services
from behovsmelding.web.skjema.models import Utkast

pytestmark = pytest.mark.django_db(transaction=True)

# Refused on purpose: a conflict (409), a save after the session ended (401).
EXPECTED = ("409 (Conflict)", "401 (Unauthorized)")


@pytest.fixture
def pages(browser: Any) -> Iterator[Callable[..., Any]]:
    # "Leave the page?" (unsaved text): the person says yes.
    yield from opened_pages(browser, expected=EXPECTED, accept_dialogs=True)


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def shared_draft() -> Utkast:
    """A draft with four tiltak that the owner (kari) writes together with Nord universitet
    (ola)."""
    eier = owner(username="kari")
    nord = uh_organisation("Nord universitet")
    uh_member(nord, username="ola")
    u = draft(eier, full_record(4))
    services.choose_uh(u, nord, by=eier)
    return u


def stored(u: Utkast, check: Callable[[dict[str, Any]], bool], timeout: float = 10) -> None:
    """Wait until the draft in the database passes ``check`` (the live server stores it
    from another thread, on its own connection)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        u.refresh_from_db()
        if check(u.data):
            return
        time.sleep(0.25)
    raise AssertionError(f"not stored: {u.data.get('behov')!r}")


def open_draft(page: Any, base: str, u: Utkast) -> None:
    page.goto(f"{base}/skjema/{u.pk}/")
    page.wait_for_selector("#skjema")


def test_same_field_conflict_keeps_both_sentences_with_keep_both_while_typing_goes_on(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    u = shared_draft()
    a, b = pages(), pages()
    login(a, base, "kari")
    login(b, base, "ola")
    open_draft(a, base, u)
    open_draft(b, base, u)
    field = "#f-maaloppnaaelse-e"
    before = b.input_value(field)

    # The owner adds a sentence to 4 e) and saves.
    to_step_of(a, field)
    to_step_of(b, field)
    a.fill(field, before + " Eieren la til dette.")
    a.press(field, "Tab")
    a.wait_for_selector("#lagret-status:has-text('Lagret kl.')")
    stored(u, lambda d: d["maaloppnaaelse"]["e"].endswith("Eieren la til dette."))

    # The UH contact, on the old page, adds another; their pause saves it, and the notice
    # comes at the field without taking the focus.
    b.click(field)
    b.keyboard.press("Control+End")
    b.keyboard.type(" UH la til dette.")
    b.wait_for_selector(".konflikt-felt")
    assert b.evaluate("() => document.activeElement.id") == "f-maaloppnaaelse-e"
    note = b.inner_text(".konflikt-felt")
    assert "mens du skrev" in note and "Eieren la til dette." in note
    # The words that differ are marked: theirs against mine.
    marks = [m.strip() for m in b.locator(".konflikt-felt mark").all_inner_texts()]
    assert marks == ["UH", "Eieren"]
    # Typing goes on into the field: not one keystroke lost.
    b.keyboard.type(" Og mer.")
    assert b.input_value(field) == before + " UH la til dette. Og mer."
    # Other fields go on being saved while the conflict is open, in another step too.
    to_step_of(b, "#f-okonomi")
    b.fill("#f-okonomi", "UH skrev om økonomi.")
    b.press("#f-okonomi", "Tab")
    stored(u, lambda d: d["okonomi"] == "UH skrev om økonomi.")
    check_axe(b)

    # "Behold begge": mine, then theirs.
    to_step_of(b, field)
    b.click(".konflikt-felt .behold-begge")
    mine = before + " UH la til dette. Og mer."
    theirs = before + " Eieren la til dette."
    stored(u, lambda d: d["maaloppnaaelse"]["e"] == f"{mine}\n\n{theirs}")
    assert b.locator(".konflikt-felt").count() == 0
    b.wait_for_selector("#lagret-status:has-text('Lagret kl.')")


def test_a_removed_row_and_a_concurrent_change_keep_every_amount_on_its_own_tiltak(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    u = shared_draft()
    a, b = pages(), pages()
    login(a, base, "kari")
    login(b, base, "ola")
    open_draft(a, base, u)
    open_draft(b, base, u)

    # The owner removes the first tiltak (it asks first, and can be put back: "Angre").
    to_step_of(a, "#f-budsjett-rader")
    to_step_of(b, "#f-budsjett-rader")
    a.click("#f-budsjett-rader-0 .fjern")
    a.click("#f-budsjett-rader-0 .ja-fjern")
    a.wait_for_selector("#f-budsjett-rader .angre")
    stored(u, lambda d: len(d["budsjett"]["rader"]) == 3)
    # The UH contact, on the old page, changes UH on the third tiltak.
    assert b.input_value("#f-budsjett-rader-2-etikett") == "Tiltak 3: tema 3"
    b.fill("#f-budsjett-rader-2-uh", "99 000")
    b.press("#f-budsjett-rader-2-uh", "Tab")
    stored(
        u, lambda d: [r["uh"][0]["belop"] for r in d["budsjett"]["rader"]] == [45000, 99000, 80000]
    )
    assert [r["etikett"] for r in u.data["budsjett"]["rader"]] == [
        "Tiltak 2: tema 2",
        "Tiltak 3: tema 3",
        "Tiltak 4: tema 4",
    ]
    # Their page now has the three rows, each amount on its own tiltak.
    b.wait_for_function(
        "() => document.querySelectorAll('#f-budsjett-rader tbody tr').length === 3"
    )
    assert b.input_value("#f-budsjett-rader-1-etikett") == "Tiltak 3: tema 3"
    assert b.input_value("#f-budsjett-rader-1-uh") == "99 000"
    check_axe(b)

    # The owner takes the removal back: the tiltak returns with its own amounts.
    a.click("#f-budsjett-rader .angre")
    stored(u, lambda d: len(d["budsjett"]["rader"]) == 4)
    rader = u.data["budsjett"]["rader"]
    assert rader[0]["etikett"] == "Tiltak 1: tema 1" and rader[0]["uh"][0]["belop"] == 20000
    assert rader[2]["etikett"] == "Tiltak 3: tema 3" and rader[2]["uh"][0]["belop"] == 99000


def comes_back(page: Any, base: str, u: Utkast, marker: str) -> None:
    """The marker is in the draft again: from the server, or from the browser's storage
    after the person says yes to taking it in."""
    open_draft(page, base, u)
    if marker not in page.input_value("#f-behov"):
        page.wait_for_selector("#gjenopprett:not([hidden])")
        assert "Du har endringer som ikke ble lagret – ta dem inn?" in page.inner_text(
            "#gjenopprett"
        )
        check_axe(page)
        page.click("#ta-inn-lagret")
    stored(u, lambda d: marker in (d["behov"] or ""))
    page.wait_for_function("m => document.getElementById('f-behov').value.includes(m)", arg=marker)


def type_marker(page: Any, marker: str) -> None:
    to_step_of(page, "#f-behov")
    page.click("#f-behov")
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + marker)


def test_back_f5_tab_close_logout_and_session_end_keep_the_typed_marker(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    u = shared_draft()
    page = pages()
    login(page, base, "kari")

    # F5
    open_draft(page, base, u)
    type_marker(page, "MERKE-F5")
    page.reload()
    comes_back(page, base, u, "MERKE-F5")

    # Back
    page.goto(f"{base}/skjema/")
    page.click(f"#utkast-liste a[href='/skjema/{u.pk}/']")
    page.wait_for_selector("#skjema")
    type_marker(page, "MERKE-TILBAKE")
    page.go_back()
    page.wait_for_selector("h1:has-text('Mine behovsmeldinger')")
    comes_back(page, base, u, "MERKE-TILBAKE")

    # Closing the tab
    type_marker(page, "MERKE-FANE")
    ctx = page.context
    page.close(run_before_unload=True)
    old = page
    page = ctx.new_page()
    page.on("dialog", lambda d: d.accept())
    # The context's CSP watch goes on; the console is watched on the first page.
    page.console_errors, page.csp_violations = old.console_errors, old.csp_violations
    comes_back(page, base, u, "MERKE-FANE")

    # Logging out: the save goes first.
    type_marker(page, "MERKE-LOGG-UT")
    page.click("button:has-text('Logg ut')")
    page.wait_for_url("**/utlogget/")
    stored(u, lambda d: "MERKE-LOGG-UT" in d["behov"])
    login(page, base, "kari")
    comes_back(page, base, u, "MERKE-LOGG-UT")

    # The session ends while typing: the page says so, and the text waits in the browser.
    Session.objects.all().delete()
    type_marker(page, "MERKE-OKT")
    page.press("#f-behov", "Tab")
    page.wait_for_selector("#okt-varsel:has-text('Du er logget ut')")
    stored(u, lambda d: "MERKE-OKT" not in d["behov"])
    login(page, base, "kari")
    comes_back(page, base, u, "MERKE-OKT")


def test_a_warning_before_the_session_ends_and_forleng(
    live_server: Any, pages: Any, settings: Any
) -> None:
    settings.SESSION_COOKIE_AGE = 303  # the warning comes 300 s before: after 3 s
    base = live_server.url
    u = shared_draft()
    page = pages()
    login(page, base, "kari")
    open_draft(page, base, u)
    page.wait_for_selector("#okt-varsel:has-text('Du blir logget ut kl.')", timeout=10000)
    check_axe(page)
    settings.SESSION_COOKIE_AGE = 8 * 3600
    page.click("#forleng")
    page.wait_for_selector("#okt-varsel", state="hidden")


WIDEST = """() => {
  const w = document.documentElement.clientWidth;
  return [document.documentElement.scrollWidth, w,
    [...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > w + 1
      || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
      .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ':'
        + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth)];
}"""


def test_the_form_reflows_at_320_px_without_horizontal_scrolling(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    u = shared_draft()
    page = pages()
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, base, "kari")
    steps = [f"{base}/skjema/{u.pk}/?steg={n}" for n in range(1, 11)]
    for url in (*steps, f"{base}/skjema/{u.pk}/se-over/", f"{base}/skjema/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        scroll, width, wide = page.evaluate(WIDEST)
        assert scroll <= width, (url, scroll, wide)
    # The budget is a stack of labelled fields: every row's label is visible.
    page.goto(f"{base}/skjema/{u.pk}/?steg=2")
    assert page.is_visible("label[for=f-budsjett-rader-0-totalt]")
    check_axe(page)
