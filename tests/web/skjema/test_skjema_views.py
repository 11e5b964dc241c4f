"""The form's pages without a browser: live check JSON, conflicts, submission, language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from skjema_factories import (
    complete_record,
    draft,
    owner,
    post_of,
    save,
    uh_member,
    uh_organisation,
)
from web_factories import PASSWORD, behovsmelding

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.models import Virksomhet, Virksomhetstype
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


def test_live_check_on_an_old_version_stores_the_rest_and_is_409_for_the_same_field() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    save(u, complete_record(behov="Nytt behov."), by=eier)
    data = post_of(complete_record(), maalgruppe="Alle", behov="Mitt behov.")
    data["versjon"] = ["2"]
    r = client(eier).post(reverse("skjema:lagre", args=[u.pk]), data)
    assert r.status_code == 409
    body = r.json()
    assert body["versjon"] == 4
    assert [(k["felt"], k["mine"], k["deres"]) for k in body["konflikter"]] == [
        ("behov", "Mitt behov.", "Nytt behov.")
    ]
    assert body["konflikter"][0]["tekst"] is True
    assert body["oppdatert"]["behov"] == "Nytt behov."
    u.refresh_from_db()
    assert u.versjon == 4 and u.data["maalgruppe"] == "Alle" and u.data["behov"] == "Nytt behov."


def test_a_stale_save_without_scripts_keeps_what_was_typed_and_shows_theirs() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    save(u, complete_record(behov="Nytt behov."), by=eier)
    data = post_of(complete_record(), maalgruppe="Alle lærere og ledere", behov="Mitt behov.")
    data.update(versjon=["2"], handling=["lagre"])
    r = client(eier).post(reverse("skjema:utkast", args=[u.pk]), data)
    assert r.status_code == 409
    html = r.content.decode()
    assert 'id="konflikt"' in html and "Nytt behov." in html
    assert "Mitt behov." in html  # what was typed is still in the field
    assert 'name="versjon" id="versjon" value="4"' in html
    u.refresh_from_db()
    assert u.data["maalgruppe"] == "Alle lærere og ledere"  # the rest is stored
    # Saving again keeps this person's text.
    data.update(versjon=["4"])
    assert client(eier).post(reverse("skjema:utkast", args=[u.pk]), data).status_code == 302
    u.refresh_from_db()
    assert u.data["behov"] == "Mitt behov."


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
    last = behovsmelding(name="sample_d_2026_bodo", aar=2025)
    assert 'id="viderefor"' in c.get(reverse("skjema:mine")).content.decode()
    r = c.post(reverse("skjema:videreforing"))  # nothing chosen: asked again
    assert r["Location"] == reverse("skjema:videreforing") and not Utkast.objects.exists()
    r = c.post(reverse("skjema:videreforing"), {"forrige": str(last.pk)})
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


def test_the_owner_picks_the_uh_organisation_whose_member_then_edits_the_draft() -> None:
    eier = owner()
    u = draft(eier)
    nord = uh_organisation("Nord universitet")
    page = client(eier).get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    assert f'<option value="{nord.pk}">Nord universitet</option>' in page
    assert "Be Statsforvalteren om å invitere dem." in page
    assert 'name="epost"' not in page  # no address box: nobody gets access by a typed address
    r = client(eier).post(
        reverse("skjema:kompetansemiljo", args=[u.pk]), {"uh_virksomhet": nord.pk}
    )
    assert r.status_code == 302
    u.refresh_from_db()
    assert u.uh_virksomhet == nord

    ola = client(uh_member(nord))
    assert ola.get(reverse("skjema:utkast", args=[u.pk])).status_code == 200
    r = ola.post(reverse("skjema:lagre", args=[u.pk]), post_of(complete_record(), versjon="1"))
    assert r.status_code == 200
    u.refresh_from_db()
    assert u.versjon == 2 and u.data == complete_record().to_dict()
    # the UH member may not hand the draft to another organisation
    hinn = uh_organisation("Høgskolen i Innlandet")
    r = ola.post(reverse("skjema:kompetansemiljo", args=[u.pk]), {"uh_virksomhet": hinn.pk})
    assert r.status_code == 403
    # another UH organisation's member does not find it
    other = client(uh_member(hinn))
    assert other.get(reverse("skjema:utkast", args=[u.pk])).status_code == 404
    assert other.post(reverse("skjema:lagre", args=[u.pk]), {}).status_code == 404


def test_an_organisation_that_is_not_uh_cannot_be_chosen() -> None:
    eier = owner()
    u = draft(eier)
    vefsn = Virksomhet.objects.filter(type=Virksomhetstype.KOMMUNE).first()
    r = client(eier).post(
        reverse("skjema:kompetansemiljo", args=[u.pk]), {"uh_virksomhet": vefsn.pk}
    )
    assert r.status_code == 302
    u.refresh_from_db()
    assert u.uh_virksomhet is None


def test_the_uh_partner_sees_that_the_owner_sends_in_and_no_send_button() -> None:
    eier = owner()
    nord = uh_organisation()
    ola = uh_member(nord)
    u = draft(eier, complete_record())
    from behovsmelding.web.skjema import services

    services.choose_uh(u, nord, by=eier)
    for name in ("skjema:utkast", "skjema:se-over"):
        html = client(ola).get(reverse(name, args=[u.pk])).content.decode()
        assert "Klar til innsending – eieren sender inn." in html and 'id="send-inn"' not in html
    # The owner sends in from "Se over og send inn", the form's last step.
    assert 'id="send-inn"' in (
        client(eier).get(reverse("skjema:se-over", args=[u.pk])).content.decode()
    )
    assert 'id="send-inn"' not in (
        client(eier).get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    )
    r = client(ola).post(reverse("skjema:se-over", args=[u.pk]), {"versjon": u.versjon})
    assert r.status_code == 403
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST


def test_the_list_shows_each_drafts_tiltak_and_deleting_asks_first() -> None:
    eier = owner()
    u = draft(eier, complete_record())
    c = client(eier)
    html = c.get(reverse("skjema:mine")).content.decode()
    titles = [r["etikett"] for r in u.data["budsjett"]["rader"]]
    assert titles and all(t in html for t in titles)
    r = c.get(reverse("skjema:slett", args=[u.pk]))
    assert r.status_code == 200 and "Slette utkastet?" in r.content.decode()
    assert Utkast.objects.filter(pk=u.pk).exists()  # asking deletes nothing
    r = c.post(reverse("skjema:slett", args=[u.pk]))
    assert r.status_code == 302 and not Utkast.objects.filter(pk=u.pk).exists()


def test_the_receipt_file_name_keeps_the_letters_of_the_owners_name() -> None:
    eier = owner()
    u = draft(eier, complete_record())
    from behovsmelding.web.skjema import services

    services.submit(u, by=eier)
    r = client(eier).get(reverse("skjema:kvittering-pdf", args=[u.pk]))
    b"".join(r.streaming_content)  # type: ignore[attr-defined]
    r.close()
    # RFC 6266: the name in UTF-8 (filename*), and a plain-ASCII one for old clients.
    assert r["Content-Disposition"] == (
        'attachment; filename="kvittering-Bodo-kommune-2026.pdf"; '
        "filename*=UTF-8''kvittering-Bod%C3%B8-kommune-2026.pdf"
    )


def test_the_page_frame_and_the_error_pages_speak_nynorsk() -> None:
    eier = owner()
    c = client(eier)
    c.post(reverse("skjema:sprak"), {"language": "nn", "next": "/skjema/"})
    html = c.get(reverse("skjema:mine")).content.decode()
    assert "Hopp til hovudinnhaldet" in html and "Logg ut" in html and 'lang="nn"' in html
    r = c.get("/skjema/999999/")
    assert r.status_code == 404
    page = r.content.decode()
    assert "Fann ikkje sida" in page and "Til oversikta" in page and 'lang="nn"' in page
