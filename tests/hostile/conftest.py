"""Fixtures for the hostile corpus: the files, made once per session in a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # corpus.py beside the tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))  # web_factories

from corpus import Case, write_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    folder = tmp_path_factory.mktemp("fiendtlig")
    return folder, write_corpus(folder)


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> None:
    settings.ORIGINALS_DIR = tmp_path / "originaler"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
