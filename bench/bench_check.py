"""Check benchmark: time per ``check(record)`` (median and p95, µs) and peak memory.

usage: python bench/bench_check.py [--n 500] [--golden DIR]

The web form re-checks the whole record on every change, so one check must take well under
2 ms. Measured on the golden records (``../shared/format/golden`` beside the repository, if
there), a synthetic lokal-2024 record with 20 tiltak and no defect, and the same record with
a defect in every tiltak (the most findings to build and sort). The configuration is read
once before timing, as in a running server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from behovsmelding.checks import check, default_config
from behovsmelding.record import (
    Behovsmelding,
    Belop,
    Budsjett,
    Budsjettrad,
    Deltaker,
    Enheter,
    Kontakt,
    Kontaktpersoner,
    Medbestemmelse,
    Partner,
    Tiltak,
)

BUDGET_US = 2000
DEFAULT_GOLDEN = Path(__file__).resolve().parents[1].parent / "shared" / "format" / "golden"


def synthetic(n_tiltak: int = 20, *, defects: bool = False) -> Behovsmelding:
    """A complete lokal-2024 record with ``n_tiltak`` tiltak (one ordning); with ``defects``,
    every tiltak carries a sum error, a blank answer and an out-of-range period."""
    tiltak = []
    for i in range(n_tiltak):
        eier, uh = 10_000 * (i + 1), 20_000 * (i + 1)
        t = Tiltak(
            nr=i + 1,
            navn=f"Tiltak {i + 1}",
            eier=eier,
            uh=uh,
            totalt=eier + uh,
            formaal="gjennomforing",
            forankring="Forankret i enhetene gjennom kartlegging med ansatte og ledere.",
            kollektive_prosesser="Teamene arbeider sammen om undervisningen.",
            laererutdanning="Erfaringene brukes i lærerutdanningen.",
            langsiktig_plan="Punkt 7.1.2 i langsiktig plan.",
            eiers_bruk="Vikarer og lokaler.",
            uh_bruk="Planlegging, samlinger og reise.",
            koordinator=i % 2 == 0,
            koordinator_begrunnelse="Samordning av mange enheter." if i % 2 == 0 else None,
            varighet=["V2024", "H2024", "V2025"],
            maalgruppe="Alle lærere",
        )
        if defects:
            t.totalt = (t.totalt or 0) + 1
            t.laererutdanning = "--"
            t.varighet = ["H2023", "V2024"]
        tiltak.append(t)
    eier_sum = sum(t.eier or 0 for t in tiltak)
    uh_sum = sum(t.uh or 0 for t in tiltak)
    row = Budsjettrad("Desentralisert ordning", eier_sum, [Belop(uh_sum, "UH")], eier_sum + uh_sum)
    contact = Kontakt("Kari Nordmann", "Rådgiver", "91234567", "kari@eksempel.no")
    contact.kontonr, contact.orgnr = "1234.56.78903", "987 654 325"
    return Behovsmelding(
        skjema="lokal-2024",
        aar=2024,
        ordninger=["desentralisert"],
        eier="Eksempel kommune",
        kompetansenettverk="Salten",
        uh="Nord universitet",
        kontaktpersoner=Kontaktpersoner(eier=contact, uh=contact),
        flere_eiere=True,
        flere_uh=False,
        flere_ordninger=False,
        antall_tiltak=n_tiltak,
        budsjett=Budsjett(rader=[row], sum=Budsjettrad("Sum", row.eier, list(row.uh), row.totalt)),
        tiltak=tiltak,
        partnere=[Partner(f"Barnehage {i} AS", f"Per Olsen {i}", "eier") for i in range(19)],
        medbestemmelse=Medbestemmelse(
            droftet=True, deltakere=[Deltaker("Utdanningsforbundet", "Per Olsen")] * 6
        ),
        enheter=Enheter(20, 30, 25, 1, 1),
    )


def records(golden: Path) -> list[tuple[str, Behovsmelding]]:
    out = [
        (p.stem[:20], Behovsmelding.from_json(p.read_text("utf-8")))
        for p in sorted(golden.glob("*.json"))
    ]
    out.append(("synthetic-20-tiltak", synthetic()))
    out.append(("synthetic-20-defects", synthetic(defects=True)))
    return out


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def time_one(record: Behovsmelding, n: int) -> tuple[float, float, float, int]:
    """(median µs, p95 µs, p95 CPU µs, findings) over n checks after a warm-up.

    Wall-clock time includes whatever else the machine runs; CPU time (of this thread) is
    the check's own cost, which is what a quiet server would see."""
    for _ in range(10):
        check(record)
    wall: list[float] = []
    cpu: list[float] = []
    findings = 0
    for _ in range(n):
        c0, t0 = time.thread_time_ns(), time.perf_counter_ns()
        findings = len(check(record))
        wall.append((time.perf_counter_ns() - t0) / 1000)
        cpu.append((time.thread_time_ns() - c0) / 1000)
    return statistics.median(wall), _p95(wall), _p95(cpu), findings


def peak_kib(record: Behovsmelding) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    check(record)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="checks per record (default 500)")
    ap.add_argument("--golden", type=Path, default=DEFAULT_GOLDEN, help="folder of JSON records")
    args = ap.parse_args(argv)
    default_config()  # read the TOML once, as a server does at start
    rows = records(args.golden)
    print(
        f"{'record':<22} {'findings':>8} {'median µs':>10} {'p95 µs':>8} {'p95 CPU µs':>11} "
        f"{'peak KiB':>9}"
    )
    worst_wall = worst_cpu = 0.0
    for name, record in rows:
        med, p95, p95_cpu, n_found = time_one(record, args.n)
        worst_wall, worst_cpu = max(worst_wall, p95), max(worst_cpu, p95_cpu)
        print(
            f"{name:<22} {n_found:>8} {med:>10.0f} {p95:>8.0f} {p95_cpu:>11.0f} "
            f"{peak_kib(record):>9.1f}"
        )
    ok = worst_cpu < BUDGET_US
    print(
        f"worst p95: {worst_wall:.0f} µs wall, {worst_cpu:.0f} µs CPU; budget {BUDGET_US} µs "
        f"per check: {'OK' if ok else 'OVER BUDGET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
