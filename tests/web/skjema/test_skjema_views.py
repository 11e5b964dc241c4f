"""The form's pages without a browser: live check JSON, conflicts, submission, language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from skjema_factories import complete_record, draft, owner, post_of, save
from web_factories import PASSWORD, behovsmelding

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.skjema.models import Tilstand, Utkast

pytestmark = pytest.mark.django_db


def client(user: object) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return c


def test_live_check_saves_and_returns_findings_at_their_fields() -> None:
    eier = owner()
    u = draft(eier)
    data = post_of(complete_record(), **{"budsjett.rader[0].totalt": "401 501"})
    data["versjon"] = [str(u.versjon)]
    r = client(eier).post(reverse("skjema:lagre", args=[u.pk]), data)
    assert r.status_code == 200
    body = r.json()
    assert body["versjon"] == u.versjon + 1
    assert [(f["kode"], f["id"]) for f in body["funn"]] == [
        ("SUM_RAD", "f-budsjett-rader-0-totalt")
    ]
    assert body["antall"] == {"feil": 1, "advarsel": 0, "merknad": 0}
    u.refresh_from_db()
    assert u.data["budsjett"]["rader"][0]["totalt"] == 401501


def test_live_check_on_an_old_version_is_409_with_their_changes_and_saves_nothing() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    save(u, complete_record(behov="Nytt behov."), by=eier)
    data = post_of(complete_record(), maalgruppe="Alle")
    data["versjon"] = ["2"]
    r = client(eier).post(reverse("skjema:lagre", args=[u.pk]), data)
    assert r.status_code == 409
    k = r.json()["konflikt"]
    assert k["versjon"] == 3
    assert [(e["felt"], e["etter"]) for e in k["endringer"]] == [("behov", "Nytt behov.")]
    assert "lagret behovsmeldingen mens du skrev" in k["melding"]
    u.refresh_from_db()
    assert u.versjon == 3 and u.data["maalgruppe"] != "Alle"


def test_a_stale_save_without_scripts_keeps_what_was_typed_and_shows_theirs() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    save(u, complete_record(behov="Nytt behov."), by=eier)
    data = post_of(complete_record(), maalgruppe="Alle lærere og ledere")
    data.update(versjon=["2"], handling=["lagre"])
    r = client(eier).post(reverse("skjema:utkast", args=[u.pk]), data)
    assert r.status_code == 409
    html = r.content.decode()
    assert 'id="konflikt"' in html and "Nytt behov." in html
    assert "Alle lærere og ledere" in html  # what was typed is still in the form
    assert 'name="versjon" id="versjon" value="3"' in html


def test_submit_with_a_sum_error_is_refused_with_the_reason() -> None:
    eier = owner()
    u = draft(eier)
    data = post_of(complete_record(), **{"budsjett.rader[0].totalt": "401 501"})
    data.update(versjon=[str(u.versjon)], handling=["send"])
    r = client(eier).post(reverse("skjema:utkast", args=[u.pk]), data)
    assert r.status_code == 400
    assert 'id="ikke-klar"' in r.content.decode()
    assert "Totalt 401 501" in r.content.decode()
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST


def test_submit_then_the_form_is_read_only_and_the_receipt_downloads() -> None:
    eier = owner()
    u = draft(eier)
    c = client(eier)
    data = post_of(complete_record())
    data.update(versjon=[str(u.versjon)], handling=["send"])
    r = c.post(reverse("skjema:utkast", args=[u.pk]), data)
    assert r.status_code == 302 and r["Location"] == reverse("skjema:kvittering", args=[u.pk])
    page = c.get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    assert '<fieldset class="hele" disabled>' in page
    pdf = c.get(reverse("skjema:kvittering-pdf", args=[u.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    mine = c.get(reverse("skjema:mine")).content.decode()
    assert 'id="sendt-liste"' in mine
    # closing a streamed response sends request_finished, which closes the database
    # connection (PostgreSQL): only after the last query
    pdf.close()


def test_the_language_switch_gives_nynorsk_labels_and_messages() -> None:
    eier = owner()
    u = draft(eier)
    c = client(eier)
    r = c.post(reverse("skjema:sprak"), {"language": "nn", "next": f"/skjema/{u.pk}/"})
    assert r.status_code == 302 and r["Location"] == f"/skjema/{u.pk}/"
    html = c.get(f"/skjema/{u.pk}/").content.decode()
    assert '<html lang="nn"' in html
    assert "Partnarskapet består av fleire eigarar?" in html
    assert "Kven som har delteke" in html
    assert "ingen av boksane er kryssa av" in html  # a check message, in nynorsk
    c.post(reverse("skjema:sprak"), {"language": "nb", "next": f"/skjema/{u.pk}/"})
    html = c.get(f"/skjema/{u.pk}/").content.decode()
    assert '<html lang="nb"' in html and "Partnerskapet består av flere eiere?" in html


def test_the_language_switch_does_not_redirect_elsewhere() -> None:
    eier = owner()
    r = client(eier).post(reverse("skjema:sprak"), {"language": "nn", "next": "https://x.example/"})
    assert r["Location"] == reverse("skjema:mine")


def test_carry_forward_button_appears_only_with_last_years_behovsmelding() -> None:
    eier = owner()
    c = client(eier)
    assert 'id="viderefor"' not in c.get(reverse("skjema:mine")).content.decode()
    behovsmelding(name="sample_d_2026_bodo", aar=2025)
    assert 'id="viderefor"' in c.get(reverse("skjema:mine")).content.decode()
    r = c.post(reverse("skjema:videreforing"))
    u = Utkast.objects.get()
    assert r["Location"] == reverse("skjema:utkast", args=[u.pk])
    assert Record.from_dict(u.data).videreforer_fjoraaret is True


def test_the_caseworker_sees_the_changes_page_of_a_carried_forward_behovsmelding() -> None:
    from skjema_factories import partnerskap
    from web_factories import caseworker

    from behovsmelding.web.skjema import services

    eier = owner()
    behovsmelding(name="sample_d_2026_bodo", aar=2025)
    u = services.carry_forward(by=eier)
    rec = Record.from_dict(u.data)
    rec.varighet = ["H2026"]
    rec.egeninnsats = "Mer egeninnsats enn i fjor."
    save(u, rec, by=eier)
    bm = services.submit(u, by=eier)
    assert bm.partnerskap == partnerskap()
    html = client(caseworker()).get(reverse("skjema:endringer", args=[bm.pk])).content.decode()
    assert "Mer egeninnsats enn i fjor." in html and "Eiers egeninnsats" in html
    detail = client(caseworker()).get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "Endret fra i fjor: Eiers egeninnsats" in detail  # in the audit trail


def test_an_invited_new_user_sets_a_password_and_lands_in_the_draft() -> None:
    from behovsmelding.web.skjema import services

    eier = owner()
    u = draft(eier)
    r = client(eier).post(reverse("skjema:inviter", args=[u.pk]), {"epost": "ny@uis.no"})
    assert r.status_code == 302
    red = u.redaktorer.get()
    c = Client()
    link = reverse("skjema:invitasjon", args=[red.token])
    assert c.get(link).status_code == 200
    pw = "et-langt-passord-42"
    r = c.post(link, {"new_password1": pw, "new_password2": pw})
    assert r["Location"] == reverse("skjema:utkast", args=[u.pk])
    assert c.get(r["Location"]).status_code == 200
    assert services.access.drafts_for(red.bruker).get() == u
