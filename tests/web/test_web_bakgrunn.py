"""Large uploads are read in the background: staged with their rows, read by the queue's worker
(``manage.py db_worker``) with the request's own function, progress on the upload's page, and a
worker killed mid-batch resumed on restart with nothing read twice."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from bakgrunn_filer import broken, variants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks.backends.database.models import DBTaskResult
from web_axe import check_axe, check_csp, close_page, new_page
from web_factories import PASSWORD, caseworker, region

from behovsmelding.readers import ReadError, read_bytes_with_result
from behovsmelding.web import bakgrunn
from behovsmelding.web.management.arbeider import bakgrunnsarbeider
from behovsmelding.web.models import (
    Behovsmelding,
    Hendelse,
    OpplastetFil,
    Opplasting,
    Originalfil,
    Utfall,
)

REPO = Path(__file__).resolve().parents[2]
DUMMY = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}
WORKER_ARGS = ("--no-reload", "--no-startup-delay", "--interval", "0.1", "--verbosity", "0")
DATABASE = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}


def uploaded(files: list[tuple[str, bytes]]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data, content_type="text/plain") for name, data in files]


def expected_reason(name: str, data: bytes) -> str:
    """What the readers say of a broken file: the report must carry exactly that."""
    with pytest.raises(ReadError) as e:
        read_bytes_with_result(data, name)
    return e.value.grunn


@pytest.fixture
def sb_client() -> Client:
    caseworker(region(), username="sb")
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


def progress(c: Client, pk: int) -> dict[str, int]:
    r = c.get(reverse("opplasting-fremdrift", args=[pk]))
    assert r.status_code == 200
    tall = re.search(r'id="fremdrift-tall"([^>]*)>', r.content.decode())
    assert tall is not None
    return {k: int(v) for k, v in re.findall(r'data-([a-z-]+)="(\d+)"', tall.group(1))}


# --- in the test process: the queue's immediate backend or none ------------------------------


@pytest.mark.django_db
def test_a_few_files_are_read_in_the_request_and_more_in_the_background(
    sb_client: Client, settings: Any
) -> None:
    settings.BEHOVSMELDING_LES_STRAKS_MAKS = 3
    files = variants(7)
    sb_client.post(reverse("last-opp"), {"filer": uploaded(files[:3])})
    sb_client.post(reverse("last-opp"), {"filer": uploaded(files[3:])})
    small, big = Opplasting.objects.order_by("id")
    assert (small.i_bakgrunnen, big.i_bakgrunnen) == (False, True)
    # The tests' immediate backend has read the big one too, with the same outcomes.
    assert OpplastetFil.objects.filter(utfall=Utfall.LEST).count() == 7
    assert list(Path(settings.MOTTAK_DIR).iterdir()) == []


@pytest.mark.django_db
def test_the_background_gives_each_file_the_outcome_the_request_would(
    sb_client: Client,
) -> None:
    good = variants(2)
    files = [*good, good[0], *broken()]
    r = sb_client.post(reverse("last-opp"), {"filer": uploaded(files)}, follow=True)
    assert r.status_code == 200
    rows = list(OpplastetFil.objects.order_by("id"))
    assert [f.filnavn for f in rows] == [n for n, _ in files]
    assert [f.utfall for f in rows] == [Utfall.LEST, Utfall.LEST, Utfall.KJENT] + [
        Utfall.IKKE_LEST
    ] * len(broken())
    for row, (name, data) in zip(rows[3:], broken(), strict=True):
        assert row.grunn == expected_reason(name, data)
    assert rows[2].grunn.startswith("Samme fil er mottatt før")
    assert Behovsmelding.objects.count() == 2
    assert "Resultat av opplasting" in r.content.decode()  # the whole report, not the progress


@pytest.mark.django_db
def test_the_waiting_page_polls_its_progress_and_has_a_plain_link(
    sb_client: Client, settings: Any
) -> None:
    settings.TASKS = DUMMY  # nothing reads: the upload waits
    r = sb_client.post(reverse("last-opp"), {"filer": uploaded(variants(5))}, follow=True)
    o = Opplasting.objects.get()
    html = r.content.decode()
    assert "Opplastingen leses" in html
    poll = reverse("opplasting-fremdrift", args=[o.pk])
    assert f'hx-get="{poll}" hx-trigger="every 1s"' in html
    assert f'href="{reverse("opplasting", args=[o.pk])}">Oppdater siden</a>' in html
    assert progress(sb_client, o.pk) == {
        "totalt": 5,
        "lest": 0,
        "ikke-lest": 0,
        "kjent": 0,
        "igjen": 5,
    }
    assert len(list(Path(settings.MOTTAK_DIR).iterdir())) == 5
    # The worker reads them; the next poll tells htmx to load the whole report.
    for row in OpplastetFil.objects.all():
        assert bakgrunn.les_ventende(row.pk) == Utfall.LEST
    done = sb_client.get(poll, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert progress(sb_client, o.pk)["lest"] == 5
    assert list(Path(settings.MOTTAK_DIR).iterdir()) == []


@pytest.mark.django_db
def test_a_file_that_has_its_outcome_is_not_read_again(sb_client: Client, settings: Any) -> None:
    settings.TASKS = DUMMY
    sb_client.post(reverse("last-opp"), {"filer": uploaded(variants(4))})
    row = OpplastetFil.objects.first()
    assert row is not None
    assert bakgrunn.les_ventende(row.pk) == Utfall.LEST
    assert bakgrunn.les_ventende(row.pk).startswith("hoppet over")
    assert Behovsmelding.objects.count() == 1
    assert Hendelse.objects.filter(type="behovsmelding.received").count() == 1


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


@pytest.mark.django_db
def test_a_starting_worker_takes_up_what_a_dead_worker_left_and_not_a_live_ones(
    sb_client: Client, settings: Any
) -> None:
    settings.TASKS = DUMMY
    sb_client.post(reverse("last-opp"), {"filer": uploaded(variants(4))})
    host = bakgrunn.worker_id().rpartition(":")[0]
    dead, alive, unclaimed, elsewhere = OpplastetFil.objects.order_by("id")
    OpplastetFil.objects.filter(pk=dead.pk).update(tatt_av=f"{host}:{dead_pid()}")
    OpplastetFil.objects.filter(pk=alive.pk).update(tatt_av=f"{host}:{os.getppid()}")
    OpplastetFil.objects.filter(pk=elsewhere.pk).update(tatt_av="annen-maskin:1")
    OpplastetFil.objects.update(tatt=bakgrunn.timezone.now())
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }
    g = bakgrunn.gjenoppta()
    # The dead worker's file and the one whose task the queue lost are read now; a live
    # worker's claim is kept, and so is another machine's until its lease runs out.
    assert g.filer == 2
    utfall = {f.pk: f.utfall for f in OpplastetFil.objects.all()}
    assert utfall == {
        dead.pk: Utfall.LEST,
        alive.pk: Utfall.VENTER,
        unclaimed.pk: Utfall.LEST,
        elsewhere.pk: Utfall.VENTER,
    }
    settings.BEHOVSMELDING_KO_LEIE_SEKUNDER = 0
    assert bakgrunn.gjenoppta().filer == 2
    assert not OpplastetFil.objects.filter(utfall=Utfall.VENTER).exists()
    assert Behovsmelding.objects.count() == 4


# --- the real queue: django-tasks' database backend and `manage.py db_worker` processes ------


def database_url() -> str:
    """The test database as a URL, for worker processes."""
    s: Any = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Workers:
    def __init__(self, settings: Any, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "BEHOVSMELDING_VAR_DIR": str(tmp_path / "var"),
            "BEHOVSMELDING_ORIGINALS_DIR": str(settings.ORIGINALS_DIR),
            "BEHOVSMELDING_MOTTAK_DIR": str(settings.MOTTAK_DIR),
            "DEBUG": "",
        }
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        p = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", *WORKER_ARGS],
            cwd=REPO,
            env=self.env,
        )
        self.running.append(p)
        return p

    def stop_all(self) -> None:
        for p in self.running:
            if p.poll() is None:
                p.kill()
            p.wait()


@pytest.fixture
def workers(settings: Any, tmp_path: Path) -> Any:
    settings.TASKS = DATABASE
    w = Workers(settings, tmp_path)
    yield w
    w.stop_all()


def wait_for(c: Client, pk: int, done: Any, timeout: float, seen: list[dict[str, int]]) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        seen.append(progress(c, pk))
        if done(seen[-1]):
            return
        time.sleep(0.25)
    pytest.fail(f"timed out; progress {seen[-1]}")


@pytest.mark.django_db(transaction=True)
def test_a_batch_of_200_survives_a_killed_worker_and_nothing_is_read_twice(
    sb_client: Client, workers: Workers, settings: Any
) -> None:
    good, bad = variants(196), broken()
    files = good[:98] + bad + good[98:]
    assert len(files) == 200
    r = sb_client.post(reverse("last-opp"), {"filer": uploaded(files)})
    o = Opplasting.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("opplasting", args=[o.pk])
    assert o.i_bakgrunnen
    seen: list[dict[str, int]] = [progress(sb_client, o.pk)]
    assert seen[0] == {"totalt": 200, "lest": 0, "ikke-lest": 0, "kjent": 0, "igjen": 200}
    assert len(list(Path(settings.MOTTAK_DIR).iterdir())) == 200

    # Two workers read at once (never the same file); both are killed mid-batch.
    first = [workers.start(), workers.start()]
    wait_for(sb_client, o.pk, lambda p: p["igjen"] <= 185, 60, seen)
    for p in first:
        p.send_signal(signal.SIGKILL)
        p.wait()
    at_kill = progress(sb_client, o.pk)
    assert 0 < at_kill["igjen"] < 200, "the workers must be killed mid-batch"
    time.sleep(0.5)
    assert progress(sb_client, o.pk) == at_kill  # nothing reads while no worker runs
    # The files they were reading when killed stay claimed; their tasks (and a task killed
    # just before its file was claimed or just after its outcome was stored) "running".
    in_flight = OpplastetFil.objects.filter(utfall=Utfall.VENTER).exclude(tatt_av="").count()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    assert in_flight <= running <= 2

    workers.start()
    workers.start()
    wait_for(sb_client, o.pk, lambda p: p["igjen"] == 0, 120, seen)

    final = seen[-1]
    assert final == {"totalt": 200, "lest": 196, "ikke-lest": 4, "kjent": 0, "igjen": 0}
    done = [p["totalt"] - p["igjen"] for p in seen]
    assert done == sorted(done) and done[0] == 0 and done[-1] == 200
    # Each file has exactly one row, each record was made once from one file.
    rows = list(OpplastetFil.objects.filter(opplasting=o))
    assert sorted(f.filnavn for f in rows) == sorted(n for n, _ in files)
    lest = [f for f in rows if f.utfall == Utfall.LEST]
    assert Behovsmelding.objects.count() == Originalfil.objects.count() == len(lest) == 196
    assert len({f.behovsmelding_id for f in lest}) == 196
    assert Hendelse.objects.filter(type="behovsmelding.received").count() == 196
    # A kill between writing the original and committing may leave its file behind.
    assert 196 <= len(list(Path(settings.ORIGINALS_DIR).iterdir())) <= 196 + in_flight
    by_name = {f.filnavn: f for f in rows}
    for name, data in bad:
        assert by_name[name].utfall == Utfall.IKKE_LEST
        assert by_name[name].grunn == expected_reason(name, data)
    assert list(Path(settings.MOTTAK_DIR).iterdir()) == []
    # The queue is tidy: the killed worker's task is marked failed, none is left running.
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == running
    page = sb_client.get(reverse("opplasting", args=[o.pk])).content.decode()
    assert "196 lest, 4 ikke lest, 0 allerede mottatt" in page


@pytest.mark.django_db(transaction=True)
def test_the_demos_worker_reads_the_queue_and_stops_with_the_demo(
    sb_client: Client, workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    for k, v in workers.env.items():
        monkeypatch.setenv(k, v)
    sb_client.post(reverse("last-opp"), {"filer": uploaded(variants(4))})
    o = Opplasting.objects.get()
    with bakgrunnsarbeider() as p:
        wait_for(sb_client, o.pk, lambda f: f["igjen"] == 0, 60, [])
        assert p.poll() is None
    assert p.returncode == 0  # stopped, not killed
    assert OpplastetFil.objects.filter(utfall=Utfall.LEST).count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_upload_page_follows_the_worker_in_place_under_the_csp(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = DUMMY  # the test reads the files itself, one at a time
    caseworker(region(), username="sb")
    paths = []
    for name, data in variants(4):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    page = new_page(browser)
    try:
        page.goto(f"{live_server.url}/logg-inn/")
        page.fill("#id_username", "sb")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("h1:has-text('Behovsmeldinger')")
        page.goto(f"{live_server.url}/last-opp/")
        page.set_input_files("#filer", paths)
        page.click("button:has-text('Last opp')")
        page.wait_for_selector("#fremdrift-tall[data-igjen='4']")
        check_axe(page)
        page.evaluate("window.samme_side = true")
        rows = list(OpplastetFil.objects.order_by("id"))
        for row in rows[:2]:
            bakgrunn.les_ventende(row.pk)
        page.wait_for_selector("#fremdrift-tall[data-igjen='2']", timeout=10_000)
        assert page.evaluate("window.samme_side === true")  # updated in place, not reloaded
        assert "2 av 4 filer ferdig" in page.inner_text("#fremdrift")
        for row in rows[2:]:
            bakgrunn.les_ventende(row.pk)
        page.wait_for_selector("#filrapport", timeout=10_000)  # the whole report loads
        assert page.locator("#filrapport tbody tr[data-utfall=lest]").count() == 4
        check_axe(page)
        check_csp(page)
    finally:
        close_page(page)
