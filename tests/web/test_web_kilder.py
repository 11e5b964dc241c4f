"""Where each value came from, on the caseworker's detail page: beside every amount and tick
box, the original's words it was read from; for a PDF, a picture of that part of the page with
the place framed, for whoever may download the original."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.web import services as web_services
from behovsmelding.web.models import Behovsmelding, OpplastetFil, Utfall
from behovsmelding.web.services import InnkommendeFil

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _own_cache(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _file(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        pytest.fail(f"{folder / pattern} is missing (the shared folder sits beside the repository)")
    return found[0]


def _receive(path: Path, by: Any) -> Behovsmelding:
    row = web_services.receive_files(
        [InnkommendeFil(path.name, path.read_bytes())], by=by
    ).filer.get()
    assert row.utfall == Utfall.LEST, row.grunn
    assert row.behovsmelding is not None
    return row.behovsmelding


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _kilder(html: str) -> list[str]:
    """The summaries of the page's "Fra originalen" disclosures, unescaped enough to compare."""
    return [
        s.replace("&#x27;", "'").replace("&amp;", "&")
        for s in re.findall(r"<summary>Fra originalen: «(.*?)»</summary>", html, re.S)
    ]


def test_the_pdfs_amounts_and_boxes_show_their_words_and_a_picture() -> None:
    sb = caseworker(region(), username="sb")
    bm = _receive(_file(SAMPLES, "sample_d_2026_bodo.pdf"), sb)
    data = bm.innhold.data
    assert bm.innhold.kilder, "the upload keeps where each field was read"
    html = _client(sb).get(reverse("detalj", args=[bm.pk])).content.decode()
    shown = _kilder(html)
    # each budget amount of the record is shown as the original writes it (digits the same)
    amounts = [
        b
        for row in [*data["budsjett"]["rader"], data["budsjett"]["sum"]]
        for b in (row["eier"], row["totalt"], *(u["belop"] for u in row["uh"]))
        if b is not None
    ]
    digits = [re.sub(r"\D", "", s) for s in shown]
    for amount in amounts:
        assert str(amount) in digits, f"{amount} has no «Fra originalen»"
    # the ticked boxes: the 2026 form's "Gjelder" and the yes/no questions
    assert any("☒" in s and "grunnskole" in s.lower() for s in shown)
    assert sum("☒" in s for s in shown) >= 6
    # a picture for each, through the crop view, with a text for screen readers
    imgs = re.findall(r'<img class="kilde-bilde"[^>]*src="([^"]+)"[^>]*alt="([^"]+)"', html)
    assert len(imgs) == len(shown)
    assert all(alt.startswith("Utsnitt av side ") for _, alt in imgs)
    assert "<script>" not in html.split("</head>")[1] and " style=" not in html


def _red(png: bytes) -> int:
    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for r, g, b in pixels if r > 150 and g < 60 and b < 60)


def test_the_crop_is_a_png_with_the_place_framed_and_is_rendered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sb = caseworker(region(), username="sb")
    bm = _receive(_file(SAMPLES, "sample_a_2024_bodo.pdf"), sb)
    c = _client(sb)
    url = reverse("kilde-utsnitt", args=[bm.pk]) + "?felt=budsjett.sum.totalt"
    response = c.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    png = response.content
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and 100 < image.width < 1000 and 20 < image.height < 300
    # the frame: a red line around the amount (the sample itself has no red)
    assert _red(png) > 2 * (image.height // 4)
    # the second time from the cache: no renderer needed
    import behovsmelding.web.kildeutsnitt as kildeutsnitt

    monkeypatch.setattr(kildeutsnitt.shutil, "which", lambda _name: None)
    assert c.get(url).content == png
    # a field without a place on a page, and one the record does not have
    assert c.get(reverse("kilde-utsnitt", args=[bm.pk]) + "?felt=").status_code == 404
    assert (
        c.get(reverse("kilde-utsnitt", args=[bm.pk]) + "?felt=tiltak[99].eier").status_code == 404
    )


def test_a_text_documents_sources_are_its_lines_without_a_picture() -> None:
    sb = caseworker(region(), username="sb")
    seed = _file(SEEDS, "003_*.txt")
    bm = _receive(seed, sb)
    html = _client(sb).get(reverse("detalj", args=[bm.pk])).content.decode()
    lines = seed.read_text(encoding="utf-8").split("\n")
    src = bm.innhold.kilder["budsjett.rader[0].totalt"]
    n = src["linjer"][0]
    assert f"Linje {n}:" in html
    assert str(bm.innhold.data["budsjett"]["rader"][0]["totalt"]) == re.sub(r"\D", "", src["ord"])
    assert re.sub(r"\D", "", src["ord"]) in re.sub(r"\D", "", lines[n - 1])
    assert "kilde-bilde" not in html
    assert len(_kilder(html)) >= 10
    # a recheck runs the checks again on the stored record: the sources stay
    before = dict(bm.innhold.kilder)
    web_services.recheck_behovsmelding(bm, by=sb)
    bm.innhold.refresh_from_db()
    assert bm.innhold.kilder == before


def test_a_record_read_before_sources_were_kept_still_renders() -> None:
    sb = caseworker(region(), username="sb")
    bm = behovsmelding(reg=region())
    assert bm.innhold.kilder == {}
    response = _client(sb).get(reverse("detalj", args=[bm.pk]))
    assert response.status_code == 200
    assert "Fra originalen" not in response.content.decode()
    url = reverse("kilde-utsnitt", args=[bm.pk]) + "?felt=budsjett.sum.totalt"
    assert _client(sb).get(url).status_code == 404


def test_a_file_read_by_the_background_worker_keeps_its_sources(settings: Any) -> None:
    """A large upload is read by the queue's worker (the tests' immediate backend) with the
    request's own function: its records keep their sources as well."""
    settings.BEHOVSMELDING_LES_STRAKS_MAKS = 0
    sb = caseworker(region(), username="sb")
    seed = _file(SEEDS, "004_*.txt")
    c = _client(sb)
    upload = SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain")
    c.post(reverse("last-opp"), {"filer": [upload]})
    row = OpplastetFil.objects.get()
    assert row.opplasting.i_bakgrunnen and row.utfall == Utfall.LEST, row.grunn
    bm = Behovsmelding.objects.get()
    lines = seed.read_text(encoding="utf-8").split("\n")
    src = bm.innhold.kilder["budsjett.sum.uh[0].belop"]
    digits = re.sub(r"\D", "", src["ord"])
    assert digits == str(bm.innhold.data["budsjett"]["sum"]["uh"][0]["belop"])
    assert digits in re.sub(r"\D", "", lines[src["linjer"][0] - 1])
