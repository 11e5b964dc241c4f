"""Fixtures for the letter, dispatch and archive tests: the 2026 round decided, the register's
addresses, a configured letterhead and signatory, and a fixed date."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from forum_factories import runde, store_seeds
from pypdf import PdfReader
from web_factories import caseworker

from behovsmelding import forum_calc
from behovsmelding.web.forum import brev, services
from behovsmelding.web.forum.models import Brev, Versjon
from behovsmelding.web.models import Virksomhet
from behovsmelding.web.register import finn_uh

GRUNN_VEFSN = "Tiltaket er ikke beskrevet konkret nok til å vurderes mot kriteriene."
GRUNN_FORUM = "Redusert for å holde rammen; skolemiljø prioriteres også i andre nettverk."
GRUNN_VEDTAK = (
    "Statsforvalteren reduserer eiers del fordi ledersamlingene delvis dekkes av andre midler."
)
DAG = dt.date(2026, 12, 7)


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (also no-break) as one space."""
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(autouse=True)
def brev_settings(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.BREV_UNDERSKRIVER = "Hanne Solbakken"
    settings.BREV_UNDERSKRIVER_TITTEL = "utdanningsdirektør"
    settings.BREV_SAKSBEHANDLER = "Ola Berg"
    settings.BREV_SAKSBEHANDLER_TITTEL = "seniorrådgiver"
    settings.BREV_SAKSBEHANDLER_TELEFON = "75 53 15 00"
    settings.BREV_AVSENDER = {
        **settings.BREV_AVSENDER,
        "navn": "Statsforvalteren i Nordland",
        "postadresse": "Postboks 1405",
        "postnummer": "8002",
        "poststed": "BODØ",
        "orgnr": "974 762 994",
        "epost": "sfnopost@statsforvalteren.no",
        "telefon": "75 53 15 00",
    }
    settings.BREV_SEND_PAUSE = 0
    monkeypatch.setattr(brev.timezone, "localdate", lambda *a: DAG)


def _org(navn: str) -> Virksomhet:
    v = finn_uh(navn) or Virksomhet.objects.filter(navn=navn).first()
    assert v is not None, navn
    return v


def _register() -> None:
    for navn, epost, maalform in (
        ("Bodø kommune", "postmottak@bodo.kommune.no", "nb"),
        ("Vefsn kommune", "postmottak@vefsn.kommune.no", "nb"),
        ("Læringsmiljøsenteret", "post@lms.uis.no", "nb"),
        ("Nord universitet", "postmottak@nord.no", "nn"),
    ):
        Virksomhet.objects.filter(pk=_org(navn).pk).update(epost=epost, maalform=maalform)


@pytest.fixture
def vedtak2026() -> Versjon:
    reg = store_seeds()
    _register()
    sb = caseworker(reg, username="sb")
    r = runde(reg, 2026, by=sb)
    services.sett_ramme(r, navn="", ordning="", sektor="", belop=10_000_000, by=sb)
    for p in r.poster.select_related("behovsmelding"):
        if p.behovsmelding.eier == "Vefsn kommune":
            status, eier, uh, grunn = forum_calc.IKKE_PRIORITERT, [], [], GRUNN_VEFSN
        elif p.navn.startswith("Trygt og godt skolemiljø"):
            status, eier, uh, grunn = forum_calc.PRIORITERT, [150_000, 0], [200_000, 0], GRUNN_FORUM
        else:
            status, eier, uh, grunn = forum_calc.PRIORITERT, [p.soekt_eier, 0], [p.soekt_uh, 0], ""
        services.sett_prioritering(p, status=status, eier=eier, uh=uh, begrunnelse=grunn, by=sb)
    services.fullfor_innstilling(r, by=sb)
    services.vedtak_som_innstilt(r, by=sb)
    leder = r.poster.get(navn__startswith="Ledersamlinger")
    services.sett_vedtak(
        leder,
        status=forum_calc.PRIORITERT,
        eier=[100_000, 0],
        uh=[leder.soekt_uh, 0],
        begrunnelse=GRUNN_VEDTAK,
        egenandel=None,
        by=sb,
    )
    r.saksnummer = "2026/1234"
    r.save()
    return services.fullfor_vedtak(r, by=sb)


def nr_for(v: Versjon, navn: str) -> int:
    names = [m["navn"] for m in brev.brevmottakere(v)]
    matches = [i for i, n in enumerate(names) if navn in n]
    assert matches, f"{navn} not among {names}"
    return matches[0]


def made_text(v: Versjon, navn: str) -> tuple[Brev, str]:
    b = brev.lag_brev(v, nr_for(v, navn), by=None)
    return b, pdf_text(bytes(b.pdf))
