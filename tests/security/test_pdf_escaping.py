"""Free text in a PDF is text: the owners' receipt (skjema), the forum's innstilling and the
tildelingsbrev render HTML/JS from the record and from the forum's reasons escaped in their
HTML, so the PDF shows the characters instead of running or dropping them."""

from __future__ import annotations

import datetime as dt
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader
from web_factories import caseworker, record_dict, region, register_owner

from behovsmelding import forum_calc
from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import services
from behovsmelding.web.forum import brev, exporters
from behovsmelding.web.forum import services as forum_services
from behovsmelding.web.forum.exporters import InnstillingPdf, TildelingsbrevPdf
from behovsmelding.web.forum.models import Runde
from behovsmelding.web.skjema import receipt

SCRIPT = "<script>alert('x')</script>"


def hostile() -> Record:
    return Record.from_dict(record_dict(eier=f"Ondsinnet {SCRIPT} kommune"))


def test_receipt_html_escapes_free_text() -> None:
    html = receipt.render_html(hostile(), sendt=datetime(2026, 1, 1, tzinfo=UTC), innsender=SCRIPT)
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_receipt_pdf_shows_the_markup_as_text() -> None:
    pdf = receipt.render_receipt(
        hostile(), sendt=datetime(2026, 1, 1, tzinfo=UTC), innsender="Kari"
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>" in text.replace("\n", "")


# ----------------------------------------------------------- the forum's innstilling and letters

MARKUP = "<b>fet</b> & <i>kursiv</i>"


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(
        "\n", ""
    )


@pytest.fixture
def hostile_round(db: None) -> dict[str, Any]:
    """A finished innstilling and vedtak where the owner's name, a tiltak's name, the forum's
    reasons and the letters' conditions carry markup."""
    reg = region()
    sb = caseworker(reg, username="sb-pdf")
    data = record_dict(eier=f"Ondsinnet {SCRIPT} kommune")
    data["tiltak"][0]["navn"] = f"Tiltak {MARKUP}"
    register_owner(data["eier"], reg)  # registered under that name, so its record is not held
    services.create_behovsmelding(Record.from_dict(data), by=None, region=reg, funn=[])
    runde = forum_services.opprett_runde(
        reg, 2024, frist=dt.date(2024, 2, 1), innstilling_frist=dt.date(2024, 3, 15), by=sb
    )
    Runde.objects.filter(pk=runde.pk).update(vilkaar=f"Vilkår {SCRIPT}\nog {MARKUP}")
    runde.refresh_from_db()
    for ordning in forum_services.LOKALE_ORDNINGER:
        forum_services.sett_ramme(
            runde, navn="", ordning=ordning, sektor="", belop=100_000_000, by=sb
        )
    first, *rest = runde.poster.order_by("indeks")
    forum_services.sett_prioritering(
        first,
        status=forum_calc.PRIORITERT,
        eier=[first.soekt_eier],
        uh=[first.soekt_uh],
        begrunnelse=f"Prioritert fordi {SCRIPT}",
        by=sb,
    )
    for p in rest:
        forum_services.sett_prioritering(
            p,
            status=forum_calc.IKKE_PRIORITERT,
            eier=[],
            uh=[],
            begrunnelse=f"Ikke prioritert: {MARKUP}",
            by=sb,
        )
    innstilling = forum_services.fullfor_innstilling(runde, by=sb)
    forum_services.vedtak_som_innstilt(runde, by=sb)
    vedtak = forum_services.fullfor_vedtak(runde, by=sb)
    return {"innstilling": innstilling.data, "vedtak": vedtak.data}


def test_innstilling_pdf_shows_markup_in_names_and_reasons_as_text(
    hostile_round: dict[str, Any],
) -> None:
    text = _pdf_text(InnstillingPdf().render(hostile_round["innstilling"]))
    assert f"Ondsinnet {SCRIPT} kommune" in text
    assert f"Tiltak {MARKUP}" in text
    assert f"Prioritert fordi {SCRIPT}" in text
    assert f"Ikke prioritert: {MARKUP}" in text


def test_tildelingsbrev_pdf_shows_markup_in_the_recipient_tiltak_and_conditions_as_text(
    hostile_round: dict[str, Any],
) -> None:
    data = hostile_round["vedtak"]
    nr = next(i for i, m in enumerate(data["mottakere"]) if "Ondsinnet" in m["navn"])
    text = _pdf_text(TildelingsbrevPdf().render(data, nr))
    assert f"Ondsinnet {SCRIPT} kommune" in text
    # the letter's table column is narrow: the name may wrap, so compare without spaces
    assert f"Tiltak {MARKUP}".replace(" ", "") in text.replace(" ", "")
    assert f"Vilkår {SCRIPT}" in text and f"og {MARKUP}" in text


def test_forum_pdf_templates_escape_what_they_show(
    hostile_round: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []

    def keep(template: str, context: dict[str, Any]) -> str:
        rendered.append(render_to_string(template, context))
        return rendered[-1]

    monkeypatch.setattr(exporters, "render_to_string", keep)
    monkeypatch.setattr(brev, "render_to_string", keep)
    data = hostile_round["vedtak"]
    nr = next(i for i, m in enumerate(data["mottakere"]) if "Ondsinnet" in m["navn"])
    InnstillingPdf().render(hostile_round["innstilling"])
    TildelingsbrevPdf().render(data, nr)
    assert len(rendered) == 2
    for html in rendered:
        assert "<script>" not in html and "<b>fet</b>" not in html
        assert "&lt;script&gt;" in html and "&lt;b&gt;fet&lt;/b&gt; &amp; " in html
