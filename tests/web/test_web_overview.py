"""The overview: filters, search, sorting, totals and chart for what the user may see."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.web import overview
from behovsmelding.web.models import Behovsmelding, Hendelse, Innhold
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


# --- the cache of menus, totals and bars (overview.cached) -------------------------------------


def _page(c: Client, **params: str) -> str:
    return c.get("/", params).content.decode()


def _antall(html: str) -> str:
    found = re.search(r'id="sum-antall">([^<]*)<', html)
    assert found is not None
    return found.group(1)


def _logged_in_caseworker() -> Client:
    c = Client()
    c.login(username=caseworker(region()).username, password=PASSWORD)
    return c


@pytest.mark.django_db(transaction=True)
def test_menus_totals_and_bars_are_read_from_the_cache_the_second_time() -> None:
    behovsmelding(eier="Bodø kommune", kompetansenettverk="Salten")
    c = _logged_in_caseworker()
    with CaptureQueriesContext(connection) as first:
        html_first = _page(c)
    with CaptureQueriesContext(connection) as second:
        html_second = _page(c)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", html_first) == token.sub("", html_second)
    # the four menu DISTINCTs and the GROUP BY for totals and bars are not asked again
    assert len(second.captured_queries) == len(first.captured_queries) - 5
    assert not any("DISTINCT" in q["sql"] for q in second.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_new_record_shows_in_menus_totals_and_bars_at_once() -> None:
    behovsmelding(eier="Bodø kommune", kompetansenettverk="Salten")
    c = _logged_in_caseworker()
    before = _page(c)
    assert _antall(before) == "1" and "Rana kommune" not in before
    assert "Lofoten" not in before
    _page(c, aar="2024")  # another cached set
    new = behovsmelding(eier="Rana kommune", kompetansenettverk="Lofoten")
    after = _page(c)
    assert _antall(after) == "2"
    assert '<option value="Rana kommune">Rana kommune</option>' in after
    assert '<th scope="row">Lofoten</th>' in after
    assert _antall(_page(c, aar="2024")) == "2"
    assert new.sum_totalt > 0


@pytest.mark.django_db(transaction=True)
def test_a_record_changed_elsewhere_shows_at_once() -> None:
    """Another worker's change reaches this process's cache through the data stamp: every
    service that changes a record writes an audit entry."""
    bm = behovsmelding(eier="Bodø kommune", kompetansenettverk="Salten")
    c = _logged_in_caseworker()
    assert '<th scope="row">Salten</th>' in _page(c)
    # as another process would: no signal here, only the rows and the audit entry
    Behovsmelding.objects.filter(pk=bm.pk).update(kompetansenettverk="Ofoten", sum_totalt=7)
    Hendelse.objects.create(behovsmelding_id=bm.pk, type="behovsmelding.checked")
    html = _page(c)
    assert '<th scope="row">Ofoten</th>' in html and '<th scope="row">Salten</th>' not in html
    assert 'id="sum-totalt">7\xa0kr<' in html
    assert '<option value="Ofoten">Ofoten</option>' in html


@pytest.mark.django_db(transaction=True)
def test_a_record_saved_in_this_process_shows_at_once() -> None:
    bm = behovsmelding(eier="Bodø kommune", kompetansenettverk="Salten")
    c = _logged_in_caseworker()
    assert '<option value="Bodø kommune" selected>' in _page(c, eier="Bodø kommune")
    bm.eier = "Bodø kommune (ny)"
    bm.save()  # no audit entry: the save signal moves the stamp
    html = _page(c)
    assert '<option value="Bodø kommune (ny)">' in html
    assert '<option value="Bodø kommune">' not in html


@pytest.mark.django_db(transaction=True)
def test_a_status_change_shows_in_the_filtered_totals_at_once() -> None:
    bm = behovsmelding(eier="Bodø kommune")
    sb = caseworker(region())
    c = Client()
    c.login(username=sb.username, password=PASSWORD)
    assert _antall(_page(c, status="under_behandling")) == "0"
    change_status(bm, "under_behandling", by=sb)
    assert _antall(_page(c, status="under_behandling")) == "1"


def test_inside_a_transaction_nothing_is_cached(three: list[Behovsmelding]) -> None:
    # the test runs in a transaction, as a request that changes data would
    qs = Behovsmelding.objects.all()
    assert overview.summary(qs)[0]["antall"] == 3
    with CaptureQueriesContext(connection) as again:
        assert overview.summary(qs)[0]["antall"] == 3
    assert len(again.captured_queries) == 1  # asked again, not read from the cache
    behovsmelding(eier="Bodø kommune")
    assert overview.summary(qs)[0]["antall"] == 4


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generated search vector is PostgreSQL's"
)
def test_postgresql_search_vector_follows_the_text(three: list[Behovsmelding]) -> None:
    Innhold.objects.filter(pk=three[0].pk).update(sokeetekst=" nyttord ")
    assert filtered(q="nyttor") == ["Bodø kommune"]
    assert filtered(q="gruppeleder") == ["Vefsn kommune"]
