"""Every hostile file through `behovsmelding read`, alone and in one batch.

Each run is its own process with resource limits as a guard (address space 2 GiB, 120 s of CPU)
and a generous timeout as a hang guard, so a file that explodes or hangs fails this test instead
of the machine. A refused file gives exactly one line `feil: NAME: reason` in Norwegian and exit
status 2; never a traceback, never status 3 (a bug).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import BIG_NAME, CASES, Case
from norsk import is_norwegian_reason

from behovsmelding.record import Behovsmelding

ADDRESS_SPACE = 2 * 1024**3
CPU_SECONDS = 120
HANG_GUARD = 300


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def read(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "behovsmelding.cli", "read", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=HANG_GUARD,
        preexec_fn=limited,
        check=False,
    )


def test_the_corpus_has_every_kind_and_at_least_40_files(
    corpus: tuple[Path, dict[str, Case]],
) -> None:
    folder, cases = corpus
    assert len(cases) >= 40
    names = set(cases)
    for needed in (
        "zip-bombe.docx",
        "xml-bombe.docx",
        "avkortet.docx",
        "avkortet.pdf",
        "kryptert.pdf",
        "bare-bilde.pdf",
        "docx-med-feil-navn.pdf",
        "tom.txt",
        BIG_NAME,
        "utf16-le-bom.txt",
        "cp1252.txt",
        "annet-skjema.txt",
        "tom-behovsmelding.txt",
    ):
        assert needed in names
    assert (folder / BIG_NAME).stat().st_size == 50 * 1024 * 1024


@pytest.mark.parametrize("name", [c.name for c in CASES] + [BIG_NAME])
def test_each_file_is_read_or_refused_in_one_norwegian_line(
    corpus: tuple[Path, dict[str, Case]], name: str
) -> None:
    folder, cases = corpus
    case = cases[name]
    result = read(folder / name)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 0:
        assert case.expect in ("lest", "begge"), f"{name} ({case.why}) ble lest"
        Behovsmelding.from_dict(json.loads(result.stdout))
        assert result.stderr == ""
        return
    assert case.expect in ("feil", "begge"), f"{name} ({case.why}): {result.stderr}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    prefix = f"feil: {folder / name}: "
    assert lines[0].startswith(prefix)
    assert is_norwegian_reason(lines[0].removeprefix(prefix)), lines[0]


def test_a_batch_reads_every_good_file_past_the_bad_ones(
    corpus: tuple[Path, dict[str, Case]], tmp_path: Path
) -> None:
    folder, cases = corpus
    names = sorted(cases)
    out = tmp_path / "ut"
    result = read(*(folder / n for n in names), "--out", out)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    refused = {
        line.split(": ", 2)[1].removeprefix(f"{folder}/")
        for line in result.stderr.splitlines()
        if line.startswith("feil: ")
    }
    written = {p.stem for p in out.glob("*.json")}
    for n in names:
        stem = Path(n).stem
        if cases[n].expect == "lest":
            assert stem in written, n
        if cases[n].expect == "feil":
            assert n in refused and stem not in written, n
        assert (n in refused) != (stem in written), n  # each file: exactly one outcome
    assert f"{len(written)} av {len(names)} filer lest" in result.stderr
