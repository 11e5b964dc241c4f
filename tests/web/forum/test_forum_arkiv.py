"""Archive packages: a Noark 5 arkivmelding that validates against the published schema (read
from the shared reference copy here, not from the product's), a saksmappe per partnership and
year, an inngående journalpost per received behovsmelding and an utgående one per sent letter,
and every file the XML names in the package. The archive's case number goes on later letters."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from brev_factories import brev_settings, made_text, nr_for, vedtak2026
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from lxml import etree
from web_factories import PASSWORD

from behovsmelding.web import services as web_services
from behovsmelding.web.forum import arkiv, brev, utsending
from behovsmelding.web.forum.models import Arkivsak, Versjon
from behovsmelding.web.models import Behovsmelding
from behovsmelding.web.services import InnkommendeFil

pytestmark = pytest.mark.django_db
__all__ = ["brev_settings", "vedtak2026"]  # fixtures

STANDARD = Path(__file__).resolve().parents[3].parent / "shared/standards/noark5-arkivmelding"
NS = {"a": "http://www.arkivverket.no/standarder/noark5/arkivmelding"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def assert_valid(xml: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(STANDARD / "arkivmelding.xsd")))
    doc = etree.fromstring(xml)
    assert schema.validate(doc), schema.error_log
    return doc


def mappe_ids(doc: etree._Element) -> list[str]:
    return sorted(m.findtext("a:systemID", namespaces=NS) for m in doc.findall("a:mappe", NS))


def sb_client() -> Client:
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


@pytest.fixture
def sent(vedtak2026: Versjon, settings: Any) -> Versjon:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    utsending.send_vedtak(vedtak2026, by=None)
    return vedtak2026


def test_the_product_ships_the_published_schema_unchanged() -> None:
    for name in ("arkivmelding.xsd", "metadatakatalog.xsd"):
        assert (arkiv.SCHEMA_DIR / name).read_bytes() == (STANDARD / name).read_bytes()


def test_the_rounds_package_is_valid_and_holds_every_file_it_names(sent: Versjon) -> None:
    response = sb_client().get(reverse("forum-arkiv", args=[sent.runde_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(response.content))
    doc = assert_valid(z.read("arkivmelding.xml"))
    names = set(z.namelist()) - {"arkivmelding.xml"}
    refs = [e.text for e in doc.iterfind(".//a:referanseDokumentfil", NS)]
    assert sorted(refs) == sorted(names)
    assert int(doc.findtext("a:antallFiler", namespaces=NS)) == len(names)
    # a saksmappe per partnership and year
    mapper = doc.findall("a:mappe", NS)
    assert {m.get(XSI_TYPE) for m in mapper} == {"saksmappe"}
    region = sent.runde.region
    partnerships = set(
        Behovsmelding.objects.filter(region=region, aar=2026).values_list("partnerskap", flat=True)
    )
    assert len(mapper) == len(partnerships)
    titles = [m.findtext("a:tittel", namespaces=NS) for m in mapper]
    assert any("Bodø kommune" in t for t in titles)
    # an inngående journalpost per received behovsmelding, with its sender
    jp = doc.findall(".//a:basisregistrering", NS)
    assert {j.get(XSI_TYPE) for j in jp} == {"journalpost"}
    inn = [j for j in jp if j.findtext("a:journalposttype", namespaces=NS) == "Inngående dokument"]
    assert len(inn) == Behovsmelding.objects.filter(region=region, aar=2026).count()
    for j in inn:
        part = j.find("a:korrespondansepart", NS)
        assert part.findtext("a:korrespondanseparttype", namespaces=NS) == "Avsender"
        assert j.find("a:dokumentbeskrivelse/a:dokumentobjekt", NS) is not None
    # an utgående journalpost per sent letter: the PDF as sent, recipient and copies
    ut = [j for j in jp if j.findtext("a:journalposttype", namespaces=NS) == "Utgående dokument"]
    assert len(ut) == len(brev.brevmottakere(sent))
    bodo = next(j for j in ut if "Bodø kommune" in j.findtext("a:tittel", namespaces=NS))
    parts = {
        p.findtext("a:korrespondanseparttype", namespaces=NS): p.findtext(
            "a:korrespondansepartNavn", namespaces=NS
        )
        for p in bodo.findall("a:korrespondansepart", NS)
    }
    assert parts["Mottaker"] == "Bodø kommune" and "Kopimottaker" in parts
    ref = bodo.findtext(".//a:referanseDokumentfil", namespaces=NS)
    assert z.read(ref).startswith(b"%PDF")
    assert bodo.findtext("a:journalstatus", namespaces=NS) == "Ekspedert"


def test_the_command_writes_the_package_as_a_folder_and_as_a_zip(
    sent: Versjon, tmp_path: Path, settings: Any
) -> None:
    # a behovsmelding received as a file: its original goes into the package as received
    seed = Path(web_services.__file__).resolve().parents[1] / "demo_data"
    data = sorted(seed.glob("*.txt"))[0].read_bytes()
    sb = sent.runde.versjoner.first().opprettet_av  # type: ignore[union-attr]
    assert sb is not None
    web_services.receive_files(
        [InnkommendeFil(filnavn="ny.txt", data=data + b"\n ")], by=sb, region=sent.runde.region
    )
    call_command("arkiv", "--runde", str(sent.runde_id), "--ut", str(tmp_path / "pakke"))
    folder = tmp_path / "pakke"
    doc = assert_valid((folder / "arkivmelding.xml").read_bytes())
    for ref in doc.iterfind(".//a:referanseDokumentfil", NS):
        assert (folder / ref.text).is_file(), ref.text
    call_command("arkiv", "--runde", str(sent.runde_id), "--ut", str(tmp_path / "pakke.zip"))
    z = zipfile.ZipFile(tmp_path / "pakke.zip")
    assert_valid(z.read("arkivmelding.xml"))


def test_the_case_folders_keep_their_ids_and_the_archives_number_goes_on_later_letters(
    vedtak2026: Versjon,
) -> None:
    first = etree.fromstring(arkiv.lag_pakke(vedtak2026.runde).xml)
    bodo_bm = Behovsmelding.objects.filter(eier="Bodø kommune", aar=2026).first()
    assert bodo_bm is not None
    sb = vedtak2026.opprettet_av
    assert sb is not None
    arkiv.registrer_saksnummer(bodo_bm.partnerskap, 2026, "2026/4711", by=sb)
    sak = Arkivsak.objects.get(partnerskap=bodo_bm.partnerskap, aar=2026)
    b, text = made_text(vedtak2026, "Bodø kommune")
    assert b.referanse == "2026/4711-1"
    assert "Vår ref. 2026/4711-1" in text
    second = assert_valid(arkiv.lag_pakke(vedtak2026.runde).xml)
    assert mappe_ids(first) == mappe_ids(second)
    mappe = next(
        m
        for m in second.findall("a:mappe", NS)
        if m.findtext("a:systemID", namespaces=NS) == str(sak.system_id)
    )
    assert mappe.findtext("a:mappeID", namespaces=NS) == "2026/4711"
    # a UH letter that answers several partnerships keeps the round's reference
    uh = brev.lag_brev(vedtak2026, nr_for(vedtak2026, "Læringsmiljøsenteret"), by=None)
    assert uh.saksnummer == "2026/1234"


def test_an_invalid_arkivmelding_is_refused() -> None:
    with pytest.raises(arkiv.ArkivError, match="ikke gyldig"):
        arkiv.valider(
            b'<arkivmelding xmlns="http://www.arkivverket.no/standarder/noark5/arkivmelding">'
            b"<system>x</system></arkivmelding>"
        )
