"""The demo command: database, the five seeds, a user per role, printed logins; idempotent."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from behovsmelding.web.demo import DEMO_PASSWORD, DEMO_RAMME_FRA_2026
from behovsmelding.web.forum.models import Post, Ramme, Runde
from behovsmelding.web.models import (
    Behovsmelding,
    Hendelse,
    Medlemskap,
    OpplastetFil,
    Opplasting,
    Ordning,
    Originalfil,
    Partnerskap,
    Rolle,
    Tilgang,
    Virksomhet,
)

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_demo_loads_the_five_seeds_and_prints_address_and_logins() -> None:
    text = run_demo()
    # the five seeds and the statistics' invented history (4 owners, 2025)
    assert Behovsmelding.objects.count() == 5 + 4
    assert "Adresse: http://127.0.0.1:8000/" in text
    assert f"saksbehandler / {DEMO_PASSWORD}" in text
    roles = set(Tilgang.objects.values_list("rolle", flat=True))
    assert roles == {Rolle.SAKSBEHANDLER, Rolle.FORUM}
    members = {m.bruker.username: m.virksomhet.navn for m in Medlemskap.objects.all()}
    # an administrator of each owner of Nordland in the demo register (enheter.csv) and of
    # each UH organisation a seed names as its partner
    assert {k: v for k, v in members.items() if k.startswith("eier-")} == {
        "eier-alstahaug": "Alstahaug kommune",
        "eier-bodo": "Bodø kommune",
        "eier-nordlys": "Nordlys Barnehager AS",
        "eier-rana": "Rana kommune",
        "eier-vefsn": "Vefsn kommune",
    }
    assert {k: v for k, v in members.items() if k.startswith("uh-")} == {
        "uh-hogskolen": "Høgskolen i Innlandet",
        "uh-laeringsmiljosenteret": "Læringsmiljøsenteret, Universitetet i Stavanger",
    }
    for username in ["saksbehandler", "forum", *members]:
        assert f"{username} / {DEMO_PASSWORD}" in text
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None


def test_demo_has_a_register_and_holds_the_record_of_an_unknown_owner() -> None:
    text = run_demo()
    assert Virksomhet.objects.filter(orgnr__isnull=False).count() == 9  # rows of enheter.csv
    bodo = Virksomhet.objects.get(navn="Bodø kommune")
    assert (bodo.postadresse, bodo.postnummer, bodo.poststed) == ("Postboks 9001", "8091", "BODØ")
    assert bodo.kontonummer and bodo.epost
    held = Behovsmelding.objects.get(til_avklaring=True)
    assert held.eier == "Alstahaug, Leirfjord, Lurøy og Træna kommuner"  # seed 003
    assert f"Til avklaring: {held.eier}" in text
    assert "Virksomhetsregisteret: " in text


def test_demo_twice_changes_nothing() -> None:
    models: list[Any] = [
        Behovsmelding,
        Originalfil,
        Opplasting,
        OpplastetFil,
        Hendelse,
        User,
        Tilgang,
        Partnerskap,
        Virksomhet,
        Medlemskap,
        Runde,
        Ramme,
        Post,
    ]
    run_demo()
    before = {m.__name__: m.objects.count() for m in models}
    text = run_demo()
    assert {m.__name__: m.objects.count() for m in models} == before
    assert before["Behovsmelding"] == 5 + 4 and before["Opplasting"] == 1
    assert text.count("Allerede mottatt") == 5


def test_demo_shows_the_budget_rows_with_amounts_of_a_2026_record() -> None:
    text = run_demo()
    line = next(x for x in text.splitlines() if x.startswith("  000_"))
    assert "Bodø kommune, 2026: 5 budsjettrader" in line
    assert "0 tiltak" not in text
    row = next(x for x in text.splitlines() if "Tiltak 2: Trygt og godt skolemiljø" in x)
    assert "250 000 kr" in row and "364 300 kr" in row and "614 300 kr" in row


def test_demo_opens_a_forum_round_with_frames_for_each_year() -> None:
    text = run_demo()
    runder = {r.aar: r for r in Runde.objects.all()}
    # the seeds' years, and the statistics' history (web/statistikk/demo.py)
    assert set(runder) == {2024, 2025, 2026}
    kollektiv = runder[2026].rammer.get()
    assert (kollektiv.ordning, kollektiv.belop) == (Ordning.KOLLEKTIV, DEMO_RAMME_FRA_2026)
    assert set(runder[2024].rammer.values_list("ordning", flat=True)) == {
        Ordning.REGIONAL,
        Ordning.DESENTRALISERT,
        Ordning.KOMPETANSELOFTET,
    }
    assert runder[2026].poster.count() == 6  # 5 budget rows of 000 + the Sum row of 002
    assert Hendelse.objects.filter(type="runde.created").count() == 3
    assert "2026: 6 tiltak å prioritere; rammer: Kollektiv kompetanseutvikling 2 500 000 kr" in text

    client = Client()
    assert client.login(username="forum", password=DEMO_PASSWORD)
    url = reverse("forum-prioritering", args=[runder[2026].pk])
    assert f"forum / {DEMO_PASSWORD} – " in text and f"http://127.0.0.1:8000{url}" in text
    page = client.get(url)
    assert page.status_code == 200
    assert "Trygt og godt skolemiljø" in page.content.decode()


def test_demo_owner_is_linked_to_a_seed_partnership_and_can_open_the_owners_form() -> None:
    text = run_demo()
    m = Medlemskap.objects.select_related("virksomhet").get(bruker__username="eier-bodo")
    assert m.virksomhet.navn == "Bodø kommune"
    # seeds 000 and 001 are Bodø kommune's, and one of the statistics' history
    assert Behovsmelding.objects.filter(partnerskap__virksomhet=m.virksomhet).count() == 2 + 1
    mine = reverse("skjema:mine")
    assert f"eier-bodo / {DEMO_PASSWORD} – Eier, Bodø kommune – http://127.0.0.1:8000{mine}" in text
    client = Client()
    assert client.login(username="eier-bodo", password=DEMO_PASSWORD)
    assert client.get(mine).status_code == 200


def test_demo_prints_the_address_of_another_port() -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--port", "8001", stdout=out)
    assert "Adresse: http://127.0.0.1:8001/" in out.getvalue()
    assert "http://127.0.0.1:8000" not in out.getvalue()


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
    assert "Kontrollerte 9 behovsmeldinger." in out.getvalue()
    for bm in Behovsmelding.objects.all():
        assert bm.innhold.funn == [f.to_dict() for f in found]
        assert bm.antall_advarsler == 1 and not bm.har_feil
        assert bm.hendelser.filter(type="behovsmelding.checked").exists()


def test_the_served_demo_lets_an_owner_carry_last_year_forward(monkeypatch: Any) -> None:
    from behovsmelding.web.management.commands.demo import demo_skjema_aar
    from behovsmelding.web.skjema import services as skjema_services

    run_demo()
    monkeypatch.delenv("BEHOVSMELDING_SKJEMA_AAR", raising=False)
    aar = demo_skjema_aar()
    assert aar == 1 + max(
        Behovsmelding.objects.filter(skjema="kollektiv-2026").values_list("aar", flat=True)
    )
    monkeypatch.setenv("BEHOVSMELDING_SKJEMA_AAR", str(aar))
    eier = User.objects.get(username="eier-bodo")
    utkast = skjema_services.carry_forward(by=eier)
    assert utkast.aar == aar
    assert utkast.forrige is not None and utkast.forrige.aar == aar - 1
    # a configured year is left alone
    assert demo_skjema_aar() is None
