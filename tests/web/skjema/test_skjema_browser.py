"""Real browser (Debian's Chromium via Playwright) with axe-core: an owner fills in the 2026
behovsmelding from empty with the keyboard only, sees a sum mismatch flagged live, submits and
downloads the receipt; two people editing one draft get the conflict message and lose nothing;
"Videreføre fra i fjor" brings last year's answers; the nynorsk form speaks nynorsk."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from skjema_factories import owner, partnerskap, uh_member, uh_organisation
from skjema_pages import to_step_of
from web_axe import check_axe, close_page, new_page
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.models import Behovsmelding
from behovsmelding.web.skjema.models import Utkast
from behovsmelding.web.workflow import Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    """Pages in browser contexts of their own (separate cookies: separate people)."""
    opened: list[Any] = []

    def make() -> Any:
        opened.append(new_page(browser))
        return opened[-1]

    yield make
    for p in opened:
        # A save refused for being based on an old version is a 409 on purpose.
        errors = [e for e in p.console_errors if "409 (Conflict)" not in e]
        assert errors == [], errors
        close_page(p)


# --- the keyboard ----------------------------------------------------------------------------


def focused(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
    )


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the element is focused: it is reachable by keyboard, in page order."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was not reached with Tab ({limit} presses)")


def type_into(page: Any, field_id: str, text: str) -> None:
    tab_to(page, f"#{field_id}")
    page.keyboard.type(text)


def tick(page: Any, field_id: str) -> None:
    tab_to(page, f"#{field_id}")
    page.keyboard.press("Space")
    assert page.is_checked(f"#{field_id}")


def choose(page: Any, group_id: str, first: str, steps: int) -> None:
    """A radio group: Tab lands on its first option; Space picks it, arrows move on."""
    tab_to(page, f"#{group_id}-{first}")
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")


def press_button(page: Any, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def next_step(page: Any) -> None:
    """Enter on "Neste" (at the bottom of the window): the next step opens with the focus on
    its heading."""
    press_button(page, "#neste-steg")
    page.wait_for_function("() => document.activeElement.tagName === 'H2'")


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    type_into(page, "id_username", username)
    type_into(page, "id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def logout(page: Any) -> None:
    page.click("button:has-text('Logg ut')")
    page.wait_for_url("**/utlogget/")


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )


ROW = "budsjett.rader"
TILTAK = [
    ("Tiltak 1: Lesing i alle fag", "100 000", "200 000", "Nord universitet", "300 000"),
    ("Tiltak 2: Trygt skolemiljø", "50 000", "150 000", "", "200 000"),
]
TEXTS = {
    "f-kommentar": "Ingen merknader.",
    "f-behov": "Ansatte trenger mer kunnskap om lesing og skolemiljø.",
    "f-partnerskapsplan": "Faste samlinger hver måned med Nord universitet.",
    "f-egeninnsats": "Tid til planlegging og deltakelse.",
    **{f"f-maaloppnaaelse-{k}": f"Svar på bokstav {k}." for k in "abcde"},
    "f-maalgruppe": "Alle lærere og ledere i grunnskolen.",
}


def test_owner_fills_in_from_empty_with_the_keyboard_submits_and_gets_the_receipt(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    eier = owner(username="kari")
    eier.first_name, eier.last_name = "Kari", "Nordmann"
    eier.save()
    caseworker(region(), username="sara")
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/")
    page.wait_for_selector("h1:has-text('Mine behovsmeldinger')")
    check_axe(page)
    press_button(page, "#ny")
    page.wait_for_selector("#skjema")
    u = Utkast.objects.get()
    page.evaluate("() => { window.ikkeLastetPaNytt = true; }")

    # The header, contacts and flags, field by field in page order.
    type_into(page, "f-tittel", "Lesing og skolemiljø")
    choose(page, "f-gjelder", "barnehage", 1)  # → Grunnskole
    tab_to(page, "#f-eier")  # filled in from the partnership
    assert page.input_value("#f-eier") == "Bodø kommune"
    type_into(page, "f-kompetansenettverk", "Salten")
    type_into(page, "f-uh", "Nord universitet")
    type_into(page, "f-kontaktpersoner-eier-navn", "Kari Nordmann")
    type_into(page, "f-kontaktpersoner-eier-funksjon", "Rådgiver")
    type_into(page, "f-kontaktpersoner-uh-navn", "Ola Hansen")
    type_into(page, "f-kontaktpersoner-uh-funksjon", "Dosent")
    choose(page, "f-flere-eiere", "ja", 1)  # Nei
    choose(page, "f-flere-uh", "ja", 0)  # Ja
    choose(page, "f-videreforer-fjoraaret", "ja", 1)  # Nei
    next_step(page)

    # The first budget row, with a total that is not Eier + UH: flagged live at the field.
    navn, e, h, inst, tot = TILTAK[0]
    type_into(page, "f-budsjett-rader-0-etikett", navn)
    type_into(page, "f-budsjett-rader-0-eier", e)
    type_into(page, "f-budsjett-rader-0-uh", h)
    type_into(page, "f-budsjett-rader-0-uh-institusjon", inst)
    type_into(page, "f-budsjett-rader-0-totalt", "310 000")
    page.keyboard.press("Tab")  # leaving the field sends the live check
    flagged = "#funn-f-budsjett-rader-0-totalt [data-kode=SUM_RAD]"
    page.wait_for_selector(flagged)
    assert "310 000" in page.inner_text(flagged)
    assert page.get_attribute("#f-budsjett-rader-0-totalt", "aria-invalid") == "true"
    assert page.inner_text("#beregnet-f-budsjett-rader-0-totalt") == "Beregnet: 300 000"
    assert page.locator("#funnliste [data-kode=SUM_RAD]").count() == 1
    assert page.evaluate("() => window.ikkeLastetPaNytt") is True  # no page load
    check_axe(page)  # with findings shown, beside the fields and in the summary

    # Back to the field, corrected: the finding goes away.
    page.keyboard.press("Shift+Tab")
    assert focused(page, "#f-budsjett-rader-0-totalt")
    page.keyboard.press("Control+A")
    page.keyboard.type(tot)
    page.keyboard.press("Tab")
    page.wait_for_selector(flagged, state="detached")
    assert page.locator("#funnliste [data-kode=SUM_RAD]").count() == 0
    assert page.get_attribute("#f-budsjett-rader-0-totalt", "aria-invalid") is None

    # A second row from the keyboard: Enter on "Legg til tiltak" focuses the new row.
    press_button(page, "#f-budsjett-rader .legg-til")
    assert focused(page, "#f-budsjett-rader-1-etikett")
    for key, value in zip(
        ("etikett", "eier", "uh", "uh-institusjon", "totalt"), TILTAK[1], strict=True
    ):
        type_into(page, f"f-budsjett-rader-1-{key}", value)
    # The Sum row is computed from the rows, not typed: 100 000 + 50 000, 200 000 + 150 000.
    assert page.inner_text("#f-budsjett-sum-eier") == "150 000"
    assert page.inner_text("#f-budsjett-sum-uh") == "350 000"
    assert page.inner_text("#f-budsjett-sum-totalt") == "500 000"
    type_into(page, "f-kommentar", TEXTS["f-kommentar"])
    next_step(page)

    # Sections 1-7, a step each.
    type_into(page, "f-behov", TEXTS["f-behov"])
    tick(page, "f-faser-analyse")
    tick(page, "f-faser-planlegging")
    next_step(page)
    for key in ("f-partnerskapsplan", "f-egeninnsats"):
        type_into(page, key, TEXTS[key])
        next_step(page)
    for key in (f"f-maaloppnaaelse-{k}" for k in "abcde"):
        type_into(page, key, TEXTS[key])
    next_step(page)
    type_into(page, "f-maalgruppe", TEXTS["f-maalgruppe"])
    next_step(page)
    choose(page, "f-budsjett-i-vedlegg", "ja", 1)  # Nei
    type_into(page, "f-okonomi", "Pengene går til samlinger og veiledning.")
    tick(page, "f-varighet-v2026")
    tick(page, "f-varighet-h2026")
    next_step(page)
    choose(page, "f-videreutdanning", "ja", 1)  # Nei
    choose(page, "f-samiske-perspektiver", "ja", 2)  # Vurdert ikke relevant
    next_step(page)

    # Partner list and medbestemmelse participants: rows added from the keyboard.
    press_button(page, "#f-partnere .legg-til")
    assert focused(page, "#f-partnere-0-navn")
    page.keyboard.type("Høgskolen i Innlandet")
    type_into(page, "f-partnere-0-kontaktperson", "Per Li")
    tab_to(page, "#f-partnere-0-rolle")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Velg → Eier → UH
    assert page.input_value("#f-partnere-0-rolle") == "uh"
    choose(page, "f-medbestemmelse-droftet", "ja", 0)
    press_button(page, "#f-medbestemmelse-deltakere .legg-til")
    assert focused(page, "#f-medbestemmelse-deltakere-0-rolle")
    page.keyboard.type("Tillitsvalgt, Utdanningsforbundet")
    type_into(page, "f-medbestemmelse-deltakere-0-navn", "Siri Berg")
    for key, n in (("kommunale-barnehager", "0"), ("private-barnehager", "0")):
        type_into(page, f"f-enheter-{key}", n)
    for key, n in (("offentlige-skoler", "12"), ("private-skoler", "1"), ("ppt", "1")):
        type_into(page, f"f-enheter-{key}", n)

    # "Se over og send inn": everything read-only, then Enter on "Send inn".
    assert page.is_hidden("#neste-steg")  # the last step
    press_button(page, "#se-over")
    page.wait_for_url(re.compile(r"/se-over/$"))
    assert "Pengene går til samlinger og veiledning." in page.inner_text("main")
    press_button(page, "#send-inn")
    page.wait_for_url(re.compile(r"/kvittering/$"))
    check_axe(page)
    ref = page.inner_text("#referanse")
    assert re.fullmatch(r"BM-\d{5,}-\d", ref)
    assert page.inner_text("#mottaker") == "Statsforvalteren i Nordland"
    u.refresh_from_db()
    assert u.sendt_inn and u.sendt is not None
    rec = Record.from_dict(u.behovsmelding.innhold.data)  # type: ignore[union-attr]
    assert rec.gjelder == "grunnskole" and rec.flere_uh is True and rec.flere_eiere is False
    assert [(r.etikett, r.eier, r.uh_sum, r.totalt) for r in rec.budsjett.rader] == [
        ("Tiltak 1: Lesing i alle fag", 100000, 200000, 300000),
        ("Tiltak 2: Trygt skolemiljø", 50000, 150000, 200000),
    ]
    assert rec.budsjett.rader[0].uh[0].institusjon == "Nord universitet"
    assert rec.faser == ["analyse", "planlegging"] and rec.varighet == ["V2026", "H2026"]
    assert rec.samiske_perspektiver == "ikke_relevant"
    assert [(p.navn, p.rolle) for p in rec.partnere] == [("Høgskolen i Innlandet", "uh")]
    assert rec.medbestemmelse.droftet is True
    assert rec.medbestemmelse.deltakere[0].navn == "Siri Berg"
    assert rec.maaloppnaaelse is not None and rec.maaloppnaaelse.e == "Svar på bokstav e."
    assert rec.enheter.offentlige_skoler == 12

    # The receipt PDF, downloaded with Enter on its link.
    with page.expect_download() as info:
        press_button(page, "#last-ned-kvittering")
    text = pdf_text(Path(info.value.path()).read_bytes())
    from django.utils import timezone

    sendt = timezone.localtime(u.sendt)
    assert f"sendt inn på nett {sendt:%-d.%-m.%Y} kl. {sendt:%H:%M:%S} av Kari Nordmann" in text
    assert "Eier: Bodø kommune" in text
    for amount in ("100 000,-", "200 000,- (Nord universitet)", "300 000,-", "500 000,-"):
        assert amount in text
    assert "Høgskolen i Innlandet" in text and "Siri Berg" in text
    assert f"Referanse: {ref}" in text and "Mottaker: Statsforvalteren i Nordland" in text

    # Read-only for the owner now; the list shows it as sent.
    page.goto(f"{base}/skjema/{u.pk}/")
    assert page.is_disabled("#f-behov")
    assert page.locator("#send-inn").count() == 0
    page.goto(f"{base}/skjema/")
    assert "Bodø kommune 2026" in page.inner_text("#sendt-liste")
    check_axe(page)

    # The caseworker's overview shows it as mottatt.
    logout(page)
    login(page, base, "sara")
    bm = Behovsmelding.objects.get()
    assert bm.status == Status.MOTTATT and bm.partnerskap == partnerskap()
    row = page.locator("#liste tbody tr", has_text="Bodø kommune")
    assert row.count() == 1 and "Mottatt" in row.inner_text()
    # The receipt's reference finds it in the caseworker's search.
    page.fill("#q", ref.lower())
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q=bm-"))
    page.wait_for_selector("#liste tbody tr")
    assert page.locator("#liste tbody tr").count() == 1


def test_a_second_editor_gets_the_conflict_message_and_loses_nothing(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    owner(username="kari")
    a = pages()
    login(a, base, "kari")
    a.goto(f"{base}/skjema/")
    a.click("#ny")
    a.wait_for_selector("#skjema")
    u = Utkast.objects.get()

    # The owner picks the UH partner organisation from the register; a person working there
    # (a member of it) logs in and finds the draft among their own.
    nord = uh_organisation("Nord universitet")
    uh_member(nord, username="ola")
    a.select_option("#uh-virksomhet", str(nord.pk))
    a.click("#velg-kompetansemiljo")
    a.wait_for_selector(".ds-alert:has-text('Brukerne hos Nord universitet kan nå åpne')")
    check_axe(a)
    b = pages()
    login(b, base, "ola")
    b.goto(f"{base}/skjema/")
    b.click(f"#utkast-liste a[href='/skjema/{u.pk}/']")
    b.wait_for_url(f"**/skjema/{u.pk}/")
    b.wait_for_selector("#skjema")
    assert "Bodø kommune og Nord universitet skriver sammen" in b.inner_text("#kompetansemiljo")
    a.reload()

    # Both have the same version open. The owner saves first...
    to_step_of(a, "#f-behov")
    to_step_of(b, "#f-maalgruppe")
    a.fill("#f-behov", "Eierens vurdering av behov.")
    a.press("#f-behov", "Tab")
    a.wait_for_selector("#lagret-status:has-text('Lagret')")
    # ...the UH contact, on the old version, writes in another field: merged, no conflict,
    # and the owner's text appears on their page.
    b.fill("#f-maalgruppe", "Det UH skrev om målgruppen.")
    b.press("#f-maalgruppe", "Tab")
    b.wait_for_function(
        "() => document.getElementById('f-behov').value === 'Eierens vurdering av behov.'"
    )
    assert b.input_value("#f-maalgruppe") == "Det UH skrev om målgruppen."
    assert b.locator(".konflikt-felt").count() == 0
    u.refresh_from_db()
    assert u.data["behov"] == "Eierens vurdering av behov."
    assert u.data["maalgruppe"] == "Det UH skrev om målgruppen."


def test_carried_forward_draft_holds_last_years_answers_and_speaks_nynorsk(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    owner(username="kari")
    last = behovsmelding(name="sample_d_2026_bodo", aar=2025)
    old = Record.from_dict(last.innhold.data)
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/")
    page.click("#viderefor")
    # Which one to carry forward: last year's is chosen already.
    page.wait_for_selector("#velg-forrige")
    assert page.is_checked(f"#forrige-{last.pk}")
    check_axe(page)
    page.click("#viderefor-valgt")
    page.wait_for_selector("#skjema")
    assert "fylt ut med svarene fra 2025" in page.inner_text("main")

    # Last year's answers, with "videreføre" ticked.
    assert page.is_checked("#f-videreforer-fjoraaret-ja")
    assert page.input_value("#f-eier") == old.eier
    assert page.input_value("#f-maalgruppe") == old.maalgruppe
    assert page.input_value("#f-partnerskapsplan") == old.partnerskapsplan
    rows = page.locator("#f-budsjett-rader tbody tr")
    assert rows.count() == len(old.budsjett.rader)
    first = old.budsjett.rader[0]
    assert page.input_value("#f-budsjett-rader-0-etikett") == first.etikett
    assert page.input_value("#f-budsjett-rader-0-totalt") == f"{first.totalt:,}".replace(",", " ")
    u = Utkast.objects.get()
    assert u.forrige == last and Record.from_dict(u.data).videreforer_fjoraaret is True

    # The language switch: nynorsk labels, and findings in nynorsk, accessible in both forms.
    to_step_of(page, "#f-budsjett-rader-0-totalt")
    page.fill("#f-budsjett-rader-0-totalt", "1")
    page.press("#f-budsjett-rader-0-totalt", "Tab")
    page.wait_for_selector("#funn-f-budsjett-rader-0-totalt [data-kode=SUM_RAD]")
    check_axe(page)
    page.click("button[lang=nn]")
    page.wait_for_selector("html[lang=nn]")
    assert page.inner_text("#tittel-kontakter") == "Kontaktpersonar"
    assert page.inner_text("#tittel-del3") == "3. Eigaren sin eigeninnsats"
    assert page.get_attribute("button[lang=nn]", "aria-pressed") == "true"
    page.wait_for_selector("#funn-f-budsjett-rader-0-totalt [data-kode=SUM_RAD]")
    assert "ikkje" in page.inner_text("#funn-f-budsjett-rader-0-totalt")
    page.fill("#f-budsjett-rader-0-totalt", "2")
    page.press("#f-budsjett-rader-0-totalt", "Tab")
    page.wait_for_selector("#funn-f-budsjett-rader-0-totalt:has-text('2')")
    check_axe(page)
    page.goto(f"{base}/skjema/")
    assert page.inner_text("h1") == "Mine behovsmeldingar"
    check_axe(page)


def test_videreforing_and_the_receipt_in_nynorsk_and_bokmaal_pass_axe(
    live_server: Any, pages: Any
) -> None:
    """The choice of what to carry forward, the notice of a draft that exists, and the receipt
    page with its reference and recipient: in nynorsk and bokmål, axe-clean."""
    from skjema_factories import complete_record, draft, save

    from behovsmelding.web.referanse import referanse
    from behovsmelding.web.skjema import services

    base = live_server.url
    kari = owner(username="kari")
    last = behovsmelding(name="sample_d_2026_bodo", aar=2025)
    sent = save(draft(kari), complete_record(), by=kari)
    bm = services.submit(sent, by=kari, sprak="nn")
    page = pages()
    login(page, base, "kari")
    page.goto(f"{base}/skjema/")
    page.click("button[lang=nn]")
    page.wait_for_selector("html[lang=nn]")

    # The receipt page in nynorsk.
    page.goto(f"{base}/skjema/{sent.pk}/kvittering/")
    assert page.inner_text("h1") == "Behovsmeldinga er send inn"
    assert page.inner_text("#referanse") == referanse(bm.pk)
    assert page.inner_text("#mottaker") == "Statsforvaltaren i Nordland"
    check_axe(page)

    # "Vidareføre frå i fjor": the choice, then a second time the notice.
    page.goto(f"{base}/skjema/")
    page.click("#viderefor")
    page.wait_for_selector("#velg-forrige")
    assert page.inner_text("h1") == "Vidareføre ei tidlegare behovsmelding"
    check_axe(page)
    page.click("#viderefor-valgt")
    page.wait_for_selector("#skjema")
    first = Utkast.objects.get(forrige=last)
    page.goto(f"{base}/skjema/videreforing/")
    page.click("#viderefor-valgt")
    page.wait_for_selector("#finnes")
    assert "Det finst allereie eit utkast" in page.inner_text("#finnes")
    check_axe(page)
    assert Utkast.objects.filter(forrige=last).count() == 1

    # The same pages in bokmål.
    page.click("button[lang=nb]")
    page.wait_for_selector("html[lang=nb]")
    page.goto(f"{base}/skjema/videreforing/")
    page.click("#viderefor-valgt")
    page.wait_for_selector("#finnes")
    assert "Det finnes allerede et utkast" in page.inner_text("#finnes")
    check_axe(page)
    page.click(f"#apne-utkast-{first.pk}")
    page.wait_for_selector("#skjema")
    assert page.url.split("?")[0].endswith(f"/skjema/{first.pk}/")  # ?steg=N: the step shown
    page.goto(f"{base}/skjema/{sent.pk}/kvittering/")
    assert page.inner_text("#mottaker") == "Statsforvalteren i Nordland"
    check_axe(page)
