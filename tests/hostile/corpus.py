"""The hostile and broken corpus: every file is made here, at test time, small and deterministic.

Each :class:`Case` is one file an owner or an attacker could upload: bombs, broken and
encrypted documents, files whose name lies about their format, odd encodings, another kind of
form, a behovsmelding with nothing filled in. ``expect`` says what must become of it:

- ``feil``: refused with one Norwegian line naming the reason;
- ``lest``: read into a record (the rest of a batch must not suffer from its neighbours);
- ``begge``: either of the two, but never a crash, a hang or a half-written row.

The one big file (50 MB of text) is written by :func:`write_corpus` straight into the target
folder, never kept in memory twice and never committed.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from behovsmelding.demo import demo_documents

MB = 1024 * 1024
BIG_TEXT_BYTES = 50 * MB


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    expect: str  # "feil" | "lest" | "begge"
    why: str


def seed_text(i: int = 0) -> str:
    return list(demo_documents())[i][1].decode("utf-8")


def seed_bytes(i: int = 0) -> bytes:
    return list(demo_documents())[i][1]


# --- .docx ------------------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_package(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def document_xml(paragraphs: list[str], prolog: str = "") -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx_of_seed(i: int = 0) -> bytes:
    return docx_package(document_xml([line.strip() for line in seed_text(i).splitlines()]))


def docx_bomb() -> bytes:
    """A document.xml that inflates to 300 MB from well under 1 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b"A" * MB
            for _ in range(300):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def docx_nested_zip_bomb() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("null.bin", b"\0" * (40 * MB))
    return docx_package(document_xml(["Hei"]), {"word/embeddings/bombe.zip": inner.getvalue()})


def docx_many_members() -> bytes:
    return docx_package(
        document_xml(["Hei"]), {f"word/media/bit{i}.xml": b"<a/>" for i in range(5000)}
    )


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def docx_xml_bomb() -> bytes:
    xml = (
        f'<?xml version="1.0"?>{BILLION_LAUGHS}<w:document xmlns:w="{W}"><w:body><w:p><w:r>'
        "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return docx_package(xml.encode())


def docx_xxe() -> bytes:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx_package(xml.encode())


def docx_deep() -> bytes:
    depth = 200_000
    xml = (
        f'<w:document xmlns:w="{W}"><w:body>'
        + "<w:p>" * depth
        + "</w:p>" * depth
        + "</w:body></w:document>"
    )
    return docx_package(xml.encode())


def docx_truncated() -> bytes:
    data = docx_of_seed()
    return data[: len(data) // 2]


def docx_garbage_xml() -> bytes:
    return docx_package(b"<w:document><<<ikke xml" + bytes(range(256)))


def docx_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("readme.txt", "ingen document.xml her")
    return buf.getvalue()


def docx_path_traversal() -> bytes:
    return docx_package(document_xml(["Hei"]), {"../../../../tmp/ond.txt": b"ond"})


def docx_other_form() -> bytes:
    return docx_package(document_xml(OTHER_FORM.splitlines()))


def docx_image_only() -> bytes:
    return docx_package(
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:drawing/></w:r></w:p></w:body>'
        "</w:document>".encode(),
        {"word/media/image1.png": png()},
    )


# --- .pdf -------------------------------------------------------------------------------------


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (200, 100), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def pdf_of_text(text: str) -> bytes:
    from html import escape

    import weasyprint  # type: ignore[import-untyped]

    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    html = (
        '<html><meta charset="utf-8"><body style="font-family:DejaVu Sans;font-size:9pt">'
        f"{body}</body></html>"
    )
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


def pdf_of_seed() -> bytes:
    return pdf_of_text(seed_text(0))


def pdf_truncated() -> bytes:
    data = pdf_of_seed()
    return data[: len(data) // 2]


def pdf_garbage() -> bytes:
    return b"%PDF-1.7\n" + random.Random(3).randbytes(20_000) + b"\n%%EOF\n"


def pdf_encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of_text("Hemmelig behovsmelding"))))
    writer.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_image_only() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 800), (255, 255, 255)).save(buf, "PDF")
    return buf.getvalue()


