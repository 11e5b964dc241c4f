"""Exporters: small classes that yield rows keyed by stable field names.

They are shared by the web downloads and the command line. An exporter works on
:class:`ExportItem` (a record as a behovsmelding-v1 dict, its findings and some facts about its
handling), so it needs no database: the CLI can export records it has just read from files.

Entry points
------------
- From stored behovsmeldinger (needs Django set up, e.g. via ``manage.py export`` or
  :func:`setup_django`)::

      from behovsmelding.web.exporters import export_stored
      export_stored("xlsx", open("ut.xlsx", "wb"), aar=2026)
      export_stored("json", sys.stdout.buffer, ids=[12])

- From records in memory (no Django at all)::

      from behovsmelding.web.exporters import ExportItem, XlsxExporter
      items = [ExportItem.from_record(rec, findings) for rec, findings in pairs]
      XlsxExporter().write(items, open("ut.xlsx", "wb"))

Field names (the keys of the rows) are part of the interface: see ``TiltakExporter.FIELDS`` and
``FunnExporter.FIELDS``. The Excel headers are Norwegian labels for them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, ClassVar

from .exporter import FORMULA_STARTS, KRONER_FORMAT, XLSX_TYPE, Exporter, neutralise
from .vokabular import ORDNING_KORT, Ordning

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ..checks import Finding
    from ..record import Behovsmelding as Record
    from .models import Behovsmelding

__all__ = ["FORMULA_STARTS", "KRONER_FORMAT", "neutralise"]  # shared, from .exporter


@dataclass(frozen=True, slots=True)
class ExportItem:
    data: dict[str, Any]
    funn: Sequence[dict[str, str]] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_record(
        cls, record: Record, findings: Iterable[Finding] = (), **meta: Any
    ) -> ExportItem:
        return cls(data=record.to_dict(), funn=[f.to_dict() for f in findings], meta=meta)


# Facts about the handling that stored records carry (empty for records from files).
META_FIELDS = ("id", "region", "status", "mottatt")


def _base(item: ExportItem) -> dict[str, Any]:
    d = item.data
    kilde = d.get("kilde") or {}
    return {
        **{k: item.meta.get(k) for k in META_FIELDS},
        "fil": kilde.get("fil"),
        "skjema": d.get("skjema"),
        "aar": d.get("aar"),
        "eier": d.get("eier"),
        "kompetansenettverk": d.get("kompetansenettverk"),
        "uh": d.get("uh"),
        "ordninger": ", ".join(d.get("ordninger") or [])
        or ("kollektiv" if d.get("skjema") == "kollektiv-2026" else ""),
    }


class TiltakExporter:
    """One row per tiltak; a record without tiltak gives one row per budget row instead."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        *META_FIELDS,
        "fil",
        "skjema",
        "aar",
        "eier",
        "kompetansenettverk",
        "uh",
        "ordninger",
        "kilde",
        "tiltak_nr",
        "tiltak_navn",
        "belop_eier",
        "belop_uh",
        "belop_totalt",
        "formaal",
        "koordinator",
        "varighet",
        "antall_feil",
    )
    AMOUNT_FIELDS: ClassVar[tuple[str, ...]] = ("belop_eier", "belop_uh", "belop_totalt")
    LABELS: ClassVar[dict[str, str]] = {
        "id": "ID",
        "region": "Region",
        "status": "Status",
        "mottatt": "Mottatt",
        "fil": "Fil",
        "skjema": "Skjema",
        "aar": "År",
        "eier": "Eier",
        "kompetansenettverk": "Kompetansenettverk",
        "uh": "UH / kompetansemiljø",
        "ordninger": "Ordning",
        "kilde": "Kilde",
        "tiltak_nr": "Tiltak nr.",
        "tiltak_navn": "Tiltak",
        "belop_eier": "Eier (kr)",
        "belop_uh": "UH (kr)",
        "belop_totalt": "Sum totalt (kr)",
        "formaal": "Formål",
        "koordinator": "Koordinator",
        "varighet": "Varighet",
        "antall_feil": "Feil i behovsmeldingen",
    }

    def rows(self, items: Iterable[ExportItem]) -> Iterator[dict[str, Any]]:
        for item in items:
            base = _base(item)
            feil = sum(1 for f in item.funn if f.get("alvorlighet") == "feil")
            tiltak = item.data.get("tiltak") or []
            if tiltak:
                for i, t in enumerate(tiltak):
                    yield {
                        **base,
                        "kilde": "tiltak",
                        "tiltak_nr": t.get("nr") or i + 1,
                        "tiltak_navn": t.get("navn"),
                        "belop_eier": t.get("eier"),
                        "belop_uh": t.get("uh"),
                        "belop_totalt": t.get("totalt"),
                        "formaal": t.get("formaal"),
                        "koordinator": t.get("koordinator"),
                        "varighet": ", ".join(t.get("varighet") or []),
                        "antall_feil": feil,
                    }
                continue
            for i, r in enumerate((item.data.get("budsjett") or {}).get("rader") or []):
                uh = [b.get("belop") or 0 for b in r.get("uh") or []]
                yield {
                    **base,
                    "kilde": "budsjettrad",
                    "tiltak_nr": i + 1,
                    "tiltak_navn": r.get("etikett"),
                    "belop_eier": r.get("eier"),
                    "belop_uh": sum(uh) if uh else None,
                    "belop_totalt": r.get("totalt"),
                    "formaal": None,
                    "koordinator": None,
                    "varighet": "",
                    "antall_feil": feil,
                }


