"""Every action on a behovsmelding is one function here.

Each takes the object and the acting user, runs in one transaction, writes an audit entry
(:class:`~behovsmelding.web.models.Hendelse`) and raises :class:`BehovsmeldingError` with a
Norwegian message when the action is not allowed. Views only translate that error into a message.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import checks
from ..demo import describe_measures
from ..readers import Lesing, ReadError, read_bytes_with_result
from ..record import Behovsmelding as Record
from . import access, register, search
from .models import (
    Behovsmelding,
    Hendelse,
    Innhold,
    Institusjon,
    Kommentar,
    OpplastetFil,
    Opplasting,
    Ordning,
    Originalfil,
    Partnerskap,
    Region,
    Rolle,
    Utfall,
    Virksomhet,
)
from .summary import Belop, fingeravtrykk, nokkel, summarise
from .workflow import Status, status_label

log = logging.getLogger(__name__)

UKJENT_EIER = "Ukjent eier"
ORDNING_KEYS = tuple(o.value for o in Ordning)
KEPT_SUFFIXES = (".txt", ".docx", ".pdf", ".json")
MAX_COMMENT = 5000


def antall(n: int, entall: str, flertall: str) -> str:
    """``antall(1, "advarsel", "advarsler") == "1 advarsel"``; 0 and 2 take the plural."""
    return f"{n} {entall if n == 1 else flertall}"


class BehovsmeldingError(Exception):
    """An action that cannot be done; the message is Norwegian and meant for the user."""


def audit(
    handling: str,
    *,
    by: User | None,
    bm: Behovsmelding | None = None,
    felt: str = "",
    before: object = "",
    after: object = "",
    beskrivelse: str = "",
    detaljer: dict[str, Any] | None = None,
) -> Hendelse:
    return Hendelse.objects.create(
        behovsmelding=bm,
        bruker=by,
        handling=handling,
        felt=felt,
        for_verdi="" if before is None else str(before),
        etter_verdi="" if after is None else str(after),
        beskrivelse=beskrivelse,
        detaljer=detaljer or {},
    )


def run_checks(record: Record, uleselig: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The findings for a record as stored dicts; a failing check engine is a finding too.
    ``uleselig``: the fields the reader could not read with certainty (path → text)."""
    try:
        found = checks.check(record, uleselig=uleselig) if uleselig else checks.check(record)
        return [f.to_dict() for f in found]
    except Exception as e:  # the record is still worth keeping when a check has a bug
        log.exception("checks failed")
        return [
            {
                "kode": "KONTROLL_FEILET",
                "alvorlighet": "merknad",
                "felt": "",
                "melding": f"Kontrollene kunne ikke kjøres ferdig ({type(e).__name__}).",
            }
        ]


def _uavklart_partnerskap(region: Region, eier: str | None) -> Partnerskap:
    """A partnership with no owner organisation for a record whose owner is not settled: no
    owner's user sees it until a caseworker settles the owner."""
    navn = (eier or "").strip() or UKJENT_EIER
    key = nokkel(navn)
    found = Partnerskap.objects.filter(region=region, nokkel=key, virksomhet=None).first()
    if found is not None:
        return found
    if Partnerskap.objects.filter(region=region, nokkel=key).exists():
        key = f"{key} (uavklart)"
        found = Partnerskap.objects.filter(region=region, nokkel=key, virksomhet=None).first()
        if found is not None:
            return found
    return Partnerskap.objects.create(region=region, nokkel=key[:300], navn=navn[:300])


@dataclass(frozen=True, slots=True)
class Eierskap:
    """Where a received record belongs, and why it is held when it is."""

    partnerskap: Partnerskap
    avklaring: str = ""


