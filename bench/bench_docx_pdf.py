"""docx/pdf reader benchmark: our readers against general converters, same run, one core.

usage: python bench/bench_docx_pdf.py [--n 30] [--dir DIR] [--all-cores] [--cpu]

For every .docx and .pdf in DIR (default: ``../shared/samples`` beside the repository) it
measures the median time per document (bytes already in memory) of

* our reader to lines (``docx_lines`` / ``pdf_lines``) and to the record (``read_bytes``);
* a general converter the reader could have used instead, fed to the same form parser:
  mammoth's raw text and python-docx's paragraphs + table rows for .docx, and pypdf's own
  ``extract_text`` for .pdf;

and, where the document has a golden record (``NAME.json`` beside it), how many of the golden
record's fields each way gets right (the shared scorer's rule). The budgets are 10 ms per
.docx and 100 ms per .pdf (median, to the record). The process is pinned to one core unless
``--all-cores``. Converters that are not installed (``pip install -r bench/requirements.txt``)
are reported as skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from behovsmelding.readers import ReadError, read_bytes
from behovsmelding.readers.docx import docx_lines
from behovsmelding.readers.form import parse_lines
from behovsmelding.readers.pdf import pdf_lines
from behovsmelding.readers.source import Line, text_lines

BUDGET_MS = {".docx": 10.0, ".pdf": 100.0}
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _scorer() -> ModuleType | None:
    path = SHARED / "tools" / "score_record.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("score_record", path)
    if spec is None or spec.loader is None:
        return None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --- the converters we could have used -----------------------------------------------------


def mammoth_lines(data: bytes) -> list[Line]:
    import mammoth  # type: ignore[import-untyped]

    result = mammoth.extract_raw_text(io.BytesIO(data))
    return text_lines(result.value)


def python_docx_lines(data: bytes) -> list[Line]:
    """python-docx's document order: paragraphs, and table rows as tab-separated lines."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                out.append("\t".join(cell.text for cell in row.cells))
    return text_lines("\n".join(out))


def pypdf_lines(data: bytes) -> list[Line]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return text_lines("\n".join(page.extract_text() or "" for page in reader.pages))


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


WAYS: dict[str, list[tuple[str, Callable[[bytes], list[Line]], str | None]]] = {
    ".docx": [
        ("ours", docx_lines, None),
        ("mammoth raw text", mammoth_lines, "mammoth"),
        ("python-docx", python_docx_lines, "docx"),
    ],
    ".pdf": [
        ("ours", pdf_lines, None),
        ("pypdf extract_text", pypdf_lines, "pypdf"),
    ],
}


# --- measuring -----------------------------------------------------------------------------


CLOCK: Callable[[], float] = time.perf_counter


def median_ms(fn: Callable[[], object], n: int) -> float:
    fn()  # warm: imports, caches
    times = []
    for _ in range(n):
        start = CLOCK()
        fn()
        times.append(CLOCK() - start)
    return statistics.median(times) * 1000


def fields(scorer: ModuleType | None, golden: dict[str, Any] | None, lines: Sequence[Line]) -> str:
    if scorer is None or golden is None:
        return "-"
    try:
        cand = parse_lines(lines).to_dict()
    except ReadError as e:
        return f"0 ({e.grunn[:40]})"
    g = dict(scorer.leaves(golden))
    c = dict(scorer.leaves(cand))
    keys = list(dict.fromkeys([*g, *c]))
    ok = sum(1 for k in keys if k in g and k in c and scorer.same(g[k], c[k]))
    return f"{ok}/{len(keys)}"


def bench_document(path: Path, scorer: ModuleType | None, n: int) -> int:
    """Print one line per way of reading ``path``; 1 when ours is over its budget."""
    data = path.read_bytes()
    golden_path = path.with_suffix(".json")
    golden = json.loads(golden_path.read_text("utf-8")) if golden_path.is_file() else None
    over = 0
    for name, fn, module in WAYS[path.suffix]:
        if module is not None and not _available(module):
            print(f"{path.name:34} {name:20} {'skipped (not installed)':>30}")
            continue
        lines = fn(data)
        t_lines = median_ms(partial(fn, data), n)
        flag = ""
        if name == "ours":
            t_rec = median_ms(partial(read_bytes, data, path.name), n)
            budget = BUDGET_MS[path.suffix]
            if t_rec > budget:
                flag = f"  OVER {budget:g} ms"
                over = 1
        else:
            t_rec = t_lines + median_ms(partial(parse_lines, lines), n)
        score = fields(scorer, golden, lines)
        print(f"{path.name:34} {name:20} {t_lines:9.2f} {t_rec:10.2f} {score:>9}{flag}")
    return over


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=30, help="timed runs per document and way")
    ap.add_argument("--dir", type=Path, default=SHARED / "samples")
    ap.add_argument("--all-cores", action="store_true", help="do not pin to one core")
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="measure process CPU time instead of wall time (on a machine others are using)",
    )
    args = ap.parse_args(argv)
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    docs = sorted(p for p in args.dir.glob("*") if p.suffix in BUDGET_MS)
    if not docs:
        print(f"no .docx/.pdf documents in {args.dir}", file=sys.stderr)
        return 2
    scorer = _scorer()
    over = 0
    print(f"{'document':34} {'way':20} {'lines ms':>9} {'record ms':>10} {'fields':>9}")
    for path in docs:
        over += bench_document(path, scorer, args.n)
    print(
        f"budgets: docx ≤ {BUDGET_MS['.docx']:g} ms, pdf ≤ {BUDGET_MS['.pdf']:g} ms "
        f"(median, to the record); over budget: {over}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
