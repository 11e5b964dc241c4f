"""The statistics page's charts as SVG, drawn on the server. No Django here.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(which says in words what it shows); the page puts the same numbers in a table beside it.
Colours come from classes in the page's style sheet (``serie-0`` …), never from inline style, so
the charts work under the strict Content-Security-Policy. Every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ... import belop as belop_

BREDDE = 720
VENSTRE = 230  # room for the labels
HOYRE = 150  # room for the value after the bar
STOLPE = 14
MELLOM = 3
GRUPPE = 14
TOPP = 34  # room for the legend


def kr(belop: int) -> str:
    """``1234567`` → ``1 234 567 kr`` (no-break spaces)."""
    return belop_.kroner(belop)


@dataclass(frozen=True, slots=True)
class Serie:
    navn: str
    klasse: str  # a class of the style sheet (colour)


@dataclass(frozen=True, slots=True)
class Gruppe:
    """One label with one value per series, and a note shown after the last bar."""

    navn: str
    verdier: tuple[int, ...]
    merknad: str = ""
    markert: bool = False


def _legend(serier: Sequence[Serie]) -> list[str]:
    out = []
    x = VENSTRE
    for s in serier:
        out.append(
            f'<rect x="{x}" y="8" width="12" height="12" class="{escape(s.klasse)}"></rect>'
            f'<text x="{x + 17}" y="18" class="forklaring-tekst">{escape(s.navn)}</text>'
        )
        x += 28 + 8 * len(s.navn)
    return out


def grupperte_stolper(
    id: str, tittel: str, beskrivelse: str, serier: Sequence[Serie], grupper: Sequence[Gruppe]
) -> str:
    """Horizontal bars, one group per label and one bar per series, scaled to the largest."""
    n = max(len(serier), 1)
    gruppe_h = n * STOLPE + (n - 1) * MELLOM
    hoyde = TOPP + len(grupper) * (gruppe_h + GRUPPE) + 4
    id = escape(id)
    top = max((v for g in grupper for v in g.verdier), default=0) or 1
    plass = BREDDE - VENSTRE - HOYRE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" '
        f'viewBox="0 0 {BREDDE} {hoyde}" width="{BREDDE}" height="{hoyde}" '
        f'aria-labelledby="{id}-tittel {id}-beskrivelse" focusable="false">',
        f'<title id="{id}-tittel">{escape(tittel)}</title>',
        f'<desc id="{id}-beskrivelse">{escape(beskrivelse)}</desc>',
        *_legend(serier),
    ]
    y = TOPP
    for g in grupper:
        midt = y + gruppe_h / 2
        klasse = "etikett markert" if g.markert else "etikett"
        parts.append(
            f'<text x="{VENSTRE - 8}" y="{midt + 4:.0f}" text-anchor="end" class="{klasse}">'
            f"{escape(_kort(g.navn))}</text>"
        )
        for i, (s, v) in enumerate(zip(serier, g.verdier, strict=False)):
            by = y + i * (STOLPE + MELLOM)
            w = round(plass * max(v, 0) / top, 1)
            parts.append(
                f'<rect x="{VENSTRE}" y="{by}" width="{w}" height="{STOLPE}" '
                f'class="{escape(s.klasse)}"></rect>'
                f'<text x="{VENSTRE + w + 4}" y="{by + STOLPE - 3}" class="verdi">'
                f"{escape(kr(v))}</text>"
            )
        if g.merknad:
            parts.append(
                f'<text x="{VENSTRE - 8}" y="{midt + 17:.0f}" text-anchor="end" '
                f'class="merknad">{escape(g.merknad)}</text>'
            )
        y += gruppe_h + GRUPPE
    parts.append("</svg>")
    return "".join(parts)


def _kort(text: str, maks: int = 32) -> str:
    return text if len(text) <= maks else text[: maks - 1] + "…"
