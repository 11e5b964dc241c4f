"""Checks: record → findings (issue 3).

Interface (stable)::

    check(record, config=None) -> list[Finding]   # sorted: most severe first, then by field
    format_findings_text(findings) -> str          # caseworker-readable, grouped by severity
    Finding(kode, alvorlighet, felt, melding).to_dict()

The rules are data (:data:`RULES`: code, severity, form generations, years, description and a
small function); their parameters (limits, shares, required answers per generation, word
lists) are in ``config.toml`` and can be overridden with :func:`load_config`. The package
imports nothing from Django, so the CLI, the web form and the caseworker's view share it.
"""

from __future__ import annotations

from .config import CheckConfig, ConfigError, default_config, load_config
from .model import SEVERITIES, SEVERITY_ORDER, Finding, Rule, sort_findings
from .registry import RULES, check, rules_for
from .report import format_findings_text, summary_line

__all__ = [
    "RULES",
    "SEVERITIES",
    "SEVERITY_ORDER",
    "CheckConfig",
    "ConfigError",
    "Finding",
    "Rule",
    "check",
    "default_config",
    "format_findings_text",
    "load_config",
    "rules_for",
    "sort_findings",
    "summary_line",
]
