"""What kind of file an attachment is, told by its content, never by its name alone.

A PDF begins with ``%PDF-`` (within the first 1024 bytes, as readers accept it). XLSX and DOCX
are zip packages whose ``[Content_Types].xml`` names the workbook's or the document's main
part (macro-enabled workbooks and documents are not these types); an ODS spreadsheet is a zip
whose ``mimetype`` entry says ``application/vnd.oasis.opendocument.spreadsheet``. Only the small
entries that tell the type are read, never the whole package (a zip bomb stays packed).
This module knows bytes only: no Django.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Filtype:
    key: str  # pdf, xlsx, docx, ods
    navn: str  # as the user knows it
    endelse: str  # the file name's ending
    mimetype: str


PDF = Filtype("pdf", "PDF", ".pdf", "application/pdf")
XLSX = Filtype(
    "xlsx",
    "Excel (XLSX)",
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
DOCX = Filtype(
    "docx",
    "Word (DOCX)",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
ODS = Filtype(
    "ods", "OpenDocument-regneark (ODS)", ".ods", "application/vnd.oasis.opendocument.spreadsheet"
)
TYPER = {t.key: t for t in (PDF, XLSX, DOCX, ODS)}

# The content type of each package's main part (ECMA-376 Part 2 / ISO 29500).
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
}
_SMALL = 1 << 20  # the type-telling entries are a few kilobytes; a bigger one is not honest


def detect(data: bytes) -> Filtype | None:
    """The type the content shows, or ``None`` when it is none of the allowed ones."""
    if b"%PDF-" in data[:1024]:
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _package(z)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError):
        return None


def _read_small(z: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _SMALL:
        return None
    return z.read(info)


def _package(z: zipfile.ZipFile) -> Filtype | None:
    names = set(z.namelist())
    mimetype = _read_small(z, "mimetype")
    if mimetype is not None:
        return ODS if mimetype.strip() == ODS.mimetype.encode() else None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return None  # macros: not a plain workbook or document
    types = _read_small(z, "[Content_Types].xml")
    if types is None:
        return None
    found = [t for ct, t in _OOXML_MAIN.items() if ct.encode() in types]
    if len(found) != 1:
        return None
    main = "xl/workbook.xml" if found[0] is XLSX else "word/document.xml"
    return found[0] if main in names else None


def endelse(filnavn: str) -> str:
    """``"Budsjett.XLSX"`` → ``".xlsx"``."""
    name = filnavn.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""
