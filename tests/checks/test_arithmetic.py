"""Arithmetic rules: tiltak sums, budget lines, the Sum line, tiltak against their ordning."""

from __future__ import annotations

from pathlib import Path

import pytest

from behovsmelding.checks import check, load_config
from behovsmelding.checks.text import kr
from behovsmelding.record import Belop, Budsjettrad

from .factories import found, keys, valid_2024, valid_2026


def test_tiltak_sum_mismatch_is_reported_at_the_tiltak_total() -> None:
    bm = valid_2024()
    bm.ordninger = ["desentralisert", "regional"]  # no ordning line to compare with
    bm.flere_ordninger = True
    bm.tiltak[1].totalt = 160_000
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("SUM_TILTAK", "tiltak[1].totalt", "feil")
    assert f.melding == (
        "Tiltak 2: Sum totalt 160 000 er ikke Eier 50 000 + UH 100 000 = 150 000 "
        "(differanse 10 000)."
    )


def test_a_wrong_tiltak_total_that_also_breaks_the_ordning_line_is_one_finding() -> None:
    bm = valid_2024()
    bm.tiltak[1].totalt = 160_000
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("SUM_TILTAK", "tiltak[1].totalt", "feil")
    assert f.melding == (
        "Tiltak 2: Sum totalt 160 000 passer ikke med resten: Eier + UH blir 150 000, ikke "
        "Sum totalt 160 000, og tiltakene gir til sammen Totalt 410 000, ikke 400 000 som på "
        "budsjettlinjen «Desentralisert ordning». Med Sum totalt 150 000 stemmer begge."
    )


@pytest.mark.parametrize(("col", "wrong"), [("eier", 60_000), ("uh", 90_000)])
def test_a_wrong_tiltak_part_is_pinned_down_by_the_ordning_line(col: str, wrong: int) -> None:
    bm = valid_2024()
    setattr(bm.tiltak[1], col, wrong)
    f, line = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("SUM_TILTAK", f"tiltak[1].{col}", "feil")
    right = 50_000 if col == "eier" else 100_000
    assert f.melding.endswith("stemmer begge.") and kr(right) in f.melding
    # the tiltak's own sum is said at its Sum totalt as well, where the form shows it
    assert (line.kode, line.felt, line.alvorlighet) == ("SUM_TILTAK", "tiltak[1].totalt", "feil")
    assert line.melding.startswith("Tiltak 2: Sum totalt 150 000 er ikke Eier")


def test_a_wrong_amount_in_the_budget_is_pinned_down_by_its_line_and_column() -> None:
    bm = valid_2024()
    bm.flere_ordninger = True
    bm.budsjett.rader.insert(
        0, Budsjettrad("Regional ordning", 200_000, [Belop(600_000), Belop(300_000)], 1_100_000)
    )
    bm.budsjett.sum = Budsjettrad("Sum", 350_000, [Belop(1_150_000)], 1_500_000)
    assert check(bm) == []
    bm.budsjett.rader[0].eier = 210_000
    f, line = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("SUM_RAD", "budsjett.rader[0].eier", "feil")
    assert (line.kode, line.felt) == ("SUM_RAD", "budsjett.rader[0].totalt")
    assert "Med Eier 200 000 stemmer begge." in f.melding
    bm.budsjett.rader[0].eier = 200_000
    bm.budsjett.sum.totalt = 1_500_001
    (f,) = check(bm)
    assert (f.kode, f.felt) == ("SUM_KOLONNE", "budsjett.sum.totalt")
    bm.budsjett.sum.totalt = 1_500_000
    bm.budsjett.rader[1].uh = [Belop(250_001, "Nord")]
    f, line = check(bm)
    # Line, column and the tiltak of the ordning all point at this one cell.
    assert (f.kode, f.felt) == ("SUM_RAD", "budsjett.rader[1].uh")
    assert (line.kode, line.felt) == ("SUM_RAD", "budsjett.rader[1].totalt")
    assert "stemmer alle." in f.melding


def test_two_independent_slips_are_both_found_at_their_cells() -> None:
    bm = valid_2026()
    bm.budsjett.rader[0].eier = 100_001
    bm.budsjett.rader[1].totalt = 200_002
    assert keys(check(bm)) == {
        ("SUM_RAD", "budsjett.rader[0].eier", "feil"),
        ("SUM_RAD", "budsjett.rader[0].totalt", "feil"),
        ("SUM_RAD", "budsjett.rader[1].totalt", "feil"),
    }


def test_tiltak_sum_that_adds_up_is_not_reported() -> None:
    assert found(valid_2024(), "SUM_TILTAK") == []


