"""The repayment list: per recipient of an approved report, the unused amount marked to be
repaid, with the organisation's number and account from the register and the reference;
exported to Excel with amounts as numbers and formula-like text neutralised."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rapport_factories import BODO_TILTAK, linje_key, utfylt, verden
from web_factories import PASSWORD

from behovsmelding.web.rapport import services

pytestmark = pytest.mark.django_db
T6, T7, T8 = BODO_TILTAK


def _approved(w: object, brukt: dict[str, tuple[int, int]], handling: dict[str, str]) -> None:
    r = w.rapport  # type: ignore[attr-defined]
    values = utfylt(r, brukt=brukt)
    for tittel, h in handling.items():
        values[linje_key(r, tittel, "ubrukt_handling")] = h
        values[linje_key(r, tittel, "overforing_grunn")] = "Kurset er flyttet til våren."
    services.lagre(r, verdier_inn=values, basert_paa=1, by=w.eier)  # type: ignore[attr-defined]
    services.send_inn(r, by=w.eier)  # type: ignore[attr-defined]
    services.godkjenn(r, by=w.sb)  # type: ignore[attr-defined]


def test_only_approved_reports_and_only_what_is_repaid() -> None:
    w = verden()
    org = w.own.partnerskap.virksomhet
    assert org is not None
    org.kontonummer = "15030112345"
    org.save()
    assert services.tilbakebetalinger(w.rr) == []
    # Tiltak 6: 100 000 of the eier's 900 000 not used, repaid; Tiltak 7: 80 000 carried over
    _approved(
        w,
        brukt={T6: (800_000, 624_914), T7: (400_000, 583_600)},
        handling={T6: "tilbakebetales", T7: "overfores"},
    )
    rows = services.tilbakebetalinger(w.rr)
    assert len(rows) == 1
    t = rows[0]
    assert (t.mottaker, t.orgnr, t.kontonr, t.belop) == (
        "Bodø kommune",
        org.orgnr,
        "15030112345",
        100_000,
    )
    assert t.referanse == services.referanse(w.rapport)
    assert t.tiltak == "Tiltak 6: 18 gruppeledersamlinger"


def test_the_excel_list_has_numbers_a_total_and_no_formulas() -> None:
    w = verden()
    org = w.own.partnerskap.virksomhet
    assert org is not None
    org.navn = "=HYPERLINK(1)"
    org.save()
    _approved(w, brukt={T8: (0, 250_000)}, handling={T8: "tilbakebetales"})
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    response = c.get(reverse("rapport:tilbakebetaling", args=[w.rr.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb["Tilbakebetaling"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Mottaker",
        "Organisasjonsnummer",
        "Kontonummer",
        "Skal betales tilbake",
        "Referanse",
        "Tiltak",
    )
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][3] == 53_986  # 303 986 granted to UH − 250 000 used
    assert rows[2][0] == "Sum (1)" and rows[2][3] == 53_986


def test_the_forum_does_not_get_the_list() -> None:
    w = verden()
    c = Client()
    assert c.login(username="forum", password=PASSWORD)
    assert c.get(reverse("rapport:tilbakebetaling", args=[w.rr.pk])).status_code == 403
