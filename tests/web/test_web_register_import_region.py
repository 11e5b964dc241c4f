"""A caseworker's import from the register page changes only the organisations the caseworker
keeps (``access.virksomheter_i_regionen``), as the organisation's own page does: a file naming
another region's organisation by its number does not rename it, move its postal address (where
its letters go) or give a number to an organisation known by name only. New organisations are
made as before; the command line (no user) still imports everything."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, caseworker, region

from behovsmelding.web.models import Virksomhet, Virksomhetstype

pytestmark = pytest.mark.django_db

HEADER = (
    '"organisasjonsnummer","navn","organisasjonsform.kode","forretningsadresse.adresse",'
    '"forretningsadresse.postnummer","forretningsadresse.poststed",'
    '"forretningsadresse.kommunenummer"\n'
)


def upload(c: Client, text: str) -> str:
    f = SimpleUploadedFile("enheter.csv", text.encode(), content_type="text/csv")
    response = c.post(reverse("register:importer"), {"fil": f, "region": region("Nordland").pk})
    assert response.status_code == 200
    return response.content.decode()


def test_an_import_does_not_change_another_regions_organisation() -> None:
    troms = Virksomhet.objects.create(
        orgnr="998877660",
        navn="Fjellvik kommune",
        type=Virksomhetstype.KOMMUNE,
        region=region("Troms"),
        postadresse="Rådhusveien 1",
        postnummer="9000",
        poststed="TROMSØ",
    )
    caseworker(region("Nordland"), username="sb")
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    html = upload(
        c,
        HEADER
        + '"998877660","FJELLVIK KOMMUNE","KOMM","Postboks 666","8100","MISVÆR","1899"\n'
        + '"912345602","Ny Høgskole","STAT","Postboks 5","8101","MISVÆR","1899"\n',
    )
    troms.refresh_from_db()
    assert (troms.postadresse, troms.postnummer, troms.poststed) == (
        "Rådhusveien 1",
        "9000",
        "TROMSØ",
    )
    assert "rad 1: Fjellvik kommune (998877660) hører ikke til virksomhetene du" in html
    assert Virksomhet.objects.filter(orgnr="912345602", navn="Ny Høgskole").exists()
