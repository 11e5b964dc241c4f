"""Upload benchmark: large and hostile uploads against a real server (gunicorn, one worker).

usage: python bench/bench_upload.py

Starts gunicorn with one sync worker on a throwaway SQLite database, logs in as a caseworker
and posts, one at a time, uploads that must be refused or reported: an 18.7 MB text of short
lines (issue 15's case), a 19 MB file that only claims to be a PDF, a 25 MB file (over the
per-file limit), 201 files (over the count), and 250 MB in one request (over the total). For
each it prints the answer, the wall time to the answer, and how much the worker's peak memory
(VmHWM) grew. Goal (issue 15): any single upload refused or reported within 15 s and with at
most 300 MB growth.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
GOAL_S, GOAL_MB = 15.0, 300.0
PASSWORD = "bench-passord-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def worker_pid(master: int) -> int:
    for _ in range(100):
        kids = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if kids:
            return int(kids[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    m = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(m.group(1)) / 1024 if m else 0.0


def short_lines(size: int) -> bytes:
    line = b"Tiltak: kurs\n"
    return line * (size // len(line))


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="opplasting-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "BEHOVSMELDING_VAR_DIR": str(tmp),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "behovsmelding.web.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(REPO / "src"),
    }
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    make_user = (
        "from behovsmelding.web.models import Region, Tilgang, Rolle\n"
        "from django.contrib.auth.models import User\n"
        "r, _ = Region.objects.get_or_create(navn='Nordland')\n"
        f"u = User.objects.create_user('sb', password='{PASSWORD}')\n"
        "Tilgang.objects.create(bruker=u, rolle=Rolle.SAKSBEHANDLER, region=r)\n"
    )
    subprocess.run([py, "manage.py", "shell", "-c", make_user], cwd=REPO, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(py).parent / "gunicorn"),
            "behovsmelding.web.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=REPO,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/logg-inn/", timeout=30)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        pid = worker_pid(server.pid)
        s = requests.Session()
        s.get(f"{base}/logg-inn/")
        s.post(
            f"{base}/logg-inn/",
            data={
                "username": "sb",
                "password": PASSWORD,
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/logg-inn/"},
        )
        s.get(f"{base}/last-opp/")  # warm: templates, readers imported
        cases: list[tuple[str, Callable[[], list[tuple[str, bytes]]]]] = [
            ("18,7 MB tekst med korte linjer", lambda: [("stor.txt", short_lines(int(18.7 * MB)))]),
            (
                "19 MB som later som den er PDF",
                lambda: [("stor.pdf", b"%PDF-1.7\n" + os.urandom(19 * MB))],
            ),
            ("25 MB (over grensen per fil)", lambda: [("svaer.docx", os.urandom(25 * MB))]),
            ("201 filer (over antallet)", lambda: [(f"f{i}.txt", b"x") for i in range(201)]),
            (
                "250 MB i én forespørsel",
                lambda: [(f"d{i}.pdf", os.urandom(25 * MB)) for i in range(10)],
            ),
        ]
        print(f"{'opplasting':34} {'svar':>5} {'tid s':>7} {'minne +MB':>10}  utfall")
        worst_s = worst_mb = 0.0
        for name, make in cases:
            files = [("filer", (n, data)) for n, data in make()]
            before = peak_mb(pid)
            t = time.perf_counter()
            r = s.post(
                f"{base}/last-opp/",
                files=files,
                data={"csrfmiddlewaretoken": s.cookies["csrftoken"]},
                headers={"Referer": f"{base}/last-opp/"},
            )
            took = time.perf_counter() - t
            grew = peak_mb(pid) - before
            worst_s, worst_mb = max(worst_s, took), max(worst_mb, grew)
            text = re.sub(r"<[^>]+>", " ", r.text)
            said = next(
                (
                    m.group(0)
                    for m in re.finditer(
                        r"((?:filen|teksten|dokumentet) [^.<–]*|Opplastingen er for stor[^.]*|"
                        r"Du kan laste opp høyst[^.]*)",
                        text,
                    )
                ),
                "",
            )
            print(
                f"{name:34} {r.status_code:>5} {took:7.2f} {grew:10.1f}  "
                + " ".join(said.split())[:90]
            )
            del files
        ok = worst_s <= GOAL_S and worst_mb <= GOAL_MB
        print(
            f"verst: {worst_s:.2f} s, +{worst_mb:.1f} MB "
            f"(mål ≤ {GOAL_S:g} s, ≤ {GOAL_MB:g} MB): {'OK' if ok else 'IKKE NÅDD'}"
        )
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
