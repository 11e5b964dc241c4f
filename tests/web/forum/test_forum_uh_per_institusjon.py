"""A budget cell that names two UH institutions with an amount each credits each institution its
own amount all the way: posts, innstilling, vedtak, letters and the payment list.

The document is seed 001's first part (Bodø kommune, 2024) without its tiltak sections, so the
posts are its budget rows (as for a document without tiltak amounts):

    Regional ordning        eier 200.000   UH 637.950 (Sepu)  328.320 (Nord)   1.166.270
    Desentralisert ordning  eier 0         UH 236.000 (Sepu)   54.720 (Nord)     290.720
    Kompetanseløftet        eier 1.380.000 UH 1.512.500 (SePU)                  2.892.500
    Sum                     eier 1.580.000 UH 2.386.450 (SePU) 383.040 (Nord)   4.349.490
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from forum_factories import SEEDS, runde
from pypdf import PdfReader
from web_factories import PASSWORD, caseworker

from behovsmelding import forum_calc
from behovsmelding.web import services as web_services
from behovsmelding.web.forum import services
from behovsmelding.web.forum.models import Runde, Versjon
from behovsmelding.web.models import Behovsmelding, Region, Virksomhet
from behovsmelding.web.register import finn_uh
from behovsmelding.web.workflow import Status, Vedtaksutfall

pytestmark = pytest.mark.django_db

HINN, NORD, BODO = "Høgskolen i Innlandet", "Nord universitet", "Bodø kommune"
# (budget row, owner, UH per institution) as the document writes them
RADER = {
    "Regional ordning": (200_000, {HINN: 637_950, NORD: 328_320}),
    "Desentralisert ordning": (0, {HINN: 236_000, NORD: 54_720}),
    "Kompetanseløftet": (1_380_000, {HINN: 1_512_500}),
}
# The document's Sum row: what each recipient must receive in all.
SUM = {BODO: 1_580_000, HINN: 2_386_450, NORD: 383_040}


def document(unlabelled_nord: bool = False) -> bytes:
    seed = next(p for p in SEEDS if p.name.startswith("001_"))
    text = seed.read_text(encoding="utf-8").split(" Tiltak 6")[0]
    if unlabelled_nord:
        text = text.replace("328.320,- (Nord)", "328.320,-")
    return text.encode("utf-8")


def stored(reg: Region, data: bytes) -> Behovsmelding:
    sb = caseworker(reg, username="sb")
    up = web_services.receive_files(
        [web_services.InnkommendeFil("001-budsjett.txt", data)], by=sb, region=reg
    )
    (row,) = up.filer.all()
    assert row.behovsmelding is not None, row.grunn
    return row.behovsmelding


def granted_as_requested(r: Runde) -> None:
    """Frames big enough, every post prioritised and decided as requested (DEKOM with its
    egenandel: 30 % of 290 720 = 87 216)."""
    sb = caseworker(r.region, username="sb2")
    for ordning in ("regional", "desentralisert", "kompetanseloftet"):
        services.sett_ramme(r, navn="", ordning=ordning, sektor="", belop=10_000_000, by=sb)
    for p in r.poster.all():
        services.sett_prioritering(
            p,
            status=forum_calc.PRIORITERT,
            eier=[p.soekt_eier],
            uh=[p.soekt_uh],
            begrunnelse="",
            by=sb,
        )
    services.fullfor_innstilling(r, by=sb)
    services.vedtak_som_innstilt(r, by=sb)
    dekom = r.poster.get(ordning="desentralisert")
    services.sett_vedtak(
        dekom,
        status=forum_calc.PRIORITERT,
        eier=[0],
        uh=[290_720],
        begrunnelse="",
        egenandel=87_216,
        by=sb,
    )


def with_accounts() -> None:
    for navn, konto in ((HINN, "76940500660"), (NORD, "12345678903")):
        v = finn_uh(navn)
        assert v is not None, navn
        Virksomhet.objects.filter(pk=v.pk).update(kontonummer=konto)
    Virksomhet.objects.filter(navn=BODO).update(kontonummer="45005500080")


def vedtak_form(r: Runde) -> dict[str, str]:
    """The vedtak page's form as it stands (every post as decided)."""
    form: dict[str, str] = {}
    for p in r.poster.select_related("vedtak"):
        v, pre = p.vedtak, f"p-{p.pk}-"
        form[pre + "status"] = v.status
        form[pre + "begrunnelse"] = v.begrunnelse
        form[pre + "egenandel"] = "" if v.egenandel is None else str(v.egenandel)
        for i, (e, u) in enumerate(zip(v.eier, v.uh, strict=True)):
            form[f"{pre}eier-{i}"], form[f"{pre}uh-{i}"] = str(e), str(u)
    return form


