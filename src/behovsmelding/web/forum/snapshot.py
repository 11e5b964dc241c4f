"""The frozen content of an innstilling or a vedtak: plain JSON, rendered by the exporters.

Everything a document shows is in the snapshot (names, amounts, totals, recipients with their
org and account numbers), so a finished version reads the same whatever changes later.

A vedtak's recipients are the register's organisations (:mod:`behovsmelding.web.register`):
the owner of the record's partnership, the UH organisation the post's institution stands for.
Their name, organisasjonsnummer, postal address and kontonummer are the register's as it is
when the vedtak is finished; what the document says is kept beside it where it differs. A
recipient without a valid account number in the register, or not in the register at all, is
blocked: it gets its letter, but is kept out of the payable rows with the reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from ... import forum_calc
from ...checks.config import default_config
from .. import register
from ..access import display_name
from ..models import Ordning, Virksomhet
from ..register_services import gruppert, kontonummer_gyldig
from .models import Post, Runde, Sektor


def uh_del_virksomhet(part: dict[str, Any]) -> Virksomhet | None:
    """The register's organisation a UH part belongs to: the caseworker's assignment, else
    the institution its label names through the register's aliases; None when neither."""
    if part.get("virksomhet"):
        return Virksomhet.objects.filter(pk=part["virksomhet"]).first()
    return register.finn_uh(part["navn"]) if part.get("navn") else None


STATUS_TEKST = {
    forum_calc.IKKE_VURDERT: "Ikke vurdert",
    forum_calc.PRIORITERT: "Prioritert",
    forum_calc.IKKE_PRIORITERT: "Ikke prioritert",
}
VEDTAK_TEKST = {
    forum_calc.IKKE_VURDERT: "Ikke avgjort",
    forum_calc.PRIORITERT: "Innvilget",
    forum_calc.IKKE_PRIORITERT: "Avslått",
}
# Keys that change with every freeze and say nothing about the content.
_STAMP = ("nummer", "fullfort", "fullfort_av")


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def strip(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k not in _STAMP}

    return strip(a) == strip(b)


def post_i(data: dict[str, Any], post_id: int) -> dict[str, Any] | None:
    for p in data.get("poster", []):
        if p["id"] == post_id:
            found: dict[str, Any] = p
            return found
    return None


def _sum(s: forum_calc.Sum, navn: str) -> dict[str, Any]:
    return {
        "navn": navn,
        "eier": s.eier,
        "uh": s.uh,
        "totalt": s.totalt,
        "antall": s.antall,
        "per_aar": list(s.per_aar),
        "alle_aar": s.alle_aar,
    }


def _uh_deler(post: Post, c: forum_calc.Post) -> list[dict[str, Any]]:
    """A post's UH amounts per institution (where a cell names several): asked and granted
    per year."""
    deler = post.detaljer.get("uh_deler", [])
    if not deler:
        return []
    granted = c.uh if c.prioritert else tuple(0 for _ in c.uh)
    split = forum_calc.uh_fordeling(c.uh_navn, granted, c.uh_deler)
    return [
        {
            "felt": d["felt"],
            "etikett": d["etikett"],
            "navn": navn,
            "virksomhet": d.get("virksomhet"),
            "soekt": d["belop"],
            "per_aar": list(aar),
        }
        for d, (navn, aar) in zip(deler, split, strict=True)
    ]


def _post(post: Post, c: forum_calc.Post, ramme: str) -> dict[str, Any]:
    d = post.detaljer
    return {
        "id": post.pk,
        "behovsmelding": post.behovsmelding_id,
        "tittel": post.tittel,
        "nr": post.nr,
        "navn": post.navn,
        "eier_navn": post.eier_navn,
        "nettverk": post.nettverk,
        "uh_navn": post.uh_navn,
        "ordning": post.ordning,
        "ordning_navn": Ordning(post.ordning).label if post.ordning in Ordning.values else "",
        "sektor": Sektor(post.sektor).label if post.sektor else "",
        "soekt_eier": post.soekt_eier,
        "soekt_uh": post.soekt_uh,
        "aar": post.aar_liste,
        "status": c.status,
        "eier": list(c.eier),
        "uh": list(c.uh),
        "innstilt_eier": c.innstilt_eier,
        "innstilt_uh": c.innstilt_uh,
        "begrunnelse": c.begrunnelse,
        "varighet": d.get("varighet", []),
        "maalgruppe": d.get("maalgruppe", ""),
        "kriterier": d.get("kriterier", {}),
        "partnere": d.get("partnere", []),
        "antall_funn": post.antall_funn,
        "ramme": ramme,
        "uh_deler": _uh_deler(post, c),
    }


