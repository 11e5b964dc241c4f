"""Readers: documents (.txt, .docx, .pdf) → behovsmelding-v1 records.

``read_path`` and ``read_bytes`` are the only entry points; both raise :class:`ReadError`
with a Norwegian reason for anything that is not a readable behovsmelding, never another
exception from the document's format. Every format becomes the same ``list[Line]``
(``source.Line``) and goes through the one form parser (``form.parse_lines``).

Which reader reads a file is decided by its extension, checked against its first bytes:

* ``.txt``/``.text`` → text; ``.docx`` → Word; ``.pdf`` → PDF; no extension → what the bytes
  say (``%PDF-`` → PDF, a ZIP package → Word, else text).
* A file whose bytes contradict its extension (a ".docx" that is really a PDF, a ".pdf" that is
  a Word package, a ".txt" that is either) is refused with a clear error that names what it is.
  It is not silently read as the other format: the user then knows the name is wrong, and the
  original is stored under a name that says what it is.
* ``.docm``, ``.doc``, ``.rtf``, ``.odt`` get a reason of their own (macros; old or other
  formats: save as .docx).

The limits (size, pages, time) are :mod:`.limits`; ``kilde`` (file name, format, sha256) is
set on every record read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..record import Behovsmelding, Kilde
from . import provenance
from .errors import ReadError
from .form import parse_lines
from .limits import DEFAULT, Limits, active
from .reading import Lesing, collecting
from .source import Line, control_ratio, decode, text_lines

__all__ = [
    "MAX_BYTES",
    "SUPPORTED",
    "Lesing",
    "Limits",
    "ReadError",
    "read_bytes",
    "read_bytes_with_result",
    "read_path",
    "read_path_with_result",
    "read_paths",
    "sniff",
]

SUPPORTED = (".txt", ".docx", ".pdf")
MAX_BYTES = DEFAULT.max_file_bytes

_TEXT_SUFFIXES = (".txt", ".text")
_OTHER_FORMATS = {
    ".docm": "makroer (.docm) tas ikke imot – lagre dokumentet som .docx uten makroer",
    ".dotm": "makroer (.dotm) tas ikke imot – lagre dokumentet som .docx uten makroer",
    ".doc": "det gamle Word-formatet (.doc) støttes ikke – åpne filen i Word og lagre som .docx",
    ".rtf": "RTF støttes ikke – åpne filen i Word og lagre som .docx",
    ".odt": "OpenDocument (.odt) støttes ikke – lagre som .docx eller PDF",
}
_NAMES = {"pdf": "en PDF", "zip": "et Word-dokument (.docx)", "ole": "et gammelt Office-dokument"}


def sniff(data: bytes) -> str | None:
    """What the first bytes say: "pdf", "zip", "ole" (old Office or encrypted), or None."""
    if data[:1024].lstrip().startswith(b"%PDF-") or data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def _format_of(data: bytes, suffix: str) -> str:
    """ "txt", "docx" or "pdf" for a file with this extension and these bytes; or ReadError."""
    if suffix in _OTHER_FORMATS:
        raise ReadError(_OTHER_FORMATS[suffix])
    kind = sniff(data)
    if suffix in _TEXT_SUFFIXES:
        if kind is not None:
            raise ReadError(
                f"filen heter {suffix}, men er {_NAMES[kind]} – gi den riktig filendelse"
            )
        return "txt"
    if suffix == ".docx":
        if kind == "pdf":
            raise ReadError("filen heter .docx, men er en PDF – last den opp med filendelsen .pdf")
        return "docx"  # the docx reader explains anything else (old .doc, encrypted, not ZIP)
    if suffix == ".pdf":
        if kind == "zip":
            raise ReadError("filen heter .pdf, men er et Word-dokument – bruk filendelsen .docx")
        return "pdf"
    if suffix == "":
        return {"pdf": "pdf", "zip": "docx", "ole": "docx"}.get(kind or "", "txt")
    raise ReadError(f"filtypen «{suffix}» støttes ikke (støttet: {', '.join(SUPPORTED)})")


def document_lines(
    data: bytes, filename: str, limits: Limits | None = None
) -> tuple[str, list[Line]]:
    """The format and the lines of one document, before the form parser reads them."""
    suffix = Path(filename).suffix.lower()
    limits = limits or active()
    limits.check_upload(data)
    fmt = _format_of(data, suffix)
    try:
        if fmt == "docx":
            from .docx import docx_lines

            return fmt, docx_lines(data, limits)
        if fmt == "pdf":
            from .pdf import pdf_lines

            return fmt, pdf_lines(data, limits)
    except RecursionError as e:
        raise ReadError("dokumentet er for dypt nestet til å leses") from e
    except MemoryError as e:
        raise ReadError("dokumentet er for stort til å leses") from e
    if len(data) > limits.max_text_bytes:
        raise ReadError(
            f"teksten er for lang til å være en behovsmelding ({len(data) // 1024} kB; "
            f"grensen er {limits.max_text_bytes // 1024} kB)"
        )
    return fmt, _text(data)


def read_bytes(data: bytes, filename: str, limits: Limits | None = None) -> Behovsmelding:
    """Read one document given as bytes; ``filename`` names its format (see the module doc)."""
    return read_bytes_with_result(data, filename, limits, kilder=False).record


def read_bytes_with_result(
    data: bytes, filename: str, limits: Limits | None = None, *, kilder: bool = True
) -> Lesing:
    """The record of one document and, beside it, the fields that could not be read with
    certainty (path → the text as written; the record holds None there) and, unless
    ``kilder`` is False, where each filled field was read from (:mod:`.provenance`)."""
    try:
        with provenance.watching() as pages:
            fmt, lines = document_lines(data, filename, limits)
        with collecting() as paths:
            record = parse_lines(lines)
            uleselig = paths(record)
    except ReadError as e:
        e.fil = filename
        raise
    except RecursionError as e:  # pragma: no cover - defensive: never let a parser bug escape
        raise ReadError("dokumentet er for dypt nestet til å leses", filename) from e
    record.kilde = Kilde(
        fil=Path(filename).name, format=fmt, sha256=hashlib.sha256(data).hexdigest()
    )
    sources = provenance.locate(record, fmt, data, lines, pages) if kilder else {}
    return Lesing(record, uleselig, sources)


def read_path(path: str | Path, limits: Limits | None = None) -> Behovsmelding:
    return read_path_with_result(path, limits, kilder=False).record


def read_path_with_result(
    path: str | Path, limits: Limits | None = None, *, kilder: bool = True
) -> Lesing:
    p = Path(path)
    limits = limits or active()
    try:
        size = p.stat().st_size
        if size > limits.max_file_bytes:
            raise ReadError(f"filen er for stor ({size // (1024 * 1024)} MB)", str(p))
        data = p.read_bytes()
    except IsADirectoryError as e:
        raise ReadError("dette er en mappe, ikke en fil", str(p)) from e
    except FileNotFoundError as e:
        raise ReadError("filen finnes ikke", str(p)) from e
    except PermissionError as e:
        raise ReadError("mangler tilgang til å lese filen", str(p)) from e
    except OSError as e:
        raise ReadError(f"filen kan ikke leses ({e.strerror})", str(p)) from e
    return read_bytes_with_result(data, str(p), limits, kilder=kilder)


def read_paths(
    paths: Iterable[str | Path], limits: Limits | None = None
) -> list[tuple[str, Behovsmelding | ReadError]]:
    """A batch: each file's record or the ReadError that says why it could not be read.

    One unreadable (or hostile) file never stops the others.
    """
    out: list[tuple[str, Behovsmelding | ReadError]] = []
    for path in paths:
        try:
            out.append((str(path), read_path(path, limits)))
        except ReadError as e:
            out.append((str(path), e))
    return out


def _text(data: bytes) -> list[Line]:
    text = decode(data)
    if control_ratio(text) > 0.05:
        raise ReadError("filen ser ut til å være binær, ikke tekst")
    return text_lines(text)
