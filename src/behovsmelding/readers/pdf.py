"""PDF documents → the form parser's lines.

pypdf (BSD) parses the file: cross references, page tree, decompression, fonts and their
ToUnicode maps. The page content streams are then read by a small interpreter of our own
(:mod:`.pdf_content`) that keeps what a plain text extraction throws away – where every piece
of text and every table border sits – and that is several times faster than pypdf's own
``extract_text``; :mod:`.pdf_layout` turns that into Lines. This module opens the file, holds
the limits and the errors, and chooses between the fast reading and pypdf's.

From the positions the reader rebuilds what the docx reader gives directly:

* **Table rows.** Table borders are drawn as line segments. A piece of text with a border on
  all four sides sits in a cell; the cells between the same two horizontal borders form a row,
  and the vertical borders that cross the row give its cells, empty ones included. A row is one
  :class:`Line` with ``cells``, like a tab-separated row in text or a ``w:tr`` in docx; a row
  with one cell is a frame around an answer, and its paragraphs become ordinary Lines.
* **Paragraphs.** Lines that the layout wrapped are joined again: a line belongs to the
  paragraph above when it has the same font size, follows at the line pitch, and the line above
  was full (its end plus the first word of this line would not have fitted inside the right
  margin or cell border). A paragraph ends otherwise, and so does a list item at its bullet.
* **Values wrapped inside narrow cells.** A line holding a single token that fills its cell
  ("kari.nordmann@fjordby.k" / "ommune.no", "1234.5678.901.PROSJEK" / "T") was broken inside
  the word, and is joined without a space.
* **Rows split by a page break** are one row again: the first row of a page continues the last
  row of the page before when the columns are the same and its first cell is empty or goes on
  with text (the form's rows start with a label).
* **Check boxes** are text ("☒"/"☐") when the PDF has them as glyphs, also from a symbol font
  that kept its private-use code (Wingdings U+F0FE, U+F0A8 …); a Word 97 check box field that
  LibreOffice prints as a stroked square (crossed when ticked) becomes "☐"/"☒" where it stands.
  A box drawn with the wrong glyph cannot be told from the PDF: it shows what it shows.

Amounts whose cells were lost entirely (a PDF without borders) are left to the form parser,
which reads the row with :func:`values.amount_row` (split only where Eier + UH = Totalt leaves
one reading, else unreadable). A
label glued to the next amount in a cell ("100.000 (UiX)50.000,- (HiY)", LibreOffice drops
the line break there) gets its line break back.

A PDF that the interpreter does not understand (Type 3 fonts, text in form XObjects, a font
pypdf cannot map) is read with pypdf's ``extract_text`` instead, as plain lines.

Safety: the file size and page count are checked before any page is read, every decoded
content stream is capped, and the per-document deadline is checked between pages and every
few thousand operators. Encrypted PDFs (unless they open with the empty password) and PDFs with
no text at all (scans) give a Norwegian error.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import ContentStream, IndirectObject

from .errors import ReadError
from .limits import DEFAULT, Deadline, Limits
from .pdf_content import _Font, _Interpreter, _Page, _Unsupported
from .pdf_layout import _pages_to_lines
from .prose import FOOTER_RE
from .provenance import keep_pages
from .source import Line, text_lines

log = logging.getLogger(__name__)

_INVALID_PDF = "filen er ikke en gyldig PDF"
_NO_TEXT = (
    "PDF-en inneholder bare bilder (skannet?) og ingen tekst – "
    "send Word-filen eller en PDF med tekst"
)
_ENCRYPTED = "filen er kryptert/passordbeskyttet – send en PDF uten passord"
_ENCRYPTED_UNSUPPORTED = (
    "filen er kryptert på en måte som ikke kan leses her – send en PDF uten kryptering"
)

# What pypdf (or our interpreter) raises on a damaged file; all of it means "unreadable PDF".
_BROKEN = (
    PyPdfError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    NotImplementedError,
    RecursionError,
    EOFError,
    OSError,
    zlib.error,
    struct.error,
)

__all__ = ["pdf_lines"]

# --- entry points --------------------------------------------------------------------------


def _open(data: bytes, limits: Limits) -> PdfReader:
    limits.check_upload(data)
    head = data[:1024]
    if b"%PDF-" not in head:
        if data.startswith(b"PK\x03\x04"):
            raise ReadError("filen heter .pdf, men er et Word-dokument – bruk filendelsen .docx")
        raise ReadError(f"{_INVALID_PDF} (mangler PDF-hode)")
    # pypdf looks for the end marker line by line from the end, in Python: on megabytes
    # without one that takes longer than the time limit, and it fails all the same. Bytes
    # after the last marker are no part of the document (every viewer ignores them).
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise ReadError(f"{_INVALID_PDF} (skadet eller avkortet)")
    if len(data) - end > 1024:
        data = data[: end + 5] + b"\n"
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except DependencyError as e:  # pragma: no cover - cryptography is a dependency
                raise ReadError(_ENCRYPTED_UNSUPPORTED) from e
            except (PyPdfError, NotImplementedError, ValueError) as e:
                raise ReadError(_ENCRYPTED) from e
            if not ok:
                raise ReadError(_ENCRYPTED)
        count = len(reader.pages)
    except ReadError:
        raise
    except _BROKEN as e:
        raise ReadError(f"{_INVALID_PDF} (skadet eller avkortet)") from e
    if count == 0:
        raise ReadError(f"{_INVALID_PDF} (ingen sider)")
    if count > limits.max_pages:
        raise ReadError(f"PDF-en har for mange sider ({count}; grensen er {limits.max_pages})")
    return reader


def _fonts(page: Any, cache: dict[int, _Font]) -> dict[str, _Font]:
    out: dict[str, _Font] = {}
    resources = page.get("/Resources")
    if resources is None:
        return out
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for xo in xobjects.get_object().values():
            if xo.get_object().get("/Subtype") == "/Form":
                raise _Unsupported("form xobject")
    fonts = resources.get("/Font")
    if fonts is None:
        return out
    for name, ref in fonts.get_object().items():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        font = cache.get(key)
        if font is None:
            font = _Font(ref.get_object())
            cache[key] = font
        out[name[1:]] = font
    return out


def _content(page: Any, limits: Limits) -> bytes:
    contents = page.get_contents()
    if contents is None:
        return b""
    if isinstance(contents, ContentStream):
        data: bytes = contents.get_data()
    else:
        data = contents.get_object().get_data()
    if len(data) > limits.max_stream_bytes:
        raise ReadError(
            f"en side i PDF-en er for stor å lese (over "
            f"{limits.max_stream_bytes // (1024 * 1024)} MB innhold)"
        )
    return data


def _fast(reader: PdfReader, limits: Limits, deadline: Deadline) -> list[Line]:
    cache: dict[int, _Font] = {}
    pages: list[_Page] = []
    for page in reader.pages:
        deadline.check()
        interp = _Interpreter(_fonts(page, cache), deadline)
        result = interp.run(_content(page, limits))
        interp.boxes()
        box = page.mediabox
        result.width, result.height = float(box.width), float(box.height)
        pages.append(result)
    keep_pages(pages)
    return _pages_to_lines(pages)


def _slow(reader: PdfReader, deadline: Deadline) -> list[Line]:
    lines: list[Line] = []
    for page in reader.pages:
        deadline.check()
        lines.extend(
            ln for ln in text_lines(page.extract_text() or "") if not FOOTER_RE.match(ln.text)
        )
    return lines


def pdf_lines(data: bytes, limits: Limits = DEFAULT) -> list[Line]:
    """The document's lines; ReadError for anything unreadable."""
    deadline = limits.deadline()
    reader = _open(data, limits)
    try:
        try:
            lines = _fast(reader, limits, deadline)
        except _Unsupported as e:
            log.info("pdf: %s; using pypdf's text extraction", e)
            lines = _slow(reader, deadline)
    except ReadError:
        raise
    except _BROKEN as e:
        raise ReadError(f"{_INVALID_PDF} (skadet innhold)") from e
    if not any(line.text.strip() for line in lines):
        raise ReadError(_NO_TEXT)
    return lines
