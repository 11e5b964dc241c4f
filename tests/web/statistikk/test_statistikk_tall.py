"""The statistics' numbers against the hand-made history (statistikk_factories.py), with the
expected sums worked out by hand from the amounts listed there."""

from __future__ import annotations

import pytest
from statistikk_factories import Historikk, historikk

from behovsmelding.web.statistikk.models import Tema
from behovsmelding.web.statistikk.tall import Filtre, Rad, beregn

pytestmark = pytest.mark.django_db


@pytest.fixture
def h() -> Historikk:
    return historikk()


def numbers(r: Rad) -> dict[str, int]:
    return {
        "tiltak": r.tiltak,
        "partnerskap": r.partnerskap,
        "soekt": r.soekt,
        "innstilt": r.innstilt,
        "innvilget": r.innvilget,
        "brukt": r.brukt,
        "tilbakebetalt": r.tilbakebetalt,
        "overfort": r.overfort,
        "rapportert": r.rapportert,
    }


def test_totals_of_the_region_over_all_years(h: Historikk) -> None:
    s = beregn(h.sb, Filtre())
    assert numbers(s.totalt) == {
        "tiltak": 8,  # P1 P2 P3 P4 P10 P5 P6 P7 (P8 withdrawn, P9 gone, Troms elsewhere)
        "partnerskap": 3,  # Bodø, Vefsn, Rana
        "soekt": 2_250_000,
        # 2024: 250 000 + 300 000 + 400 000 + 0 + 80 000; 2025: 150 000 + 120 000
        "innstilt": 1_300_000,
        # only 2024 has a finished vedtak: 250 000 + 300 000 + 350 000 + 80 000
        "innvilget": 980_000,
        # approved reports only: 250 000 + 250 000 + 250 000 (Rana's is only sent in)
        "brukt": 750_000,
        "tilbakebetalt": 50_000,  # P2: 300 000 granted − 250 000 used
        "overfort": 100_000,  # P3: 350 000 − 250 000
        "rapportert": 900_000,  # granted on the approved lines
    }


def test_per_year(h: Historikk) -> None:
    s = beregn(h.sb, Filtre())
    assert s.aar == [2024, 2025, 2026]
    got = {r.aar: (r.tiltak, r.partnerskap, r.soekt, r.innstilt, r.innvilget) for r in s.per_aar}
    assert got == {
        2024: (5, 3, 1_380_000, 1_030_000, 980_000),
        2025: (2, 2, 270_000, 270_000, 0),
        2026: (1, 1, 600_000, 0, 0),
    }


def test_per_network_and_year(h: Historikk) -> None:
    s = beregn(h.sb, Filtre())
    got = {(r.aar, r.navn): numbers(r) for r in s.per_gruppe}
    assert got[(2024, "Salten")] == {
        "tiltak": 3,
        "partnerskap": 2,
        "soekt": 780_000,
        "innstilt": 630_000,
        "innvilget": 630_000,
        "brukt": 500_000,
        "tilbakebetalt": 50_000,
        "overfort": 0,
        "rapportert": 550_000,
    }
    assert got[(2024, "Indre Helgeland")] == {
        "tiltak": 2,
        "partnerskap": 1,
        "soekt": 600_000,
        "innstilt": 400_000,
        "innvilget": 350_000,
        "brukt": 250_000,
        "tilbakebetalt": 0,
        "overfort": 100_000,
        "rapportert": 350_000,
    }
    assert set(got) == {
        (2024, "Salten"),
        (2024, "Indre Helgeland"),
        (2025, "Salten"),
        (2025, "Indre Helgeland"),
        (2026, "Salten"),
    }


def test_networks_that_use_less_than_granted_are_flagged(h: Historikk) -> None:
    s = beregn(h.sb, Filtre())
    nett = {r.navn: r for r in s.nettverk}
    # Salten: 500 000 used of 550 000 reported on = 90.9 %; Indre Helgeland 250 000 of 350 000.
    assert nett["Salten"].utnyttelse == 90.9
    assert nett["Indre Helgeland"].utnyttelse == 71.4
    assert [r.navn for r in s.under] == ["Indre Helgeland"]


