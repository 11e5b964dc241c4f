"""Layout variants of the shared samples and seeds, as people's tools make them, scored field
by field, with the false findings a misread causes.

usage: python scripts/variant_corpus.py [--out DIR] [--only TRANSFORM] [--no-seeds]

Sources: each sample form in ../shared/samples (the .docx with its .json record), and each seed
text in ../shared/seeds opened in LibreOffice and saved as .docx (its record: the golden one in
../shared/format/golden, or tests/readers/expected). Layout variants are made with python-docx
(landscape pages, large and small fonts, wide margins, another font family, a "Side: N/M" page
footer, narrow cells that wrap e-mail addresses and placeholders, tables wider than the page);
each is printed with LibreOffice to PDF and exported to text and HTML, and read the ways a
person gets text: the .docx, the .pdf, ``pdftotext`` plain, ``-layout`` and ``-raw``,
LibreOffice's text export ("Save as text"), pandoc's plain text of the .docx, and a copy from a
browser (the HTML as pandoc's plain text and as ``w3m -dump``). Each reading is scored against
the record with the shared scorer (../shared/tools/score_record.py); layout does not change
content, so every reading should score 1.0. The checks are run on each reading (with its
unreadable fields) and on the record: a finding the record does not give is a false finding
caused by a misread (the ULESELIG advarsel for a value read as unreadable is counted apart).
Prints one line per reading (score, false findings, unreadable advarsler, label, the fields
that differ, the first false findings) and a summary per way and per variant.
Run on demand (it needs LibreOffice and poppler-utils; pandoc and w3m when present;
ten minutes or so), not in CI.
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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from behovsmelding.checks import Finding, check  # noqa: E402
from behovsmelding.readers import ReadError, read_bytes_with_result  # noqa: E402
from behovsmelding.record import Behovsmelding  # noqa: E402


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


def footer(doc: Any) -> None:
    """A page footer "Side: N/M" (PAGE and NUMPAGES fields), as many templates have: a text
    extraction writes it wherever the page breaks, inside a table or a paragraph."""
    for s in doc.sections:
        p = s.footer.paragraphs[0] if s.footer.paragraphs else s.footer.add_paragraph()
        p.text = ""
        p.add_run("Side: ")
        for i, instr in enumerate(("PAGE", "NUMPAGES")):
            if i:
                p.add_run("/")
            fld = OxmlElement("w:fldSimple")
            fld.set(qn("w:instr"), instr)
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = "1"
            r.append(t)
            fld.append(r)
            p._p.append(fld)


def wide_tables(doc: Any) -> None:
    """Narrow margins and every table 40 % wider than the text area: the tables run past the
    right margin, and their cells hold long values on one line."""
    for s in doc.sections:
        s.left_margin = s.right_margin = Cm(1.0)
    for el in doc.element.body.iter(qn("w:gridCol"), qn("w:tcW"), qn("w:tblW")):
        w = el.get(qn("w:w"))
        if w and w.isdigit() and el.get(qn("w:type")) in (None, "dxa"):
            el.set(qn("w:w"), str(int(int(w) * 1.4)))


def narrow_cells(doc: Any) -> None:
    """Margins of 5 cm: the tables' columns shrink, e-mail addresses, account numbers and
    placeholders wrap inside their cells."""
    for s in doc.sections:
        s.left_margin = s.right_margin = Cm(5.0)


TRANSFORMS: dict[str, Callable[[Any], None]] = {
    "som-den-er": lambda doc: None,
    "liggende": landscape,
    "stor-skrift": font_size(14),
    "liten-skrift": font_size(8),
    "brede-marger": wide_margins,
    "serif": serif,
    "liggende-stor-skrift": lambda doc: (landscape(doc), font_size(13)(doc)),
    "sidefot": footer,
    "sidefot-stor-skrift": lambda doc: (footer(doc), font_size(14)(doc)),
    "smale-celler": narrow_cells,
    "brede-tabeller": wide_tables,
}

#: The seeds are text: a person opens one in LibreOffice and saves it as .docx; the layouts
#: that change most are tried on that.
SEED_TRANSFORMS = ("som-den-er", "stor-skrift", "sidefot-stor-skrift", "smale-celler")


def soffice(srcs: list[Path], fmt: str, out: Path) -> None:
    """Convert files with one LibreOffice process (it starts in seconds, converts in less)."""
    exe = shutil.which("soffice")
    if exe is None:
        raise SystemExit("soffice mangler (apt-get install libreoffice-writer-nogui)")
    for i in range(0, len(srcs), 20):
        subprocess.run(
            [
                exe,
                "--headless",
                f"-env:UserInstallation=file://{out}/lo",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                *map(str, srcs[i : i + 20]),
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )


def run(args: list[str], data: bytes | None = None) -> bytes:
    return subprocess.run(args, input=data, capture_output=True, check=True, timeout=120).stdout


def pdftotext(pdf: Path, option: str) -> bytes:
    return run(["pdftotext", "-enc", "UTF-8", *([option] if option else []), str(pdf), "-"])


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.kode, f.felt, f.melding)


def _findings(record: Behovsmelding, uleselig: dict[str, str]) -> list[Finding]:
    return check(record, uleselig=uleselig)


def _golden(stem: str) -> dict[str, Any] | None:
    for d in (SHARED / "format" / "golden", SHARED / "samples"):
        found = sorted(d.glob(f"{stem}*.json"))
        if found:
            return json.loads(found[0].read_text(encoding="utf-8"))
    prefix = stem.split("_")[0]
    exp = REPO / "tests" / "readers" / "expected" / f"seed_{prefix}.json"
    return json.loads(exp.read_text(encoding="utf-8")) if exp.exists() else None


def _ways(docx: Path, out: Path) -> dict[str, tuple[bytes, str]]:
    pdf, txt, html = (docx.with_suffix(s) for s in (".pdf", ".txt", ".html"))
    ways: dict[str, tuple[bytes, str]] = {
        "docx": (docx.read_bytes(), "x.docx"),
        "pdf": (pdf.read_bytes(), "x.pdf"),
        "pdftotext": (pdftotext(pdf, ""), "x.txt"),
        "pdftotext-layout": (pdftotext(pdf, "-layout"), "x.txt"),
        "pdftotext-raw": (pdftotext(pdf, "-raw"), "x.txt"),
        "lo-tekst": (txt.read_bytes(), "x.txt"),
    }
    if shutil.which("pandoc"):
        ways["pandoc-plain"] = (run(["pandoc", "-f", "docx", "-t", "plain", str(docx)]), "x.txt")
        ways["html-pandoc"] = (run(["pandoc", "-f", "html", "-t", "plain", str(html)]), "x.txt")
    if shutil.which("w3m"):
        # what a copy from a browser window gives: the page as rendered, as text
        dump = ["w3m", "-dump", "-cols", "120", "-T", "text/html", str(html)]
        ways["html-w3m"] = (run(dump), "x.txt")
    return ways


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--only", help="only this transform")
    ap.add_argument("--no-seeds", action="store_true", help="the samples only")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="varianter-"))
    out.mkdir(parents=True, exist_ok=True)
    score = _scorer()
    # (document stem, its reference record, the variant's name, its .docx)
    made: list[tuple[str, dict[str, Any], str, Path]] = []
    sources: list[tuple[Path, tuple[str, ...]]] = [
        (p, tuple(TRANSFORMS)) for p in sorted((SHARED / "samples").glob("*.docx"))
    ]
    if not args.no_seeds:
        seeds = sorted((SHARED / "seeds").glob("*.txt"))
        # a text opened in LibreOffice and saved as Word
        soffice(seeds, "docx:MS Word 2007 XML", out)
        sources += [(out / f"{p.stem}.docx", SEED_TRANSFORMS) for p in seeds]
    for src, names in sources:
        want = _golden(src.stem)
        if want is None:
            continue
        for name in names:
            if args.only and name != args.only:
                continue
            doc = Document(str(src))
            TRANSFORMS[name](doc)
            docx = out / f"{src.stem}.{name}.docx"
            doc.save(str(docx))
            made.append((src.stem, want, name, docx))
    docs = [m[3] for m in made]
    soffice(docs, "pdf", out)
    soffice(docs, "txt:Text", out)
    soffice(docs, "html", out)
    rows: list[tuple[str, str, str, float, int, int]] = []
    for stem, want, name, docx in made:
        golden_keys = {_key(f) for f in _findings(Behovsmelding.from_dict(want), {})}
        for how, (data, fname) in _ways(docx, out).items():
            label = f"{stem}.{name}.{how}"
            (out / f"{label}.{fname.rsplit('.', 1)[1]}").write_bytes(data)
            try:
                lesing = read_bytes_with_result(data, fname)
            except ReadError as e:
                rows.append((stem, name, how, 0.0, 0, 0))
                print(f" 0.000  {label:60} ReadError: {e}", flush=True)
                continue
            s, missed = score(want, lesing.record.to_dict())
            found = _findings(lesing.record, lesing.uleselig)
            false = [f for f in found if _key(f) not in golden_keys and f.kode != "ULESELIG"]
            unread = sum(1 for f in found if f.kode == "ULESELIG")
            rows.append((stem, name, how, s, len(false), unread))
            extra = " ".join(f"{f.kode}@{f.felt}" for f in false[:3])
            print(
                f"{s:6.3f} {len(false):3d} {unread:2d}  {label:60} "
                f"{' '.join(missed[:6])}{'  | ' + extra if extra else ''}",
                flush=True,
            )
    _summary(rows)
    print(f"filer i {out}")
    return 0


def _summary(rows: list[tuple[str, str, str, float, int, int]]) -> None:
    good = sum(1 for r in rows if r[3] >= 0.99)
    print(
        f"\n{good} av {len(rows)} lesninger ≥ 0,99; laveste {min(r[3] for r in rows):.3f}; "
        f"falske funn {sum(r[4] for r in rows)} (i {sum(1 for r in rows if r[4])} lesninger); "
        f"uleselig-advarsler {sum(r[5] for r in rows)}"
    )
    print("\nper måte (lesninger ≥ 0,99 / alle, laveste, falske funn):")
    for key, idx in (("måte", 2), ("variant", 1)):
        groups: dict[str, list[tuple[str, str, str, float, int, int]]] = {}
        for r in rows:
            groups.setdefault(r[idx], []).append(r)
        print(f"  per {key}:")
        for g, rs in groups.items():
            ok = sum(1 for r in rs if r[3] >= 0.99)
            low = min(r[3] for r in rs)
            print(f"    {g:24} {ok:3d}/{len(rs):<3d} {low:6.3f} {sum(r[4] for r in rs):4d}")


if __name__ == "__main__":
    raise SystemExit(main())
