"""Every action on a draft is one function here (the caseworkers' ``services`` style).

Each takes the draft and the acting user, runs in one transaction, raises
:class:`SkjemaError` (a Norwegian message for the user) when it cannot be done, and writes an
audit entry through :func:`behovsmelding.web.services.audit` where a behovsmelding is
concerned. A draft's own saves are logged as :class:`~.models.Versjon` rows (who, when, what).
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...record import Behovsmelding as Record
from ...record import Belop, Budsjett, Budsjettrad, Kilde, Maaloppnaaelse
from .. import access as web_access
from .. import services as web_services
from ..models import UH_TYPER, Behovsmelding, Institusjon, Originalfil, Region, Virksomhet
from ..rapport import prefill
from ..referanse import referanse
from . import access, forms
from .config import skjema_aar
from .diff import Endring, changes
from .fields import label_for
from .merge import (
    COMPUTED,
    TABLES,
    Endret,
    FeltKonflikt,
    RadEndring,
    State,
    keyed,
    merge,
    new_row_id,
    positional,
    row_ids,
    row_is_empty,
    same,
    valid_row_id,
)
from .models import Tilstand, Utkast, Versjon

log = logging.getLogger(__name__)


class SkjemaError(Exception):
    """An action on a draft that cannot be done; the message is meant for the user."""


@dataclass
class Konflikt(SkjemaError):
    """Someone else changed fields this save changed too (after the version it was based on);
    everything else was stored."""

    versjon: int
    endringer: list[Endring]  # felt (stable key), mine, theirs
    lagret_av: str = ""
    verdier: dict[str, Any] = field(default_factory=dict)
    konflikter: list[FeltKonflikt] = field(default_factory=list)
    rader: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return _(
            "%(hvem)s endret de samme feltene mens du skrev. Alt annet du skrev er lagret; "
            "velg hva som skal stå i feltene nedenfor."
        ) % {"hvem": self.lagret_av or _("Noen andre")}


@dataclass
class IkkeKlar(SkjemaError):
    """Submission refused: the findings of severity feil."""

    feil: list[dict[str, str]]

    def __str__(self) -> str:
        return _("Behovsmeldingen kan ikke sendes inn før feilene er rettet (%(n)s).") % {
            "n": len(self.feil)
        }


def _user_name(u: User | None) -> str:
    return web_access.display_name(u)


def empty_record(aar: int, eier: str) -> Record:
    return Record(
        skjema="kollektiv-2026",
        kilde=Kilde(format="web"),
        aar=aar,
        eier=eier,
        budsjett=Budsjett(rader=[Budsjettrad()], sum=Budsjettrad(etikett="Sum")),
        maaloppnaaelse=Maaloppnaaelse(),
        faser=[],
        varighet=[],
    )


def _compute_sum(b: Budsjett) -> None:
    """A draft's Sum row is the rows added up, as the page shows it (``forms.computed_sum``)."""
    b.sum = forms.computed_sum(b.rader, {})


@transaction.atomic
def create_draft(*, by: User, record: Record | None = None) -> Utkast:
    allowed, reason = access.can_create(by)
    if not allowed:
        raise SkjemaError(reason)
    partnerskap = web_access.eget_partnerskap(by)
    assert partnerskap is not None
    aar = skjema_aar()
    rec = record or empty_record(aar, partnerskap.navn)
    _compute_sum(rec.budsjett)
    # § 4 from the partnership's latest approved report on the use of funds, marked as such
    rapport = prefill.fyll_inn(rec, partnerskap, aar)
    u = Utkast.objects.create(
        partnerskap=partnerskap,
        aar=aar,
        data=rec.to_dict(),
        rader=row_ids({}, forms.row_counts(rec)),
        opprettet_av=by,
        endret_av=by,
    )
    Versjon.objects.create(utkast=u, nr=1, data=u.data, rader=u.rader, lagret_av=by)
    if rapport is not None:
        prefill.merk(u.pk, rapport)
    return u


