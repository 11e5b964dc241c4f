"""The repayment list of a report round as Excel, with the forum's workbook helper (bold
frozen header, amounts in kroner, a totals row, formula-like text neutralised)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from ..forum.exporters import _xlsx
from .services import Tilbakebetaling


class TilbakebetalingExporter:
    FIELDS: ClassVar[tuple[str, ...]] = (
        "mottaker",
        "orgnr",
        "kontonr",
        "belop",
        "referanse",
        "tiltak",
    )
    HEADERS: ClassVar[dict[str, str]] = {
        "mottaker": "Mottaker",
        "orgnr": "Organisasjonsnummer",
        "kontonr": "Kontonummer",
        "belop": "Skal betales tilbake",
        "referanse": "Referanse",
        "tiltak": "Tiltak",
    }
    WIDTHS: ClassVar[dict[str, int]] = {
        "mottaker": 36,
        "orgnr": 20,
        "kontonr": 16,
        "referanse": 16,
        "tiltak": 60,
    }
    MONEY: ClassVar[frozenset[str]] = frozenset({"belop"})

    def rows(self, data: Sequence[Tilbakebetaling]) -> Iterator[dict[str, Any]]:
        for t in data:
            yield {
                "mottaker": t.mottaker,
                "orgnr": t.orgnr,
                "kontonr": t.kontonr,
                "belop": t.belop,
                "referanse": t.referanse,
                "tiltak": t.tiltak,
            }

    def sum_rad(self, data: Sequence[Tilbakebetaling]) -> dict[str, Any]:
        return {"mottaker": f"Sum ({len(data)})", "belop": sum(t.belop for t in data)}


def tilbakebetaling_xlsx(data: Sequence[Tilbakebetaling]) -> bytes:
    exp = TilbakebetalingExporter()
    return _xlsx(
        [("Tilbakebetaling", exp, exp.rows(data))],  # type: ignore[list-item]
        totals={"Tilbakebetaling": exp.sum_rad(data)},
    )
