"""Identifiers in the contact table: organisation and account numbers (MOD11), e-mail, phone."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stdnum.no import kontonr, orgnr

from ..record import Behovsmelding, Kontakt
from .config import CheckConfig
from .model import ALL_SKJEMA, Funn, Rule
from .text import is_empty_text, quote

_WHO = (("eier", "eier"), ("uh", "UH"))
_SEPARATORS = re.compile(r"[\s.\u00a0\u202f-]")
_EMAIL = re.compile(
    r"^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$"
)


def _contacts(record: Behovsmelding) -> Iterator[tuple[str, str, Kontakt]]:
    for who, label in _WHO:
        yield who, label, getattr(record.kontaktpersoner, who)


def _digits_problem(clean: str, length: int, what: str) -> str | None:
    if not clean.isdigit():
        return f"inneholder annet enn siffer, så det er ikke et gyldig {what}"
    if len(clean) != length:
        return f"har {len(clean)} siffer, et {what} har {length}"
    return None


def _number_rule(
    field: str, what: str, length: int, valid: Callable[[str], bool], strip_vat: bool
) -> Callable[[Behovsmelding, CheckConfig], Iterator[Funn]]:
    def rule(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
        for who, label, k in _contacts(record):
            raw: str | None = getattr(k, field)
            if raw is None or is_empty_text(raw, config):
                continue  # an empty answer is MANGLER_SVAR's
            clean = _SEPARATORS.sub("", raw)
            if strip_vat:
                clean = re.sub(r"(?i)^NO|MVA$", "", clean)
            problem = _digits_problem(clean, length, what)
            if problem is None and not valid(clean):
                problem = "kontrollsifferet stemmer ikke (MOD11); et siffer er trolig feilskrevet"
            if problem is not None:
                yield Funn(
                    f"kontaktpersoner.{who}.{field}",
                    f"Kontaktperson for {label}: {what} {quote(raw)} {problem}.",
                )

    return rule


orgnr_ugyldig = _number_rule("orgnr", "organisasjonsnummer", 9, orgnr.is_valid, True)
kontonr_ugyldig = _number_rule("kontonr", "kontonummer", 11, kontonr.is_valid, False)


def epost_ugyldig(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for who, label, k in _contacts(record):
        raw = k.epost
        if raw is None or is_empty_text(raw, config):
            continue
        address = raw.strip().removeprefix("mailto:")
        tld = address.rsplit(".", 1)[-1].casefold()
        if not _EMAIL.match(address) or ".." in address:
            problem = "er ikke en gyldig adresse (navn@domene.no)"
        elif len(tld) != 2 and tld not in config.epost_toppdomener:
            problem = f"ender på «.{tld}», som ikke er et toppdomene (navn@domene.no)"
        else:
            continue
        yield Funn(
            f"kontaktpersoner.{who}.epost",
            f"Kontaktperson for {label}: e-postadressen {quote(raw)} {problem}.",
        )


def telefon_ugyldig(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for who, label, k in _contacts(record):
        raw = k.telefon
        if raw is None or is_empty_text(raw, config):
            continue
        compact = re.sub(r"[\s\u00a0\u202f]", "", raw)
        if compact.startswith(("+", "00")) and not compact.startswith(("+47", "0047")):
            continue  # a foreign number: its length is not ours to judge
        digits = re.sub(r"\D", "", re.sub(r"^(?:\+47|0047)", "", compact))
        # Words beside the number ("(mobil)") are allowed; the digits must be eight.
        if len(digits) != 8:
            yield Funn(
                f"kontaktpersoner.{who}.telefon",
                f"Kontaktperson for {label}: telefonnummeret {quote(raw)} har {len(digits)} "
                "siffer; et norsk telefonnummer har 8.",
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "ORGNR_UGYLDIG",
        "feil",
        ALL_SKJEMA,
        "Organisasjonsnummeret har ikke 9 siffer eller feil kontrollsiffer (MOD11, "
        "stdnum.no.orgnr; mellomrom og punktum fjernes først). Feil: tilskuddet tildeles "
        "organisasjonen med dette nummeret.",
        orgnr_ugyldig,
    ),
    Rule(
        "KONTONR_UGYLDIG",
        "feil",
        ALL_SKJEMA,
        "Kontonummeret har ikke 11 siffer eller feil kontrollsiffer (MOD11, stdnum.no.kontonr; "
        "mellomrom og punktum fjernes først). Feil: pengene utbetales til dette kontoet.",
        kontonr_ugyldig,
    ),
    Rule(
        "EPOST_UGYLDIG",
        "feil",
        ALL_SKJEMA,
        "E-postadressen er ikke velformet, eller toppdomenet er verken en landkode (.no) "
        "eller et kjent toppdomene (listen er konfigurerbar). Feil: vedtak og "
        "tildelingsbrev sendes dit, og webskjemaet tar ikke imot en adresse som ikke kan "
        "brukes.",
        epost_ugyldig,
    ),
    Rule(
        "TELEFON_UGYLDIG",
        "feil",
        ALL_SKJEMA,
        "Telefonnummeret har ikke 8 siffer (mellomrom, punktum og +47 tas bort først; "
        "utenlandske nummer med annen landkode godtas). Feil: nummeret er et påkrevd svar, "
        "og et nummer med feil antall siffer kan ikke brukes.",
        telefon_ugyldig,
    ),
)