def sb_client() -> Client:
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_each_institution_gets_exactly_its_amounts_from_forum_to_payment_list() -> None:
    reg = Region.objects.get_or_create(navn="Nordland")[0]
    bm = stored(reg, document())
    with_accounts()
    r = runde(reg, 2024)

    # forum: one post per budget row, the UH amount kept per institution
    poster = {p.navn: p for p in r.poster.all()}
    assert set(poster) == set(RADER)
    for navn, (eier, uh) in RADER.items():
        p = poster[navn]
        assert (p.soekt_eier, p.soekt_uh) == (eier, sum(uh.values()))
        deler = {d["navn"]: d["belop"] for d in p.detaljer["uh_deler"]}
        assert deler == (uh if len(uh) > 1 else {})

    granted_as_requested(r)
    innstilling = services.siste_versjon(r, Versjon.Type.INNSTILLING)
    assert innstilling is not None
    per_uh = {s["navn"]: s["uh"] for s in innstilling.innhold["per_uh"]}
    assert per_uh == {HINN: 2_386_450, NORD: 383_040}

    # vedtak: one recipient per institution, each with its own lines
    v = services.fullfor_vedtak(r, by=caseworker(reg, username="sb3"))
    mottakere = {m["navn"]: m for m in v.innhold["mottakere"]}
    assert {n: m["totalt"] for n, m in mottakere.items()} == SUM
    assert sorted(li["per_aar"][0] for li in mottakere[NORD]["linjer"]) == [54_720, 328_320]
    assert sorted(li["per_aar"][0] for li in mottakere[HINN]["linjer"]) == [
        236_000,
        637_950,
        1_512_500,
    ]
    assert mottakere[BODO]["merkes"] == "17020.2100.202.TETTPÅ"
    assert mottakere[HINN]["merkes"] == "SePU v/Lars Myhr"
    assert mottakere[NORD]["merkes"] == ""

    # payment list: each institution its own sum, the totals row the document's Sum
    raw = sb_client().get(reverse("forum-utbetaling-csv", args=[v.pk])).content
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    paid = {row["Mottaker"]: int(row["Totalt"]) for row in rows if row["Type"] != "Sum"}
    assert paid == SUM
    (total,) = [row for row in rows if row["Type"] == "Sum"]
    assert int(total["Totalt"]) == 4_349_490
    hinn_row = next(row for row in rows if row["Mottaker"] == HINN)
    assert hinn_row["Merkes (betalingsreferanse)"] == "SePU v/Lars Myhr"

    # the letter to Nord universitet: its two amounts, none of Høgskolen i Innlandet's
    nr = list(mottakere).index(NORD)
    text = pdf_text(sb_client().get(reverse("forum-tildelingsbrev", args=[v.pk, nr])).content)
    flat = re.sub(r"\s", "", text)
    assert "328320" in flat and "54720" in flat and "383040" in flat
    assert "637950" not in flat and "1512500" not in flat

    # the record's status follows the decision
    bm.refresh_from_db()
    assert (bm.status, bm.vedtak_utfall) == (Status.VEDTAK_FATTET, Vedtaksutfall.INNVILGET)
    assert bm.hendelser.filter(type="behovsmelding.vedtak_made").count() == 1


def test_an_unlabelled_uh_amount_must_be_assigned_before_the_vedtak_is_finished() -> None:
    reg = Region.objects.get_or_create(navn="Nordland")[0]
    stored(reg, document(unlabelled_nord=True))
    with_accounts()
    r = runde(reg, 2024)
    granted_as_requested(r)
    c = sb_client()

    page = c.get(reverse("forum-vedtak", args=[r.pk])).content.decode()
    assert "UH-beløp uten institusjon" in page and "328\u00a0320" in page

    response = c.post(
        reverse("forum-vedtak", args=[r.pk]), {**vedtak_form(r), "handling": "fullfor"}
    )
    assert response.status_code == 200
    assert (
        "UH-beløpet 328\u00a0320\u00a0kr i «Regional ordning» hører ikke til noen institusjon"
        in response.content.decode()
    )
    assert not r.versjoner.filter(type="vedtak").exists()

    regional = r.poster.get(navn="Regional ordning")
    (part,) = [d for d in regional.detaljer["uh_deler"] if not d["etikett"]]
    nord = finn_uh(NORD)
    assert nord is not None
    c.post(
        reverse("forum-tilordne-uh", args=[r.pk]),
        {"post": regional.pk, "felt": part["felt"], "virksomhet": nord.pk},
    )
    assert (
        "UH-beløp uten institusjon"
        not in c.get(reverse("forum-vedtak", args=[r.pk])).content.decode()
    )
    v = services.fullfor_vedtak(r, by=caseworker(reg, username="sb4"))
    assert {m["navn"]: m["totalt"] for m in v.innhold["mottakere"]} == SUM


def test_proportional_split_of_a_reduced_uh_grant_adds_up() -> None:
    assert forum_calc.fordel(100_000, [637_950, 328_320]) == [66_022, 33_978]
    assert sum(forum_calc.fordel(1, [1, 1, 1])) == 1
    assert forum_calc.fordel(500, [0, 0]) == [500, 0]


def test_an_amount_the_document_gives_a_known_institution_is_not_moved_to_another() -> None:
    reg = Region.objects.get_or_create(navn="Nordland")[0]
    stored(reg, document(unlabelled_nord=True))
    with_accounts()
    r = runde(reg, 2024)
    granted_as_requested(r)
    c = sb_client()
    regional = r.poster.get(navn="Regional ordning")
    labelled = next(d for d in regional.detaljer["uh_deler"] if d["etikett"])  # "(Sepu)"
    unlabelled = next(d for d in regional.detaljer["uh_deler"] if not d["etikett"])
    hinn, nord = finn_uh(HINN), finn_uh(NORD)
    assert hinn is not None and nord is not None

    page = c.post(
        reverse("forum-tilordne-uh", args=[r.pk]),
        {"post": regional.pk, "felt": labelled["felt"], "virksomhet": nord.pk},
        follow=True,
    ).content.decode()
    assert f"hører til {HINN} etter dokumentet" in page
    regional.refresh_from_db()
    assert (
        next(d for d in regional.detaljer["uh_deler"] if d["felt"] == labelled["felt"]).get(
            "virksomhet"
        )
        is None
    )

    # The caseworker's own assignment of the unlabelled amount can be corrected.
    for v in (hinn, nord):
        c.post(
            reverse("forum-tilordne-uh", args=[r.pk]),
            {"post": regional.pk, "felt": unlabelled["felt"], "virksomhet": v.pk},
        )
    v = services.fullfor_vedtak(r, by=caseworker(reg, username="sb4"))
    assert {m["navn"]: m["totalt"] for m in v.innhold["mottakere"]} == SUM
