"""The caseworkers' register pages: list and search, editing with optimistic locking, the
account number's audit trail, aliases and the import from Enhetsregisteret."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, caseworker, region

from behovsmelding.web.models import (
    Alias,
    Hendelse,
    Kontonummerendring,
    Virksomhet,
    Virksomhetstype,
)

pytestmark = pytest.mark.django_db

BODO = "991000003"  # the shipped sample (demo_data/register/enheter.csv)


def login(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def named_caseworker(username: str, first: str, last: str) -> None:
    u = caseworker(region("Nordland"), username=username)
    u.first_name, u.last_name = first, last
    u.save()


@pytest.fixture
def sb() -> Client:
    named_caseworker("sb", "Kari", "Saksbehandler")
    return login("sb")


def bodo() -> Virksomhet:
    return Virksomhet.objects.get(orgnr=BODO)


def edit_data(v: Virksomhet, **changes: Any) -> dict[str, Any]:
    """The edit form as the page gives it for ``v``, with changes."""
    data: dict[str, Any] = {
        "postadresse": v.postadresse,
        "postnummer": v.postnummer,
        "poststed": v.poststed,
        "epost": v.epost,
        "maalform": v.maalform,
        "region": v.region_id or "",
        "type": v.type,
        "kontonummer": v.kontonummer,
        "endret": v.endret.isoformat(),
    }
    data.update(changes)
    return data


def test_list_shows_name_number_kind_address_and_what_is_missing(sb: Client) -> None:
    v = bodo()
    v.kontonummer = "45005500080"
    v.save()
    html = sb.get(reverse("register:liste")).content.decode()
    assert "Bodø kommune" in html
    assert "991 000 003" in html
    assert "Postboks 9001, 8091 BODØ" in html
    assert "4500.55.00080" in html
    assert "Nordlys Barnehager AS" in html
    assert html.count("Ugyldig (MOD11)") == 0


def test_list_marks_an_account_number_that_fails_mod11(sb: Client) -> None:
    Virksomhet.objects.filter(orgnr=BODO).update(kontonummer="45005500081")
    html = sb.get(reverse("register:liste"), {"q": "bodø"}).content.decode()
    assert "Ugyldig (MOD11)" in html


def test_search_by_number_alias_and_type(sb: Client) -> None:
    Alias.objects.create(virksomhet=bodo(), navn="Bodø kommune oppvekst", nokkel="bodø oppvekst")
    by_number = sb.get(reverse("register:liste"), {"q": "991 001"}).content.decode()
    assert "Vefsn kommune" in by_number  # 991001379
    assert "Bodø kommune" not in by_number
    by_alias = sb.get(reverse("register:liste"), {"q": "oppvekst"}).content.decode()
    assert "Bodø kommune" in by_alias and "Vefsn kommune" not in by_alias
    private = sb.get(reverse("register:liste"), {"type": "privat"}).content.decode()
    assert "Nordlys Barnehager AS" in private and "Bodø kommune" not in private


def test_an_organisation_of_another_region_answers_404(sb: Client) -> None:
    far = Virksomhet.objects.create(
        navn="Harstad kommune", type=Virksomhetstype.KOMMUNE, region=region("Troms")
    )
    assert sb.get(reverse("register:virksomhet", args=[far.pk])).status_code == 404
    html = sb.get(reverse("register:liste"), {"q": "Harstad"}).content.decode()
    assert "Harstad kommune" not in html


def test_account_number_is_stored_as_digits_audited_and_shown_in_the_history(sb: Client) -> None:
    v = bodo()
    url = reverse("register:virksomhet", args=[v.pk])
    response = sb.post(url, edit_data(v, kontonummer="4500 55.00080", epost="post@bodo.example"))
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.kontonummer == "45005500080"
    assert v.epost == "post@bodo.example"
    assert v.kontonummer_endret is not None
    assert v.kontonummer_endret_av is not None and v.kontonummer_endret_av.username == "sb"
    (endring,) = Kontonummerendring.objects.filter(virksomhet=v)
    assert (endring.for_verdi, endring.etter_verdi, endring.endret_av) == (
        "",
        "45005500080",
        v.kontonummer_endret_av,
    )
    entry = Hendelse.objects.get(type="virksomhet.account_changed")
    assert entry.payload["virksomhet"] == v.pk
    assert (entry.objekt_modell, entry.objekt_pk) == ("virksomhet", str(v.pk))
    assert entry.tekst() == "Kontonummeret til Bodø kommune endret fra (tom) til 4500.55.00080."
    assert (entry.for_verdi, entry.etter_verdi) == ("(tom)", "4500.55.00080")
    assert entry.bruker == v.kontonummer_endret_av
    assert Hendelse.objects.filter(type="virksomhet.changed", payload__felt="epost").count() == 1
    html = sb.get(url).content.decode()
    assert "Endringer av kontonummer" in html
    assert "Kari Saksbehandler" in html
    assert "(tom)</td><td>4500.55.00080" in html


def test_an_account_number_failing_mod11_is_refused_in_norwegian(sb: Client) -> None:
    v = bodo()
    url = reverse("register:virksomhet", args=[v.pk])
    response = sb.post(url, edit_data(v, kontonummer="4500.55.00081"))
    assert response.status_code == 400
    assert "Kontonummeret «4500.55.00081» er ikke gyldig (kontrollsifferet, MOD11)." in (
        response.content.decode()
    )
    response = sb.post(url, edit_data(v, kontonummer="4500.55"))
    assert "Kontonummeret «450055» må ha 11 sifre." in response.content.decode()
    v.refresh_from_db()
    assert v.kontonummer == ""
    assert not Kontonummerendring.objects.exists()
    assert not Hendelse.objects.filter(type__startswith="virksomhet.").exists()


def test_a_stale_save_is_refused_naming_the_other_change_and_keeping_the_typed_values(
    sb: Client,
) -> None:
    named_caseworker("sb2", "Ola", "Kollega")
    v = bodo()
    opened = edit_data(v)  # both open the page
    url = reverse("register:virksomhet", args=[v.pk])
    assert login("sb2").post(url, {**opened, "kontonummer": "12345678903"}).status_code == 302
    response = sb.post(url, {**opened, "poststed": "BODØ SENTRUM", "kontonummer": "45005500080"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Ola Kollega endret kontonummer fra «(tom)» til «1234.56.78903»" in html
    assert 'value="BODØ SENTRUM"' in html
    assert 'value="45005500080"' in html
    v.refresh_from_db()
    assert (v.kontonummer, v.poststed) == ("12345678903", "BODØ")
    # saving again, now based on the colleague's version, overwrites knowingly
    again = {**opened, "poststed": "BODØ SENTRUM", "endret": v.endret.isoformat()}
    assert sb.post(url, again).status_code == 302
    v.refresh_from_db()
    assert (v.kontonummer, v.poststed) == ("", "BODØ SENTRUM")
    assert Kontonummerendring.objects.filter(virksomhet=v).count() == 2


def test_aliases_are_added_refused_when_taken_and_removed(sb: Client) -> None:
    v = bodo()
    url = reverse("register:alias-ny", args=[v.pk])
    assert sb.post(url, {"navn": "Bodø kommune, oppvekst"}).status_code == 302
    alias = Alias.objects.get(virksomhet=v)
    assert (alias.nokkel, alias.opprettet_av.username if alias.opprettet_av else "") == (
        "bodø kommune oppvekst",
        "sb",
    )
    vefsn = Virksomhet.objects.get(orgnr="991001379")
    response = sb.post(
        reverse("register:alias-ny", args=[vefsn.pk]), {"navn": "BODØ KOMMUNE  OPPVEKST"}
    )
    assert response.status_code == 400
    assert "«BODØ KOMMUNE  OPPVEKST» er allerede et annet navn på Bodø kommune." in (
        response.content.decode()
    )
    assert not Alias.objects.filter(virksomhet=vefsn).exists()
    response = sb.post(reverse("register:alias-fjern", args=[v.pk]), {"alias": alias.pk})
    assert response.status_code == 302
    assert not Alias.objects.filter(virksomhet=v).exists()
    assert [h.type for h in Hendelse.objects.filter(payload__virksomhet=v.pk)] == [
        "virksomhet.alias_added",
        "virksomhet.alias_removed",
    ]


CSV_HEADER = (
    "organisasjonsnummer;navn;organisasjonsform.kode;forretningsadresse.adresse;"
    "forretningsadresse.postnummer;forretningsadresse.poststed;forretningsadresse.kommunenummer\n"
)


def test_import_creates_updates_and_reports(sb: Client) -> None:
    text = (
        CSV_HEADER
        + "991000003;BODØ KOMMUNE;KOMM;Rådhuset, Postboks 9001;8091;BODØ;1804\n"
        + "991013709;MELØY KOMMUNE;KOMM;Postboks 13;8151;ØRNES;1837\n"
        + "123456789;FEIL AS;AS;;;;\n"
    )
    upload = SimpleUploadedFile("enheter.csv", text.encode(), content_type="text/csv")
    nordland = region("Nordland")
    response = sb.post(reverse("register:importer"), {"fil": upload, "region": nordland.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 nye, 1 endret, 0 uendret, 1 avvist." in html
    assert "Ny: Meløy kommune (991013709)" in html
    assert "postadresse: «Postboks 9001» → «Rådhuset, Postboks 9001»" in html
    assert "rad 3: «123456789» er ikke et gyldig organisasjonsnummer" in html
    meloy = Virksomhet.objects.get(orgnr="991013709")
    assert (meloy.navn, meloy.region, meloy.poststed) == ("Meløy kommune", nordland, "ØRNES")
    assert Hendelse.objects.filter(type="virksomhet.imported").count() == 1


def test_a_bad_import_file_changes_nothing(sb: Client) -> None:
    before = Virksomhet.objects.count()
    broken = SimpleUploadedFile("enheter.json", b'[{"organisasjonsnummer": "991013709",')
    response = sb.post(reverse("register:importer"), {"fil": broken})
    assert response.status_code == 400
    assert (
        "Filen ble ikke importert: Filen er ikke gyldig JSON (linje 1). Ingenting er endret."
        in (response.content.decode())
    )
    not_units = SimpleUploadedFile("enheter.json", json.dumps({"x": 1}).encode())
    response = sb.post(reverse("register:importer"), {"fil": not_units})
    assert "JSON-filen må være en liste av enheter." in response.content.decode()
    assert Virksomhet.objects.count() == before
    assert not Hendelse.objects.filter(type="virksomhet.imported").exists()
