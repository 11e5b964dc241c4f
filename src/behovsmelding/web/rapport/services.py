"""One function per action on report rounds and reports, each in one transaction with an
audit entry; :class:`RapportError` carries a Norwegian message for the user.

The granted amounts of a line are the vedtak's for the round's year (year 1 of the grant),
copied when the report is made, so a later vedtak version does not change a report already
written. Saving works like the owners' form: the page names the version it was based on, and a
field somebody else changed after that version is a conflict, left as they saved it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import forum_calc
from .. import access as web_access
from ..forum import services as forum_services
from ..forum.models import Post, Runde, Versjon
from ..models import Partnerskap, Virksomhet
from ..referanse import check_digit
from ..services import audit
from . import access, kontroll
from .models import Paaminnelse, Rapport, Rapportlinje, Rapportrunde

MAKS_TEKST = 10_000
MAKS_BELOP = 10**12
TEKSTFELT = ("ubrukt_handling", "overforing_grunn", "avvik_forklaring", "hva_gjort")
BELOPFELT = ("brukt_eier", "brukt_uh")
MAALFELT = tuple(f"maal_{b}" for b in kontroll.MAAL_BOKSTAVER)
LINJEFELT = BELOPFELT + TEKSTFELT + MAALFELT
HANDLINGER = ("", kontroll.TILBAKEBETALES, kontroll.OVERFORES)
PREFIX = "RA"


class RapportError(Exception):
    """An action that cannot be done; the message is Norwegian and meant for the user."""


@dataclass
class Avvist(RapportError):
    """Submission refused: the findings that block it."""

    funn: list[kontroll.Funn]

    def __str__(self) -> str:
        return _("Rapporten kan ikke sendes inn før feilene er rettet (%(n)s).") % {
            "n": len([f for f in self.funn if f.alvor == kontroll.FEIL])
        }


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise RapportError(reason)


def referanse(rapport: Rapport) -> str:
    """``RA-00012-3``: the report's id with a Luhn check digit (as ``web/referanse.py``)."""
    digits = f"{rapport.pk:05d}"
    return f"{PREFIX}-{digits}-{check_digit(digits)}"


def _audit(rapport: Rapport | None, handling: str, *, by: User | None, **kw: Any) -> None:
    detaljer = dict(kw.pop("detaljer", {}))
    if rapport is not None:
        detaljer.setdefault("rapport", rapport.pk)
        detaljer.setdefault("rapportrunde", rapport.rapportrunde_id)
    audit(handling, by=by, detaljer=detaljer, **kw)


# --- report rounds ----------------------------------------------------------------------------


def _dager(values: object) -> list[int]:
    if not isinstance(values, list | tuple):
        raise RapportError(_("Påminnelsesdagene må være en liste med hele tall."))
    out = []
    for v in values:
        if not isinstance(v, int) or isinstance(v, bool) or not 0 < v <= 365:
            raise RapportError(_("Påminnelsesdager må være hele tall fra 1 til 365."))
        out.append(v)
    return sorted(set(out), reverse=True)


def _uh_for(post: Post) -> Virksomhet | None:
    """The UH partner that co-edits the report: the organisation the owner chose in the web
    form, else the behovsmelding's UH institution's organisation."""
    bm = post.behovsmelding
    utkast = getattr(bm, "skjema_utkast", None)
    if utkast is not None and utkast.uh_virksomhet_id is not None:
        v: Virksomhet | None = utkast.uh_virksomhet
        return v
    if bm.institusjon is not None and bm.institusjon.virksomhet_id is not None:
        return bm.institusjon.virksomhet
    return None


def _innvilget(row: Mapping[str, Any]) -> tuple[int, int]:
    """The vedtak's amounts for the round's year (year 1) of one post row."""
    if row.get("status") != forum_calc.PRIORITERT:
        return 0, 0
    eier, uh = row.get("eier") or [0], row.get("uh") or [0]
    return int(eier[0] if eier else 0), int(uh[0] if uh else 0)


