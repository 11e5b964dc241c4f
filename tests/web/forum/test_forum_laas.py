"""Two people prioritising at once: a save on a stale page is refused with the other person's
change shown, and what was typed stays in the form. Also the round page's readable history, a
missing recipient (404) and the vedtak page's wording."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from forum_factories import forum_member, runde, store_seeds
from web_factories import PASSWORD, caseworker

from behovsmelding import forum_calc
from behovsmelding.web.forum import services
from behovsmelding.web.forum.models import Post, Runde

pytestmark = pytest.mark.django_db
NB = "\u00a0"


@pytest.fixture
def round2026() -> Runde:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    forum_member(reg, username="forum")
    r = runde(reg, 2026, by=sb)
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=10_000_000, by=sb)
    return r


def login(name: str) -> Client:
    c = Client()
    assert c.login(username=name, password=PASSWORD)
    return c


def card_form(page: str, post: Post) -> dict[str, str]:
    """The hidden version of one card as the page showed it."""
    marker = f'name="p-{post.pk}-versjon" value="'
    start = page.index(marker) + len(marker)
    return {f"p-{post.pk}-versjon": page[start : page.index('"', start)]}


def test_a_stale_prioritisation_is_refused_with_the_other_persons_change_shown(
    round2026: Runde,
) -> None:
    post = round2026.poster.order_by("id").first()
    assert post is not None
    url = reverse("forum-prioritering", args=[round2026.pk])
    forum, sb = login("forum"), login("sb")
    forum_page = forum.get(url).content.decode()  # the forum member opens the page …
    sb_page = sb.get(url).content.decode()
    pre = f"p-{post.pk}-"
    # … the caseworker saves 100 000 kr for the owner with a reason …
    response = sb.post(
        url,
        {
            **card_form(sb_page, post),
            pre + "status": forum_calc.PRIORITERT,
            pre + "eier-0": "100000",
            pre + "uh-0": "0",
            pre + "begrunnelse": "Halvert etter samtale",
            "handling": "lagre",
        },
    )
    assert response.status_code == 302
    # … and the forum member, on the page opened before, saves 250 000 kr.
    stale = {
        **card_form(forum_page, post),
        pre + "status": forum_calc.PRIORITERT,
        pre + "eier-0": "250000",
        pre + "uh-0": "0",
        pre + "begrunnelse": "Viktig",
        "handling": "lagre",
    }
    response = forum.post(url, stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "endret «" in html and "Halvert etter samtale" in html
    assert f"eier 100{NB}000{NB}kr" in html  # what the other person set
    assert "er endret av en annen etter at du åpnet siden" in html
    assert 'value="250000"' in html and "Viktig</textarea>" in html  # typed values kept
    post.prioritering.refresh_from_db()
    assert (post.prioritering.eier, post.prioritering.begrunnelse) == (
        [100_000, 0],
        "Halvert etter samtale",
    )
    # Saving again from the refused page (now based on the stored version) overwrites knowingly.
    again = {**stale, **card_form(html, post)}
    assert forum.post(url, again).status_code == 302
    post.prioritering.refresh_from_db()
    assert post.prioritering.eier == [250_000, 0]


def test_a_stale_page_that_does_not_change_a_post_does_not_overwrite_it(
    round2026: Runde,
) -> None:
    post = round2026.poster.order_by("id").first()
    assert post is not None
    old = services.versjon_av(None)
    services.sett_prioritering(
        post,
        status=forum_calc.PRIORITERT,
        eier=[1],
        uh=[0],
        begrunnelse="",
        by=caseworker(round2026.region, username="sb9"),
    )
    with pytest.raises(services.Utdatert, match="Endringen din er ikke lagret"):
        services.sett_prioritering(
            post,
            status=forum_calc.IKKE_VURDERT,
            eier=[],
            uh=[],
            begrunnelse="",
            by=caseworker(round2026.region, username="sb8"),
            basert_paa=old,
        )


def test_the_round_history_is_in_words(round2026: Runde) -> None:
    html = login("sb").get(reverse("forum-runde", args=[round2026.pk])).content.decode()
    assert "Tiltakene hentet på nytt" in html and "Ramme «" in html
    assert "runde.refreshed" not in html and "ramme:" not in html


def test_the_vedtak_page_sums_what_is_granted_and_finish_without_innstilling_says_why(
    round2026: Runde,
) -> None:
    c = login("sb")
    url = reverse("forum-vedtak", args=[round2026.pk])
    response = c.post(url, {"handling": "fullfor"})
    assert "Vedtaket kan ikke registreres før innstillingen er fullført." in (
        response.content.decode()
    )


def test_a_forced_finish_over_the_frame_says_why(round2026: Runde) -> None:
    r = round2026
    sb = caseworker(r.region, username="sb7")
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=1, by=sb)
    c = login("forum")
    url = reverse("forum-prioritering", args=[r.pk])
    form: dict[str, str] = {"handling": "fullfor"}
    for p in r.poster.all():
        form[f"p-{p.pk}-status"] = forum_calc.PRIORITERT
        form[f"p-{p.pk}-eier-0"] = str(p.soekt_eier)
        form[f"p-{p.pk}-uh-0"] = str(p.soekt_uh)
    html = c.post(url, form).content.decode()
    assert "Innstillingen kan ikke fullføres: Rammen" in html
    assert "er overskredet med" in html
