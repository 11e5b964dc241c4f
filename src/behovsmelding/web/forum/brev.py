"""Tildelingsbrev and avslag: one letter per recipient of a vedtak, as an enkeltvedtak.

The recipients are the vedtak's payees (``mottakere`` of the frozen version, in that order, so
a letter's number is the payee's index) followed by every owner or UH institution that asked
for money and was granted nothing: they get a rejection letter with the reasons. Each letter
lists the recipient's tiltak with what was asked and what was granted per year, and the reason
for every reduced or rejected tiltak (the vedtak's begrunnelse, else the forum's, else the
frame). The text is bokmål or nynorsk after the recipient's ``Virksomhet.maalform``; the
template is the scheme's (``forum/pdf/brev/lokal-2024.html`` up to 2025,
``kollektiv-2026.html`` from 2026).

A letter is *made* (:func:`lag_brev`) when it is to be sent: its content, date, reference and
PDF are then stored in :class:`~.models.Brev` and never change. Until then the PDF is a
preview with today's date, marked as a draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from ... import forum_calc
from ..models import Virksomhet
from ..register_services import gruppert
from .brevtekst import norsk_dato, nynorsk_navn, sperregrunn, tekster
from .models import Arkivsak, Brev, Post, Runde, Versjon
from .snapshot import _eier_virksomhet, _uh_virksomhet

LOKALE_TITLER = ("Regional ordning", "Desentralisert ordning", "Kompetanseløftet")


class BrevError(Exception):
    """A letter that cannot be made or sent; the message is Norwegian and meant for the user."""


def mal(aar: int) -> str:
    """The scheme's letter template: the three local schemes up to 2025, one from 2026."""
    return "forum/pdf/brev/lokal-2024.html" if aar < 2026 else "forum/pdf/brev/kollektiv-2026.html"


def avsender(maalform: str = "nb") -> dict[str, str]:
    a = {k: str(v) for k, v in settings.BREV_AVSENDER.items()}
    if maalform == "nn":
        a["navn"] = nynorsk_navn(a["navn"])
        a["avdeling"] = nynorsk_navn(a["avdeling"])
    a["adresse"] = ", ".join(
        x for x in (a["postadresse"], f"{a['postnummer']} {a['poststed']}".strip()) if x
    )
    return a


# --- who gets a letter ----------------------------------------------------------------------


def _org(v: Virksomhet | None) -> dict[str, Any]:
    return {
        "virksomhet": v.pk if v is not None else None,
        "navn": v.navn if v is not None else "",
        "epost": v.epost if v is not None else "",
        "adresse": v.adresselinjer if v is not None else [],
        "maalform": v.maalform if v is not None else "nb",
    }


def _key(type: str, virksomhet: int | None, navn: str) -> tuple[str, str]:
    return (type, f"#{virksomhet}" if virksomhet else navn)


def _grunn(p: Mapping[str, Any], innstilling: Mapping[int, Mapping[str, Any]]) -> str:
    """The reason for a reduction or rejection: the vedtak's, else the forum's ("" if none)."""
    forum = innstilling.get(p["id"], {})
    return str(p.get("begrunnelse") or forum.get("begrunnelse") or "")


