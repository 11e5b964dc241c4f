"""The .docx package: its parts read under the size limits, its XML parsed without danger.

A .docx is a ZIP package. :class:`_Package` opens it with :mod:`zipfile` after checking what
the first bytes are (PDF, old Word, RTF, encrypted Office file), refuses macros, too many parts
and a declared size over the limit, and inflates each part it reads in chunks, stopping at the
first byte over the member, total or compression-ratio limit (a ZIP bomb). :func:`parse_xml`
parses with lxml without DTDs, entities, network or huge trees, and refuses any DTD or entity
declaration before parsing (Word never writes one).
"""

from __future__ import annotations

import io
import posixpath
import threading
import zipfile
import zlib

from lxml import etree  # type: ignore[import-untyped]  # no stubs in requirements

from .errors import ReadError
from .limits import Deadline, Limits

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_REL_TYPES = {
    "numbering": "/numbering",
    "styles": "/styles",
    "glossary": "/glossaryDocument",
}
MACRO_CONTENT_TYPE = b"macroEnabled"

_INVALID_DOCX = "filen er ikke et gyldig Word-dokument (.docx)"


def sniff_not_docx(data: bytes) -> str | None:
    """A Norwegian reason when ``data`` is clearly not a .docx package, else None."""
    if not data:
        return "filen er tom (0 byte)"
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "filen heter .docx, men er en PDF – last den opp med filendelsen .pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "filen er kryptert/passordbeskyttet – lagre den uten passord og prøv igjen"
        return "filen er i det gamle Word-formatet (.doc) – åpne den i Word og lagre som .docx"
    if data.startswith(b"{\\rtf"):
        return "filen er i RTF-format – åpne den i Word og lagre som .docx"
    if not data.startswith(b"PK\x03\x04"):
        return f"{_INVALID_DOCX} (ikke en ZIP-pakke)"
    return None


class _Package:
    """The members of a .docx that the reader needs, read under the limits."""

    def __init__(self, data: bytes, limits: Limits, deadline: Deadline) -> None:
        reason = sniff_not_docx(data)
        if reason:
            raise ReadError(reason)
        self.limits = limits
        self.deadline = deadline
        self.inflated = 0  # bytes inflated so far, all members together
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
            raise ReadError(f"{_INVALID_DOCX} (pakken er skadet eller avkortet)") from e
        if len(infos) > limits.max_zip_members:
            raise ReadError(
                f"{_INVALID_DOCX} (for mange deler i pakken: {len(infos)}; "
                f"grensen er {limits.max_zip_members})"
            )
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_uncompressed_bytes:
            raise ReadError(_too_big(declared, limits.max_uncompressed_bytes))
        self.infos = {i.filename: i for i in infos}
        if any(i.flag_bits & 0x1 for i in infos):
            raise ReadError("filen er kryptert/passordbeskyttet – lagre den uten passord")
        names_lower = {n.lower() for n in self.infos}
        if any(n.endswith("vbaproject.bin") for n in names_lower):
            raise ReadError("makroer (.docm) tas ikke imot – lagre dokumentet som .docx")
        content_types = self.read("[Content_Types].xml", required=True)
        assert content_types is not None
        if MACRO_CONTENT_TYPE in content_types:
            raise ReadError("makroer (.docm) tas ikke imot – lagre dokumentet som .docx")
        self.main = self._main_part()
        self.rels = self._relations(self.main)

    def read(self, name: str, *, required: bool = False) -> bytes | None:
        """One member, inflated in chunks under the member, total and ratio limits."""
        self.deadline.check()
        info = self.infos.get(name)
        if info is None:
            if required:
                raise ReadError(f"{_INVALID_DOCX} (mangler {name})")
            return None
        lim = self.limits
        cap = min(lim.max_member_bytes, lim.max_uncompressed_bytes - self.inflated)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zf.open(info) as f:
                while True:
                    chunk = f.read(256 * 1024)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap:
                        raise ReadError(_too_big(size, cap))
                    if size > lim.ratio_floor_bytes and size > lim.max_compression_ratio * max(
                        info.compress_size, 1
                    ):
                        raise ReadError(
                            f"{_INVALID_DOCX} (en del av pakken pakkes ut mer enn "
                            f"{lim.max_compression_ratio:g} ganger – mulig ZIP-bombe)"
                        )
                    chunks.append(chunk)
                    self.deadline.check()
        except ReadError:
            raise
        except RuntimeError as e:  # zipfile: "File is encrypted, password required"
            raise ReadError("filen er kryptert/passordbeskyttet") from e
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ) as e:
            raise ReadError(f"{_INVALID_DOCX} (pakken er skadet eller avkortet)") from e
        self.inflated += size
        return b"".join(chunks)

    def _main_part(self) -> str:
        rels = self.read("_rels/.rels")
        if rels is not None:
            root = parse_xml(rels)
            for rel in root.iter("{" + REL_NS + "}Relationship"):
                # the Strict format's relationship types differ in their prefix only
                if (rel.get("Type") or "").endswith("/officeDocument"):
                    target = (rel.get("Target") or "").lstrip("/")
                    if target in self.infos:
                        return target
        if "word/document.xml" in self.infos:
            return "word/document.xml"
        raise ReadError(f"{_INVALID_DOCX} (mangler word/document.xml)")

    def _relations(self, part: str) -> dict[str, str]:
        """Relationship type suffix → member name, for the parts next to ``part``."""
        folder, base = posixpath.split(part)
        data = self.read(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if data is None:
            return out
        for rel in parse_xml(data).iter("{" + REL_NS + "}Relationship"):
            rtype = rel.get("Type") or ""
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            for key, suffix in _REL_TYPES.items():
                if rtype.endswith(suffix):
                    out[key] = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        return out

    def raw(self, key: str) -> bytes | None:
        name = self.rels.get(key)
        return self.read(name) if name is not None else None

    def part(self, key: str) -> etree._Element | None:
        data = self.raw(key)
        return parse_xml(data) if data is not None else None


def _too_big(size: int, cap: int) -> str:
    return (
        f"filen er for stor når den pakkes ut (over {max(size, cap) // (1024 * 1024)} MB; "
        f"grensen er {cap // (1024 * 1024)} MB)"
    )


_parsers = threading.local()


def _parser() -> etree.XMLParser:
    # A parser is not safe to share between threads; one per thread.
    p: etree.XMLParser | None = getattr(_parsers, "p", None)
    if p is None:
        p = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            dtd_validation=False,
            remove_comments=True,
            remove_pis=True,
        )
        _parsers.p = p
    return p


# Word's "Strict Open XML" documents name the same elements in another namespace.
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def parse_xml(data: bytes) -> etree._Element:
    """Parse one package member; DTDs and entity declarations are refused outright."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ReadError(
            f"{_INVALID_DOCX} (inneholder DTD/entiteter, som Word aldri skriver – avvist)"
        )
    if _STRICT_W in data:
        data = data.replace(_STRICT_W, _TRANSITIONAL_W)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise ReadError(f"{_INVALID_DOCX} (ugyldig XML: {e.msg})") from e
    if root is None:
        raise ReadError(f"{_INVALID_DOCX} (tom XML)")
    return root
