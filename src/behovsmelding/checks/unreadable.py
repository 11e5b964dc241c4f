"""Fields the reader could not read with certainty: their own finding, never "ikke fylt ut".

The reader leaves such a field None in the record (the shared format has no other state) and
names it, with the text as written, beside the record (``readers.Lesing.uleselig``). A rule
that only sees the record would take the None for an empty answer and say "er ikke fylt ut",
or count the amount as 0 in a sum; :func:`replace_findings` takes those findings out and
puts the ULESELIG advarsel at the field instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..record import Behovsmelding
from .config import CheckConfig
from .model import ALL_SKJEMA, Finding, Funn, Rule

# Rules whose finding at a field (or the row holding it) says the field is empty.
_EMPTY_CODES = frozenset({"MANGLER_BELOP", "SUM_DEL_MANGLER"})


def _none(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    return iter(())  # the findings come from the reading, not the record: replace_findings


RULE = Rule(
    "ULESELIG",
    "advarsel",
    ALL_SKJEMA,
    "Et felt står i dokumentet, men kunne ikke leses sikkert (for eksempel et beløp der "
    "mellomrommene kan deles på flere måter og summene ikke avgjør hvilken). Feltet er tomt "
    "i posten; saksbehandleren leser det i originalen. Advarsel: verdien er ikke gjettet.",
    _none,
)


def _row(felt: str) -> str:
    return felt.rsplit(".", 1)[0] if "." in felt else felt


def _column(felt: str) -> str:
    return felt.rsplit(".", 1)[-1]


def _depends_on_unreadable(f: Finding, uleselig: Mapping[str, str]) -> bool:
    if f.felt in uleselig:
        return True
    below = any(p.startswith(f.felt + ".") for p in uleselig)
    if f.kode in _EMPTY_CODES and below:
        return True
    if not f.kode.startswith("SUM_"):
        return False
    if f.kode == "SUM_ORDNING" or below:
        return True
    rows = {_row(p) for p in uleselig}
    if _row(f.felt) in rows:
        return True
    # a column's sum (the Sum row) counts every row's cell of that column
    budget_cols = {_column(p) for p in uleselig if p.startswith("budsjett.")}
    return f.felt.startswith("budsjett.sum") and _column(f.felt) in budget_cols


def replace_findings(
    found: list[Finding], uleselig: Mapping[str, str], config: CheckConfig
) -> list[Finding]:
    """``found`` without what the rules said from the unreadable fields' None, and with one
    ULESELIG advarsel at each of them (unless the configuration turns the rule off)."""
    kept = [f for f in found if not _depends_on_unreadable(f, uleselig)]
    setting = config.regler.get(RULE.kode)
    if setting is not None and not setting.aktiv:
        return kept
    severity = (setting.alvorlighet if setting is not None else None) or RULE.alvorlighet
    kept.extend(
        Finding(RULE.kode, severity, felt, f"kunne ikke leses sikkert: «{raw}»")
        for felt, raw in uleselig.items()
    )
    return kept
