"""The demo: five real behovsmeldinger shipped with the package, and a readable summary.

The documents live in ``demo_data/`` inside the package, so the demo needs nothing outside
the installed package.
"""

from __future__ import annotations

from importlib import resources

from .belop import kroner
from .record import Behovsmelding

SKJEMA_TITLER = {
    "lokal-2024": "lokal kompetanseutvikling i barnehage og grunnopplæring (til og med 2025)",
    "kollektiv-2026": "kollektiv kompetanseutvikling i barnehage og grunnskole (fra 2026)",
}

_LABEL_WIDTH = 46


def demo_documents() -> list[tuple[str, bytes]]:
    """(file name, content) of each demo document, sorted by name."""
    folder = resources.files("behovsmelding") / "demo_data"
    docs = [(p.name, p.read_bytes()) for p in folder.iterdir() if p.name.endswith(".txt")]
    return sorted(docs)


def format_kroner(belop: int | None) -> str:
    """1234567 → "1 234 567 kr"; None → "–" (the document gives no amount)."""
    if belop is None:
        return "–"
    return kroner(belop, sep=" ", minus="-")


_PLURAL = {"feil": "feil", "advarsel": "advarsler", "merknad": "merknader"}


def format_counts(counts: dict[str, int]) -> str:
    """{"feil": 1, "advarsel": 2, "merknad": 0} → "1 feil, 2 advarsler, 0 merknader"."""
    return ", ".join(f"{n} {sev if n == 1 else _PLURAL.get(sev, sev)}" for sev, n in counts.items())


def _label(text: str | None) -> str:
    flat = " ".join((text or "").split()) or "(uten navn)"
    if len(flat) > _LABEL_WIDTH:
        flat = flat[: _LABEL_WIDTH - 1] + "…"
    return flat


def _amount_rows(rows: list[tuple[str, int | None, int | None, int | None]]) -> list[str]:
    header = ("", "Eier", "UH", "Totalt")
    cells = [header] + [
        (_label(label), format_kroner(eier), format_kroner(uh), format_kroner(totalt))
        for label, eier, uh, totalt in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    return [
        "    " + c[0].ljust(widths[0]) + "".join("  " + c[i].rjust(widths[i]) for i in (1, 2, 3))
        for c in cells
    ]


def _tiltak_rows(record: Behovsmelding) -> list[str]:
    return _amount_rows(
        [
            (
                f"{t.nr}. {t.navn or ''}" if t.nr is not None else t.navn or "",
                t.eier,
                t.uh,
                t.totalt,
            )
            for t in record.tiltak
        ]
    )


def describe_measures(record: Behovsmelding) -> str:
    """ "3 tiltak", or for a form that lists its tiltak as budget rows "5 budsjettrader"."""
    if record.tiltak:
        return f"{len(record.tiltak)} tiltak"
    rader = len(record.budsjett.rader)
    return f"{rader} budsjettrader" if rader else "bare sumrad"


def format_amounts(record: Behovsmelding) -> list[str]:
    """The money of a record as aligned lines: its tiltak, or its budget rows when the form
    puts the tiltak there (kollektiv-2026: "Tiltak 2: …" rows, no tiltak sections)."""
    if any(t.eier is not None or t.uh is not None or t.totalt is not None for t in record.tiltak):
        return _tiltak_rows(record)
    rows = [(r.etikett or "", r.eier, r.uh_sum, r.totalt) for r in record.budsjett.rader]
    s = record.budsjett.sum
    if s is not None:
        rows.append(("Sum", s.eier, s.uh_sum, s.totalt))
    return _amount_rows(rows) if rows else []


def format_summary(fil: str, record: Behovsmelding, counts: dict[str, int]) -> str:
    """A few lines a person can read: who, which year, which form, the money, the findings."""
    lines = [
        fil,
        f"  Eier:    {record.eier or '–'}",
        f"  År:      {record.aar if record.aar is not None else '–'}",
        f"  Skjema:  {record.skjema} – {SKJEMA_TITLER.get(record.skjema, 'ukjent skjema')}",
    ]
    budsjett = [(r.etikett, r.eier, r.uh_sum, r.totalt) for r in record.budsjett.rader]
    s = record.budsjett.sum
    if s is not None:
        budsjett.append(("Sum", s.eier, s.uh_sum, s.totalt))
    if budsjett:
        lines.append("  Budsjett:")
        lines.extend(_amount_rows([(label or "", e, u, t) for label, e, u, t in budsjett]))
    if record.tiltak:
        lines.append("  Tiltak:")
        lines.extend(_tiltak_rows(record))
    if not budsjett and not record.tiltak:
        lines.append("  Budsjett: (ingen beløp lest)")
    lines.append(f"  Funn:    {format_counts(counts)}")
    return "\n".join(lines)