def eierskap_for(record: Record, *, region: Region, opplaster: Partnerskap | None) -> Eierskap:
    """The partnership a received document belongs to, matched in the register by the owner
    it names (organisasjonsnummer first, then aliases). An owner's upload stays with the
    uploader's partnership; it is held "Til avklaring" when the document names another owner
    or none for certain. A caseworker's upload goes to the named owner's partnership when the
    match is certain, else it is held in a partnership no owner sees."""
    treff = register.finn_eier(record.eier, record.kontaktpersoner.eier.orgnr)
    if opplaster is not None:
        own = opplaster.virksomhet
        if treff.virksomhet is not None and own is not None and treff.virksomhet.pk == own.pk:
            return Eierskap(opplaster)
        if treff.virksomhet is not None:
            grunn = (
                f"Dokumentet oppgir eieren «{record.eier}» ({treff.virksomhet.navn}), men er "
                f"lastet opp av {opplaster.navn}."
            )
        else:
            grunn = f"{treff.grunn} Dokumentet er lastet opp av {opplaster.navn}."
        return Eierskap(opplaster, grunn)
    if treff.sikker and treff.virksomhet is not None:
        return Eierskap(register.partnerskap_for_virksomhet(region, treff.virksomhet))
    return Eierskap(_uavklart_partnerskap(region, record.eier), treff.grunn)


def institusjon_for(uh: str | None) -> Institusjon | None:
    """The institution a form's UH field names, with the register's organisation its aliases
    give (spellings folded, see register.finn_uh); an unknown name keeps its spelling."""
    if not (uh or "").strip():
        return None
    v = register.finn_uh(uh or "")
    navn = v.navn if v is not None else " ".join((uh or "").split())
    i, _ = Institusjon.objects.get_or_create(
        nokkel=nokkel(navn), defaults={"navn": navn[:300], "virksomhet": v}
    )
    if i.virksomhet_id is None and v is not None:
        i.virksomhet = v
        i.save(update_fields=["virksomhet"])
    return i


def _apply_record(bm: Behovsmelding, record: Record, funn: list[dict[str, str]]) -> None:
    s = summarise(record, funn)
    bm.tittel = s.tittel
    bm.aar = s.aar
    bm.skjema = s.skjema
    bm.eier = s.eier
    bm.kompetansenettverk = s.kompetansenettverk
    bm.uh = s.uh
    bm.ordninger = s.ordninger_kolonne
    bm.antall_tiltak = s.antall_tiltak
    bm.sum_eier, bm.sum_uh, bm.sum_totalt = s.belop.eier, s.belop.uh, s.belop.totalt
    bm.antall_feil = s.antall["feil"]
    bm.antall_advarsler = s.antall["advarsel"]
    bm.antall_merknader = s.antall["merknad"]
    bm.har_feil = s.antall["feil"] > 0
    bm.fingeravtrykk = fingeravtrykk(record.to_dict())
    for ordning in ORDNING_KEYS:
        b = s.per_ordning.get(ordning, Belop())
        setattr(bm, f"{ordning}_eier", b.eier)
        setattr(bm, f"{ordning}_uh", b.uh)
        setattr(bm, f"{ordning}_totalt", b.totalt)


def _write_details(
    bm: Behovsmelding,
    record: Record,
    funn: list[dict[str, str]],
    uleselig: dict[str, str] | None = None,
    kilder: dict[str, dict[str, Any]] | None = None,
) -> None:
    s = summarise(record, funn)
    defaults: dict[str, Any] = {"data": record.to_dict(), "funn": funn, "sokeetekst": s.sokeetekst}
    if uleselig is not None:
        defaults["uleselig"] = uleselig
    if kilder is not None:
        defaults["kilder"] = kilder
    Innhold.objects.update_or_create(behovsmelding=bm, defaults=defaults)
    search.index(bm.pk, s.sokeetekst)


@transaction.atomic
def create_behovsmelding(
    record: Record,
    *,
    by: User | None,
    region: Region,
    partnerskap: Partnerskap | None = None,
    original: Originalfil | None = None,
    funn: list[dict[str, str]] | None = None,
    avklaring: str = "",
    uleselig: dict[str, str] | None = None,
    kilder: dict[str, dict[str, Any]] | None = None,
) -> Behovsmelding:
    """Store a record read from a document, with its findings, as a new behovsmelding.

    Without ``partnerskap`` the register decides (:func:`eierskap_for`); ``avklaring`` holds
    the record "Til avklaring" with that reason; ``uleselig`` the fields the reader could not
    read with certainty (kept for later runs of the checks); ``kilder`` where each field was
    read from in the original (shown beside amounts and tick boxes)."""
    uleselig = dict(uleselig or {})
    if funn is None:
        funn = run_checks(record, uleselig)
    if partnerskap is None:
        eierskap = eierskap_for(record, region=region, opplaster=None)
        partnerskap, avklaring = eierskap.partnerskap, avklaring or eierskap.avklaring
    bm = Behovsmelding(
        region=region,
        partnerskap=partnerskap,
        institusjon=institusjon_for(record.uh),
        original=original,
        til_avklaring=bool(avklaring),
        avklaring_grunn=avklaring,
        status=Status.MOTTATT,
        status_endret=timezone.now(),
        status_endret_av=by,
    )
    _apply_record(bm, record, funn)
    bm.save()
    _write_details(bm, record, funn, uleselig, dict(kilder or {}))
    audit(
        "mottatt",
        by=by,
        bm=bm,
        felt="status",
        after=Status.MOTTATT.label,
        beskrivelse=(f"Mottatt fra fila «{original.filnavn}»" if original else "Mottatt")
        + f" med {len(funn)} funn."
        + (f" Holdt til avklaring: {avklaring}" if avklaring else ""),
        detaljer={"funn": len(funn), "avklaring": avklaring},
    )
    return bm


