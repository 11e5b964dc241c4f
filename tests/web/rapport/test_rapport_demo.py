"""The demo holds one full cycle: behovsmelding → vedtak → report → approval → repayment."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from behovsmelding.web.forum.models import Versjon
from behovsmelding.web.models import Hendelse
from behovsmelding.web.rapport import services
from behovsmelding.web.rapport.models import Rapport, Rapportrunde

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_full_cycle_once() -> None:
    run_demo()
    # the report demo's round; 2025's is the statistics' invented history (statistikk/demo.py)
    rr = Rapportrunde.objects.get(runde__aar=2024)
    assert set(Rapportrunde.objects.values_list("runde__aar", flat=True)) == {2024, 2025}
    assert rr.versjon is not None and rr.versjon.type == Versjon.Type.VEDTAK
    statuses = sorted(rr.rapporter.values_list("status", flat=True))
    assert statuses.count(Rapport.Status.GODKJENT) == 1
    approved = rr.rapporter.get(status=Rapport.Status.GODKJENT)
    first = services.linjer(approved)[0]
    # the demo report leaves a tenth of its first tiltak's eier amount unused and repays it
    assert first.ubrukt == first.innvilget_eier // 10 > 0
    (t,) = services.tilbakebetalinger(rr)
    assert t.belop == first.innvilget_eier // 10
    assert t.referanse == services.referanse(approved)
    assert t.kontonr  # from the register
    before = (Rapport.objects.count(), Hendelse.objects.count())
    run_demo()
    assert (Rapport.objects.count(), Hendelse.objects.count()) == before
