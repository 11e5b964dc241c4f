"""Documents of a finished innstilling or vedtak, rendered from its frozen JSON snapshot.

Exporters are small classes that yield rows keyed by stable field names (``FIELDS``); the
Excel and CSV writers only put Norwegian headers on them. The PDFs are HTML templates
(``templates/forum/pdf/``) printed by WeasyPrint in DejaVu Sans.

Excel cells hold amounts as numbers in the kroner format; text that a spreadsheet would read as
a formula (starting with ``= + - @``) is written with a leading apostrophe, in Excel and CSV
alike (``web/exporter.py``'s ``neutralise``), so a name typed into a form can never run as a
formula. The file exporters follow the contract of ``web/exporter.py``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from django.template.loader import render_to_string

from ... import forum_calc
from ...checks.config import default_config
from ..exporter import KRONER_FORMAT, XLSX_TYPE, Exporter, neutralise
from ..register_services import gruppert

# The letters' grouping of numbers (also used by the tests); the shared cell format and type.
__all__ = ["KRONER_FORMAT", "XLSX_TYPE", "gruppert"]


def egenandel_prosent() -> str:
    share = default_config().dekom_egenandel_andel * 100
    return f"{share.normalize():f} %".replace(".", ",")


def _aar(data: Mapping[str, Any], i: int) -> int:
    return int(data["aar"][i])


class InnstillingExporter:
    """One row per tiltak of the innstilling (prioritised first)."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "nr",
        "tiltak",
        "eier",
        "nettverk",
        "uh",
        "ordning",
        "ramme",
        "status",
        "soekt_eier",
        "soekt_uh",
        "eier_aar1",
        "uh_aar1",
        "eier_aar2",
        "uh_aar2",
        "eier_aar3",
        "uh_aar3",
        "innstilt_totalt",
        "varighet",
        "partnere",
        "begrunnelse",
    )
    HEADERS: ClassVar[dict[str, str]] = {
        "nr": "Nr.",
        "tiltak": "Tiltak",
        "eier": "Eier",
        "nettverk": "Kompetansenettverk",
        "uh": "UH",
        "ordning": "Ordning",
        "ramme": "Ramme",
        "status": "Innstilling",
        "soekt_eier": "Søkt eier",
        "soekt_uh": "Søkt UH",
        "eier_aar1": "Eier år 1",
        "uh_aar1": "UH år 1",
        "eier_aar2": "Eier år 2",
        "uh_aar2": "UH år 2",
        "eier_aar3": "Eier år 3",
        "uh_aar3": "UH år 3",
        "innstilt_totalt": "Innstilt totalt",
        "varighet": "Varighet",
        "partnere": "Partnere",
        "begrunnelse": "Begrunnelse",
    }
    MONEY: ClassVar[frozenset[str]] = frozenset(
        {"soekt_eier", "soekt_uh", "innstilt_totalt"}
        | {f"{d}_aar{i}" for d in ("eier", "uh") for i in (1, 2, 3)}
    )
    STATUS: ClassVar[dict[str, str]] = {
        forum_calc.PRIORITERT: "Prioritert",
        forum_calc.IKKE_PRIORITERT: "Ikke prioritert",
        forum_calc.IKKE_VURDERT: "Ikke vurdert",
    }

    def rows(self, data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        poster = sorted(data["poster"], key=lambda p: p["status"] != forum_calc.PRIORITERT)
        for p in poster:
            row: dict[str, Any] = {
                "nr": p["nr"],
                "tiltak": p["navn"],
                "eier": p["eier_navn"],
                "nettverk": p["nettverk"],
                "uh": uh_tekst(p),
                "ordning": p["ordning_navn"],
                "ramme": p["ramme"],
                "status": self.STATUS.get(p["status"], p["status"]),
                "soekt_eier": p["soekt_eier"],
                "soekt_uh": p["soekt_uh"],
                "innstilt_totalt": p["innstilt_eier"] + p["innstilt_uh"],
                "varighet": ", ".join(p["varighet"]),
                "partnere": "; ".join(p["partnere"]),
                "begrunnelse": p["begrunnelse"],
            }
            for i in range(forum_calc.MAKS_AAR):
                granted = p["status"] == forum_calc.PRIORITERT and i < len(p["eier"])
                row[f"eier_aar{i + 1}"] = p["eier"][i] if granted else None
                row[f"uh_aar{i + 1}"] = p["uh"][i] if granted else None
            yield row


def uh_tekst(p: Mapping[str, Any]) -> str:
    """The UH institution of a post, or each with its amount asked for where one budget cell
    names several ("Høgskolen i Innlandet 400 000 kr; Nord universitet 120 000 kr")."""
    deler = p.get("uh_deler") or []
    if not deler:
        return str(p["uh_navn"])
    return "; ".join(
        f"{d['navn'] or 'uten institusjon'} {forum_calc.kr(d['soekt'])}" for d in deler
    )


class RammeExporter:
    """One row per frame: its amount, what is recommended in year 1, and what is left."""

    FIELDS: ClassVar[tuple[str, ...]] = ("ramme", "belop", "innstilt", "igjen", "antall")
    HEADERS: ClassVar[dict[str, str]] = {
        "ramme": "Ramme",
        "belop": "Ramme",
        "innstilt": "Innstilt år 1",
        "igjen": "Igjen",
        "antall": "Antall tiltak",
    }
    MONEY: ClassVar[frozenset[str]] = frozenset({"belop", "innstilt", "igjen"})

    def rows(self, data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        for r in data["rammer"]:
            yield {
                "ramme": r["navn"],
                "belop": r["belop"],
                "innstilt": r["brukt"],
                "igjen": r["rest"],
                "antall": r["antall"],
            }


# Labels of the register's values a document may differ from ("I dokumentet: …").
AVVIK_NAVN = {"navn": "navn", "orgnr": "organisasjonsnummer", "kontonr": "kontonummer"}


def i_dokumentet(m: Mapping[str, Any]) -> str:
    """``"I dokumentet: kontonummer 4516.27.94918"`` where the document differs from the
    register ("" when it does not, or the snapshot is from before the register)."""
    avvik = m.get("avvik") or []
    if not avvik:
        return ""
    return "I dokumentet: " + "; ".join(
        f"{AVVIK_NAVN.get(a['felt'], a['felt'])} {a['dokument']}" for a in avvik
    )


def utbetales(m: Mapping[str, Any]) -> bool:
    """A recipient is paid unless blocked (a snapshot from before the register has no block)."""
    return not m.get("sperret")


class UtbetalingExporter:
    """The payment list: one row per payable recipient, with what to pay this year and later.
    Organisation number, account and address are the register's; blocked recipients are in
    :class:`SperretExporter` instead. New columns go at the end, so a reader by position keeps
    working."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "type",
        "mottaker",
        "orgnr",
        "kontonr",
        "utbetales_aar1",
        "aar2",
        "aar3",
        "totalt",
        "tiltak",
        "merknad",
        "postadresse",
        "postnummer",
        "poststed",
        "merkes",
    )
    HEADERS: ClassVar[dict[str, str]] = {
        "type": "Type",
        "mottaker": "Mottaker",
        "orgnr": "Organisasjonsnummer",
        "kontonr": "Kontonummer",
        "utbetales_aar1": "Utbetales år 1",
        "aar2": "År 2",
        "aar3": "År 3",
        "totalt": "Totalt",
        "tiltak": "Tiltak",
        "merknad": "Merknad",
        "postadresse": "Postadresse",
        "postnummer": "Postnummer",
        "poststed": "Poststed",
        "merkes": "Merkes (betalingsreferanse)",
    }
    WIDTHS: ClassVar[dict[str, int]] = {
        "type": 6,
        "mottaker": 36,
        "orgnr": 20,
        "kontonr": 16,
        "tiltak": 50,
        "merknad": 40,
        "postadresse": 24,
        "poststed": 14,
        "merkes": 28,
    }
    MONEY: ClassVar[frozenset[str]] = frozenset({"utbetales_aar1", "aar2", "aar3", "totalt"})

    def rows(self, data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        for m in data["mottakere"]:
            if not utbetales(m):
                continue
            per_aar = m["per_aar"]
            merknad = [
                ("MANGLER " + " og ".join(m["mangler"])) if m["mangler"] else "",
                i_dokumentet(m),
            ]
            yield {
                "type": "Eier" if m["type"] == "eier" else "UH",
                "mottaker": m["navn"],
                "orgnr": m["orgnr"],
                "kontonr": m["kontonr"],
                "utbetales_aar1": per_aar[0],
                "aar2": per_aar[1],
                "aar3": per_aar[2],
                "totalt": m["totalt"],
                "tiltak": "; ".join(linje["tiltak"] for linje in m["linjer"]),
                "merknad": ". ".join(x for x in merknad if x),
                "postadresse": m.get("postadresse", ""),
                "postnummer": m.get("postnummer", ""),
                "poststed": m.get("poststed", ""),
                "merkes": m.get("merkes", ""),
            }

    def sum_rad(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The totals row: what is paid, per year and in all."""
        rows = list(self.rows(data))
        return {
            "type": "Sum",
            "mottaker": f"{len(rows)} mottakere",
            **{f: sum(r[f] or 0 for r in rows) for f in sorted(self.MONEY)},
        }


class SperretExporter:
    """The recipients the payment list leaves out, with why: not in the register, or no
    valid (MOD11) account number there. Their amounts are not in the payable total."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "type",
        "mottaker",
        "orgnr",
        "kontonr",
        "totalt",
        "grunn",
        "i_dokumentet",
        "tiltak",
    )
    HEADERS: ClassVar[dict[str, str]] = {
        "type": "Type",
        "mottaker": "Mottaker",
        "orgnr": "Organisasjonsnummer",
        "kontonr": "Kontonummer",
        "totalt": "Tilskudd (ikke utbetalt)",
        "grunn": "Sperret fordi",
        "i_dokumentet": "I dokumentet",
        "tiltak": "Tiltak",
    }
    WIDTHS: ClassVar[dict[str, int]] = {
        "mottaker": 36,
        "orgnr": 20,
        "kontonr": 16,
        "grunn": 48,
        "i_dokumentet": 36,
        "tiltak": 50,
    }
    MONEY: ClassVar[frozenset[str]] = frozenset({"totalt"})

    def rows(self, data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        for m in data["mottakere"]:
            if utbetales(m):
                continue
            yield {
                "type": "Eier" if m["type"] == "eier" else "UH",
                "mottaker": m["navn"],
                "orgnr": m["orgnr"],
                "kontonr": m["kontonr"],
                "totalt": m["totalt"],
                "grunn": m["sperret"],
                "i_dokumentet": i_dokumentet(m).removeprefix("I dokumentet: "),
                "tiltak": "; ".join(linje["tiltak"] for linje in m["linjer"]),
            }

    def sum_rad(self, data: Mapping[str, Any]) -> dict[str, Any]:
        rows = list(self.rows(data))
        return {
            "type": "Sum",
            "mottaker": f"{len(rows)} sperret",
            "totalt": sum(r["totalt"] for r in rows),
        }


RowExporter = InnstillingExporter | RammeExporter | UtbetalingExporter | SperretExporter


def _xlsx(
    sheets: Sequence[tuple[str, RowExporter, Iterable[dict[str, Any]]]],
    totals: Mapping[str, dict[str, Any]] | None = None,
) -> bytes:
    """A workbook for people: bold frozen header with a filter, columns wide enough to read,
    amounts as numbers in kroner, and (``totals``, per sheet title) a bold totals row below
    the filtered range."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    first = True
    bold = Font(bold=True)
    for title, exp, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = title
        ws.append([exp.HEADERS[f] for f in exp.FIELDS])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([neutralise(row.get(f)) for f in exp.FIELDS])
            for col, f in enumerate(exp.FIELDS, start=1):
                if f in exp.MONEY:
                    ws.cell(row=ws.max_row, column=col).number_format = KRONER_FORMAT
                elif isinstance(row.get(f), str):
                    ws.cell(row=ws.max_row, column=col).data_type = "s"
        last = get_column_letter(len(exp.FIELDS))
        ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 2)}"
        total = (totals or {}).get(title)
        if total is not None:
            ws.append([neutralise(total.get(f)) for f in exp.FIELDS])
            for col, f in enumerate(exp.FIELDS, start=1):
                cell = ws.cell(row=ws.max_row, column=col)
                cell.font = bold
                if f in exp.MONEY:
                    cell.number_format = KRONER_FORMAT
        widths: Mapping[str, int] = getattr(exp, "WIDTHS", {})
        for col, f in enumerate(exp.FIELDS, start=1):
            default = 16 if f in exp.MONEY else max(10, len(exp.HEADERS[f]) + 2)
            ws.column_dimensions[get_column_letter(col)].width = widths.get(f, default)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class InnstillingXlsx(Exporter):
    identifier = "innstilling_xlsx"
    verbose_name = "Innstilling (Excel)"
    content_type = XLSX_TYPE
    extension = "xlsx"

    def iterate_list(self, source: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        return InnstillingExporter().rows(source)

    def render(self, source: Mapping[str, Any]) -> bytes:
        data = source
        return _xlsx(
            [
                ("Innstilling", InnstillingExporter(), InnstillingExporter().rows(data)),
                ("Rammer", RammeExporter(), RammeExporter().rows(data)),
            ]
        )


class UtbetalingXlsx(Exporter):
    """The payable recipients, and on a sheet of their own the blocked ones with the reason."""

    identifier = "utbetaling_xlsx"
    verbose_name = "Utbetalingsliste (Excel)"
    content_type = XLSX_TYPE
    extension = "xlsx"

    def iterate_list(self, source: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        return UtbetalingExporter().rows(source)

    def render(self, source: Mapping[str, Any]) -> bytes:
        data = source
        exp, sperret = UtbetalingExporter(), SperretExporter()
        return _xlsx(
            [("Utbetaling", exp, exp.rows(data)), ("Sperret", sperret, sperret.rows(data))],
            totals={"Utbetaling": exp.sum_rad(data), "Sperret": sperret.sum_rad(data)},
        )


class UtbetalingCsv(Exporter):
    """Semicolon-separated, UTF-8 with BOM so that Excel reads æøå; amounts as plain integers.
    The payable rows only: the file is what is paid (the blocked ones are on the round's page
    and in the Excel file's "Sperret" sheet); the last row is the totals row (type "Sum",
    no organisation or account number)."""

    identifier = "utbetaling_csv"
    verbose_name = "Utbetalingsliste (CSV)"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def iterate_list(self, source: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        return UtbetalingExporter().rows(source)

    def render(self, source: Mapping[str, Any]) -> bytes:
        data = source
        exp = UtbetalingExporter()
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow([exp.HEADERS[f] for f in exp.FIELDS])
        for row in [*exp.rows(data), exp.sum_rad(data)]:
            w.writerow(["" if row.get(f) is None else neutralise(row[f]) for f in exp.FIELDS])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --- PDF ------------------------------------------------------------------------------------


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    html = render_to_string(template, context)
    out: bytes = weasyprint.HTML(string=html).write_pdf()
    return out


class InnstillingPdf(Exporter):
    """The forum's innstilling: per prioritised tiltak who takes part, duration, how it meets
    the criteria, the partnership and the money; then the frames and the sums."""

    identifier = "innstilling_pdf"
    verbose_name = "Innstilling (PDF)"
    content_type = "application/pdf"
    extension = "pdf"

    def iterate_list(self, source: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        return InnstillingExporter().rows(source)

    def render(self, source: Mapping[str, Any]) -> bytes:
        data = source
        prioritert = []
        for p in data["poster"]:
            if p["status"] != forum_calc.PRIORITERT:
                continue
            per_aar = [
                (_aar(data, i), e, u, e + u)
                for i, (e, u) in enumerate(zip(p["eier"], p["uh"], strict=False))
            ]
            prioritert.append({**p, "per_aar": per_aar})
        ikke = [p for p in data["poster"] if p["status"] == forum_calc.IKKE_PRIORITERT]
        return _pdf(
            "forum/pdf/innstilling.html",
            {"d": data, "prioritert": prioritert, "ikke": ikke, "aar": data["aar"]},
        )


class TildelingsbrevPdf(Exporter):
    """The letter to payee ``nr`` of a vedtak, as a draft from the frozen data alone; the
    letters themselves (with rejections, nynorsk and copies) are :mod:`.brev`'s."""

    identifier = "tildelingsbrev_pdf"
    verbose_name = "Tildelingsbrev (PDF, utkast)"
    content_type = "application/pdf"
    extension = "pdf"

    def iterate_list(self, source: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """One row per payee: the letters there are."""
        for nr, m in enumerate(source.get("mottakere", [])):
            yield {"nr": nr, "navn": m.get("navn", ""), "orgnr": m.get("orgnr", "")}

    def render(self, source: Mapping[str, Any], nr: int = 0) -> bytes:
        from .brev import utkast_fra_data

        return utkast_fra_data(source, nr)


# The forum's files, by identifier.
EXPORTERS: dict[str, type[Exporter]] = {
    e.identifier: e
    for e in (InnstillingXlsx, InnstillingPdf, UtbetalingXlsx, UtbetalingCsv, TildelingsbrevPdf)
}
