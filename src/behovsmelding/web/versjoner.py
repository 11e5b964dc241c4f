"""Duplicates, versions, withdrawn records, and the status the decision gives a record.

- A record's content has a fingerprint (:func:`behovsmelding.web.summary.fingeravtrykk`); a
  file with the same content as a stored record (the .pdf of a .docx already received) is kept
  as one more original of that record (:func:`samme_innhold`), not as a new record.
- A new record of the same owner, year and region as an earlier one is offered to the
  caseworker as a new version of it (:func:`finn_mulig_versjon`); the caseworker chooses
  (:func:`velg_versjon`): "ny versjon" keeps the old one read-only, linked, out of the totals;
  "egen behovsmelding" keeps both.
- A caseworker marks a record withdrawn or a duplicate with a reason (:func:`marker`), or takes
  the mark away (:func:`fjern_markering`). A marked record leaves the overview's totals, the
  forum's posts and the exports' default.
- Finishing a vedtak moves every decided record to "Vedtak fattet" with its outcome
  (:func:`vedtak_fattet`); sending its letter to "Sendt" (:func:`marker_sendt`).

Every action is one transaction with an audit entry and raises
:class:`~behovsmelding.web.services.BehovsmeldingError` with a Norwegian message.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from . import access
from .forum.models import Post
from .models import Behovsmelding, Markering, Originalfil, Partnerskap, Region
from .services import BehovsmeldingError, audit
from .workflow import Status, Vedtaksutfall, status_label

MAKS_GRUNN = 2000


def _dato(bm: Behovsmelding) -> str:
    return f"{timezone.localtime(bm.mottatt):%d.%m.%Y}"


def beskriv(bm: Behovsmelding) -> str:
    """``«Bodø kommune 2024» (nr. 12, mottatt 03.02.2026)``: how a report names a record."""
    return f"«{bm.visningsnavn}» (nr. {bm.pk}, mottatt {_dato(bm)})"


def finn_samme_innhold(
    fingeravtrykk: str, *, region: Region, partnerskap: Partnerskap | None
) -> Behovsmelding | None:
    """A stored record with this content that the uploader's scope covers: the region's for a
    caseworker, the own partnership's for an owner (another partnership's record is never
    revealed). An unmarked record is preferred."""
    qs = Behovsmelding.objects.filter(fingeravtrykk=fingeravtrykk, region=region)
    if partnerskap is not None:
        qs = qs.filter(partnerskap=partnerskap)
    return qs.order_by("markert", "mottatt", "id").first()


@transaction.atomic
def samme_innhold(bm: Behovsmelding, original: Originalfil, *, by: User | None) -> None:
    """Keep ``original`` as one more original of ``bm`` (same content, another file)."""
    original.ekstra_for = bm
    original.save(update_fields=["ekstra_for"])
    audit(
        "behovsmelding.same_content",
        by=by,
        bm=bm,
        felt="original",
        after=original.filnavn,
        detaljer={"original": original.pk},
    )


def finn_mulig_versjon(bm: Behovsmelding) -> Behovsmelding | None:
    """The newest earlier unmarked record of the same owner (partnership), year and region."""
    if bm.aar is None or bm.til_avklaring:
        return None
    return (
        Behovsmelding.objects.filter(
            region_id=bm.region_id, partnerskap_id=bm.partnerskap_id, aar=bm.aar, markert=""
        )
        .exclude(pk=bm.pk)
        .order_by("-mottatt", "-id")
        .first()
    )


def tilby_versjon(bm: Behovsmelding) -> Behovsmelding | None:
    """Note on a newly received record which earlier one it may be a new version of."""
    earlier = finn_mulig_versjon(bm)
    if earlier is not None:
        bm.mulig_versjon_av = earlier
        bm.save(update_fields=["mulig_versjon_av"])
    return earlier


def _locked(bm: Behovsmelding) -> Behovsmelding:
    return Behovsmelding.objects.select_for_update().get(pk=bm.pk)


def _ut_av_forumet(bm: Behovsmelding) -> int:
    """A marked record leaves the forum's rounds at once (its posts become inactive, as a
    refresh would make them), so that it reaches no innstilling, vedtak, letter or payment
    list made before someone presses "Hent tiltakene på nytt". Returns how many posts."""
    return Post.objects.filter(behovsmelding=bm, aktiv=True).update(aktiv=False)


@transaction.atomic
def velg_versjon(bm: Behovsmelding, *, ny_versjon: bool, by: User) -> None:
    """The caseworker's answer to "is this a new version of …?"."""
    allowed, reason = access.can_mark(by, bm)
    if not allowed:
        raise BehovsmeldingError(reason)
    bm = _locked(bm)
    earlier = bm.mulig_versjon_av
    if earlier is None:
        raise BehovsmeldingError("Behovsmeldingen er ikke foreslått som ny versjon av en annen.")
    bm.mulig_versjon_av = None
    bm.save(update_fields=["mulig_versjon_av"])
    if not ny_versjon:
        audit(
            "behovsmelding.separate",
            by=by,
            bm=bm,
            felt="versjon",
            after="Egen behovsmelding",
            detaljer={"annen": earlier.pk, "annen_navn": beskriv(earlier)},
        )
        return
    earlier = _locked(earlier)
    if earlier.markert:
        raise BehovsmeldingError(
            f"{beskriv(earlier)} er allerede markert «{earlier.get_markert_display()}»."
        )
    earlier.markert = Markering.ERSTATTET
    earlier.markert_grunn = f"Erstattet av ny versjon {beskriv(bm)}."
    earlier.erstattet_av = bm
    earlier.save(update_fields=["markert", "markert_grunn", "erstattet_av"])
    poster = _ut_av_forumet(earlier)
    for record, kind in ((earlier, "behovsmelding.replaced"), (bm, "behovsmelding.new_version")):
        audit(
            kind,
            by=by,
            bm=record,
            felt="versjon",
            after="Erstattet" if record is earlier else "Ny versjon",
            detaljer={
                "ny": bm.pk,
                "ny_navn": beskriv(bm),
                "gammel": earlier.pk,
                "gammel_navn": beskriv(earlier),
                "forum_poster_ut": poster,
            },
        )


