"""The statistics page, its charts, filters, Excel export and access, on the hand-made history
(statistikk_factories.py)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from statistikk_factories import Historikk, historikk
from web_factories import PASSWORD, owner_of, uh_of

from behovsmelding.web.models import Hendelse
from behovsmelding.web.statistikk.models import Tema

pytestmark = pytest.mark.django_db
URL = "/statistikk/"


@pytest.fixture
def h() -> Historikk:
    return historikk()


def login(u: object) -> Client:
    c = Client()
    assert c.login(username=u.username, password=PASSWORD)  # type: ignore[attr-defined]
    return c


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_page_answers_the_three_questions(h: Historikk) -> None:
    html = login(h.sb).get(URL).content.decode()
    nbsp = "\u00a0"
    # which themes: the themes asked for in the newest year, most money first
    assert re.search(
        r'id="svar-temaer">.*?i 2026:</strong>\s*Lesing og skriving, Språk \(', html, re.S
    )
    # the change since 2024: Språk +300 000 the most; Inkludering and Skolemiljø −500 000
    assert f"størst nedgang for Inkludering og tilpasset opplæring (−500{nbsp}000{nbsp}kr)" in html
    # which networks use less than they are granted
    assert re.search(r'id="svar-underforbruk">.*?Indre Helgeland \(71,4 %\)\.', html, re.S)
    assert f"<dd>2{nbsp}250{nbsp}000{nbsp}kr</dd>" in html  # asked, all years


def test_charts_are_accessible_svg_with_the_numbers_in_a_table(h: Historikk) -> None:
    html = login(h.sb).get(URL).content.decode()
    charts = svgs(html)
    assert len(charts) == 2
    for svg in charts:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert ids is not None
        for i in ids.group(1).split():
            assert f'id="{i}"' in svg
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title>", svg)
        assert re.search(r"<desc id=\"[^\"]+\">[^<]+</desc>", svg)
        assert "style=" not in svg and "<script" not in svg
    temaer, nettverk = charts
    assert (
        "Språk: 2024 300\u00a0000\u00a0kr, 2025 120\u00a0000\u00a0kr, 2026 600\u00a0000\u00a0kr"
        in temaer
    )
    assert "Under 90 % brukt: Indre Helgeland." in nettverk
    # the tables beside them
    tabell = html[html.index('id="tema-tabell"') :]
    tabell = tabell[: tabell.index("</table>")]
    assert "<caption>" in tabell
    row = re.search(r"<th scope=\"row\">Språk</th>(.*?)</tr>", tabell, re.S)
    assert row is not None
    assert re.findall(r"([\d\u00a0]+)\u00a0kr<br>", row.group(1)) == [
        "300\u00a0000",
        "120\u00a0000",
        "600\u00a0000",
    ]
    nett = html[html.index('id="nettverk-tabell"') :]
    nett = nett[: nett.index("</table>")]
    assert re.search(r"Indre Helgeland <span[^>]*>Under 90 %</span>", nett)
    assert "71,4 %" in nett and "90,9 %" in nett


@pytest.mark.parametrize(
    "query",
    ["fra=tjue", "til=2024&fra=2026", "ordning=x", "tema=abc", "per=kommune", "tema=99999999"],
)
def test_bad_filter_is_a_400_with_the_error_on_the_page(h: Historikk, query: str) -> None:
    c = login(h.sb)
    for url in (URL, "/statistikk/statistikk.xlsx", "/statistikk/tiltak/"):
        r = c.get(f"{url}?{query}")
        assert r.status_code == 400, url
        assert 'role="alert"' in r.content.decode()


def test_filter_changes_the_numbers(h: Historikk) -> None:
    html = login(h.sb).get(URL, {"nettverk": "Indre Helgeland"}).content.decode()
    # P3 500 000 + P4 100 000 + P6 120 000
    assert "<dd>720\u00a0000\u00a0kr</dd>" in html


def test_excel_export_holds_the_numbers(h: Historikk) -> None:
    r = login(h.sb).get("/statistikk/statistikk.xlsx", {"fra": "2024", "til": "2024"})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))  # type: ignore[attr-defined]
    assert wb.sheetnames == ["Per år", "Per kompetansenettverk", "Nettverk", "Temaer"]
    per_aar = list(wb["Per år"].values)
    assert per_aar[0][:5] == ("År", "Utvalg", "Tiltak", "Partnerskap", "Søkt")
    assert per_aar[1][:9] == (2024, "2024", 5, 3, 1_380_000, 1_030_000, 980_000, 750_000, 50_000)
    nett = {row[0]: row for row in list(wb["Nettverk"].values)[1:]}
    assert nett["Indre Helgeland"][-1] == "Ja"
    assert nett["Salten"][-1] == "Nei"


def test_excel_neutralises_a_name_that_looks_like_a_formula(h: Historikk) -> None:
    p = h.poster["P1"]
    p.nettverk = "=HYPERLINK(1)"
    p.save()
    r = login(h.sb).get("/statistikk/statistikk.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))  # type: ignore[attr-defined]
    names = [row[0] for row in list(wb["Nettverk"].values)[1:]]
    assert "'=HYPERLINK(1)" in names


def test_owner_and_uh_cannot_see_the_statistics(h: Historikk) -> None:
    for u in (owner_of(h.bm["bodo"]), uh_of(h.bm["bodo"])):
        c = login(u)
        for url in (URL, "/statistikk/statistikk.xlsx", "/statistikk/tiltak/"):
            assert c.get(url).status_code == 403


def test_another_regions_forum_sees_only_its_region(h: Historikk) -> None:
    html = login(h.far_forum).get(URL).content.decode()
    assert "Nord-Troms" in html
    assert "Salten" not in html and "Indre Helgeland" not in html
    assert "<dd>1\u00a0000\u00a0000\u00a0kr</dd>" in html
    # a Nordland tiltak's theme page is not found from Troms
    r = login(h.far_forum).get(f"/statistikk/tiltak/{h.poster['P1'].pk}/temaer/")
    assert r.status_code == 404


def test_caseworker_corrects_a_tiltaks_themes_and_it_is_audited(h: Historikk) -> None:
    p4 = h.poster["P4"]
    ledelse = Tema.objects.get(navn="Ledelse")
    prof = Tema.objects.get(navn="Profesjonsfellesskap")
    assert set(p4.temaer.values_list("tema_id", flat=True)) == {ledelse.pk}
    c = login(h.sb)
    r = c.post(f"/statistikk/tiltak/{p4.pk}/temaer/", {"tema": [str(prof.pk)]})
    assert r.status_code == 302
    assert set(p4.temaer.values_list("tema_id", flat=True)) == {prof.pk}
    e = Hendelse.objects.filter(type="tiltak.themes_corrected").latest("id")
    assert (e.for_verdi, e.etter_verdi, e.bruker) == ("Ledelse", "Profesjonsfellesskap", h.sb)
    assert e.behovsmelding == p4.behovsmelding
    # the correction survives a refresh of the tiltak (the round saves it again)
    p4.navn = "Felles ledelsesutvikling for rektorer"
    p4.save()
    assert set(p4.temaer.values_list("tema_id", flat=True)) == {prof.pk}


def test_forum_may_not_correct_themes(h: Historikk) -> None:
    p4 = h.poster["P4"]
    r = login(h.forum).post(f"/statistikk/tiltak/{p4.pk}/temaer/", {"tema": ["1"]})
    assert r.status_code == 403
    assert not p4.temakorreksjoner.exists()


def test_bad_theme_choice_is_a_400(h: Historikk) -> None:
    r = login(h.sb).post(f"/statistikk/tiltak/{h.poster['P4'].pk}/temaer/", {"tema": ["x1"]})
    assert r.status_code == 400
    assert "Ukjent tema i valget." in r.content.decode()


def test_caseworker_adds_and_renames_a_theme_and_the_tiltak_are_matched_again(
    h: Historikk,
) -> None:
    c = login(h.sb)
    r = c.post("/statistikk/temaer/ny/", {"navn": "Kultur", "navn_nn": "Kultur", "ord": "kultur"})
    assert r.status_code == 302
    kultur = Tema.objects.get(navn="Kultur")
    # P6 "Samisk språk og kultur"
    assert list(kultur.poster.values_list("post_id", flat=True)) == [h.poster["P6"].pk]
    r = c.post(
        f"/statistikk/temaer/{kultur.pk}/",
        {"navn": "Kunst og kultur", "navn_nn": "Kunst og kultur", "ord": "kultur\nmatematikk"},
    )
    assert r.status_code == 302
    kultur.refresh_from_db()
    assert kultur.navn == "Kunst og kultur"
    assert set(kultur.poster.values_list("post_id", flat=True)) == {
        h.poster["P6"].pk,
        h.poster["P5"].pk,
    }
    handlinger = list(
        Hendelse.objects.filter(type__startswith="tema.").values_list("type", flat=True)
    )
    assert handlinger == ["tema.created", "tema.changed"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"navn": "", "ord": "x"}, "Temaet må ha et navn."),
        ({"navn": "språk", "ord": "x"}, "Temaet «språk» finnes allerede."),
        ({"navn": "Nytt", "ord": "***"}, "«***» inneholder ingen bokstaver eller tall."),
    ],
)
def test_bad_theme_is_a_400_with_the_reason(
    h: Historikk, data: dict[str, str], message: str
) -> None:
    r = login(h.sb).post("/statistikk/temaer/ny/", data)
    assert r.status_code == 400
    assert message in r.content.decode()


def test_long_breakdown_table_shows_the_largest_lines_of_each_year(
    h: Historikk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from behovsmelding.web.statistikk import views

    monkeypatch.setattr(views, "MAKS_RADER", 3)  # one line per year of the three
    html = login(h.sb).get(URL).content.decode()
    tabell = html[html.index('id="gruppe-tabell"') :]
    tabell = tabell[: tabell.index("</table>")]
    rows = re.findall(r"<tr><td>(\d{4})</td><th scope=\"row\">([^<]+)</th>", tabell)
    # 2024: Salten asked 780 000, Indre Helgeland 600 000; 2025: Salten 150 000, Indre
    # Helgeland 120 000; 2026: only Salten
    assert rows == [("2024", "Salten"), ("2025", "Salten"), ("2026", "Salten")]
    assert "Viser 3 av 5 linjer" in html
