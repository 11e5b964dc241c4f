"""`behovsmelding export --all` and `behovsmelding restore` as an operator runs them.

Each run has its own SQLite database and originals folder, so a backup taken from the first
and restored into the second can be backed up again and compared file by file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def env_for(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BEHOVSMELDING_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-key-for-the-backup-tests",
    }


def run(*args: str | Path, var: Path, module: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "behovsmelding.cli"] if module else [sys.executable]
    return subprocess.run(
        [*cmd, *map(str, args)],
        cwd=REPO,
        env=env_for(var),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("kilde")
    made = run("manage.py", "demo", "--no-serve", var=var, module=False)
    assert made.returncode == 0, made.stderr
    return var


def test_backup_restore_backup_gives_the_same_files(source: Path, tmp_path: Path) -> None:
    first = run("export", "--all", tmp_path / "kopi1.zip", var=source)
    assert first.returncode == 0, first.stderr
    # the demo's five seeds and the statistics' invented history (4 owners, 2025)
    assert "9 behovsmeldinger" in first.stderr

    target = tmp_path / "mål"
    restored = run("restore", tmp_path / "kopi1.zip", var=target)
    assert restored.returncode == 0, restored.stderr
    assert "Gjenopprettet" in restored.stderr
    second = run("export", "--all", tmp_path / "kopi2", var=target)
    assert second.returncode == 0, second.stderr

    import zipfile

    with zipfile.ZipFile(tmp_path / "kopi1.zip") as zf:
        zf.extractall(tmp_path / "kopi1")
    assert tree(tmp_path / "kopi1") == tree(tmp_path / "kopi2")
    m1 = json.loads((tmp_path / "kopi1" / "manifest.json").read_text(encoding="utf-8"))
    m2 = json.loads((tmp_path / "kopi2" / "manifest.json").read_text(encoding="utf-8"))
    assert m1["filer"] == m2["filer"] and m1["rader"] == m2["rader"]
    # The restored originals are the uploaded ones, byte for byte.
    assert tree(source / "originaler") == tree(target / "originaler")


def test_restore_into_a_database_with_rows_is_refused(source: Path, tmp_path: Path) -> None:
    assert run("export", "--all", tmp_path / "kopi", var=source).returncode == 0
    result = run("restore", tmp_path / "kopi", var=source)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("feil: "))
    assert "databasen er ikke tom" in line


def test_restore_of_something_else_is_one_norwegian_line(tmp_path: Path) -> None:
    (tmp_path / "notat.txt").write_text("hei")
    result = run("restore", tmp_path / "notat.txt", var=tmp_path / "var")
    assert result.returncode == 2
    assert result.stderr.startswith("feil: ")
    assert "verken en mappe eller en gyldig zip-fil" in result.stderr
