"""Every limit documented in docs/readers.md is set from its environment variable, read once
when the process starts reading, and holds for the format it concerns (.txt included).

Each case runs the real CLI in a fresh process with one variable set, on a document that
reads without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from behovsmelding.readers import ReadError, read_bytes
from behovsmelding.readers.limits import DEFAULT, from_env

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLES = SHARED / "samples"


def _seed() -> Path:
    found = sorted((SHARED / "seeds").glob("003_*.txt"))
    if not found:
        pytest.skip("seed 003 not found")
    return found[0]


def _sample(name: str) -> Path:
    p = SAMPLES / name
    if not p.is_file():
        pytest.skip(f"{name} not found")
    return p


def _cli(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "behovsmelding.cli", "read", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("var", "value", "document", "reason"),
    [
        ("BEHOVSMELDING_MAX_PAGES", "1", "sample_a_2024_bodo.pdf", "for mange sider"),
        ("BEHOVSMELDING_MAX_FILE_MB", "0.01", "seed", "for stor"),
        ("BEHOVSMELDING_MAX_FILE_MB", "0.01", "sample_d_2026_bodo.docx", "for stor"),
        ("BEHOVSMELDING_MAX_UNCOMPRESSED_MB", "0.05", "sample_d_2026_bodo.docx", "pakkes ut"),
        ("BEHOVSMELDING_MAX_SECONDS", "0.000001", "sample_a_2024_bodo.pdf", "for lang tid"),
        ("BEHOVSMELDING_MAX_TEXT_KB", "10", "seed", "teksten er for lang"),
    ],
)
def test_a_documented_variable_limits_the_cli(
    var: str, value: str, document: str, reason: str
) -> None:
    path = _seed() if document == "seed" else _sample(document)
    assert _cli(path, {}).returncode == 0
    result = _cli(path, {var: value})
    assert result.returncode == 2, result.stderr
    assert reason in result.stderr and "uventet" not in result.stderr


def test_from_env_reads_every_documented_variable() -> None:
    got = from_env(
        {
            "BEHOVSMELDING_MAX_FILE_MB": "3",
            "BEHOVSMELDING_MAX_UNCOMPRESSED_MB": "4",
            "BEHOVSMELDING_MAX_PAGES": "5",
            "BEHOVSMELDING_MAX_SECONDS": "2.5",
            "BEHOVSMELDING_MAX_TEXT_KB": "64",
        }
    )
    mb = 1024 * 1024
    assert (got.max_file_bytes, got.max_uncompressed_bytes) == (3 * mb, 4 * mb)
    assert (got.max_pages, got.max_seconds, got.max_text_bytes) == (5, 2.5, 64 * 1024)
    with pytest.raises(ValueError, match="BEHOVSMELDING_MAX_PAGES"):
        from_env({"BEHOVSMELDING_MAX_PAGES": "mange"})


def test_a_long_text_of_short_lines_is_refused_at_once() -> None:
    # 18.7 MB of short lines took 34 s and 926 MB before it was accepted
    data = b"kort linje\n" * (18_700_000 // 11)
    assert len(data) < DEFAULT.max_file_bytes
    with pytest.raises(ReadError, match="teksten er for lang"):
        read_bytes(data, "lang.txt")
