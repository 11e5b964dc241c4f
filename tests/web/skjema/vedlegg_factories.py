"""Files for the attachment tests, made as the programs people use would make them (the
smallest packages their readers accept), and files that only pretend to be one."""

from __future__ import annotations

import io
import zipfile

from django.contrib.auth.models import User

from behovsmelding.web.skjema import vedlegg
from behovsmelding.web.skjema.models import Utkast, Vedlegg


def pdf(size: int = 0) -> bytes:
    """A PDF of at least ``size`` bytes (padded with a comment, as producers may)."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    tail = b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    pad = max(0, size - len(head) - len(tail))
    return head + (b"%" + b"x" * (pad - 2) + b"\n" if pad >= 2 else b" " * pad) + tail


def xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Post", "Eier", "UH"])
    ws.append(["Samlinger", 20000, 50000])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (name, data) in enumerate(entries):
            kind = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            z.writestr(name, data, compress_type=kind)
    return buf.getvalue()


_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{ct}"/></Types>'
)


def docx(*, macros: bool = False) -> bytes:
    ct = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    entries = [
        ("[Content_Types].xml", _CT.format(part="word/document.xml", ct=ct).encode()),
        (
            "word/document.xml",
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>Budsjett</w:t></w:r></w:p></w:body></w:document>",
        ),
    ]
    if macros:
        entries.append(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"))
    return _zip(entries)


def ods(mimetype: str = "application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    return _zip(
        [
            ("mimetype", mimetype.encode()),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ],
        stored_first=True,
    )


def plain_zip() -> bytes:
    return _zip([("budsjett.txt", b"Eier 20 000, UH 50 000")])


def upload(
    u: Utkast, by: User, name: str = "budsjett.pdf", data: bytes | None = None, rad: str = ""
) -> Vedlegg:
    data = pdf() if data is None else data
    return vedlegg.upload(
        u, filnavn=name, innhold=io.BytesIO(data), storrelse=len(data), rad=rad, by=by
    )
