"""Real browser (Debian's Chromium via Playwright) with axe-core and the page's CSP watched: a
caseworker invites a UH contact from the organisation's page; the contact opens the link from
the e-mail, chooses a name and password and lands on "Min virksomhet"; then finds the draft the
owner shares with the organisation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from medlemskap_factories import token_in_mail
from skjema.skjema_factories import owner, uh_organisation
from web_axe import check_axe, new_page
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.web.models import Medlemskap
from behovsmelding.web.skjema import services as skjema_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def make() -> Any:
        opened.append(new_page(browser))
        return opened[-1]

    yield make
    for p in opened:
        assert p.console_errors == [], p.console_errors
        p.context.close()


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Behovsmeldinger')")


def test_a_caseworker_invites_a_uh_contact_who_joins_and_opens_the_shared_draft(
    live_server: Any, pages: Any
) -> None:
    base = live_server.url
    caseworker(region("Nordland"), username="sara")
    # Nord universitet is the UH partner of a behovsmelding in Nordland: an organisation the
    # region's caseworker works with.
    behovsmelding(eier="Vefsn kommune", uh="Nord universitet")
    nord = uh_organisation("Nord universitet")
    kari = owner(username="kari")
    utkast = skjema_services.create_draft(by=kari)
    skjema_services.choose_uh(utkast, nord, by=kari)

    sb = pages()
    login(sb, base, "sara")
    sb.goto(f"{base}/virksomhet/{nord.pk}/")
    sb.fill("#id_epost", "ola@nord.no")
    sb.select_option("#id_rolle", "administrator")
    sb.click("#send-invitasjon")
    sb.wait_for_selector(".ds-alert:has-text('Invitasjonen er sendt på e-post til ola@nord.no')")
    assert "ola@nord.no" in sb.inner_text("#ventende")
    assert "/invitasjon/" not in sb.content()
    check_axe(sb)

    ola = pages()
    ola.goto(f"{base}/invitasjon/{token_in_mail('ola@nord.no')}/")
    ola.wait_for_selector("h1:has-text('Invitasjon til Nord universitet')")
    check_axe(ola)
    ola.fill("#id_first_name", "Ola")
    ola.fill("#id_last_name", "Nordmann")
    ola.fill("#id_new_password1", "et-langt-passord-2026")
    ola.fill("#id_new_password2", "et-langt-passord-2026")
    ola.click("#opprett-bruker")
    ola.wait_for_url(f"**/virksomhet/{nord.pk}/")
    assert "Velkommen! Du er nå medlem av Nord universitet." in ola.inner_text("main")
    assert "Ola Nordmann" in ola.inner_text("#medlemmer")
    check_axe(ola)
    m = Medlemskap.objects.get(virksomhet=nord, bruker__username="ola@nord.no")
    assert m.rolle == "administrator"

    ola.click("a:has-text('Mine behovsmeldinger')")
    ola.click(f"#utkast-liste a[href='/skjema/{utkast.pk}/']")
    ola.wait_for_selector("#skjema")
    assert "skriver sammen" in ola.inner_text("#kompetansemiljo")
