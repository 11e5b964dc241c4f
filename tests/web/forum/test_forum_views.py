"""The forum's pages through Django's test client: prioritising, finishing, deciding, documents."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from forum_factories import forum_member, runde, store_seeds
from openpyxl import load_workbook
from pypdf import PdfReader
from web_factories import PASSWORD, caseworker

from behovsmelding import forum_calc
from behovsmelding.web.forum import services
from behovsmelding.web.forum.models import Post, Runde, Versjon
from behovsmelding.web.forum.views import parse_kroner
from behovsmelding.web.models import Hendelse, Virksomhet

pytestmark = pytest.mark.django_db
NB = "\u00a0"


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def form_for(r: Runde, values: dict[int, tuple[str, list[int], list[int], str]]) -> dict[str, Any]:
    """POST data: every post of the round, with the given (status, eier, uh, reason)."""
    data: dict[str, Any] = {}
    for p in r.poster.all():
        status, eier, uh, why = values.get(
            p.pk, (forum_calc.IKKE_PRIORITERT, [], [], "Lav prioritet")
        )
        data[f"p-{p.pk}-status"] = status
        data[f"p-{p.pk}-begrunnelse"] = why
        for i in range(p.antall_aar):
            data[f"p-{p.pk}-eier-{i}"] = f"{eier[i]:,}".replace(",", " ") if i < len(eier) else ""
            data[f"p-{p.pk}-uh-{i}"] = str(uh[i]) if i < len(uh) else ""
    return data


@pytest.fixture
def round2026() -> Runde:
    reg = store_seeds()
    sb = caseworker(reg, username="sb")
    forum_member(reg, "forum")
    r = runde(reg, 2026, by=sb)
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=1_000_000, by=sb)
    return r


@pytest.mark.parametrize(
    ("text", "value"),
    [("200 000", 200_000), ("200.000", 200_000), ("1\u00a0000 kr", 1000), ("", 0), ("12a", None)],
)
def test_amounts_are_parsed_at_the_edge(text: str, value: int | None) -> None:
    assert parse_kroner(text) == value


def test_prioritisation_page_lists_every_tiltak_with_requested_amounts(round2026: Runde) -> None:
    html = client("forum").get(reverse("forum-prioritering", args=[round2026.pk])).content.decode()
    for p in round2026.poster.all():
        assert f'id="post-{p.pk}"' in html
    assert "Tiltak 2: Trygt og godt skolemiljø" in html
    assert f"250{NB}000{NB}kr" in html  # requested eier
    assert "RKK Vefsn" in html and "Salten" in html
    assert "Nord universitet" in html
    assert "Innenfor rammene." in html


def test_over_the_frame_is_saved_but_cannot_be_finished(round2026: Runde) -> None:
    c = client("forum")
    sum_post = round2026.poster.get(kilde="sum")
    lesing = round2026.poster.get(navn="Lesing og skriving")
    values = {
        sum_post.pk: (forum_calc.PRIORITERT, [15_000, 0], [464_000, 0], ""),
        lesing.pk: (forum_calc.PRIORITERT, [150_000, 0], [371_001, 0], ""),
    }
    url = reverse("forum-prioritering", args=[round2026.pk])
    response = c.post(url, {**form_for(round2026, values), "handling": "fullfor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"er overskredet med 1{NB}kr" in html
    assert not Versjon.objects.exists()
    assert Post.objects.get(pk=lesing.pk).prioritering.uh == [371_001, 0]
    values[lesing.pk] = (forum_calc.PRIORITERT, [150_000, 0], [371_000, 0], "")
    response = c.post(url, {**form_for(round2026, values), "handling": "fullfor"})
    assert response.status_code == 302
    v = Versjon.objects.get()
    assert v.innhold["rammer"][0]["rest"] == 0
    assert Hendelse.objects.filter(type="runde.innstilling_finished").count() == 1


def test_an_error_on_one_tiltak_is_shown_there_and_the_rest_is_saved(round2026: Runde) -> None:
    c = client("forum")
    sum_post = round2026.poster.get(kilde="sum")
    lesing = round2026.poster.get(navn="Lesing og skriving")
    values = {
        sum_post.pk: (forum_calc.PRIORITERT, [15_001, 0], [0, 0], ""),  # above requested
        lesing.pk: (forum_calc.PRIORITERT, [150_000, 0], [0, 0], ""),
    }
    response = c.post(
        reverse("forum-prioritering", args=[round2026.pk]), form_for(round2026, values)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="p-{sum_post.pk}-feil"' in html
    assert "skriv en begrunnelse" in html
    assert not hasattr(Post.objects.get(pk=sum_post.pk), "prioritering") or (
        Post.objects.get(pk=sum_post.pk).prioritering.status == forum_calc.IKKE_VURDERT
    )
    assert Post.objects.get(pk=lesing.pk).prioritering.eier == [150_000, 0]


def finish_innstilling(r: Runde) -> Versjon:
    sum_post = r.poster.get(kilde="sum")
    lesing = r.poster.get(navn="Lesing og skriving")
    values = {
        sum_post.pk: (forum_calc.PRIORITERT, [15_000, 0], [400_000, 64_000], ""),
        lesing.pk: (forum_calc.PRIORITERT, [150_000, 0], [300_000, 100_000], "Godt forankret"),
    }
    response = client("forum").post(
        reverse("forum-prioritering", args=[r.pk]), {**form_for(r, values), "handling": "fullfor"}
    )
    assert response.status_code == 302
    return Versjon.objects.get(type="innstilling")


def test_innstilling_pdf_and_excel_hold_the_mandates_content(round2026: Runde) -> None:
    v = finish_innstilling(round2026)
    c = client("forum")
    text = pdf_text(c.get(reverse("forum-innstilling-pdf", args=[v.pk])).content)
    assert "Samarbeidsforumets innstilling 2026" in text
    assert "Tiltak 2: Lesing og skriving" in text
    assert "Hvem deltar" in text and "Varighet" in text and "oppfyller kriteriene" in text
    assert "Bodø kommune (eier)" in text  # who works together
    assert "Godt forankret" in text
    assert f"865{NB}000{NB}kr" in text  # year 1: 15 000 + 400 000 + 150 000 + 300 000
    xlsx = load_workbook(io.BytesIO(c.get(reverse("forum-innstilling-excel", args=[v.pk])).content))
    ws = xlsx["Innstilling"]
    header = [cell.value for cell in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    lesing = next(r for r in rows if r["Tiltak"] == "Lesing og skriving")
    assert (lesing["Eier år 1"], lesing["UH år 1"], lesing["UH år 2"]) == (
        150_000,
        300_000,
        100_000,
    )
    assert lesing["Innstilt totalt"] == 550_000
    assert ws.cell(row=2, column=header.index("Eier år 1") + 1).number_format.endswith('"kr"')
    rammer = list(xlsx["Rammer"].iter_rows(min_row=2, values_only=True))
    assert rammer == [("Kollektiv kompetanseutvikling", 1_000_000, 865_000, 135_000, 2)]


def test_vedtak_letters_and_payment_list(round2026: Runde) -> None:
    # The register has account numbers for Bodø and Nord universitet; Vefsn kommune and
    # Læringsmiljøsenteret have none yet (the 2026 form has no account numbers).
    Virksomhet.objects.filter(orgnr="991000003").update(kontonummer="45005500080")
    Virksomhet.objects.filter(orgnr="991008225").update(kontonummer="12345678903")
    finish_innstilling(round2026)
    c = client("sb")
    url = reverse("forum-vedtak", args=[round2026.pk])
    assert c.post(url, {"handling": "som_innstilt"}).status_code == 302
    lesing = round2026.poster.get(navn="Lesing og skriving")
    data = {
        f"p-{lesing.pk}-status": forum_calc.PRIORITERT,
        f"p-{lesing.pk}-eier-0": "140 000",
        f"p-{lesing.pk}-eier-1": "0",
        f"p-{lesing.pk}-uh-0": "300 000",
        f"p-{lesing.pk}-uh-1": "100 000",
        f"p-{lesing.pk}-begrunnelse": "",
    }
    # the form posts every post; the others keep their saved decision
    base: dict[str, Any] = {}
    for p in round2026.poster.select_related("vedtak"):
        base[f"p-{p.pk}-status"] = p.vedtak.status
        base[f"p-{p.pk}-begrunnelse"] = p.vedtak.begrunnelse
        for i in range(p.antall_aar):
            base[f"p-{p.pk}-eier-{i}"] = str(p.vedtak.eier[i]) if p.vedtak.eier else ""
            base[f"p-{p.pk}-uh-{i}"] = str(p.vedtak.uh[i]) if p.vedtak.uh else ""
    response = c.post(url, {**base, **data, "handling": "fullfor"})
    assert response.status_code == 200
    assert "avviker fra innstillingen" in response.content.decode()
    data[f"p-{lesing.pk}-begrunnelse"] = "Eiers del redusert etter dialog"
    response = c.post(url, {**base, **data, "handling": "fullfor"})
    assert response.status_code == 302, response.content.decode()[:3000]
    v = Versjon.objects.get(type="vedtak")
    names = [m["navn"] for m in v.innhold["mottakere"]]
    assert names == [
        "Bodø kommune",
        "Vefsn kommune",
        "Læringsmiljøsenteret, Universitetet i Stavanger",
        "Nord universitet",
    ]
    bodo = names.index("Bodø kommune")
    text = pdf_text(c.get(reverse("forum-tildelingsbrev", args=[v.pk, bodo])).content)
    assert "Tildelingsbrev" in text and "Bodø kommune" in text
    assert f"140{NB}000{NB}kr" in text
    assert "Postboks 9001" in text and "8091 BODØ" in text  # the register's address
    assert "Organisasjonsnummer: 991 000 003" in text
    assert "Kontonummer: 4500.55.00080" in text
    assert "mangler" not in text
    assert "Vilkår" in text
    vefsn = names.index("Vefsn kommune")
    text = pdf_text(c.get(reverse("forum-tildelingsbrev", args=[v.pk, vefsn])).content)
    assert "Kontonummer: mangler – må registreres før utbetaling" in text
    assert "mangler kontonummer i virksomhetsregisteret" in text
    raw = c.get(reverse("forum-utbetaling-csv", args=[v.pk])).content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    (total,) = [r for r in rows if r["Type"] == "Sum"]  # the totals row comes last
    assert rows[-1] == total and total["Totalt"] == str(140_000 + 400_000)
    rows = rows[:-1]
    assert [r["Mottaker"] for r in rows] == ["Bodø kommune", "Nord universitet"]
    nord = rows[1]
    assert (nord["Utbetales år 1"], nord["År 2"], nord["Totalt"]) == ("300000", "100000", "400000")
    assert (nord["Organisasjonsnummer"], nord["Kontonummer"]) == ("991008225", "12345678903")
    assert (nord["Postadresse"], nord["Postnummer"], nord["Poststed"]) == (
        "Postboks 1490",
        "8049",
        "BODØ",
    )
    assert nord["Merknad"] == ""
    xlsx = load_workbook(io.BytesIO(c.get(reverse("forum-utbetaling-excel", args=[v.pk])).content))
    values = list(xlsx["Utbetaling"].iter_rows(min_row=2, values_only=True))
    assert values[-1][0] == "Sum" and values[-1][4] == 140_000 + 300_000
    assert sum(r[4] for r in values[:-1]) == 140_000 + 300_000
    sperret = [(r[1], r[4], r[5]) for r in xlsx["Sperret"].iter_rows(min_row=2, values_only=True)]
    assert sperret.pop() == ("2 sperret", 15_000 + 464_000, None)  # the totals row
    assert sperret == [
        ("Vefsn kommune", 15_000, "mangler kontonummer i virksomhetsregisteret"),
        (
            "Læringsmiljøsenteret, Universitetet i Stavanger",
            464_000,
            "mangler kontonummer i virksomhetsregisteret",
        ),
    ]
    assert Hendelse.objects.filter(type="post.vedtak_changed", payload__avvik=True).count() == 1


def test_forum_member_cannot_decide_or_see_payments(round2026: Runde) -> None:
    v = finish_innstilling(round2026)
    c = client("forum")
    assert c.get(reverse("forum-vedtak", args=[round2026.pk])).status_code == 403
    assert c.get(reverse("forum-innstilling-pdf", args=[v.pk])).status_code == 200


def test_dekom_egenandel_is_stated_and_checked(round2026: Runde) -> None:
    reg = round2026.region
    sb = caseworker(reg, username="sb24")
    r = runde(reg, 2024, by=sb)
    services.sett_ramme(r, navn="", ordning="desentralisert", sektor="", belop=500_000, by=sb)
    services.sett_ramme(r, navn="", ordning="kompetanseloftet", sektor="", belop=0, by=sb)
    dekom = r.poster.get(ordning="desentralisert", nr=1)  # 50 000 + 174 000
    for p in r.poster.all():
        if p.pk == dekom.pk:
            services.sett_prioritering(
                p, status="prioritert", eier=[50_000, 0], uh=[174_000, 0], begrunnelse="", by=sb
            )
        else:
            services.sett_prioritering(
                p, status="ikke_prioritert", eier=[], uh=[], begrunnelse="Ikke nå", by=sb
            )
    services.fullfor_innstilling(r, by=sb)
    services.vedtak_som_innstilt(r, by=sb)
    with pytest.raises(services.ForumError, match="egenandel er ikke oppgitt"):
        services.fullfor_vedtak(r, by=sb)
    # 30 % of 224 000 is 67 200: one krone less is refused, exactly that is enough
    services.sett_vedtak(
        dekom,
        status="prioritert",
        eier=[50_000, 0],
        uh=[174_000, 0],
        begrunnelse="",
        egenandel=67_199,
        by=sb,
    )
    with pytest.raises(services.ForumError, match=f"under kravet på 67{NB}200{NB}kr"):
        services.fullfor_vedtak(r, by=sb)
    services.sett_vedtak(
        dekom,
        status="prioritert",
        eier=[50_000, 0],
        uh=[174_000, 0],
        begrunnelse="",
        egenandel=67_200,
        by=sb,
    )
    v = services.fullfor_vedtak(r, by=sb)
    owner = next(m for m in v.innhold["mottakere"] if m["type"] == "eier")
    assert owner["orgnr"] == "938712441"
    assert owner["kontonr"] == ""  # the register has none; the document's is shown beside
    text = pdf_text(client("sb24").get(reverse("forum-tildelingsbrev", args=[v.pk, 0])).content)
    assert "Egenandel (Desentralisert ordning)" in text
    assert "minst 30 %" in text
    assert f"67{NB}200{NB}kr" in text
    assert "(I dokumentet: 4516.27.94918)" in text


def test_amount_changes_show_in_the_records_history_and_the_rounds(round2026: Runde) -> None:
    post = round2026.poster.get(kilde="sum")
    services.sett_prioritering(
        post,
        status=forum_calc.IKKE_PRIORITERT,
        eier=[],
        uh=[],
        begrunnelse="Mangler plan for partnerskap",
        by=User.objects.get(username="forum"),
    )
    c = client("sb")
    detail = c.get(reverse("detalj", args=[post.behovsmelding_id])).content.decode()
    assert "Innstilling for «Hele behovsmeldingen» – begrunnelse: Mangler plan for partnerskap" in (
        detail
    )
    page = c.get(reverse("forum-runde", args=[round2026.pk])).content.decode()
    assert "Mangler plan for partnerskap" in page
    assert "Ikke prioritert" in page