class FunnExporter:
    """One row per finding."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        *META_FIELDS,
        "fil",
        "aar",
        "eier",
        "kode",
        "alvorlighet",
        "felt",
        "melding",
    )
    LABELS: ClassVar[dict[str, str]] = {
        **TiltakExporter.LABELS,
        "kode": "Kode",
        "alvorlighet": "Alvorlighet",
        "felt": "Felt",
        "melding": "Melding",
    }

    def rows(self, items: Iterable[ExportItem]) -> Iterator[dict[str, Any]]:
        for item in items:
            base = _base(item)
            for f in item.funn:
                yield {
                    **{k: base[k] for k in (*META_FIELDS, "fil", "aar", "eier")},
                    "kode": f.get("kode"),
                    "alvorlighet": f.get("alvorlighet"),
                    "felt": f.get("felt"),
                    "melding": f.get("melding"),
                }


# --- what a caseworker reads in Excel: words, not the record's codes -------------------------

SKJEMA_TEKST = {"lokal-2024": "Lokal (til 2025)", "kollektiv-2026": "Kollektiv (fra 2026)"}
ORDNING_TEKST = {
    **{o.value: str(o.label) for o in Ordning},
    Ordning.UKJENT.value: ORDNING_KORT[Ordning.UKJENT],
}
FORMAAL_TEKST = {
    "vurdering": "Vurdering/analyse",
    "planlegging": "Planlegging av tiltak",
    "gjennomforing": "Gjennomføring av tiltak",
}
KILDE_TEKST = {"tiltak": "Tiltak", "budsjettrad": "Budsjettrad"}
ALVORLIGHET_TEKST = {"feil": "Feil", "advarsel": "Advarsel", "merknad": "Merknad"}
_PERIODE = re.compile(r"^([VH])(\d{4})$")
# The record's field names as the form calls them (the paths of the findings).
FELT_TEKST = {
    "budsjett": "Budsjett",
    "rader": "rad",
    "sum": "sumrad",
    "tiltak": "Tiltak",
    "kontaktpersoner": "Kontaktpersoner",
    "partnere": "Partner",
    "enheter": "Enheter",
    "eier": "eier",
    "uh": "UH",
    "totalt": "sum totalt",
    "navn": "navn",
    "kontonr": "kontonummer",
    "orgnr": "organisasjonsnummer",
    "epost": "e-post",
    "telefon": "telefon",
    "merkes": "ev. merkes",
    "funksjon": "funksjon",
    "varighet": "varighet",
    "maalgruppe": "målgruppe",
    "formaal": "formål",
    "koordinator": "koordinator",
    "koordinator_begrunnelse": "begrunnelse for koordinator",
    "belop": "beløp",
    "institusjon": "institusjon",
    "etikett": "tekst",
    "medbestemmelse": "Medbestemmelse",
    "kompetansenettverk": "Kompetansenettverk",
    "ordninger": "Ordning",
    "aar": "År",
    "antall_tiltak": "Antall tiltak",
    "maaloppnaaelse": "Vurdering av måloppnåelse",
    "varighet_tekst": "varighet",
}
_STEG = re.compile(r"([A-Za-z_æøåÆØÅ]+)(?:\[(\d+)\])?")


def periode_tekst(p: str) -> str:
    """``"H2024"`` → ``"Høst 2024"``, ``"V2025"`` → ``"Vår 2025"``; other text unchanged."""
    m = _PERIODE.match(p.strip())
    if not m:
        return p
    return f"{'Høst' if m.group(1) == 'H' else 'Vår'} {m.group(2)}"


def felt_tekst(path: str) -> str:
    """A record path in words: ``budsjett.rader[1].eier`` → ``Budsjett, rad 2, eier``;
    ``tiltak[0].totalt`` → ``Tiltak 1, sum totalt``."""
    if not path:
        return "Hele behovsmeldingen"
    parts = []
    for step in path.split("."):
        m = _STEG.fullmatch(step)
        if m is None:
            parts.append(step)
            continue
        word = FELT_TEKST.get(m.group(1), m.group(1).replace("_", " "))
        parts.append(f"{word} {int(m.group(2)) + 1}" if m.group(2) is not None else word)
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _ordninger_tekst(value: str) -> str:
    return ", ".join(ORDNING_TEKST.get(o.strip(), o.strip()) for o in value.split(",") if o.strip())


# field -> how its value reads in the Excel file (the rows keep the stable values)
VISNING: dict[str, Any] = {
    "skjema": lambda v: SKJEMA_TEKST.get(v, v),
    "ordninger": _ordninger_tekst,
    "kilde": lambda v: KILDE_TEKST.get(v, v),
    "formaal": lambda v: FORMAAL_TEKST.get(v, v),
    "varighet": lambda v: ", ".join(periode_tekst(p.strip()) for p in v.split(",") if p.strip()),
    "alvorlighet": lambda v: ALVORLIGHET_TEKST.get(v, v),
    "felt": felt_tekst,
}
DATO_FELT = frozenset({"mottatt"})
DATO_FORMAT = "dd.mm.yyyy"
BREDDER = {
    "id": 7,
    "region": 12,
    "status": 16,
    "mottatt": 12,
    "fil": 28,
    "skjema": 18,
    "aar": 7,
    "eier": 32,
    "kompetansenettverk": 22,
    "uh": 32,
    "ordninger": 26,
    "kilde": 12,
    "tiltak_nr": 9,
    "tiltak_navn": 44,
    "belop_eier": 15,
    "belop_uh": 15,
    "belop_totalt": 17,
    "formaal": 24,
    "koordinator": 12,
    "varighet": 24,
    "antall_feil": 12,
    "kode": 22,
    "alvorlighet": 12,
    "felt": 36,
    "melding": 80,
}


def visning(name: str, value: Any) -> Any:
    """A row's value as the Excel file shows it: words for codes, a date for a date."""
    if value is None:
        return None
    if name in DATO_FELT and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    f = VISNING.get(name)
    return f(value) if f is not None and isinstance(value, str) else value


