"""The detail page puts each finding beside the field it concerns."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from web_axe import axe_violations, close_page, new_page
from web_factories import FINDING_SUM, PASSWORD, behovsmelding, caseworker, record_dict, region

from behovsmelding.web import layout
from behovsmelding.web.models import Behovsmelding
from behovsmelding.web.workflow import Status


def test_finding_lands_on_its_field() -> None:
    sections = layout.build(record_dict(), show_contacts=True)
    placed, rest = layout.place_findings(sections, [FINDING_SUM])
    assert rest == []
    field = next(
        i for s in sections for i in s.items if getattr(i, "path", "") == "tiltak[0].totalt"
    )
    assert field.funn[0]["kode"] == "SUM_TILTAK"
    assert placed[0]["anker"] == "felt-tiltak-0-totalt"


def test_finding_on_a_table_cell() -> None:
    sections = layout.build(record_dict(), show_contacts=True)
    f = {**FINDING_SUM, "felt": "kontaktpersoner.eier.kontonr"}
    layout.place_findings(sections, [f])
    table = next(i for s in sections for i in s.items if isinstance(i, layout.Tabell))
    cells = [c for _, row in table.rows for c in row if c.funn]
    assert [c.path for c in cells] == ["kontaktpersoner.eier.kontonr"]


def test_finding_without_a_shown_field_goes_to_the_nearest_parent_or_top() -> None:
    sections = layout.build(record_dict(), show_contacts=True)
    unknown_leaf = {**FINDING_SUM, "felt": "tiltak[1].ukjent"}
    nowhere = {**FINDING_SUM, "felt": "finnes.ikke"}
    _, rest = layout.place_findings(sections, [unknown_leaf, nowhere])
    assert rest == [{**nowhere, "anker": "funn-tittel"}]
    tiltak1 = next(s for s in sections if s.path == "tiltak[1]")
    assert tiltak1.funn[0]["felt"] == "tiltak[1].ukjent"


@pytest.mark.django_db
def test_detail_page_shows_the_finding_inside_the_field_element() -> None:
    bm = behovsmelding(funn=[FINDING_SUM])
    sb = caseworker(bm.region)
    c = Client()
    c.login(username=sb.username, password=PASSWORD)
    html = c.get(f"/behovsmeldinger/{bm.pk}/").content.decode()
    start = html.index('id="felt-tiltak-0-totalt"')
    end = html.index('id="felt-tiltak-0-formaal"')
    assert FINDING_SUM["melding"] in html[start:end]


# ------------------------------------------------------------------ in a real browser

# Where an element's right edge lies, and whether a scroll container the keyboard can reach
# (tabindex ≥ 0, a name) lets one get there.
_REACH = """
sel => Array.from(document.querySelectorAll(sel)).map(el => {
  const r = el.getBoundingClientRect();
  let box = el.parentElement, scroller = null;
  for (; box && box !== document.body; box = box.parentElement) {
    const ox = getComputedStyle(box).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && box.scrollWidth > box.clientWidth) {
      scroller = box;
      break;
    }
  }
  return {
    text: el.textContent.trim().slice(0, 40),
    right: r.right,
    viewport: document.documentElement.clientWidth,
    pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    scroller: scroller && {
      focusable: scroller.tabIndex >= 0,
      name: scroller.getAttribute('aria-label') || scroller.getAttribute('aria-labelledby') || '',
      role: scroller.getAttribute('role') || '',
      right: scroller.getBoundingClientRect().right,
    },
  };
})
"""


def _unreachable(page: Any, selector: str) -> list[dict[str, Any]]:
    """The elements cut off at the right with no keyboard-focusable, named scroll container."""
    bad = []
    for e in page.evaluate(_REACH, selector):
        s = e["scroller"]
        if s is not None:
            if not (s["focusable"] and s["name"] and s["right"] <= e["viewport"] + 0.5):
                bad.append(e)
        elif e["right"] > e["viewport"] + 0.5 or e["pageScrolls"]:
            bad.append(e)
    return bad


@pytest.fixture
def wide_records(transactional_db: Any) -> Behovsmelding:
    """Records with the longest names and the most findings the seeds have."""
    reg = region()
    finding = {**FINDING_SUM, "alvorlighet": "advarsel"}
    for i in range(3):
        bm = behovsmelding(
            reg=reg,
            funn=[FINDING_SUM, finding, finding],
            eier=f"Alstahaug, Leirfjord, Lurøy og Træna kommuner {i}",
            kompetansenettverk="Ytre Helgeland (GOA) kompetansenettverk",
            uh="Læringsmiljøsenteret, Universitetet i Stavanger",
        )
        # the longest status label and the largest amounts a national list shows
        Behovsmelding.objects.filter(pk=bm.pk).update(
            status=Status.KLAR_FOR_SAMARBEIDSFORUM,
            sum_eier=12_345_678,
            sum_uh=23_456_789,
            sum_totalt=35_802_467,
        )
    return bm


def _open(browser: Any, base: str, path: str, width: int, height: int) -> Any:
    page = new_page(browser, viewport={"width": width, "height": height})
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", "sara")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{path}")
    return page


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1024, 768), (375, 667)])
def test_every_overview_column_header_can_be_reached(
    live_server: Any, browser: Any, wide_records: Behovsmelding, width: int, height: int
) -> None:
    caseworker(wide_records.region, username="sara")
    page = _open(browser, live_server.url, "/", width, height)
    headers = page.evaluate(_REACH, "#liste thead th")
    assert [h["text"] for h in headers][-1] == "Funn"
    assert _unreachable(page, "#liste thead th") == []
    assert _unreachable(page, "#liste tbody td") == []
    if width >= 1280:
        # a caseworker's usual screen shows all ten columns without scrolling
        assert all(h["scroller"] is None and h["right"] <= width for h in headers)
    else:
        # the keyboard reaches the last column: focus the region and press → until the end
        page.locator(".rull:has(#liste)").focus()
        at_end = "r => r.scrollLeft + r.clientWidth >= r.scrollWidth - 1"
        for _ in range(200):
            if page.locator(".rull:has(#liste)").evaluate(at_end):
                break
            page.keyboard.press("ArrowRight")
        funn = page.locator("#liste thead th").last.bounding_box()
        assert funn["x"] + funn["width"] <= width + 0.5
    assert axe_violations(page) == []
    close_page(page)


DETAIL_PARTS = (
    "main :is(h1, h2, h3, p, dt, dd, th, td, li, a, button, select, textarea, label, .ds-tag)"
)


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (375, 667)])
def test_nothing_on_the_detail_page_is_cut_off(
    live_server: Any, browser: Any, wide_records: Behovsmelding, width: int, height: int
) -> None:
    caseworker(wide_records.region, username="sara")
    page = _open(browser, live_server.url, f"/behovsmeldinger/{wide_records.pk}/", width, height)
    page.wait_for_selector("#felt-tiltak-0-totalt")
    assert _unreachable(page, DETAIL_PARTS) == []
    assert axe_violations(page) == []
    close_page(page)