def earlier(by: User) -> list[Behovsmelding]:
    """The behovsmeldinger the owner may carry forward: their partnership's from earlier
    years, newest first (withdrawn, duplicate and replaced ones left out)."""
    partnerskap = web_access.eget_partnerskap(by)
    if partnerskap is None:
        return []
    return list(
        web_access.visible(by)
        .filter(partnerskap=partnerskap, aar__lt=skjema_aar(), markert="")
        .select_related("innhold")
        .order_by("-aar", "-mottatt", "-id")
    )


def last_years(by: User) -> Behovsmelding | None:
    """Last year's behovsmelding of the owner's partnership (the latest received)."""
    aar = skjema_aar() - 1
    return next((bm for bm in earlier(by) if bm.aar == aar), None)


def tiltak_of(bm: Behovsmelding) -> list[str]:
    """A submitted behovsmelding's tiltak by name: the budget rows of the 2026 form, the
    tiltak sections of the lokal-2024 form."""
    data = bm.innhold.data or {}
    names = [str(t.get("navn")) for t in data.get("tiltak") or [] if t.get("navn")]
    rows = (data.get("budsjett") or {}).get("rader") or []
    return names or [str(r.get("etikett")) for r in rows if r.get("etikett")]


def drafts_from(bm: Behovsmelding, by: User) -> list[Utkast]:
    """The drafts (not sent in) the owner's partnership already carried forward from ``bm``."""
    return list(
        access.drafts_for(by)
        .filter(forrige=bm, tilstand=Tilstand.UTKAST)
        .select_related("endret_av")
        .order_by("-endret", "-id")
    )


@dataclass
class FinnesAllerede(SkjemaError):
    """A draft carried forward from the same behovsmelding exists: open it, or say that a
    second one is wanted."""

    forrige: Behovsmelding
    utkast: list[Utkast]

    def __str__(self) -> str:
        return _(
            "Det finnes allerede et utkast som er videreført fra denne behovsmeldingen. Åpne "
            "det, eller bekreft at du vil lage et nytt."
        )


def carried_forward(old: Record, aar: int) -> Record:
    """Last year's answers on this year's form; "videreføre" ticked.

    A 2025 behovsmelding on the lokal-2024 form had one section per tiltak: its tiltak become
    the budget rows, and the texts the 2026 form no longer asks for are left behind.
    """
    rec = Record.from_dict(old.to_dict())
    rec.skjema = "kollektiv-2026"
    rec.kilde = Kilde(format="web")
    rec.aar = aar
    rec.videreforer_fjoraaret = True
    rec.ordninger = None
    rec.flere_ordninger = None
    rec.antall_tiltak = None
    if old.skjema == "lokal-2024":
        rows = [
            Budsjettrad(
                etikett=f"Tiltak {t.nr or i + 1}: {t.navn}" if t.navn else f"Tiltak {i + 1}",
                eier=t.eier,
                uh=[Belop(t.uh)] if t.uh is not None else [],
                totalt=t.totalt,
            )
            for i, t in enumerate(old.tiltak)
        ]
        rec.budsjett = Budsjett(rader=rows or [Budsjettrad()], sum=Budsjettrad(etikett="Sum"))
        if rows:
            _compute_sum(rec.budsjett)
        rec.maalgruppe = rec.maalgruppe or next(
            (t.maalgruppe for t in old.tiltak if t.maalgruppe), None
        )
        rec.tiltak = []
        for who in ("eier", "uh"):
            k = getattr(rec.kontaktpersoner, who)
            k.telefon = k.epost = k.kontonr = k.orgnr = k.merkes = None
    # Periods belong to this year's form: last year's are not carried over.
    rec.varighet = []
    rec.faser = rec.faser or []
    rec.maaloppnaaelse = rec.maaloppnaaelse or Maaloppnaaelse()
    return rec