def _lag_rapporter(rr: Rapportrunde, versjon: Versjon) -> int:
    """One report per recipient partnership, one line per granted tiltak; what exists stays."""
    rows = {int(r["id"]): r for r in versjon.innhold.get("poster", [])}
    poster = (
        Post.objects.filter(pk__in=rows)
        .select_related(
            "behovsmelding__partnerskap",
            "behovsmelding__institusjon__virksomhet",
            "behovsmelding__skjema_utkast__uh_virksomhet",
        )
        .order_by("behovsmelding__partnerskap__navn", "nr", "id")
    )
    made = 0
    for post in poster:
        eier, uh = _innvilget(rows[post.pk])
        if eier + uh <= 0:
            continue
        partnerskap: Partnerskap = post.behovsmelding.partnerskap
        rapport, created = Rapport.objects.get_or_create(
            rapportrunde=rr, partnerskap=partnerskap, defaults={"uh_virksomhet": _uh_for(post)}
        )
        made += created
        Rapportlinje.objects.get_or_create(
            rapport=rapport, post=post, defaults={"innvilget_eier": eier, "innvilget_uh": uh}
        )
    return made


@transaction.atomic
def opprett_rapportrunde(
    runde: Runde,
    *,
    frist: dt.date,
    paaminnelser_foer: list[int] | None = None,
    paaminnelse_etter: int | None = None,
    by: User,
) -> Rapportrunde:
    """Open the report round of a decided round: a report per recipient partnership."""
    _require(access.can_manage(by))
    versjon = forum_services.siste_versjon(runde, Versjon.Type.VEDTAK)
    if versjon is None:
        raise RapportError(_("Runden har ikke et fullført vedtak ennå."))
    if Rapportrunde.objects.filter(runde=runde).exists():
        raise RapportError(_("Runden har allerede en rapportrunde."))
    foer = _dager([60, 14] if paaminnelser_foer is None else paaminnelser_foer)
    etter = 7 if paaminnelse_etter is None else paaminnelse_etter
    if not 0 <= etter <= 365:
        raise RapportError(_("Påminnelsen etter fristen må være 0–365 dager (0: ingen)."))
    rr = Rapportrunde.objects.create(
        runde=runde,
        versjon=versjon,
        frist=frist,
        paaminnelser_foer=foer,
        paaminnelse_etter=etter,
        opprettet_av=by,
    )
    n = _lag_rapporter(rr, versjon)
    _audit(
        None,
        "rapport.runde_opprettet",
        by=by,
        after=frist.isoformat(),
        beskrivelse=(
            f"Rapportrunde for {runde.aar} åpnet med frist {frist:%d.%m.%Y} og {n} rapporter "
            f"(vedtak versjon {versjon.nummer})."
        ),
        detaljer={"runde": runde.pk, "rapportrunde": rr.pk, "versjon": versjon.pk},
    )
    return rr


@transaction.atomic
def endre_frist(
    rr: Rapportrunde,
    *,
    frist: dt.date,
    paaminnelser_foer: list[int],
    paaminnelse_etter: int,
    by: User,
) -> None:
    _require(access.can_manage(by))
    foer = _dager(paaminnelser_foer)
    if not 0 <= paaminnelse_etter <= 365:
        raise RapportError(_("Påminnelsen etter fristen må være 0–365 dager (0: ingen)."))
    before = f"{rr.frist.isoformat()} {rr.paaminnelser_foer} {rr.paaminnelse_etter}"
    rr.frist, rr.paaminnelser_foer, rr.paaminnelse_etter = frist, foer, paaminnelse_etter
    rr.save(update_fields=["frist", "paaminnelser_foer", "paaminnelse_etter"])
    _audit(
        None,
        "rapport.frist_endret",
        by=by,
        before=before,
        after=f"{frist.isoformat()} {foer} {paaminnelse_etter}",
        beskrivelse=f"Rapportfristen for {rr.runde.aar} satt til {frist:%d.%m.%Y}.",
        detaljer={"rapportrunde": rr.pk},
    )


# --- the form's values -------------------------------------------------------------------------


