"""Factories for the report tests: a decided round (every tiltak granted as asked, the
forum's access world) and its report round."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from forum.forum_factories import access_world
from web_factories import behovsmelding, caseworker, region, user

from behovsmelding.web.forum.models import Runde
from behovsmelding.web.models import Behovsmelding, Rolle
from behovsmelding.web.rapport import services
from behovsmelding.web.rapport.models import Rapport, Rapportrunde

# The Bodø sample's three tiltak as its document gives them (eier, UH), all granted as asked.
BODO_TILTAK = {
    "Tiltak 6: 18 gruppeledersamlinger": (900_000, 624_914),
    "Tiltak 7: 6 Ledersamlinger": (480_000, 583_600),
    "Tiltak 8: Digital nettressurs pedagogisk analyse": (0, 303_986),
}
MAAL = {b: f"Svar på punkt {b}." for b in "abcde"}


@dataclass
class Verden:
    sb: User
    eier: User
    uh: User
    forum: User
    own: Behovsmelding
    other: Behovsmelding
    runde: Runde
    rr: Rapportrunde

    @property
    def rapport(self) -> Rapport:
        return Rapport.objects.get(rapportrunde=self.rr, partnerskap=self.own.partnerskap)

    @property
    def other_rapport(self) -> Rapport:
        return Rapport.objects.get(rapportrunde=self.rr, partnerskap=self.other.partnerskap)


def verden(frist: dt.date | None = None, **kw: Any) -> Verden:
    nordland, troms = region("Nordland"), region("Troms")
    sb = caseworker(nordland, username="sb")
    own = behovsmelding(reg=nordland)
    other = behovsmelding(reg=nordland, eier="Vefsn kommune", uh="Nord universitet")
    eier = user(Rolle.EIER, username="eier", partnerskap=own.partnerskap)
    eier.email = "eier@bodo.example.no"
    eier.save()
    uh = user(Rolle.UH, username="uh", institusjon=own.institusjon)
    uh.email = "uh@nord.example.no"
    uh.save()
    forum = user(Rolle.FORUM, username="forum", region=nordland)
    # Vefsn has no users yet: its reminders go to the organisation's official address
    vefsn = other.partnerskap.virksomhet
    assert vefsn is not None
    vefsn.epost = "postmottak@vefsn.example.no"
    vefsn.save()
    ids = access_world(nordland, troms, sb)
    runde = Runde.objects.get(pk=ids["runde"])
    rr = services.opprett_rapportrunde(runde, frist=frist or dt.date(2025, 11, 1), by=sb, **kw)
    return Verden(sb, eier, uh, forum, own, other, runde, rr)


def utfylt(r: Rapport, *, brukt: dict[str, tuple[int, int]] | None = None) -> dict[str, str]:
    """The form's values for every line of ``r``: used as given by tiltak title (else all
    granted used), what was done and a)–e) answered."""
    out: dict[str, str] = {}
    for li in services.linjer(r):
        e, u = (brukt or {}).get(li.post.tittel, (li.innvilget_eier, li.innvilget_uh))
        p = f"linje-{li.pk}-"
        out[p + "brukt_eier"] = str(e)
        out[p + "brukt_uh"] = str(u)
        out[p + "hva_gjort"] = "Samlinger gjennomført som planlagt."
        for b, tekst in MAAL.items():
            out[p + f"maal_{b}"] = tekst
    return out


def linje_key(r: Rapport, tittel: str, felt: str) -> str:
    li = next(li for li in services.linjer(r) if li.post.tittel == tittel)
    return f"linje-{li.pk}-{felt}"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rapport_world(runde_id: int, sb: User, other_owner: User) -> dict[str, int]:
    """For the access matrix: the report round of the world's decided round; the own
    partnership's report is a draft with an attachment, the other partnership's is sent in
    with one. Returns the ids by matrix name."""
    from behovsmelding.web.rapport import vedlegg

    rr = services.opprett_rapportrunde(
        Runde.objects.get(pk=runde_id), frist=dt.date(2025, 11, 1), by=sb
    )
    own, other = (
        rr.rapporter.exclude(partnerskap__virksomhet__medlemskap__bruker=other_owner).get(),
        rr.rapporter.get(partnerskap__virksomhet__medlemskap__bruker=other_owner),
    )
    eier = own.partnerskap.virksomhet.medlemskap.first().bruker  # type: ignore[union-attr]
    v = vedlegg.upload(
        own, filnavn="regnskap.pdf", innhold=io.BytesIO(PDF), storrelse=len(PDF), by=eier
    )
    ov = vedlegg.upload(
        other, filnavn="regnskap.pdf", innhold=io.BytesIO(PDF), storrelse=len(PDF), by=other_owner
    )
    services.lagre(other, verdier_inn=utfylt(other), basert_paa=1, by=other_owner)
    services.send_inn(other, by=other_owner)
    return {
        "rapportrunde": rr.pk,
        "rapport": own.pk,
        "other_rapport": other.pk,
        "rapport_vedlegg": v.pk,
        "other_rapport_vedlegg": ov.pk,
    }