@transaction.atomic
def carry_forward(
    forrige: Behovsmelding | None = None, *, by: User, likevel: bool = False
) -> Utkast:
    """A new draft filled in from ``forrige`` (one of :func:`earlier`; by default last
    year's). When a draft carried forward from it exists, :class:`FinnesAllerede` unless the
    owner confirmed a second one (``likevel``)."""
    allowed, reason = access.can_create(by)
    if not allowed:
        raise SkjemaError(reason)
    old = forrige if forrige is not None else last_years(by)
    if old is None:
        raise SkjemaError(
            _("Fant ingen behovsmelding fra %(aar)s for partnerskapet å videreføre.")
            % {"aar": skjema_aar() - 1}
        )
    if old.pk not in {bm.pk for bm in earlier(by)}:
        raise SkjemaError(_("Velg en av behovsmeldingene i listen."))
    # Two clicks at once wait for each other here, so the second sees the first one's draft.
    old = Behovsmelding.objects.select_for_update(of=("self",)).get(pk=old.pk)
    existing = drafts_from(old, by)
    if existing and not likevel:
        raise FinnesAllerede(old, existing)
    rec = carried_forward(Record.from_dict(old.innhold.data), skjema_aar())
    u = create_draft(by=by, record=rec)
    u.forrige = old
    u.save(update_fields=["forrige"])
    web_services.audit(
        "videreført",
        by=by,
        bm=old,
        beskrivelse=f"Videreført til et nytt utkast for {u.aar} (utkast {u.pk})."
        + (f" Bekreftet selv om utkast {existing[0].pk} finnes." if existing else ""),
        detaljer={"utkast": u.pk, "finnes": [d.pk for d in existing]},
    )
    return u


def state_of(data: dict[str, Any], ugyldig: dict[str, str], rader: dict[str, Any]) -> State:
    """A stored version as its inputs' values, keyed by stable names (``merge.py``)."""
    record = Record.from_dict(data)
    ids = row_ids(rader, forms.row_counts(record))
    return State(keyed(forms.values(record, ugyldig), ids), ids)


def to_record(state: State, aar: int) -> tuple[forms.Utfylt, dict[str, list[str]]]:
    ids = {
        t: [rid for rid in rows if not row_is_empty(t, state.values, rid)]
        for t, rows in state.rader.items()
    }
    return forms.parse(positional(state.values, ids), aar=aar), ids


@dataclass
class Lagret:
    """What a save did: the draft as stored, and the fields it could not store."""

    utkast: Utkast
    konflikter: list[FeltKonflikt]
    beholdt: list[tuple[str, str]]
    lagret: set[str]
    lagret_av: str = ""  # who saved the values in conflict


def save_fields(
    utkast: Utkast,
    *,
    felt: dict[str, Endret],
    rader: dict[str, RadEndring],
    kjent: int,
    by: User,
) -> Lagret:
    """Merge one person's changes into the draft field by field and store what does not
    conflict as the next version (none when nothing changed); return the conflicts.

    ``felt``: each changed field (stable key) with the version its value was based on;
    ``rader``: each table's row ids as the person has them and as they started;
    ``kjent``: the version the person's page was last brought up to date with.
    """
    with transaction.atomic():
        u = (
            Utkast.objects.select_for_update(of=("self",))
            .select_related("endret_av")
            .get(pk=utkast.pk)
        )
        allowed, reason = access.can_edit(by, u)
        if not allowed:
            raise SkjemaError(reason)
        cur = state_of(u.data, u.ugyldig, u.rader)
        versions = dict(u.feltversjoner)
        res = merge(cur, versions, felt, rader, kjent=kjent)
        lagret_av = _user_name(u.endret_av)
        if not res.noe_endret:
            return Lagret(u, res.konflikter, res.beholdt, set(), lagret_av)
        utfylt, ids = to_record(res.state, u.aar)
        data = utfylt.record.to_dict()
        if data == u.data and utfylt.ugyldig == u.ugyldig and ids == cur.rader:
            return Lagret(u, res.konflikter, res.beholdt, set(), lagret_av)
        nr = u.versjon + 1
        touched = set(res.endret)
        for t, rid in res.lagt_til:
            touched.update(f"{t}[{rid}].{f}" for f in TABLES[t])
        for t, rid in res.fjernet:
            for f in TABLES[t]:
                versions.pop(f"{t}[{rid}].{f}", None)
        for key in touched:
            versions[key] = nr
        for t in TABLES:
            if ids[t] != cur.rader.get(t):
                versions[f"rader:{t}"] = nr
        u.data, u.ugyldig, u.rader, u.feltversjoner = data, utfylt.ugyldig, ids, versions
        u.versjon = nr
        u.endret_av = by
        u.save(
            update_fields=[
                "data",
                "ugyldig",
                "rader",
                "feltversjoner",
                "versjon",
                "endret_av",
                "endret",
            ]
        )
        Versjon.objects.create(
            utkast=u, nr=nr, data=data, ugyldig=u.ugyldig, rader=ids, lagret_av=by
        )
        return Lagret(u, res.konflikter, res.beholdt, touched, lagret_av)