def _common(runde: Runde, by: User, type: str, kilde: str) -> dict[str, Any]:
    from .services import calc_post  # services imports this module

    rammer = list(runde.rammer.all())
    calc_rammer = [r.calc() for r in rammer]
    poster = list(runde.poster.filter(aktiv=True).select_related(kilde))
    calc = [(p, calc_post(p, getattr(p, kilde, None))) for p in poster]
    totaler = forum_calc.totaler([c for _, c in calc], calc_rammer)
    post_rows = []
    for p, c in calc:
        r = forum_calc.ramme_for(c, calc_rammer)
        post_rows.append(_post(p, c, r.navn if r else ""))
    return {
        "type": type,
        "runde": {
            "id": runde.pk,
            "aar": runde.aar,
            "region": str(runde.region),
            "frist": runde.frist.isoformat(),
            "innstilling_frist": runde.innstilling_frist.isoformat(),
        },
        "aar": [runde.aar + i for i in range(forum_calc.MAKS_AAR)],
        "fullfort": timezone.now().isoformat(),
        "fullfort_av": display_name(by),
        "poster": post_rows,
        "rammer": [
            {
                "navn": s.ramme.navn,
                "belop": s.ramme.belop,
                "brukt": s.brukt,
                "rest": s.rest,
                "antall": s.antall,
            }
            for s in totaler.rammer
        ],
        "per_nettverk": [_sum(s, n) for n, s in totaler.per_nettverk.items()],
        "per_uh": [_sum(s, n) for n, s in totaler.per_uh.items()],
        "totalt": _sum(totaler.totalt, "Totalt"),
    }


def innstilling(runde: Runde, *, by: User) -> dict[str, Any]:
    return _common(runde, by, "innstilling", "prioritering")


def vedtak(runde: Runde, *, by: User) -> dict[str, Any]:
    from .services import siste_versjon

    data = _common(runde, by, "vedtak", "vedtak")
    innstilling = siste_versjon(runde, "innstilling")
    data["innstilling_versjon"] = innstilling.nummer if innstilling else None
    data["vilkaar"] = runde.vilkaar
    cfg = default_config()
    data["egenandel_andel"] = str(cfg.dekom_egenandel_andel)
    egen = []
    utbetaling = []
    by_id = {
        p.pk: p
        for p in runde.poster.filter(aktiv=True).select_related(
            "vedtak",
            "behovsmelding__partnerskap__virksomhet",
            "behovsmelding__institusjon__virksomhet",
        )
    }
    orgs: dict[str, Virksomhet | None] = {}
    doc_names: dict[str, set[str]] = {}
    merkes: dict[str, str] = {}
    uh_mangler: list[dict[str, Any]] = []
    for row in data["poster"]:
        post = by_id[row["id"]]
        d = post.detaljer
        granted = row["status"] == forum_calc.PRIORITERT
        eier_v, uh_v = _eier_virksomhet(post), _uh_virksomhet(post)
        eier_navn = eier_v.navn if eier_v is not None else post.eier_navn
        uh_navn = uh_v.navn if uh_v is not None else post.uh_navn
        record_uh = _record_uh(post)
        deler: list[tuple[str, tuple[int, ...]]] = []
        uh_keys: list[tuple[str, Virksomhet | None, str, str]] = []
        for part in row["uh_deler"]:
            v = uh_del_virksomhet(part)
            if v is None:
                if granted and sum(part["per_aar"]):
                    uh_mangler.append(
                        {
                            "post": post.pk,
                            "tittel": post.tittel,
                            "belop": part["soekt"],
                            "merke": f" («{part['etikett']}»)" if part["etikett"] else "",
                        }
                    )
                continue
            part["navn"], part["virksomhet"] = v.navn, v.pk
            deler.append((v.navn, tuple(part["per_aar"])))
            same = record_uh is not None and v.pk == record_uh.pk
            uh_keys.append(
                (f"uh:{v.navn}", v, part["etikett"], d.get("uh_merkes", "") if same else "")
            )
        if not row["uh_deler"]:
            uh_keys.append(
                (f"uh:{uh_navn or 'UH ikke oppgitt'}", uh_v, post.uh_navn, d.get("uh_merkes", ""))
            )
        if granted:
            eier_key = f"eier:{eier_navn or 'Eier ikke oppgitt'}"
            for key, v, doc, ref in (
                (eier_key, eier_v, post.eier_navn, d.get("eier_merkes", "")),
                *uh_keys,
            ):
                orgs[key] = v
                doc_names.setdefault(key, set()).add(doc)
                if ref and not merkes.get(key):
                    merkes[key] = ref
        if granted and post.ordning == forum_calc.DESENTRALISERT:
            tilskudd = row["innstilt_eier"] + row["innstilt_uh"]
            oppgitt = post.vedtak.egenandel
            egen.append(
                {
                    "post": post.pk,
                    "tittel": post.tittel,
                    "eier_navn": eier_navn,
                    "tilskudd": tilskudd,
                    "krav": forum_calc.egenandel_krav(tilskudd, cfg),
                    "oppgitt": oppgitt,
                    "melding": forum_calc.egenandel_feil(post.ordning, tilskudd, oppgitt, cfg),
                }
            )
        if granted:
            utbetaling.append(
                forum_calc.Utbetalingspost(
                    key=str(post.pk),
                    tiltak=post.tittel,
                    eier_navn=eier_navn,
                    uh_navn=uh_navn,
                    eier=tuple(row["eier"]),
                    uh=tuple(row["uh"]),
                    eier_orgnr=d.get("eier_orgnr", ""),
                    eier_kontonr=d.get("eier_kontonr", ""),
                    uh_orgnr=d.get("uh_orgnr", ""),
                    uh_kontonr=d.get("uh_kontonr", ""),
                    uh_deler=tuple(deler),
                )
            )
    data["egenandel"] = egen
    data["uh_mangler"] = uh_mangler
    data["mottakere"] = [
        {
            **_fra_registeret(m, orgs.get(m.key), doc_names.get(m.key, set())),
            "merkes": merkes.get(m.key, ""),
            "per_aar": m.per_aar,
            "totalt": m.totalt,
            "linjer": [
                {"post": int(li.post), "tiltak": li.tiltak, "per_aar": list(li.per_aar)}
                for li in m.linjer
            ],
            "egenandel": [e for e in egen if m.type == "eier" and e["eier_navn"] == m.navn],
        }
        for m in forum_calc.mottakere(utbetaling)
    ]
    data["utbetaling"] = {
        "totalt": sum(m["totalt"] for m in data["mottakere"] if not m["sperret"]),
        "sperret": sum(m["totalt"] for m in data["mottakere"] if m["sperret"]),
    }
    return data


