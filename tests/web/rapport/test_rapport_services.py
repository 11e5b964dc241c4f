"""Report rounds, the report's drafts, checks, co-editing, submission and review."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader
from rapport_factories import BODO_TILTAK, linje_key, utfylt, verden

from behovsmelding.web.models import Hendelse
from behovsmelding.web.rapport import services
from behovsmelding.web.rapport.models import Rapport, Rapportrunde

pytestmark = pytest.mark.django_db

T6, T7, T8 = BODO_TILTAK


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_round_makes_one_report_per_partnership_with_the_granted_amounts() -> None:
    w = verden()
    assert w.rr.paaminnelser_foer == [60, 14] and w.rr.paaminnelse_etter == 7
    assert sorted(r.partnerskap.navn for r in w.rr.rapporter.all()) == [
        "Bodø kommune",
        "Vefsn kommune",
    ]
    r = w.rapport
    got = {li.post.tittel: (li.innvilget_eier, li.innvilget_uh) for li in services.linjer(r)}
    assert got == BODO_TILTAK
    assert r.status == Rapport.Status.UTKAST
    # the UH partner of the behovsmelding co-edits
    assert r.uh_virksomhet is not None and r.uh_virksomhet.navn == "Høgskolen i Innlandet"
    assert Hendelse.objects.filter(handling="rapport.runde_opprettet").count() == 1


def test_a_round_is_opened_once_and_only_after_the_vedtak() -> None:
    w = verden()
    with pytest.raises(services.RapportError, match="allerede en rapportrunde"):
        services.opprett_rapportrunde(w.runde, frist=dt.date(2025, 11, 1), by=w.sb)
    with pytest.raises(services.RapportError, match="Bare saksbehandlere"):
        services.opprett_rapportrunde(w.runde, frist=dt.date(2025, 11, 1), by=w.eier)
    assert Rapportrunde.objects.count() == 1


def test_reminder_days_are_configurable_per_round() -> None:
    w = verden(paaminnelser_foer=[30, 7, 30], paaminnelse_etter=0)
    assert w.rr.paaminnelser_foer == [30, 7]
    assert w.rr.paaminnelse_etter == 0
    with pytest.raises(services.RapportError, match="hele tall fra 1 til 365"):
        services.endre_frist(
            w.rr, frist=dt.date(2025, 11, 1), paaminnelser_foer=[0], paaminnelse_etter=7, by=w.sb
        )


def test_a_draft_keeps_amounts_and_text_typed_that_is_not_an_amount() -> None:
    w = verden()
    r = w.rapport
    e, u = linje_key(r, T6, "brukt_eier"), linje_key(r, T6, "brukt_uh")
    res = services.lagre(r, verdier_inn={e: "850 000", u: "tolv"}, basert_paa=1, by=w.eier)
    assert res.versjon == 2 and res.konflikter == {}
    li = next(li for li in services.linjer(r) if li.post.tittel == T6)
    assert li.brukt_eier == 850_000 and li.brukt_uh is None
    r.refresh_from_db()
    assert services.verdier(r, services.linjer(r))[u] == "tolv"  # kept as typed
    feil = {f.felt: f.melding for f in res.funn if f.alvor == "feil"}
    assert feil[u] == "«tolv» er ikke et beløp."
    # unused of the eier part is computed: 900 000 − 850 000 with UH unknown counts as unused
    assert li.ubrukt == 1_524_914 - 850_000


def test_used_more_than_granted_needs_an_explanation() -> None:
    w = verden()
    r = w.rapport
    values = utfylt(r, brukt={T6: (950_000, 624_914)})
    res = services.lagre(r, verdier_inn=values, basert_paa=1, by=w.eier)
    over = [f for f in res.funn if f.kode == "OVER_INNVILGET"]
    assert [f.melding for f in over] == [
        "Brukt 950\u00a0000 kr er mer enn innvilget 900\u00a0000 kr; forklar avviket eller "
        "rett beløpet."
    ]
    assert over[0].felt == linje_key(r, T6, "brukt_eier")
    forklaring = linje_key(r, T6, "avvik_forklaring")
    res = services.lagre(
        r, verdier_inn={forklaring: "Flere deltakere."}, basert_paa=res.versjon, by=w.eier
    )
    assert [f for f in res.funn if f.alvor == "feil"] == []
    assert [f.kode for f in res.funn] == ["OVER_FORKLART"]


def test_unused_money_must_be_repaid_or_carried_over_with_a_reason() -> None:
    w = verden()
    r = w.rapport
    values = utfylt(r, brukt={T7: (400_000, 583_600)})
    res = services.lagre(r, verdier_inn=values, basert_paa=1, by=w.eier)
    handling = linje_key(r, T7, "ubrukt_handling")
    assert {f.felt: f.kode for f in res.funn} == {handling: "UBRUKT_HANDLING"}
    assert "80\u00a0000 kr er ikke brukt" in res.funn[0].melding
    res = services.lagre(r, verdier_inn={handling: "overfores"}, basert_paa=2, by=w.eier)
    assert [f.kode for f in res.funn] == ["OVERFORING_GRUNN"]
    with pytest.raises(services.RapportError, match="Ugyldig valg"):
        services.lagre(r, verdier_inn={handling: "beholdes"}, basert_paa=3, by=w.eier)


def test_every_answer_is_required() -> None:
    w = verden()
    res = services.lagre(w.rapport, verdier_inn={}, basert_paa=1, by=w.eier)
    koder = sorted({f.kode for f in res.funn})
    assert koder == ["BRUKT_MANGLER", "HVA_GJORT_MANGLER", "MAAL_MANGLER"]
    # three tiltak × (two amounts, what was done, five goal points)
    assert len(res.funn) == 3 * (2 + 1 + 5)


def test_owner_and_uh_write_together_and_nothing_is_overwritten() -> None:
    w = verden()
    r = w.rapport
    hva = linje_key(r, T6, "hva_gjort")
    maal = linje_key(r, T6, "maal_a")
    # both opened version 1; the owner saves first
    a = services.lagre(r, verdier_inn={hva: "Eierens tekst"}, basert_paa=1, by=w.eier)
    assert a.versjon == 2
    # the UH partner saves the same field and another one, from version 1
    b = services.lagre(r, verdier_inn={hva: "UHs tekst", maal: "Ja"}, basert_paa=1, by=w.uh)
    assert b.konflikter == {hva: "Eierens tekst"}
    assert b.endret == [maal]
    assert b.andre[hva] == "Eierens tekst"
    values = services.verdier(r, services.linjer(r))
    assert values[hva] == "Eierens tekst" and values[maal] == "Ja"
    # saving again from the version the UH partner now has keeps theirs, knowingly
    c = services.lagre(r, verdier_inn={hva: "UHs tekst"}, basert_paa=b.versjon, by=w.uh)
    assert c.konflikter == {} and c.endret == [hva]


def test_other_partnerships_cannot_write() -> None:
    w = verden()
    with pytest.raises(services.RapportError, match="Bare partnerskapet selv"):
        services.lagre(w.other_rapport, verdier_inn={}, basert_paa=1, by=w.eier)
    with pytest.raises(services.RapportError, match="Bare partnerskapet selv"):
        services.lagre(w.rapport, verdier_inn={}, basert_paa=1, by=w.sb)


def test_submission_is_refused_with_errors_and_gives_a_receipt_with_the_reference() -> None:
    w = verden()
    r = w.rapport
    with pytest.raises(services.Avvist) as e:
        services.send_inn(r, by=w.eier)
    assert "feilene er rettet (24)" in str(e.value)
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    with pytest.raises(services.RapportError, match="eieren sender inn"):
        services.send_inn(r, by=w.uh)
    services.send_inn(r, by=w.eier)
    r.refresh_from_db()
    assert r.status == Rapport.Status.SENDT_INN and r.sendt_inn is not None
    ref = services.referanse(r)
    assert ref == f"RA-{r.pk:05d}-{ref[-1]}"
    text = _pdf_text(bytes(r.kvittering))
    assert ref in text
    assert "Statsforvalteren i Nordland" in text
    assert "Kvittering: rapporten er sendt inn på nett" in text
    assert "Tiltak 6: 18 gruppeledersamlinger" in text
    with pytest.raises(services.RapportError, match="sendt inn og kan ikke endres"):
        services.lagre(r, verdier_inn={}, basert_paa=2, by=w.eier)
    assert Hendelse.objects.filter(handling="rapport.sendt_inn").count() == 1


def test_the_nynorsk_receipt_is_in_nynorsk() -> None:
    w = verden()
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    services.send_inn(r, by=w.eier, sprak="nn")
    text = _pdf_text(bytes(Rapport.objects.get(pk=r.pk).kvittering))
    assert "Statsforvaltaren i Nordland" in text
    assert "Kvittering: rapporten er send inn på nett" in text
    assert "Kva er gjort" in text


def test_review_asks_for_changes_then_approves() -> None:
    w = verden()
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    with pytest.raises(services.RapportError, match="Bare en innsendt rapport"):
        services.godkjenn(r, by=w.sb)
    services.send_inn(r, by=w.eier)
    with pytest.raises(services.RapportError, match="Skriv hva som må endres"):
        services.be_om_endring(r, melding="  ", by=w.sb)
    with pytest.raises(services.RapportError, match="Bare saksbehandlere"):
        services.be_om_endring(r, melding="Legg ved regnskap.", by=w.forum)
    services.be_om_endring(r, melding="Legg ved regnskap.", by=w.sb)
    r.refresh_from_db()
    assert r.status == Rapport.Status.ENDRING_BEDT and r.endring_melding == "Legg ved regnskap."
    # the owner edits and sends again
    kommentar = services.lagre(
        r, verdier_inn={"kommentar": "Regnskap følger."}, basert_paa=2, by=w.eier
    )
    assert kommentar.endret == ["kommentar"]
    services.send_inn(r, by=w.eier)
    services.godkjenn(r, by=w.sb)
    r.refresh_from_db()
    assert r.status == Rapport.Status.GODKJENT and r.godkjent is not None
    assert [
        h.handling for h in Hendelse.objects.filter(handling__startswith="rapport.").order_by("id")
    ] == [
        "rapport.runde_opprettet",
        "rapport.lagret",
        "rapport.sendt_inn",
        "rapport.endring_bedt",
        "rapport.lagret",
        "rapport.sendt_inn",
        "rapport.godkjent",
    ]


def test_a_save_while_the_receipt_is_made_stops_the_submission(monkeypatch: Any) -> None:
    """The receipt is rendered outside the transaction; a save by the UH partner meanwhile
    means the receipt would not show what is stored, so nothing is sent in."""
    from behovsmelding.web.rapport import kvittering

    w = verden()
    r = w.rapport
    services.lagre(r, verdier_inn=utfylt(r), basert_paa=1, by=w.eier)
    render = kvittering.render_kvittering

    def with_a_save_meanwhile(*args: Any, **kw: Any) -> bytes:
        key = linje_key(r, T6, "hva_gjort")
        services.lagre(r, verdier_inn={key: "Endret av UH."}, basert_paa=2, by=w.uh)
        return render(*args, **kw)

    monkeypatch.setattr(kvittering, "render_kvittering", with_a_save_meanwhile)
    with pytest.raises(services.RapportError, match="endret mens den ble sendt inn"):
        services.send_inn(r, by=w.eier)
    r.refresh_from_db()
    assert r.status == Rapport.Status.UTKAST and not r.kvittering
