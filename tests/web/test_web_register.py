"""Who is who (issue 11): what a person sees follows from the organisations they work for.

The exploits found on the old code are tests here: a document filed under another owner's
name, a record of an owner the register does not know, internal comments and the forum's
working history shown to the partnership, contact data in the forum's Excel.
"""

from __future__ import annotations

import io
from importlib import resources

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from web_factories import (
    PASSWORD,
    behovsmelding,
    caseworker,
    member,
    owner_of,
    record_dict,
    region,
    uh_of,
    user,
)

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import services
from behovsmelding.web.models import Behovsmelding, Hendelse, Rolle, Virksomhet

pytestmark = pytest.mark.django_db


def seed(prefix: str) -> services.InnkommendeFil:
    """A demo document as uploaded (the package's copies of the shared seeds)."""
    folder = resources.files("behovsmelding") / "demo_data"
    path = next(p for p in folder.iterdir() if p.name.startswith(prefix))
    return services.InnkommendeFil(path.name, path.read_bytes())


def client(u: object) -> Client:
    c = Client()
    assert c.login(username=u.username, password=PASSWORD)  # type: ignore[attr-defined]
    return c


def test_an_owner_cannot_file_a_document_in_another_owners_name() -> None:
    # Bodø's owner uploads Vefsn kommune's behovsmelding (seed 004 names Vefsn kommune).
    bodo = behovsmelding()  # Bodø kommune's partnership, its owner in the register
    eier_bodo = owner_of(bodo, username="eier-bodo")
    vefsn = behovsmelding(eier="Vefsn kommune")
    eier_vefsn = owner_of(vefsn, username="eier-vefsn")
    upload = services.receive_files([seed("004")], by=eier_bodo)
    bm = upload.filer.get().behovsmelding
    assert bm is not None
    assert bm.til_avklaring
    assert "Vefsn kommune" in bm.avklaring_grunn
    assert "Bodø kommune" in bm.avklaring_grunn
    # It stays with the uploader (who sees it, marked), never with the owner it names.
    assert bm.partnerskap_id == bodo.partnerskap_id
    assert client(eier_vefsn).get(reverse("detalj", args=[bm.pk])).status_code == 404
    html = client(eier_bodo).get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "Til avklaring" in html
    # The caseworker sees it held, apart from the totals.
    sb = client(caseworker(username="sb"))
    overview = sb.get(reverse("oversikt")).content.decode()
    assert "Til avklaring" in overview
    assert 'id="sum-avklaring"' in overview


def test_held_records_are_counted_apart_until_the_owner_is_settled() -> None:
    sb_user = caseworker(username="sb")
    known = services.receive_files([seed("004")], by=sb_user).filer.get().behovsmelding
    # Seed 003 names "Alstahaug, Leirfjord, Lurøy og Træna kommuner": no such owner in the
    # register, and its organisasjonsnummer is not there either.
    held = services.receive_files([seed("003")], by=sb_user).filer.get().behovsmelding
    assert known is not None and held is not None
    assert not known.til_avklaring
    assert known.partnerskap.virksomhet is not None
    assert known.partnerskap.virksomhet.navn == "Vefsn kommune"
    assert held.til_avklaring
    assert "Fant ikke eieren" in held.avklaring_grunn
    assert held.partnerskap.virksomhet is None  # no owner's user sees it meanwhile

    sb = client(sb_user)
    page = sb.get(reverse("oversikt")).content.decode()
    assert 'id="sum-avklaring">1 behovsmelding til avklaring' in page
    # The totals are the settled record's alone: seed 004's tiltak says "Sum totalt 229 900".
    assert 'id="sum-totalt">229\u00a0900\u00a0kr<' in page

    alstahaug = Virksomhet.objects.get(navn="Alstahaug kommune")
    r = sb.post(reverse("avklar-eier", args=[held.pk]), {"virksomhet": alstahaug.pk, "alias": "ja"})
    assert r.status_code == 302
    held.refresh_from_db()
    assert not held.til_avklaring
    assert held.partnerskap.virksomhet == alstahaug
    assert Hendelse.objects.filter(behovsmelding=held, handling="eier_avklart").exists()
    # The spelling is now an alias: the same owner's next document matches at once.
    rec = Record.from_dict(record_dict(eier="Alstahaug, Leirfjord, Lurøy og Træna kommuner"))
    again = services.create_behovsmelding(rec, by=sb_user, region=region())
    assert not again.til_avklaring
    assert again.partnerskap == held.partnerskap


