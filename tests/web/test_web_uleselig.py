"""A value the reader saw but could not read with certainty stays "kunne ikke leses sikkert"
when the checks run again on the stored record (after the rules changed, or by a
caseworker's "Kontroller på nytt"): it never turns into "er ikke fylt ut"."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from web_factories import caseworker, region

from behovsmelding.web import services as web_services
from behovsmelding.web.models import Behovsmelding, Utfall
from behovsmelding.web.services import InnkommendeFil

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
SAMPLE_D = SAMPLES / "sample_d_2026_bodo.docx"

# The sample's first budget row's Totalt cell, and the same cell holding two amounts in full
# (the reader cannot know which one is meant).
CELL, TWO = "401 500,-", "401 500 200 000"
FIELD = "budsjett.rader[0].totalt"


def _docx_with_two_amounts_in_one_cell() -> bytes:
    if not SAMPLE_D.is_file():
        pytest.fail(f"{SAMPLE_D} is missing (the shared samples sit beside the repository)")
    src = zipfile.ZipFile(SAMPLE_D)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert text.count(CELL) >= 1, "the sample's first Totalt cell has changed"
                data = text.replace(CELL, TWO, 1).encode("utf-8")
            z.writestr(item, data)
    return out.getvalue()


def _at_field(bm: Behovsmelding) -> list[dict[str, str]]:
    bm.innhold.refresh_from_db()
    return [f for f in bm.innhold.funn if f.get("felt") == FIELD]


def test_unreadable_amount_keeps_its_advarsel_when_checked_again() -> None:
    sb = caseworker(region(), username="sb")
    row = web_services.receive_files(
        [InnkommendeFil("d.docx", _docx_with_two_amounts_in_one_cell())], by=sb
    ).filer.get()
    assert row.utfall == Utfall.LEST, row.grunn
    bm = row.behovsmelding
    assert bm is not None
    assert bm.innhold.data["budsjett"]["rader"][0]["totalt"] is None  # faithful: not guessed
    assert bm.innhold.uleselig == {FIELD: TWO}
    want = {"kode": "ULESELIG", "melding": f"kunne ikke leses sikkert: «{TWO}»"}

    def codes(found: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{"kode": f["kode"], "melding": f["melding"]} for f in found]

    assert codes(_at_field(bm)) == [want]
    # A caseworker's recheck, and the command run after the rules changed.
    web_services.recheck_behovsmelding(bm, by=sb)
    assert codes(_at_field(bm)) == [want]
    call_command("recheck", stdout=io.StringIO())
    assert codes(_at_field(bm)) == [want]
    assert not any("ikke fylt ut" in f["melding"] for f in bm.innhold.funn)
