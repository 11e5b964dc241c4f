"""Uploaded originals are kept outside the static files, under generated names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from web_factories import PASSWORD, caseworker

from behovsmelding.demo import demo_documents
from behovsmelding.web import services
from behovsmelding.web.models import Originalfil

pytestmark = pytest.mark.django_db


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def test_originals_get_generated_names_outside_static(settings: Any) -> None:
    sb = caseworker(username="sb")
    data = next(iter(demo_documents()))[1]
    services.receive_files([services.InnkommendeFil("../../static/ond.html.txt", data)], by=sb)
    o = Originalfil.objects.get()
    assert re.fullmatch(r"[0-9a-f]{32}\.txt", o.lagret_som)
    assert o.filnavn == "ond.html.txt"  # the name shown, never a path
    stored = services.original_path(o)
    assert stored.read_bytes() == data
    static_roots = [Path(settings.STATIC_ROOT)] + [
        Path(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS
    ]
    assert not any(_inside(stored, root) for root in static_roots)
    assert not any(_inside(stored, Path(settings.BASE_DIR) / "src") for _ in [0])
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    assert c.get(f"{settings.STATIC_URL}{o.lagret_som}").status_code == 404


def test_default_originals_folder_is_not_served() -> None:
    folder = Path(settings.ORIGINALS_DIR)
    assert folder.name == "originaler"
    assert not _inside(folder, Path(settings.STATIC_ROOT))
