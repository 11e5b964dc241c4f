"""Into next year: a new 2026 behovsmelding and "Videreføre" fill § 4 (vurdering av
måloppnåelse) from the partnership's approved report, marked as prefilled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rapport_factories import BODO_TILTAK, linje_key, utfylt, verden
from web_factories import PASSWORD

from behovsmelding.web.rapport import services
from behovsmelding.web.rapport.models import Forhandsutfylling
from behovsmelding.web.skjema import services as skjema_services

pytestmark = pytest.mark.django_db
T6, T7, T8 = BODO_TILTAK


def _report(w: object, *, godkjent: bool) -> None:
    r = w.rapport  # type: ignore[attr-defined]
    values = utfylt(r)
    values[linje_key(r, T6, "maal_a")] = "Alle samlingene ble holdt."
    values[linje_key(r, T7, "maal_a")] = "Fem av seks ledersamlinger."
    services.lagre(r, verdier_inn=values, basert_paa=1, by=w.eier)  # type: ignore[attr-defined]
    services.send_inn(r, by=w.eier)  # type: ignore[attr-defined]
    if godkjent:
        services.godkjenn(r, by=w.sb)  # type: ignore[attr-defined]


def test_a_new_behovsmelding_gets_paragraph_4_from_the_approved_report() -> None:
    w = verden()
    _report(w, godkjent=True)
    u = skjema_services.create_draft(by=w.eier)
    mo = u.data["maaloppnaaelse"]
    assert mo["a"] == (
        "Tiltak 6: 18 gruppeledersamlinger:\nAlle samlingene ble holdt.\n\n"
        "Tiltak 7: 6 Ledersamlinger:\nFem av seks ledersamlinger.\n\n"
        "Tiltak 8: Digital nettressurs pedagogisk analyse:\nSvar på punkt a."
    )
    assert mo["e"].count("Svar på punkt e.") == 3
    assert mo["oppfolging"] is None
    f = Forhandsutfylling.objects.get(utkast=u)
    assert f.rapport == w.rapport
    c = Client()
    assert c.login(username="eier", password=PASSWORD)
    html = c.get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    assert 'id="forhandsutfylt"' in html
    assert "Forhåndsutfylt fra rapporten for 2024" in html
    assert "Alle samlingene ble holdt." in html


def test_carry_forward_gets_it_too() -> None:
    w = verden()
    _report(w, godkjent=True)
    u = skjema_services.carry_forward(w.own, by=w.eier)
    assert u.data["videreforer_fjoraaret"] is True
    assert "Alle samlingene ble holdt." in u.data["maaloppnaaelse"]["a"]
    assert Forhandsutfylling.objects.filter(utkast=u).exists()


def test_a_report_not_approved_fills_nothing() -> None:
    w = verden()
    _report(w, godkjent=False)
    u = skjema_services.create_draft(by=w.eier)
    assert not u.data["maaloppnaaelse"].get("a")
    assert not Forhandsutfylling.objects.filter(utkast=u).exists()