@transaction.atomic
def marker(
    bm: Behovsmelding,
    markering: str,
    *,
    grunn: str,
    by: User,
    duplikat_av: Behovsmelding | None = None,
) -> None:
    """Mark a record withdrawn (trukket) or a duplicate, with the reason."""
    allowed, reason = access.can_mark(by, bm)
    if not allowed:
        raise BehovsmeldingError(reason)
    if markering not in (Markering.TRUKKET, Markering.DUPLIKAT):
        raise BehovsmeldingError("Velg «Trukket» eller «Duplikat».")
    grunn = grunn.strip()[:MAKS_GRUNN]
    if not grunn:
        raise BehovsmeldingError("Skriv en begrunnelse.")
    if duplikat_av is not None and duplikat_av.pk == bm.pk:
        raise BehovsmeldingError("En behovsmelding kan ikke være duplikat av seg selv.")
    bm = _locked(bm)
    if bm.markert:
        raise BehovsmeldingError(f"Behovsmeldingen er allerede «{bm.get_markert_display()}».")
    bm.markert = markering
    bm.markert_grunn = grunn
    bm.duplikat_av = duplikat_av if markering == Markering.DUPLIKAT else None
    bm.save(update_fields=["markert", "markert_grunn", "duplikat_av"])
    poster = _ut_av_forumet(bm)
    label = Markering(markering).label
    audit(
        "behovsmelding.marked",
        by=by,
        bm=bm,
        felt="markering",
        after=label,
        detaljer={
            "markering": markering,
            "grunn": grunn,
            "duplikat_av": bm.duplikat_av_id,
            "duplikat_navn": beskriv(duplikat_av) if duplikat_av and bm.duplikat_av else "",
            "forum_poster_ut": poster,
        },
    )


@transaction.atomic
def fjern_markering(bm: Behovsmelding, *, grunn: str, by: User) -> None:
    """Take a mark away (a mistake): the record counts again."""
    allowed, reason = access.can_mark(by, bm)
    if not allowed:
        raise BehovsmeldingError(reason)
    bm = _locked(bm)
    if not bm.markert:
        raise BehovsmeldingError("Behovsmeldingen er ikke markert.")
    before = bm.get_markert_display()
    bm.markert, bm.markert_grunn, bm.duplikat_av, bm.erstattet_av = "", "", None, None
    bm.save(update_fields=["markert", "markert_grunn", "duplikat_av", "erstattet_av"])
    audit(
        "behovsmelding.mark_removed",
        by=by,
        bm=bm,
        felt="markering",
        before=before,
        detaljer={"grunn": grunn.strip()},
    )


# --- the decision ---------------------------------------------------------------------------


def _set_status(bm: Behovsmelding, to: str, by: User | None) -> str:
    before = bm.status
    bm.status = to
    bm.status_endret = timezone.now()
    bm.status_endret_av = by
    return before


@transaction.atomic
def vedtak_fattet(bm: Behovsmelding, utfall: str, *, by: User | None, versjon: str = "") -> None:
    """The vedtak is made: the record moves to "Vedtak fattet" with its outcome."""
    bm = _locked(bm)
    before = _set_status(bm, Status.VEDTAK_FATTET, by)
    before_utfall = bm.get_vedtak_utfall_display() if bm.vedtak_utfall else ""
    bm.vedtak_utfall = utfall
    bm.save(update_fields=["status", "status_endret", "status_endret_av", "vedtak_utfall"])
    label = Vedtaksutfall(utfall).label
    audit(
        "behovsmelding.vedtak_made",
        by=by,
        bm=bm,
        felt="status",
        before=status_label(before) + (f" ({before_utfall})" if before_utfall else ""),
        after=f"{Status.VEDTAK_FATTET.label} ({label})",
        detaljer={"utfall": utfall, "versjon": versjon},
    )


@transaction.atomic
def marker_sendt(
    bm: Behovsmelding,
    by: User | None,
    *,
    beskrivelse: str = "",
    detaljer: dict[str, Any] | None = None,
) -> None:
    """The letter about the record's vedtak is sent: the record moves to "Sendt"."""
    bm = _locked(bm)
    if bm.status not in (Status.VEDTAK_FATTET, Status.SENDT):
        raise BehovsmeldingError(
            "Brevet kan ikke være sendt før vedtaket er fattet "
            f"(status «{bm.get_status_display()}»)."
        )
    before = _set_status(bm, Status.SENDT, by)
    bm.save(update_fields=["status", "status_endret", "status_endret_av"])
    audit(
        "behovsmelding.letter_sent",
        by=by,
        bm=bm,
        felt="status",
        before=before,
        after=Status.SENDT,
        beskrivelse=beskrivelse,
        detaljer=detaljer,
    )