def test_only_a_caseworker_settles_an_owner() -> None:
    sb_user = caseworker(username="sb")
    held = services.receive_files([seed("003")], by=sb_user).filer.get().behovsmelding
    assert held is not None
    forum = user(Rolle.FORUM, username="forum", region=region())
    alstahaug = Virksomhet.objects.get(navn="Alstahaug kommune")
    r = client(forum).post(reverse("avklar-eier", args=[held.pk]), {"virksomhet": alstahaug.pk})
    assert r.status_code == 403
    held.refresh_from_db()
    assert held.til_avklaring
    # A number far beyond any id is a clear refusal, not an error page.
    r = client(sb_user).post(reverse("avklar-eier", args=[held.pk]), {"virksomhet": "9" * 40})
    assert r.status_code == 302
    held.refresh_from_db()
    assert held.til_avklaring


def test_a_record_naming_an_owner_with_another_owners_number_is_held() -> None:
    sb_user = caseworker(username="sb")
    vefsn = Virksomhet.objects.get(navn="Vefsn kommune")
    data = record_dict()  # Bodø kommune ...
    data["kontaktpersoner"]["eier"]["orgnr"] = vefsn.orgnr  # ... with Vefsn's number
    bm = services.create_behovsmelding(Record.from_dict(data), by=sb_user, region=region())
    assert bm.til_avklaring
    assert "Vefsn kommune" in bm.avklaring_grunn


def test_owners_see_only_shared_comments_and_no_forum_work() -> None:
    bm = behovsmelding()
    eier = owner_of(bm, username="eier")
    sb_user = caseworker(username="sb")
    services.add_comment(bm, "INTERN: budsjettet virker høyt", by=sb_user)
    services.add_comment(bm, "DELT: send oss vedlegget", by=sb_user, delt=True)
    services.audit(
        "forum.innstilling",
        by=sb_user,
        bm=bm,
        felt="innstilling:Tiltak 1",
        before="PRIORITERT-MELLOMTALL",
        after="600 000 kr",
        beskrivelse="Innstilling for «Tiltak 1» – begrunnelse: FORUMETS-ARBEID",
    )
    html = client(eier).get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "DELT: send oss vedlegget" in html
    for hidden in ("INTERN: budsjettet", "FORUMETS-ARBEID", "PRIORITERT-MELLOMTALL"):
        assert hidden not in html
    staff = client(sb_user).get(reverse("detalj", args=[bm.pk])).content.decode()
    for shown in ("INTERN: budsjettet", "DELT: send oss", "FORUMETS-ARBEID"):
        assert shown in staff


def test_the_partnership_sees_the_decision_not_the_forums_work_in_a_real_round() -> None:
    """Through the forum's own services (not a hand-made history entry): a prioritisation
    changed twice with reasons and intermediate amounts, an innstilling, a vedtak. The owner's
    and the UH partner's page show the decision; the forum's steps, reasons and intermediate
    amounts and the internal comment are only on the caseworker's and the forum's."""
    import datetime as dt

    from behovsmelding import forum_calc
    from behovsmelding.web.forum import services as forum

    bm = behovsmelding()
    sb_user = caseworker(bm.region, username="sb")
    services.add_comment(bm, "INTERN-KOMMENTAR om eierens budsjett", by=sb_user)
    r = forum.opprett_runde(
        bm.region, bm.aar, frist=dt.date(bm.aar, 2, 1), innstilling_frist=dt.date(bm.aar, 3, 1),
        by=sb_user,
    )  # fmt: skip
    forum.sett_ramme(r, navn="", ordning="kompetanseloftet", sektor="", belop=10**8, by=sb_user)
    posts = list(r.poster.all())
    assert posts
    for amount, reason in ((123_456, "MELLOMARBEID-EN"), (None, "MELLOMARBEID-TO")):
        for p in posts:
            forum.sett_prioritering(
                p,
                status=forum_calc.PRIORITERT,
                eier=[amount if amount is not None else p.soekt_eier],
                uh=[p.soekt_uh],
                begrunnelse=reason,
                by=sb_user,
            )
    forum.fullfor_innstilling(r, by=sb_user)
    forum.vedtak_som_innstilt(r, by=sb_user)
    forum.fullfor_vedtak(r, by=sb_user)
    hidden = ("INTERN-KOMMENTAR", "MELLOMARBEID-EN", "MELLOMARBEID-TO", "123\u00a0456", "123 456")
    for who in (owner_of(bm, username="eier"), uh_of(bm, username="uh")):
        html = client(who).get(reverse("detalj", args=[bm.pk])).content.decode()
        assert "Vedtak fattet" in html, who.username
        for text in hidden:
            assert text not in html, (who.username, text)
    staff = client(sb_user).get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "INTERN-KOMMENTAR" in staff and "MELLOMARBEID-TO" in staff


