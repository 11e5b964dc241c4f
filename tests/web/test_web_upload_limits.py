"""Limits on one upload of documents: a request over the total is refused from its length,
a file over the size limit is named "for stor" in the report while the others are read, one
file more than allowed stores nothing, and the CSRF check still holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, caseworker, region

from behovsmelding.readers import limits
from behovsmelding.web.models import Behovsmelding, OpplastetFil, Opplasting, Originalfil, Utfall

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
MB = 1024 * 1024


def seed(n: str) -> SimpleUploadedFile:
    path = next(SEEDS.glob(f"{n}_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def junk(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, content_type="text/plain")


@pytest.fixture
def client() -> Client:
    caseworker(region(), username="sb")
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


def nothing_stored() -> None:
    assert Opplasting.objects.count() == 0
    assert OpplastetFil.objects.count() == 0
    assert Originalfil.objects.count() == 0
    assert Behovsmelding.objects.count() == 0


def test_a_request_over_the_total_is_refused_with_a_message_and_stores_nothing(
    client: Client, settings: Any
) -> None:
    settings.BEHOVSMELDING_OPPLASTING_MAKS_MB = 1
    r = client.post(reverse("last-opp"), {"filer": [seed("001"), junk("stor.txt", 2 * MB)]})
    assert r.status_code == 413
    text = r.content.decode()
    assert "Opplastingen er for stor" in text and "grensen er 1,0 MB" in text
    nothing_stored()


def test_a_file_over_the_size_limit_is_reported_and_the_others_are_read(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "_active", limits.Limits(max_file_bytes=1 * MB))
    r = client.post(
        reverse("last-opp"), {"filer": [junk("stor.txt", 3 * MB), seed("001")]}, follow=True
    )
    assert r.status_code == 200
    rows = {f.filnavn: f for f in OpplastetFil.objects.all()}
    assert set(rows) == {"stor.txt", next(SEEDS.glob("001_*.txt")).name}
    big = rows.pop("stor.txt")
    assert big.utfall == Utfall.IKKE_LEST
    assert big.grunn == "filen er for stor (over 1,0 MB; grensen er 1,0 MB)"
    (other,) = rows.values()
    assert other.utfall == Utfall.LEST
    assert Originalfil.objects.count() == 1  # the big one is not kept
    assert "filen er for stor" in r.content.decode()


def test_one_file_more_than_allowed_stores_nothing(client: Client, settings: Any) -> None:
    settings.BEHOVSMELDING_OPPLASTING_MAKS_FILER = 2
    r = client.post(reverse("last-opp"), {"filer": [seed("000"), seed("001"), seed("002")]})
    assert r.status_code == 413
    assert "høyst 2 filer om gangen" in r.content.decode()
    nothing_stored()
    # Two are fine.
    r = client.post(reverse("last-opp"), {"filer": [seed("000"), seed("001")]})
    assert r.status_code == 302
    assert OpplastetFil.objects.count() == 2


def test_the_csrf_check_holds_for_a_real_upload() -> None:
    caseworker(region(), username="sb")
    c = Client(enforce_csrf_checks=True)
    assert c.login(username="sb", password=PASSWORD)
    r = c.post(reverse("last-opp"), {"filer": [seed("001")]})
    assert r.status_code == 403
    nothing_stored()


def test_the_page_states_the_limits(client: Client, settings: Any) -> None:
    settings.BEHOVSMELDING_OPPLASTING_MAKS_FILER = 7
    html = client.get(reverse("last-opp")).content.decode()
    assert "høyst 7 filer" in html
