"""The overview: filters, search, sorting, totals and chart for what the user may see."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.web import overview
from behovsmelding.web.models import Behovsmelding
from behovsmelding.web.services import change_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def three() -> list[Behovsmelding]:
    return [
        behovsmelding(eier="Bodø kommune", kompetansenettverk="Salten"),
        behovsmelding(
            eier="Vefsn kommune",
            kompetansenettverk="RKK Vefsn",
            kommentar="Vi satser på Språkløyper.",
            funn=[{"kode": "X", "alvorlighet": "feil", "felt": "eier", "melding": "m"}],
        ),
        behovsmelding(name="sample_d_2026_bodo", eier="Rana kommune"),
    ]


def filtered(**params: str) -> list[str]:
    f = overview.Filtre.from_query(params)
    return sorted(f.apply(Behovsmelding.objects.all()).values_list("eier", flat=True))


def test_filters_narrow_the_list(three: list[Behovsmelding]) -> None:
    assert filtered(aar="2026") == ["Rana kommune"]
    assert filtered(skjema="lokal-2024") == ["Bodø kommune", "Vefsn kommune"]
    assert filtered(ordning="kompetanseloftet") == ["Bodø kommune", "Vefsn kommune"]
    assert filtered(ordning="kollektiv") == ["Rana kommune"]
    assert filtered(nettverk="RKK Vefsn") == ["Vefsn kommune"]
    assert filtered(eier="Bodø kommune") == ["Bodø kommune"]
    assert filtered(feil="ja") == ["Vefsn kommune"]
    assert filtered(feil="nei") == ["Bodø kommune", "Rana kommune"]
    assert filtered(uh=str(three[2].institusjon_id)) == ["Rana kommune"]
    assert filtered(uh="ikke-et-tall") == filtered()


def test_status_filter(three: list[Behovsmelding]) -> None:
    change_status(three[0], "under_behandling", by=caseworker())
    assert filtered(status="under_behandling") == ["Bodø kommune"]


def test_search_finds_words_in_any_answer_ignoring_case(three: list[Behovsmelding]) -> None:
    assert filtered(q="GRUPPELEDERSAMLINGER") == ["Bodø kommune", "Vefsn kommune"]
    assert filtered(q="rana") == ["Rana kommune"]
    assert filtered(q="gruppeledersamlinger rana") == []


def test_search_matches_the_start_of_words_with_norwegian_letters(
    three: list[Behovsmelding],
) -> None:
    assert filtered(q="gruppeleder") == ["Bodø kommune", "Vefsn kommune"]
    assert filtered(q="SPRÅKLØY") == ["Vefsn kommune"]
    assert filtered(q="sprakloy") == []


def test_invalid_filter_values_are_ignored_or_reported() -> None:
    f = overview.Filtre.from_query({"aar": "to tusen", "status": "slettet", "sort": "drop"})
    assert f.aar is None and f.status == "" and f.sort == overview.DEFAULT_SORT
    assert f.errors == ["År må være et firesifret tall."]


def test_sorting_by_amount(three: list[Behovsmelding]) -> None:
    f = overview.Filtre.from_query({"sort": "-sum_totalt"})
    totals = list(f.ordered(Behovsmelding.objects.all()).values_list("sum_totalt", flat=True))
    assert totals == sorted(totals, reverse=True)
    assert len(set(totals)) > 1


def test_totals_add_up_the_filtered_set(three: list[Behovsmelding]) -> None:
    qs = overview.Filtre.from_query({"skjema": "lokal-2024"}).apply(Behovsmelding.objects.all())
    t = overview.totals(qs)
    assert t["antall"] == 2
    assert t["eier"] == three[0].sum_eier + three[1].sum_eier
    assert t["totalt"] == three[0].sum_totalt + three[1].sum_totalt


def test_chart_by_network_and_ordning(three: list[Behovsmelding]) -> None:
    qs = Behovsmelding.objects.all()
    net = {s.label: s.totalt for s in overview.chart_by_network(qs)}
    assert net["Salten"] == three[0].sum_totalt + three[2].sum_totalt  # sample D is Salten too
    assert net["RKK Vefsn"] == three[1].sum_totalt
    ordn = {s.label: s.totalt for s in overview.chart_by_ordning(overview.totals(qs))}
    assert ordn["Kollektiv kompetanseutvikling"] == three[2].sum_totalt
    assert max(s.prosent for s in overview.chart_by_network(qs)) == 100.0


def test_page_shows_totals_for_the_filter(three: list[Behovsmelding]) -> None:
    c = Client()
    sb = caseworker(region())
    c.login(username=sb.username, password=PASSWORD)
    html = c.get("/", {"eier": "Vefsn kommune"}).content.decode()
    total = re.search(r'id="sum-totalt">([^<]*)<', html)
    assert total is not None
    assert total.group(1).replace("\xa0", " ") == f"{three[1].sum_totalt:,} kr".replace(",", " ")
    assert "Treff: 1 behovsmelding<" in html


def test_htmx_request_gets_only_the_results(three: list[Behovsmelding]) -> None:
    c = Client()
    sb = caseworker(region())
    c.login(username=sb.username, password=PASSWORD)
    html = c.get("/", {"q": "rana"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    assert "Rana kommune" in html and "Vefsn kommune" not in html
    # the screen-reader status outside the swapped region is updated out of band
    assert (
        'id="resultat-status" class="ds-sr-only" role="status" hx-swap-oob="true">1 treff' in html
    )


def test_names_in_the_filter_menus_are_escaped() -> None:
    behovsmelding(eier='<script>alert("x")</script> kommune')
    c = Client()
    sb = caseworker(region())
    c.login(username=sb.username, password=PASSWORD)
    html = c.get("/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; kommune</option>" in html