class XlsxExporter(Exporter):
    """An Excel workbook for caseworkers: sheet «Tiltak» (amounts as numbers in kroner format,
    a totals row) and «Funn»; Norwegian column names, words instead of the record's codes,
    real dates, column widths, a frozen header with a filter."""

    identifier = "xlsx"
    verbose_name = "Excel (tiltak og funn)"
    content_type = XLSX_TYPE
    extension = "xlsx"

    def iterate_list(self, source: Iterable[ExportItem]) -> Iterator[dict[str, Any]]:
        return TiltakExporter().rows(source)

    def render(self, source: Iterable[ExportItem]) -> bytes:
        buf = io.BytesIO()
        self.write(source, buf)
        return buf.getvalue()

    def write(self, items: Iterable[ExportItem], out: IO[bytes]) -> int:
        """Write the workbook; returns the number of tiltak rows."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        wb = Workbook(write_only=True)
        tiltak_ws = wb.create_sheet("Tiltak")
        funn_ws = wb.create_sheet("Funn")
        bold = Font(bold=True)

        def header(ws: Any, exporter: TiltakExporter | FunnExporter) -> None:
            # Widths and the frozen header must be set before the first row of a write-only
            # sheet (they are written ahead of the rows).
            ws.freeze_panes = "A2"
            for i, name in enumerate(exporter.FIELDS, start=1):
                ws.column_dimensions[get_column_letter(i)].width = BREDDER.get(name, 16)
            cells = []
            for name in exporter.FIELDS:
                c = WriteOnlyCell(ws, value=exporter.LABELS.get(name, name))
                c.font = bold
                cells.append(c)
            ws.append(cells)

        def cell(ws: Any, name: str, value: Any, money: bool) -> Any:
            v = _cell_value(visning(name, value))
            if v is not None and (money or isinstance(v, dt.date)):
                c = WriteOnlyCell(ws, value=v)
                c.number_format = KRONER_FORMAT if money else DATO_FORMAT
                return c
            return v

        tiltak_exp, funn_exp = TiltakExporter(), FunnExporter()
        header(tiltak_ws, tiltak_exp)
        header(funn_ws, funn_exp)
        amounts = set(tiltak_exp.AMOUNT_FIELDS)
        sums = dict.fromkeys(tiltak_exp.AMOUNT_FIELDS, 0)
        count = 0
        # Materialise once: both sheets read the same items.
        items = list(items)
        for row in tiltak_exp.rows(items):
            tiltak_ws.append(
                [cell(tiltak_ws, n, row.get(n), n in amounts) for n in tiltak_exp.FIELDS]
            )
            for n in amounts:
                sums[n] += int(row.get(n) or 0)
            count += 1
        n_funn = 0
        for row in funn_exp.rows(items):
            funn_ws.append([cell(funn_ws, n, row.get(n), False) for n in funn_exp.FIELDS])
            n_funn += 1
        tiltak_ws.auto_filter.ref = (
            f"A1:{get_column_letter(len(tiltak_exp.FIELDS))}{max(count, 1) + 1}"
        )
        funn_ws.auto_filter.ref = (
            f"A1:{get_column_letter(len(funn_exp.FIELDS))}{max(n_funn, 1) + 1}"
        )
        total_row = []
        for n in tiltak_exp.FIELDS:
            if n in amounts:
                c = WriteOnlyCell(tiltak_ws, value=sums[n])
                c.number_format = KRONER_FORMAT
            else:
                c = WriteOnlyCell(tiltak_ws, value=f"Sum ({count} rader)" if n == "id" else None)
            c.font = bold
            total_row.append(c)
        tiltak_ws.append(total_row)
        wb.save(out)
        return count


def _cell_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "Ja" if v else "Nei"
    if isinstance(v, str):
        return neutralise(v)
    if hasattr(v, "tzinfo") and getattr(v, "tzinfo", None) is not None:
        return v.replace(tzinfo=None)  # Excel has no time zones
    return v


class JsonExporter(Exporter):
    """behovsmelding-v1 JSON: one record as an object, several as an array of records."""

    identifier = "json"
    verbose_name = "behovsmelding-v1 (JSON)"
    content_type = "application/json"
    extension = "json"

    def iterate_list(self, source: Iterable[ExportItem]) -> Iterator[dict[str, Any]]:
        for item in source:
            yield item.data

    def render(self, source: Iterable[ExportItem], *, single: bool = False) -> bytes:
        buf = io.BytesIO()
        self.write(source, buf, single=single)
        return buf.getvalue()

    def write(self, items: Iterable[ExportItem], out: IO[bytes], *, single: bool = False) -> int:
        records = [item.data for item in items]
        payload: Any = records[0] if single and len(records) == 1 else records
        out.write(json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
        out.write(b"\n")
        return len(records)


EXPORTERS: dict[str, type[XlsxExporter | JsonExporter]] = {
    e.identifier: e for e in (XlsxExporter, JsonExporter)
}


# --- stored behovsmeldinger (Django) ---------------------------------------------------------


def items_from_queryset(
    qs: QuerySet[Behovsmelding], chunk_size: int = 500, *, kontakter: bool = True
) -> Iterator[ExportItem]:
    """The stored records as export items; ``kontakter=False`` (the forum) leaves out the
    contact details and every finding about them."""
    from django.utils import timezone

    from .access import KONTAKTFELT, synlige_funn

    rows = qs.select_related("innhold", "region").only(
        "id", "status", "mottatt", "region__navn", "innhold__data", "innhold__funn"
    )
    for bm in rows.iterator(chunk_size=chunk_size):
        data = bm.innhold.data
        if not kontakter:
            data = {k: v for k, v in data.items() if k != KONTAKTFELT}
        yield ExportItem(
            data=data,
            funn=synlige_funn(bm.innhold.funn, kontakter=kontakter),
            meta={
                "id": bm.pk,
                "region": bm.region.navn,
                "status": bm.get_status_display(),
                # a date as text: Excel datetime cells cost a style lookup each
                "mottatt": timezone.localtime(bm.mottatt).date().isoformat(),
            },
        )


def setup_django() -> None:
    """Configure Django for use outside manage.py (the CLI)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "behovsmelding.web.settings")
    django.setup()