def brevmottakere(v: Versjon) -> list[dict[str, Any]]:
    """Every letter of the vedtak ``v``: its payees first (same order as ``mottakere``), then
    the owners and UH institutions granted nothing. Each with its lines (granted, reduced or
    rejected tiltak), the partners it is copied to and the behovsmeldinger it answers."""
    data = v.innhold
    posts = {int(p["id"]): p for p in data["poster"]}
    nummer = data.get("innstilling_versjon")
    innst = (
        Versjon.objects.filter(
            runde_id=v.runde_id, type=Versjon.Type.INNSTILLING, nummer=int(nummer)
        ).first()
        if nummer
        else None
    )
    forum_posts = {int(p["id"]): p for p in (innst.innhold["poster"] if innst else [])}
    db = {
        p.pk: p
        for p in Post.objects.filter(pk__in=posts).select_related(
            "behovsmelding__partnerskap__virksomhet", "behovsmelding__institusjon__virksomhet"
        )
    }
    orgs: dict[int, dict[str, Virksomhet | None]] = {
        pk: {"eier": _eier_virksomhet(p), "uh": _uh_virksomhet(p)} for pk, p in db.items()
    }
    registered = Virksomhet.objects.in_bulk(
        [m["virksomhet"] for m in data["mottakere"] if m.get("virksomhet")]
    )

    letters: dict[tuple[str, str], dict[str, Any]] = {}
    for m in data["mottakere"]:
        letter = _betalt(m, posts, forum_posts, registered.get(m.get("virksomhet") or 0))
        letters[_key(m["type"], m.get("virksomhet"), m["navn"])] = letter

    for pid, p in posts.items():
        for party in ("eier", "uh"):
            asked = int(p[f"soekt_{party}"])
            granted = sum(p[party]) if p["status"] == forum_calc.PRIORITERT else 0
            if granted > 0 or asked <= 0:
                continue
            org = orgs.get(pid, {}).get(party)
            navn = org.navn if org is not None else str(p[f"{party}_navn"])
            if not navn:
                continue
            key = _key(party, org.pk if org is not None else None, navn)
            if key not in letters:
                letters[key] = {
                    **_org(org),
                    "navn": navn,
                    "type": party,
                    "orgnr": (org.orgnr or "") if org is not None else "",
                    "kontonr": "",
                    "per_aar": [0] * forum_calc.MAKS_AAR,
                    "totalt": 0,
                    "sperret": "",
                    "mangler": [],
                    "avvik": [],
                    "egenandel": [],
                    "linjer": [],
                }
            letters[key]["linjer"].append(_linje(p, [], "avslaatt", forum_posts))

    out = []
    for (type, _), letter in letters.items():
        pids = [int(li["post"]) for li in letter["linjer"]]
        other = "uh" if type == "eier" else "eier"
        kopi: dict[str, dict[str, Any]] = {}
        for pid in pids:
            org = orgs.get(pid, {}).get(other)
            if org is not None and org.navn != letter["navn"]:
                kopi.setdefault(org.navn, _org(org))
        bm = sorted({int(posts[pid]["behovsmelding"]) for pid in pids})
        partnerskap = sorted({db[pid].behovsmelding.partnerskap_id for pid in pids if pid in db})
        out.append(
            {
                **letter,
                "avslag": letter["totalt"] == 0,
                "kopi": list(kopi.values()),
                "behovsmeldinger": bm,
                "partnerskap": partnerskap,
            }
        )
    return out


def _betalt(
    m: Mapping[str, Any],
    posts: Mapping[int, Mapping[str, Any]],
    forum_posts: Mapping[int, Mapping[str, Any]],
    current: Virksomhet | None,
) -> dict[str, Any]:
    """The letter of a payee: its granted lines, reduced ones marked, the register's current
    e-mail address and written standard."""
    letter = {
        **m,
        "epost": current.epost if current is not None else m.get("epost", ""),
        "maalform": current.maalform if current is not None else "nb",
        "linjer": [],
        "egenandel": m.get("egenandel", []),
        "kopi": [],
        "avslag": int(m["totalt"]) == 0,
    }
    for li in m["linjer"]:
        p = posts.get(int(li["post"]))
        if p is None:
            continue
        redusert = sum(li["per_aar"]) < int(p[f"soekt_{m['type']}"])
        letter["linjer"].append(
            _linje(p, li["per_aar"], "redusert" if redusert else "innvilget", forum_posts)
        )
    return letter


def utkast_fra_data(data: Mapping[str, Any], nr: int) -> bytes:
    """A draft of payee ``nr``'s letter from the frozen vedtak alone (no database): the
    granted lines, bokmål, no copies. For renderings outside a round, such as the tests."""
    posts = {int(p["id"]): p for p in data["poster"]}
    letter = _betalt(data["mottakere"][nr], posts, {}, None)
    ref = f"{data['runde']['aar']}/{int(data['runde']['id']):04d}"
    return render_pdf(kontekst(data, letter, dato=timezone.localdate(), ref=ref, utkast=True))


def _linje(
    p: Mapping[str, Any],
    per_aar: list[int],
    status: str,
    forum_posts: Mapping[int, Mapping[str, Any]],
) -> dict[str, Any]:
    partnerskap = str(p.get("eier_navn") or "")
    if p.get("nettverk"):
        partnerskap += f" ({p['nettverk']})"
    return {
        "post": int(p["id"]),
        "tiltak": p["tittel"],
        "ordning": p.get("ordning_navn", ""),
        "partnerskap": partnerskap,
        "uh": str(p.get("uh_navn") or ""),
        "behovsmelding": p.get("behovsmelding"),
        "soekt_eier": int(p["soekt_eier"]),
        "soekt_uh": int(p["soekt_uh"]),
        "per_aar": [int(x) for x in per_aar],
        "status": status,
        "begrunnelse": _grunn(p, forum_posts) if status != "innvilget" else "",
    }


# --- the letter's content -------------------------------------------------------------------


