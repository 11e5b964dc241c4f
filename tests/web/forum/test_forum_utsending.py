"""Letters go by e-mail through a real SMTP server (aiosmtpd on 127.0.0.1): the PDF attached,
to the recipient's official address with copies to the partners; every attempt is logged,
a failed one is retried and shown, and a sent letter shows in the records' history."""

from __future__ import annotations

import email
import email.policy
import html
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from brev_factories import brev_settings, nr_for, pdf_text, vedtak2026
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD

from behovsmelding.web.forum import brev, utsending
from behovsmelding.web.forum.models import Brev, Utsending, Versjon
from behovsmelding.web.models import Hendelse

pytestmark = pytest.mark.django_db
__all__ = ["brev_settings", "vedtak2026"]  # fixtures


@dataclass
class Mottatt:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Postkasse:
    """What the SMTP server received."""

    meldinger: list[Mottatt] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.meldinger.append(Mottatt(envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp(settings: Any) -> Iterator[Postkasse]:
    kasse = Postkasse()
    controller = Controller(kasse, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "behovsmelding@statsforvalteren.no"
    try:
        yield kasse
    finally:
        controller.stop()


def sb_client() -> Client:
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


def test_a_letter_arrives_by_smtp_with_the_pdf_attached(
    vedtak2026: Versjon, smtp: Postkasse
) -> None:
    heard: list[dict[str, Any]] = []

    def listener(sender: Any, **kw: Any) -> None:
        heard.append(kw)

    utsending.brev_sendt.connect(listener)
    try:
        nr = nr_for(vedtak2026, "Bodø kommune")
        response = sb_client().post(reverse("forum-brev-send", args=[vedtak2026.pk]), {"nr": nr})
    finally:
        utsending.brev_sendt.disconnect(listener)
    assert response.status_code == 302
    assert len(smtp.meldinger) == 1
    got = smtp.meldinger[0]
    # to the official address, with the partners' addresses as copies
    assert got.message["To"] == "postmottak@bodo.kommune.no"
    assert set(got.message["Cc"].addresses[i].addr_spec for i in range(2)) == {
        "post@lms.uis.no",
        "postmottak@nord.no",
    }
    assert set(got.rcpt_tos) == {
        "postmottak@bodo.kommune.no",
        "post@lms.uis.no",
        "postmottak@nord.no",
    }
    assert got.mail_from == "behovsmelding@statsforvalteren.no"
    assert got.message["Reply-To"] == "sfnopost@statsforvalteren.no"
    assert "Tildelingsbrev" in got.message["Subject"] and "Bodø kommune" in got.message["Subject"]
    body = got.message.get_body(preferencelist=("plain",))
    assert body is not None and "2026/1234-1" in body.get_content()
    # the PDF is attached, and it is the stored letter
    attachments = list(got.message.iter_attachments())
    assert len(attachments) == 1
    pdf = attachments[0]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename().endswith(".pdf")
    data = pdf.get_content()
    b = Brev.objects.get(versjon=vedtak2026, nr=nr)
    assert data.startswith(b"%PDF") and data == bytes(b.pdf)
    assert "Bodø kommune" in pdf_text(data)
    # logged: when, to whom, the message id, the result
    u = b.utsendinger.get()
    assert u.resultat == Utsending.Resultat.SENDT and u.forsok == 1
    assert u.til == ["postmottak@bodo.kommune.no"]
    assert set(u.kopi) == {"post@lms.uis.no", "postmottak@nord.no"}
    assert u.message_id and u.message_id == got.message["Message-ID"]
    assert b.sendt is not None
    # every behovsmelding the letter answers shows it in its history; the hook is called
    entries = Hendelse.objects.filter(type="behovsmelding.letter_sent")
    assert entries.count() == len(b.data["letter"]["behovsmeldinger"]) >= 1
    assert all("2026/1234-1" in e.beskrivelse for e in entries)
    assert heard and heard[0]["brev"] == b and heard[0]["behovsmeldinger"]
    # the page shows it as sent, and offers to send again
    page = sb_client().get(reverse("forum-brev", args=[vedtak2026.pk])).content.decode()
    assert "Sendt" in page and "Send på nytt" in page and html.escape(u.message_id) in page


def test_sending_all_sends_every_letter_once(vedtak2026: Versjon, smtp: Postkasse) -> None:
    c = sb_client()
    c.post(reverse("forum-brev-send", args=[vedtak2026.pk]))
    n = len(brev.brevmottakere(vedtak2026))
    assert len(smtp.meldinger) == n == Brev.objects.filter(sendt__isnull=False).count()
    # the rejection letter is among them, to Vefsn, with its UH partner in copy
    vefsn = [m for m in smtp.meldinger if m.message["To"] == "postmottak@vefsn.kommune.no"]
    assert len(vefsn) == 1 and "avslag" in vefsn[0].message["Subject"]
    assert "post@lms.uis.no" in vefsn[0].rcpt_tos
    c.post(reverse("forum-brev-send", args=[vedtak2026.pk]))  # nothing left to send
    assert len(smtp.meldinger) == n
    # resending one letter sends the same stored letter again, logged as a second attempt
    nr = nr_for(vedtak2026, "Vefsn kommune")
    c.post(reverse("forum-brev-send", args=[vedtak2026.pk]), {"nr": nr})
    assert len(smtp.meldinger) == n + 1
    b = Brev.objects.get(versjon=vedtak2026, nr=nr)
    assert [u.forsok for u in b.utsendinger.all()] == [1, 2]


def test_a_failed_send_is_retried_logged_shown_and_sent_later(
    vedtak2026: Versjon, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    settings.BREV_SEND_FORSOK = 3
    nr = nr_for(vedtak2026, "Bodø kommune")
    b = brev.lag_brev(vedtak2026, nr, by=None)
    pauses: list[float] = []
    settings.BREV_SEND_PAUSE = 1.5
    u = utsending.send_brev(b, by=None, sleep=pauses.append)
    assert u.resultat == Utsending.Resultat.FEILET
    assert [x.forsok for x in b.utsendinger.all()] == [1, 2, 3]
    assert all(x.resultat == "feilet" and x.feil for x in b.utsendinger.all())
    assert pauses == [1.5, 3.0]  # backoff doubles
    b.refresh_from_db()
    assert b.sendt is None
    assert not Hendelse.objects.filter(type="behovsmelding.letter_sent").exists()
    page = sb_client().get(reverse("forum-brev", args=[vedtak2026.pk])).content.decode()
    assert "Feilet" in page and "3 forsøk" in page
    # later the server is up: the command tries again and the letter goes
    kasse = Postkasse()
    controller = Controller(kasse, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_PORT = controller.port
        settings.BREV_SEND_PAUSE = 0
        call_command("send_brev", "--retry")
    finally:
        controller.stop()
    b.refresh_from_db()
    assert b.sendt is not None and len(kasse.meldinger) == 1
    assert b.utsendinger.last() is not None
    assert b.utsendinger.order_by("id").last().resultat == "sendt"  # type: ignore[union-attr]


def test_a_recipient_without_an_address_is_logged_as_failed(
    vedtak2026: Versjon, smtp: Postkasse
) -> None:
    from behovsmelding.web.models import Virksomhet

    Virksomhet.objects.filter(navn="Vefsn kommune").update(epost="")
    nr = nr_for(vedtak2026, "Vefsn kommune")
    [u] = utsending.send_vedtak(vedtak2026, by=None, nr=nr)
    assert u.resultat == "feilet"
    assert u.feil == "Mottakeren mangler e-postadresse i virksomhetsregisteret."
    assert smtp.meldinger == []