def changes_from_form(
    utkast: Utkast, utfylt: forms.Utfylt, *, base_versjon: int, posted_ids: dict[str, list[str]]
) -> tuple[dict[str, Endret], dict[str, RadEndring]]:
    """A whole form posted (without scripts, or by a test) as the fields it changed since
    ``base_versjon``, the version the page showed. Rows are known by the ids posted with them
    (``budsjett.rader[0].id``); rows without one are the base version's rows in order."""
    base = Versjon.objects.filter(utkast=utkast, nr=base_versjon).first()
    if base is None:
        base_state = state_of(utkast.data, utkast.ugyldig, utkast.rader)
        base_versjon = -1  # unknown: every change that differs from now is a conflict
    else:
        base_state = state_of(base.data, base.ugyldig, base.rader)
    counts = forms.row_counts(utfylt.record)
    ids: dict[str, list[str]] = {}
    for t in TABLES:
        given = [x for x in posted_ids.get(t, []) if valid_row_id(x)]
        known = base_state.rader.get(t, [])
        out: list[str] = []
        for i in range(counts[t]):
            rid = given[i] if i < len(given) else known[i] if i < len(known) else new_row_id()
            out.append(rid if rid not in out else new_row_id())
        ids[t] = out
    mine = keyed(forms.values(utfylt.record, utfylt.ugyldig), ids)
    felt = {
        k: Endret(v, base_versjon)
        for k, v in mine.items()
        if not k.startswith(COMPUTED)
        and not same(v, base_state.values.get(k, [] if isinstance(v, list) else ""))
    }
    rader = {
        t: RadEndring(
            mine=ids[t],
            base=base_state.rader.get(t, []),
            verdier={
                rid: {f: mine.get(f"{t}[{rid}].{f}", "") for f in TABLES[t]} for rid in ids[t]
            },
        )
        for t in TABLES
    }
    return felt, rader


def save_draft(
    utkast: Utkast,
    utfylt: forms.Utfylt,
    *,
    base_versjon: int,
    by: User,
    posted_ids: dict[str, list[str]] | None = None,
) -> Utkast:
    """Store a whole form that was based on ``base_versjon``: the fields it changed are
    merged in; when someone else changed one of them too, everything else is stored and
    :class:`Konflikt` names the fields that were not."""
    felt, rader = changes_from_form(
        utkast, utfylt, base_versjon=base_versjon, posted_ids=posted_ids or {}
    )
    res = save_fields(utkast, felt=felt, rader=rader, kjent=base_versjon, by=by)
    if res.konflikter:
        u = res.utkast
        raise Konflikt(
            versjon=u.versjon,
            endringer=[Endring(k.felt, k.mine, k.deres) for k in res.konflikter],
            lagret_av=res.lagret_av,
            verdier={k.felt: k.deres for k in res.konflikter},
            konflikter=res.konflikter,
            rader=u.rader,
        )
    return res.utkast


