"""One full cycle in the demo data: the oldest demo round decided (the forum's innstilling
within the frames, the vedtak as recommended), its report round opened, one partnership's
report filled in, sent in and approved with an amount to repay (so the repayment list has a
row), and another partnership's report begun. Running it again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from ... import forum_calc
from ..forum import services as forum_services
from ..forum.models import Runde, Versjon
from ..models import Medlemskap, Region
from . import kontroll, services
from .models import Rapport, Rapportrunde

# The demo's words for what a partnership writes (no seed's names or amounts).
GJORT = "Samlingene er gjennomført som planlagt, med deltakere fra alle enhetene."
MAAL = "Ja, i hovedsak. Vi ser endringer i praksis i de fleste enhetene."
# The share of the first tiltak's eier amount the demo report leaves unused and repays.
UBRUKT_ANDEL = 10


def _bestem(runde: Runde, *, by: User) -> Versjon | None:
    """The forum's innstilling (every tiltak as asked while its frame has room), the vedtak
    as recommended (with the least egenandel where the ordning requires one), frozen."""
    v = forum_services.siste_versjon(runde, Versjon.Type.VEDTAK)
    if v is not None:
        return v
    rammer = [r.calc() for r in runde.rammer.all()]
    rest = {r.key: r.belop for r in rammer}
    for post in runde.poster.filter(aktiv=True).order_by("id"):
        c = forum_services.calc_post(post, None)
        ramme = forum_calc.ramme_for(c, rammer)
        total = post.soekt_eier + post.soekt_uh
        if ramme is not None and 0 < total <= rest[ramme.key]:
            rest[ramme.key] -= total
            status, eier, uh, grunn = (
                forum_calc.PRIORITERT,
                [post.soekt_eier],
                [post.soekt_uh],
                "",
            )
        else:
            status, eier, uh, grunn = forum_calc.IKKE_PRIORITERT, [], [], "Ikke rom i rammen."
        forum_services.sett_prioritering(
            post, status=status, eier=eier, uh=uh, begrunnelse=grunn, by=by
        )
    forum_services.fullfor_innstilling(runde, by=by)
    forum_services.vedtak_som_innstilt(runde, by=by)
    for post in runde.poster.filter(aktiv=True, ordning=forum_calc.DESENTRALISERT):
        vp = getattr(post, "vedtak", None)
        if vp is not None and vp.status == forum_calc.PRIORITERT:
            tilskudd = sum(vp.eier) + sum(vp.uh)
            forum_services.sett_vedtak(
                post,
                status=vp.status,
                eier=vp.eier,
                uh=vp.uh,
                begrunnelse=vp.begrunnelse,
                egenandel=forum_calc.egenandel_krav(tilskudd),
                by=by,
            )
    return forum_services.fullfor_vedtak(runde, by=by)


def _eier(r: Rapport) -> User | None:
    m = Medlemskap.objects.filter(virksomhet=r.partnerskap.virksomhet).order_by("id").first()
    return m.bruker if m is not None else None


def _fyll(r: Rapport, eier: User, *, ubrukt: bool) -> None:
    values: dict[str, object] = {}
    for i, li in enumerate(services.linjer(r)):
        p = f"linje-{li.pk}-"
        unused = li.innvilget_eier * UBRUKT_ANDEL // 100 if ubrukt and i == 0 else 0
        values[p + "brukt_eier"] = str(li.innvilget_eier - unused)
        values[p + "brukt_uh"] = str(li.innvilget_uh)
        if unused:
            values[p + "ubrukt_handling"] = kontroll.TILBAKEBETALES
        values[p + "hva_gjort"] = GJORT
        for b in kontroll.MAAL_BOKSTAVER:
            values[p + f"maal_{b}"] = MAAL
    services.lagre(r, verdier_inn=values, basert_paa=r.versjon, by=eier)


def demo_rapport(region: Region, *, by: User) -> Rapportrunde | None:
    runde = Runde.objects.filter(region=region, poster__isnull=False).order_by("aar").first()
    if runde is None:
        return None
    existing = Rapportrunde.objects.filter(runde=runde).first()
    if existing is not None:
        return existing
    if _bestem(runde, by=by) is None:
        return None
    rr = services.opprett_rapportrunde(runde, frist=dt.date(runde.aar + 1, 11, 1), by=by)
    rapporter = [r for r in services.rapporter(rr) if _eier(r) is not None]
    if rapporter:
        first = rapporter[0]
        eier = _eier(first)
        assert eier is not None
        _fyll(first, eier, ubrukt=True)
        services.send_inn(first, by=eier)
        services.godkjenn(first, by=by)
    if len(rapporter) > 1:
        second = rapporter[1]
        eier = _eier(second)
        assert eier is not None
        services.lagre(
            second,
            verdier_inn={"kommentar": "Vi fyller ut rapporten etter at regnskapet er klart."},
            basert_paa=second.versjon,
            by=eier,
        )
    return rr
