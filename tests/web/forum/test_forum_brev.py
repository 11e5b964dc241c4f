"""Letters that are enkeltvedtak (forvaltningsloven §§ 18, 24–25, 27–29), in bokmål and
nynorsk, a rejection letter for a recipient granted 0 kr, frozen once sent.

The 2026 round: Bodø's tiltak granted (one reduced by the forum, one by Statsforvalteren, each
with its reason), Vefsn's only post not prioritised (Vefsn gets an avslag, its UH partner a
rejected line); Nord universitet writes nynorsk. The expected texts are what the law and the
issue ask for, written out here."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from brev_factories import (
    DAG,
    GRUNN_FORUM,
    GRUNN_VEDTAK,
    GRUNN_VEFSN,
    brev_settings,
    made_text,
    nr_for,
    pdf_text,
    vedtak2026,
)
from django.test import Client
from django.urls import reverse
from forum_factories import runde, store_seeds
from pypdf import PdfReader
from web_factories import PASSWORD, caseworker

from behovsmelding import forum_calc
from behovsmelding.web.forum import brev, services
from behovsmelding.web.forum.models import Versjon

__all__ = ["brev_settings", "vedtak2026"]  # fixtures

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "brev"


def test_the_granted_letter_holds_every_element_of_an_enkeltvedtak(vedtak2026: Versjon) -> None:
    b, text = made_text(vedtak2026, "Bodø kommune")
    # letterhead, addressee with the register's postal address, reference, Norwegian date
    assert "Statsforvalteren i Nordland" in text
    assert "Postboks 9001" in text and "8091 BODØ" in text
    assert "Vår ref. 2026/1234-1" in text
    assert "Vår dato 7. desember 2026" in text and "2026-12-07" not in text
    assert "Saksbehandler" in text and "Ola Berg" in text and "75 53 15 00" in text
    # the scheme of the year, the decision and the amounts per tiltak: asked and granted
    assert "Tildelingsbrev – vedtak om tilskudd til kollektiv kompetanseutvikling 2026" in text
    assert "Søkt (alle år)" in text and "Innvilget 2026" in text
    assert "Trygt og godt skolemiljø" in text
    assert "(redusert: 150 000 kr av 250 000 kr)" in text
    # the budget numbers its tiltak per kompetansemiljø ("Tiltak 1" twice): each line names its
    # partner, so that the two are told apart
    assert "Tiltak Kompetansemiljø Søkt (alle år)" in text
    assert "Tiltak 1: Kvalitetsutvikling kommunale bhg. Læringsmiljøsenteret" in text
    assert "Tiltak 1: Fådeltskoledidaktikk Nord universitet 80 000 kr" in text
    # §§ 24–25: the reason for each reduced tiltak, the forum's and Statsforvalteren's own
    assert "Begrunnelse for vedtaket" in text
    assert GRUNN_FORUM in text
    assert GRUNN_VEDTAK in text
    # conditions: use of funds, reporting deadline, repayment
    assert "skal bare brukes til tiltakene" in text
    assert "rapportere om bruken av midlene" in text and "innen 1. mars 2027" in text
    assert "skal betales tilbake" in text
    # §§ 28–29, 32–33: who decides an appeal, three weeks from receipt, how and where
    assert "Dere kan klage på vedtaket, jf. forvaltningsloven § 28" in text
    assert "Klageinstans er Utdanningsdirektoratet" in text
    assert "tre uker fra den dagen dere mottok dette brevet" in text
    assert "forvaltningsloven § 29" in text
    assert "Klagen skal være skriftlig og undertegnet" in text
    assert "Oppgi vår referanse 2026/1234-1" in text
    assert "Send klagen til Statsforvalteren i Nordland, Postboks 1405, 8002 BODØ" in text
    assert "sfnopost@statsforvalteren.no" in text
    # § 18: the right to see the case documents; § 27: this letter is the notice
    assert "rett til å se dokumentene i saken, jf. forvaltningsloven § 18" in text
    assert "forvaltningsloven § 27" in text
    # signed by the configured person; copies to the partners
    assert "Hanne Solbakken utdanningsdirektør" in text
    assert "Dokumentet er elektronisk godkjent og har ingen håndskrevne signaturer." in text
    assert "Kopi til:" in text
    assert "Læringsmiljøsenteret" in text.split("Kopi til:")[1]
    assert "Nord universitet" in text.split("Kopi til:")[1]
    assert b.saksnummer == "2026/1234" and b.dato == DAG and not b.avslag


def test_an_owner_granted_nothing_gets_a_rejection_letter_with_reasons(
    vedtak2026: Versjon,
) -> None:
    assert "Vefsn kommune" not in [m["navn"] for m in vedtak2026.innhold["mottakere"]]
    b, text = made_text(vedtak2026, "Vefsn kommune")
    assert b.avslag
    assert "Vedtak om avslag på tilskudd til kollektiv kompetanseutvikling 2026" in text
    assert "Statsforvalteren avslår søknaden om tilskudd for 2026" in text
    assert "Vefsn kommune får ikke tilskudd som eier" in text
    assert "Avslått" in text and GRUNN_VEFSN in text
    assert "Postboks 560" in text  # the register's address
    # the appeal and the right to see the documents are in a rejection too
    assert "forvaltningsloven § 28" in text and "tre uker" in text
    assert "forvaltningsloven § 18" in text
    # nothing to pay, so no payment details or conditions
    assert "Kontonummer" not in text and "Vilkår for tilskuddet" not in text


def test_a_uh_letter_names_the_partnership_of_each_line(vedtak2026: Versjon) -> None:
    _, text = made_text(vedtak2026, "Læringsmiljøsenteret")
    assert "Partnerskap" in text
    assert "Bodø kommune" in text and "Vefsn kommune" in text
    # Vefsn's rejected tiltak is in the UH's letter as a rejected line, with the reason
    assert "Hele behovsmeldingen – Vefsn kommune" in text
    assert GRUNN_VEFSN in text
    assert "som universitet, høgskole eller kompetansemiljø i partnerskapet" in text


def test_a_recipient_writing_nynorsk_gets_its_letter_in_nynorsk(vedtak2026: Versjon) -> None:
    b, text = made_text(vedtak2026, "Nord universitet")
    assert b.maalform == "nn"
    assert "Statsforvaltaren i Nordland" in text
    assert "Tildelingsbrev – vedtak om tilskot til kollektiv kompetanseutvikling 2026" in text
    assert "Dykkar ref." in text and "Sakshandsamar" in text and "Ola Berg" in text
    assert "Oppvekst- og utdanningsavdelinga" in text
    assert "manglar kontonummer i verksemdsregisteret" in text
    assert "Vår dato 7. desember 2026" in text
    assert "Partnarskap" in text and "Bodø kommune" in text
    assert "De kan klage på vedtaket, jf. forvaltningslova § 28" in text
    assert "tre veker frå den dagen de fekk dette brevet" in text
    assert "Klaga skal vere skriftleg og underteikna" in text
    assert "Send klaga til Statsforvaltaren i Nordland" in text
    assert "rett til å sjå dokumenta i saka, jf. forvaltningslova § 18" in text
    assert "Med helsing" in text
    assert "Dokumentet er elektronisk godkjent og har ingen handskrivne signaturar." in text
    assert "forvaltningsloven" not in text and "Begrunnelse" not in text


def test_letters_of_2024_are_titled_with_the_local_schemes() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2024, by=sb)
    services.sett_ramme(r, navn="", ordning="kompetanseloftet", sektor="", belop=10**8, by=sb)
    services.sett_ramme(r, navn="", ordning="desentralisert", sektor="", belop=0, by=sb)
    for p in r.poster.all():
        ok = p.ordning == "kompetanseloftet"
        services.sett_prioritering(
            p,
            status=forum_calc.PRIORITERT if ok else forum_calc.IKKE_PRIORITERT,
            eier=[p.soekt_eier] if ok else [],
            uh=[p.soekt_uh] if ok else [],
            begrunnelse="" if ok else "Rammen for Desentralisert ordning er brukt opp.",
            by=sb,
        )
    services.fullfor_innstilling(r, by=sb)
    services.vedtak_som_innstilt(r, by=sb)
    v = services.fullfor_vedtak(r, by=sb)
    _, text = made_text(v, "Bodø kommune")
    assert "Tildelingsbrev – vedtak om tilskudd til Kompetanseløftet 2024" in text
    assert "kollektiv kompetanseutvikling 2024" not in text
    assert "lokal kompetanseutvikling i barnehage og skole" in text
    _, avslag = made_text(v, "Alstahaug")
    assert "Vedtak om avslag på tilskudd til Desentralisert ordning 2024" in avslag
    assert "Rammen for Desentralisert ordning er brukt opp." in avslag


def test_a_sent_letter_stays_and_a_changed_vedtak_gets_letters_of_its_own(
    vedtak2026: Versjon,
) -> None:
    nr = nr_for(vedtak2026, "Bodø kommune")
    first = brev.lag_brev(vedtak2026, nr, by=None)
    assert brev.lag_brev(vedtak2026, nr, by=None).pk == first.pk  # made once
    pdf = bytes(first.pdf)
    r = vedtak2026.runde
    sb = caseworker(r.region, username="sb2")
    post = r.poster.get(navn__startswith="Kvalitetsutvikling")
    services.sett_vedtak(
        post,
        status=forum_calc.PRIORITERT,
        eier=[120_000, 0],
        uh=[post.soekt_uh, 0],
        begrunnelse="Redusert etter ny vurdering.",
        egenandel=None,
        by=sb,
    )
    v2 = services.fullfor_vedtak(r, by=sb)
    second = brev.lag_brev(v2, nr_for(v2, "Bodø kommune"), by=None)
    first.refresh_from_db()
    assert bytes(first.pdf) == pdf  # the old letter is unchanged
    assert second.pk != first.pk and second.versjon == v2
    assert second.referanse == "2026/1234-2"
    assert "Redusert etter ny vurdering." in pdf_text(bytes(second.pdf))
    assert "Redusert etter ny vurdering." not in pdf_text(pdf)
    # the download gives the stored letter, not a new rendering
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    got = c.get(reverse("forum-tildelingsbrev", args=[vedtak2026.pk, nr])).content
    assert got == pdf


def test_a_letter_is_not_made_without_a_signatory(vedtak2026: Versjon, settings: Any) -> None:
    settings.BREV_UNDERSKRIVER = ""
    with pytest.raises(brev.BrevError, match="BREV_UNDERSKRIVER"):
        brev.lag_brev(vedtak2026, 0, by=None)
    # the preview is still available, marked as a draft
    assert "UTKAST" in pdf_text(brev.brev_pdf(vedtak2026, 0))


def test_a_missing_letter_number_is_not_found(vedtak2026: Versjon) -> None:
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    n = len(brev.brevmottakere(vedtak2026))
    assert c.get(reverse("forum-tildelingsbrev", args=[vedtak2026.pk, n])).status_code == 404


# --- the innstilling PDF --------------------------------------------------------------------


def test_the_innstilling_pdf_leaves_no_near_empty_pages(vedtak2026: Versjon) -> None:
    innst = vedtak2026.runde.versjoner.get(type=Versjon.Type.INNSTILLING)
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    pdf = c.get(reverse("forum-innstilling-pdf", args=[innst.pk])).content
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    fullest = max(len(p) for p in pages)
    # every page but the last is at least a third full (one row on a page is a failure)
    assert all(len(p) > fullest / 3 for p in pages[:-1]), [len(p) for p in pages]


# --- looking at the letters -----------------------------------------------------------------


def test_letters_render_to_png_for_a_look(vedtak2026: Versjon) -> None:
    """Renders one bokmål, one nynorsk and one rejection letter to PNG under
    tests/artifacts/brev/ (git-ignored) to be looked at: one image per page of the PDF, each
    with print on it (not a blank page), the letterhead's name on the first."""
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing (poppler-utils; scripts/install-system-deps.sh)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for navn, stem, head in (
        ("Bodø kommune", "bokmaal", "Statsforvalteren i Nordland"),
        ("Nord universitet", "nynorsk", "Statsforvaltaren i Nordland"),
        ("Vefsn kommune", "avslag", "Statsforvalteren i Nordland"),
    ):
        for old in ARTIFACTS.glob(f"{stem}-*.png"):
            old.unlink()
        b = brev.lag_brev(vedtak2026, nr_for(vedtak2026, navn), by=None)
        pdf = ARTIFACTS / f"{stem}.pdf"
        pdf.write_bytes(bytes(b.pdf))
        pages = PdfReader(io.BytesIO(bytes(b.pdf))).pages
        assert 1 <= len(pages) <= 3, (stem, len(pages))  # a letter, not a report
        assert (pages[0].extract_text() or "").lstrip().startswith(head), stem
        subprocess.run([pdftoppm, "-png", "-r", "70", str(pdf), str(ARTIFACTS / stem)], check=True)
        pngs = sorted(ARTIFACTS.glob(f"{stem}-*.png"))
        assert len(pngs) == len(pages), (stem, pngs)
        for png in pngs:
            with Image.open(png) as im:
                grey = im.convert("L")
                assert grey.size[1] > grey.size[0]  # A4 upright
                histogram = grey.histogram()
            dark = sum(histogram[:128]) / sum(histogram)
            assert 0.001 < dark < 0.25, (png.name, dark)  # print on paper, not blank or black
