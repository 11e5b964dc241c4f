"""The registry of rules and the engine that runs them: record → findings."""

from __future__ import annotations

from ..record import Behovsmelding
from . import answers, arithmetic, consistency, identifiers
from .config import CheckConfig, default_config
from .model import CHECK_MEMO, Finding, Rule, sort_findings
from .paths import compile_pattern

# Order: the form's order, roughly (the findings are sorted by field anyway).
RULES: tuple[Rule, ...] = (
    *answers.RULES,
    *arithmetic.RULES,
    *identifiers.RULES,
    *consistency.RULES,
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


def check(record: Behovsmelding, config: CheckConfig | None = None) -> list[Finding]:
    """Run every rule that applies to ``record``; findings sorted most severe first, then in
    document order. Pure: the record is never changed."""
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
    return sort_findings(found)
