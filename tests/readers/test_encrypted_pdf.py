"""Encrypted PDFs: one that opens without a password (owner password only, or an empty user
password: every viewer opens it without asking) reads as the same PDF unencrypted, with every
encryption pypdf writes (RC4 40 and 128 bit, AES 128 and 256 bit); one that needs a user
password is refused with a clear Norwegian reason (exit 2), never an unexpected error (3).

The test PDFs are made here from the sample with pypdf's writer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from behovsmelding.cli import main
from behovsmelding.readers import ReadError, read_bytes

SAMPLE = (
    Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "sample_d_2026_bodo.pdf"
)
ALGORITHMS = ["RC4-40", "RC4-128", "AES-128", "AES-256-R5", "AES-256"]


def _encrypted(algorithm: str, user: str, owner: str | None) -> bytes:
    if not SAMPLE.is_file():
        pytest.skip("sample D's PDF not found")
    writer = PdfWriter(clone_from=PdfReader(SAMPLE))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def plain() -> dict[str, object]:
    if not SAMPLE.is_file():
        pytest.skip("sample D's PDF not found")
    record = read_bytes(SAMPLE.read_bytes(), "d.pdf").to_dict()
    record.pop("kilde")
    return record


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("owner", ["eierpassord", None], ids=["owner-password", "no-owner"])
def test_a_pdf_that_opens_without_a_password_reads(
    algorithm: str, owner: str | None, plain: dict[str, object]
) -> None:
    data = _encrypted(algorithm, "", owner)
    assert PdfReader(io.BytesIO(data)).is_encrypted
    record = read_bytes(data, "kryptert.pdf").to_dict()
    record.pop("kilde")
    assert record == plain


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_a_pdf_that_needs_a_user_password_is_refused_clearly(algorithm: str) -> None:
    data = _encrypted(algorithm, "hemmelig", "eierpassord")
    with pytest.raises(ReadError, match="passordbeskyttet"):
        read_bytes(data, "kryptert.pdf")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_the_cli_exits_2_for_a_password_and_0_without(
    algorithm: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "laast.pdf"
    locked.write_bytes(_encrypted(algorithm, "hemmelig", "eierpassord"))
    assert main(["read", str(locked)]) == 2
    err = capsys.readouterr().err
    assert "passordbeskyttet" in err and "uventet" not in err
    opens = tmp_path / "aapen.pdf"
    opens.write_bytes(_encrypted(algorithm, "", "eierpassord"))
    assert main(["read", str(opens)]) == 0


def test_the_package_asks_for_pypdfs_crypto_extra() -> None:
    # without cryptography pypdf cannot open AES-encrypted PDFs at all ("DependencyError")
    import tomllib

    root = Path(__file__).resolve().parents[2]
    deps = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert any(d.replace(" ", "").startswith("pypdf[crypto]") for d in deps)
    pins = (root / "requirements.txt").read_text("utf-8").splitlines()
    assert any(p.startswith("cryptography==") for p in pins)