def test_tiltak_sum_with_an_empty_part_counts_it_as_zero_and_says_empty() -> None:
    bm = valid_2024()
    bm.ordninger = None
    bm.budsjett.rader[0].etikett = "Tiltak 1 og 2"  # nothing to compare the tiltak with
    t = bm.tiltak[0]
    t.eier, t.uh, t.totalt = None, 214_900, 229_900
    (f,) = found(bm, "SUM_TILTAK")
    assert f.felt == "tiltak[0].totalt"
    assert "Sum totalt 229 900 er ikke Eier (tom) + UH 214 900" in f.melding
    # The empty Eier is its own defect, at its own field.
    assert ("SUM_DEL_MANGLER", "tiltak[0].eier", "feil") in keys(check(bm))


def test_total_written_beside_an_empty_part_that_is_implied_zero_gives_one_finding() -> None:
    bm = valid_2024()
    t = bm.tiltak[1]
    t.eier, t.uh, t.totalt = 70_000, None, 70_000
    bm.budsjett.rader[0].uh = [Belop(150_000, "Nord")]
    bm.budsjett.rader[0].eier, bm.budsjett.rader[0].totalt = 170_000, 320_000
    bm.budsjett.sum = Budsjettrad("Sum", 170_000, [Belop(150_000, None)], 320_000)
    assert keys(check(bm)) == {("SUM_DEL_MANGLER", "tiltak[1].uh", "feil")}


def test_an_empty_part_the_ordning_line_agrees_on_is_only_the_empty_cell() -> None:
    bm = valid_2024()
    bm.tiltak[1].eier = None  # Sum totalt 150 000 - UH 100 000 and the line both say 50 000
    (f,) = check(bm)
    assert (f.kode, f.felt, f.alvorlighet) == ("SUM_DEL_MANGLER", "tiltak[1].eier", "feil")
    assert f.melding.endswith("Summene i skjemaet tilsier Eier 50 000.")


def test_an_empty_budget_cell_the_sum_line_agrees_on_is_only_the_empty_cell() -> None:
    bm = valid_2026()
    bm.budsjett.rader[0].eier = None
    (f,) = check(bm)
    assert (f.kode, f.felt) == ("SUM_DEL_MANGLER", "budsjett.rader[0].eier")


def test_an_empty_part_the_sums_disagree_on_is_also_a_broken_sum() -> None:
    bm = valid_2024()
    bm.tiltak[1].eier = None
    bm.tiltak[1].totalt = 160_000  # implies Eier 60 000; the ordning line says 50 000
    got = keys(check(bm))
    assert ("SUM_DEL_MANGLER", "tiltak[1].eier", "feil") in got
    assert any(k[0] in ("SUM_TILTAK", "SUM_ORDNING") for k in got)


def test_tiltak_sum_within_the_configured_tolerance_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "c.toml"
    p.write_text("toleranse_kr = 5\n", "utf-8")
    bm = valid_2024()
    bm.tiltak[0].totalt = (bm.tiltak[0].totalt or 0) + 5
    assert [f for f in check(bm, load_config(p)) if f.kode == "SUM_TILTAK"] == []
    bm.tiltak[0].totalt += 1
    assert [f for f in check(bm, load_config(p)) if f.kode == "SUM_TILTAK"] != []


def test_missing_tiltak_amounts_without_a_total_are_reported_per_cell() -> None:
    bm = valid_2024()
    bm.tiltak[0].totalt = None
    assert keys(found(bm, "MANGLER_BELOP")) == {("MANGLER_BELOP", "tiltak[0].totalt", "feil")}
    bm.tiltak[0].eier = None
    assert keys(found(bm, "MANGLER_BELOP")) == {
        ("MANGLER_BELOP", "tiltak[0].totalt", "feil"),
        ("MANGLER_BELOP", "tiltak[0].eier", "feil"),
    }
    assert found(valid_2024(), "MANGLER_BELOP") == []


def test_budget_line_that_does_not_add_up_is_reported_with_its_uh_amounts() -> None:
    bm = valid_2024()
    bm.budsjett.rader[0].uh = [Belop(200_000, "Sepu"), Belop(40_000, "Nord")]
    bm.budsjett.sum = Budsjettrad("Sum", 150_000, [Belop(240_000, None)], 400_000)
    got = found(bm, "SUM_RAD")
    assert [f.felt for f in got] == ["budsjett.rader[0].totalt", "budsjett.sum.totalt"]
    assert "UH 240 000 (200 000 + 40 000)" in got[0].melding
    assert "«Desentralisert ordning»" in got[0].melding
    assert found(valid_2024(), "SUM_RAD") == []


def test_sum_line_that_is_not_the_column_sums_is_reported_per_column() -> None:
    bm = valid_2026()
    s = bm.budsjett.sum
    assert s is not None
    s.eier, s.totalt = 160_000, 510_000  # the line itself still adds up
    got = found(bm, "SUM_KOLONNE")
    assert [(f.felt, f.alvorlighet) for f in got] == [
        ("budsjett.sum.eier", "feil"),
        ("budsjett.sum.totalt", "feil"),
    ]
    assert "100 000 + 50 000 = 150 000" in got[0].melding
    assert found(bm, "SUM_RAD") == []
    assert found(valid_2026(), "SUM_KOLONNE") == []


