"""The engine: rules as data, configuration, sorting, the Finding interface, text output."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from behovsmelding.checks import (
    RULES,
    SEVERITIES,
    SEVERITY_ORDER,
    ConfigError,
    Finding,
    Rule,
    check,
    default_config,
    format_findings_text,
    load_config,
    rules_for,
    sort_findings,
)
from behovsmelding.checks.model import ALL_SKJEMA, Funn
from behovsmelding.record import Behovsmelding

from .factories import valid_2024, valid_2026


def _broken_2024() -> Behovsmelding:
    bm = valid_2024()
    bm.tiltak[1].totalt = 1  # SUM_TILTAK, feil
    bm.tiltak[0].varighet = ["H2023"]  # VARIGHET_UTENFOR, advarsel
    bm.enheter.ppt = "X"  # ENHET_IKKE_TALL, merknad
    bm.eier = None  # MANGLER_SVAR, feil
    return bm


def test_every_rule_has_a_unique_code_a_severity_and_a_description() -> None:
    codes = [r.kode for r in RULES]
    assert len(codes) == len(set(codes))
    for r in RULES:
        assert r.kode.isupper() and r.alvorlighet in SEVERITIES
        assert r.skjema and r.skjema <= ALL_SKJEMA
        assert len(r.beskrivelse) > 40, r.kode


def test_ordning_rules_end_with_the_2025_round() -> None:
    bm = valid_2024()
    bm.tiltak[0].eier = 100_001
    bm.tiltak[0].totalt = 250_001
    assert [f.kode for f in check(bm)] == ["SUM_ORDNING", "SUM_ORDNING"]
    bm.aar = 2026
    for t in bm.tiltak:
        t.varighet = ["H2026"]
    assert [f.kode for f in check(bm)] == ["SKJEMA_AAR"]


def test_rules_for_a_generation() -> None:
    assert "SUM_TILTAK" in {r.kode for r in rules_for("lokal-2024")}
    assert "SUM_TILTAK" not in {r.kode for r in rules_for("kollektiv-2026")}
    assert "KOORDINATOR_GRENSE" in {r.kode for r in rules_for("kollektiv-2026")}


def test_findings_are_sorted_most_severe_first_then_in_document_order() -> None:
    got = check(_broken_2024())
    assert [f.alvorlighet for f in got] == sorted(
        (f.alvorlighet for f in got), key=SEVERITY_ORDER.__getitem__
    )
    feil = [f.felt for f in got if f.alvorlighet == "feil"]
    assert feil == ["eier", "tiltak[1].totalt"]


def test_sort_findings_orders_list_positions_numerically() -> None:
    fs = [
        Finding("A", "advarsel", "tiltak[10].navn", "x"),
        Finding("A", "advarsel", "tiltak[2].navn", "x"),
        Finding("A", "feil", "medbestemmelse.droftet", "x"),
        Finding("A", "advarsel", "aar", "x"),
    ]
    assert [f.felt for f in sort_findings(fs)] == [
        "medbestemmelse.droftet",
        "aar",
        "tiltak[2].navn",
        "tiltak[10].navn",
    ]


def test_finding_to_dict_has_the_four_keys() -> None:
    f = Finding("SUM_TILTAK", "feil", "tiltak[0].totalt", "m")
    assert f.to_dict() == {
        "kode": "SUM_TILTAK",
        "alvorlighet": "feil",
        "felt": "tiltak[0].totalt",
        "melding": "m",
    }


def test_check_does_not_change_the_record() -> None:
    bm = _broken_2024()
    before = copy.deepcopy(bm.to_dict())
    check(bm)
    assert bm.to_dict() == before


def test_check_refuses_what_is_not_a_record() -> None:
    with pytest.raises(TypeError):
        check({"skjema": "lokal-2024"})  # type: ignore[arg-type]


def test_a_rule_applies_only_to_its_generations_and_years() -> None:
    def fn(record: Behovsmelding, config: object) -> list[Funn]:
        return []

    r = Rule("X", "merknad", frozenset({"lokal-2024"}), "test", fn, fra_aar=2023, til_aar=2025)
    bm = valid_2024()
    assert r.applies_to(bm)
    bm.aar = 2022
    assert not r.applies_to(bm)
    bm.aar = 2026
    assert not r.applies_to(bm)
    bm.aar = None
    assert r.applies_to(bm)
    assert not r.applies_to(valid_2026())


def test_configuration_can_switch_a_rule_off_or_change_its_severity(tmp_path: Path) -> None:
    p = tmp_path / "policy.toml"
    p.write_text(
        "[regler.ENHET_IKKE_TALL]\naktiv = false\n\n"
        '[regler.VARIGHET_UTENFOR]\nalvorlighet = "merknad"\n',
        "utf-8",
    )
    cfg = load_config(p)
    codes = {(f.kode, f.alvorlighet) for f in check(_broken_2024(), cfg)}
    assert ("VARIGHET_UTENFOR", "merknad") in codes
    assert not any(k == "ENHET_IKKE_TALL" for k, _ in codes)
    default_codes = {(f.kode, f.alvorlighet) for f in check(_broken_2024())}
    assert {("VARIGHET_UTENFOR", "advarsel"), ("ENHET_IKKE_TALL", "merknad")} <= default_codes


def test_required_answers_come_from_the_configuration(tmp_path: Path) -> None:
    p = tmp_path / "policy.toml"
    p.write_text('[paakrevd]\n"kollektiv-2026" = ["eier", "koordinator_sum"]\n', "utf-8")
    bm = valid_2026()
    bm.behov = None
    got = [(f.kode, f.felt) for f in check(bm, load_config(p))]
    assert got == [("MANGLER_SVAR", "koordinator_sum")]
    assert [(f.kode, f.felt) for f in check(bm)] == [("MANGLER_SVAR", "behov")]


def test_the_shipped_defaults_are_documented_values() -> None:
    cfg = default_config()
    assert cfg.toleranse_kr == 0
    assert str(cfg.koordinator_maks_andel) == "0.10"
    assert str(cfg.dekom_egenandel_andel) == "0.30"
    assert cfg.varighet_maks_aar == 3
    assert "velg et element." in cfg.plassholdere
    assert set(cfg.paakrevd) == {"lokal-2024", "kollektiv-2026"}


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[paakrevd]\n"lokal-2024" = ["tiltak[*].navnet"]\n', "paakrevd.lokal-2024"),
        ('[paakrevd]\n"lokal-2024" = ["eier[*]"]\n', "paakrevd.lokal-2024"),
        ("koordinator_maks_andel = 1.5\n", "koordinator_maks_andel"),
        ("toleranse_kr = -1\n", "toleranse_kr"),
        ('[regler.SUM_TILTAK]\nalvorlighet = "kritisk"\n', "regler.SUM_TILTAK"),
        ("tomme_svar = 3\n", "tomme_svar"),
        ("toleranse_kr = \n", "ikke gyldig TOML"),
    ],
)
def test_a_bad_configuration_names_the_key(tmp_path: Path, toml: str, key: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(toml, "utf-8")
    with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("*", r"\*")):
        load_config(p)


def test_a_deployment_policy_file_is_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "policy.toml"
    p.write_text("varighet_maks_aar = 1\n", "utf-8")
    monkeypatch.setenv("BEHOVSMELDING_CHECKS_CONFIG", str(p))
    default_config.cache_clear()
    try:
        assert default_config().varighet_maks_aar == 1
        assert [f.kode for f in check(valid_2024())] == ["VARIGHET_UTENFOR"] * 2
    finally:
        monkeypatch.delenv("BEHOVSMELDING_CHECKS_CONFIG")
        default_config.cache_clear()
    assert check(valid_2024()) == []


def test_a_missing_configuration_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="kan ikke leses"):
        load_config(tmp_path / "finnes-ikke.toml")


def test_text_output_groups_by_severity_with_a_summary() -> None:
    text = format_findings_text(check(_broken_2024()))
    lines = text.splitlines()
    assert lines[0] == "2 feil, 1 advarsel, 1 merknad."
    assert lines.index("Feil") < lines.index("Advarsler") < lines.index("Merknader")
    assert "  - Tiltak 2: Sum totalt 1 passer ikke med resten: Eier + UH blir 150 000" in text
    assert "    [tiltak[1].totalt · SUM_TILTAK]" in lines
    assert not text.endswith("\n")


def test_text_output_for_a_clean_record_and_with_indent() -> None:
    assert format_findings_text([]) == "Ingen funn."
    text = format_findings_text(check(_broken_2024()), indent="    ")
    assert all(line.startswith("    ") for line in text.splitlines())
    only_merknad = [Finding("X", "merknad", "aar", "m")]
    assert "Feil" not in format_findings_text(only_merknad).splitlines()


def test_least_own_contribution_for_dekom_is_the_configured_share_rounded_up() -> None:
    from behovsmelding.checks.egenandel import egenandel_dekket, minste_egenandel

    assert minste_egenandel(1_544_000) == 463_200
    assert minste_egenandel(100_001) == 30_001
    assert egenandel_dekket(1_000_000, 300_000) and not egenandel_dekket(1_000_000, 299_999)
    with pytest.raises(ValueError):
        minste_egenandel(-1)


def test_the_rule_list_can_be_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from behovsmelding.checks.__main__ import main

    assert main() == 0
    out = capsys.readouterr().out
    assert all(f"{r.kode}  ({r.alvorlighet};" in out for r in RULES)


def test_the_readme_lists_every_rule_with_its_severity() -> None:
    readme = (Path(__file__).resolve().parents[2] / "src/behovsmelding/checks/README.md").read_text(
        "utf-8"
    )
    for r in RULES:
        assert f"| `{r.kode}` | {r.alvorlighet} |" in readme, r.kode
