"""Letters and payment lists take the recipient's numbers and address from the register; a
recipient without a valid account there is blocked; a held record gives no posts."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from forum_factories import runde, store_seeds
from openpyxl import load_workbook
from pypdf import PdfReader
from web_factories import PASSWORD, caseworker, record_dict

from behovsmelding import forum_calc
from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import services as web_services
from behovsmelding.web.forum import services
from behovsmelding.web.forum.models import Runde, Versjon
from behovsmelding.web.forum.snapshot import sperregrunn
from behovsmelding.web.models import Virksomhet
from behovsmelding.web.register import finn_uh

pytestmark = pytest.mark.django_db
NB = "\u00a0"


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def vedtak2024() -> Versjon:
    """2024: Bodø's "18 gruppeledersamlinger" (eier 900 000, UH Høgskolen i Innlandet
    624 914) and Vefsn's tiltak 1 (UH Læringsmiljøsenteret 214 900) granted for year 1.

    The register: Bodø has a valid account (its document gives another account and
    organisasjonsnummer); Høgskolen i Innlandet's account fails MOD11; Læringsmiljøsenteret
    has none."""
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2024, by=sb)
    services.sett_ramme(r, navn="", ordning="kompetanseloftet", sektor="", belop=10_000_000, by=sb)
    services.sett_ramme(r, navn="", ordning="desentralisert", sektor="", belop=0, by=sb)
    granted = {
        ("Bodø kommune", 6): ([900_000, 0], [624_914, 0]),
        ("Vefsn kommune", 1): ([0], [214_900]),
    }
    for p in r.poster.select_related("behovsmelding"):
        eier, uh = granted.get((p.behovsmelding.eier, p.nr or 0), ([], []))
        services.sett_prioritering(
            p,
            status=forum_calc.PRIORITERT if eier else forum_calc.IKKE_PRIORITERT,
            eier=eier,
            uh=uh,
            begrunnelse="" if eier else "Ikke nå",
            by=sb,
        )
    services.fullfor_innstilling(r, by=sb)
    services.vedtak_som_innstilt(r, by=sb)
    Virksomhet.objects.filter(orgnr="991000003").update(kontonummer="12345678903")
    hinn = finn_uh("Høgskolen i Innlandet")
    assert hinn is not None
    Virksomhet.objects.filter(pk=hinn.pk).update(kontonummer="76940500661")
    return services.fullfor_vedtak(r, by=sb)


def sb_client() -> Client:
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


def test_the_letter_uses_the_registers_numbers_and_address_and_shows_the_documents_beside(
    vedtak2024: Versjon,
) -> None:
    names = [m["navn"] for m in vedtak2024.innhold["mottakere"]]
    text = pdf_text(
        sb_client()
        .get(reverse("forum-tildelingsbrev", args=[vedtak2024.pk, names.index("Bodø kommune")]))
        .content
    )
    assert "Postboks 9001" in text and "8091 BODØ" in text
    assert "Organisasjonsnummer: 991 000 003 (I dokumentet: 972 418 013)" in text
    assert "Kontonummer: 1234.56.78903 (I dokumentet: 4500.55.00080)" in text
    assert "kan ikke utbetales" not in text


def test_the_payment_row_uses_the_registers_account_not_the_documents(
    vedtak2024: Versjon,
) -> None:
    raw = sb_client().get(reverse("forum-utbetaling-csv", args=[vedtak2024.pk])).content
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [r["Type"] for r in rows] == ["Eier", "Sum"]  # the payable row, the totals row
    rows = rows[:1]
    (bodo,) = rows
    assert (bodo["Mottaker"], bodo["Organisasjonsnummer"], bodo["Kontonummer"]) == (
        "Bodø kommune",
        "991000003",
        "12345678903",
    )
    assert (bodo["Postadresse"], bodo["Postnummer"], bodo["Poststed"]) == (
        "Postboks 9001",
        "8091",
        "BODØ",
    )
    assert bodo["Utbetales år 1"] == "900000"
    assert bodo["Merknad"] == (
        "I dokumentet: organisasjonsnummer 972 418 013; kontonummer 4500.55.00080"
    )


def test_a_recipient_without_a_valid_account_is_blocked_with_the_reason_and_not_paid(
    vedtak2024: Versjon,
) -> None:
    c = sb_client()
    xlsx = load_workbook(
        io.BytesIO(c.get(reverse("forum-utbetaling-excel", args=[vedtak2024.pk])).content)
    )
    payable = list(xlsx["Utbetaling"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4], r[7]) for r in payable] == [
        ("Bodø kommune", 900_000, 900_000),
        ("1 mottakere", 900_000, 900_000),  # the totals row
    ]
    rows = list(xlsx["Sperret"].iter_rows(min_row=2, values_only=True))
    assert rows[-1][:2] == ("Sum", "2 sperret") and rows[-1][4] == 839_814
    blocked = {r[1]: (r[4], r[5]) for r in rows[:-1]}
    hinn = finn_uh("Høgskolen i Innlandet")
    assert hinn is not None
    assert blocked == {
        hinn.navn: (624_914, "kontonummeret 7694.05.00661 er ikke gyldig (MOD11)"),
        "Læringsmiljøsenteret, Universitetet i Stavanger": (
            214_900,
            "mangler kontonummer i virksomhetsregisteret",
        ),
    }
    assert vedtak2024.innhold["utbetaling"] == {"totalt": 900_000, "sperret": 839_814}
    page = c.get(reverse("forum-runde", args=[vedtak2024.runde_id])).content.decode()
    assert "mangler kontonummer i virksomhetsregisteret" in page
    assert f"utbetales 900{NB}000{NB}kr, sperret 839{NB}814{NB}kr" in page
    lms = [m["navn"] for m in vedtak2024.innhold["mottakere"]].index(
        "Læringsmiljøsenteret, Universitetet i Stavanger"
    )
    text = pdf_text(c.get(reverse("forum-tildelingsbrev", args=[vedtak2024.pk, lms])).content)
    assert "Kontonummer: mangler – må registreres før utbetaling" in text
    assert "kan ikke utbetales før dette er rettet: mangler kontonummer i" in text


def test_block_reasons() -> None:
    assert sperregrunn(None) == "finnes ikke i virksomhetsregisteret"
    v = Virksomhet(navn="X", kontonummer="")
    assert sperregrunn(v) == "mangler kontonummer i virksomhetsregisteret"
    v.kontonummer = "45005500081"
    assert sperregrunn(v) == "kontonummeret 4500.55.00081 er ikke gyldig (MOD11)"
    v.kontonummer = "45005500080"
    assert sperregrunn(v) == ""


def test_a_record_held_til_avklaring_gives_no_posts() -> None:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    rec = Record.from_dict(record_dict(eier="Ukjent eierkommune", kontaktpersoner={}))
    held = web_services.create_behovsmelding(rec, by=None, region=reg, funn=[])
    assert held.til_avklaring
    r: Runde = runde(reg, 2024, by=sb)
    assert not r.poster.filter(behovsmelding=held).exists()
    assert r.poster.count() == 12  # the seeds' 2024 tiltak, none of the held record's
    # a record held after the round was opened loses its posts at the next refresh
    bodo = r.poster.filter(behovsmelding__eier="Bodø kommune").first()
    assert bodo is not None
    type(held).objects.filter(pk=bodo.behovsmelding_id).update(til_avklaring=True)
    assert services.oppdater_poster(r, by=sb) == (0, 9, 3)
    assert not r.poster.filter(behovsmelding_id=bodo.behovsmelding_id, aktiv=True).exists()