def export_stored(
    kind: str,
    out: IO[bytes],
    *,
    ids: Sequence[int] | None = None,
    aar: int | None = None,
    region: str | None = None,
    filters: Mapping[str, str] | None = None,
) -> int:
    """Export stored behovsmeldinger (all, or by id / year / region name); returns the count.

    ``filters`` are the overview's URL parameters (``aar``, ``skjema``, ``ordning``,
    ``nettverk``, ``eier``, ``uh``, ``status``, ``feil``, ``q``), so that the command line
    filters exactly as the web does; an invalid value raises ``ValueError`` with the web's
    Norwegian message.
    """
    from .models import Behovsmelding
    from .overview import Filtre

    if kind not in EXPORTERS:
        raise ValueError(f"ukjent eksportformat «{kind}» (støttet: {', '.join(EXPORTERS)})")
    qs = Behovsmelding.objects.order_by("id")
    if filters:
        filtre = Filtre.from_query(dict(filters))
        if filtre.errors:
            raise ValueError(" ".join(filtre.errors))
        qs = filtre.apply(qs)
    elif not ids:
        # As the overview: withdrawn, duplicate and replaced records only when asked for.
        qs = qs.filter(markert="")
    if ids:
        qs = qs.filter(id__in=ids)
    if aar is not None:
        qs = qs.filter(aar=aar)
    if region:
        qs = qs.filter(region__navn=region)
    items = items_from_queryset(qs)
    exporter = EXPORTERS[kind]()
    if isinstance(exporter, JsonExporter):
        return exporter.write(items, out, single=ids is not None and len(ids) == 1)
    return exporter.write(items, out)
