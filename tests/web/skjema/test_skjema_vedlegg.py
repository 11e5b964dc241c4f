"""Attachments to the owners' form: budget files per tiltak or for the whole behovsmelding.

The rules (issue 14, docs/skjema.md): PDF, XLSX, DOCX and ODS, told by the content and not by
the name; at most BEHOVSMELDING_VEDLEGG_MAKS_MB each and BEHOVSMELDING_VEDLEGG_MAKS_ANTALL per
draft; stored like the originals under a generated name; who writes in the draft adds and
removes them until it is sent in; they follow the draft into the behovsmelding, where those who
see it (not the forum) download them; listed on the receipt; every change audited.
"""

from __future__ import annotations

import io
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from skjema_factories import complete_record, draft, owner, partnerskap, save, uh_member
from vedlegg_factories import docx, ods, pdf, plain_zip, upload, xlsx
from web_factories import PASSWORD, caseworker, region, user

from behovsmelding.web import services as web_services
from behovsmelding.web.models import Hendelse, Rolle
from behovsmelding.web.skjema import services
from behovsmelding.web.skjema.models import Utkast, Vedlegg

pytestmark = pytest.mark.django_db

ROW = "budsjett.rader"
TILTAK_1 = "Tiltak 1: Kvalitetsutvikling kommunale bhg."  # the Bodø sample's first budget row
TILTAK_2 = "Tiltak 2: Trygt og godt skolemiljø"


def client(u: Any) -> Client:
    c = Client()
    assert c.login(username=u.username, password=PASSWORD)
    return c


def post_file(c: Client, u: Utkast, name: str, data: bytes, rad: str = "", **headers: str) -> Any:
    return c.post(
        reverse("skjema:vedlegg-last-opp", args=[u.pk]),
        {"fil": SimpleUploadedFile(name, data), "gjelder": rad},
        headers=headers,
    )


def stored_files(settings: Any) -> list[Path]:
    folder = Path(settings.ORIGINALS_DIR)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def eier() -> Any:
    return owner()


@pytest.fixture
def utkast(eier: Any) -> Utkast:
    return draft(eier, complete_record())


# --- uploading ---------------------------------------------------------------------------------


def test_owner_attaches_a_budget_to_a_tiltak_and_one_to_the_whole_report(
    eier: Any, utkast: Utkast, settings: Any
) -> None:
    c = client(eier)
    first = utkast.rader[ROW][0]
    budget = xlsx()
    r = post_file(c, utkast, "Budsjett tiltak 1.xlsx", budget, rad=first)
    assert r.status_code == 302 and r["Location"].endswith(f"/skjema/{utkast.pk}/#vedlegg")
    r = post_file(c, utkast, "Samlet budsjett.pdf", pdf())
    assert r.status_code == 302

    rows = list(Vedlegg.objects.filter(utkast=utkast).order_by("id"))
    assert [(v.filnavn, v.filtype, v.rad) for v in rows] == [
        ("Budsjett tiltak 1.xlsx", "xlsx", first),
        ("Samlet budsjett.pdf", "pdf", ""),
    ]
    # Stored like the originals: in the originals' folder, under a generated name, byte for byte.
    v = rows[0]
    path = Path(settings.ORIGINALS_DIR) / v.lagret_som
    assert path.read_bytes() == budget
    assert "Budsjett" not in v.lagret_som and v.lagret_som.endswith(".xlsx")
    assert v.storrelse == len(budget) and v.lastet_opp_av == eier

    page = c.get(reverse("skjema:utkast", args=[utkast.pk])).content.decode()
    assert "Budsjett tiltak 1.xlsx" in page and "Samlet budsjett.pdf" in page
    assert TILTAK_1 in page.split('id="vedlegg"')[1]
    assert "Hele behovsmeldingen" in page.split('id="vedlegg"')[1]

    events = Hendelse.objects.filter(type="utkast.attachment_added").order_by("id")
    assert [(h.bruker, h.etter_verdi, h.detaljer["utkast"]) for h in events] == [
        (eier, "Budsjett tiltak 1.xlsx", utkast.pk),
        (eier, "Samlet budsjett.pdf", utkast.pk),
    ]


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("budsjett.pdf", pdf, "pdf"),
        ("budsjett.xlsx", xlsx, "xlsx"),
        ("budsjett.docx", docx, "docx"),
        ("budsjett.ods", ods, "ods"),
        ("BUDSJETT.PDF", pdf, "pdf"),
    ],
)
def test_each_allowed_kind_is_accepted_by_its_content(
    eier: Any, utkast: Utkast, name: str, make: Any, kind: str
) -> None:
    assert post_file(client(eier), utkast, name, make()).status_code == 302
    assert Vedlegg.objects.get(utkast=utkast).filtype == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("budsjett.pdf", b"<html><script>alert(1)</script></html>"),  # a web page named .pdf
        ("budsjett.xlsx", b"MZ\x90\x00\x03" + b"\x00" * 200),  # a program named .xlsx
        ("budsjett.docx", plain_zip()),  # a zip, but no Word document in it
        ("budsjett.docx", docx(macros=True)),  # a document with macros (docm)
        ("budsjett.ods", ods("application/vnd.oasis.opendocument.text")),  # a text, not a sheet
        ("budsjett.csv", b"Post;Eier;UH\nSamlinger;20000;50000\n"),
        ("budsjett.pdf", b"PK\x03\x04 not really a zip"),
    ],
)
def test_a_file_that_only_pretends_to_be_allowed_is_refused(
    eier: Any, utkast: Utkast, settings: Any, name: str, data: bytes
) -> None:
    r = post_file(client(eier), utkast, name, data)
    assert r.status_code == 400
    html = r.content.decode()
    assert f"«{name}» kan ikke lastes opp" in html
    assert 'aria-invalid="true"' in html and 'id="vedlegg-feil"' in html
    assert not Vedlegg.objects.exists()
    assert stored_files(settings) == []


