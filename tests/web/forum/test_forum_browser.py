"""Real browser (Debian's Chromium via Playwright) with axe-core on every page: a forum member
prioritises the seeds' 2026 tiltak within a frame smaller than what they ask for, sees the
frame exceeded, corrects it and finishes the innstilling; the caseworker records the vedtak and
downloads a tildelingsbrev and the payment list."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from forum_factories import forum_member, store_seeds
from openpyxl import load_workbook
from pypdf import PdfReader
from web_axe import check_axe, close_page, new_page
from web_factories import PASSWORD, caseworker

from behovsmelding.web.forum.models import Post, Runde, Versjon
from behovsmelding.web.models import Virksomhet

pytestmark = pytest.mark.django_db(transaction=True)
NB = "\u00a0"


@pytest.fixture
def page(browser: Any) -> Any:
    p = new_page(browser)
    yield p
    assert p.console_errors == []
    close_page(p)


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def logout(page: Any) -> None:
    page.click("button:has-text('Logg ut')")
    page.wait_for_url("**/utlogget/")


def download(page: Any, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def post_id(navn: str) -> int:
    return Post.objects.get(navn=navn).pk


def set_post(
    page: Any, navn: str, status: str, eier: str = "", uh: str = "", why: str = ""
) -> None:
    pk = post_id(navn)
    page.select_option(f"#p-{pk}-status", status)
    if status == "prioritert":
        page.fill(f"#p-{pk}-eier-0", eier)
        page.fill(f"#p-{pk}-uh-0", uh)
    page.fill(f"#p-{pk}-begrunnelse", why)


REQUESTED = {
    "Kvalitetsutvikling kommunale bhg.": ("200 000", "201 500"),
    "Trygt og godt skolemiljø": ("250 000", "364 300"),
    "Ledersamlinger": ("200 000", "269 500"),
    "Fådeltskoledidaktikk": ("80 000", "284 000"),
    "Lesing og skriving": ("150 000", "459 560"),
    "Hele behovsmeldingen": ("15 000", "464 000"),
}


def test_forum_prioritises_within_the_frame_and_caseworker_decides_and_pays(
    live_server: Any, page: Any
) -> None:
    base = live_server.url
    nordland = store_seeds()
    caseworker(nordland, username="sara")
    forum_member(nordland, "frida")

    # The caseworker opens the 2026 round and sets a frame smaller than the 2 937 860 asked for.
    login(page, base, "sara")
    page.click("text=Samarbeidsforum")
    page.wait_for_selector("h1:has-text('Samarbeidsforum og vedtak')")
    check_axe(page)
    page.fill("#aar", "2026")
    page.fill("#frist", "2026-02-01")
    page.fill("#innstilling_frist", "2026-03-15")
    page.click("button:has-text('Opprett runde')")
    page.wait_for_selector("h1:has-text('Runde 2026')")
    assert "6 tiltak" in page.inner_text("main")
    page.fill("#ramme-belop", "1 000 000")
    page.click("button:has-text('Sett ramme')")
    page.wait_for_selector("#rammer")
    assert f"1{NB}000{NB}000{NB}kr" in page.inner_text("#rammer")
    check_axe(page)
    runde = Runde.objects.get()
    logout(page)

    # The forum member prioritises everything as asked: the frame is exceeded at once.
    login(page, base, "frida")
    page.click("text=Samarbeidsforum")
    page.click("text=Runde 2026")
    page.click("#til-prioritering")
    page.wait_for_selector("h1:has-text('Prioritering 2026')")
    check_axe(page)
    for navn, (eier, uh) in REQUESTED.items():
        set_post(page, navn, "prioritert", eier, uh)
    status = page.locator("#ramme-status")
    assert status.inner_text() == (
        f"Rammen «Kollektiv kompetanseutvikling» er overskredet med 1{NB}937{NB}860{NB}kr."
    )
    assert page.locator("#fullfor").is_disabled()
    assert page.locator("#rammer tr.over").count() == 1
    check_axe(page)

    # Correct it: three not prioritised, one reduced — first one krone over, then exactly at.
    set_post(page, "Trygt og godt skolemiljø", "ikke_prioritert", why="Dekkes av annen satsing")
    set_post(page, "Ledersamlinger", "ikke_prioritert", why="Lavere prioritet i år")
    set_post(page, "Lesing og skriving", "ikke_prioritert", why="Bør samordnes med Vefsn")
    set_post(page, "Fådeltskoledidaktikk", "prioritert", "40 000", "79 501", "Redusert omfang")
    assert status.inner_text().endswith(f"er overskredet med 1{NB}kr.")
    assert page.locator("#fullfor").is_disabled()
    page.fill(f"#p-{post_id('Fådeltskoledidaktikk')}-uh-0", "79 500")
    assert status.inner_text() == "Innenfor rammene."
    assert page.locator("#fullfor").is_enabled()
    rest = page.locator("#rammer tr[data-ramme] .rest").inner_text()
    assert rest == f"0{NB}kr"
    salten = page.locator("#per-nettverk tr[data-nettverk='Salten'] .sum1").inner_text()
    assert salten == f"521{NB}000{NB}kr"  # 401 500 + 119 500
    nord = page.locator("#per-uh tr[data-uh='Nord universitet'] .sum1").inner_text()
    assert nord == f"79{NB}500{NB}kr"
    lms = page.locator(
        "#per-uh tr[data-uh='Læringsmiljøsenteret, Universitetet i Stavanger'] .sum1"
    ).inner_text()
    assert lms == f"665{NB}500{NB}kr"  # Bodø's 201 500 + Vefsn's 464 000
    check_axe(page)
    page.click("#fullfor")
    page.wait_for_selector("#innstillinger")
    assert "Innstilling versjon 1" in page.inner_text("#innstillinger")
    check_axe(page)
    v = Versjon.objects.get(type="innstilling")
    assert v.innhold["rammer"][0]["brukt"] == 1_000_000
    innstilling = pdf_text(download(page, "#innstillinger a:has-text('PDF')"))
    assert "Samarbeidsforumets innstilling 2026" in innstilling
    assert "Tiltak 1: Fådeltskoledidaktikk" in innstilling
    assert "Redusert omfang" in innstilling
    assert "Bør samordnes med Vefsn" in innstilling  # the not prioritised, with reasons
    logout(page)

    # The caseworker enters Bodø's account number in the register (Nord universitet's and
    # Læringsmiljøsenteret's are there already; Vefsn kommune's is not, so it is blocked).
    Virksomhet.objects.filter(orgnr="991008225").update(kontonummer="12345678903")
    Virksomhet.objects.filter(navn="Læringsmiljøsenteret, Universitetet i Stavanger").update(
        kontonummer="15032080119"
    )
    login(page, base, "sara")
    page.goto(f"{base}/virksomheter/?q=Bod%C3%B8")
    page.wait_for_selector("h1:has-text('Virksomhetsregisteret')")
    check_axe(page)
    page.click("#virksomheter a:has-text('Bodø kommune')")
    page.wait_for_selector("h1:has-text('Bodø kommune')")
    check_axe(page)
    page.fill("#id_kontonummer", "4500.55.00080")
    page.click("#endre-skjema button[type=submit]")
    page.wait_for_selector("text=Lagret: kontonummer.")
    assert "4500.55.00080" in page.inner_text("#kontoendringer")
    check_axe(page)

    # The caseworker records the vedtak: as recommended, except Vefsn's owner share.
    page.goto(f"{base}/forum/{runde.pk}/")
    page.click("#til-vedtak")
    page.wait_for_selector("h1:has-text('Vedtak 2026')")
    check_axe(page)
    page.click("#som-innstilt")
    page.wait_for_selector("text=6 tiltak er fylt ut som innstilt.")
    vefsn = post_id("Hele behovsmeldingen")
    page.fill(f"#p-{vefsn}-eier-0", "10 000")
    page.click("#fullfor")
    page.wait_for_selector(f"#p-{vefsn}-feil")
    assert "avviker fra innstillingen" in page.inner_text(f"#p-{vefsn}-feil")
    check_axe(page)
    page.fill(f"#p-{vefsn}-begrunnelse", "Eiers del redusert etter avklaring")
    page.click("#fullfor")
    page.wait_for_selector("#vedtaksversjoner")
    check_axe(page)

    brev = pdf_text(download(page, "a.tildelingsbrev:has-text('Vefsn kommune')"))
    assert "Tildelingsbrev – vedtak om tilskudd til kollektiv kompetanseutvikling 2026" in " ".join(
        brev.split()
    )
    assert "Vefsn kommune" in brev
    assert f"10{NB}000{NB}kr" in brev
    assert "Kontonummer: mangler" in brev
    assert "mangler kontonummer i virksomhetsregisteret" in brev
    assert "Vilkår" in brev
    assert "Sperret" in page.inner_text("#vedtaksversjoner")

    raw = download(page, "#vedtaksversjoner a:has-text('CSV')")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    # the last row is the totals: 240 000 + 665 500 + 79 500
    total = rows.pop()
    assert (total["Mottaker"], int(total["Utbetales år 1"])) == ("3 mottakere", 985_000)
    paid = {r["Mottaker"]: (int(r["Utbetales år 1"]), r["Kontonummer"]) for r in rows}
    assert paid == {
        "Bodø kommune": (240_000, "45005500080"),
        "Læringsmiljøsenteret, Universitetet i Stavanger": (665_500, "15032080119"),
        "Nord universitet": (79_500, "12345678903"),
    }
    assert {r["Mottaker"]: r["Merknad"] for r in rows} == {
        "Bodø kommune": "",
        "Læringsmiljøsenteret, Universitetet i Stavanger": "MANGLER organisasjonsnummer",
        "Nord universitet": "",
    }
    xlsx = load_workbook(io.BytesIO(download(page, "#vedtaksversjoner a:has-text('Excel')")))
    ws = xlsx["Utbetaling"]
    assert [c.value for c in ws[1]][:5] == [
        "Type",
        "Mottaker",
        "Organisasjonsnummer",
        "Kontonummer",
        "Utbetales år 1",
    ]
    *payable, totals = list(ws.iter_rows(min_row=2, values_only=True))
    assert sum(r[4] for r in payable) == 240_000 + 665_500 + 79_500
    assert totals[4] == 240_000 + 665_500 + 79_500
    sperret = [
        (r[1], r[4], r[5])
        for r in xlsx["Sperret"].iter_rows(min_row=2, values_only=True)
        if r[5]  # not the totals row
    ]
    assert sperret == [("Vefsn kommune", 10_000, "mangler kontonummer i virksomhetsregisteret")]
    assert ws.cell(row=2, column=5).number_format == '#,##0 "kr";-#,##0 "kr"'
