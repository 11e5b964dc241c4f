"""Import organisations from a file in the layout of Enhetsregisteret's open bulk download.

CSV (the columns ``organisasjonsnummer``, ``navn``, ``organisasjonsform.kode``,
``forretningsadresse.adresse``, ``forretningsadresse.postnummer``,
``forretningsadresse.poststed``, ``forretningsadresse.kommunenummer``; ``postadresse.*`` is
preferred for letters where present) or JSON (a list of units, or ``{"_embedded":
{"enheter": [...]}}`` as the API pages come, with the same names nested). Idempotent: a unit
already in the register is updated only where the file says something else, and the report
says per unit what changed. The account number, e-mail and region are Statsforvalteren's own
data and are never touched by an import.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from stdnum.no import orgnr as stdnum_orgnr

from .models import UH_TYPER, Region, Virksomhet, Virksomhetstype

# Fields the import owns (the register's own columns, from the file's).
FELT = ("navn", "organisasjonsform", "postadresse", "postnummer", "poststed", "kommunenummer")


class ImportFeil(ValueError):
    """The file cannot be read as a whole; the message is for the user."""


@dataclass(slots=True)
class Importrapport:
    nye: list[str] = field(default_factory=list)
    endret: list[str] = field(default_factory=list)
    uendret: int = 0
    avvist: list[str] = field(default_factory=list)

    def linjer(self) -> list[str]:
        out = [
            f"{len(self.nye)} nye, {len(self.endret)} endret, {self.uendret} uendret, "
            f"{len(self.avvist)} avvist."
        ]
        out += [f"Ny: {x}" for x in self.nye]
        out += [f"Endret: {x}" for x in self.endret]
        out += [f"Avvist: {x}" for x in self.avvist]
        return out


def type_for(kode: str, navn: str) -> str:
    """The register's kind from the unit's organisasjonsform and name."""
    folded = navn.casefold()
    if kode.upper() in ("KOMM", "FYLK"):
        return Virksomhetstype.KOMMUNE
    if "fagskole" in folded or "fagskule" in folded:
        return Virksomhetstype.FAGSKOLE
    if any(w in folded for w in ("universitet", "høgskole", "høgskule", "høyskole")):
        return Virksomhetstype.UH
    if "kompetansesenter" in folded or "kompetansesenteret" in folded:
        return Virksomhetstype.KOMPETANSEMILJO
    return Virksomhetstype.PRIVAT


_SMALL = {"i", "og", "på", "for", "av", "til", "ved"}
_UPPER = {"as", "asa", "sa", "ba", "kf", "iks", "ans", "da", "uit", "ntnu"}


def pretty_name(navn: str) -> str:
    """Enhetsregisteret writes names in capitals ("BODØ KOMMUNE"): "Bodø kommune"."""
    if not navn.isupper():
        return navn
    words = navn.lower().split()
    out = []
    for i, w in enumerate(words):
        if w in _UPPER:
            out.append(w.upper())
        elif i == 0 or (w not in _SMALL and w not in ("kommune", "fylkeskommune")):
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def _known_by_name(navn: str, kode: str) -> Virksomhet | None:
    """An organisation the register knew without a number (from the first migration or typed
    in): by its name or an alias, folded; a UH institution also by its aliases' words."""
    from .register import alias_nokkel, finn_uh

    key = alias_nokkel(navn)
    found = (
        Virksomhet.objects.filter(orgnr=None)
        .filter(Q(aliaser__nokkel=key) | Q(navn__iexact=navn))
        .order_by("id")
        .first()
    )
    if found is not None:
        return found
    for v in Virksomhet.objects.filter(orgnr=None).only("id", "navn"):
        if alias_nokkel(v.navn) == key:
            return v
    if type_for(kode, navn) in UH_TYPER:
        found = finn_uh(navn)
        if found is not None and found.orgnr is None:
            return found
    return None


def _get(unit: dict[str, Any], dotted: str) -> str:
    """A value by its dotted name, flat (CSV) or nested (JSON); an address list is joined."""
    if dotted in unit:
        value: Any = unit[dotted]
    else:
        value = unit
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        value = ", ".join(str(x) for x in value if x)
    return " ".join(str(value or "").split())