def label(path: str, aar: int) -> str:
    return label_for(path, aar)


class UtkastEndret(SkjemaError):
    """Submission refused: the draft was saved again after the version that was looked over."""


@transaction.atomic
def submit(
    utkast: Utkast,
    *,
    by: User,
    versjon: int | None = None,
    sprak: str | None = None,
    absolute: Callable[[str], str] | None = None,
) -> Behovsmelding:
    """Send the draft in: it becomes a behovsmelding (status mottatt) with a receipt PDF in
    the form's language (``sprak``; by default the active language) listing its attachments,
    which go with it, and the person who sent it gets a confirmation e-mail with the
    reference and the receipt's address (``absolute`` makes the path a full address) once
    the submission is stored. With ``versjon`` (the one "Se over og send inn" showed), only
    that version is sent."""
    from . import vedlegg
    from .receipt import mottaker, render_receipt, sprak_of

    u = (
        Utkast.objects.select_for_update(of=("self",))
        .select_related("partnerskap__region", "partnerskap__virksomhet__region", "uh_virksomhet")
        .get(pk=utkast.pk)
    )
    allowed, reason = access.can_submit(by, u)
    if not allowed:
        raise SkjemaError(reason)
    if versjon is not None and u.versjon != versjon:
        raise UtkastEndret(_("Behovsmeldingen er endret siden du så over den."))
    record = Record.from_dict(u.data)
    funn = web_services.run_checks(record)
    feil = [f for f in funn if f["alvorlighet"] == "feil"]
    feil += [
        {"kode": "UGYLDIG_VERDI", "alvorlighet": "feil", "felt": k, "melding": v}
        for k, v in u.ugyldig.items()
    ]
    if feil:
        raise IkkeKlar(feil)
    sprak = sprak_of(sprak or translation.get_language())
    sendt = timezone.now()
    # The record first: its id is the receipt's reference number.
    bm = web_services.create_behovsmelding(
        record, by=by, region=u.partnerskap.region, partnerskap=u.partnerskap, funn=funn
    )
    ref = referanse(bm.pk)
    til = mottaker(region_of(u), sprak)
    pdf = render_receipt(
        record,
        sendt=sendt,
        innsender=_user_name(by),
        referanse=ref,
        mottaker=til,
        sprak=sprak,
        vedlegg=vedlegg.lines(u, sprak=sprak),
    )
    vedlegg.attach_to(bm, u)
    stored = f"{uuid.uuid4().hex}.pdf"
    path = web_services.originals_dir() / stored
    path.write_bytes(pdf)
    try:
        original = Originalfil.objects.create(
            sha256=hashlib.sha256(pdf).hexdigest(),
            filnavn=f"kvittering-{_file_part(u.partnerskap.navn)}-{u.aar}.pdf",
            lagret_som=stored,
            storrelse=len(pdf),
            lastet_opp_av=by,
        )
        bm.original = original
        fields = ["original"]
        if u.uh_virksomhet is not None:
            # The UH partner is the organisation the owner chose, not the name typed.
            bm.institusjon = _institusjon(u.uh_virksomhet)
            fields.append("institusjon")
        bm.save(update_fields=fields)
        web_services.audit(
            "sendt_inn",
            by=by,
            bm=bm,
            beskrivelse=(
                f"Sendt inn på nett av {_user_name(by)} til {mottaker(region_of(u))} "
                f"(referanse {ref}, utkast {u.pk}, versjon {u.versjon}, "
                f"{'nynorsk' if sprak == 'nn' else 'bokmål'})."
            ),
            detaljer={
                "utkast": u.pk,
                "versjon": u.versjon,
                "referanse": ref,
                "sprak": sprak,
                "kvittering": original.filnavn,
            },
        )
        if u.forrige is not None:
            _audit_changes_from_last_year(u.forrige, record, bm, by=by)
        u.tilstand = Tilstand.SENDT
        u.sendt = sendt
        u.sendt_av = by
        u.behovsmelding = bm
        u.kvittering = original
        u.save(update_fields=["tilstand", "sendt", "sendt_av", "behovsmelding", "kvittering"])
    except Exception:
        path.unlink(missing_ok=True)
        raise
    lenke = reverse("skjema:kvittering", args=[u.pk])
    transaction.on_commit(
        partial(
            _send_confirmation,
            u.pk,
            to=by.email,
            sprak=sprak,
            lenke=absolute(lenke) if absolute is not None else lenke,
        )
    )
    return bm


