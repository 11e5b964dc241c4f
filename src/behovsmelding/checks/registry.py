"""The registry of rules and the engine that runs them: record → findings."""

from __future__ import annotations

from collections.abc import Mapping

from ..record import Behovsmelding
from . import answers, arithmetic, consistency, identifiers, unreadable
from .config import CheckConfig, default_config
from .model import CHECK_MEMO, Finding, Rule, sort_findings
from .paths import compile_pattern

# Order: the form's order, roughly (the findings are sorted by field anyway).
RULES: tuple[Rule, ...] = (
    *answers.RULES,
    *arithmetic.RULES,
    *identifiers.RULES,
    *consistency.RULES,
    unreadable.RULE,
)

_codes = [r.kode for r in RULES]
if len(_codes) != len(set(_codes)):  # pragma: no cover - guards against a copy-paste slip
    raise RuntimeError("two rules share a code")
# Every label of a required answer names a real field (a typo would silently never match).
for _text in answers.LABELS:
    compile_pattern(_text)


def rules_for(skjema: str) -> list[Rule]:
    """The rules that apply to one form generation (for documentation and help pages)."""
    return [r for r in RULES if skjema in r.skjema]


def check(
    record: Behovsmelding,
    config: CheckConfig | None = None,
    *,
    uleselig: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Run every rule that applies to ``record``; findings sorted most severe first, then in
    document order. Pure: the record is never changed.

    ``uleselig`` (from the reader's :class:`~behovsmelding.readers.Lesing`: field path → the
    text as written) names fields that are None because they could not be read with
    certainty, not because they are empty: each gets its own advarsel, and what the rules
    say from its being None ("er ikke fylt ut", a sum that counts it as 0) is left out."""
    if not isinstance(record, Behovsmelding):
        raise TypeError(f"check() expects a Behovsmelding, got {type(record).__name__}")
    cfg = config if config is not None else default_config()
    found: list[Finding] = []
    token = CHECK_MEMO.set({})
    try:
        for rule in RULES:
            setting = cfg.regler.get(rule.kode)
            if setting is not None and not setting.aktiv:
                continue
            if not rule.applies_to(record):
                continue
            severity = (setting.alvorlighet if setting is not None else None) or rule.alvorlighet
            found.extend(
                Finding(rule.kode, severity, funn.felt, funn.melding)
                for funn in rule.fn(record, cfg)
            )
    finally:
        CHECK_MEMO.reset(token)
    if uleselig:
        found = unreadable.replace_findings(found, uleselig, cfg)
    return sort_findings(found)