def linjer(rapport: Rapport) -> list[Rapportlinje]:
    return list(rapport.linjer.select_related("post").order_by("post__nr", "post_id"))


def som_kontroll(li: Rapportlinje) -> kontroll.Linje:
    return kontroll.Linje(
        id=li.pk,
        tittel=li.post.tittel,
        innvilget_eier=li.innvilget_eier,
        innvilget_uh=li.innvilget_uh,
        brukt_eier=li.brukt_eier,
        brukt_uh=li.brukt_uh,
        ubrukt_handling=li.ubrukt_handling,
        overforing_grunn=li.overforing_grunn,
        avvik_forklaring=li.avvik_forklaring,
        hva_gjort=li.hva_gjort,
        maaloppnaaelse=li.maal(),
    )


def verdier(rapport: Rapport, ls: list[Rapportlinje]) -> dict[str, str]:
    """The report as its inputs' values by name (``linje-12-brukt_eier``, ``kommentar``)."""
    ugyldig: dict[str, str] = rapport.ugyldig or {}
    out = {"kommentar": rapport.kommentar}
    for li in ls:
        for navn in BELOPFELT:
            key = kontroll.felt(li.pk, navn)
            v = getattr(li, navn)
            out[key] = ugyldig.get(key) or ("" if v is None else str(v))
        for navn in TEKSTFELT:
            out[kontroll.felt(li.pk, navn)] = getattr(li, navn)
        maal = li.maal()
        for b in kontroll.MAAL_BOKSTAVER:
            out[kontroll.felt(li.pk, f"maal_{b}")] = str(maal.get(b) or "")
    return out


def funn(rapport: Rapport, ls: list[Rapportlinje] | None = None) -> list[kontroll.Funn]:
    ls = linjer(rapport) if ls is None else ls
    return kontroll.kontroller([som_kontroll(li) for li in ls], rapport.ugyldig or {})


def parse_belop(text: str) -> int | None:
    """``"120 000"``, ``"120.000,-"``, ``"kr 120 000"`` → 120000; None when not an amount."""
    t = text.replace("\u00a0", "").replace(" ", "").replace(".", "").lower()
    t = t.removeprefix("kr").removesuffix("kr").removesuffix(",-").strip()
    if not t.isdigit() or len(t) > 13:
        return None
    v = int(t)
    return v if v < MAKS_BELOP else None


@dataclass
class Lagret:
    versjon: int
    endret: list[str] = field(default_factory=list)
    # fields somebody else changed after the version the page was based on: name → their value
    konflikter: dict[str, str] = field(default_factory=dict)
    # fields others changed since that version (which the page should bring up to date)
    andre: dict[str, str] = field(default_factory=dict)
    funn: list[kontroll.Funn] = field(default_factory=list)


def _set(rapport: Rapport, by_id: dict[int, Rapportlinje], key: str, value: str) -> None:
    if key == "kommentar":
        rapport.kommentar = value
        return
    _, pk, navn = key.split("-", 2)
    li = by_id[int(pk)]
    ugyldig: dict[str, str] = rapport.ugyldig
    if navn in BELOPFELT:
        ugyldig.pop(key, None)
        if value.strip() == "":
            setattr(li, navn, None)
        else:
            v = parse_belop(value)
            if v is None:
                ugyldig[key] = value
                setattr(li, navn, None)
            else:
                setattr(li, navn, v)
    elif navn.startswith("maal_"):
        li.maaloppnaaelse = {**li.maal(), navn.removeprefix("maal_"): value}
    else:
        setattr(li, navn, value)


def _clean(key: str, value: object) -> str:
    text = str(value or "").replace("\r\n", "\n")[:MAKS_TEKST]
    if key.endswith("-ubrukt_handling") and text not in HANDLINGER:
        raise RapportError(_("Ugyldig valg for ubrukte midler."))
    return text