def pdf_many_pages() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(400):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_stream_bomb() -> bytes:
    """One page whose content stream inflates to 200 MB."""
    import zlib

    stream = zlib.compress(b"q Q " * (50 * MB), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# --- text -------------------------------------------------------------------------------------

OTHER_FORM = """Søknad om skjønnsmidler 2026
Statsforvalteren i Nordland

Søker: Bodø kommune
Prosjektnavn: Digital skolehverdag
Søknadsbeløp: 450 000 kr
Beskrivelse av prosjektet:
Kommunen søker om midler til utprøving av nye arbeidsformer.
"""

MEETING = """Referat fra møte i samarbeidsforum
Til stede: Kari Nordmann, Ola Nordmann
Sak 1: Budsjett for 2026
Vedtak: Saken utsettes.
"""


def empty_behovsmelding() -> bytes:
    """The form's headings and prompts with every answer left out."""
    keep = []
    for line in seed_text(0).splitlines():
        s = line.strip()
        if ":" in s:
            keep.append(s.split(":", 1)[0] + ":")
        elif s.isupper() or s.startswith("Behovsmelding") or s.startswith("kompetanseutvikling"):
            keep.append(s)
    return ("\n".join(keep) + "\n").encode()


def seed_with(old: str, new: str) -> bytes:
    text = seed_text(0)
    assert old in text
    return text.replace(old, new, 1).encode()


def cp1252_seed() -> bytes:
    return seed_text(0).replace("☒", "X").replace("☐", "_").encode("cp1252", errors="replace")


def control_chars() -> bytes:
    text = seed_text(0)
    rng = random.Random(11)
    chars = list(text)
    for _ in range(200):
        chars.insert(rng.randrange(len(chars)), chr(rng.choice([0, 1, 7, 8, 11, 12, 27, 127])))
    return "".join(chars).encode()


def one_long_line() -> bytes:
    return b"Behovsmelding " + b"x" * (5 * MB)


CASES: list[Case] = [
    # empty and garbage
    Case("tom.txt", lambda: b"", "feil", "0 byte"),
    Case("tom.docx", lambda: b"", "feil", "0 byte, .docx"),
    Case("tom.pdf", lambda: b"", "feil", "0 byte, .pdf"),
    Case("bare-mellomrom.txt", lambda: b" \n\t\r\n   \n", "feil", "bare blanke tegn"),
    Case("nullbyte.txt", lambda: b"\0" * 4096, "feil", "bare NUL-byte"),
    Case("søppel.txt", lambda: random.Random(1).randbytes(8192), "feil", "tilfeldige byte"),
    Case("søppel.docx", lambda: random.Random(2).randbytes(8192), "feil", "tilfeldige byte"),
    Case("søppel.pdf", lambda: random.Random(4).randbytes(8192), "feil", "tilfeldige byte"),
    # zip and XML bombs, broken packages
    Case("zip-bombe.docx", docx_bomb, "feil", "document.xml blåses opp til 300 MB"),
    Case("zip-i-zip.docx", docx_nested_zip_bomb, "begge", "40 MB nuller i et innebygd zip"),
    Case("mange-deler.docx", docx_many_members, "feil", "5000 deler i pakken"),
    Case("xml-bombe.docx", docx_xml_bomb, "feil", "billion laughs"),
    Case("xxe.docx", docx_xxe, "feil", "ekstern entitet file:///etc/passwd"),
    Case("dyp-xml.docx", docx_deep, "feil", "200 000 nivåer nesting"),
    Case("avkortet.docx", docx_truncated, "feil", "halve filen"),
    Case("korrupt-xml.docx", docx_garbage_xml, "feil", "document.xml er ikke XML"),
    Case("uten-dokument.docx", docx_without_document, "feil", "zip uten word/document.xml"),
    Case("sti-ut.docx", docx_path_traversal, "feil", "del med ../ i navnet"),
    Case("bare-bilde.docx", docx_image_only, "feil", "bare et bilde, ingen tekst"),
    Case("annet-skjema.docx", docx_other_form, "feil", "et annet skjema som .docx"),
    # PDFs
    Case("avkortet.pdf", pdf_truncated, "feil", "halve filen"),
    Case("korrupt.pdf", pdf_garbage, "feil", "PDF-hode, så søppel"),
    Case("kryptert.pdf", pdf_encrypted, "feil", "passordbeskyttet (RC4-128)"),
    Case("bare-bilde.pdf", pdf_image_only, "feil", "skannet side uten tekst"),
    Case("400-sider.pdf", pdf_many_pages, "feil", "over sidegrensen"),
    Case("strøm-bombe.pdf", pdf_stream_bomb, "feil", "innholdsstrøm på 200 MB"),
    Case("annet-skjema.pdf", lambda: pdf_of_text(OTHER_FORM), "feil", "et annet skjema som PDF"),
    # wrong names
    Case(
        "pdf-med-feil-navn.txt", lambda: pdf_of_text(seed_text(1)), "begge", "en PDF som heter .txt"
    ),
    Case("docx-med-feil-navn.pdf", docx_of_seed, "feil", "en .docx som heter .pdf"),
    Case("tekst-med-feil-navn.docx", lambda: seed_bytes(0), "feil", "tekst som heter .docx"),
    Case("bilde-med-feil-navn.pdf", png, "feil", "PNG som heter .pdf"),
    Case("program.exe", lambda: b"MZ" + bytes(2000), "feil", "filtype som ikke støttes"),
    Case("uten-endelse", lambda: seed_bytes(4), "begge", "ingen filendelse (lest som tekst)"),
    Case("makro.docm", lambda: docx_of_seed(2), "feil", "makrodokument"),
    # encodings and odd text
    Case("utf16-le-bom.txt", lambda: seed_text(0).encode("utf-16"), "lest", "UTF-16 med BOM"),
    Case(
        "utf16-be.txt", lambda: b"\xfe\xff" + seed_text(1).encode("utf-16-be"), "lest", "UTF-16 BE"
    ),
    Case("utf8-bom.txt", lambda: b"\xef\xbb\xbf" + seed_bytes(2), "lest", "UTF-8 med BOM"),
    Case("cp1252.txt", cp1252_seed, "begge", "Windows-1252 med æøå"),
    Case("kontrolltegn.txt", control_chars, "begge", "200 kontrolltegn strødd inn"),
    Case("én-lang-linje.txt", one_long_line, "feil", "5 MB på én linje"),
    Case(
        "avkortet.txt",
        lambda: b"".join(seed_bytes(1).splitlines(keepends=True)[:8]),
        "feil",
        "bare de første linjene",
    ),
    # other forms and empty answers
    Case("annet-skjema.txt", lambda: OTHER_FORM.encode(), "feil", "søknad om skjønnsmidler"),
    Case("møtereferat.txt", lambda: MEETING.encode(), "feil", "et møtereferat"),
    Case("tom-behovsmelding.txt", empty_behovsmelding, "begge", "alle felt tomme"),
    # good documents with hostile answers: read, and shown as text later
    Case(
        "skript-i-felt.txt",
        lambda: seed_with("Bodø kommune", "<script>alert(1)</script>"),
        "lest",
        "HTML/JS i eier",
    ),
    Case(
        "formel-i-felt.txt",
        lambda: seed_with("Bodø kommune", '=HYPERLINK("http://x")'),
        "lest",
        "regnearkformel i eier",
    ),
    Case("god.txt", lambda: seed_bytes(3), "lest", "en vanlig behovsmelding"),
    Case("god-utskrift.pdf", pdf_of_seed, "begge", "en behovsmelding skrevet ut som PDF"),
]

BIG_NAME = "50-MB-tekst.txt"


def write_big_text(path: Path) -> None:
    """50 MB of plain Norwegian text, written in chunks."""
    line = "Kompetanseutvikling i barnehage og skole, Bodø kommune, tiltak og budsjett.\n".encode()
    chunk = line * (MB // len(line))
    chunk += b"\n" * (MB - len(chunk))
    with path.open("wb") as f:
        for _ in range(BIG_TEXT_BYTES // MB):
            f.write(chunk)


def write_corpus(folder: Path) -> dict[str, Case]:
    """Every case as a file in ``folder`` (the 50 MB one included); returns them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {c.name: c for c in CASES}
    for c in CASES:
        (folder / c.name).write_bytes(c.make())
    write_big_text(folder / BIG_NAME)
    cases[BIG_NAME] = Case(BIG_NAME, lambda: b"", "feil", "50 MB tekst (over størrelsesgrensen)")
    return cases