@transaction.atomic
def recheck_behovsmelding(bm: Behovsmelding, *, by: User | None) -> list[dict[str, str]]:
    """Run the checks again (after the check engine changed) and store what they find now.

    ``by=None`` is the system (``manage.py recheck``); a user must be allowed to.
    """
    if by is not None:
        allowed, reason = access.can_recheck(by, bm)
        if not allowed:
            raise BehovsmeldingError(reason)
    record = Record.from_dict(bm.innhold.data)
    before = len(bm.innhold.funn)
    funn = run_checks(record, bm.innhold.uleselig)
    _apply_record(bm, record, funn)
    bm.save()
    _write_details(bm, record, funn)
    audit(
        "kontrollert",
        by=by,
        bm=bm,
        felt="funn",
        before=before,
        after=len(funn),
        beskrivelse="Kontrollene er kjørt på nytt.",
    )
    return funn


@transaction.atomic
def change_status(bm: Behovsmelding, to: str, *, by: User) -> None:
    bm = Behovsmelding.objects.select_for_update().get(pk=bm.pk)
    allowed, reason = access.can_change_status(by, bm, to)
    if not allowed:
        raise BehovsmeldingError(reason)
    before = bm.status
    bm.status = to
    bm.status_endret = timezone.now()
    bm.status_endret_av = by
    bm.save(update_fields=["status", "status_endret", "status_endret_av"])
    audit(
        "status",
        by=by,
        bm=bm,
        felt="status",
        before=status_label(before),
        after=status_label(to),
        beskrivelse=f"Status endret fra «{status_label(before)}» til «{status_label(to)}».",
    )


@transaction.atomic
def add_comment(bm: Behovsmelding, tekst: str, *, by: User, delt: bool = False) -> Kommentar:
    """A caseworker's comment: internal (Statsforvalteren and the forum) unless ``delt``, when
    the partnership's people see it too."""
    allowed, reason = access.can_comment(by, bm)
    if not allowed:
        raise BehovsmeldingError(reason)
    tekst = tekst.strip()
    if not tekst:
        raise BehovsmeldingError("Kommentaren er tom.")
    if len(tekst) > MAX_COMMENT:
        raise BehovsmeldingError(f"Kommentaren er for lang (mer enn {MAX_COMMENT} tegn).")
    k = Kommentar.objects.create(behovsmelding=bm, forfatter=by, tekst=tekst, delt=delt)
    audit(
        "kommentar_delt" if delt else "kommentar",
        by=by,
        bm=bm,
        felt="kommentar",
        after=tekst,
        beskrivelse="Kommentar delt med partnerskapet." if delt else "Intern kommentar lagt til.",
    )
    return k


