"""A posted form ↔ a behovsmelding-v1 record.

Field names are record paths (``budsjett.rader[2].totalt``), so a finding's ``felt`` names
the input it concerns. Parsing is at the edge: amounts become whole kroner, empty answers
``None``; text that cannot go into the record (letters in an amount, an institution without
an amount) is returned in ``ugyldig`` so that it is kept and shown again, never lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ... import belop
from ...belop import tall
from ...record import (
    Behovsmelding,
    Belop,
    Budsjett,
    Budsjettrad,
    Deltaker,
    Enheter,
    Kilde,
    Kontakt,
    Kontaktpersoner,
    Maaloppnaaelse,
    Medbestemmelse,
    Partner,
)
from .fields import AMOUNT, CHECKBOXES, JANEI, NUMBER, Felt, Rader, alle_felt


def parse_amount(text: str) -> int | None:
    """Whole kroner as owners type them: "250 500", "250.500,-", "kr 250500"; else ValueError
    (also above ``MAKS_BELOP``, which the database could not store). ``belop.parse``."""
    return belop.parse(text)


def format_amount(value: int | None) -> str:
    return "" if value is None else tall(value)


@dataclass
class Utfylt:
    record: Behovsmelding
    ugyldig: dict[str, str] = field(default_factory=dict)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    v = str(data.get(key, "")).replace("\r\n", "\n").strip()
    return v or None


def _rows(data: Mapping[str, Any], prefix: str) -> list[int]:
    rx = re.compile(re.escape(prefix) + r"\[(\d+)\]\.")
    return sorted({int(m.group(1)) for k in data if (m := rx.match(k))})


def rows_in(data: Mapping[str, Any], prefix: str) -> list[int]:
    """The row numbers posted for a table, in order."""
    return _rows(data, prefix)


def parse(data: Any, *, aar: int) -> Utfylt:
    """A posted form (a QueryDict or a plain dict of lists/strings) as a record."""
    get = data.getlist if hasattr(data, "getlist") else (lambda k: _aslist(data.get(k)))
    flat = {k: (get(k) or [""])[-1] for k in data}
    ugyldig: dict[str, str] = {}

    def amount(key: str, path: str | None = None) -> int | None:
        raw = str(flat.get(key, ""))
        try:
            return parse_amount(raw)
        except ValueError:
            ugyldig[path or key] = raw.strip()
            return None

    def janei(key: str) -> bool | None:
        v = flat.get(key, "")
        return True if v == "ja" else False if v == "nei" else None

    rec = Behovsmelding(skjema="kollektiv-2026", kilde=Kilde(format="web"), aar=aar)
    for key in ("tittel", "eier", "kompetansenettverk", "uh", "kommentar", "behov"):
        setattr(rec, key, _text(flat, key))
    for key in ("partnerskapsplan", "egeninnsats", "maalgruppe", "okonomi"):
        setattr(rec, key, _text(flat, key))
    rec.gjelder = _choice(flat, "gjelder", ("barnehage", "grunnskole", "begge"))
    rec.kontaktpersoner = Kontaktpersoner(
        eier=Kontakt(
            navn=_text(flat, "kontaktpersoner.eier.navn"),
            funksjon=_text(flat, "kontaktpersoner.eier.funksjon"),
        ),
        uh=Kontakt(
            navn=_text(flat, "kontaktpersoner.uh.navn"),
            funksjon=_text(flat, "kontaktpersoner.uh.funksjon"),
        ),
    )
    rec.flere_eiere = janei("flere_eiere")
    rec.flere_uh = janei("flere_uh")
    rec.videreforer_fjoraaret = janei("videreforer_fjoraaret")
    rader = []
    for n, i in enumerate(_rows(flat, "budsjett.rader")):
        p = f"budsjett.rader[{i}]"
        q = f"budsjett.rader[{n}]"
        uh = amount(f"{p}.uh", f"{q}.uh")
        inst = _text(flat, f"{p}.uh_institusjon")
        if uh is None and inst:
            ugyldig[f"{q}.uh_institusjon"] = inst
        rad = Budsjettrad(
            etikett=_text(flat, f"{p}.etikett"),
            eier=amount(f"{p}.eier", f"{q}.eier"),
            uh=[Belop(uh, inst)] if uh is not None else [],
            totalt=amount(f"{p}.totalt", f"{q}.totalt"),
        )
        rader.append(rad)
    rec.budsjett = Budsjett(rader=rader, sum=computed_sum(rader, ugyldig))
    rec.faser = [v for v in get("faser") if v in ("analyse", "planlegging", "gjennomforing")]
    rec.maaloppnaaelse = Maaloppnaaelse(
        **{k: _text(flat, f"maaloppnaaelse.{k}") for k in ("a", "b", "c", "d", "e", "oppfolging")}
    )
    rec.budsjett_i_vedlegg = janei("budsjett_i_vedlegg")
    periods = {f"V{aar}", f"H{aar}", f"V{aar + 1}", "videre"}
    rec.varighet = [v for v in get("varighet") if v in periods]
    rec.koordinator_sum = amount("koordinator_sum")
    rec.videreutdanning = _choice(flat, "videreutdanning", ("ja", "nei", "vet_ikke"))
    rec.samiske_perspektiver = _choice(flat, "samiske_perspektiver", ("ja", "nei", "ikke_relevant"))
    rec.partnere = [
        Partner(
            navn=_text(flat, f"partnere[{i}].navn"),
            kontaktperson=_text(flat, f"partnere[{i}].kontaktperson"),
            rolle=_choice(flat, f"partnere[{i}].rolle", ("eier", "uh")),
        )
        for i in _rows(flat, "partnere")
    ]
    rec.medbestemmelse = Medbestemmelse(
        droftet=janei("medbestemmelse.droftet"),
        deltakere=[
            Deltaker(
                rolle=_text(flat, f"medbestemmelse.deltakere[{i}].rolle"),
                navn=_text(flat, f"medbestemmelse.deltakere[{i}].navn"),
            )
            for i in _rows(flat, "medbestemmelse.deltakere")
        ],
    )
    enheter = Enheter()
    for key in ("kommunale_barnehager", "private_barnehager", "offentlige_skoler"):
        setattr(enheter, key, _enhet(flat, f"enheter.{key}", ugyldig))
    for key in ("private_skoler", "ppt"):
        setattr(enheter, key, _enhet(flat, f"enheter.{key}", ugyldig))
    rec.enheter = enheter
    # Rows left entirely empty are not part of the answer.
    rec.partnere = [p for p in rec.partnere if p.navn or p.kontaktperson or p.rolle]
    rec.medbestemmelse.deltakere = [d for d in rec.medbestemmelse.deltakere if d.rolle or d.navn]
    return Utfylt(rec, ugyldig)


def computed_sum(rader: list[Budsjettrad], ugyldig: Mapping[str, str]) -> Budsjettrad:
    """The 2026 form's Sum row is plain arithmetic of the rows above it (Eier, UH and Totalt
    each the sum of its column), so on the web it is computed, never typed: the record holds
    what the page showed. A column with text that is not an amount, or with nothing in it,
    has no sum (its cell's own message says why)."""

    def column(col: str, values: list[int | None]) -> int | None:
        if any(k.startswith("budsjett.rader[") and k.endswith("]." + col) for k in ugyldig):
            return None
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    uh = column("uh", [r.uh_sum if r.uh else None for r in rader])
    return Budsjettrad(
        etikett="Sum",
        eier=column("eier", [r.eier for r in rader]),
        uh=[Belop(uh)] if uh is not None else [],
        totalt=column("totalt", [r.totalt for r in rader]),
    )


def _aslist(v: Any) -> list[str]:
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]