def test_an_allowed_file_with_the_name_of_another_kind_is_refused(
    eier: Any, utkast: Utkast, settings: Any
) -> None:
    r = post_file(client(eier), utkast, "budsjett.pdf", xlsx())
    assert r.status_code == 400
    assert "«budsjett.pdf» er en Excel (XLSX)-fil, men navnet slutter på «.pdf»" in (
        r.content.decode()
    )
    assert not Vedlegg.objects.exists() and stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_not(
    eier: Any, utkast: Utkast, settings: Any
) -> None:
    settings.BEHOVSMELDING_VEDLEGG_MAKS_MB = 1
    limit = 1024 * 1024
    c = client(eier)
    r = post_file(c, utkast, "stor.pdf", pdf(limit + 1))
    assert r.status_code == 400
    assert "et vedlegg kan være på høyst 1 MB" in r.content.decode()
    assert not Vedlegg.objects.exists() and stored_files(settings) == []
    assert post_file(c, utkast, "akkurat.pdf", pdf(limit)).status_code == 302
    assert Vedlegg.objects.get().storrelse == limit


def test_an_empty_file_and_no_file_are_refused_with_a_message(eier: Any, utkast: Utkast) -> None:
    c = client(eier)
    assert "«tom.pdf» er tom." in post_file(c, utkast, "tom.pdf", b"").content.decode()
    r = c.post(reverse("skjema:vedlegg-last-opp", args=[utkast.pk]), {"gjelder": ""})
    assert r.status_code == 400 and "Velg en fil å laste opp." in r.content.decode()
    assert not Vedlegg.objects.exists()


def test_no_more_than_the_maximum_number_of_attachments(
    eier: Any, utkast: Utkast, settings: Any
) -> None:
    settings.BEHOVSMELDING_VEDLEGG_MAKS_ANTALL = 2
    c = client(eier)
    assert post_file(c, utkast, "a.pdf", pdf()).status_code == 302
    assert post_file(c, utkast, "b.pdf", pdf()).status_code == 302
    r = post_file(c, utkast, "c.pdf", pdf())
    assert r.status_code == 400
    assert "Behovsmeldingen har allerede 2 vedlegg" in r.content.decode()
    assert Vedlegg.objects.count() == 2 and len(stored_files(settings)) == 2


def test_a_tiltak_the_budget_does_not_have_is_refused(eier: Any, utkast: Utkast) -> None:
    r = post_file(client(eier), utkast, "a.pdf", pdf(), rad="r-finnes-ikke")
    assert r.status_code == 400 and "Tiltaket finnes ikke lenger" in r.content.decode()


