"""Every action on a round is one function here.

Each takes the object and the acting user, runs in one transaction, writes an audit entry
(:class:`~behovsmelding.web.models.Hendelse`, with ``detaljer["runde"]``; an amount's entry is
also tied to its behovsmelding, so it shows in that record's history) and raises
:class:`ForumError` with a Norwegian message when the action is not allowed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ... import forum_calc
from ...record import Behovsmelding as Record
from .. import register, versjoner
from ..access import display_name
from ..models import Behovsmelding, Hendelse, Ordning, Region, UhTilordning, Virksomhet
from ..services import audit
from ..workflow import vedtaksutfall
from . import access, snapshot
from .models import Post, Prioritering, Ramme, Runde, Sektor, Vedtakspost, Versjon
from .poster import poster_fra_record

MAKS_BEGRUNNELSE = 2000
LOKALE_ORDNINGER = (Ordning.REGIONAL, Ordning.DESENTRALISERT, Ordning.KOMPETANSELOFTET)


class ForumError(Exception):
    """An action that cannot be done; the message is Norwegian and meant for the user."""


class Utdatert(ForumError):
    """The form was based on a version someone else has changed since; nothing was saved.
    ``versjon`` is the stored version now, so that saving again overwrites knowingly."""

    def __init__(self, melding: str, versjon: str) -> None:
        super().__init__(melding)
        self.versjon = versjon


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise ForumError(reason)


def _runde_audit(runde: Runde, handling: str, *, by: User, **kw: Any) -> Hendelse:
    detaljer = {"runde": runde.pk, "aar": runde.aar, **kw.pop("detaljer", {})}
    return audit(handling, by=by, detaljer=detaljer, obj=runde, **kw)


@transaction.atomic
def opprett_runde(
    region: Region, aar: int, *, frist: dt.date, innstilling_frist: dt.date, by: User
) -> Runde:
    _require(access.can_manage(by))
    if not 2000 <= aar <= 2100:
        raise ForumError(f"Året {aar} er ikke gyldig.")
    if innstilling_frist < frist:
        raise ForumError("Innstillingen kan ikke ha frist før behovsmeldingene.")
    if Runde.objects.filter(region=region, aar=aar).exists():
        raise ForumError(f"Det finnes allerede en runde for {aar} i {region}.")
    runde = Runde.objects.create(
        region=region, aar=aar, frist=frist, innstilling_frist=innstilling_frist
    )
    _runde_audit(
        runde,
        "runde.created",
        by=by,
        detaljer={
            "frist": f"{frist:%d.%m.%Y}",
            "innstilling_frist": f"{innstilling_frist:%d.%m.%Y}",
        },
    )
    oppdater_poster(runde, by=by)
    return runde


@transaction.atomic
def sett_ramme(
    runde: Runde, *, navn: str, ordning: str, sektor: str, belop: int, by: User
) -> Ramme:
    """Create the frame for (ordning, sektor) or change its amount and name."""
    _require(access.can_manage(by))
    navn = navn.strip()
    if belop < 0:
        raise ForumError("Rammen kan ikke være negativ.")
    if sektor not in Sektor.values:
        raise ForumError(f"Ukjent sektor «{sektor}».")
    if runde.per_ordning and ordning not in LOKALE_ORDNINGER:
        raise ForumError(
            f"Runder til og med 2025 har én ramme per ordning; velg Regional, "
            f"Desentralisert eller Kompetanseløftet (ikke «{ordning or 'alle'}»)."
        )
    if not runde.per_ordning and ordning not in ("", Ordning.KOLLEKTIV):
        raise ForumError("Fra 2026 er det én ordning: kollektiv kompetanseutvikling.")
    if not navn:
        navn = " – ".join(
            x
            for x in (
                Ordning(ordning).label if ordning else "Kollektiv kompetanseutvikling",
                Sektor(sektor).label if sektor else "",
            )
            if x
        )
    ramme = Ramme.objects.filter(runde=runde, ordning=ordning, sektor=sektor).first()
    before = forum_calc.kr(ramme.belop) if ramme else ""
    if ramme is None:
        ramme = Ramme.objects.create(
            runde=runde, navn=navn, ordning=ordning, sektor=sektor, belop=belop
        )
    else:
        ramme.navn, ramme.belop = navn, belop
        ramme.save()
    _runde_audit(
        runde,
        "runde.ramme_set",
        by=by,
        felt=f"ramme:{ramme.navn}",
        before=before,
        after=forum_calc.kr(belop),
        detaljer={"ramme": ramme.navn},
    )
    return ramme


@transaction.atomic
def oppdater_poster(runde: Runde, *, by: User) -> tuple[int, int, int]:
    """Take a fresh snapshot of the round's tiltak from the stored records.

    Returns (new, updated, gone). The forum's and the caseworker's amounts stay; a tiltak that
    no longer is in its record is marked inactive (kept for the history, left out of the sums).
    A record held "Til avklaring" gives no posts until a caseworker has settled its owner (its
    earlier posts become inactive), since its owner, and so the recipient, is not certain.
    """
    _require(access.can_manage(by))
    seen: set[int] = set()
    ny = endret = 0
    records = runde.region.behovsmeldinger.filter(
        aar=runde.aar, til_avklaring=False, markert=""
    ).select_related("innhold")
    for bm in records:
        record = Record.from_dict(bm.innhold.data)
        tilordnet = {t.felt: t.virksomhet for t in bm.uh_tilordninger.select_related("virksomhet")}
        for data in poster_fra_record(record, runde.aar):
            d = data.as_dict()
            for part in d["uh_deler"]:
                _tilordne(part, tilordnet.get(part["felt"]))
            fields = {
                k: d.pop(k)
                for k in (
                    "nr",
                    "navn",
                    "ordning",
                    "sektor",
                    "eier_navn",
                    "nettverk",
                    "uh_navn",
                    "soekt_eier",
                    "soekt_uh",
                    "soekt_totalt",
                    "antall_aar",
                )
            }
            kilde, indeks = d.pop("kilde"), d.pop("indeks")
            post, created = Post.objects.update_or_create(
                runde=runde,
                behovsmelding=bm,
                kilde=kilde,
                indeks=indeks,
                defaults={
                    **fields,
                    "antall_funn": bm.antall_feil + bm.antall_advarsler + bm.antall_merknader,
                    "detaljer": d,
                    "aktiv": True,
                },
            )
            seen.add(post.pk)
            ny += int(created)
            endret += int(not created)
    gone = runde.poster.exclude(pk__in=seen).filter(aktiv=True).update(aktiv=False)
    runde.oppdatert = timezone.now()
    runde.save(update_fields=["oppdatert"])
    _runde_audit(
        runde,
        "runde.refreshed",
        by=by,
        detaljer={"nye": ny, "oppdatert": endret, "borte": gone},
    )
    return ny, endret, gone


def _tilordne(part: dict[str, Any], v: Virksomhet | None) -> None:
    """A UH part of a post with the institution a caseworker assigned (if any)."""
    if v is not None:
        part["navn"], part["virksomhet"] = v.navn, v.pk


def uh_uten_institusjon(runde: Runde) -> list[tuple[Post, dict[str, Any]]]:
    """The UH amounts of the round's posts that belong to no institution of the register yet
    (no label, or a label no alias knows): the caseworker assigns them before the vedtak."""
    out = []
    for post in runde.poster.filter(aktiv=True).order_by("nettverk", "eier_navn", "id"):
        for part in post.detaljer.get("uh_deler", []):
            if snapshot.uh_del_virksomhet(part) is None:
                out.append((post, part))
    return out


@transaction.atomic
def tilordne_uh(post: Post, felt: str, virksomhet: Virksomhet, *, by: User) -> None:
    """Assign a UH amount of a record's budget (``felt``) to a UH organisation; a label the
    register did not know becomes one of its aliases, so the next document matches."""
    _require(access.can_manage(by))
    if not virksomhet.er_uh:
        raise ForumError(f"{virksomhet.navn} er ikke en UH-institusjon.")
    part = next((d for d in post.detaljer.get("uh_deler", []) if d["felt"] == felt), None)
    if part is None:
        raise ForumError("Tiltaket har ikke noe slikt UH-beløp.")
    bm = post.behovsmelding
    # The document names this amount's institution and the register knows the name: the money
    # goes where the document says. A wrong match is corrected in the register (its aliases),
    # not by moving one amount; a caseworker's own earlier assignment may be corrected here.
    manual = UhTilordning.objects.filter(behovsmelding=bm, felt=felt).exists()
    named = None if manual else snapshot.uh_del_virksomhet(part)
    if named is not None:
        raise ForumError(
            f"UH-beløpet {forum_calc.kr(part['belop'])} i «{post.tittel}» hører til "
            f"{named.navn} etter dokumentet («{part['etikett']}»). Er koblingen feil, rett "
            "aliaset i virksomhetsregisteret."
        )
    UhTilordning.objects.update_or_create(
        behovsmelding=bm, felt=felt, defaults={"virksomhet": virksomhet, "tilordnet_av": by}
    )
    if part["etikett"] and register.finn_uh(part["etikett"]) is None:
        # On a conflict the assignment holds for this amount all the same.
        with contextlib.suppress(register.AliasKonflikt):
            register.legg_til_alias(virksomhet, part["etikett"], by=by)
    for p in Post.objects.filter(behovsmelding=bm, aktiv=True):
        deler = p.detaljer.get("uh_deler", [])
        for d in deler:
            if d["felt"] == felt:
                _tilordne(d, virksomhet)
        p.save(update_fields=["detaljer"])
    merke = f" («{part['etikett']}»)" if part["etikett"] else " (uten navn)"
    audit(
        "post.uh_assigned",
        by=by,
        bm=bm,
        felt=f"uh:{post.tittel}"[:100],
        before=part["navn"] or part["etikett"],
        after=virksomhet.navn,
        detaljer={
            "runde": post.runde_id,
            "post": post.pk,
            "uh_felt": felt,
            "belop": forum_calc.kr(part["belop"]),
            "merke": merke,
            "tittel": post.tittel,
        },
    )


def versjon_av(hvor: Prioritering | Vedtakspost | None) -> str:
    """The version a form is based on: a hash of what it shows (status, amounts, reason,
    egenandel), so a save on a page someone else has changed since is caught, and a
    save that changes nothing is never a conflict."""
    if hvor is None:
        state: list[Any] = [forum_calc.IKKE_VURDERT, [], [], "", None]
    else:
        state = [
            hvor.status,
            hvor.eier,
            hvor.uh,
            hvor.begrunnelse,
            getattr(hvor, "egenandel", None),
        ]
    return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()[:16]


def _sjekk_versjon(
    post: Post, hvor: Prioritering | Vedtakspost, basert_paa: str | None, handling: str, ny: Any
) -> None:
    """Refuse a save based on a version someone else has changed since (unless it would store
    exactly what is stored now), naming who changed what from the audit trail."""
    if basert_paa is None:
        return
    naa = versjon_av(hvor)
    if basert_paa == naa or ny == versjon_av_state(hvor):
        return
    siste = (
        Hendelse.objects.filter(type=handling, payload__post=post.pk)
        .select_related("bruker")
        .order_by("-tidspunkt", "-id")
        .first()
    )
    if siste is not None:
        hvem = display_name(siste.bruker) if siste.bruker else "En annen"
        naar = f"{timezone.localtime(siste.tidspunkt):%d.%m.%Y kl. %H:%M}"
        endring = f"fra «{siste.for_verdi or 'Ikke vurdert'}» til «{siste.etter_verdi}»"
        grunn = siste.detaljer.get("begrunnelse") or ""
        hva = f"{hvem} endret «{post.tittel}» {naar}: {endring}" + (
            f", begrunnelse «{grunn}»" if grunn else ", uten begrunnelse"
        )
    else:
        hva = f"«{post.tittel}» er endret av en annen"
    raise Utdatert(
        f"{hva}. Endringen din er ikke lagret, fordi siden var åpnet før dette. Det du skrev "
        "står fortsatt i skjemaet; lagre på nytt for å overskrive den andres endring.",
        naa,
    )


def versjon_av_state(hvor: Prioritering | Vedtakspost) -> list[Any]:
    return [hvor.status, hvor.eier, hvor.uh, hvor.begrunnelse, getattr(hvor, "egenandel", None)]


def _amounts(values: Sequence[int], antall_aar: int) -> list[int]:
    out = [int(v) for v in values][:antall_aar]
    return out + [0] * (antall_aar - len(out))


def _describe(status: str, eier: Sequence[int], uh: Sequence[int]) -> str:
    if status != forum_calc.PRIORITERT:
        return snapshot.STATUS_TEKST.get(status, status)
    years = "; ".join(
        f"år {i + 1}: eier {forum_calc.kr(e)}, UH {forum_calc.kr(u)}"
        for i, (e, u) in enumerate(zip(eier, uh, strict=False))
    )
    return f"{snapshot.STATUS_TEKST[status]} ({years})"


def calc_post(post: Post, hvor: Prioritering | Vedtakspost | None) -> forum_calc.Post:
    return forum_calc.Post(
        key=str(post.pk),
        navn=post.tittel,
        ordning=post.ordning,
        sektor=post.sektor,
        nettverk=post.nettverk,
        eier_navn=post.eier_navn,
        uh_navn=post.uh_navn,
        soekt_eier=post.soekt_eier,
        soekt_uh=post.soekt_uh,
        antall_aar=post.antall_aar,
        status=hvor.status if hvor is not None else forum_calc.IKKE_VURDERT,
        eier=tuple(hvor.eier) if hvor is not None else (),
        uh=tuple(hvor.uh) if hvor is not None else (),
        begrunnelse=hvor.begrunnelse if hvor is not None else "",
        uh_deler=tuple(
            (d["navn"] or f"UH ikke tilordnet ({d['etikett'] or 'uten navn'})", d["belop"])
            for d in post.detaljer.get("uh_deler", [])
        ),
    )


@transaction.atomic
def sett_prioritering(
    post: Post,
    *,
    status: str,
    eier: Sequence[int],
    uh: Sequence[int],
    begrunnelse: str,
    by: User,
    basert_paa: str | None = None,
) -> bool:
    """Set the forum's innstilling for one post. Returns whether anything changed.

    ``basert_paa`` is the version (:func:`versjon_av`) the form showed; a save on an older
    version that would change what is stored now is refused with :class:`Utdatert`."""
    _require(access.can_prioritise(by))
    if not post.aktiv:
        raise ForumError(f"«{post.tittel}» finnes ikke lenger i behovsmeldingen.")
    begrunnelse = begrunnelse.strip()[:MAKS_BEGRUNNELSE]
    eier_l, uh_l = _amounts(eier, post.antall_aar), _amounts(uh, post.antall_aar)
    if status != forum_calc.PRIORITERT:
        eier_l = uh_l = []
    p, _ = Prioritering.objects.select_for_update().get_or_create(post=post)
    _sjekk_versjon(
        post, p, basert_paa, "post.innstilling_changed", [status, eier_l, uh_l, begrunnelse, None]
    )
    new = forum_calc.replace_post(calc_post(post, p), status, eier_l, uh_l, begrunnelse)
    feil = forum_calc.feil_i_post(new)
    if feil:
        raise ForumError(f"{post.tittel}: " + " ".join(feil))
    if (p.status, p.eier, p.uh, p.begrunnelse) == (status, eier_l, uh_l, begrunnelse):
        return False
    before = _describe(p.status, p.eier, p.uh)
    p.status, p.eier, p.uh, p.begrunnelse, p.endret_av = status, eier_l, uh_l, begrunnelse, by
    p.save()
    audit(
        "post.innstilling_changed",
        by=by,
        bm=post.behovsmelding,
        felt=f"innstilling:{post.tittel}"[:100],
        before=before,
        after=_describe(status, eier_l, uh_l),
        detaljer={
            "runde": post.runde_id,
            "post": post.pk,
            "tittel": post.tittel,
            "begrunnelse": begrunnelse,
        },
    )
    return True


def innstilling_totaler(runde: Runde) -> forum_calc.Totaler:
    poster = runde.poster.filter(aktiv=True).select_related("prioritering")
    rammer = [r.calc() for r in runde.rammer.all()]
    return forum_calc.totaler(
        [calc_post(p, getattr(p, "prioritering", None)) for p in poster], rammer
    )


def vedtak_totaler(runde: Runde) -> forum_calc.Totaler:
    poster = runde.poster.filter(aktiv=True).select_related("vedtak")
    rammer = [r.calc() for r in runde.rammer.all()]
    return forum_calc.totaler([calc_post(p, getattr(p, "vedtak", None)) for p in poster], rammer)


def siste_versjon(runde: Runde, type: str) -> Versjon | None:
    return runde.versjoner.filter(type=type).order_by("-nummer").first()


def _freeze(runde: Runde, type: str, data: dict[str, Any], *, by: User) -> Versjon:
    last = siste_versjon(runde, type)
    if last is not None and snapshot.same_content(last.innhold, data):
        raise ForumError(f"Ingenting er endret siden versjon {last.nummer}; den gjelder fortsatt.")
    nummer = (last.nummer if last else 0) + 1
    data = {**data, "nummer": nummer}
    v = Versjon.objects.create(runde=runde, type=type, nummer=nummer, data=data, opprettet_av=by)
    _runde_audit(
        runde,
        f"runde.{type}_finished",
        by=by,
        felt=type,
        before=f"versjon {last.nummer}" if last else "",
        after=f"versjon {nummer}",
        detaljer={"versjon": v.pk, "nummer": nummer},
    )
    return v


@transaction.atomic
def fullfor_innstilling(runde: Runde, *, by: User) -> Versjon:
    """Freeze the innstilling as a new version; refused while a frame is exceeded."""
    _require(access.can_prioritise(by))
    totaler = innstilling_totaler(runde)
    hindringer = totaler.hindringer()
    if hindringer:
        raise ForumError("Innstillingen kan ikke fullføres: " + " ".join(hindringer))
    return _freeze(runde, Versjon.Type.INNSTILLING, snapshot.innstilling(runde, by=by), by=by)


@transaction.atomic
def sett_vedtak(
    post: Post,
    *,
    status: str,
    eier: Sequence[int],
    uh: Sequence[int],
    begrunnelse: str,
    egenandel: int | None,
    by: User,
    basert_paa: str | None = None,
) -> bool:
    """Record the decision for one post. A decision that differs from the latest finished
    innstilling needs a reason; a Desentralisert ordning grant needs the owner's egenandel."""
    _require(access.can_manage(by))
    innstilling = siste_versjon(post.runde, Versjon.Type.INNSTILLING)
    if innstilling is None:
        raise ForumError("Vedtak kan først registreres når innstillingen er fullført.")
    begrunnelse = begrunnelse.strip()[:MAKS_BEGRUNNELSE]
    eier_l, uh_l = _amounts(eier, post.antall_aar), _amounts(uh, post.antall_aar)
    if status != forum_calc.PRIORITERT:
        eier_l = uh_l = []
        egenandel = None
    v, _ = Vedtakspost.objects.select_for_update().get_or_create(post=post)
    _sjekk_versjon(
        post, v, basert_paa, "post.vedtak_changed", [status, eier_l, uh_l, begrunnelse, egenandel]
    )
    new = forum_calc.replace_post(calc_post(post, v), status, eier_l, uh_l, begrunnelse)
    feil = forum_calc.feil_i_post(new)
    anbefalt = snapshot.post_i(innstilling.innhold, post.pk)
    avvik = anbefalt is None or (anbefalt["status"], anbefalt["eier"], anbefalt["uh"]) != (
        status,
        eier_l,
        uh_l,
    )
    if avvik and not begrunnelse:
        feil.append("Vedtaket avviker fra innstillingen; skriv en begrunnelse.")
    if egenandel is not None and egenandel < 0:
        feil.append("Egenandelen kan ikke være negativ.")
    if feil:
        raise ForumError(f"{post.tittel}: " + " ".join(feil))
    if (v.status, v.eier, v.uh, v.begrunnelse, v.egenandel) == (
        status,
        eier_l,
        uh_l,
        begrunnelse,
        egenandel,
    ):
        return False
    before = _describe(v.status, v.eier, v.uh)
    v.status, v.eier, v.uh, v.begrunnelse = status, eier_l, uh_l, begrunnelse
    v.egenandel, v.endret_av = egenandel, by
    v.save()
    after = _describe(status, eier_l, uh_l)
    if egenandel is not None:
        after += f", egenandel {forum_calc.kr(egenandel)}"
    audit(
        "post.vedtak_changed",
        by=by,
        bm=post.behovsmelding,
        felt=f"vedtak:{post.tittel}"[:100],
        before=before,
        after=after,
        detaljer={
            "runde": post.runde_id,
            "post": post.pk,
            "tittel": post.tittel,
            "avvik": avvik,
            "begrunnelse": begrunnelse,
        },
    )
    return True


