"""Layout variants of the shared samples, as people's tools make them, scored field by field.

usage: python scripts/variant_corpus.py [--out DIR] [--keep]

For each sample form in ../shared/samples (the .docx with its .json record) this makes layout
variants with python-docx (landscape pages, large and small fonts, wide margins, another font
family), prints each with LibreOffice to PDF, extracts text the ways a person would
(``pdftotext`` plain, ``-layout`` and ``-raw``; LibreOffice's text export) and reads every
result: the .docx, the .pdf and each text. Each reading is scored against the sample's record
with the shared scorer (../shared/tools/score_record.py); layout does not change content, so
every variant should score 1.0. Prints one line per reading and the fields that differ.
Run on demand (it needs LibreOffice and poppler-utils; a minute or two), not in CI.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from behovsmelding.readers import ReadError, read_bytes  # noqa: E402


def _scorer() -> Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]:
    spec = importlib.util.spec_from_file_location(
        "score_record", SHARED / "tools" / "score_record.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    def score(want: dict[str, Any], got: dict[str, Any]) -> tuple[float, list[str]]:
        g, c = dict(mod.leaves(want)), dict(mod.leaves(got))
        keys = list(dict.fromkeys([*g, *c]))
        missed = [k for k in keys if not (k in g and k in c and mod.same(g[k], c[k]))]
        return (len(keys) - len(missed)) / max(1, len(keys)), missed

    return score


def _all_runs(doc: Any) -> Any:
    for p in doc.paragraphs:
        yield from p.runs
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def landscape(doc: Any) -> None:
    for s in doc.sections:
        w, h = s.page_width, s.page_height
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = max(w, h), min(w, h)


def font_size(size: float) -> Callable[[Any], None]:
    def apply(doc: Any) -> None:
        for style in doc.styles:
            font = getattr(style, "font", None)
            if font is not None and font.size is not None:
                font.size = Pt(size)
        doc.styles["Normal"].font.size = Pt(size)
        for r in _all_runs(doc):
            r.font.size = Pt(size)

    return apply


def wide_margins(doc: Any) -> None:
    for s in doc.sections:
        s.left_margin = s.right_margin = Cm(4.0)


def serif(doc: Any) -> None:
    doc.styles["Normal"].font.name = "Liberation Serif"
    for r in _all_runs(doc):
        r.font.name = "Liberation Serif"


TRANSFORMS: dict[str, Callable[[Any], None]] = {
    "som-den-er": lambda doc: None,
    "liggende": landscape,
    "stor-skrift": font_size(14),
    "liten-skrift": font_size(8),
    "brede-marger": wide_margins,
    "serif": serif,
    "liggende-stor-skrift": lambda doc: (landscape(doc), font_size(13)(doc)),
}


def soffice(src: Path, fmt: str, out: Path) -> Path:
    exe = shutil.which("soffice")
    if exe is None:
        raise SystemExit("soffice mangler (apt-get install libreoffice-writer-nogui)")
    subprocess.run(
        [
            exe,
            "--headless",
            f"-env:UserInstallation=file://{out}/lo",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{src.stem}.{fmt.split(':')[0]}"


def pdftotext(pdf: Path, option: str) -> bytes:
    args = ["pdftotext", "-enc", "UTF-8", *([option] if option else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--only", help="only this transform")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="varianter-"))
    out.mkdir(parents=True, exist_ok=True)
    score = _scorer()
    rows: list[tuple[str, float, list[str]]] = []
    for sample in sorted((SHARED / "samples").glob("*.docx")):
        want = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
        for name, transform in TRANSFORMS.items():
            if args.only and name != args.only:
                continue
            doc = Document(str(sample))
            transform(doc)
            docx = out / f"{sample.stem}.{name}.docx"
            doc.save(str(docx))
            pdf = soffice(docx, "pdf", out)
            txt = soffice(docx, "txt:Text", out)
            readings: dict[str, tuple[bytes, str]] = {
                "docx": (docx.read_bytes(), "x.docx"),
                "pdf": (pdf.read_bytes(), "x.pdf"),
                "pdftotext": (pdftotext(pdf, ""), "x.txt"),
                "pdftotext-layout": (pdftotext(pdf, "-layout"), "x.txt"),
                "pdftotext-raw": (pdftotext(pdf, "-raw"), "x.txt"),
                "lo-tekst": (txt.read_bytes(), "x.txt"),
            }
            for how, (data, fname) in readings.items():
                label = f"{sample.stem}.{name}.{how}"
                (out / f"{label}.{fname.rsplit('.', 1)[1]}").write_bytes(data)
                try:
                    got = read_bytes(data, fname).to_dict()
                except ReadError as e:
                    rows.append((label, 0.0, [f"ReadError: {e}"]))
                    continue
                s, missed = score(want, got)
                rows.append((label, s, missed))
                print(f"{s:6.3f}  {label:60} {' '.join(missed[:6])}", flush=True)
    good = sum(1 for _, s, _ in rows if s >= 0.99)
    print(
        f"\n{good} av {len(rows)} lesninger ≥ 0,99; "
        f"laveste {min(s for _, s, _ in rows):.3f}; filer i {out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
