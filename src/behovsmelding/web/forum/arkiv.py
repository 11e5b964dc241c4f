"""Archive packages for the sak/arkiv system: Noark 5 ``arkivmelding.xml`` plus its files.

One package per round: a *saksmappe* per partnership and year (:class:`~.models.Arkivsak`,
whose systemID stays the same in every package), in it a *journalpost* per document:

- every received behovsmelding of the round's region and year: "Inngående dokument", the
  owner as sender (korrespondansepart "Avsender"), the original file as received (or, for a
  record without one, the record as JSON);
- every letter sent: "Utgående dokument", the recipient as "Mottaker" and the partners as
  "Kopimottaker", the PDF exactly as sent. A letter to a UH institution that answers several
  partnerships is filed in the first one's case with cross-references to the others.

The XML is validated against the schema copied into ``noark5/`` (the published
arkivmelding.xsd) before the package is handed out; an invalid one is never written.
The archive's own case number, once it has returned one, is stored on the
:class:`~.models.Arkivsak` (:func:`registrer_saksnummer`) and printed on later letters.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PureWindowsPath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from lxml import etree  # type: ignore[import-untyped]  # no stubs in requirements

from ... import __version__
from ..models import Behovsmelding, Partnerskap
from ..services import audit, original_path
from . import access
from .models import Arkivsak, Brev, Runde

NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_DIR = Path(__file__).resolve().parent / "noark5"
# Stable systemIDs for documents: the same letter or record has the same id in every package.
_UUID_NS = uuid.UUID("6f1c3c1e-3d8a-4f4e-9a51-2b7e0b7f5a10")
MAKS_SAKSNUMMER = 50


class ArkivError(Exception):
    """An archive action that cannot be done; the message is Norwegian."""


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "arkivmelding.xsd")))


def valider(xml: bytes) -> None:
    """Raise :class:`ArkivError` with the schema's first complaint when ``xml`` is invalid."""
    doc = etree.fromstring(xml)
    s = schema()
    if not s.validate(doc):
        raise ArkivError(f"arkivmelding.xml er ikke gyldig: {s.error_log.last_error}")


@dataclass
class Pakke:
    xml: bytes
    filer: dict[str, bytes] = field(default_factory=dict)

    def zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("arkivmelding.xml", self.xml)
            for name, data in sorted(self.filer.items()):
                z.writestr(name, data)
        return buf.getvalue()

    def skriv(self, mappe: Path) -> Path:
        mappe.mkdir(parents=True, exist_ok=True)
        (mappe / "arkivmelding.xml").write_bytes(self.xml)
        for name, data in self.filer.items():
            (mappe / name).write_bytes(data)
        return mappe


_UTRYGT = re.compile(r"[^\w.\-]+")


def filnavn(navn: str) -> str:
    """A file name of the package as one plain name on every system: path separators (also
    Windows' ``\\`` and ``C:``) and anything else but letters, digits, ``.``, ``-`` and ``_``
    become ``_``, so no entry unpacks outside the package's folder (zip slip)."""
    navn = _UTRYGT.sub("_", unicodedata.normalize("NFC", navn)).strip("._")
    return navn[:180] or "fil"


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_UUID_NS, ":".join(str(p) for p in parts)))