def test_the_page_script_gets_only_the_attachments_part_back(eier: Any, utkast: Utkast) -> None:
    r = post_file(client(eier), utkast, "a.pdf", pdf(), **{"X-Vedlegg-Del": "1"})
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith('<section class="ds-card vedlegg" id="vedlegg"')
    assert "«a.pdf» er lastet opp." in html and 'id="skjema"' not in html
    bad = post_file(client(eier), utkast, "b.pdf", b"text", **{"X-Vedlegg-Del": "1"})
    assert bad.status_code == 400 and "«b.pdf» kan ikke lastes opp" in bad.content.decode()


def test_an_attachment_stays_with_its_tiltak_when_a_row_above_is_removed(
    eier: Any, utkast: Utkast
) -> None:
    second = utkast.rader[ROW][1]
    upload(utkast, eier, "tiltak2.pdf", rad=second)
    rec = complete_record()
    del rec.budsjett.rader[0]
    save(utkast, rec, by=eier)
    page = client(eier).get(reverse("skjema:utkast", args=[utkast.pk])).content.decode()
    part = page.split('id="vedlegg"')[1]
    assert "tiltak2.pdf" in part and TILTAK_2 in part and TILTAK_1 not in part


def test_the_uh_partner_who_writes_in_the_draft_attaches_too(eier: Any, utkast: Utkast) -> None:
    uh = uh_member()
    assert post_file(client(uh), utkast, "uh.pdf", pdf()).status_code == 404  # not chosen yet
    from behovsmelding.web import access as web_access

    services.choose_uh(utkast, web_access.uh_virksomheter(uh)[0], by=eier)
    assert post_file(client(uh), utkast, "uh.pdf", pdf()).status_code == 302
    assert Vedlegg.objects.get().lastet_opp_av == uh


# --- deleting ----------------------------------------------------------------------------------


