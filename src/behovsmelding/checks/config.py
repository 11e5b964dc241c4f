"""Configuration of the checks: the parameters policy may change, read from TOML.

The defaults ship in ``config.toml`` beside this file, with a comment on each value. A
deployment may pass its own file to :func:`load_config`; keys it leaves out keep the defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .model import SEVERITIES
from .paths import PathError, Pattern, compile_pattern

# Characters an answer may consist of and still say nothing: "-", "--", "–", ". .", "…", and
# the bullets of a list whose items were left empty ("•", "▪", "◦", Symbol-font bullets).
_PUNCT = r"[\s\-–—_.,:;/\\*?!()\[\]'\"«»…•·▪▫◦‣○●■□➢➤►\uf0b7\uf0a7]"


class ConfigError(ValueError):
    """A configuration file the checks cannot use (the message says which key and why)."""


@dataclass(frozen=True, slots=True)
class RegelInnstilling:
    """Per-rule setting from ``[regler.KODE]``."""

    aktiv: bool = True
    alvorlighet: str | None = None


@dataclass(frozen=True)
class CheckConfig:
    toleranse_kr: int = 0
    koordinator_maks_andel: Decimal = Decimal("0.10")
    koordinator_maks_kr: int = 0
    dekom_egenandel_andel: Decimal = Decimal("0.30")
    varighet_maks_aar: int = 3
    tomme_svar: frozenset[str] = frozenset()
    plassholdere: frozenset[str] = frozenset()
    organisasjonsord: frozenset[str] = frozenset()  # case-folded whole words
    epost_toppdomener: frozenset[str] = frozenset()  # besides every two-letter one
    organisasjonsakronymer: frozenset[str] = frozenset()  # "FO", "LO": exact, case-sensitive
    organisasjonsendelser: tuple[str, ...] = ()  # case-folded word endings
    kollektiv_fra_aar: int = 2026
    paakrevd: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    regler: dict[str, RegelInnstilling] = field(default_factory=dict)
    # Derived once, because the web form re-checks on every change: one regular expression
    # that matches every empty answer (punctuation only, or one of the texts above with any
    # white space), and the length above which a text cannot be one.
    tom_regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    tom_maks_lengde: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        empty = sorted(self.tomme_svar | self.plassholdere, key=len, reverse=True)
        texts = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in empty if t.split())
        # Punctuation, and empty texts any number of times: two content controls left at
        # their placeholder in one answer ("Klikk … tekst. Klikk … tekst.") say nothing either.
        rx = rf"^(?:{_PUNCT}|{texts})*$" if texts else rf"^{_PUNCT}*$"
        object.__setattr__(self, "tom_regex", re.compile(rx, re.IGNORECASE))
        longest = max((len(t) for t in empty), default=0)
        object.__setattr__(self, "tom_maks_lengde", 6 * longest + 32)


def _int(d: dict[str, Any], key: str, default: int, minimum: int = 0) -> int:
    v = d.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
        raise ConfigError(f"{key}: forventet et heltall ≥ {minimum}, fikk {v!r}")
    return v


def _share(d: dict[str, Any], key: str, default: Decimal) -> Decimal:
    v = d.get(key, default)
    if isinstance(v, int) and not isinstance(v, bool):
        v = Decimal(v)
    if not isinstance(v, Decimal) or not (0 <= v <= 1):
        raise ConfigError(f"{key}: forventet en andel mellom 0 og 1 (f.eks. 0.30), fikk {v!r}")
    return v


def _strings(d: dict[str, Any], key: str) -> list[str]:
    v = d.get(key, [])
    if not isinstance(v, list) or any(not isinstance(x, str) for x in v):
        raise ConfigError(f"{key}: forventet en liste med tekster")
    return list(v)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def config_from_dict(d: dict[str, Any]) -> CheckConfig:
    """Build and validate a configuration; raises :class:`ConfigError` naming the bad key."""
    org_raw = _strings(d, "organisasjonsord")
    acronyms = frozenset(w for w in org_raw if w.isupper())
    org = [w.casefold() for w in org_raw if w not in acronyms]
    paakrevd: dict[str, tuple[Pattern, ...]] = {}
    raw_req = d.get("paakrevd", {})
    if not isinstance(raw_req, dict):
        raise ConfigError("paakrevd: forventet en tabell per skjema")
    for skjema, patterns in raw_req.items():
        if not isinstance(patterns, list) or any(not isinstance(p, str) for p in patterns):
            raise ConfigError(f"paakrevd.{skjema}: forventet en liste med feltstier")
        try:
            paakrevd[skjema] = tuple(compile_pattern(p) for p in patterns)
        except PathError as e:
            raise ConfigError(f"paakrevd.{skjema}: {e}") from e
    regler: dict[str, RegelInnstilling] = {}
    raw_rules = d.get("regler", {})
    if not isinstance(raw_rules, dict):
        raise ConfigError("regler: forventet en tabell per regelkode")
    for kode, s in raw_rules.items():
        if not isinstance(s, dict):
            raise ConfigError(f"regler.{kode}: forventet en tabell")
        aktiv = s.get("aktiv", True)
        alv = s.get("alvorlighet")
        if not isinstance(aktiv, bool):
            raise ConfigError(f"regler.{kode}.aktiv: forventet true eller false")
        if alv is not None and alv not in SEVERITIES:
            raise ConfigError(f"regler.{kode}.alvorlighet: må være en av {', '.join(SEVERITIES)}")
        regler[kode] = RegelInnstilling(aktiv=aktiv, alvorlighet=alv)
    return CheckConfig(
        toleranse_kr=_int(d, "toleranse_kr", 0),
        koordinator_maks_andel=_share(d, "koordinator_maks_andel", Decimal("0.10")),
        koordinator_maks_kr=_int(d, "koordinator_maks_kr", 0),
        dekom_egenandel_andel=_share(d, "dekom_egenandel_andel", Decimal("0.30")),
        varighet_maks_aar=_int(d, "varighet_maks_aar", 3, minimum=1),
        tomme_svar=frozenset(" ".join(t.split()).casefold() for t in _strings(d, "tomme_svar")),
        plassholdere=frozenset(" ".join(t.split()).casefold() for t in _strings(d, "plassholdere")),
        organisasjonsord=frozenset(w for w in org if not w.startswith("*")),
        epost_toppdomener=frozenset(
            w.casefold().lstrip(".") for w in _strings(d, "epost_toppdomener")
        ),
        organisasjonsakronymer=acronyms,
        organisasjonsendelser=tuple(sorted({w[1:] for w in org if w.startswith("*") and w[1:]})),
        kollektiv_fra_aar=_int(d, "kollektiv_fra_aar", 2026, minimum=2000),
        paakrevd=paakrevd,
        regler=regler,
    )


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: ikke gyldig TOML ({e})") from e


#: A deployment's own policy file, read on top of the shipped defaults (keys it leaves out
#: keep them), so that a limit can change without a release.
ENV_VAR = "BEHOVSMELDING_CHECKS_CONFIG"


@cache
def default_config() -> CheckConfig:
    """The configuration ``check()`` uses when given none, read once: the shipped
    ``config.toml``, overridden by the file named in $BEHOVSMELDING_CHECKS_CONFIG if set."""
    own = os.environ.get(ENV_VAR, "").strip()
    if own:
        return _load(own)
    return config_from_dict(_read_toml(_shipped_text(), "config.toml"))


def _shipped_text() -> str:
    return resources.files(__package__).joinpath("config.toml").read_text("utf-8")


def load_config(path: str | Path | None = None) -> CheckConfig:
    """The shipped defaults, overridden by the keys of ``path`` if given."""
    if path is None:
        return default_config()
    return _load(path)


def _load(path: str | Path) -> CheckConfig:
    base = _read_toml(_shipped_text(), "config.toml")
    try:
        own = Path(path).read_text("utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: kan ikke leses ({e.strerror})") from e
    return config_from_dict(_merge(base, _read_toml(own, str(path))))
