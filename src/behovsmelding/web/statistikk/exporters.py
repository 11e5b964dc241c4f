"""The statistics as an Excel workbook: the same tables as the page, one sheet each. Rows are
keyed by stable field names; the labels are the sheets' headers. Text is neutralised so that a
spreadsheet never takes a name for a formula."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from ..exporters import KRONER_FORMAT, neutralise
from .tall import Rad, Statistikk

TALL = (
    ("tiltak", "Tiltak"),
    ("partnerskap", "Partnerskap"),
    ("soekt", "Søkt"),
    ("innstilt", "Innstilt"),
    ("innvilget", "Innvilget"),
    ("brukt", "Brukt"),
    ("tilbakebetalt", "Tilbakebetalt"),
    ("overfort", "Overført"),
    ("rapportert", "Innvilget i godkjente rapporter"),
)
PENGER = {"soekt", "innstilt", "innvilget", "brukt", "tilbakebetalt", "overfort", "rapportert"}


def _rad(r: Rad) -> dict[str, Any]:
    return {k: getattr(r, k) for k, _ in TALL} | {
        "aar": r.aar,
        "navn": r.navn,
        "utnyttelse": r.utnyttelse,
    }


def per_aar(s: Statistikk) -> Iterator[dict[str, Any]]:
    for r in s.per_aar:
        yield _rad(r)
    yield _rad(s.totalt) | {"aar": None, "navn": "Totalt"}


def per_gruppe(s: Statistikk) -> Iterator[dict[str, Any]]:
    for r in s.per_gruppe:
        yield _rad(r)


def nettverk(s: Statistikk) -> Iterator[dict[str, Any]]:
    under = {r.navn for r in s.under}
    for r in s.nettverk:
        yield _rad(r) | {"under": "Ja" if r.navn in under else "Nei"}


def temaer(s: Statistikk) -> Iterator[dict[str, Any]]:
    for t in s.temaer:
        for aar in s.aar:
            n, soekt, innvilget = t.per_aar.get(aar, (0, 0, 0))
            yield {"tema": t.navn, "aar": aar, "tiltak": n, "soekt": soekt, "innvilget": innvilget}


Kolonner = Sequence[tuple[str, str]]


def _sheet(wb: Any, title: str, cols: Kolonner, rows: Iterator[dict[str, Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append([label for _, label in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            [neutralise(v) if isinstance(v, str) else v for v in (row.get(k) for k, _ in cols)]
        )
        for i, (k, _) in enumerate(cols, start=1):
            if k in PENGER:
                ws.cell(row=ws.max_row, column=i).number_format = KRONER_FORMAT
    for i, (k, label) in enumerate(cols, start=1):
        width = 18 if k in PENGER else max(10, len(label) + 2)
        ws.column_dimensions[get_column_letter(i)].width = 30 if k in ("navn", "tema") else width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(ws.max_row, 2)}"


def workbook(s: Statistikk) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    tall = list(TALL)
    _sheet(wb, "Per år", [("aar", "År"), ("navn", "Utvalg"), *tall], per_aar(s))
    _sheet(
        wb,
        f"Per {s.per_label.split(' ')[0].lower()}"[:31],
        [("aar", "År"), ("navn", s.per_label), *tall],
        per_gruppe(s),
    )
    _sheet(
        wb,
        "Nettverk",
        [
            ("navn", "Kompetansenettverk"),
            *tall,
            ("utnyttelse", "Brukt av rapportert (%)"),
            ("under", f"Under {s.terskel} %"),
        ],
        nettverk(s),
    )
    _sheet(
        wb,
        "Temaer",
        [
            ("tema", "Tema"),
            ("aar", "År"),
            ("tiltak", "Tiltak"),
            ("soekt", "Søkt"),
            ("innvilget", "Innvilget"),
        ],
        temaer(s),
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
