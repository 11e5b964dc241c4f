"""Duplicates and versions: the same content from a .docx and a .pdf is one record; a second
document of the same owner and year is offered as a new version; withdrawn, duplicate and
replaced records leave the totals, the forum and the exports' default; the decision moves a
record's status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from web_factories import PASSWORD, caseworker, record_dict, region

from behovsmelding.web import overview, versjoner
from behovsmelding.web import services as web_services
from behovsmelding.web.exporters import ExportItem, XlsxExporter, felt_tekst, periode_tekst
from behovsmelding.web.models import Behovsmelding, Hendelse, Markering, Utfall
from behovsmelding.web.services import BehovsmeldingError, InnkommendeFil, antall
from behovsmelding.web.summary import fingeravtrykk
from behovsmelding.web.workflow import Status, Vedtaksutfall, vedtaksutfall

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "samples"
# Variants of the shared samples kept in the repository (the readers' tests): the same form
# written out by other programs, so that this test runs on a checkout without ../shared.
VARIANTS = REPO / "tests" / "readers" / "data"


def upload(*names: str, by_name: str = "sb") -> list[object]:
    sb = caseworker(region(), username=by_name)
    files = [InnkommendeFil(n, (SAMPLES / n).read_bytes()) for n in names]
    return list(web_services.receive_files(files, by=sb).filer.all())


def test_docx_and_pdf_of_the_same_form_give_one_record_with_two_originals() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("the shared samples are not beside the repository")
    docx, pdf = upload("sample_a_2024_bodo.docx", "sample_a_2024_bodo.pdf")
    assert (docx.utfall, pdf.utfall) == (Utfall.LEST, Utfall.SAMME_INNHOLD)  # type: ignore[attr-defined]
    (bm,) = Behovsmelding.objects.all()
    assert pdf.behovsmelding == bm  # type: ignore[attr-defined]
    assert pdf.grunn.startswith(f"Samme innhold som «{bm.visningsnavn}» (nr. {bm.pk}")  # type: ignore[attr-defined]
    assert [o.filnavn for o in bm.andre_originaler.all()] == ["sample_a_2024_bodo.pdf"]
    assert bm.original is not None and bm.original.filnavn == "sample_a_2024_bodo.docx"
    assert Hendelse.objects.filter(behovsmelding=bm, handling="samme_innhold").count() == 1
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    page = c.get(reverse("detalj", args=[bm.pk])).content.decode()
    assert "Samme innhold: sample_a_2024_bodo.pdf" in page
    o = bm.andre_originaler.get()
    got = c.get(reverse("original", args=[bm.pk]) + f"?fil={o.pk}")
    assert b"".join(got.streaming_content) == (SAMPLES / "sample_a_2024_bodo.pdf").read_bytes()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("docx", "pdf"),
    [
        ("sample_a_2024_bodo.no-content-controls.docx", "sample_a_2024_bodo.no-table-borders.pdf"),
        ("sample_d_2026_bodo.libreoffice-odt-to-docx.docx", "sample_d_2026_bodo.cairo-reprint.pdf"),
    ],
)
def test_a_docx_and_a_pdf_of_one_form_in_the_repository_give_one_record(
    docx: str, pdf: str
) -> None:
    sb = caseworker(region(), username="sb")
    files = [InnkommendeFil(n, (VARIANTS / n).read_bytes()) for n in (docx, pdf)]
    rows = list(web_services.receive_files(files, by=sb).filer.all())
    assert [r.utfall for r in rows] == [Utfall.LEST, Utfall.SAMME_INNHOLD]
    (bm,) = Behovsmelding.objects.all()
    assert [r.behovsmelding for r in rows] == [bm, bm]
    assert [o.filnavn for o in bm.andre_originaler.all()] == [pdf]
    totals = overview.totals(overview.Filtre().apply(Behovsmelding.objects.all()))
    assert (totals["antall"], totals["totalt"]) == (1, bm.sum_totalt)


def test_the_fingerprint_ignores_the_source_file_and_white_space() -> None:
    a = record_dict()
    b = {**record_dict(), "kilde": {"fil": "annen.pdf"}, "eier": f"  {a['eier']}  "}
    assert fingeravtrykk(a) == fingeravtrykk(b)
    assert fingeravtrykk(a) != fingeravtrykk({**a, "aar": 2025})


def stored(**changes: object) -> Behovsmelding:
    from web_factories import behovsmelding

    return behovsmelding(**changes)


def test_a_second_document_of_the_same_owner_and_year_is_offered_as_a_new_version() -> None:
    seed = next((REPO / "src/behovsmelding/demo_data").glob("001_*.txt")).read_bytes()
    sb = caseworker(region(), username="sb")
    first = web_services.receive_files([InnkommendeFil("001.txt", seed)], by=sb).filer.get()
    old = first.behovsmelding
    assert old is not None and old.mulig_versjon_av is None
    # The same owner (Bodø kommune) and year (2024) again, with other content.
    corrected = seed.replace(b"18 gruppeledersamlinger", b"16 gruppeledersamlinger")
    upload_row = web_services.receive_files(
        [InnkommendeFil("001-korrigert.txt", corrected)], by=sb
    ).filer.get()
    new = upload_row.behovsmelding
    assert new is not None and new.mulig_versjon_av == old
    assert "Kan være en ny versjon av" in upload_row.grunn
    reg_totals = overview.totals(overview.Filtre().apply(Behovsmelding.objects.all()))
    assert reg_totals["antall"] == 2
    versjoner.velg_versjon(new, ny_versjon=True, by=sb)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.markert, old.erstattet_av) == (Markering.ERSTATTET, new)
    assert new.mulig_versjon_av is None
    totals = overview.totals(overview.Filtre().apply(Behovsmelding.objects.all()))
    assert (totals["antall"], totals["totalt"]) == (1, new.sum_totalt)
    shown = overview.Filtre.from_query({"vis": "alle"}).apply(Behovsmelding.objects.all())
    assert shown.count() == 2
    with pytest.raises(BehovsmeldingError, match="kan bare leses"):
        web_services.change_status(old, Status.UNDER_BEHANDLING, by=sb)
    # The forum's round takes the new version's tiltak only.
    import datetime as dt

    from behovsmelding.web.forum import services as forum_services

    r = forum_services.opprett_runde(
        old.region, 2024, frist=dt.date(2024, 2, 1), innstilling_frist=dt.date(2024, 3, 1), by=sb
    )
    assert r.poster.exists()
    assert set(r.poster.values_list("behovsmelding_id", flat=True)) == {new.pk}


def test_egen_behovsmelding_keeps_both() -> None:
    old = stored()
    sb = caseworker(old.region, username="sb")
    new = stored(tittel="Et annet tiltak")
    versjoner.tilby_versjon(new)
    versjoner.velg_versjon(new, ny_versjon=False, by=sb)
    old.refresh_from_db()
    assert old.markert == ""
    assert Hendelse.objects.filter(handling="egen_behovsmelding", behovsmelding=new).exists()


def test_withdrawn_and_duplicate_records_leave_totals_forum_and_exports_with_an_audit() -> None:
    a = stored()
    b = stored(eier="Vefsn kommune", kompetansenettverk="RKK Vefsn")
    sb = caseworker(a.region, username="sb")
    with pytest.raises(BehovsmeldingError, match="begrunnelse"):
        versjoner.marker(a, Markering.TRUKKET, grunn=" ", by=sb)
    versjoner.marker(a, Markering.TRUKKET, grunn="Trukket av eier i e-post 3.2.", by=sb)
    versjoner.marker(b, Markering.DUPLIKAT, grunn="Sendt to ganger", duplikat_av=a, by=sb)
    h = Hendelse.objects.get(behovsmelding=a, handling="markert")
    assert (h.etter_verdi, h.bruker) == ("Trukket", sb)
    assert "Trukket av eier" in h.beskrivelse
    assert overview.totals(overview.Filtre().apply(Behovsmelding.objects.all()))["antall"] == 0
    import datetime as dt

    from behovsmelding.web.forum import services as forum_services

    r = forum_services.opprett_runde(
        a.region, 2024, frist=dt.date(2024, 2, 1), innstilling_frist=dt.date(2024, 3, 1), by=sb
    )
    assert r.poster.count() == 0
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    xlsx = load_workbook(io.BytesIO(c.get(reverse("eksport-excel")).content))
    assert xlsx["Tiltak"].max_row == 2  # header and the totals row only
    xlsx = load_workbook(io.BytesIO(c.get(reverse("eksport-excel") + "?vis=alle").content))
    assert xlsx["Tiltak"].max_row > 2
    versjoner.fjern_markering(a, grunn="Feil", by=sb)
    assert overview.totals(overview.Filtre().apply(Behovsmelding.objects.all()))["antall"] == 1


def test_marker_sendt_follows_vedtak_fattet_and_is_audited() -> None:
    bm = stored()
    sb = caseworker(bm.region, username="sb")
    with pytest.raises(BehovsmeldingError, match="før vedtaket er fattet"):
        versjoner.marker_sendt(bm, sb)
    versjoner.vedtak_fattet(bm, Vedtaksutfall.DELVIS, by=sb, versjon="2024, versjon 1")
    versjoner.marker_sendt(bm, sb)
    bm.refresh_from_db()
    assert (bm.status, bm.vedtak_utfall) == (Status.SENDT, Vedtaksutfall.DELVIS)
    handlinger = list(bm.hendelser.values_list("handling", "etter_verdi").order_by("id"))[-2:]
    assert handlinger == [
        ("vedtak_fattet", "Vedtak fattet (Delvis innvilget)"),
        ("brev_sendt", "Sendt"),
    ]


def test_the_outcome_of_a_decision() -> None:
    assert vedtaksutfall(1_000, 1_000) == Vedtaksutfall.INNVILGET
    assert vedtaksutfall(1_000, 999) == Vedtaksutfall.DELVIS
    assert vedtaksutfall(1_000, 0) == Vedtaksutfall.AVSLATT


def test_one_warning_is_singular() -> None:
    assert antall(1, "advarsel", "advarsler") == "1 advarsel"
    assert antall(0, "advarsel", "advarsler") == "0 advarsler"


def test_the_caseworkers_excel_reads_in_words_with_dates_filter_widths_and_totals() -> None:
    import datetime as dt

    data = record_dict(ordninger=["kompetanseloftet"])
    item = ExportItem(
        data=data,
        funn=[
            {
                "kode": "SUM_RAD",
                "alvorlighet": "feil",
                "felt": "budsjett.rader[1].eier",
                "melding": "x",
            }
        ],
        meta={"id": 1, "region": "Nordland", "status": "Mottatt", "mottatt": "2026-02-01"},
    )
    buf = io.BytesIO()
    n = XlsxExporter().write([item], buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    ws = wb["Tiltak"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["Ordning"] == "Kompetanseløftet"
    assert "H20" not in str(row["Varighet"]) and "V20" not in str(row["Varighet"])
    assert row["Mottatt"] == dt.datetime(2026, 2, 1)
    assert ws.cell(row=2, column=header.index("Mottatt") + 1).number_format == "dd.mm.yyyy"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}{n + 1}"
    assert ws.column_dimensions["A"].width == 7
    total = [c.value for c in ws[n + 2]]
    eier = header.index("Eier (kr)")
    assert total[0].startswith("Sum") and total[eier] == sum(
        ws.cell(row=r, column=eier + 1).value or 0 for r in range(2, n + 2)
    )
    funn = wb["Funn"]
    fh = [c.value for c in funn[1]]
    assert funn.cell(row=2, column=fh.index("Felt") + 1).value == "Budsjett, rad 2, eier"
    assert funn.cell(row=2, column=fh.index("Alvorlighet") + 1).value == "Feil"
    assert periode_tekst("H2024") == "Høst 2024" and periode_tekst("V2025") == "Vår 2025"
    assert felt_tekst("tiltak[0].totalt") == "Tiltak 1, sum totalt"