def _eier_virksomhet(post: Post) -> Virksomhet | None:
    """The owner organisation of the record's partnership (none while it is not settled)."""
    return post.behovsmelding.partnerskap.virksomhet


def _record_uh(post: Post) -> Virksomhet | None:
    inst = post.behovsmelding.institusjon
    return inst.virksomhet if inst is not None else None


def _uh_virksomhet(post: Post) -> Virksomhet | None:
    """The UH organisation the post's institution stands for: by the register's aliases, else
    the record's institution when the post names it."""
    if not post.uh_navn:
        return None
    found = register.finn_uh(post.uh_navn)
    if found is not None:
        return found
    inst = post.behovsmelding.institusjon
    if inst is not None and inst.navn == post.uh_navn:
        return inst.virksomhet
    return None


def sperregrunn(v: Virksomhet | None) -> str:
    """Why a recipient cannot be paid ("" when it can)."""
    if v is None:
        return "finnes ikke i virksomhetsregisteret"
    if not v.kontonummer:
        return "mangler kontonummer i virksomhetsregisteret"
    if not kontonummer_gyldig(v.kontonummer):
        return f"kontonummeret {gruppert(v.kontonummer)} er ikke gyldig (MOD11)"
    return ""


def _fra_registeret(m: forum_calc.Mottaker, v: Virksomhet | None, doc: set[str]) -> dict[str, Any]:
    """A recipient as the register has it, with the document's values where they differ
    (``m`` holds the document's numbers: the first any of its posts gives)."""
    orgnr = (v.orgnr or "") if v is not None else ""
    kontonr = v.kontonummer if v is not None else ""
    avvik = []
    other_names = sorted(
        n for n in doc if n and register.alias_nokkel(n) != register.alias_nokkel(m.navn)
    )
    if other_names:
        avvik.append({"felt": "navn", "dokument": ", ".join(other_names)})
    if m.orgnr and m.orgnr != orgnr:
        avvik.append({"felt": "orgnr", "dokument": gruppert(m.orgnr)})
    if m.kontonr and m.kontonr != kontonr:
        avvik.append({"felt": "kontonr", "dokument": gruppert(m.kontonr)})
    mangler = [
        label
        for label, value in (("organisasjonsnummer", orgnr), ("kontonummer", kontonr))
        if not value
    ]
    return {
        "type": m.type,
        "navn": m.navn,
        "virksomhet": v.pk if v is not None else None,
        "orgnr": orgnr,
        "kontonr": kontonr,
        "adresse": v.adresselinjer if v is not None else [],
        "postadresse": v.postadresse if v is not None else "",
        "postnummer": v.postnummer if v is not None else "",
        "poststed": v.poststed if v is not None else "",
        "epost": v.epost if v is not None else "",
        "mangler": mangler,
        "sperret": sperregrunn(v),
        "avvik": avvik,
    }
