"""Years of history for the statistics page in the demo (``manage.py demo``).

The seeds cover 2024 and 2026; this adds invented behovsmeldinger of the demo region's owners
for 2025, that year's round with its innstilling and vedtak made through the
forum's services, and the recipients' approved reports (some networks used less than they were
granted; unused money returned or carried over). Names of tiltak and amounts are invented.
Running it again adds nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from ... import forum_calc
from ...readers import read_bytes
from ...record import Behovsmelding as Record
from ..forum import services as forum_services
from ..forum.models import Runde, Versjon
from ..models import Behovsmelding, Ordning, Region
from ..rapport.models import Rapport, Rapportlinje, Rapportrunde
from ..services import create_behovsmelding, run_checks

# 2024 and 2026 are the seeds' years (2024 goes through the whole cycle in the report demo,
# web/rapport/demo.py, which takes the earliest round): the history fills the year between.
AAR = (2025,)
# The seed whose form (lokal-2024, tiltak with amounts) the invented records copy.
MAL = "001_a66beb2d707d1c80.txt"
UH = "Høgskolen i Innlandet/ SePU"
RAMME = 20_000_000
ETIKETT: dict[str, str] = {
    Ordning.REGIONAL: "Regional ordning",
    Ordning.DESENTRALISERT: "Desentralisert ordning",
    Ordning.KOMPETANSELOFTET: "Kompetanseløftet",
}  # per ordning, large enough that no frame stops the demo's decisions


@dataclass(frozen=True, slots=True)
class Eier:
    navn: str
    orgnr: str
    nettverk: str
    # Share (per cent) of the grant the owner's network uses, as its reports say.
    bruker: int


EIERE = (
    Eier("Bodø kommune", "991000003", "Salten", 97),
    Eier("Vefsn kommune", "991001379", "RKK Vefsn", 88),
    Eier("Rana kommune", "991004114", "Indre Helgeland", 72),
    Eier("Alstahaug kommune", "991002758", "Ytre Helgeland (GOA)", 95),
)

# Per year: owner → (ordning, [(tiltak, target group, Eier, UH)]). Invented.
TILTAK: dict[int, dict[str, tuple[str, list[tuple[str, str, int, int]]]]] = {
    2025: {
        "Bodø kommune": (
            Ordning.DESENTRALISERT,
            [
                ("Språk og lesing i alle fag", "Lærere", 80_000, 200_000),
                ("Samiske perspektiver i opplæringen", "Lærere og ledere", 30_000, 70_000),
            ],
        ),
        "Vefsn kommune": (
            Ordning.REGIONAL,
            [("Språkutvikling og lek", "Barnehagelærere og fagarbeidere", 70_000, 150_000)],
        ),
        "Rana kommune": (
            Ordning.KOMPETANSELOFTET,
            [("Tilpasset opplæring og inkludering", "Lærere og PPT", 100_000, 260_000)],
        ),
        "Alstahaug kommune": (
            Ordning.DESENTRALISERT,
            [("Realfag og programmering", "Lærere på ungdomstrinnet", 50_000, 120_000)],
        ),
    },
}


def _mal() -> dict[str, Any]:
    data = resources.files("behovsmelding.demo_data").joinpath(MAL).read_bytes()
    return read_bytes(data, MAL).to_dict()


def _record(mal: dict[str, Any], aar: int, e: Eier, ordning: str, tiltak: list[Any]) -> Record:
    d = copy.deepcopy(mal)
    d.update(
        aar=aar,
        tittel=f"Behovsmelding {aar} {e.navn} (historikk)",
        eier=e.navn,
        kompetansenettverk=e.nettverk,
        uh=UH,
        ordninger=[ordning],
        antall_tiltak=len(tiltak),
    )
    eier_sum, uh_sum = sum(t[2] for t in tiltak), sum(t[3] for t in tiltak)
    rad = {"eier": eier_sum, "uh": [{"belop": uh_sum, "institusjon": "SePU"}]}
    d["budsjett"] = {
        "rader": [{"etikett": ETIKETT[ordning], **rad, "totalt": eier_sum + uh_sum}],
        "sum": {"etikett": "Sum", **rad, "totalt": eier_sum + uh_sum},
    }
    kontakt = (d.get("kontaktpersoner") or {}).get("eier")
    if kontakt:
        kontakt["orgnr"] = e.orgnr
    first = d["tiltak"][0]
    d["tiltak"] = [
        {
            **copy.deepcopy(first),
            "nr": i,
            "navn": navn,
            "maalgruppe": maalgruppe,
            "eier": eier_kr,
            "uh": uh_kr,
            "totalt": eier_kr + uh_kr,
            "varighet": [f"Vår {aar}", f"Høst {aar}"],
        }
        for i, (navn, maalgruppe, eier_kr, uh_kr) in enumerate(tiltak, start=1)
    ]
    return Record.from_dict(d)


def _records(region: Region, aar: int, *, by: User) -> None:
    mal = _mal()
    for e in EIERE:
        ordning, tiltak = TILTAK[aar][e.navn]
        rec = _record(mal, aar, e, ordning, tiltak)
        if not Behovsmelding.objects.filter(region=region, tittel=rec.tittel).exists():
            create_behovsmelding(rec, by=by, region=region, funn=run_checks(rec))


def _runde(region: Region, aar: int, *, by: User) -> Runde:
    runde = Runde.objects.filter(region=region, aar=aar).first()
    if runde is None:
        runde = forum_services.opprett_runde(
            region, aar, frist=dt.date(aar, 2, 1), innstilling_frist=dt.date(aar, 3, 15), by=by
        )
    for ordning in (Ordning.REGIONAL, Ordning.DESENTRALISERT, Ordning.KOMPETANSELOFTET):
        if not runde.rammer.filter(ordning=ordning, sektor="").exists():
            forum_services.sett_ramme(
                runde, navn="", ordning=ordning, sektor="", belop=RAMME, by=by
            )
    return runde


def _andel(post_nr: int | None, aar: int) -> int:
    """What the forum recommends, per cent of what is asked: most as asked, some cut."""
    return 100 if ((post_nr or 1) + aar) % 3 else 80


def _decide(runde: Runde, *, by: User) -> None:
    """The innstilling and the vedtak (as recommended) of a round not decided before."""
    if forum_services.siste_versjon(runde, Versjon.Type.VEDTAK) is not None:
        return
    poster = list(runde.poster.filter(aktiv=True).order_by("pk"))
    if forum_services.siste_versjon(runde, Versjon.Type.INNSTILLING) is None:
        for p in poster:
            andel = _andel(p.nr, runde.aar)
            forum_services.sett_prioritering(
                p,
                status=forum_calc.PRIORITERT,
                eier=[p.soekt_eier * andel // 100],
                uh=[p.soekt_uh * andel // 100],
                begrunnelse="",
                by=by,
            )
        forum_services.fullfor_innstilling(runde, by=by)
    for p in poster:
        prio = p.prioritering
        tilskudd = sum(prio.eier) + sum(prio.uh)
        egenandel = (
            forum_calc.egenandel_krav(tilskudd) if p.ordning == forum_calc.DESENTRALISERT else None
        )
        forum_services.sett_vedtak(
            p,
            status=prio.status,
            eier=prio.eier,
            uh=prio.uh,
            begrunnelse="",
            egenandel=egenandel,
            by=by,
        )
    forum_services.fullfor_vedtak(runde, by=by)


def _reports(runde: Runde) -> None:
    """Approved reports for every recipient partnership of the round; the unused money of odd
    tiltak is returned, of even ones asked to be carried over."""
    rr, _ = Rapportrunde.objects.get_or_create(
        runde=runde, defaults={"frist": dt.date(runde.aar + 1, 11, 1)}
    )
    bruker = {e.navn: e.bruker for e in EIERE}
    for p in runde.poster.filter(aktiv=True, vedtak__status=forum_calc.PRIORITERT).select_related(
        "vedtak", "behovsmelding__partnerskap"
    ):
        rapport, _ = Rapport.objects.get_or_create(
            rapportrunde=rr,
            partnerskap=p.behovsmelding.partnerskap,
            defaults={"status": Rapport.Status.GODKJENT},
        )
        innv_e, innv_u = sum(p.vedtak.eier), sum(p.vedtak.uh)
        andel = bruker.get(p.behovsmelding.eier, 100)
        brukt_e, brukt_u = innv_e * andel // 100, innv_u * andel // 100
        rest = innv_e + innv_u - brukt_e - brukt_u
        handling = ""
        if rest > 0:
            handling = (
                Rapportlinje.Handling.TILBAKEBETALES
                if (p.nr or 1) % 2
                else Rapportlinje.Handling.OVERFORES
            )
        Rapportlinje.objects.get_or_create(
            rapport=rapport,
            post=p,
            defaults={
                "innvilget_eier": innv_e,
                "innvilget_uh": innv_u,
                "brukt_eier": brukt_e,
                "brukt_uh": brukt_u,
                "ubrukt_handling": handling,
                "hva_gjort": "Gjennomført som planlagt.",
            },
        )


@transaction.atomic
def load_history(region: Region, *, by: User) -> list[Runde]:
    """The invented years of history (idempotent). Returns their rounds."""
    runder = []
    for aar in AAR:
        _records(region, aar, by=by)
        runde = _runde(region, aar, by=by)
        _decide(runde, by=by)
        _reports(runde)
        runder.append(runde)
    return runder