@transaction.atomic
def lagre(
    rapport: Rapport, *, verdier_inn: Mapping[str, object], basert_paa: int | None, by: User
) -> Lagret:
    """Store the changed fields of the page. A field changed by somebody else after
    ``basert_paa`` is not overwritten: it comes back as a conflict with their value."""
    r = Rapport.objects.select_for_update().get(pk=rapport.pk)
    _require(access.can_edit(by, r))
    ls = linjer(r)
    by_id = {li.pk: li for li in ls}
    state = verdier(r, ls)
    base = basert_paa if basert_paa is not None else 0
    versjoner: dict[str, int] = r.feltversjoner or {}
    endret: dict[str, tuple[str, str]] = {}
    konflikter: dict[str, str] = {}
    for key, raw in verdier_inn.items():
        if key not in state:
            continue
        value = _clean(key, raw)
        if value == state[key]:
            continue
        if versjoner.get(key, 0) > base:
            konflikter[key] = state[key]
            continue
        endret[key] = (state[key], value)
    if endret:
        r.versjon += 1
        r.ugyldig = dict(r.ugyldig or {})
        for key, (_before, after) in endret.items():
            _set(r, by_id, key, after)
            versjoner[key] = r.versjon
        r.feltversjoner = versjoner
        r.save()
        for li in {by_id[int(k.split("-")[1])] for k in endret if k.startswith("linje-")}:
            li.save()
        _audit(
            r,
            "rapport.lagret",
            by=by,
            felt=", ".join(sorted(endret))[:100],
            after=f"versjon {r.versjon}",
            beskrivelse=f"Rapport {referanse(r)} lagret ({len(endret)} felt).",
            detaljer={
                "versjon": r.versjon,
                "belop": {
                    k: [b, a] for k, (b, a) in endret.items() if k.rsplit("-", 1)[-1] in BELOPFELT
                },
            },
        )
    now = verdier(r, ls)
    andre = {k: now[k] for k, v in versjoner.items() if v > base and k not in endret and k in now}
    return Lagret(
        versjon=r.versjon,
        endret=sorted(endret),
        konflikter=konflikter,
        andre=andre,
        funn=funn(r, ls),
    )


# --- submission and review ----------------------------------------------------------------------


def send_inn(rapport: Rapport, *, by: User, sprak: str = "nb") -> Rapport:
    """Send the report in: refused while a ``feil`` remains; the receipt PDF is stored.

    The receipt is rendered before the transaction (it takes seconds), so that nobody else's
    save waits for it; the report is then stored as sent only if nobody saved it meanwhile."""
    from .kvittering import render_kvittering

    r = Rapport.objects.get(pk=rapport.pk)
    _require(access.can_submit(by, r))
    ls = linjer(r)
    found = funn(r, ls)
    if any(f.alvor == kontroll.FEIL for f in found):
        raise Avvist(found)
    r.sendt_inn, r.sendt_inn_av = timezone.now(), by
    pdf = render_kvittering(r, ls, sprak=sprak)
    with transaction.atomic():
        locked = Rapport.objects.select_for_update().get(pk=r.pk)
        _require(access.can_submit(by, locked))
        if locked.versjon != r.versjon:
            raise RapportError(
                _("Rapporten ble endret mens den ble sendt inn. Se over og send inn igjen.")
            )
        before = locked.status
        locked.status = Rapport.Status.SENDT_INN
        locked.sendt_inn, locked.sendt_inn_av, locked.kvittering = r.sendt_inn, by, pdf
        locked.save()
        _audit(
            locked,
            "rapport.sendt_inn",
            by=by,
            felt="status",
            before=before,
            after=locked.status,
            beskrivelse=(
                f"Rapport {referanse(locked)} for {locked.partnerskap} sendt inn (målform {sprak})."
            ),
            detaljer={"sprak": sprak, "versjon": locked.versjon},
        )
    return locked