def region_of(u: Utkast) -> Region:
    """The owner's region: the register's organisation's, else the partnership's."""
    v = u.partnerskap.virksomhet
    return v.region if v is not None and v.region is not None else u.partnerskap.region


def _send_confirmation(pk: int, *, to: str, sprak: str, lenke: str) -> None:
    """The submitter's confirmation e-mail (after the submission is stored: a mail server
    that fails never undoes a submission; the failure is logged)."""
    if not to:
        return
    u = Utkast.objects.select_related(
        "partnerskap__region", "partnerskap__virksomhet__region", "behovsmelding", "sendt_av"
    ).get(pk=pk)
    assert u.behovsmelding is not None and u.sendt is not None
    from .receipt import mottaker

    with translation.override(sprak):
        sendt = timezone.localtime(u.sendt)
        values = {
            "ref": referanse(u.behovsmelding.pk),
            "navn": f"{u.partnerskap.navn} {u.aar}",
            "mottaker": mottaker(region_of(u), sprak),
            "dato": f"{sendt:%d.%m.%Y}",
            "tid": f"{sendt:%H:%M}",
            "hvem": _user_name(u.sendt_av),
            "lenke": lenke,
        }
        subject = _("Behovsmeldingen er sendt inn – referanse %(ref)s") % values
        body = (
            _(
                "Hei!\n\n"
                "Behovsmeldingen «%(navn)s» er sendt inn til %(mottaker)s %(dato)s kl. %(tid)s "
                "av %(hvem)s.\n\n"
                "Referanse: %(ref)s\n\n"
                "Kvitteringen finner du her (logg inn for å åpne den):\n%(lenke)s\n\n"
                "Oppgi referansen når du kontakter %(mottaker)s om behovsmeldingen.\n"
            )
            % values
        )
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except Exception:
        log.exception("Kvitteringen på e-post til %s kunne ikke sendes (utkast %s).", to, pk)
        web_services.audit(
            "kvittering_epost_feilet",
            by=u.sendt_av,
            bm=u.behovsmelding,
            beskrivelse=f"Kvitteringen på e-post til {to} kunne ikke sendes.",
            detaljer={"utkast": pk},
        )
        return
    web_services.audit(
        "kvittering_epost_sendt",
        by=u.sendt_av,
        bm=u.behovsmelding,
        beskrivelse=f"Kvittering sendt på e-post til {to} ({values['ref']}).",
        detaljer={"utkast": pk, "til": to, "sprak": sprak},
    )


def _file_part(name: str) -> str:
    """A name for a file name with its letters kept ("Bodø kommune" → "Bodø-kommune"); the
    download sends it as RFC 6266 ``filename*`` (Django's FileResponse)."""
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-_")[:40] or "behovsmelding"


def changes_from_last_year(forrige: Behovsmelding, record: Record) -> list[Endring]:
    old = carried_forward(Record.from_dict(forrige.innhold.data), record.aar or skjema_aar())
    old.videreforer_fjoraaret = record.videreforer_fjoraaret
    return changes(forms.values(old), forms.values(record))


