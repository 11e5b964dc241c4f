"""Real-browser tests (Chromium from Debian via Playwright) with axe-core on every page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from web_axe import axe_violations, check_axe, check_csp, close_page, new_page
from web_factories import FINDING_SUM, PASSWORD, behovsmelding, caseworker, region, user

from behovsmelding.web.models import Behovsmelding, Rolle

pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "src/behovsmelding/demo_data").glob("*.txt"))


@pytest.fixture
def page(browser: Any) -> Any:
    p = new_page(browser)
    yield p
    close_page(p)


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert "/logg-inn/" in page.url
    check_axe(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")
    check_axe(page)


def test_caseworker_uploads_filters_searches_handles_and_exports(
    live_server: Any, page: Any
) -> None:
    base = live_server.url
    nordland = region()
    sb = caseworker(nordland, username="sara")
    known = behovsmelding(
        reg=nordland,
        funn=[FINDING_SUM],
        eier="Testkommune",
        kommentar="Vi vil prøve ut en Blåbærsatsing i fjellet.",
    )
    login(page, base, "sara")

    # Upload the five seeds at once; each gets a line in the report.
    page.click("text=Last opp")
    check_axe(page)
    assert len(SEEDS) == 5
    page.set_input_files("#filer", [str(p) for p in SEEDS])
    page.click("button:has-text('Last opp')")
    page.wait_for_selector("#filrapport")
    check_axe(page)
    assert page.locator("#filrapport tbody tr[data-utfall=lest]").count() == 5
    assert Behovsmelding.objects.count() == 6

    # The same files again are recognised and not duplicated.
    page.click("text=Last opp flere")
    page.set_input_files("#filer", [str(p) for p in SEEDS])
    page.click("button:has-text('Last opp')")
    page.wait_for_selector("#filrapport")
    assert page.locator("#filrapport tbody tr[data-utfall=kjent]").count() == 5
    assert Behovsmelding.objects.count() == 6

    # Every seed's detail page (real documents: many findings, tables, empty fields) passes axe.
    for bm in Behovsmelding.objects.exclude(pk=known.pk):
        page.goto(f"{base}/behovsmeldinger/{bm.pk}/")
        page.wait_for_selector("#status")
        check_axe(page)

    # Filter by year (htmx swaps the results in place and updates the address).
    page.click("text=Oversikt")
    year = 2024
    expected = Behovsmelding.objects.filter(aar=year).count()
    assert 0 < expected < 6
    with page.expect_response(lambda r: f"aar={year}" in r.url):
        page.select_option("#aar", str(year))
    page.wait_for_function(
        "n => document.querySelectorAll('#liste tbody tr').length === n", arg=expected
    )
    assert f"aar={year}" in page.url
    assert page.locator("#resultat-status").inner_text().startswith(f"{expected} treff")
    assert page.locator("#resultat-status").count() == 1
    check_axe(page)

    # Full-text search over the answers.
    page.goto(f"{base}/")
    page.fill("#q", "BLÅBÆRSATSING")
    page.click("#bruk-filter")
    page.wait_for_function(
        "() => document.querySelector('#liste-tittel').textContent.includes('Treff: 1 ')"
    )
    assert page.locator("#liste tbody a").inner_text() == "Testkommune"
    check_axe(page)

    # Detail: the finding is shown inside the field it concerns.
    page.click("#liste tbody a")
    page.wait_for_selector("#status")
    check_axe(page)
    field = page.locator("#felt-tiltak-0-totalt")
    assert FINDING_SUM["melding"] in field.inner_text()
    assert field.locator(".funn-feil").count() == 1

    # Change status; the audit trail on the page shows who and what.
    page.click("button:has-text('Start behandling')")
    page.wait_for_selector("#status:has-text('Under behandling')")
    check_axe(page)
    log = page.locator("#endringslogg tr[data-type='behovsmelding.status_changed']")
    assert "Under behandling" in log.inner_text()
    assert sb.get_full_name() in log.inner_text()
    known.refresh_from_db()
    assert known.status == "under_behandling" and known.status_endret_av == sb

    # The upload list shows both uploads.
    page.click("text=Opplastinger")
    page.wait_for_selector("#opplastinger")
    check_axe(page)
    assert page.locator("#opplastinger tbody tr").count() == 2
    page.go_back()

    page.fill("#kommentar-tekst", "Sum totalt i tiltak 6 må avklares med eier.")
    page.click("button:has-text('Lagre kommentar')")
    page.wait_for_selector("text=Sum totalt i tiltak 6 må avklares med eier.")
    assert page.locator("#endringslogg tr[data-type='behovsmelding.comment_added']").count() == 1

    # Original file of an uploaded record can be downloaded.
    seeded = Behovsmelding.objects.exclude(pk=known.pk).order_by("id").first()
    assert seeded is not None and seeded.original is not None
    page.goto(f"{base}/behovsmeldinger/{seeded.pk}/")
    check_axe(page)
    with page.expect_download() as d:
        page.click("#last-ned-original")
    assert Path(d.value.path()).read_bytes() == SEEDS[0].read_bytes()

    # Excel of the (unfiltered) list: amounts are numbers, equal to the stored ones.
    page.goto(f"{base}/")
    with page.expect_download() as d:
        page.click("#last-ned-excel")
    wb = load_workbook(io.BytesIO(Path(d.value.path()).read_bytes()))
    assert wb.sheetnames == ["Tiltak", "Funn"]
    rows = list(wb["Tiltak"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    i_id, i_eier, i_tot = (
        header.index("ID"),
        header.index("Eier (kr)"),
        header.index("Sum totalt (kr)"),
    )
    mine = [r for r in data if r[i_id] == known.pk]
    assert [r[i_eier] for r in mine] == [t["eier"] for t in known.innhold.data["tiltak"]]
    assert sum(r[i_tot] for r in mine) == known.sum_totalt
    assert all(isinstance(r[i_eier], int | type(None)) for r in data)
    funn = list(wb["Funn"].iter_rows(values_only=True))
    assert any(FINDING_SUM["melding"] in (r[-1] or "") for r in funn[1:])
    assert page.console_errors == []


@pytest.mark.parametrize("rolle", [Rolle.EIER, Rolle.UH, Rolle.FORUM])
def test_other_roles_see_their_records_and_get_404_for_others(
    live_server: Any, page: Any, rolle: str
) -> None:
    base = live_server.url
    nordland = region()
    own = behovsmelding(reg=nordland, funn=[FINDING_SUM])
    other = behovsmelding(reg=nordland, eier="Vefsn kommune", uh="Nord universitet")
    far = behovsmelding(reg=region("Troms"), eier="Tromsø kommune", uh="UiT")
    user(
        rolle,
        username="person",
        region=nordland,
        partnerskap=own.partnerskap if rolle == Rolle.EIER else None,
        institusjon=own.institusjon if rolle == Rolle.UH else None,
    )
    login(page, base, "person")
    names = page.locator("#liste tbody a").all_inner_texts()
    expected = ["Bodø kommune"] if rolle != Rolle.FORUM else ["Bodø kommune", "Vefsn kommune"]
    assert sorted(names) == expected
    assert page.locator("text=Last opp").count() == (1 if rolle == Rolle.EIER else 0)

    page.click("#liste tbody a:has-text('Bodø kommune')")
    page.wait_for_selector("#status")
    check_axe(page)
    assert FINDING_SUM["melding"] in page.locator("#felt-tiltak-0-totalt").inner_text()
    assert page.locator("button:has-text('Start behandling')").count() == 0
    assert page.locator("#kommentar-tekst").count() == 0
    contacts_visible = "4500.55.00080" in page.content()
    assert contacts_visible == (rolle != Rolle.FORUM)

    hidden = [far] if rolle == Rolle.FORUM else [other, far]
    for bm in hidden:
        response = page.goto(f"{base}/behovsmeldinger/{bm.pk}/")
        assert response is not None and response.status == 404
        check_axe(page)

    if rolle == Rolle.EIER:
        page.goto(f"{base}/last-opp/")
        check_axe(page)
        page.set_input_files("#filer", [str(SEEDS[2])])
        page.click("button:has-text('Last opp')")
        page.wait_for_selector("#filrapport")
        check_axe(page)
        new = Behovsmelding.objects.order_by("-id").first()
        assert new is not None and new.partnerskap == own.partnerskap


def test_axe_helper_reports_a_missing_label(browser: Any) -> None:
    page = browser.new_page()
    page.set_content('<html lang="nb"><title>t</title><main><input id="navn"></main></html>')
    ids = {v["id"] for v in axe_violations(page)}
    page.close()
    assert "label" in ids


def test_the_csp_watch_catches_an_inline_script_and_axe_runs_under_the_policy(
    browser: Any,
) -> None:
    page = new_page(browser)
    html = (
        '<!doctype html><html lang="nb"><title>t</title><main>'
        '<script>document.title = "kjørt"</script><input id="navn"></main></html>'
    )
    policy = "default-src 'self'; script-src 'self'; style-src 'self'"
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            body=html, content_type="text/html", headers={"Content-Security-Policy": policy}
        ),
    )
    page.goto("http://csp.test/")
    assert "label" in {v["id"] for v in axe_violations(page)}  # axe runs, the policy stands
    assert page.title() == "t"  # the inline script was refused
    page.wait_for_timeout(100)
    with pytest.raises(AssertionError, match="script-src"):
        check_csp(page)
    page.context.close()
