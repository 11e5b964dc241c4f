"""Numbers from the request that no database column holds give 400 or a Norwegian form error,
never a 500: SQLite refuses integers above 2**63 - 1, PostgreSQL's bigint stops at the same
9 223 372 036 854 775 807 (and its smallint at 32 767)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, behovsmelding, caseworker

from behovsmelding.record import MAKS_BELOP
from behovsmelding.web.forum.models import Ramme, Runde

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web" / "skjema"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web" / "forum"))
from forum_factories import runde, store_seeds
from skjema_factories import complete_record, draft, owner, post_of

pytestmark = pytest.mark.django_db

BIG = "9" * 40
BIGINT_MAX = 2**63 - 1
MAKS = "999\u00a0999\u00a0999\u00a0999\u00a0kr"


def client(user: Any) -> Client:
    c = Client(raise_request_exception=False)
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def sb() -> Any:
    return caseworker(username="sb")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"uh": BIG}, "Ukjent kompetansemiljø (UH) i filteret."),
        ({"uh": str(BIGINT_MAX + 1)}, "Ukjent kompetansemiljø (UH) i filteret."),
        ({"uh": "²"}, "Ukjent kompetansemiljø (UH) i filteret."),
        ({"uh": "-1"}, "Ukjent kompetansemiljø (UH) i filteret."),
        ({"aar": "²⁰²⁴"}, "År må være et firesifret tall."),
        ({"aar": BIG}, "År må være et firesifret tall."),
    ],
)
def test_an_overflowing_or_odd_overview_filter_is_a_400_in_norwegian(
    sb: Any, params: dict[str, str], message: str
) -> None:
    behovsmelding(by=sb)
    c = client(sb)
    page = c.get(reverse("oversikt"), params)
    assert page.status_code == 400
    assert message in page.content.decode()
    partial = c.get(reverse("oversikt"), params, HTTP_HX_REQUEST="true")
    assert partial.status_code == 400 and message in partial.content.decode()
    for export in ("eksport-excel", "eksport-json"):
        answer = c.get(reverse(export), params)
        assert answer.status_code == 400, export
        assert "Ugyldig forespørsel" in answer.content.decode()


@pytest.mark.parametrize("uh", ["0", str(BIGINT_MAX)])
def test_the_largest_id_the_database_holds_is_a_filter_with_no_hits(sb: Any, uh: str) -> None:
    behovsmelding(by=sb)
    page = client(sb).get(reverse("oversikt"), {"uh": uh})
    assert page.status_code == 200
    assert "Treff: 0" in page.content.decode() or "0 treff" in page.content.decode()


@pytest.mark.parametrize("side", [BIG, "²", "-3", "0"])
def test_a_page_number_past_the_end_or_odd_shows_a_page(sb: Any, side: str) -> None:
    behovsmelding(by=sb)
    assert client(sb).get(reverse("oversikt"), {"side": side}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/behovsmeldinger/{BIG}/",
        f"/opplastinger/{BIG}/",
        f"/forum/{BIG}/",
        f"/forum/versjoner/{BIG}/innstilling.pdf",
        f"/skjema/{BIG}/",
    ],
)
def test_an_overflowing_id_in_the_address_is_404(sb: Any, path: str) -> None:
    assert client(sb).get(path).status_code == 404


# --- the forum's amounts ----------------------------------------------------------------------


@pytest.fixture
def round2026(sb: Any) -> Runde:
    return runde(store_seeds(), 2026, by=sb)


@pytest.mark.parametrize(
    ("belop", "message"),
    [
        (BIG, f"Rammen kan ikke være over {MAKS}."),
        (str(MAKS_BELOP + 1), f"Rammen kan ikke være over {MAKS}."),
        ("12 kr og 50 øre", "Skriv rammen som hele kroner."),
    ],
)
def test_a_frame_amount_too_large_is_a_form_error(
    sb: Any, round2026: Runde, belop: str, message: str
) -> None:
    c = client(sb)
    url = reverse("forum-ramme", args=[round2026.pk])
    r = c.post(url, {"navn": "", "ordning": "", "sektor": "", "belop": belop}, follow=True)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Ramme.objects.filter(runde=round2026).exists()


def test_the_largest_frame_amount_is_stored(sb: Any, round2026: Runde) -> None:
    c = client(sb)
    url = reverse("forum-ramme", args=[round2026.pk])
    c.post(url, {"navn": "", "ordning": "", "sektor": "", "belop": str(MAKS_BELOP)})
    assert Ramme.objects.get(runde=round2026).belop == MAKS_BELOP


def test_a_grant_amount_too_large_is_an_error_on_its_tiltak(sb: Any, round2026: Runde) -> None:
    from behovsmelding.web.forum import services

    services.sett_ramme(round2026, navn="", ordning="", sektor="", belop=1_000_000, by=sb)
    post = round2026.poster.filter(aktiv=True).first()
    assert post is not None
    data = {f"p-{post.pk}-status": "prioritert", f"p-{post.pk}-begrunnelse": ""}
    for i in range(post.antall_aar):
        data[f"p-{post.pk}-eier-{i}"] = BIG if i == 0 else ""
        data[f"p-{post.pk}-uh-{i}"] = ""
    r = client(sb).post(reverse("forum-prioritering", args=[round2026.pk]), data)
    assert r.status_code == 200
    assert f"Et beløp kan ikke være over {MAKS}." in r.content.decode()
    post.refresh_from_db()
    assert not hasattr(post, "prioritering") or post.prioritering.eier != [int(BIG)]


def test_a_new_round_with_a_forty_digit_year_is_refused(sb: Any) -> None:
    r = client(sb).post(
        reverse("forum-ny-runde"),
        {"aar": BIG, "frist": "2026-02-01", "innstilling_frist": "2026-03-01"},
        follow=True,
    )
    assert r.status_code == 200 and "ikke gyldig" in r.content.decode()
    assert not Runde.objects.exists()


# --- the owners' form --------------------------------------------------------------------------


def test_a_forty_digit_amount_in_the_form_is_a_finding_and_cannot_be_sent() -> None:
    eier = owner()
    u = draft(eier)
    c = client(eier)
    data = post_of(
        complete_record(),
        **{"budsjett.rader[0].eier": BIG, "enheter.offentlige_skoler": BIG},
    )
    data["versjon"] = [str(u.versjon)]
    live = c.post(reverse("skjema:lagre", args=[u.pk]), data)
    assert live.status_code == 200
    wrong = {f["id"] for f in live.json()["funn"] if f["kode"] == "UGYLDIG_VERDI"}
    assert {"f-budsjett-rader-0-eier", "f-enheter-offentlige-skoler"} <= wrong
    data.update(versjon=[str(live.json()["versjon"])], handling=["send"])
    sent = c.post(reverse("skjema:utkast", args=[u.pk]), data)
    assert sent.status_code == 400
    assert BIG in sent.content.decode()  # kept in the field, to be corrected


def test_a_forty_digit_version_is_a_conflict_not_an_error() -> None:
    eier = owner()
    u = draft(eier)
    data = post_of(complete_record())
    data["versjon"] = [BIG]
    r = client(eier).post(reverse("skjema:lagre", args=[u.pk]), data)
    assert r.status_code == 409