def saksnummer(runde: Runde, partnerskap: list[int]) -> str:
    """The case reference: the archive's number for the partnership's case when the archive
    has returned one (a letter to one partnership), else the round's configured number, else
    one made from the year and the round ("2026/0007")."""
    if len(partnerskap) == 1:
        sak = Arkivsak.objects.filter(partnerskap_id=partnerskap[0], aar=runde.aar).first()
        if sak is not None and sak.saksnummer:
            return sak.saksnummer
    return runde.saksnummer or f"{runde.aar}/{runde.pk:04d}"


def _rapportfrist(aar: int) -> tuple[str, dt.date]:
    day, month = (int(x) for x in str(settings.BREV_RAPPORTFRIST).split("."))
    frist = dt.date(aar + 1, month, day)
    return f"{day}. {norsk_dato(frist).split(' ')[1]}", frist


def tittel(data: Mapping[str, Any], letter: Mapping[str, Any]) -> str:
    """The letter's title, in its language (used for the e-mail's subject too)."""
    aar = int(data["runde"]["aar"])
    nn = letter.get("maalform") == "nn"
    tilskudd = "tilskot" if nn else "tilskudd"
    if aar < 2026:
        named = {li["ordning"] for li in letter["linjer"]}
        ordninger = [o for o in LOKALE_TITLER if o in named] or list(LOKALE_TITLER)
        ordning = (
            " og ".join(ordninger)
            if len(ordninger) < 3
            else f"{ordninger[0]}, {ordninger[1]} og {ordninger[2]}"
        )
    else:
        ordning = "kollektiv kompetanseutvikling"
    if letter["avslag"]:
        return f"Vedtak om avslag på {tilskudd} til {ordning} {aar}"
    return f"Tildelingsbrev – vedtak om {tilskudd} til {ordning} {aar}"


def kontekst(
    data: Mapping[str, Any],
    letter: Mapping[str, Any],
    *,
    dato: dt.date,
    ref: str,
    utkast: bool,
) -> dict[str, Any]:
    """Everything the letter template needs (JSON-able, so that it can be frozen)."""
    aar = int(data["runde"]["aar"])
    maalform = "nn" if letter.get("maalform") == "nn" else "nb"
    a = avsender(maalform)
    frist, frist_dato = _rapportfrist(aar)
    years = [i for i, v in enumerate(letter["per_aar"]) if v] or [0]
    t = tekster(
        maalform,
        aar=aar,
        region=data["runde"]["region"],
        innstilling=f" (versjon {data['innstilling_versjon']})"
        if data.get("innstilling_versjon")
        else "",
        mottaker=letter["navn"],
        sum=forum_calc.kr(int(letter["totalt"])),
        klageinstans=settings.BREV_KLAGEINSTANS,
        ref=ref,
        avsender=a["navn"],
        adresse=a["adresse"],
        frist=frist,
        frist_dato=norsk_dato(frist_dato),
        andel=_egenandel_prosent(),
    )
    t["rolle"] = t[f"rolle_{letter['type']}"] if letter["type"] in ("eier", "uh") else ""
    for key, value in (
        ("rolle", t["rolle"]),
        ("epost", t["klage_epost"].format(epost=a["epost"]) if a["epost"] else ""),
        ("grunn", sperregrunn(str(letter.get("sperret") or ""), maalform)),
    ):
        t = {k: text.replace("{" + key + "}", value) for k, text in t.items()}
    linjer = []
    for li in letter["linjer"]:
        per_aar = li["per_aar"]
        linjer.append(
            {
                **li,
                "celler": [per_aar[i] if i < len(per_aar) else 0 for i in years],
                "sum": sum(per_aar),
                "soekt": li[f"soekt_{letter['type']}"],
                "status_tekst": t[f"status_{li['status']}"],
                "grunn": li["begrunnelse"] or t["standard_grunn"],
            }
        )
    runde_vilkaar = str(data.get("vilkaar") or "").strip()
    default_vilkaar = str(Runde._meta.get_field("vilkaar").default)
    return {
        "maalform": maalform,
        "nn": maalform == "nn",
        "t": t,
        "avsender": a,
        "logo": _logo_uri(),
        "tittel": tittel(data, letter),
        "aar": aar,
        "region": data["runde"]["region"],
        "dato": norsk_dato(dato),
        "dato_iso": dato.isoformat(),
        "ref": ref,
        "utkast": utkast,
        "m": letter,
        "orgnr": gruppert(str(letter.get("orgnr") or "")),
        "kontonr": gruppert(str(letter.get("kontonr") or "")),
        "dokument": {x["felt"]: x["dokument"] for x in letter.get("avvik") or []},
        "linjer": linjer,
        "endret": [li for li in linjer if li["status"] != "innvilget"],
        "aar_kolonner": [aar + i for i in years],
        "sum_kolonner": [letter["per_aar"][i] for i in years],
        "vis_partnerskap": letter["type"] == "uh",
        # An owner whose tiltak are with more than one UH partner (a budget numbered per
        # kompetansemiljø, or several behovsmeldinger) gets one letter whose tiltak numbers
        # repeat: each line says which partner it is with.
        "vis_kompetansemiljo": letter["type"] == "eier"
        and len({(li.get("behovsmelding"), li.get("uh")) for li in letter["linjer"]}) > 1,
        "runde_vilkaar": runde_vilkaar if runde_vilkaar != default_vilkaar else "",
        "underskriver": settings.BREV_UNDERSKRIVER,
        "underskriver_tittel": settings.BREV_UNDERSKRIVER_TITTEL,
        "saksbehandler": settings.BREV_SAKSBEHANDLER,
        "saksbehandler_tittel": settings.BREV_SAKSBEHANDLER_TITTEL,
        "saksbehandler_telefon": settings.BREV_SAKSBEHANDLER_TELEFON,
        "kopi": letter.get("kopi", []),
    }


