"""The report's checks: rules as data and small functions over a report's lines.

Each finding has a stable code, a severity (``feil`` blocks submission, ``advarsel`` does
not), the field it concerns (the input's name on the page, ``linje-12-brukt_eier``) and a
Norwegian message with the numbers in it. The unused amount is granted − used, computed here
and never typed. Amounts arrive parsed (``None`` when empty); text that was not an amount is
in ``ugyldig`` by field name and reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ... import belop

FEIL = "feil"
ADVARSEL = "advarsel"
MAAL_BOKSTAVER = ("a", "b", "c", "d", "e")
TILBAKEBETALES = "tilbakebetales"
OVERFORES = "overfores"


@dataclass(frozen=True, slots=True)
class Funn:
    kode: str
    alvor: str
    felt: str
    melding: str

    def as_dict(self) -> dict[str, str]:
        return {"kode": self.kode, "alvor": self.alvor, "felt": self.felt, "melding": self.melding}


class Linjesummer:
    """Granted, used and unused of one line, from its eier and UH amounts: the same sums for a
    stored line (``Rapportlinje``) and a posted one (:class:`Linje`)."""

    __slots__ = ()
    innvilget_eier: int
    innvilget_uh: int
    brukt_eier: int | None
    brukt_uh: int | None

    @property
    def innvilget(self) -> int:
        return self.innvilget_eier + self.innvilget_uh

    @property
    def brukt(self) -> int:
        return (self.brukt_eier or 0) + (self.brukt_uh or 0)

    @property
    def ubrukt(self) -> int:
        """Granted − used, never below zero (overspending is explained, not repaid)."""
        return max(self.innvilget - self.brukt, 0)


@dataclass(frozen=True, slots=True)
class Linje(Linjesummer):
    """What the checks need of one line (``Rapportlinje`` or a posted form)."""

    id: int
    tittel: str
    innvilget_eier: int
    innvilget_uh: int
    brukt_eier: int | None
    brukt_uh: int | None
    ubrukt_handling: str
    overforing_grunn: str
    avvik_forklaring: str
    hva_gjort: str
    maaloppnaaelse: Mapping[str, Any]


def kr(v: int) -> str:
    return belop.tall(v, sep="\u00a0") + " kr"


def felt(linje_id: int, navn: str) -> str:
    return f"linje-{linje_id}-{navn}"


def _belop(li: Linje, hvem: str, ugyldig: Mapping[str, str]) -> list[Funn]:
    navn = f"brukt_{hvem}"
    f = felt(li.id, navn)
    part = _("eieren") if hvem == "eier" else _("kompetansemiljøet")
    if f in ugyldig:
        return [Funn("UGYLDIG_BELOP", FEIL, f, _("«%(t)s» er ikke et beløp.") % {"t": ugyldig[f]})]
    brukt = getattr(li, navn)
    innvilget = getattr(li, f"innvilget_{hvem}")
    if brukt is None:
        return [
            Funn(
                "BRUKT_MANGLER",
                FEIL,
                f,
                _("Skriv hvor mye %(part)s har brukt (0 om ingenting).") % {"part": part},
            )
        ]
    if brukt < 0:
        return [Funn("NEGATIVT_BELOP", FEIL, f, _("Beløpet kan ikke være negativt."))]
    if brukt > innvilget and not li.avvik_forklaring.strip():
        return [
            Funn(
                "OVER_INNVILGET",
                FEIL,
                f,
                _(
                    "Brukt %(brukt)s er mer enn innvilget %(innvilget)s; forklar avviket "
                    "eller rett beløpet."
                )
                % {"brukt": kr(brukt), "innvilget": kr(innvilget)},
            )
        ]
    return []


def kontroller_linje(li: Linje, ugyldig: Mapping[str, str]) -> list[Funn]:
    out = _belop(li, "eier", ugyldig) + _belop(li, "uh", ugyldig)
    amounts_ok = not any(f.kode in ("UGYLDIG_BELOP", "BRUKT_MANGLER") for f in out)
    if amounts_ok and li.ubrukt > 0:
        if li.ubrukt_handling not in (TILBAKEBETALES, OVERFORES):
            out.append(
                Funn(
                    "UBRUKT_HANDLING",
                    FEIL,
                    felt(li.id, "ubrukt_handling"),
                    _(
                        "%(ubrukt)s er ikke brukt: velg om beløpet betales tilbake eller "
                        "søkes overført."
                    )
                    % {"ubrukt": kr(li.ubrukt)},
                )
            )
        elif li.ubrukt_handling == OVERFORES and not li.overforing_grunn.strip():
            out.append(
                Funn(
                    "OVERFORING_GRUNN",
                    FEIL,
                    felt(li.id, "overforing_grunn"),
                    _("Skriv hvorfor %(ubrukt)s bør overføres til neste år.")
                    % {"ubrukt": kr(li.ubrukt)},
                )
            )
    if li.brukt > li.innvilget and li.avvik_forklaring.strip():
        out.append(
            Funn(
                "OVER_FORKLART",
                ADVARSEL,
                felt(li.id, "avvik_forklaring"),
                _("Brukt %(brukt)s er mer enn innvilget %(innvilget)s (forklart).")
                % {"brukt": kr(li.brukt), "innvilget": kr(li.innvilget)},
            )
        )
    if not li.hva_gjort.strip():
        out.append(
            Funn(
                "HVA_GJORT_MANGLER",
                FEIL,
                felt(li.id, "hva_gjort"),
                _("Beskriv hva som er gjort i tiltaket."),
            )
        )
    for b in MAAL_BOKSTAVER:
        if not str(li.maaloppnaaelse.get(b) or "").strip():
            out.append(
                Funn(
                    "MAAL_MANGLER",
                    FEIL,
                    felt(li.id, f"maal_{b}"),
                    _("Svar på punkt %(b)s) om måloppnåelse.") % {"b": b},
                )
            )
    return out


def kontroller(linjer: Sequence[Linje], ugyldig: Mapping[str, str]) -> list[Funn]:
    out: list[Funn] = []
    for li in linjer:
        out += kontroller_linje(li, ugyldig)
    return out


@dataclass(frozen=True, slots=True)
class Summer:
    innvilget_eier: int
    innvilget_uh: int
    brukt_eier: int
    brukt_uh: int
    ubrukt: int
    tilbakebetales: int
    overfores: int

    @property
    def innvilget(self) -> int:
        return self.innvilget_eier + self.innvilget_uh

    @property
    def brukt(self) -> int:
        return self.brukt_eier + self.brukt_uh


def summer(linjer: Sequence[Linje]) -> Summer:
    return Summer(
        innvilget_eier=sum(li.innvilget_eier for li in linjer),
        innvilget_uh=sum(li.innvilget_uh for li in linjer),
        brukt_eier=sum(li.brukt_eier or 0 for li in linjer),
        brukt_uh=sum(li.brukt_uh or 0 for li in linjer),
        ubrukt=sum(li.ubrukt for li in linjer),
        tilbakebetales=sum(li.ubrukt for li in linjer if li.ubrukt_handling == TILBAKEBETALES),
        overfores=sum(li.ubrukt for li in linjer if li.ubrukt_handling == OVERFORES),
    )
