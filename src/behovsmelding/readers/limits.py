"""Limits that keep one hostile or broken upload from exhausting the machine.

Every limit is configuration with a safe default: :data:`DEFAULT` is used unless a caller passes
its own :class:`Limits`, and each value can be set from the environment
(``BEHOVSMELDING_MAX_FILE_MB`` …, see :func:`from_env`).

The time limit is enforced without signals or extra threads, so the readers work the same in a
web worker thread, a CLI and tests: the work on one document is bounded first by the size and
page limits (nothing the reader does is worse than linear in the bytes it is allowed to
inflate), and a :class:`Deadline` is then checked between units of work (zip members, XML
blocks, PDF pages and content-stream operators). A document that is still being read when the
deadline passes is given up with a Norwegian error.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace

from .errors import ReadError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Size, page and time limits for reading one document."""

    max_file_bytes: int = 20 * MB
    """The uploaded file itself (compressed, for .docx)."""
    max_uncompressed_bytes: int = 60 * MB
    """A .docx: all members together, as declared and as actually inflated."""
    max_member_bytes: int = 30 * MB
    """A .docx: one member (word/document.xml) as inflated."""
    max_zip_members: int = 2000
    max_compression_ratio: float = 200.0
    """A .docx member larger than ``ratio_floor_bytes`` may not inflate more than this."""
    ratio_floor_bytes: int = 2 * MB
    max_pages: int = 200
    """A PDF: pages read; a longer document is refused, not cut."""
    max_stream_bytes: int = 20 * MB
    """A PDF: one page's decoded content streams."""
    max_seconds: float = 10.0
    """Wall-clock time for one document."""
    max_text_bytes: int = 512 * 1024
    """A text file (.txt). A behovsmelding as text is 20–50 kB; the form parser's time grows
    faster than the text (1 MB of short lines: 10 s), so a text is bounded before it is read."""

    def deadline(self) -> Deadline:
        return Deadline(self.max_seconds)

    def check_upload(self, data: bytes) -> None:
        """ReadError for an empty upload or one over ``max_file_bytes``, before any parsing."""
        if not data:
            raise ReadError("filen er tom (0 byte)")
        if len(data) > self.max_file_bytes:
            raise ReadError(
                f"filen er for stor ({len(data) // MB} MB; grensen er "
                f"{self.max_file_bytes // MB} MB)"
            )


DEFAULT = Limits()

_ENV = {
    "max_file_bytes": ("BEHOVSMELDING_MAX_FILE_MB", MB),
    "max_uncompressed_bytes": ("BEHOVSMELDING_MAX_UNCOMPRESSED_MB", MB),
    "max_pages": ("BEHOVSMELDING_MAX_PAGES", 1),
    "max_seconds": ("BEHOVSMELDING_MAX_SECONDS", 1),
    "max_text_bytes": ("BEHOVSMELDING_MAX_TEXT_KB", 1024),
}


def from_env(environ: dict[str, str] | None = None, base: Limits = DEFAULT) -> Limits:
    """``base`` with the values the environment sets; a malformed value is an error."""
    env = os.environ if environ is None else environ
    changes: dict[str, float | int] = {}
    for name, (var, unit) in _ENV.items():
        raw = env.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            value = float(raw)
        except ValueError as e:
            raise ValueError(f"{var}={raw!r} er ikke et tall") from e
        if value <= 0:
            raise ValueError(f"{var} må være større enn 0")
        changes[name] = value if name == "max_seconds" else int(value * unit)
    return replace(base, **changes)  # type: ignore[arg-type]


class Deadline:
    """A point in time after which the reading of a document is given up."""

    __slots__ = ("_end", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise ReadError(
                f"dokumentet tok for lang tid å lese (grensen er {self.seconds:g} sekunder)"
            )


_active: Limits | None = None


def active() -> Limits:
    """The limits in force: :data:`DEFAULT` with what the environment sets, read once (at the
    first document a process reads) and then kept, so every reader and every format in the
    process (CLI, web worker, tests) uses the same object."""
    global _active
    if _active is None:
        _active = from_env()
    return _active


def reload_from_env() -> Limits:
    """Read the environment again (for tests that change it)."""
    global _active
    _active = None
    return active()
