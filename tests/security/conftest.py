"""Fixtures for the security tests: originals in a temporary folder, the web tests' factories."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

# The web tests' factories (tests/web/web_factories.py) build users, regions and records.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> None:
    settings.ORIGINALS_DIR = tmp_path / "originaler"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
