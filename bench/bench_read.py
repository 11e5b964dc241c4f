"""Read benchmark: documents per second (record built) and peak memory, in one process.

usage: python bench/bench_read.py [--n 200] [--repeat 3] [--dir DIR]

Reads each document ``--n`` times with ``read_bytes`` (the bytes are loaded once, so disk
speed is not measured; decoding, form detection and parsing into a record are), ``--repeat``
times over, and prints the median pass (and the slowest and fastest: on a shared machine other
processes only ever add time). Without ``--dir`` the five demo documents shipped in the package
are used. The speed goal is checked here, never in a test: see docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from behovsmelding.demo import demo_documents
from behovsmelding.readers import ReadError, read_bytes

GOAL = 200  # documents per second (docs/performance.md)


def load(folder: Path | None) -> list[tuple[str, bytes]]:
    if folder is None:
        return demo_documents()
    return [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.txt"))]


def read_all(docs: list[tuple[str, bytes]], n: int) -> tuple[int, list[str]]:
    """Read every document n times; (records built, one line per failed read)."""
    built = 0
    failures: list[str] = []
    for _ in range(n):
        for name, data in docs:
            try:
                record = read_bytes(data, name)
            except ReadError as e:
                failures.append(f"{name}: {e.grunn}")
                continue
            except Exception as e:  # a reader bug: count it, keep measuring the rest
                failures.append(f"{name}: uventet feil ({type(e).__name__}: {e})")
                continue
            built += record.kilde is not None
    return built, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=200, help="rounds over all documents (200)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the median (3)")
    parser.add_argument("--dir", type=Path, help="folder of .txt documents (default: demo data)")
    args = parser.parse_args(argv)

    docs = load(args.dir)
    if not docs:
        print(f"no .txt documents in {args.dir}", file=sys.stderr)
        return 2
    size = sum(len(data) for _, data in docs)
    read_all(docs, 1)  # warm-up: imports, regex compilation

    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(max(1, args.repeat)):
        start, cpu_start = time.perf_counter(), time.process_time()
        built, failures = read_all(docs, args.n)
        walls.append(time.perf_counter() - start)
        # CPU time as well: on a shared machine wall-clock time includes waiting for the core.
        cpus.append(time.process_time() - cpu_start)
    elapsed, cpu = statistics.median(walls), statistics.median(cpus)
    total = args.n * len(docs)

    # Per document, so that a slow reader path shows up by name.
    per_doc: list[tuple[str, float]] = []
    rounds = max(1, args.n // 10)
    for doc in docs:
        t0 = time.process_time()
        read_all([doc], rounds)
        per_doc.append((doc[0], (time.process_time() - t0) / rounds * 1000))

    # A separate, shorter pass under tracemalloc: tracing slows allocation down a lot, so it
    # must not be part of the timed pass.
    tracemalloc.start()
    read_all(docs, max(1, min(args.n, 10)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    print(f"documents:        {len(docs)} ({size / 1024:.0f} KiB), {args.n} rounds = {total} reads")
    print(f"records built:    {built}; failed reads: {len(failures)}")
    for line in sorted(set(failures)):
        print(f"  failed: {line}")
    print(f"time:             {elapsed:.2f} s (median of {len(walls)} passes)")
    per_doc_ms = elapsed / total * 1000
    print(
        f"throughput:       {total / elapsed:.0f} documents/s ({per_doc_ms:.2f} ms each); "
        f"passes {total / max(walls):.0f}–{total / min(walls):.0f}"
    )
    print(
        f"per CPU second:   {total / cpu:.0f} documents/s (CPU time {cpu:.2f} s); "
        f"passes {total / max(cpus):.0f}–{total / min(cpus):.0f}"
    )
    print(f"text throughput:  {size * args.n / elapsed / 1024 / 1024:.1f} MiB/s")
    print(f"load average:     {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
    verdict = "met" if total / cpu >= GOAL else "NOT met"
    print(f"goal:             ≥ {GOAL} documents/s per CPU second on one core: {verdict}")
    print("CPU ms per document:")
    for name, ms in per_doc:
        print(f"  {name:<32} {ms:6.2f} ms")
    print(f"peak traced:      {peak / 1024 / 1024:.1f} MiB (tracemalloc, Python allocations)")
    print(f"peak RSS:         {maxrss_kib / 1024:.1f} MiB (ru_maxrss, whole process)")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
