"""``python -m behovsmelding.checks``: list the rules (code, severity, forms, description)."""

from __future__ import annotations

import sys
import textwrap

from .registry import RULES


def main() -> int:
    for rule in RULES:
        years = ""
        if rule.fra_aar is not None or rule.til_aar is not None:
            years = f", år {rule.fra_aar or ''}–{rule.til_aar or ''}"
        forms = ", ".join(sorted(rule.skjema))
        print(f"{rule.kode}  ({rule.alvorlighet}; {forms}{years})")
        print(textwrap.indent(textwrap.fill(rule.beskrivelse, 92), "    "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