@transaction.atomic
def vedtak_som_innstilt(runde: Runde, *, by: User) -> int:
    """Fill in every undecided post as the latest innstilling recommends. Returns how many."""
    _require(access.can_manage(by))
    innstilling = siste_versjon(runde, Versjon.Type.INNSTILLING)
    if innstilling is None:
        raise ForumError("Innstillingen er ikke fullført ennå.")
    n = 0
    for post in runde.poster.filter(aktiv=True).select_related("vedtak"):
        current = getattr(post, "vedtak", None)
        if current is not None and current.status != forum_calc.IKKE_VURDERT:
            continue
        anbefalt = snapshot.post_i(innstilling.innhold, post.pk)
        if anbefalt is None:
            continue
        n += sett_vedtak(
            post,
            status=anbefalt["status"],
            eier=anbefalt["eier"],
            uh=anbefalt["uh"],
            begrunnelse=anbefalt["begrunnelse"] if anbefalt["status"] != "prioritert" else "",
            egenandel=None,
            by=by,
        )
    return n


@transaction.atomic
def fullfor_vedtak(runde: Runde, *, by: User) -> Versjon:
    """Freeze the decision, with the letters' and the payment list's content, as a version."""
    _require(access.can_manage(by))
    totaler = vedtak_totaler(runde)
    hindringer = [h.replace("vurdert", "avgjort") for h in totaler.hindringer()]
    data = snapshot.vedtak(runde, by=by)
    mangler = [e["melding"] for e in data["egenandel"] if e["melding"]]
    if mangler:
        hindringer.append(f"Egenandel (Desentralisert ordning): {' '.join(mangler)}")
    for m in data.get("uh_mangler", []):
        hindringer.append(
            f"UH-beløpet {forum_calc.kr(m['belop'])}{m['merke']} i «{m['tittel']}» hører ikke "
            "til noen institusjon i virksomhetsregisteret; velg institusjon under "
            "«UH-beløp uten institusjon»."
        )
    if hindringer:
        raise ForumError("Vedtaket kan ikke fullføres: " + " ".join(hindringer))
    v = _freeze(runde, Versjon.Type.VEDTAK, data, by=by)
    _vedtak_fattet(runde, v, by=by)
    return v


