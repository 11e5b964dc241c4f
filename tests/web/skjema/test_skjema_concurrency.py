"""Parallel writes on the default database (a SQLite file, the real settings: WAL, a busy
timeout, transactions that take the write lock at once) end in success or a clear conflict,
never in an error page. Runs ``concurrency_probe.py`` as a program (see there why)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).with_name("concurrency_probe.py")


def test_twenty_parallel_saves_and_two_parallel_submits_on_sqlite_give_no_500(
    tmp_path: Path,
) -> None:
    out = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path), "--saves", "20", "--submits", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    saves, submits = result["saves"], result["submits"]
    assert set(saves) <= {200, 409}, saves
    # The ten saves of one field: one is stored, nine are conflicts (nothing overwritten
    # silently); the ten of a field each are all stored.
    assert saves[0::2].count(200) == 1 and saves[0::2].count(409) == 9, saves
    assert saves[1::2] == [200] * 10, saves
    data = result["data"]
    assert (
        data["maalgruppe"] == "Skrevet av nummer 5." and data["okonomi"] == "Skrevet av nummer 7."
    )
    # Both submissions end on the receipt; the draft is sent once.
    assert submits == [302, 302], submits
    assert result["tilstand"] == "sendt" and result["sendt"] == 1
