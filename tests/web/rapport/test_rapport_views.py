"""The report's pages: the form and its autosave, the language, a refused and an accepted
submission, the caseworker's round page and review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rapport_factories import BODO_TILTAK, linje_key, utfylt, verden
from web_factories import PASSWORD

from behovsmelding.web.forum.models import Runde
from behovsmelding.web.rapport import services
from behovsmelding.web.rapport.models import Rapport, Rapportrunde

pytestmark = pytest.mark.django_db
T6, T7, T8 = BODO_TILTAK


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_autosave_answers_findings_and_the_version() -> None:
    w = verden()
    r = w.rapport
    key = linje_key(r, T6, "brukt_eier")
    response = client("eier").post(
        reverse("rapport:lagre", args=[r.pk]), {"versjon": "1", key: "1 000 000"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["versjon"] == 2 and data["endret"] == [key]
    over = [f for f in data["funn"] if f["felt"] == key]
    assert over[0]["melding"].startswith("Brukt 1\u00a0000\u00a0000 kr er mer enn innvilget")


def test_a_stale_save_of_the_same_field_is_a_conflict_409() -> None:
    w = verden()
    r = w.rapport
    key = linje_key(r, T6, "hva_gjort")
    client("eier").post(reverse("rapport:lagre", args=[r.pk]), {"versjon": "1", key: "Eier"})
    response = client("uh").post(reverse("rapport:lagre", args=[r.pk]), {"versjon": "1", key: "UH"})
    assert response.status_code == 409
    assert response.json()["konflikter"] == {key: "Eier"}
    # without scripts: the whole form posted, the person's text shown again with theirs
    page = client("uh").post(reverse("rapport:rapport", args=[r.pk]), {"versjon": "1", key: "UH"})
    assert page.status_code == 409
    html = page.content.decode()
    assert ">UH</textarea>" in html and f'data-felt="{key}">Eier</template>' in html


def test_the_form_is_in_the_owners_maalform_unless_the_person_chose() -> None:
    w = verden()
    org = w.own.partnerskap.virksomhet
    assert org is not None
    org.maalform = "nn"
    org.save()
    c = client("eier")
    html = c.get(reverse("rapport:rapport", args=[w.rapport.pk])).content.decode()
    assert "Kva er gjort i tiltaket?" in html and 'lang="nn"' in html
    c.cookies["django_language"] = "nb"
    html = c.get(reverse("rapport:rapport", args=[w.rapport.pk])).content.decode()
    assert "Hva er gjort i tiltaket?" in html


def test_a_refused_submission_lists_the_errors_at_their_fields() -> None:
    w = verden()
    r = w.rapport
    response = client("eier").post(reverse("rapport:send-inn", args=[r.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rapporten kan ikke sendes inn før feilene er rettet (24)." in html
    assert f'href="#f-{linje_key(r, T6, "hva_gjort")}"' in html
    assert Rapport.objects.get(pk=r.pk).status == Rapport.Status.UTKAST


def test_submission_shows_the_reference_and_the_receipt() -> None:
    w = verden()
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    c = client("eier")
    response = c.post(reverse("rapport:send-inn", args=[r.pk]), follow=True)
    html = response.content.decode()
    assert f"Rapporten er sendt inn. Referanse: {services.referanse(r)}." in html
    pdf = c.get(reverse("rapport:kvittering", args=[r.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_owner_sees_the_caseworkers_request_for_changes() -> None:
    w = verden()
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    services.send_inn(r, by=w.eier)
    sb = client("sb")
    response = sb.post(
        reverse("rapport:behandle", args=[r.pk]),
        {"handling": "endring", "melding": "Legg ved regnskapet."},
    )
    assert response.status_code == 302
    html = client("eier").get(reverse("rapport:rapport", args=[r.pk])).content.decode()
    assert "Statsforvalteren ber om endring" in html and "Legg ved regnskapet." in html
    assert 'id="send-inn"' in html


def test_the_caseworker_opens_a_round_and_sees_who_has_not_reported() -> None:
    w = verden()
    # a second decided round: the world's own round has a report round already
    Rapportrunde.objects.all().delete()
    sb = client("sb")
    page = sb.get(reverse("rapport:runder")).content.decode()
    assert "Åpne rapportrunde for 2024" in page
    assert 'value="2025-11-01"' in page  # 1 November the year after, as a suggestion
    response = sb.post(
        reverse("rapport:ny-runde"),
        {"runde": w.runde.pk, "frist": "2025-10-15", "foer": "30, 7", "etter": "3"},
    )
    rr = Rapportrunde.objects.get(runde=w.runde)
    assert response.status_code == 302
    assert (rr.frist, rr.paaminnelser_foer, rr.paaminnelse_etter) == (
        dt.date(2025, 10, 15),
        [30, 7],
        3,
    )
    r = rr.rapporter.get(partnerskap=w.own.partnerskap)
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    services.send_inn(r, by=w.eier)
    html = sb.get(reverse("rapport:runde", args=[rr.pk])).content.decode()
    ikke = html.split('id="ikke-rapportert"')[1].split("</ul>")[0]
    assert "Vefsn kommune" in ikke and "Bodø kommune" not in ikke


def test_bad_input_to_the_round_form_is_a_norwegian_message() -> None:
    w = verden()
    Rapportrunde.objects.all().delete()
    response = client("sb").post(
        reverse("rapport:ny-runde"),
        {"runde": w.runde.pk, "frist": "1. november", "foer": "60, 14", "etter": "7"},
        follow=True,
    )
    assert "Skriv fristen som dato" in response.content.decode() or "skriv fristen som dato" in (
        response.content.decode()
    )
    assert not Rapportrunde.objects.filter(runde=w.runde).exists()
    assert Runde.objects.filter(pk=w.runde.pk).exists()


def test_the_round_page_asks_the_database_as_often_for_many_reports() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from behovsmelding.web.models import Partnerskap
    from behovsmelding.web.rapport.models import Paaminnelse, Rapportlinje

    w = verden()
    sb = client("sb")
    url = reverse("rapport:runde", args=[w.rr.pk])
    sb.get(url)
    with CaptureQueriesContext(connection) as few:
        assert sb.get(url).status_code == 200
    poster = [li.post for li in services.linjer(w.rapport)]
    for i in range(20):
        p = Partnerskap.objects.create(region=w.own.region, navn=f"Partnerskap {i}", nokkel=f"p{i}")
        r = Rapport.objects.create(rapportrunde=w.rr, partnerskap=p)
        Rapportlinje.objects.bulk_create(
            Rapportlinje(rapport=r, post=post, innvilget_eier=1, innvilget_uh=1) for post in poster
        )
        Paaminnelse.objects.create(rapport=r, type="foer", dager=60, til=["x@example.no"])
    with CaptureQueriesContext(connection) as many:
        html = sb.get(url).content.decode()
    assert html.count("Partnerskap 1") >= 1
    assert len(many) == len(few)