def test_per_owner_uh_and_ordning(h: Historikk) -> None:
    eier = {(r.aar, r.navn): r.soekt for r in beregn(h.sb, Filtre(per="eier")).per_gruppe}
    assert eier == {
        (2024, "Bodø kommune"): 700_000,
        (2024, "Vefsn kommune"): 600_000,
        (2024, "Rana kommune"): 80_000,
        (2025, "Bodø kommune"): 150_000,
        (2025, "Vefsn kommune"): 120_000,
        (2026, "Bodø kommune"): 600_000,
    }
    uh = {(r.aar, r.navn): r.innvilget for r in beregn(h.sb, Filtre(per="uh")).per_gruppe}
    assert uh[(2024, "Nord universitet")] == 630_000
    assert uh[(2024, "Høgskolen i Innlandet/ SePU")] == 350_000
    ordning = {(r.aar, r.navn): r.soekt for r in beregn(h.sb, Filtre(per="ordning")).per_gruppe}
    assert ordning[(2024, "Desentralisert ordning")] == 500_000  # P2 + P4
    assert ordning[(2026, "Kollektiv kompetanseutvikling")] == 600_000


def test_themes_over_the_years(h: Historikk) -> None:
    s = beregn(h.sb, Filtre())
    temaer = {t.navn: t.per_aar for t in s.temaer}
    # (tiltak, asked, granted) per year
    assert temaer["Språk"] == {
        2024: (1, 300_000, 250_000),
        2025: (1, 120_000, 0),
        2026: (1, 600_000, 0),
    }
    assert temaer["Lesing og skriving"] == {2024: (1, 400_000, 300_000), 2026: (1, 600_000, 0)}
    assert temaer["Inkludering og tilpasset opplæring"] == {2024: (1, 500_000, 350_000)}
    assert temaer["Skolemiljø"] == {2024: (1, 500_000, 350_000)}
    assert temaer["Ledelse"] == {2024: (1, 100_000, 0)}
    assert temaer["Realfag"] == {2025: (1, 150_000, 0)}
    assert temaer["Samisk"] == {2025: (1, 120_000, 0)}
    assert temaer["Profesjonsfellesskap"] == {2024: (1, 80_000, 80_000)}
    # added by the caseworker's correction
    assert temaer["Spesialpedagogikk"] == {2024: (1, 400_000, 300_000)}
    endring = {t.navn: (first, last, diff) for t, first, last, diff in s.tema_endring()}
    assert endring["Språk"] == (300_000, 600_000, 300_000)
    assert endring["Ledelse"] == (100_000, 0, -100_000)


@pytest.mark.parametrize(
    ("params", "tiltak", "soekt"),
    [
        ({"tema": "Språk"}, 3, 1_020_000),  # P1 P6 P7
        ({"ordning": "desentralisert"}, 3, 650_000),  # P2 P4 P5
        ({"fra": "2025"}, 3, 870_000),
        ({"fra": "2024", "til": "2024"}, 5, 1_380_000),
        ({"eier": "Vefsn kommune"}, 3, 720_000),
        ({"nettverk": "Salten", "til": "2025"}, 4, 930_000),  # P1 P2 P10 P5
        ({"uh": "Høgskolen i Innlandet/ SePU"}, 3, 720_000),
        ({"eier": "Ingen slik eier"}, 0, 0),
    ],
)
def test_filters(h: Historikk, params: dict[str, str], tiltak: int, soekt: int) -> None:
    if "tema" in params:
        params = {**params, "tema": str(Tema.objects.get(navn=params["tema"]).pk)}
    f = Filtre.from_query(params)
    assert f.errors == []
    s = beregn(h.sb, f)
    assert (s.totalt.tiltak, s.totalt.soekt) == (tiltak, soekt)


def test_forum_of_another_region_sees_only_its_region(h: Historikk) -> None:
    s = beregn(h.far_forum, Filtre())
    assert (s.totalt.tiltak, s.totalt.soekt, s.totalt.innvilget) == (1, 1_000_000, 1_000_000)
    assert [r.navn for r in s.nettverk] == ["Nord-Troms"]


def test_forum_of_the_region_sees_the_same_numbers_as_the_caseworker(h: Historikk) -> None:
    assert numbers(beregn(h.forum, Filtre()).totalt) == numbers(beregn(h.sb, Filtre()).totalt)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fra": "20x4"}, "Fra år må være et firesifret årstall."),
        ({"til": "²⁰²⁵"}, "Til år må være et firesifret årstall."),
        ({"fra": "2026", "til": "2024"}, "Fra år (2026) kan ikke være etter til år (2024)."),
        ({"ordning": "rekom"}, "Ukjent ordning i filteret."),
        ({"tema": "999999"}, "Ukjent tema i filteret."),
        ({"tema": "1; drop"}, "Ukjent tema i filteret."),
        ({"per": "kommune"}, "Ukjent inndeling («per») i filteret."),
        ({"eier": "x" * 301}, "Verdien for eier er for lang."),
    ],
)
def test_bad_filter_values_are_reported(params: dict[str, str], message: str) -> None:
    assert Filtre.from_query(params).errors == [message]