def _audit_changes_from_last_year(
    forrige: Behovsmelding, record: Record, bm: Behovsmelding, *, by: User
) -> None:
    endringer = changes_from_last_year(forrige, record)
    aar = record.aar or skjema_aar()
    web_services.audit(
        "videreført_fra",
        by=by,
        bm=bm,
        beskrivelse=(
            f"Videreført fra behovsmelding {forrige.pk} ({forrige.aar}): "
            f"{len(endringer)} felt er endret siden i fjor."
        ),
        detaljer={"forrige": forrige.pk, "endret": [e.felt for e in endringer]},
    )
    for e in endringer:
        web_services.audit(
            "endret_fra_fjoraaret",
            by=by,
            bm=bm,
            felt=e.felt[:100],
            before=_plain(e.for_verdi),
            after=_plain(e.etter_verdi),
            beskrivelse=f"Endret fra i fjor: {label_for(e.felt, aar)}",
        )


def _plain(v: Any) -> str:
    return ", ".join(v) if isinstance(v, list) else str(v or "")


@transaction.atomic
def choose_uh(utkast: Utkast, virksomhet: Virksomhet | None, *, by: User) -> Utkast:
    """Let the people of a UH organisation of the register write in the draft (``None``: no
    one but the owner's people). The organisation is picked from the register; an e-mail
    address typed by the owner never gives anyone access."""
    u = Utkast.objects.select_for_update().get(pk=utkast.pk)
    allowed, reason = access.can_choose_uh(by, u)
    if not allowed:
        raise SkjemaError(reason)
    if virksomhet is not None and virksomhet.type not in UH_TYPER:
        raise SkjemaError(_("Velg et kompetansemiljø fra listen."))
    before = u.uh_virksomhet
    if before == virksomhet:
        return u
    u.uh_virksomhet = virksomhet
    u.save(update_fields=["uh_virksomhet"])
    navn = virksomhet.navn if virksomhet else "ingen"
    web_services.audit(
        "utkast_kompetansemiljo",
        by=by,
        felt="uh_virksomhet",
        before=before.navn if before else "",
        after=virksomhet.navn if virksomhet else "",
        beskrivelse=f"Kompetansemiljø som skriver i utkast {u.pk}: {navn}.",
        detaljer={"utkast": u.pk, "virksomhet": virksomhet.pk if virksomhet else None},
    )
    return u


@transaction.atomic
def delete_draft(utkast: Utkast, *, by: User) -> None:
    """Delete a draft that was never sent in, with its versions; the audit trail keeps who
    deleted which draft, and its tiltak."""
    u = Utkast.objects.select_for_update().get(pk=utkast.pk)
    allowed, reason = access.can_delete(by, u)
    if not allowed:
        raise SkjemaError(reason)
    from . import vedlegg

    tiltak = tiltak_titles(u)
    vedlegg.remove_files_on_commit(u)
    web_services.audit(
        "utkast_slettet",
        by=by,
        beskrivelse=(
            f"Utkast {u.pk} ({u.partnerskap.navn} {u.aar}, versjon {u.versjon}) er slettet."
        ),
        detaljer={"utkast": u.pk, "versjon": u.versjon, "tiltak": tiltak},
    )
    u.delete()


def tiltak_titles(u: Utkast) -> list[str]:
    """The draft's tiltak as the budget names them."""
    rader = ((u.data or {}).get("budsjett") or {}).get("rader") or []
    return [str(r.get("etikett")) for r in rader if r.get("etikett")]


def uh_choices() -> list[Virksomhet]:
    """The UH organisations of the register, for the owner's choice."""
    return list(Virksomhet.objects.filter(type__in=UH_TYPER).order_by("navn", "id"))


def _institusjon(v: Virksomhet) -> Institusjon:
    """The institution (as the records name it) that stands for the register's organisation."""
    found = Institusjon.objects.filter(virksomhet=v).order_by("id").first()
    if found is not None:
        return found
    i = web_services.institusjon_for(v.navn)
    assert i is not None
    if i.virksomhet_id is None:
        i.virksomhet = v
        i.save(update_fields=["virksomhet"])
    return i
