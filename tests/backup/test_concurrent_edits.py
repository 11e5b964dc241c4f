"""Two caseworkers acting on the same record at once: the second is told, nothing is lost.

Both have the detail page open with the same status. The first moves it on; the second's
request, built from the stale page, is refused with a message instead of silently overwriting,
and the audit trail has exactly the change that was made. Comments never overwrite each other.
"""

from __future__ import annotations

import pytest
from django.test import Client
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.web.models import Behovsmelding, Hendelse, Kommentar
from behovsmelding.web.workflow import TRANSITIONS, Status

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_a_stale_status_change_is_refused_not_applied() -> None:
    reg = region()
    caseworker(reg, username="a")
    caseworker(reg, username="b")
    bm = behovsmelding(reg=reg)
    start = Status(bm.status)
    target = sorted(TRANSITIONS[start])[0]
    a, b = logged_in("a"), logged_in("b")
    url = f"/behovsmeldinger/{bm.pk}/status/"

    assert a.post(url, {"til": target}).status_code == 302
    page = b.post(url, {"til": target}, follow=True)

    bm.refresh_from_db()
    assert bm.status == target
    assert bm.status_endret_av is not None and bm.status_endret_av.username == "a"
    assert "kan ikke endres fra" in page.content.decode()
    changes = Hendelse.objects.filter(behovsmelding=bm, type="behovsmelding.status_changed")
    assert changes.count() == 1


def test_simultaneous_comments_are_both_kept_and_audited() -> None:
    reg = region()
    caseworker(reg, username="a")
    caseworker(reg, username="b")
    bm = behovsmelding(reg=reg)
    a, b = logged_in("a"), logged_in("b")
    url = f"/behovsmeldinger/{bm.pk}/kommentar/"
    a.post(url, {"tekst": "Fra A"})
    b.post(url, {"tekst": "Fra B"})
    assert list(Kommentar.objects.filter(behovsmelding=bm).values_list("tekst", flat=True)) == [
        "Fra A",
        "Fra B",
    ]
    assert (
        Hendelse.objects.filter(behovsmelding=bm, type="behovsmelding.comment_added").count() == 2
    )
    assert Behovsmelding.objects.count() == 1
