"""The archive package's file names are plain single names on every system: a case number
typed with back-slashes or dots, or an original file's name with a Windows path in it (e.g.
from a restored backup), never makes an entry that unpacks outside the folder (zip slip), and
the names the XML refers to are the names in the zip."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import pytest
from brev_factories import brev_settings, vedtak2026
from lxml import etree
from web_factories import caseworker

from behovsmelding.web.forum import arkiv, utsending
from behovsmelding.web.forum.models import Versjon
from behovsmelding.web.models import Behovsmelding, Originalfil
from behovsmelding.web.services import original_path

pytestmark = pytest.mark.django_db
__all__ = ["brev_settings", "vedtak2026"]  # fixtures
NS = {"a": "http://www.arkivverket.no/standarder/noark5/arkivmelding"}
PLAIN = re.compile(r"^[\w][\w.\-]*$")


def test_hostile_names_stay_inside_the_package(vedtak2026: Versjon, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    r = vedtak2026.runde
    sb = caseworker(r.region, username="sb-arkiv")
    arkiv.sett_saksnummer(r, "..\\..\\..\\..\\Windows\\evil", by=sb)
    bm = Behovsmelding.objects.filter(region=r.region).order_by("id").first()
    assert bm is not None
    o = Originalfil.objects.create(
        sha256="c" * 64,
        filnavn="..\\..\\..\\C:\\Users\\x\\evil.docx",
        lagret_som="hostile.docx",
        storrelse=3,
    )
    original_path(o).write_bytes(b"abc")
    bm.original = o
    bm.save(update_fields=["original"])
    utsending.send_vedtak(vedtak2026, by=None)

    z = zipfile.ZipFile(io.BytesIO(arkiv.lag_pakke(r).zip()))
    names = [n for n in z.namelist() if n != "arkivmelding.xml"]
    assert any(n.endswith("evil.docx") for n in names)
    assert any(n.startswith("ut-") and "evil" in n for n in names)
    for n in names:
        assert PLAIN.match(n), n
        for p in (PurePosixPath(n), PureWindowsPath(n)):
            assert len(p.parts) == 1 and not p.is_absolute() and p.name not in (".", ".."), n
    doc = etree.fromstring(z.read("arkivmelding.xml"))
    refs = sorted(e.text for e in doc.iterfind(".//a:referanseDokumentfil", NS))
    assert refs == sorted(names)