def _address(unit: dict[str, Any]) -> dict[str, str]:
    prefix = "postadresse" if _get(unit, "postadresse.postnummer") else "forretningsadresse"
    return {
        "postadresse": _get(unit, f"{prefix}.adresse")[:200],
        "postnummer": _get(unit, f"{prefix}.postnummer")[:4],
        "poststed": _get(unit, f"{prefix}.poststed")[:100],
        "kommunenummer": _get(unit, f"{prefix}.kommunenummer")[:4],
    }


def read_units(data: bytes, filnavn: str) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFeil("Filen er ikke UTF-8-tekst.") from e
    if filnavn.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as e:
            raise ImportFeil(f"Filen er ikke gyldig JSON (linje {e.lineno}).") from e
        if isinstance(parsed, dict):
            parsed = (parsed.get("_embedded") or {}).get("enheter", parsed.get("enheter"))
        if not isinstance(parsed, list) or not all(isinstance(u, dict) for u in parsed):
            raise ImportFeil("JSON-filen må være en liste av enheter.")
        return parsed
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    if rows and "organisasjonsnummer" not in rows[0]:
        raise ImportFeil("CSV-filen mangler kolonnen «organisasjonsnummer».")
    return rows


@transaction.atomic
def import_units(
    units: list[dict[str, Any]],
    *,
    region: Region | None = None,
    kan_endre: Callable[[Virksomhet], bool] | None = None,
) -> Importrapport:
    """Create or update each unit by its organisasjonsnummer; ``region`` is given to new
    owners (kommune, private owner) that have none. ``kan_endre`` (a caseworker's import):
    an organisation already in the register is changed only when it says yes; otherwise the
    row is refused with the reason (another region's organisation keeps its name and the
    address its letters go to)."""
    report = Importrapport()
    seen: set[str] = set()
    for i, unit in enumerate(units, start=1):
        nummer = _get(unit, "organisasjonsnummer").replace(" ", "")
        navn = pretty_name(_get(unit, "navn"))[:300]
        if not stdnum_orgnr.is_valid(nummer):
            report.avvist.append(f"rad {i}: «{nummer}» er ikke et gyldig organisasjonsnummer")
            continue
        if not navn:
            report.avvist.append(f"rad {i}: {nummer} har ikke noe navn")
            continue
        if nummer in seen:
            report.avvist.append(f"rad {i}: {nummer} står to ganger i filen")
            continue
        seen.add(nummer)
        kode = _get(unit, "organisasjonsform.kode")[:10]
        values = {"navn": navn, "organisasjonsform": kode, **_address(unit)}
        v = Virksomhet.objects.filter(orgnr=nummer).first()
        new_number = False
        if v is None:
            # An organisation the register knew by name only (from the first migration) gets
            # its number; otherwise a new one.
            v = _known_by_name(navn, kode)
            if v is None:
                kind = type_for(kode, navn)
                owner = kind in (Virksomhetstype.KOMMUNE, Virksomhetstype.PRIVAT)
                Virksomhet.objects.create(
                    orgnr=nummer, type=kind, region=region if owner else None, **values
                )
                report.nye.append(f"{navn} ({nummer})")
                continue
            new_number = True
        if kan_endre is not None and not kan_endre(v):
            report.avvist.append(
                f"rad {i}: {v.navn} ({nummer}) hører ikke til virksomhetene du holder i "
                "registeret; ikke endret"
            )
            continue
        if new_number:
            v.orgnr = nummer
        changes = [
            f"{name}: «{getattr(v, name)}» → «{value}»"
            for name, value in values.items()
            if getattr(v, name) != value
        ]
        if not changes and not new_number:
            report.uendret += 1
            continue
        for name, value in values.items():
            setattr(v, name, value)
        v.save()
        report.endret.append(f"{navn} ({nummer}): " + ("; ".join(changes) or "nytt nummer"))
    return report


def demo_register_file() -> tuple[bytes, str]:
    """The invented sample in Enhetsregisteret's CSV layout shipped for the demo and tests."""
    from importlib import resources

    path = resources.files("behovsmelding") / "demo_data" / "register" / "enheter.csv"
    return path.read_bytes(), "enheter.csv"


def load_demo_register(region: Region) -> Importrapport | None:
    """Import the shipped sample (:func:`demo_register_file`) with ``region`` for its owners;
    None when its first unit is in the register already (nothing to do)."""
    data, name = demo_register_file()
    units = read_units(data, name)
    if Virksomhet.objects.filter(orgnr=_get(units[0], "organisasjonsnummer")).exists():
        return None
    return import_units(units, region=region)
