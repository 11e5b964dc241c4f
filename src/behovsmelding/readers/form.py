"""The form's structure: which generation a document is, and the parser for it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..record import Behovsmelding
from .errors import ReadError
from .source import Line

_TITLE_2024 = re.compile(r"lokal\s+kompetanseutvikling\s+i\s+barnehage", re.IGNORECASE)
_TITLE_2026 = re.compile(r"kollektiv\s+kompetanseutvikling\s+i\s+barnehage", re.IGNORECASE)
# Labels that only the form has. A document must show several of them to count as a
# behovsmelding; a title alone (a file cut after its first lines) is not enough.
_FORM_LABELS = (
    re.compile(r"Behovsmeldingen\s+gjelder", re.IGNORECASE),
    re.compile(r"Kontaktpersoner", re.IGNORECASE),
    re.compile(r"Partnerskapet\s+består\s+av\s+flere", re.IGNORECASE),
    re.compile(r"Total\s+sum\s+det\s+meldes\s+behov", re.IGNORECASE),
    re.compile(r"Navn\s+på\s+tiltak", re.IGNORECASE),
    re.compile(r"Vurdering\s+av\s+behov", re.IGNORECASE),
    re.compile(r"Plan\s+for\s+partnerskap", re.IGNORECASE),
    re.compile(r"drøftet\s+i\s+medbestemmelse", re.IGNORECASE),
    re.compile(r"Hvor\s+mange\s+enheter", re.IGNORECASE),
)
_BODY_LABELS = (
    re.compile(r"Total\s+sum\s+det\s+meldes\s+behov", re.IGNORECASE),
    re.compile(r"Navn\s+på\s+tiltak", re.IGNORECASE),
    re.compile(r"Vurdering\s+av\s+behov", re.IGNORECASE),
)


def detect_skjema(lines: Sequence[Line]) -> str:
    """'lokal-2024' or 'kollektiv-2026'; ReadError when the lines are not a behovsmelding."""
    text = "\n".join(line.text for line in lines)
    flat = re.sub(r"\s+", " ", text)
    found = sum(1 for rx in _FORM_LABELS if rx.search(flat))
    has_body = any(rx.search(flat) for rx in _BODY_LABELS)
    is_2024 = bool(_TITLE_2024.search(flat))
    is_2026 = bool(_TITLE_2026.search(flat))
    if not (is_2024 or is_2026):
        if found < 4:
            raise ReadError("dokumentet er ikke en behovsmelding (fant ikke skjemaets tittel)")
        # Title lost: the sections tell the generation.
        is_2026 = bool(re.search(r"Plan\s+for\s+partnerskap", flat, re.IGNORECASE))
        is_2024 = not is_2026
    if found < 3 or not has_body:
        raise ReadError(
            "dokumentet ser ut til å være avkortet eller ufullstendig "
            "(mangler budsjett og tiltak/avsnitt)"
        )
    if is_2024 and is_2026:
        first_2024 = _TITLE_2024.search(flat)
        first_2026 = _TITLE_2026.search(flat)
        assert first_2024 and first_2026
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