@transaction.atomic
def settle_owner(
    bm: Behovsmelding, virksomhet: Virksomhet, *, by: User, alias: bool = True
) -> Behovsmelding:
    """A caseworker confirms or corrects the owner of a record: it moves to that owner's
    partnership and leaves "Til avklaring". With ``alias`` the document's spelling of the
    owner becomes one of the organisation's aliases, so the next document matches."""
    allowed, reason = access.can_settle_owner(by, bm)
    if not allowed:
        raise BehovsmeldingError(reason)
    if not virksomhet.er_eier:
        raise BehovsmeldingError(f"{virksomhet.navn} er ikke en eier (kommune eller privat eier).")
    bm = (
        Behovsmelding.objects.select_for_update()
        .select_related("partnerskap", "region")
        .get(pk=bm.pk)
    )
    before = bm.partnerskap.navn
    grunn = bm.avklaring_grunn
    bm.partnerskap = register.partnerskap_for_virksomhet(bm.region, virksomhet)
    bm.til_avklaring = False
    bm.avklaring_grunn = ""
    bm.save(update_fields=["partnerskap", "til_avklaring", "avklaring_grunn"])
    if alias and bm.eier:
        try:
            register.legg_til_alias(virksomhet, bm.eier, by=by)
        except register.AliasKonflikt as e:
            raise BehovsmeldingError(str(e)) from e
    audit(
        "eier_avklart",
        by=by,
        bm=bm,
        felt="eier",
        before=before,
        after=virksomhet.navn,
        beskrivelse=f"Eier avklart: {virksomhet.navn}."
        + (f" (Holdt fordi: {grunn})" if grunn else ""),
        detaljer={"virksomhet": virksomhet.pk},
    )
    return bm


@transaction.atomic
def link_uh(bm: Behovsmelding, virksomhet: Virksomhet, *, by: User) -> None:
    """A caseworker says which UH organisation a record's UH spelling stands for: the spelling
    becomes an alias (so later documents match) and every record with that spelling gets the
    organisation as its partner."""
    allowed, reason = access.can_settle_owner(by, bm)
    if not allowed:
        raise BehovsmeldingError(reason)
    if not virksomhet.er_uh:
        raise BehovsmeldingError(f"{virksomhet.navn} er ikke en UH-institusjon.")
    if bm.institusjon_id is None:
        raise BehovsmeldingError("Behovsmeldingen oppgir ingen UH-partner.")
    # The institution is shared by every record naming it, in every region: once linked it
    # is not moved from here (that would hand other regions' records to another
    # organisation's members); locked, so two caseworkers linking at once do not both win.
    i = (
        Institusjon.objects.select_for_update(of=("self",))
        .select_related("virksomhet")
        .get(pk=bm.institusjon_id)
    )
    if i.virksomhet is not None and i.virksomhet.pk != virksomhet.pk:
        raise BehovsmeldingError(
            f"«{i.navn}» er allerede koblet til {i.virksomhet.navn}. En feil kobling rettes "
            "i virksomhetsregisteret."
        )
    try:
        register.legg_til_alias(virksomhet, bm.uh or i.navn, by=by)
    except register.AliasKonflikt as e:
        raise BehovsmeldingError(str(e)) from e
    i.virksomhet = virksomhet
    i.save(update_fields=["virksomhet"])
    audit(
        "uh_koblet",
        by=by,
        bm=bm,
        felt="uh",
        before=i.navn,
        after=virksomhet.navn,
        beskrivelse=f"UH-partneren «{i.navn}» er koblet til {virksomhet.navn}.",
        detaljer={"virksomhet": virksomhet.pk, "institusjon": i.pk},
    )


# --- receiving files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InnkommendeFil:
    """One file of an upload; ``feil`` when it was refused before it was read (too big)."""

    filnavn: str
    data: bytes
    feil: str = ""


