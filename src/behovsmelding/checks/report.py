"""Findings as text a caseworker reads: grouped by severity, most severe first."""

from __future__ import annotations

from collections.abc import Iterable

from .model import SEVERITIES, Finding, sort_findings

_HEADINGS = {"feil": "Feil", "advarsel": "Advarsler", "merknad": "Merknader"}
_COUNT = {
    "feil": ("feil", "feil"),
    "advarsel": ("advarsel", "advarsler"),
    "merknad": ("merknad", "merknader"),
}


def summary_line(findings: Iterable[Finding]) -> str:
    """ "2 feil, 1 advarsel, 0 merknader" (or "Ingen funn.")."""
    items = list(findings)
    if not items:
        return "Ingen funn."
    parts = []
    for sev in SEVERITIES:
        n = sum(1 for f in items if f.alvorlighet == sev)
        one, many = _COUNT[sev]
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) + "."


def format_findings_text(findings: Iterable[Finding], *, indent: str = "") -> str:
    """The findings of one document as plain text for a caseworker.

    A summary line, then one block per severity (Feil, Advarsler, Merknader; empty blocks
    left out), each finding as its message followed by the field and the rule's code::

        3 feil, 1 advarsel, 0 merknader.
        Feil
          - Tiltak 1: Sum totalt 150 000 er ikke Eier (tom) + UH 120 000 = 120 000 …
            [tiltak[0].totalt · SUM_TILTAK]
        ...

    Every line is prefixed by ``indent`` (the CLI indents under a file name). The text ends
    without a newline. Findings are sorted here, so any order may be passed in.
    """
    items = sort_findings(list(findings))
    lines = [summary_line(items)]
    for sev in SEVERITIES:
        group = [f for f in items if f.alvorlighet == sev]
        if not group:
            continue
        lines.append(_HEADINGS[sev])
        for f in group:
            lines.append(f"  - {f.melding}")
            lines.append(f"    [{f.felt} · {f.kode}]")
    return "\n".join(indent + line for line in lines)
