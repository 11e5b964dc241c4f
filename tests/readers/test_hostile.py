"""Hostile and broken uploads: each gives a clear Norwegian ReadError, fast, and a batch goes on.

Every input here is made in the test: zip bombs, entity expansion, truncated archives,
encrypted and image-only PDFs, files whose name lies about their format, empty files.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

import pytest
import weasyprint  # type: ignore[import-untyped]
from docx import Document
from pypdf import PdfReader, PdfWriter

from behovsmelding.readers import (
    ReadError,
    document_lines,
    read_bytes,
    read_path,
    read_paths,
)
from behovsmelding.readers.limits import DEFAULT, Limits, from_env

MB = 1024 * 1024
DOC_XML = "word/document.xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def small_docx(text: str = "Hei") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def with_member(data: bytes, name: str, content: bytes, *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info.filename))
        dst.writestr(name, content, zipfile.ZIP_DEFLATED, compresslevel=level)
    return out.getvalue()


def text_pdf(text: str = "Behovsmelding", pages: int = 1) -> bytes:

    body = "".join(f'<p style="page-break-after:always">{text} {i}</p>' for i in range(pages))
    html = f'<html><meta charset="utf-8"><body style="font-family:DejaVu Sans">{body}</body></html>'
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def reason(data: bytes, name: str, limits: Limits = DEFAULT) -> str:
    with pytest.raises(ReadError) as info:
        read_bytes(data, name, limits)
    assert info.value.fil == name
    return info.value.grunn


# --- empty and mislabelled files ------------------------------------------------------------


@pytest.mark.parametrize("name", ["tom.docx", "tom.pdf", "tom.txt", "tom"])
def test_an_empty_file_is_refused_as_empty(name: str) -> None:
    assert reason(b"", name) == "filen er tom (0 byte)"


def test_a_docx_that_is_really_a_pdf_says_so() -> None:
    assert "er en PDF" in reason(text_pdf(), "behovsmelding.docx")


def test_a_pdf_that_is_really_a_docx_says_so() -> None:
    assert "er et Word-dokument" in reason(small_docx(), "behovsmelding.pdf")


def test_a_txt_that_is_really_a_pdf_says_so() -> None:
    assert "er en PDF" in reason(text_pdf(), "behovsmelding.txt")


def test_a_file_without_extension_is_read_by_its_content() -> None:
    fmt, lines = document_lines(small_docx("Uten filendelse"), "behovsmelding")
    assert fmt == "docx" and [ln.text for ln in lines if ln.text] == ["Uten filendelse"]


def test_garbage_named_docx_is_not_a_word_document() -> None:
    assert "ikke et gyldig Word-dokument" in reason(bytes(range(256)) * 8, "x.docx")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.docm", "makroer"), ("a.doc", ".doc"), ("a.odt", ".odt"), ("a.xlsx", "støttes ikke")],
)
def test_other_formats_are_named_in_the_reason(name: str, expected: str) -> None:
    assert expected in reason(small_docx(), name)


# --- .docx packages ---------------------------------------------------------------------------


def test_a_truncated_docx_is_refused() -> None:
    data = small_docx("En hel setning")
    for cut in (len(data) // 10, len(data) // 2, len(data) - 30):
        assert "skadet eller avkortet" in reason(data[:cut], "avkortet.docx")


def test_a_zip_bomb_member_is_stopped_by_its_compression_ratio() -> None:
    bomb = b"<w:document/>" + b" " * (12 * MB)
    data = with_member(small_docx(), DOC_XML, bomb, level=9)
    assert len(data) < 200_000
    assert "ZIP-bombe" in reason(data, "bombe.docx")


def test_a_package_larger_than_the_limit_when_inflated_is_refused() -> None:
    data = with_member(small_docx(), "word/media/stor.bin", b"x" * (3 * MB))
    limits = Limits(max_uncompressed_bytes=2 * MB)
    assert "for stor når den pakkes ut" in reason(data, "stor.docx", limits)


def test_a_member_larger_than_the_member_limit_is_refused_while_inflating() -> None:
    big = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b" " * MB + b"</w:body></w:document>"
    data = with_member(small_docx(), DOC_XML, big, level=1)
    limits = Limits(max_member_bytes=MB // 2, ratio_floor_bytes=10 * MB)
    assert "for stor" in reason(data, "stor.docx", limits)


def test_a_lying_size_in_the_zip_headers_does_not_inflate_more() -> None:
    data = bytearray(with_member(small_docx(), DOC_XML, b" " * (4 * MB)))
    # set the declared uncompressed size of every member to 10 bytes (local + central headers)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig)
        while pos != -1:
            struct.pack_into("<I", data, pos + offset, 10)
            pos = data.find(sig, pos + 4)
    assert "ikke et gyldig Word-dokument" in reason(bytes(data), "lyver.docx")


def test_too_many_members_is_refused() -> None:
    data = small_docx()
    for i in range(12):
        data = with_member(data, f"customXml/item{i}.xml", b"<a/>")
    assert "for mange deler" in reason(data, "mange.docx", Limits(max_zip_members=10))


def test_xml_entity_expansion_is_refused_before_parsing() -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    data = with_member(small_docx(), DOC_XML, lol.encode())
    assert "DTD/entiteter" in reason(data, "lol.docx")


def test_an_external_entity_is_never_resolved() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    data = with_member(small_docx(), DOC_XML, xxe.encode())
    assert "DTD/entiteter" in reason(data, "xxe.docx")


def test_nesting_deeper_than_lxml_allows_is_refused() -> None:
    deep = (
        f'<w:document xmlns:w="{W_NS}"><w:body>'
        + "<w:customXml>" * 5000
        + "</w:customXml>" * 5000
        + "</w:body></w:document>"
    )
    data = with_member(small_docx(), DOC_XML, deep.encode())
    grunn = reason(data, "dyp.docx")
    assert "ugyldig XML" in grunn or "dypt nestet" in grunn


def test_macros_are_refused_by_content_type_and_by_vba_part() -> None:
    data = small_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        )
    assert "makroer" in reason(with_member(data, "[Content_Types].xml", types), "m.docx")
    assert "makroer" in reason(with_member(data, "word/vbaProject.bin", b"\0" * 64), "v.docx")


def test_a_password_protected_word_file_is_refused_as_encrypted() -> None:
    # Word writes a protected .docx as an OLE compound file holding an EncryptedPackage.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    assert "kryptert/passordbeskyttet" in reason(ole + b"\0" * 500, "hemmelig.docx")
    assert "gamle Word-formatet" in reason(ole[:8] + b"\0" * 1000, "gammel.docx")


def test_a_zip_with_encrypted_members_is_refused_as_encrypted() -> None:
    data = bytearray(small_docx())
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos != -1:
            flags = struct.unpack_from("<H", data, pos + offset)[0]
            struct.pack_into("<H", data, pos + offset, flags | 1)
            pos = data.find(sig, pos + 4)
    assert "kryptert" in reason(bytes(data), "zipcrypto.docx")


# --- PDFs --------------------------------------------------------------------------------------


def _encrypted(user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Hemmelig behovsmelding"))))
    writer.encrypt(user, owner_password=owner, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_an_encrypted_pdf_is_refused() -> None:
    assert "kryptert/passordbeskyttet" in reason(_encrypted("hemmelig", "eier"), "k.pdf")


def test_a_pdf_with_only_an_owner_password_is_read() -> None:
    fmt, lines = document_lines(_encrypted("", "eier"), "tillatelser.pdf")
    assert fmt == "pdf" and any("Hemmelig behovsmelding" in ln.text for ln in lines)


def test_an_image_only_pdf_is_refused_as_scanned() -> None:
    from PIL import Image

    img = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(img, format="PNG")
    import base64

    src = "data:image/png;base64," + base64.b64encode(img.getvalue()).decode()
    pdf = weasyprint.HTML(string=f'<img src="{src}">').write_pdf()
    assert "bare bilder (skannet?)" in reason(pdf, "skannet.pdf")


def test_a_truncated_pdf_is_refused() -> None:
    data = text_pdf(pages=3)
    for cut in (100, len(data) // 2):
        assert "PDF" in reason(data[:cut], "avkortet.pdf")


def test_a_pdf_with_more_pages_than_the_limit_is_refused() -> None:
    assert "for mange sider (4; grensen er 3)" in reason(
        text_pdf(pages=4), "lang.pdf", Limits(max_pages=3)
    )


def test_a_page_with_too_much_content_is_refused() -> None:
    assert "for stor å lese" in reason(text_pdf(), "tett.pdf", Limits(max_stream_bytes=10))


def test_garbage_after_a_pdf_header_is_not_a_pdf() -> None:
    assert "ikke en gyldig PDF" in reason(b"%PDF-1.7\n" + bytes(range(256)) * 4, "søppel.pdf")


def test_megabytes_without_an_end_marker_are_not_a_pdf() -> None:
    # (pypdf alone searches such a file line by line from the end, for longer than the limit)
    data = b"%PDF-1.7\n" + random.Random(1).randbytes(3 * 1024 * 1024).replace(b"%%EOF", b"")
    assert reason(data, "stor.pdf") == "filen er ikke en gyldig PDF (skadet eller avkortet)"


def test_bytes_after_the_last_end_marker_are_no_part_of_the_pdf() -> None:
    pdf = text_pdf("Tiltak")
    junk = random.Random(2).randbytes(2 * 1024 * 1024).replace(b"%%EOF", b"")
    lines = document_lines(pdf, "t.pdf")[1]
    assert any("Tiltak 0" in str(ln) for ln in lines)
    assert document_lines(pdf + junk, "t.pdf")[1] == lines


# --- limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "make"), [("t.docx", small_docx), ("t.pdf", text_pdf)])
def test_the_time_limit_stops_a_document(name: str, make: object) -> None:
    assert callable(make)
    data = make()
    assert "tok for lang tid" in reason(data, name, Limits(max_seconds=-1.0))


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    assert "for stor" in reason(small_docx(), "a.docx", Limits(max_file_bytes=100))


def test_limits_come_from_the_environment_with_defaults() -> None:
    limits = from_env({"BEHOVSMELDING_MAX_PAGES": "5", "BEHOVSMELDING_MAX_SECONDS": "2.5"})
    assert (limits.max_pages, limits.max_seconds) == (5, 2.5)
    assert limits.max_file_bytes == DEFAULT.max_file_bytes
    with pytest.raises(ValueError, match="BEHOVSMELDING_MAX_FILE_MB"):
        from_env({"BEHOVSMELDING_MAX_FILE_MB": "mange"})


# --- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "make"), [("f.docx", small_docx), ("f.pdf", text_pdf)])
def test_random_damage_gives_lines_or_a_read_error_never_a_crash(name: str, make: object) -> None:
    assert callable(make)
    original: bytes = make()
    rng = random.Random(6)
    for _ in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            document_lines(bytes(data), name)
        except ReadError as e:
            assert e.grunn


def test_a_batch_reads_the_good_file_and_explains_each_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "god.docx"
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
    samples = sorted(shared.glob("*.docx"))
    if not samples:
        pytest.skip("no sample documents in the shared folder")
    good.write_bytes(samples[0].read_bytes())
    (tmp_path / "tom.pdf").write_bytes(b"")
    (tmp_path / "egentlig-pdf.docx").write_bytes(text_pdf())
    (tmp_path / "bombe.docx").write_bytes(
        with_member(small_docx(), DOC_XML, b" " * (12 * MB), level=9)
    )
    (tmp_path / "kryptert.pdf").write_bytes(_encrypted("hemmelig", "eier"))
    names = ["bombe.docx", "egentlig-pdf.docx", "god.docx", "kryptert.pdf", "tom.pdf"]
    results = dict(read_paths(tmp_path / n for n in names))
    record = results[str(good)]
    assert not isinstance(record, ReadError)
    assert record.kilde is not None and record.kilde.format == "docx"
    errors = {Path(k).name: v for k, v in results.items() if isinstance(v, ReadError)}
    assert sorted(errors) == ["bombe.docx", "egentlig-pdf.docx", "kryptert.pdf", "tom.pdf"]
    assert all(e.grunn for e in errors.values())
    with pytest.raises(ReadError, match="finnes ikke"):
        read_path(tmp_path / "mangler.pdf")


def test_a_malformed_attribute_inside_a_valid_package_is_a_read_error() -> None:
    doc = (
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:sym w:font="Wingdings" '
        'w:char="zz"/></w:r></w:p></w:body></w:document>'
    )
    data = with_member(small_docx(), DOC_XML, doc.encode())
    assert "skadet innhold" in reason(data, "rar.docx")