def _vedtak_fattet(runde: Runde, v: Versjon, *, by: User) -> None:
    """Every record the vedtak decides moves to "Vedtak fattet" with its outcome: nothing
    granted is a rejection, less than asked (all its tiltak, every year) a partial grant."""
    soekt: dict[int, int] = {}
    innvilget: dict[int, int] = {}
    for p in v.innhold["poster"]:
        bm_id = p["behovsmelding"]
        soekt[bm_id] = soekt.get(bm_id, 0) + p["soekt_eier"] + p["soekt_uh"]
        granted = p["innstilt_eier"] + p["innstilt_uh"] if p["status"] == "prioritert" else 0
        innvilget[bm_id] = innvilget.get(bm_id, 0) + granted
    label = f"{runde.aar}, versjon {v.nummer}"
    for bm in Behovsmelding.objects.filter(pk__in=soekt).order_by("id"):
        versjoner.vedtak_fattet(
            bm, vedtaksutfall(soekt[bm.pk], innvilget[bm.pk]), by=by, versjon=label
        )


HANDLINGER = {
    "runde.created": "Runde opprettet",
    "runde.refreshed": "Tiltakene hentet på nytt",
    "runde.ramme_set": "Ramme",
    "post.innstilling_changed": "Innstilling",
    "post.vedtak_changed": "Vedtak",
    "runde.innstilling_finished": "Innstilling fullført",
    "runde.vedtak_finished": "Vedtak fullført",
    "post.uh_assigned": "UH-beløp tilordnet",
}
_FELT = {"ramme": "Ramme", "innstilling": "Innstilling", "vedtak": "Vedtak", "uh": "UH-beløp"}


def hva(h: Hendelse) -> str:
    """What an entry of the round's history is about, in words: "Ramme «Kompetanseløftet»"
    rather than ``ramme:Kompetanseløftet``, "Tiltakene hentet på nytt" rather than
    ``forum.oppdatert``."""
    kind, sep, name = h.felt.partition(":")
    if sep and kind in _FELT:
        return f"{_FELT[kind]} «{name}»"
    if h.type in HANDLINGER:
        return HANDLINGER[h.type]
    return h.type.partition(".")[2].replace("_", " ").capitalize()


def historikk(runde: Runde) -> list[Hendelse]:
    out = list(
        Hendelse.objects.filter(payload__runde=runde.pk)
        .select_related("bruker")
        .order_by("-tidspunkt", "-id")[:200]
    )
    for h in out:
        h.hva = hva(h)  # type: ignore[attr-defined]
    return out
