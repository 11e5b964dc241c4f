"""The forum's arithmetic: frames, totals per network and UH, multi-year amounts, egenandel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from behovsmelding.checks.config import CheckConfig
from behovsmelding.forum_calc import (
    IKKE_PRIORITERT,
    IKKE_VURDERT,
    PRIORITERT,
    Post,
    Ramme,
    Utbetalingspost,
    antall_aar,
    egenandel_feil,
    feil_i_post,
    kr,
    mottakere,
    ramme_for,
    totaler,
)

RAMME = Ramme("r1", "Kollektiv 2026", 1_000_000)


def post(
    key: str = "p1", eier: tuple[int, ...] = (0,), uh: tuple[int, ...] = (0,), **kw: object
) -> Post:
    base: dict[str, object] = {
        "key": key,
        "ordning": "kollektiv",
        "nettverk": "Salten",
        "uh_navn": "Nord universitet",
        "soekt_eier": 600_000,
        "soekt_uh": 600_000,
        "status": PRIORITERT,
        "eier": eier,
        "uh": uh,
    }
    base.update(kw)
    return Post(**base)  # type: ignore[arg-type]


def test_exactly_at_the_frame_may_be_finished() -> None:
    t = totaler([post("a", (400_000,), (300_000,)), post("b", (100_000,), (200_000,))], [RAMME])
    assert t.rammer[0].brukt == 1_000_000
    assert t.rammer[0].rest == 0
    assert not t.rammer[0].over
    assert t.kan_fullfores


def test_one_krone_over_the_frame_blocks_finishing() -> None:
    t = totaler([post("a", (400_000,), (300_000,)), post("b", (100_001,), (200_000,))], [RAMME])
    assert t.rammer[0].brukt == 1_000_001
    assert t.rammer[0].over
    assert t.rammer[0].rest == -1
    assert t.hindringer() == [
        "Rammen «Kollektiv 2026» er overskredet med 1\u00a0kr (1\u00a0000\u00a0001\u00a0kr av "
        "1\u00a0000\u00a0000\u00a0kr)."
    ]
    assert not t.kan_fullfores


def test_not_prioritised_and_unjudged_posts_do_not_count() -> None:
    t = totaler(
        [
            post("a", (900_000,), (100_000,), soekt_eier=900_000),
            post("b", (500_000,), (0,), status=IKKE_PRIORITERT, begrunnelse="Svak forankring"),
            post("c", (500_000,), (0,), status=IKKE_VURDERT),
        ],
        [RAMME],
    )
    assert t.rammer[0].brukt == 1_000_000
    assert t.rammer[0].antall == 1
    assert t.ikke_vurdert == 1
    assert t.hindringer() == ["1 tiltak er ikke vurdert ennå."]


def test_frame_counts_year_one_and_later_years_are_totalled_per_year() -> None:
    p = post("a", (300_000, 200_000, 100_000), (100_000, 100_000, 50_000), antall_aar=3)
    t = totaler([p], [RAMME])
    assert t.rammer[0].brukt == 400_000
    assert t.totalt.per_aar == [400_000, 300_000, 150_000]
    assert t.totalt.alle_aar == 850_000
    assert p.innstilt_eier == 600_000
    assert p.innstilt_uh == 250_000


def test_more_than_three_years_is_refused() -> None:
    p = post("a", (1, 1, 1, 1), (0, 0, 0, 0))
    assert "Et tilskudd kan gjelde høyst 3 år." in feil_i_post(p)


def test_totals_per_network_and_per_uh_institution() -> None:
    poster = [
        post("a", (100_000,), (50_000,), nettverk="Salten", uh_navn="Nord universitet"),
        post("b", (200_000,), (70_000,), nettverk="Salten", uh_navn="Høgskolen i Innlandet"),
        post("c", (10_000,), (5_000,), nettverk="RKK Vefsn", uh_navn="Nord universitet"),
        post("d", (0,), (0,), nettverk="RKK Vefsn", status=IKKE_PRIORITERT, begrunnelse="x"),
    ]
    t = totaler(poster, [RAMME])
    assert list(t.per_nettverk) == ["RKK Vefsn", "Salten"]
    assert (t.per_nettverk["Salten"].eier, t.per_nettverk["Salten"].uh) == (300_000, 120_000)
    assert t.per_nettverk["Salten"].totalt == 420_000
    assert t.per_nettverk["RKK Vefsn"].totalt == 15_000
    assert t.per_uh["Nord universitet"].uh == 55_000
    assert t.per_uh["Høgskolen i Innlandet"].uh == 70_000
    assert t.totalt.totalt == 435_000


def test_most_specific_frame_wins_and_uncovered_posts_block() -> None:
    rammer = [
        Ramme("alle", "Alle", 5_000_000),
        Ramme("dekom", "DEKOM", 100_000, ordning="desentralisert"),
        Ramme("dekom-skole", "DEKOM skole", 50_000, ordning="desentralisert", sektor="skole"),
    ]
    p = post(ordning="desentralisert", sektor="skole")
    assert ramme_for(p, rammer) == rammer[2]
    assert ramme_for(post(ordning="desentralisert", sektor="barnehage"), rammer) == rammer[1]
    assert ramme_for(post(ordning="regional"), rammer) == rammer[0]
    only_dekom = [rammer[1]]
    t = totaler([post("x", (10,), (0,), ordning="regional")], only_dekom)
    assert t.uten_ramme == ["x"]
    assert "1 prioriterte tiltak hører ikke til noen ramme." in t.hindringer()


def test_above_requested_needs_a_reason() -> None:
    over = post("a", (600_001,), (0,))
    assert feil_i_post(over) == [
        "Eier: 600\u00a0001\u00a0kr er mer enn søkt 600\u00a0000\u00a0kr; skriv en begrunnelse."
    ]
    assert feil_i_post(post("a", (600_000,), (0,))) == []
    assert feil_i_post(post("a", (600_001,), (0,), begrunnelse="Flere deltakere")) == []
    uh_over = post("a", (0, 0), (300_000, 300_001))
    assert len(feil_i_post(uh_over)) == 1
    assert "UH:" in feil_i_post(uh_over)[0]


def test_not_prioritised_needs_a_reason_and_prioritised_needs_money() -> None:
    assert feil_i_post(post(status=IKKE_PRIORITERT)) == [
        "Skriv en kort begrunnelse for at tiltaket ikke prioriteres."
    ]
    assert feil_i_post(post(status=PRIORITERT, eier=(0,), uh=(0,))) != []
    assert feil_i_post(post(eier=(-1,), uh=(5,))) == ["Beløpene kan ikke være negative."]


@pytest.mark.parametrize(
    ("perioder", "runde_aar", "expected"),
    [
        (["H2026", "V2027"], 2026, 2),
        (["V2024", "H2024", "V2025"], 2024, 2),
        (["H2026"], 2026, 1),
        ([], 2026, 1),
        (["V2026", "H2028"], 2026, 3),
        (["V2026", "H2029"], 2026, 1),
        (["V2023"], 2024, 1),
    ],
)
def test_number_of_grant_years(perioder: list[str], runde_aar: int, expected: int) -> None:
    assert antall_aar(perioder, runde_aar) == expected


def test_dekom_egenandel_boundaries() -> None:
    # 30 % of 1 000 001 is 300 000.3, rounded up to 300 001.
    assert egenandel_feil("desentralisert", 1_000_001, 300_001) == ""
    assert egenandel_feil("desentralisert", 1_000_001, 300_000) == (
        "Eiers egenandel 300\u00a0000\u00a0kr er under kravet på 300\u00a0001\u00a0kr."
    )
    assert egenandel_feil("desentralisert", 1_000_000, 300_000) == ""
    assert "ikke oppgitt" in egenandel_feil("desentralisert", 100, None)
    assert egenandel_feil("regional", 1_000_000, None) == ""
    forty = CheckConfig(dekom_egenandel_andel=Decimal("0.40"))
    assert egenandel_feil("desentralisert", 1_000_000, 300_000, forty) != ""


def test_recipients_group_amounts_and_flag_missing_numbers() -> None:
    poster = [
        Utbetalingspost(
            "1",
            "Lesing",
            "Bodø kommune",
            "Nord universitet",
            (100, 50),
            (200, 0),
            eier_orgnr="972418013",
            eier_kontonr="45005500080",
        ),
        Utbetalingspost("2", "Skriving", "Bodø kommune", "Nord universitet", (10, 0), (0, 0)),
        Utbetalingspost("3", "Avslått", "Vefsn kommune", "LMS", (0, 0), (0, 0)),
    ]
    ms = mottakere(poster)
    assert [(m.type, m.navn) for m in ms] == [("eier", "Bodø kommune"), ("uh", "Nord universitet")]
    bodo, nord = ms
    assert bodo.per_aar == [110, 50, 0]
    assert bodo.totalt == 160
    assert bodo.mangler == []
    assert [linje.tiltak for linje in bodo.linjer] == ["Lesing", "Skriving"]
    assert nord.totalt == 200
    assert nord.mangler == ["organisasjonsnummer", "kontonummer"]


def test_kroner_are_formatted_with_groups() -> None:
    assert kr(1_524_914) == "1\u00a0524\u00a0914\u00a0kr"
    assert kr(0) == "0\u00a0kr"
    assert kr(-5) == "−5\u00a0kr"