def _choice(flat: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
    v = flat.get(key, "")
    return v if v in allowed else None


def _enhet(flat: Mapping[str, Any], key: str, ugyldig: dict[str, str]) -> int | str | None:
    raw = str(flat.get(key, "")).strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:  # a count of units, not 10**40
        return int(raw)
    ugyldig[key] = raw
    return raw


def values(record: Behovsmelding, ugyldig: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What each input shows: path → text (checkbox groups: a list of ticked values)."""
    d = record.to_dict()
    out: dict[str, Any] = {}
    mo = d.get("maaloppnaaelse") or {}
    for key in ("tittel", "eier", "kompetansenettverk", "uh", "kommentar", "behov", "gjelder"):
        out[key] = d.get(key) or ""
    for key in ("partnerskapsplan", "egeninnsats", "maalgruppe", "okonomi"):
        out[key] = d.get(key) or ""
    for who in ("eier", "uh"):
        for key in ("navn", "funksjon"):
            out[f"kontaktpersoner.{who}.{key}"] = d["kontaktpersoner"][who][key] or ""
    for key in ("flere_eiere", "flere_uh", "videreforer_fjoraaret", "budsjett_i_vedlegg"):
        out[key] = _janei(d.get(key))
    out["medbestemmelse.droftet"] = _janei(d["medbestemmelse"]["droftet"])
    for i, r in enumerate(record.budsjett.rader):
        p = f"budsjett.rader[{i}]"
        out[f"{p}.etikett"] = r.etikett or ""
        out[f"{p}.eier"] = format_amount(r.eier)
        out[f"{p}.uh"] = format_amount(r.uh_sum)
        out[f"{p}.uh_institusjon"] = " / ".join(b.institusjon for b in r.uh if b.institusjon)
        out[f"{p}.totalt"] = format_amount(r.totalt)
    s = record.budsjett.sum or Budsjettrad()
    out["budsjett.sum.eier"] = format_amount(s.eier)
    out["budsjett.sum.uh"] = format_amount(s.uh_sum)
    out["budsjett.sum.totalt"] = format_amount(s.totalt)
    for k in ("a", "b", "c", "d", "e", "oppfolging"):
        out[f"maaloppnaaelse.{k}"] = mo.get(k) or ""
    out["faser"] = list(record.faser or [])
    out["varighet"] = list(record.varighet or [])
    out["koordinator_sum"] = format_amount(record.koordinator_sum)
    out["videreutdanning"] = record.videreutdanning or ""
    out["samiske_perspektiver"] = record.samiske_perspektiver or ""
    for i, pa in enumerate(record.partnere):
        out[f"partnere[{i}].navn"] = pa.navn or ""
        out[f"partnere[{i}].kontaktperson"] = pa.kontaktperson or ""
        out[f"partnere[{i}].rolle"] = pa.rolle or ""
    for i, dl in enumerate(record.medbestemmelse.deltakere):
        out[f"medbestemmelse.deltakere[{i}].rolle"] = dl.rolle or ""
        out[f"medbestemmelse.deltakere[{i}].navn"] = dl.navn or ""
    for key, v in d["enheter"].items():
        out[f"enheter.{key}"] = "" if v is None else str(v)
    out.update(ugyldig or {})
    return out


def _janei(v: bool | None) -> str:
    return "ja" if v is True else "nei" if v is False else ""


def row_counts(record: Behovsmelding) -> dict[str, int]:
    return {
        "budsjett.rader": len(record.budsjett.rader),
        "partnere": len(record.partnere),
        "medbestemmelse.deltakere": len(record.medbestemmelse.deltakere),
    }


def field_paths(aar: int, counts: Mapping[str, int]) -> list[str]:
    """Every input's path in page order (rows expanded), for anchors and tests."""
    out: list[str] = []
    for item in alle_felt(aar):
        if isinstance(item, Felt):
            out.append(item.path)
        elif isinstance(item, Rader):
            for i in range(counts.get(item.prefix, 0)):
                out.extend(f"{item.prefix}[{i}].{f.path}" for f in item.felt)
    return out


__all__ = [
    "AMOUNT",
    "CHECKBOXES",
    "JANEI",
    "NUMBER",
    "Utfylt",
    "field_paths",
    "format_amount",
    "parse",
    "parse_amount",
    "row_counts",
    "values",
]