@transaction.atomic
def godkjenn(rapport: Rapport, *, by: User) -> None:
    r = Rapport.objects.select_for_update().get(pk=rapport.pk)
    _require(access.can_manage(by))
    if r.status != Rapport.Status.SENDT_INN:
        raise RapportError(_("Bare en innsendt rapport kan godkjennes."))
    r.status, r.godkjent, r.godkjent_av = Rapport.Status.GODKJENT, timezone.now(), by
    r.save(update_fields=["status", "godkjent", "godkjent_av", "endret"])
    tilbake = sum(li.tilbakebetales for li in r.linjer.all())
    _audit(
        r,
        "rapport.godkjent",
        by=by,
        felt="status",
        before=Rapport.Status.SENDT_INN,
        after=r.status,
        beskrivelse=(
            f"Rapport {referanse(r)} for {r.partnerskap} godkjent; "
            f"{kontroll.kr(tilbake)} skal betales tilbake."
        ),
        detaljer={"tilbakebetales": tilbake},
    )


MAKS_MELDING = 4000


@transaction.atomic
def be_om_endring(rapport: Rapport, *, melding: str, by: User) -> None:
    """Send the report back to the partnership with a message they see above the form."""
    r = Rapport.objects.select_for_update().get(pk=rapport.pk)
    _require(access.can_manage(by))
    melding = melding.strip()[:MAKS_MELDING]
    if not melding:
        raise RapportError(_("Skriv hva som må endres."))
    if r.status != Rapport.Status.SENDT_INN:
        raise RapportError(_("Bare en innsendt rapport kan sendes tilbake for endring."))
    r.status, r.endring_melding = Rapport.Status.ENDRING_BEDT, melding
    r.save(update_fields=["status", "endring_melding", "endret"])
    _audit(
        r,
        "rapport.endring_bedt",
        by=by,
        felt="status",
        before=Rapport.Status.SENDT_INN,
        after=r.status,
        beskrivelse=f"Endring bedt om i rapport {referanse(r)}: {melding}",
        detaljer={"melding": melding},
    )


# --- lists ------------------------------------------------------------------------------------


def rapporter(rr: Rapportrunde) -> list[Rapport]:
    return list(
        rr.rapporter.select_related("partnerskap__virksomhet", "uh_virksomhet")
        .prefetch_related(
            Prefetch("linjer", queryset=Rapportlinje.objects.select_related("post").order_by("id")),
            Prefetch("paaminnelser", queryset=Paaminnelse.objects.order_by("-sendt", "-id")),
        )
        .order_by("partnerskap__navn", "id")
    )


# Reports not sent in: drafts and those sent back for changes.
VENTER = (Rapport.Status.UTKAST, Rapport.Status.ENDRING_BEDT)


def ikke_rapportert(rr: Rapportrunde) -> list[Rapport]:
    """The reports not sent in (drafts and those sent back for changes)."""
    return [r for r in rapporter(rr) if r.status in VENTER]


@dataclass(frozen=True, slots=True)
class Tilbakebetaling:
    rapport: int
    mottaker: str
    orgnr: str
    kontonr: str
    belop: int
    referanse: str
    tiltak: str


def tilbakebetalinger(rr: Rapportrunde, alle: list[Rapport] | None = None) -> list[Tilbakebetaling]:
    """What the approved reports say is to be repaid, per recipient partnership, with the
    owner organisation's number and account from the register (``alle``: the round's
    reports, when the caller has them already)."""
    out = []
    for r in rapporter(rr) if alle is None else alle:
        if r.status != Rapport.Status.GODKJENT:
            continue
        ls = [li for li in r.linjer.all() if li.tilbakebetales > 0]
        belop = sum(li.tilbakebetales for li in ls)
        if belop <= 0:
            continue
        v = r.partnerskap.virksomhet
        out.append(
            Tilbakebetaling(
                rapport=r.pk,
                mottaker=v.navn if v is not None else r.partnerskap.navn,
                orgnr=(v.orgnr or "") if v is not None else "",
                kontonr=v.kontonummer if v is not None else "",
                belop=belop,
                referanse=referanse(r),
                tiltak="; ".join(li.post.tittel for li in ls),
            )
        )
    return out


def innsender(rapport: Rapport) -> str:
    return web_access.display_name(rapport.sendt_inn_av)
