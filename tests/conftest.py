"""Fixtures every test module may use. Framework-specific fixtures live beside their tests
(e.g. tests/web/conftest.py), so that the core's tests need no Django."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The shared folder (formats, golden records, seed documents) is the repository's sibling,
# both in the working tree and in CI's fresh clone.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "format" / "behovsmelding-v1.schema.json").is_file():
        pytest.skip(f"the shared folder is not beside the repository (looked for {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def seed_files(shared_dir: Path) -> list[Path]:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed documents in {shared_dir / 'seeds'}")
    return seeds