def _egenandel_prosent() -> str:
    from .exporters import egenandel_prosent

    return egenandel_prosent()


def _logo_uri() -> str:
    logo = str(settings.BREV_LOGO or "")
    if not logo:
        return ""
    path = Path(logo)
    return path.resolve().as_uri() if path.is_file() else ""


def render_pdf(context: Mapping[str, Any]) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    html = render_to_string(mal(int(context["aar"])), dict(context))
    out: bytes = weasyprint.HTML(string=html).write_pdf()
    return out


# --- making, storing and fetching letters ---------------------------------------------------


def brev_pdf(v: Versjon, nr: int) -> bytes:
    """The letter as sent (stored) or, before it is made, a draft with today's date."""
    made = Brev.objects.filter(versjon=v, nr=nr).first()
    if made is not None:
        return bytes(made.pdf)
    letters = brevmottakere(v)
    if not 0 <= nr < len(letters):
        raise BrevError("Vedtaket har ingen slik mottaker.")
    letter = letters[nr]
    ref = saksnummer(v.runde, letter["partnerskap"])
    return render_pdf(kontekst(v.innhold, letter, dato=timezone.localdate(), ref=ref, utkast=True))


@transaction.atomic
def lag_brev(v: Versjon, nr: int, *, by: User | None) -> Brev:
    """Make (and freeze) letter ``nr`` of the vedtak ``v``; an already made one is returned
    unchanged. Refused while no signatory is configured."""
    if v.type != Versjon.Type.VEDTAK:
        raise BrevError("Bare et vedtak har brev.")
    made = Brev.objects.select_for_update().filter(versjon=v, nr=nr).first()
    if made is not None:
        return made
    if not settings.BREV_UNDERSKRIVER:
        raise BrevError(
            "Brevet kan ikke lages før underskriveren er satt (BREV_UNDERSKRIVER i miljøet)."
        )
    letters = brevmottakere(v)
    if not 0 <= nr < len(letters):
        raise BrevError("Vedtaket har ingen slik mottaker.")
    letter = letters[nr]
    sak = saksnummer(v.runde, letter["partnerskap"])
    # Lock the round so that two letters made at once do not get the same number.
    Runde.objects.select_for_update().filter(pk=v.runde_id).first()
    last = Brev.objects.filter(saksnummer=sak).aggregate(n=Max("dokumentnummer"))["n"] or 0
    dokumentnummer = last + 1
    dato = timezone.localdate()
    ctx = kontekst(v.innhold, letter, dato=dato, ref=f"{sak}-{dokumentnummer}", utkast=False)
    pdf = render_pdf(ctx)
    return Brev.objects.create(
        versjon=v,
        nr=nr,
        mottaker=letter["navn"],
        type=letter["type"],
        avslag=letter["avslag"],
        maalform=ctx["maalform"],
        saksnummer=sak,
        dokumentnummer=dokumentnummer,
        dato=dato,
        epost=letter.get("epost") or "",
        kopi=[{"navn": k["navn"], "epost": k["epost"]} for k in letter["kopi"]],
        data={**ctx, "letter": letter},
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        opprettet_av=by,
    )


def lag_alle(v: Versjon, *, by: User | None) -> list[Brev]:
    return [lag_brev(v, nr, by=by) for nr in range(len(brevmottakere(v)))]