def test_a_comment_is_internal_unless_shared_through_the_form() -> None:
    bm = behovsmelding()
    sb = client(caseworker(username="sb"))
    sb.post(reverse("kommenter", args=[bm.pk]), {"tekst": "første"})
    sb.post(reverse("kommenter", args=[bm.pk]), {"tekst": "andre", "delt": "ja"})
    assert [(k.tekst, k.delt) for k in bm.kommentarer.all()] == [
        ("første", False),
        ("andre", True),
    ]


INVALID_CONTACTS = {
    "telefon": "12 34",
    "epost": "ola.nordmann@kommune",
    "kontonr": "1234.56.78901",
}


def test_the_forums_excel_has_no_contact_data_even_in_findings() -> None:
    data = record_dict()
    data["kontaktpersoner"]["eier"].update(INVALID_CONTACTS)
    rec = Record.from_dict(data)
    sb_user = caseworker(username="sb")
    bm = services.create_behovsmelding(rec, by=sb_user, region=region())
    assert bm.innhold.funn, "the invalid contact data gives findings quoting it"
    forum = user(Rolle.FORUM, username="forum", region=region())

    def sheet_text(u: object, only: str = "") -> str:
        r = client(u).get(reverse("eksport-excel"))
        wb = load_workbook(io.BytesIO(r.content))
        sheets = [wb[only]] if only else list(wb)
        return "\n".join(
            str(v) for ws in sheets for row in ws.iter_rows(values_only=True) for v in row if v
        )

    forum_text = sheet_text(forum)
    for value in INVALID_CONTACTS.values():
        assert value not in forum_text
    # The caseworker's "Funn" sheet quotes them (so the forum's absence is the redaction's
    # doing, in the findings and not only in the contact columns).
    staff_funn = sheet_text(sb_user, only="Funn")
    assert all(value in staff_funn for value in INVALID_CONTACTS.values())
    assert sheet_text(forum, only="Funn")  # the forum's Excel has the sheet, redacted


def test_membership_not_names_decide_what_a_uh_person_sees() -> None:
    # A UH organisation's member sees the records naming their institution; a record naming
    # it is not visible to another UH organisation's member, and nothing else is.
    own = behovsmelding()  # UH "Høgskolen i Innlandet/ SePU"
    other = behovsmelding(eier="Vefsn kommune", uh="Nord universitet")
    hinn = own.institusjon
    assert hinn is not None and hinn.virksomhet is not None
    nord = other.institusjon
    assert nord is not None and nord.virksomhet is not None
    uh_user = user(Rolle.UH, username="uh", institusjon=hinn)
    c = client(uh_user)
    assert c.get(reverse("detalj", args=[own.pk])).status_code == 200
    assert c.get(reverse("detalj", args=[other.pk])).status_code == 404
    assert [r["eier"] for r in c.get(reverse("eksport-json")).json()] == ["Bodø kommune"]
    assert Behovsmelding.objects.count() == 2


def test_a_caseworker_links_an_unknown_uh_spelling_and_its_members_then_see_the_record() -> None:
    bm = behovsmelding(uh="Fjellvik kompetansesenter for lesing")  # no alias knows it
    assert bm.institusjon is not None and bm.institusjon.virksomhet is None
    nord = Virksomhet.objects.get(navn="Nord universitet")
    nord_member = user(None, username="nord")
    member(nord_member, nord)
    c = client(nord_member)
    assert c.get(reverse("detalj", args=[bm.pk])).status_code == 404
    sb = client(caseworker(username="sb"))
    page = sb.get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "Ukjent UH-partner" in page
    assert sb.post(reverse("koble-uh", args=[bm.pk]), {"virksomhet": nord.pk}).status_code == 302
    assert c.get(reverse("detalj", args=[bm.pk])).status_code == 200
    # the spelling is remembered: the next record with it has Nord as its partner at once
    again = behovsmelding(uh="Fjellvik kompetansesenter for lesing", tittel="Neste")
    assert again.institusjon is not None and again.institusjon.virksomhet == nord
