"""Provenance benchmark: reading with and without the sources, alternated in one run.

usage: python bench/bench_provenance.py [--n 100] [--repeat 5] [--samples DIR]

For the five demo documents (.txt) and the .docx/.pdf samples (default ``../shared/samples``
beside the repository, plus the .docx/.pdf of ``tests/readers/data``) it reads every document
with ``read_bytes_with_result(..., kilder=False)`` ("before": the reading alone, what
``read_bytes`` does) and with ``kilder=True`` ("after": the reading and
``readers.provenance.locate``), the two alternated pass by pass so that the machine's load
falls on both alike. Printed: documents per CPU second for text, the median CPU milliseconds
per .docx and .pdf, and what the sources cost in per cent. Goals (docs/performance.md): text
≥ 200 documents/s, .docx ≤ 10 ms, .pdf ≤ 100 ms, provenance ≤ 20 %. With poppler installed it
also times the framed picture of one PDF amount (``web.kildeutsnitt``'s renderer, uncached).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from behovsmelding.demo import demo_documents
from behovsmelding.readers import read_bytes_with_result

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"txt": 200.0, "docx": 10.0, "pdf": 100.0}  # docs/s for text, ms for the others
COST = 20.0  # per cent


def cpu_pass(docs: list[tuple[str, bytes]], n: int, kilder: bool) -> float:
    """CPU seconds to read every document n times."""
    t0 = time.process_time()
    for _ in range(n):
        for name, data in docs:
            read_bytes_with_result(data, name, kilder=kilder)
    return time.process_time() - t0


def measure(docs: list[tuple[str, bytes]], n: int, repeat: int) -> tuple[float, float, list[float]]:
    """Median CPU seconds per document (without sources, with sources), alternated, and the
    cost in per cent of each pair of passes (the spread shows how much the load moved)."""
    cpu_pass(docs, 1, True)  # warm-up
    before: list[float] = []
    after: list[float] = []
    for _ in range(repeat):
        before.append(cpu_pass(docs, n, False) / (n * len(docs)))
        after.append(cpu_pass(docs, n, True) / (n * len(docs)))
    costs = sorted((a / b - 1) * 100 for b, a in zip(before, after, strict=True))
    return statistics.median(before), statistics.median(after), costs


def crop_ms(pdf: Path) -> float | None:
    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    lesing = read_bytes_with_result(pdf.read_bytes(), pdf.name)
    src = lesing.kilder.get("budsjett.sum.totalt")
    if src is None:
        return None
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        # what the crop view runs: the band of the page around the box, 110 dpi
        page = str(src["side"])
        args = [exe, "-png", "-singlefile", "-f", page, "-l", page, "-r", "110"]
        args += ["-x", "0", "-y", "0", "-W", "800", "-H", "150", str(pdf)]
        subprocess.run(
            args,
            capture_output=True,
            check=True,
        )
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100, help="rounds of the text documents (100)")
    parser.add_argument("--repeat", type=int, default=5, help="alternated passes; median (5)")
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    groups: dict[str, list[tuple[str, bytes]]] = {"txt": demo_documents(), "docx": [], "pdf": []}
    for folder in (args.samples, ROOT / "tests" / "readers" / "data"):
        for ext in ("docx", "pdf"):
            groups[ext] += [(p.name, p.read_bytes()) for p in sorted(folder.glob(f"*.{ext}"))]

    ok = True
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for fmt, docs in groups.items():
        if not docs:
            print(f"{fmt}: no documents")
            continue
        n = args.n if fmt == "txt" else max(3, args.n // 10)
        before, after, costs = measure(docs, n, args.repeat)
        cost = (after / before - 1) * 100
        spread = f"passes {costs[0]:+.0f} … {costs[-1]:+.0f} %"
        if fmt == "txt":
            b, a = 1 / before, 1 / after
            met = a >= GOALS[fmt] and cost <= COST
            print(
                f"txt  ({len(docs)} documents): before {b:.0f} docs/s, after {a:.0f} docs/s "
                f"per CPU second; provenance +{cost:.0f} % ({spread}) "
                f"(goal ≥ {GOALS[fmt]:.0f} docs/s, ≤ {COST:.0f} %: {'met' if met else 'NOT met'})"
            )
        else:
            b, a = before * 1000, after * 1000
            met = a <= GOALS[fmt] and cost <= COST
            print(
                f"{fmt:<4} ({len(docs)} documents): before {b:.1f} ms, after {a:.1f} ms CPU per "
                f"document; provenance +{cost:.0f} % ({spread}) "
                f"(goal ≤ {GOALS[fmt]:.0f} ms, ≤ {COST:.0f} %: {'met' if met else 'NOT met'})"
            )
        ok = ok and met
    pdfs = sorted(args.samples.glob("*.pdf"))
    if pdfs:
        ms = crop_ms(pdfs[0])
        if ms is not None:
            print(f"crop picture (pdftoppm, uncached): {ms:.0f} ms wall (goal ≤ 300 ms)")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
