"""Amounts written out for people in one place (``behovsmelding/belop.py``), used by every
formatter of amounts: the web's filters, the forum, the checks' messages, the owners' form,
the receipt, the demo summary and the spreadsheets' cell format."""

from __future__ import annotations

import re
from pathlib import Path

from behovsmelding import belop, demo, forum_calc
from behovsmelding.checks.text import kr as check_kr
from behovsmelding.web.exporter import KRONER_FORMAT
from behovsmelding.web.skjema.forms import format_amount
from behovsmelding.web.templatetags.web_tags import kroner, tall

SRC = Path(__file__).resolve().parents[1] / "src/behovsmelding"
NB = "\u00a0"


def test_the_ways_an_amount_is_written() -> None:
    assert belop.tall(1544000) == "1 544 000"
    assert belop.tall(-2500) == "-2 500"
    assert belop.tall(0) == "0"
    assert belop.kroner(1544000) == f"1{NB}544{NB}000{NB}kr"
    assert belop.kroner(-2500) == f"\u22122{NB}500{NB}kr"


def test_every_formatter_writes_as_the_module_does() -> None:
    assert kroner(1544000) == f"1{NB}544{NB}000{NB}kr"
    assert kroner("") == "" and kroner(None) == ""
    assert tall(1544000) == f"1{NB}544{NB}000"
    assert forum_calc.kr(1544000) == f"1{NB}544{NB}000{NB}kr"
    assert check_kr(1544000) == "1 544 000" and check_kr(None) == "(tom)"
    assert format_amount(1544000) == "1 544 000" and format_amount(None) == ""
    assert demo.format_kroner(1544000) == "1 544 000 kr" and demo.format_kroner(None) == "–"
    assert KRONER_FORMAT == belop.EXCEL_KRONER == '#,##0 "kr";-#,##0 "kr"'


def test_no_other_module_groups_digits_on_its_own() -> None:
    own = re.compile(r""":,\}["']?\)?\.replace\(""")
    found = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "belop.py" and own.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_typed_amount_is_read_in_one_place() -> None:
    from behovsmelding.web.forum.views import parse_kroner
    from behovsmelding.web.skjema.forms import parse_amount

    assert belop.parse("250.500,-") == 250500
    assert belop.parse("kr 250500") == 250500
    assert belop.parse(f"1{NB}000 kr") == 1000
    assert belop.parse("  ") is None
    for bad in ("12a", "2 00000", "1" * 13):
        try:
            belop.parse(bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)
    # the form refuses what the module refuses; the forum reads "" as 0 and the rest as None
    assert parse_amount("401.500,-") == 401500
    assert parse_kroner("") == 0 and parse_kroner("12a") is None
