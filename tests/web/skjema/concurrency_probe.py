"""Parallel saves and submissions against the real settings on a SQLite file (run as a
program by ``test_skjema_concurrency.py``; the tests' own in-memory database cannot show
this: Django's live server shares one connection between its threads there).

usage: python concurrency_probe.py DIR [--saves 20] [--submits 2]

Creates DIR/db.sqlite3 with the migrations, an owner and a complete draft with 3 tiltak,
serves the application from a threaded WSGI server (one thread and one database connection
per request, as in production), fires the saves at once and then the submissions at once,
and prints JSON: the status of every response and the draft's state afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path[:0] = [str(REPO / "src"), str(HERE.parent), str(HERE)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--submits", type=int, default=2)
    args = ap.parse_args()
    tmp = Path(args.dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'db.sqlite3'}"
    os.environ["BEHOVSMELDING_VAR_DIR"] = str(tmp)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "behovsmelding.web.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    settings.ORIGINALS_DIR = tmp / "originaler"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from skjema_factories import draft, full_record, owner, post_of

    from behovsmelding.web.innlogging.fersk import AUTH_TIME
    from behovsmelding.web.skjema.models import Utkast

    eier = owner(username="kari")
    u = draft(eier, full_record(3))
    session = SessionStore()
    session[SESSION_KEY] = str(eier.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = eier.get_session_auth_hash()
    session[AUTH_TIME] = time.time()  # a fresh login: sending needs one (innlogging.fersk)
    session.create()
    connections.close_all()

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    csrf = "a" * 32
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={csrf}"

    def post(path: str, fields: dict[str, Any]) -> int:
        body = urllib.parse.urlencode(fields, doseq=True)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "X-CSRFToken": csrf,
            },
        )
        status = c.getresponse().status
        c.close()
        return status

    def burst(n: int, job: Any) -> list[int]:
        results = [0] * n
        gate = threading.Barrier(n)

        def run(i: int) -> None:
            gate.wait()
            try:
                results[i] = job(i)
            except Exception as e:  # a refused connection is as bad as a 500
                results[i] = -1
                print(repr(e), file=sys.stderr)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    texts = ["partnerskapsplan", "egeninnsats", "maalgruppe", "okonomi", "kommentar"]
    texts += [f"maaloppnaaelse.{k}" for k in "abcde"]
    rows = u.rader["budsjett.rader"]

    def save(i: int) -> int:
        # Half write the same field (one wins, the rest are conflicts), half a field of
        # their own.
        if i % 2 == 0:
            key = "behov"
        elif i // 2 < len(texts):
            key = texts[i // 2]
        else:
            key = f"budsjett.rader[{rows[i % len(rows)]}].etikett"
        felt = {key: {"v": f"Skrevet av nummer {i}.", "b": u.versjon}}
        endringer = json.dumps({"felt": felt, "rader": {}})
        return post(f"/skjema/{u.pk}/lagre/", {"kjent": u.versjon, "endringer": endringer})

    saves = burst(args.saves, save)
    u.refresh_from_db()
    from behovsmelding.record import Behovsmelding as Record

    form = post_of(Record.from_dict(u.data))
    form.update(versjon=[str(u.versjon)], handling=["send"])
    submits = burst(args.submits, lambda i: post(f"/skjema/{u.pk}/", form))
    u.refresh_from_db()
    server.shutdown()
    print(
        json.dumps(
            {
                "saves": saves,
                "submits": submits,
                "versjon": u.versjon,
                "tilstand": u.tilstand,
                "data": u.data,
                "sendt": Utkast.objects.filter(tilstand="sendt").count(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
