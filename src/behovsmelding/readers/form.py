"""The form's structure: which generation a document is, and the parser for it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..record import Behovsmelding
from .errors import ReadError
from .source import Line

# The patterns are matched against the lower-cased text: without IGNORECASE, the regular
# expression engine skips to each label's first letters instead of trying every position, so a
# label that is missing costs ~0.01 ms instead of ~0.3 ms on a long document.
_TITLE_2024 = re.compile(r"lokal\s+kompetanseutvikling\s+i\s+barnehage")
_TITLE_2026 = re.compile(r"kollektiv\s+kompetanseutvikling\s+i\s+barnehage")
_PLAN = re.compile(r"plan\s+for\s+partnerskap")
# Labels that only the form has. A document must show several of them to count as a
# behovsmelding; a title alone (a file cut after its first lines) is not enough.
_BODY_LABELS = (
    re.compile(r"total\s+sum\s+det\s+meldes\s+behov"),
    re.compile(r"navn\s+på\s+tiltak"),
    re.compile(r"vurdering\s+av\s+behov"),
)
_FORM_LABELS = (
    re.compile(r"behovsmeldingen\s+gjelder"),
    re.compile(r"kontaktpersoner"),
    re.compile(r"partnerskapet\s+består\s+av\s+flere"),
    *_BODY_LABELS,
    _PLAN,
    re.compile(r"drøftet\s+i\s+medbestemmelse"),
    re.compile(r"hvor\s+mange\s+enheter"),
)


def detect_skjema(lines: Sequence[Line]) -> str:
    """'lokal-2024' or 'kollektiv-2026'; ReadError when the lines are not a behovsmelding."""
    low = "\n".join(line.text for line in lines).lower()
    found = sum(1 for rx in _FORM_LABELS if rx.search(low))
    has_body = any(rx.search(low) for rx in _BODY_LABELS)
    first_2024 = _TITLE_2024.search(low)
    first_2026 = _TITLE_2026.search(low)
    is_2024, is_2026 = first_2024 is not None, first_2026 is not None
    if not (is_2024 or is_2026):
        if found < 4:
            raise ReadError("dokumentet er ikke en behovsmelding (fant ikke skjemaets tittel)")
        # Title lost: the sections tell the generation.
        is_2026 = bool(_PLAN.search(low))
        is_2024 = not is_2026
    if found < 3 or not has_body:
        raise ReadError(
            "dokumentet ser ut til å være avkortet eller ufullstendig "
            "(mangler budsjett og tiltak/avsnitt)"
        )
    if first_2024 is not None and first_2026 is not None:
        return "lokal-2024" if first_2024.start() < first_2026.start() else "kollektiv-2026"
    return "lokal-2024" if is_2024 else "kollektiv-2026"


def parse_lines(lines: Sequence[Line]) -> Behovsmelding:
    """Lines of a behovsmelding → the record, faithful to what the document says."""
    skjema = detect_skjema(lines)
    if skjema == "lokal-2024":
        from .lokal2024 import parse_lokal2024

        return parse_lokal2024(lines)
    from .kollektiv2026 import parse_kollektiv2026

    return parse_kollektiv2026(lines)
