"""Readers: documents (.txt now; .docx and .pdf later) → behovsmelding-v1 records.

``read_path`` and ``read_bytes`` are the only entry points; both raise :class:`ReadError`
with a Norwegian reason for anything that is not a readable behovsmelding, never another
exception.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..record import Behovsmelding, Kilde
from .errors import ReadError
from .form import parse_lines
from .source import control_ratio, decode, text_lines

__all__ = ["MAX_BYTES", "SUPPORTED", "ReadError", "read_bytes", "read_path"]

SUPPORTED = (".txt",)
MAX_BYTES = 20 * 1024 * 1024


def read_bytes(data: bytes, filename: str) -> Behovsmelding:
    """Read one document given as bytes; ``filename`` decides the format by its extension."""
    suffix = Path(filename).suffix.lower()
    try:
        if len(data) > MAX_BYTES:
            raise ReadError(f"filen er for stor ({len(data) // (1024 * 1024)} MB; grensen er "
                            f"{MAX_BYTES // (1024 * 1024)} MB)")
        if suffix in (".txt", ".text", ""):
            record = _read_text(data)
            fmt = "txt"
        else:
            raise ReadError(f"filtypen «{suffix}» støttes ikke (støttet: {', '.join(SUPPORTED)})")
    except ReadError as e:
        e.fil = filename
        raise
    except RecursionError as e:  # pragma: no cover - defensive: never let a parser bug escape
        raise ReadError("dokumentet er for dypt nestet til å leses", filename) from e
    record.kilde = Kilde(fil=Path(filename).name, format=fmt,
                         sha256=hashlib.sha256(data).hexdigest())
    return record


def read_path(path: str | Path) -> Behovsmelding:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
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
    record = read_bytes(data, str(p))
    return record


def _read_text(data: bytes) -> Behovsmelding:
    text = decode(data)
    if control_ratio(text) > 0.05:
        raise ReadError("filen ser ut til å være binær, ikke tekst")
    return parse_lines(text_lines(text))