def test_sum_line_is_not_compared_with_a_column_that_has_an_empty_cell() -> None:
    bm = valid_2026()
    bm.budsjett.rader[1].eier = None
    assert found(bm, "SUM_KOLONNE") == []
    assert ("SUM_DEL_MANGLER", "budsjett.rader[1].eier", "feil") in keys(check(bm))


def test_tiltak_that_do_not_add_up_to_their_ordning_line_are_reported_at_the_line() -> None:
    bm = valid_2024()
    bm.budsjett.rader[0] = Budsjettrad("Desentralisert ordning", 160_000, [Belop(250_000)], 410_000)
    bm.budsjett.sum = Budsjettrad("Sum", 160_000, [Belop(250_000)], 410_000)
    got = found(bm, "SUM_ORDNING")
    assert [(f.felt, f.alvorlighet) for f in got] == [
        ("budsjett.rader[0].eier", "feil"),
        ("budsjett.rader[0].totalt", "feil"),
    ]
    assert "Eier 150 000, men budsjettlinjen «Desentralisert ordning» har Eier 160 000" in (
        got[0].melding
    )
    assert found(valid_2024(), "SUM_ORDNING") == []


def test_tiltak_are_compared_with_the_ticked_ordning_line_among_several() -> None:
    bm = valid_2024()
    bm.flere_ordninger = True
    other = Budsjettrad("Regional ordning", 10_000, [Belop(20_000)], 30_000)
    bm.budsjett.rader.insert(0, other)
    bm.budsjett.sum = Budsjettrad("Sum", 160_000, [Belop(270_000)], 430_000)
    assert found(bm, "SUM_ORDNING") == []
    bm.ordninger = ["regional"]
    assert {f.felt for f in found(bm, "SUM_ORDNING")} == {
        "budsjett.rader[0].eier",
        "budsjett.rader[0].uh",
        "budsjett.rader[0].totalt",
    }


def test_tiltak_are_not_compared_when_several_ordninger_are_ticked() -> None:
    bm = valid_2024()
    bm.ordninger = ["desentralisert", "regional"]
    bm.flere_ordninger = True
    bm.budsjett.rader[0].eier = 1
    assert found(bm, "SUM_ORDNING") == []


def test_partly_filled_budget_line_reports_each_empty_cell() -> None:
    bm = valid_2024()
    bm.budsjett.rader[0] = Budsjettrad("Kompetanseløftet", None, [Belop(214_900)], None)
    bm.budsjett.sum = Budsjettrad("Sum", None, [Belop(214_900)], None)
    assert {(f.felt, f.alvorlighet) for f in found(bm, "MANGLER_BELOP")} == {
        ("budsjett.rader[0].eier", "feil"),
        ("budsjett.rader[0].totalt", "feil"),
        ("budsjett.sum.eier", "feil"),
        ("budsjett.sum.totalt", "feil"),
    }


def test_an_entirely_empty_budget_line_is_not_reported_but_an_empty_sum_line_is() -> None:
    bm = valid_2024()
    bm.budsjett.rader.append(Budsjettrad("Regional ordning", None, [], None))
    assert found(bm, "MANGLER_BELOP") == []
    bm.budsjett.sum = Budsjettrad("Sum", None, [], None)
    assert keys(found(bm, "MANGLER_BELOP")) == {("MANGLER_BELOP", "budsjett.sum", "feil")}
    bm.budsjett.sum = None
    assert keys(found(bm, "MANGLER_BELOP")) == {("MANGLER_BELOP", "budsjett.sum", "feil")}


def test_budget_line_total_beside_empty_parts_is_reported_at_the_parts() -> None:
    bm = valid_2026()
    bm.budsjett.rader[0] = Budsjettrad("Tiltak 1: Lesing", None, [], 300_000)
    assert keys(found(bm, "SUM_DEL_MANGLER")) == {
        ("SUM_DEL_MANGLER", "budsjett.rader[0].eier", "feil"),
        ("SUM_DEL_MANGLER", "budsjett.rader[0].uh", "feil"),
    }
    assert found(valid_2026(), "SUM_DEL_MANGLER") == []


def test_an_empty_line_for_the_ticked_ordning_is_reported_once() -> None:
    bm = valid_2024()
    bm.budsjett.rader = [
        Budsjettrad("Regional ordning", 150_000, [Belop(250_000)], 400_000),
        Budsjettrad("Desentralisert ordning", None, [], None),
    ]
    assert keys(found(bm, "MANGLER_BELOP")) == {("MANGLER_BELOP", "budsjett.rader[1]", "feil")}
    bm.ordninger = ["regional"]
    assert found(bm, "MANGLER_BELOP") == []
