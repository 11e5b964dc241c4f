"""The form in steps without scripts (Django's test client): every step on one page, saved
and sent in through "Se over og send inn"; the Sum row computed, whatever is posted for it;
the 2026 form's help texts at their sections."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from skjema_factories import complete_record, draft, owner, post_of
from web_factories import PASSWORD

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.skjema.models import Tilstand

pytestmark = pytest.mark.django_db


def client(user: object) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return c


def section(html: str, key: str) -> str:
    start = html.index(f'id="del-{key}"')
    return html[start : html.index("</section>", start)]


def test_without_scripts_every_step_is_on_the_one_page() -> None:
    eier = owner()
    u = draft(eier, complete_record())
    html = client(eier).get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    steps = re.findall(r'<div class="steg" id="steg-(\d+)"[^>]*>', html)
    assert steps == [str(n) for n in range(1, 11)]
    assert not re.search(r'<div class="steg"[^>]*hidden', html)
    for name in ("tittel", "budsjett.rader[0].eier", "behov", "maaloppnaaelse.e", "enheter.ppt"):
        assert f'name="{name}"' in html
    # The indicator's links stay on the page (nothing typed is left behind)...
    assert re.findall(r'href="(#steg-\d+)"', html)[:2] == ["#steg-1", "#steg-2"]
    # ...and "Se over og send inn" saves first: a button of the form.
    assert 'name="handling" value="se-over"' in html
    assert 'id="send-inn"' not in html


def test_without_scripts_saved_reviewed_and_sent_in_from_the_review_page() -> None:
    eier = owner()
    u = draft(eier)
    c = client(eier)
    rec = complete_record()
    data = post_of(rec, maalgruppe="Alle lærere i Bodø.")
    data.update(versjon=[str(u.versjon)], handling=["se-over"])
    r = c.post(reverse("skjema:utkast", args=[u.pk]), data)
    assert r.status_code == 302 and r["Location"] == reverse("skjema:se-over", args=[u.pk])
    u.refresh_from_db()
    assert u.data["maalgruppe"] == "Alle lærere i Bodø."

    page = c.get(r["Location"]).content.decode()
    assert "Alle lærere i Bodø." in page
    assert rec.budsjett.rader[0].etikett in page
    assert 'id="send-inn"' in page and f'name="versjon" value="{u.versjon}"' in page
    # Each step has a link back to it.
    assert f'href="/skjema/{u.pk}/?steg=7#steg-7"' in page

    r = c.post(reverse("skjema:se-over", args=[u.pk]), {"versjon": u.versjon})
    assert r.status_code == 302 and r["Location"] == reverse("skjema:kvittering", args=[u.pk])
    u.refresh_from_db()
    assert u.tilstand == Tilstand.SENDT and u.behovsmelding is not None


def test_the_review_refuses_a_version_nobody_looked_over() -> None:
    eier = owner()
    u = draft(eier, complete_record())
    c = client(eier)
    shown = u.versjon
    data = post_of(complete_record(), maalgruppe="Endret etterpå.")
    data.update(versjon=[str(u.versjon)], handling=["lagre"])
    c.post(reverse("skjema:utkast", args=[u.pk]), data)
    r = c.post(reverse("skjema:se-over", args=[u.pk]), {"versjon": shown})
    assert r.status_code == 409
    assert "Behovsmeldingen er endret siden du så over den." in r.content.decode()
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST


def test_the_review_lists_the_errors_by_step_and_refuses_to_send() -> None:
    eier = owner()
    u = draft(eier)
    c = client(eier)
    data = post_of(complete_record(), **{"budsjett.rader[0].totalt": "401 501"})
    data.update(versjon=[str(u.versjon)], handling=["lagre"])
    c.post(reverse("skjema:utkast", args=[u.pk]), data)
    u.refresh_from_db()
    page = c.get(reverse("skjema:se-over", args=[u.pk])).content.decode()
    step2 = page[page.index('id="oversikt-2"') : page.index('id="oversikt-3"')]
    assert "Totalt 401 501" in step2
    assert f'href="/skjema/{u.pk}/?steg=2#f-budsjett-rader-0-totalt"' in step2
    r = c.post(reverse("skjema:se-over", args=[u.pk]), {"versjon": u.versjon})
    assert r.status_code == 400 and 'id="ikke-klar"' in r.content.decode()
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST


def test_a_posted_sum_row_is_ignored_and_the_computed_one_stored() -> None:
    eier = owner()
    u = draft(eier)
    rec = complete_record()
    data = post_of(
        rec,
        **{"budsjett.sum.eier": "1", "budsjett.sum.uh": "2", "budsjett.sum.totalt": "3"},
    )
    data.update(versjon=[str(u.versjon)], handling=["lagre"])
    client(eier).post(reverse("skjema:utkast", args=[u.pk]), data)
    u.refresh_from_db()
    s = Record.from_dict(u.data).budsjett.sum
    rows = rec.budsjett.rader
    # The rule: the Sum row is each column added up.
    assert s is not None and s.etikett == "Sum"
    assert s.eier == sum(r.eier or 0 for r in rows) != 1
    assert s.uh_sum == sum(r.uh_sum or 0 for r in rows) != 2
    assert s.totalt == sum(r.totalt or 0 for r in rows) != 3


# The 2026 form's own help (seed 002), at the section it belongs to.
HELP = {
    "del1": "Ta utgangspunkt i lokale behov, relevante planer og eventuelle data/kartlegginger. "
    "Se punktet i sammenheng med punkt 6.",
    "del2": "Beskriv hvordan partnerskapet er organisert. Forklar hvordan samarbeidet "
    "planlegges, hvilke roller partene har, og hvordan tiltakene skal planlegges og "
    "gjennomføres i fellesskap.",
    "del3": "Dette kan være tid, ressurser, tilrettelegging, koordinering eller andre bidrag "
    "som er nødvendige for å gjennomføre tiltakene.",
    "del4": "Forklar hvordan dere vil vurdere måloppnåelse for tiltakene. Ta utgangspunkt i "
    "forskriftens § 5 (bokstav a–e).",
    "del5": "Forklar hvordan målgruppen er valgt ut fra behovsvurderingen.",
    "del6": "UH/kompetansemiljø skal synliggjøre kostnader for reise og opphold i sin andel.",
}


def test_the_paper_forms_help_texts_are_at_their_sections() -> None:
    eier = owner()
    u = draft(eier)
    html = client(eier).get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    for key, text in HELP.items():
        assert text in section(html, key), key
    # A field's help is read with it.
    assert 'aria-describedby="hjelp-f-okonomi funn-f-okonomi"' in html
    assert "fyll ut listen over andre eiere" in section(html, "flagg")


def test_the_review_page_speaks_nynorsk() -> None:
    eier = owner()
    u = draft(eier, complete_record())
    c = client(eier)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    page = c.get(reverse("skjema:se-over", args=[u.pk])).content.decode()
    assert "Sjå over og send inn" in page and "Se over og send inn" not in page
    form = c.get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    assert "UH/kompetansemiljø skal synleggjere kostnader for reise og opphald" in form


def test_submit_sends_only_the_version_that_was_looked_over() -> None:
    from behovsmelding.web.skjema import services

    eier = owner()
    u = draft(eier, complete_record())
    with pytest.raises(services.UtkastEndret):
        services.submit(u, by=eier, versjon=u.versjon - 1)
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST and u.behovsmelding is None
    services.submit(u, by=eier, versjon=u.versjon)
    u.refresh_from_db()
    assert u.tilstand == Tilstand.SENDT