def _sub(parent: etree._Element, tag: str, text: object = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        el.text = str(text)
    return el


def _dt(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _part(parent: etree._Element, type: str, navn: str, org: dict[str, Any]) -> None:
    kp = _sub(parent, "korrespondansepart")
    _sub(kp, "korrespondanseparttype", type)
    _sub(kp, "korrespondansepartNavn", navn or "Ukjent")
    adresse = list(org.get("adresse") or [])
    if org.get("postadresse"):
        _sub(kp, "postadresse", org["postadresse"])
    elif adresse:
        _sub(kp, "postadresse", adresse[0])
    if org.get("postnummer"):
        _sub(kp, "postnummer", org["postnummer"])
    if org.get("poststed"):
        _sub(kp, "poststed", org["poststed"])
    if org.get("epost"):
        _sub(kp, "epostadresse", org["epost"])


def _dokument(
    jp: etree._Element, *, key: str, tittel: str, filnavn: str, when: str, av: str, format: str
) -> None:
    db = _sub(jp, "dokumentbeskrivelse")
    _sub(db, "systemID", _id("dokument", key))
    _sub(db, "dokumenttype", "Brev" if format == "brev" else "Søknad")
    _sub(db, "dokumentstatus", "Dokumentet er ferdigstilt")
    _sub(db, "tittel", tittel)
    _sub(db, "opprettetDato", when)
    _sub(db, "opprettetAv", av)
    _sub(db, "tilknyttetRegistreringSom", "Hoveddokument")
    _sub(db, "dokumentnummer", 1)
    _sub(db, "tilknyttetDato", when)
    _sub(db, "tilknyttetAv", av)
    do = _sub(db, "dokumentobjekt")
    _sub(do, "versjonsnummer", 1)
    _sub(do, "variantformat", "Produksjonsformat")
    _sub(do, "opprettetDato", when)
    _sub(do, "opprettetAv", av)
    _sub(do, "referanseDokumentfil", filnavn)


def _arkivsak(partnerskap_id: int, aar: int) -> Arkivsak:
    sak, _ = Arkivsak.objects.get_or_create(partnerskap_id=partnerskap_id, aar=aar)
    return sak


def _owner(bm: Behovsmelding) -> dict[str, Any]:
    v = bm.partnerskap.virksomhet
    if v is None:
        return {"navn": bm.eier or bm.partnerskap.navn}
    return {
        "navn": v.navn,
        "postadresse": v.postadresse,
        "postnummer": v.postnummer,
        "poststed": v.poststed,
        "epost": v.epost,
    }


def lag_pakke(runde: Runde) -> Pakke:
    """The round's archive package: every received behovsmelding and every sent letter."""
    system = f"Behovsmelding {__version__}"
    avsender = settings.BREV_AVSENDER
    enhet = str(avsender.get("avdeling") or avsender["navn"])
    ansvarlig = settings.BREV_SAKSBEHANDLER or str(avsender["navn"])
    now = timezone.now()
    root = etree.Element(f"{{{NS}}}arkivmelding", nsmap={None: NS, "xsi": XSI})
    _sub(root, "system", system)
    _sub(root, "meldingId", _id("melding", runde.pk, now.isoformat()))
    _sub(root, "tidspunkt", _dt(now))
    antall = _sub(root, "antallFiler", 0)
    filer: dict[str, bytes] = {}

    records = list(
        Behovsmelding.objects.filter(region=runde.region, aar=runde.aar)
        .select_related("partnerskap__virksomhet", "original", "innhold")
        .order_by("mottatt", "id")
    )
    letters = list(
        Brev.objects.filter(versjon__runde=runde, sendt__isnull=False).order_by("sendt", "id")
    )
    # The cases: one per partnership with a record or a letter this year.
    cases: dict[int, list[tuple[str, Any]]] = {}
    for bm in records:
        cases.setdefault(bm.partnerskap_id, []).append(("inn", bm))
    for b in letters:
        ps = b.data.get("letter", {}).get("partnerskap") or []
        if ps:
            cases.setdefault(int(ps[0]), []).append(("ut", b))
    partners = Partnerskap.objects.in_bulk(list(cases))
    saker = {pid: _arkivsak(pid, runde.aar) for pid in cases}

    for pid, docs in cases.items():
        sak, partnerskap = saker[pid], partners[pid]
        mappe = _sub(root, "mappe")
        mappe.set(f"{{{XSI}}}type", "saksmappe")
        _sub(mappe, "systemID", sak.system_id)
        if sak.saksnummer:
            _sub(mappe, "mappeID", sak.saksnummer)
        _sub(mappe, "tittel", f"Kompetanseutvikling {runde.aar} – {partnerskap.navn}")
        _sub(mappe, "opprettetDato", _dt(sak.opprettet))
        _sub(mappe, "opprettetAv", system)
        for kind, doc in docs:
            if kind == "inn":
                _inngaaende(mappe, doc, sak, filer, system)
            else:
                _utgaaende(mappe, doc, sak, saker, filer, system)
        _sub(mappe, "saksdato", timezone.localtime(sak.opprettet).date().isoformat())
        _sub(mappe, "administrativEnhet", enhet)
        _sub(mappe, "saksansvarlig", ansvarlig)
        _sub(mappe, "saksstatus", "Under behandling")
    antall.text = str(len(filer))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    valider(xml)
    return Pakke(xml=xml, filer=filer)


def _inngaaende(
    mappe: etree._Element, bm: Behovsmelding, sak: Arkivsak, filer: dict[str, bytes], av: str
) -> None:
    when = _dt(bm.mottatt)
    o = bm.original
    data: bytes | None = None
    if o is not None:
        path = original_path(o)
        if path.is_file():
            data = path.read_bytes()
            original = PureWindowsPath(o.filnavn).name  # also a Windows path's last part
            navn = filnavn(f"inn-{bm.pk}-{original}")
    if data is None:
        data = json.dumps(bm.innhold.data, ensure_ascii=False, indent=2).encode()
        navn = f"inn-{bm.pk}-behovsmelding.json"
    filer[navn] = data
    jp = _sub(mappe, "basisregistrering")
    jp.set(f"{{{XSI}}}type", "journalpost")
    _sub(jp, "systemID", _id("behovsmelding", bm.pk))
    _sub(jp, "opprettetDato", when)
    _sub(jp, "opprettetAv", av)
    _sub(jp, "referanseForelderMappe", sak.system_id)
    tittel = f"Behovsmelding {bm.aar or ''} – {bm.eier or bm.partnerskap.navn}".replace("  ", " ")
    _dokument(jp, key=f"bm{bm.pk}", tittel=tittel, filnavn=navn, when=when, av=av, format="inn")
    _sub(jp, "tittel", tittel)
    _sub(jp, "journalposttype", "Inngående dokument")
    _sub(jp, "journalstatus", "Journalført")
    _sub(jp, "journaldato", timezone.localtime(bm.mottatt).date().isoformat())
    _sub(jp, "mottattDato", when)
    _part(jp, "Avsender", _owner(bm)["navn"], _owner(bm))


def _utgaaende(
    mappe: etree._Element,
    b: Brev,
    sak: Arkivsak,
    saker: dict[int, Arkivsak],
    filer: dict[str, bytes],
    av: str,
) -> None:
    assert b.sendt is not None
    when = _dt(b.sendt)
    navn = filnavn(f"ut-{b.saksnummer.replace('/', '-')}-{b.dokumentnummer}-brev{b.pk}.pdf")
    filer[navn] = bytes(b.pdf)
    letter = b.data.get("letter", {})
    jp = _sub(mappe, "basisregistrering")
    jp.set(f"{{{XSI}}}type", "journalpost")
    _sub(jp, "systemID", _id("brev", b.pk))
    _sub(jp, "opprettetDato", _dt(b.opprettet))
    _sub(jp, "opprettetAv", av)
    _sub(jp, "referanseForelderMappe", sak.system_id)
    tittel = f"{b.data.get('tittel', 'Vedtak')} – {b.mottaker}"
    _dokument(jp, key=f"brev{b.pk}", tittel=tittel, filnavn=navn, when=when, av=av, format="brev")
    _sub(jp, "tittel", tittel)
    for pid in (letter.get("partnerskap") or [])[1:]:
        other = saker.get(int(pid))
        if other is not None and other.pk != sak.pk:
            kr = _sub(jp, "kryssreferanse")
            _sub(kr, "referanseTilMappe", other.system_id)
    _sub(jp, "journalposttype", "Utgående dokument")
    _sub(jp, "journalstatus", "Ekspedert")
    _sub(jp, "journaldato", b.dato.isoformat())
    _sub(jp, "dokumentetsDato", b.dato.isoformat())
    _sub(jp, "sendtDato", when)
    _part(jp, "Mottaker", b.mottaker, {**letter, "epost": b.epost})
    for k in letter.get("kopi") or []:
        _part(jp, "Kopimottaker", k.get("navn", ""), k)


@transaction.atomic
def registrer_saksnummer(
    partnerskap: Partnerskap, aar: int, saksnummer: str, *, by: User
) -> Arkivsak:
    """Store the case number the archive returned for a partnership's case; later letters to
    that partnership carry it."""
    allowed, reason = access.can_manage(by)
    if not allowed:
        raise ArkivError(reason)
    saksnummer = saksnummer.strip()
    if not saksnummer or len(saksnummer) > MAKS_SAKSNUMMER:
        raise ArkivError("Skriv saksnummeret slik arkivet oppgir det, for eksempel 2026/1234.")
    sak = _arkivsak(partnerskap.pk, aar)
    before = sak.saksnummer
    sak.saksnummer = saksnummer
    sak.save(update_fields=["saksnummer", "endret"])
    audit(
        "partnerskap.archive_case_set",
        by=by,
        felt="saksnummer",
        before=before,
        after=saksnummer,
        detaljer={"arkivsak": sak.pk, "partnerskap": partnerskap.navn, "aar": aar},
        obj=sak,
    )
    return sak


@transaction.atomic
def sett_saksnummer(runde: Runde, saksnummer: str, *, by: User) -> None:
    """Set the round's case reference (printed on letters that have no archive number)."""
    allowed, reason = access.can_manage(by)
    if not allowed:
        raise ArkivError(reason)
    saksnummer = saksnummer.strip()
    if len(saksnummer) > MAKS_SAKSNUMMER:
        raise ArkivError(f"Saksnummeret kan ha høyst {MAKS_SAKSNUMMER} tegn.")
    before = runde.saksnummer
    runde.saksnummer = saksnummer
    runde.save(update_fields=["saksnummer"])
    audit(
        "runde.case_number_set",
        by=by,
        felt="saksnummer",
        before=before,
        after=saksnummer,
        detaljer={"runde": runde.pk, "aar": runde.aar},
        obj=runde,
    )