def test_owner_deletes_an_attachment_and_its_file(
    eier: Any, utkast: Utkast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    v = upload(utkast, eier, "feil fil.pdf")
    path = Path(settings.ORIGINALS_DIR) / v.lagret_som
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client(eier).post(reverse("skjema:vedlegg-slett", args=[v.pk]))
    assert r.status_code == 302
    assert not Vedlegg.objects.exists() and not path.exists()
    h = Hendelse.objects.get(type="utkast.attachment_removed")
    assert h.bruker == eier and h.for_verdi == "feil fil.pdf"


def test_deleting_a_draft_deletes_its_attachments_files(
    eier: Any, utkast: Utkast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(utkast, eier, "a.pdf")
    upload(utkast, eier, "b.xlsx", xlsx())
    assert len(stored_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_draft(utkast, by=eier)
    assert not Vedlegg.objects.exists() and stored_files(settings) == []


# --- after submission ---------------------------------------------------------------------------


@pytest.fixture
def sendt(eier: Any, utkast: Utkast) -> tuple[Utkast, Vedlegg, Vedlegg]:
    a = upload(utkast, eier, "Budsjett Bodø – tiltak 1.xlsx", xlsx(), rad=utkast.rader[ROW][0])
    b = upload(utkast, eier, "Samlet.pdf", pdf(3000))
    services.submit(utkast, by=eier)
    utkast.refresh_from_db()
    return utkast, a, b


def test_attachments_follow_the_draft_into_the_behovsmelding(
    sendt: tuple[Utkast, Vedlegg, Vedlegg],
) -> None:
    u, a, b = sendt
    assert u.behovsmelding is not None
    assert set(u.behovsmelding.skjema_vedlegg.values_list("pk", flat=True)) == {a.pk, b.pk}


def test_after_submission_attachments_cannot_be_added_or_deleted(
    eier: Any, sendt: tuple[Utkast, Vedlegg, Vedlegg], settings: Any
) -> None:
    u, a, _b = sendt
    c = client(eier)
    files_before = stored_files(settings)
    assert post_file(c, u, "sent.pdf", pdf()).status_code == 403
    assert c.post(reverse("skjema:vedlegg-slett", args=[a.pk])).status_code == 403
    assert Vedlegg.objects.filter(utkast=u).count() == 2
    assert stored_files(settings) == files_before
    page = c.get(reverse("skjema:utkast", args=[u.pk])).content.decode()
    assert 'id="vedlegg-fil"' not in page and "Samlet.pdf" in page  # listed, read-only


def download(c: Client, pk: int) -> Any:
    r = c.get(reverse("skjema:vedlegg", args=[pk]))
    if r.status_code == 200:
        r.body = b"".join(r.streaming_content)
    return r


def test_the_caseworker_downloads_the_attachments_of_the_submitted_behovsmelding(
    sendt: tuple[Utkast, Vedlegg, Vedlegg],
) -> None:
    u, a, _b = sendt
    sb = caseworker(region())
    detail = client(sb).get(reverse("detalj", args=[u.behovsmelding_id])).content.decode()
    assert "Budsjett Bodø – tiltak 1.xlsx" in detail and TILTAK_1 in detail
    assert reverse("skjema:vedlegg", args=[a.pk]) in detail
    r = download(client(sb), a.pk)
    assert r.status_code == 200
    assert r.body == xlsx_bytes_of(a)
    assert r["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert r["X-Content-Type-Options"] == "nosniff"
    cd = r["Content-Disposition"]
    assert cd.startswith("attachment;")
    # RFC 6266 / 5987: the name with its letters, percent-encoded as UTF-8.
    assert "filename*=utf-8''" + urllib.parse.quote("Budsjett Bodø – tiltak 1.xlsx") in cd


def xlsx_bytes_of(v: Vedlegg) -> bytes:
    from behovsmelding.web.skjema.vedlegg import path_of

    return path_of(v).read_bytes()


def test_others_cannot_download_and_the_forum_is_refused(
    eier: Any, sendt: tuple[Utkast, Vedlegg, Vedlegg]
) -> None:
    _u, a, _b = sendt
    assert download(client(eier), a.pk).status_code == 200
    other_owner = owner(partnerskap("Vefsn kommune"))
    assert download(client(other_owner), a.pk).status_code == 404
    assert download(client(caseworker(region("Troms"))), a.pk).status_code == 404
    assert download(client(user(None)), a.pk).status_code == 404
    forum = user(Rolle.FORUM, region=region())
    assert download(client(forum), a.pk).status_code == 403
    bm_id = Vedlegg.objects.get(pk=a.pk).behovsmelding_id
    page = client(forum).get(reverse("detalj", args=[bm_id]))
    html = page.content.decode()
    assert "Budsjett Bodø – tiltak 1.xlsx" in html  # the name, without a link
    assert reverse("skjema:vedlegg", args=[a.pk]) not in html
    assert Client().get(reverse("skjema:vedlegg", args=[a.pk])).status_code == 302  # log in


def test_a_draft_attachment_is_not_for_the_caseworker_yet(eier: Any, utkast: Utkast) -> None:
    v = upload(utkast, eier)
    assert download(client(eier), v.pk).status_code == 200
    assert download(client(caseworker(region())), v.pk).status_code == 404
    assert download(client(owner(partnerskap("Vefsn kommune"))), v.pk).status_code == 404


def test_the_receipt_lists_the_attachments_with_name_size_and_tiltak(
    sendt: tuple[Utkast, Vedlegg, Vedlegg],
) -> None:
    u, a, b = sendt
    assert u.kvittering is not None
    pdf_bytes = web_services.original_path(u.kvittering).read_bytes()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf_bytes)).pages
    )
    assert "Vedlegg sendt inn med behovsmeldingen (2)" in text
    kb = round(b.storrelse / 1024)  # 3000 bytes are 3 kB
    assert f"Budsjett Bodø – tiltak 1.xlsx ({max(1, round(a.storrelse / 1024))} kB)" in text
    assert f"{TILTAK_1}" in text.split("Budsjett Bodø – tiltak 1.xlsx")[1]
    assert f"Samlet.pdf ({kb} kB) – Hele behovsmeldingen" in text


def test_a_receipt_without_attachments_says_nothing_of_them(eier: Any, utkast: Utkast) -> None:
    services.submit(utkast, by=eier)
    utkast.refresh_from_db()
    assert utkast.kvittering is not None
    pdf_bytes = web_services.original_path(utkast.kvittering).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "Vedlegg sendt inn" not in text


def test_the_receipt_lists_attachments_in_the_senders_language(eier: Any, utkast: Utkast) -> None:
    from django.utils import translation

    upload(utkast, eier, "samlet.pdf")
    with translation.override("nn"):
        services.submit(utkast, by=eier)
    utkast.refresh_from_db()
    assert utkast.kvittering is not None
    pdf_bytes = web_services.original_path(utkast.kvittering).read_bytes()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf_bytes)).pages
    )
    # The receipt is in the language the form was sent in (nynorsk here), its attachments too.
    assert "Vedlegg sende inn med behovsmeldinga (1):" in text
    assert "samlet.pdf (1 kB) – Heile behovsmeldinga" in text
