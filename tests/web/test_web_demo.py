"""The demo command: database, the five seeds, a user per role, printed logins; idempotent."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from openpyxl import load_workbook

from behovsmelding.web.demo import DEMO_PASSWORD
from behovsmelding.web.models import Behovsmelding, Rolle, Tilgang

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_demo_loads_the_five_seeds_and_prints_address_and_logins() -> None:
    text = run_demo()
    assert Behovsmelding.objects.count() == 5
    assert "Adresse: http://127.0.0.1:8000/" in text
    assert f"saksbehandler / {DEMO_PASSWORD}" in text
    roles = set(Tilgang.objects.values_list("rolle", flat=True))
    assert roles == {Rolle.SAKSBEHANDLER, Rolle.EIER, Rolle.UH, Rolle.FORUM}
    for t in Tilgang.objects.select_related("bruker"):
        assert f"{t.bruker.username} / {DEMO_PASSWORD}" in text
        assert authenticate(username=t.bruker.username, password=DEMO_PASSWORD) is not None


def test_demo_twice_changes_nothing() -> None:
    run_demo()
    users = Tilgang.objects.count()
    text = run_demo()
    assert Behovsmelding.objects.count() == 5
    assert Tilgang.objects.count() == users
    assert text.count("Allerede mottatt") == 5


def test_export_command_writes_xlsx_and_json(tmp_path: Path) -> None:
    run_demo()
    xlsx = tmp_path / "ut.xlsx"
    call_command("export", "xlsx", "--out", str(xlsx), stderr=io.StringIO())
    assert load_workbook(xlsx).sheetnames == ["Tiltak", "Funn"]
    js = tmp_path / "ut.json"
    call_command("export", "json", "--out", str(js), "--aar", "2026", stderr=io.StringIO())
    records = json.loads(js.read_text(encoding="utf-8"))
    assert records and all(r["aar"] == 2026 for r in records)


def test_recheck_command_stores_new_findings_with_an_audit_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from behovsmelding.checks import Finding
    from behovsmelding.web import services

    run_demo()
    found = [Finding("NY_REGEL", "advarsel", "eier", "Ny regel slo til")]
    monkeypatch.setattr(services.checks, "check", lambda record, config=None: found)
    out = io.StringIO()
    call_command("recheck", stdout=out)
    assert "Kontrollerte 5 behovsmeldinger." in out.getvalue()
    for bm in Behovsmelding.objects.all():
        assert bm.innhold.funn == [f.to_dict() for f in found]
        assert bm.antall_advarsler == 1 and not bm.har_feil
        assert bm.hendelser.filter(handling="kontrollert").exists()
