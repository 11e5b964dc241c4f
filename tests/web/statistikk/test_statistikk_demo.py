"""The demo's history for the statistics: invented records for 2025, decided
through the forum's services, with approved reports; loading it twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from behovsmelding.web.demo import DEMO_PASSWORD
from behovsmelding.web.forum.models import Runde, Versjon
from behovsmelding.web.models import Behovsmelding
from behovsmelding.web.rapport.models import Rapport, Rapportlinje
from behovsmelding.web.statistikk.demo import AAR, EIERE, TILTAK

pytestmark = pytest.mark.django_db


def test_demo_has_years_of_history_for_the_statistics_and_is_idempotent() -> None:
    call_command("demo", "--no-serve", stdout=io.StringIO())
    counts = (
        Behovsmelding.objects.count(),
        Runde.objects.count(),
        Rapportlinje.objects.count(),
    )
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert (
        Behovsmelding.objects.count(),
        Runde.objects.count(),
        Rapportlinje.objects.count(),
    ) == counts
    # 4 owners × the invented year beside the five seeds
    assert counts[0] == 5 + len(EIERE) * len(AAR)
    assert sorted(Runde.objects.values_list("aar", flat=True)) == [2024, 2025, 2026]
    for aar in AAR:
        runde = Runde.objects.get(aar=aar)
        assert set(runde.versjoner.values_list("type", flat=True)) == {
            Versjon.Type.INNSTILLING,
            Versjon.Type.VEDTAK,
        }
        n_tiltak = sum(len(t) for _, t in TILTAK[aar].values())
        assert runde.poster.filter(aktiv=True).count() == n_tiltak
        assert Rapportlinje.objects.filter(post__runde=runde).count() == n_tiltak
    history = Rapport.objects.filter(rapportrunde__runde__aar__in=AAR)
    assert history.exists() and not history.exclude(status=Rapport.Status.GODKJENT).exists()

    c = Client()
    assert c.login(username="saksbehandler", password=DEMO_PASSWORD)
    html = c.get("/statistikk/").content.decode()
    for aar in (2024, 2025, 2026):
        assert f'<th scope="row">{aar}</th>' in html
    # Rana's network used 72 % of its 2025 grants in the invented reports
    html_2025 = c.get("/statistikk/", {"fra": "2025", "til": "2025"}).content.decode()
    assert "Indre Helgeland (72,0 %)" in html_2025
