"""The receipt names a reference number and the recipient; the caseworkers find the record by
the reference; the receipt and the confirmation e-mail speak the language the person chose
for the form; the invitation e-mail the organisation's written standard."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from skjema_factories import complete_record, draft, owner, save
from web_factories import PASSWORD, behovsmelding, caseworker, region

from behovsmelding.web import medlemskap, referanse
from behovsmelding.web.models import Behovsmelding, Hendelse, Virksomhet, Virksomhetstype
from behovsmelding.web.register import partnerskap_for_virksomhet
from behovsmelding.web.skjema import services
from behovsmelding.web.skjema.models import Utkast

pytestmark = pytest.mark.django_db


def client(user: Any, sprak: str = "nb") -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    if sprak == "nn":
        c.post(reverse("skjema:sprak"), {"language": "nn", "next": "/skjema/"})
    return c


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def downloaded(c: Client, u: Utkast) -> bytes:
    r = c.get(reverse("skjema:kvittering-pdf", args=[u.pk]))
    assert r.status_code == 200
    body = b"".join(r.streaming_content)  # type: ignore[attr-defined]
    # Closing the response ends the request, which would close the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        r.close()
    finally:
        request_finished.connect(close_old_connections)
    return body


def send_in(c: Client, u: Utkast) -> Any:
    """ "Send inn" on the page (a fresh login, so no password is asked again)."""
    data = {"handling": "send", "versjon": str(u.versjon)}
    from skjema_factories import post_of

    data.update(post_of(complete_record()))
    return c.post(reverse("skjema:utkast", args=[u.pk]), data)


# --- the reference number ----------------------------------------------------------------------


def test_the_check_digit_is_luhns() -> None:
    # The worked example of the Luhn algorithm (ISO/IEC 7812-1): 7992739871 → 3.
    assert referanse.check_digit("7992739871") == 3
    # 00123: 3·2 + 2 + 1·2 = 10 → 0.
    assert referanse.referanse(123) == "BM-00123-0"
    assert referanse.referanse(1234567) == "BM-1234567-4"


@pytest.mark.parametrize(
    ("typed", "pk"),
    [
        ("BM-00123-0", 123),
        ("bm-00123-0", 123),
        (" BM 00123 0 ", 123),
        ("BM001230", 123),
        ("BM-00123-1", None),  # wrong check digit
        ("BM-00213-0", None),  # two digits swapped
        ("BM-00123", None),  # 0012 with check digit 3 is not it either
        ("00123-0", None),
        ("lesing", None),
    ],
)
def test_a_typed_reference_names_one_record_or_none(typed: str, pk: int | None) -> None:
    assert referanse.parse(typed) == pk


def test_the_reference_is_on_the_receipt_page_the_pdf_and_finds_the_record(
    django_capture_on_commit_callbacks: Any,
) -> None:
    behovsmelding(name="sample_a_2024_bodo", aar=2025)  # another record of the same owner
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    c = client(eier)
    with django_capture_on_commit_callbacks(execute=True):
        r = send_in(c, u)
    assert r.status_code == 302 and r["Location"] == reverse("skjema:kvittering", args=[u.pk])
    u.refresh_from_db()
    assert u.behovsmelding is not None
    ref = f"BM-{u.behovsmelding.pk:05d}-{referanse.check_digit(f'{u.behovsmelding.pk:05d}')}"
    html = c.get(reverse("skjema:kvittering", args=[u.pk])).content.decode()
    assert re.search(rf'id="referanse">{ref}<', html)
    assert f"Referanse: {ref}" in pdf_text(downloaded(c, u))
    assert ref in c.get(reverse("skjema:mine")).content.decode()  # the list of sent ones

    # The caseworker's search: the reference finds exactly this record, a mistyped one none.
    sb = client(caseworker())
    found = sb.get(reverse("oversikt"), {"q": ref}).content.decode()
    links = set(re.findall(r'href="/behovsmeldinger/(\d+)/"', found))
    assert links == {str(u.behovsmelding.pk)}
    wrong = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    missed = sb.get(reverse("oversikt"), {"q": wrong}).content.decode()
    assert not re.findall(r'href="/behovsmeldinger/(\d+)/"', missed)
    detail = sb.get(reverse("detalj", args=[u.behovsmelding.pk])).content.decode()
    assert f"Referanse: {ref}" in detail


# --- the recipient -------------------------------------------------------------------------------


def test_the_recipient_is_statsforvalteren_of_the_owners_region() -> None:
    troms = region("Troms")
    v = Virksomhet.objects.create(
        navn="Fjellvik kommune", type=Virksomhetstype.KOMMUNE, region=troms
    )
    eier = owner(partnerskap_for_virksomhet(troms, v))
    rec = complete_record(eier="Fjellvik kommune")
    u = save(draft(eier, rec), rec, by=eier)
    services.submit(u, by=eier, sprak="nb")
    c = client(eier)
    html = c.get(reverse("skjema:kvittering", args=[u.pk])).content.decode()
    assert 'id="mottaker">Statsforvalteren i Troms<' in html
    assert "Mottaker: Statsforvalteren i Troms" in pdf_text(downloaded(c, u))


# --- nynorsk -----------------------------------------------------------------------------------


def test_in_nynorsk_the_receipt_and_the_confirmation_email_are_nynorsk(
    django_capture_on_commit_callbacks: Any,
) -> None:
    eier = owner()
    eier.email = "kari@bodo.kommune.no"
    eier.save()
    u = save(draft(eier), complete_record(), by=eier)
    c = client(eier, "nn")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_in(c, u).status_code == 302
    u.refresh_from_db()
    assert u.behovsmelding is not None and u.sendt is not None
    ref = referanse.referanse(u.behovsmelding.pk)

    page = c.get(reverse("skjema:kvittering", args=[u.pk])).content.decode()
    assert '<html lang="nn"' in page and "Behovsmeldinga er send inn" in page
    assert "Mottakar" in page and 'id="mottaker">Statsforvaltaren i Nordland<' in page

    text = pdf_text(downloaded(c, u))
    sendt = timezone.localtime(u.sendt)
    assert f"behovsmeldinga er send inn på nett {sendt:%-d.%-m.%Y} kl. {sendt:%H:%M:%S}" in text
    assert f"Referanse: {ref}" in text and "Mottakar: Statsforvaltaren i Nordland" in text
    assert "Kontaktpersonar" in text and "3. Eigaren sin eigeninnsats" in text
    assert "Kontaktpersoner" not in text and "Statsforvalteren" not in text

    assert len(mail.outbox) == 1
    m = mail.outbox[0]
    assert m.to == ["kari@bodo.kommune.no"]
    assert m.subject == f"Behovsmeldinga er send inn – referanse {ref}"
    assert "er send inn til Statsforvaltaren i Nordland" in m.body
    assert f"Referanse: {ref}" in m.body
    assert f"http://testserver{reverse('skjema:kvittering', args=[u.pk])}" in m.body
    assert "behovsmeldingen" not in m.body.lower()  # no bokmål left
    entry = Hendelse.objects.get(type="behovsmelding.sent_in")
    assert entry.detaljer["sprak"] == "nn" and entry.detaljer["referanse"] == ref


def test_in_bokmaal_the_confirmation_email_is_bokmaal(
    django_capture_on_commit_callbacks: Any,
) -> None:
    eier = owner()
    eier.email = "kari@bodo.kommune.no"
    eier.save()
    u = save(draft(eier), complete_record(), by=eier)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_in(client(eier), u).status_code == 302
    bm = Behovsmelding.objects.get()
    [m] = mail.outbox
    assert m.subject == f"Behovsmeldingen er sendt inn – referanse {referanse.referanse(bm.pk)}"
    assert "er sendt inn til Statsforvalteren i Nordland" in m.body


def test_a_mail_server_that_fails_does_not_undo_the_submission(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(services, "send_mail", fail)
    eier = owner()
    eier.email = "kari@bodo.kommune.no"
    eier.save()
    u = save(draft(eier), complete_record(), by=eier)
    with django_capture_on_commit_callbacks(execute=True):
        bm = services.submit(u, by=eier)
    u.refresh_from_db()
    assert u.sendt_inn and u.behovsmelding == bm
    assert bm.hendelser.filter(type="behovsmelding.receipt_mail_failed").exists()


@pytest.mark.parametrize(
    ("maalform", "subject", "phrase"),
    [
        ("nb", "Invitasjon til Fjellvik kommune – behovsmeldinger", "Statsforvalterens løsning"),
        ("nn", "Invitasjon til Fjellvik kommune – behovsmeldingar", "Statsforvaltaren si løysing"),
    ],
)
def test_the_invitation_is_in_the_organisations_written_standard(
    maalform: str, subject: str, phrase: str
) -> None:
    org = Virksomhet.objects.create(
        navn="Fjellvik kommune",
        type=Virksomhetstype.KOMMUNE,
        region=region("Nordland"),
        maalform=maalform,
    )
    medlemskap.invite(org, "ola@fjellvik.no", by=caseworker(region("Nordland")))
    [m] = mail.outbox
    assert m.subject == subject and phrase in m.body
    if maalform == "nn":
        assert "Lenkja kan brukast éin gong" in m.body and "ikke" not in m.body
