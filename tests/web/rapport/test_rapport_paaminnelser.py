"""Reminders before and after the report's deadline: which are due when, each sent once, to
the partnership's people, audited; sent through a real SMTP server (aiosmtpd) by the task
queue's own worker (``manage.py db_worker``)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks.backends.database.models import DBTaskResult
from rapport_factories import utfylt, verden
from test_web_bakgrunn import DATABASE, Workers

from behovsmelding.web.models import Hendelse
from behovsmelding.web.rapport import paaminnelser, services
from behovsmelding.web.rapport.models import Paaminnelse

FRIST = dt.date(2025, 11, 1)


@dataclass
class Postkasse:
    """What the SMTP server received: (envelope recipients, the message)."""

    meldinger: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.meldinger.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _due(d: dt.date) -> list[tuple[str, str, int]]:
    return sorted((f.rapport.partnerskap.navn, f.type, f.dager) for f in paaminnelser.forfalte(d))


@pytest.mark.django_db
def test_which_reminder_is_due_when() -> None:
    verden(frist=FRIST)
    both = ["Bodø kommune", "Vefsn kommune"]
    assert _due(dt.date(2025, 9, 1)) == []  # 61 days before
    assert _due(dt.date(2025, 9, 2)) == [(n, "foer", 60) for n in both]
    assert _due(dt.date(2025, 10, 17)) == [(n, "foer", 60) for n in both]
    assert _due(dt.date(2025, 10, 18)) == [(n, "foer", 14) for n in both]
    assert _due(dt.date(2025, 10, 31)) == [(n, "foer", 14) for n in both]
    assert _due(FRIST) == []  # the deadline day: not late yet
    assert _due(dt.date(2025, 11, 7)) == []
    assert _due(dt.date(2025, 11, 8)) == [(n, "etter", 7) for n in both]


@pytest.mark.django_db
def test_a_report_sent_in_gets_no_reminder_and_a_round_opened_late_no_early_one() -> None:
    w = verden(frist=FRIST, paaminnelser_foer=[60, 14], paaminnelse_etter=0)
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    services.send_inn(r, by=w.eier)
    assert _due(dt.date(2025, 10, 20)) == [("Vefsn kommune", "foer", 14)]
    assert _due(dt.date(2025, 12, 1)) == []  # no reminder after the deadline (0)


@pytest.mark.django_db
def test_each_reminder_is_sent_once_to_the_partnerships_people_and_audited(
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    w = verden(frist=FRIST)
    assert paaminnelser.send_alle(dt.date(2025, 10, 20)) == 2
    assert paaminnelser.send_alle(dt.date(2025, 10, 21)) == 0
    bodo = next(m for m in mail.outbox if "Bodø kommune" in m.body)
    assert sorted(bodo.to) == ["eier@bodo.example.no", "uh@nord.example.no"]
    assert bodo.subject == "Påminnelse: rapport for 2024 innen 01.11.2025"
    assert "innen 01.11.2025 (om 14 dager)" in bodo.body
    assert f"/rapport/{w.rapport.pk}/" in bodo.body
    assert len(mail.outbox) == 2
    vefsn = next(m for m in mail.outbox if "Vefsn kommune" in m.body)
    assert vefsn.to == ["postmottak@vefsn.example.no"]  # no users: the official address
    h = Hendelse.objects.filter(handling="rapport.paaminnelse").order_by("id")
    assert sorted(x.detaljer["rapport"] for x in h) == sorted([w.rapport.pk, w.other_rapport.pk])
    assert all(x.felt == "foer:14" for x in h)
    # after the deadline, the "after" reminder, once
    assert paaminnelser.send_alle(dt.date(2025, 11, 9)) == 2
    assert paaminnelser.send_alle(dt.date(2025, 11, 9)) == 0
    assert "Rapporten for 2024 er ikke kommet inn" in {m.subject for m in mail.outbox}
    assert Paaminnelse.objects.count() == 4


@pytest.mark.django_db
def test_the_reminder_is_in_the_owners_maalform(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    w = verden(frist=FRIST)
    org = w.own.partnerskap.virksomhet
    assert org is not None
    org.maalform = "nn"
    org.save()
    paaminnelser.send_alle(dt.date(2025, 10, 20))
    bodo = next(m for m in mail.outbox if "Bodø kommune" in m.body)
    assert bodo.subject == "Påminning: rapport for 2024 innan 01.11.2025"
    assert "Midlar som ikkje blir brukte, skal betalast tilbake." in bodo.body


@pytest.mark.django_db
def test_a_failing_mail_server_leaves_the_reminder_to_the_next_run(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    verden(frist=FRIST)
    assert paaminnelser.send_alle(dt.date(2025, 10, 20)) == 0
    assert Paaminnelse.objects.count() == 0
    assert not Hendelse.objects.filter(handling="rapport.paaminnelse").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert paaminnelser.send_alle(dt.date(2025, 10, 20)) == 2


@pytest.mark.django_db(transaction=True)
def test_the_queue_worker_sends_the_reminders_through_smtp_once(
    settings: Any, tmp_path: Any
) -> None:
    from aiosmtpd.controller import Controller

    settings.TASKS = DATABASE
    kasse = Postkasse()
    controller = Controller(kasse, hostname="127.0.0.1", port=free_port())
    controller.start()
    workers = Workers(settings, tmp_path)
    workers.env.update(
        {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(controller.port),
            "DEFAULT_FROM_EMAIL": "behovsmelding@statsforvalteren.no",
            "BEHOVSMELDING_ADRESSE": "https://behovsmelding.example.no",
        }
    )
    try:
        w = verden(frist=FRIST)
        first = paaminnelser.send_forfalte.enqueue("2025-10-20")
        workers.start()
        _wait(lambda: _finished(str(first.id)))
        assert len(kasse.meldinger) == 2
        til, bodo = next(m for m in kasse.meldinger if "Bodø kommune" in m[1].get_content())
        assert sorted(til) == ["eier@bodo.example.no", "uh@nord.example.no"]
        assert bodo["From"] == "behovsmelding@statsforvalteren.no"
        assert f"https://behovsmelding.example.no/rapport/{w.rapport.pk}/" in bodo.get_content()
        # the task run again (and the management command's enqueue): nothing is sent twice
        second = paaminnelser.send_forfalte.enqueue("2025-10-20")
        _wait(lambda: _finished(str(second.id)))
        assert len(kasse.meldinger) == 2
        assert DBTaskResult.objects.get(id=second.id).return_value == 0
        assert Paaminnelse.objects.count() == 2
        assert Hendelse.objects.filter(handling="rapport.paaminnelse").count() == 2
    finally:
        workers.stop_all()
        controller.stop()


def _finished(task_id: str) -> bool:
    return DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.SUCCEEDED).exists()


def _wait(done: Any, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if done():
            return
        time.sleep(0.2)
    pytest.fail("the worker did not finish the task in time")


@pytest.mark.django_db
def test_the_command_puts_the_task_on_the_queue(settings: Any, capsys: Any) -> None:
    settings.TASKS = DATABASE
    call_command("rapport_paaminnelser")
    assert "Lagt i køen" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(task_path__endswith="send_forfalte").count() == 1
