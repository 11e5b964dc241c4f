"""The queue's worker (``manage.py db_worker``) beside a demo server, stopped with it."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """In the worker, before it runs: Linux sends it SIGTERM when the demo dies, however the
    demo ends (even killed), so no worker is left reading on its own."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextmanager
def bakgrunnsarbeider() -> Iterator[subprocess.Popen[bytes]]:
    """Start one worker for the background queue; on leaving, stop it (SIGTERM lets it finish
    the file it reads; what is left waits in the queue for the next start)."""
    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", "behovsmelding.web.settings")
    p = subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--no-reload", "--verbosity", "0"],
        env=env,
        preexec_fn=_stop_with_parent,
    )
    try:
        yield p
    finally:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