def originals_dir() -> Path:
    path = Path(settings.ORIGINALS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def original_path(o: Originalfil) -> Path:
    return originals_dir() / o.lagret_som


def _safe_name(filnavn: str) -> str:
    name = Path(filnavn.replace("\\", "/")).name.strip() or "uten-navn"
    return name[:255]


def _upload_scope(by: User, region: Region | None) -> tuple[Region, Partnerskap | None]:
    t = access.tilgang_for(by)
    rolle = access.rolle_for(by)
    if rolle == Rolle.EIER:
        own = access.eget_partnerskap(by)
        if own is None:
            raise BehovsmeldingError(
                "Virksomheten din har ikke noe partnerskap i en region ennå; "
                "kontakt Statsforvalteren."
            )
        return own.region, own
    if rolle == Rolle.SAKSBEHANDLER:
        if t is not None and t.region is not None:
            return t.region, None
        chosen = region or Region.objects.order_by("id").first()
        if chosen is not None:
            return chosen, None
        raise BehovsmeldingError("Det finnes ingen region å ta imot behovsmeldinger i.")
    raise BehovsmeldingError(access.can_upload(by)[1] or "Brukeren kan ikke laste opp.")


F = TypeVar("F")


def begin_upload(
    files: Iterable[F], *, by: User, region: Region | None = None, i_bakgrunnen: bool = False
) -> tuple[Opplasting, Iterator[F]]:
    """Check that the user may upload and chose a file, and make the upload's report; returns
    it and the files (the first included, the rest still unread)."""
    allowed, reason = access.can_upload(by)
    if not allowed:
        raise BehovsmeldingError(reason)
    # One file at a time: ``files`` may read each file only when it is its turn.
    it = iter(files)
    first = next(it, None)
    if first is None:
        raise BehovsmeldingError("Velg minst én fil å laste opp.")
    region, partnerskap = _upload_scope(by, region)
    opplasting = Opplasting.objects.create(
        lastet_opp_av=by, region=region, partnerskap=partnerskap, i_bakgrunnen=i_bakgrunnen
    )
    return opplasting, itertools.chain([first], it)


def receive_files(
    files: Iterable[InnkommendeFil], *, by: User, region: Region | None = None
) -> Opplasting:
    """Read each file into a behovsmelding and report per file what happened.

    A file whose SHA-256 is already stored is "already received" and creates nothing. Each file
    is stored in its own transaction, so one bad file does not lose the others.
    """
    opplasting, alle = begin_upload(files, by=by, region=region)
    for f in alle:
        receive_one(
            opplasting, f, by=by, region=opplasting.region, partnerskap=opplasting.partnerskap
        )
    return opplasting


class UtfallFinnesAllerede(Exception):
    """A worker's claim on a file no longer holds: another worker stored its outcome."""


def _lagre(row: OpplastetFil) -> None:
    """Store a file's outcome. A row a background worker claimed (``tatt_av``) is written only
    while it still waits under that claim, so two workers never both store an outcome; in the
    transaction that stores the record, the record goes too (:class:`UtfallFinnesAllerede`)."""
    if row.pk is None or not row.tatt_av:
        row.save()
        return
    n = OpplastetFil.objects.filter(pk=row.pk, utfall=Utfall.VENTER, tatt_av=row.tatt_av).update(
        utfall=row.utfall,
        grunn=row.grunn,
        sha256=row.sha256,
        behovsmelding=row.behovsmelding,
        mottak="",
    )
    if n != 1:
        raise UtfallFinnesAllerede(row.filnavn)


def receive_one(
    opplasting: Opplasting,
    f: InnkommendeFil,
    *,
    by: User,
    region: Region,
    partnerskap: Partnerskap | None,
    row: OpplastetFil | None = None,
) -> OpplastetFil:
    """Read one file of an upload and store its outcome: the record with its original, or the
    reason it was not read. ``row``: the file's waiting row when a background worker reads it
    (``bakgrunn.py``); the outcome is written in the same transaction as the record, so a
    worker killed at any point leaves either both or neither."""
    filnavn = _safe_name(f.filnavn)
    if row is None:
        row = OpplastetFil(opplasting=opplasting, filnavn=filnavn)
    if f.feil:
        row.utfall, row.grunn = Utfall.IKKE_LEST, f.feil
        _lagre(row)
        return row
    sha = hashlib.sha256(f.data).hexdigest()
    row.sha256 = sha
    known = Originalfil.objects.filter(sha256=sha).select_related("behovsmelding").first()
    if known is not None:
        row.utfall = Utfall.KJENT
        bm = getattr(known, "behovsmelding", None)
        row.behovsmelding = bm
        row.grunn = (
            f"Samme fil er mottatt før (som «{known.filnavn}», "
            f"{timezone.localtime(known.mottatt):%d.%m.%Y})."
        )
        _lagre(row)
        return row
    try:
        lesing = read_bytes_with_result(f.data, filnavn)
    except ReadError as e:
        row.utfall = Utfall.IKKE_LEST
        row.grunn = e.grunn
        _lagre(row)
        return row
    except Exception as e:  # a reader bug: report it for this file, go on with the batch
        log.exception("uventet feil ved lesing av %s", filnavn)
        row.utfall = Utfall.IKKE_LEST
        row.grunn = f"uventet feil ved lesing ({type(e).__name__}); dokumentet er ikke lagret"
        _lagre(row)
        return row
    suffix = Path(filnavn).suffix.lower()
    stored = f"{uuid.uuid4().hex}{suffix if suffix in KEPT_SUFFIXES else '.bin'}"
    path = originals_dir() / stored
    path.write_bytes(f.data)
    # Stored in one transaction. A parallel one storing the same file, or the same new owner's
    # partnership, at the same moment makes it fail on a unique constraint: the file is then
    # "already received" if it is stored now, else it is stored again (the other's rows are
    # there now) – never reported as received while it is not.
    for attempt in range(3):
        try:
            with transaction.atomic():
                _store_read(row, filnavn, f.data, sha, lesing, stored, by, region, partnerskap)
            return row
        except IntegrityError:
            if Originalfil.objects.filter(sha256=sha).exists():
                path.unlink(missing_ok=True)
                row.utfall = Utfall.KJENT
                row.behovsmelding = None
                row.grunn = "Samme fil ble mottatt i en annen opplasting akkurat nå."
                _lagre(row)
                return row
            if attempt < 2:
                continue
            path.unlink(missing_ok=True)
            log.exception("lagring av %s kolliderte med samtidige lagringer", filnavn)
            row.utfall, row.behovsmelding = Utfall.IKKE_LEST, None
            row.grunn = "dokumentet kunne ikke lagres nå (samtidige lagringer); last det opp igjen"
            _lagre(row)
            return row
        except UtfallFinnesAllerede:
            path.unlink(missing_ok=True)
            raise
        except Exception as e:
            # The transaction rolled back: nothing of this document is stored. Say so for
            # this file and go on with the rest of the batch.
            path.unlink(missing_ok=True)
            log.exception("uventet feil ved lagring av %s", filnavn)
            row.utfall, row.behovsmelding = Utfall.IKKE_LEST, None
            row.grunn = f"uventet feil ved lagring ({type(e).__name__}); dokumentet er ikke lagret"
            _lagre(row)
            return row
    return row


def _store_read(
    row: OpplastetFil,
    filnavn: str,
    data: bytes,
    sha: str,
    lesing: Lesing,
    stored: str,
    by: User,
    region: Region,
    partnerskap: Partnerskap | None,
) -> None:
    """Inside the caller's transaction: the original, and the record (or the record with the
    same content it joins), and the file's outcome."""
    from . import versjoner  # it builds on this module

    record = lesing.record
    original = Originalfil.objects.create(
        sha256=sha, filnavn=filnavn, lagret_som=stored, storrelse=len(data), lastet_opp_av=by
    )
    same = versjoner.finn_samme_innhold(
        fingeravtrykk(record.to_dict()), region=region, partnerskap=partnerskap
    )
    if same is not None:
        versjoner.samme_innhold(same, original, by=by)
        row.utfall = Utfall.SAMME_INNHOLD
        row.behovsmelding = same
        row.grunn = (
            f"Samme innhold som {versjoner.beskriv(same)}; fila er lagt til som en "
            "original til, ingen ny behovsmelding."
        )
        _lagre(row)
        return
    eierskap = eierskap_for(record, region=region, opplaster=partnerskap)
    bm = create_behovsmelding(
        record,
        by=by,
        region=region,
        partnerskap=eierskap.partnerskap,
        original=original,
        funn=run_checks(record, lesing.uleselig),
        avklaring=eierskap.avklaring,
        uleselig=lesing.uleselig,
        kilder=lesing.kilder,
    )
    row.utfall = Utfall.LEST
    row.behovsmelding = bm
    row.grunn = _lest_grunn(record, bm)
    _lagre(row)


def _lest_grunn(record: Record, bm: Behovsmelding) -> str:
    from . import versjoner

    notes = [
        f"{describe_measures(record)}, {bm.antall_feil} feil, "
        f"{antall(bm.antall_advarsler, 'advarsel', 'advarsler')}."
    ]
    if bm.til_avklaring:
        notes.append(f"Til avklaring hos Statsforvalteren: {bm.avklaring_grunn}")
    earlier = versjoner.tilby_versjon(bm)
    if earlier is not None:
        notes.append(
            f"Kan være en ny versjon av {versjoner.beskriv(earlier)}; Statsforvalteren velger "
            "«ny versjon» eller «egen behovsmelding»."
        )
    return " ".join(notes)
