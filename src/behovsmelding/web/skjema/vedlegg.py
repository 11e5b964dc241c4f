"""Attachments to a draft: a budget for one tiltak or for the whole behovsmelding.

Every action is one function (the acting user as an argument, one transaction, an audit entry,
:class:`~.services.SkjemaError` with a Norwegian message when it cannot be done). The file's
type is told by its content (``filtyper.py``); the file is stored like the uploaded originals,
in ``ORIGINALS_DIR`` under a generated name, and served only through a view that checks access.
A tiltak is known by its budget row's stable id (``merge.py``), so an attachment stays with its
tiltak when rows above it are removed. On submission the attachments follow the draft into the
behovsmelding (:func:`attach_to`), where the caseworker finds them.
"""

from __future__ import annotations

import hashlib
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .. import services as web_services
from ..models import Behovsmelding
from . import access, filtyper
from .merge import row_ids
from .models import Utkast, Vedlegg
from .services import SkjemaError

BUDSJETT = "budsjett.rader"


def maks_mb() -> int:
    return int(getattr(settings, "BEHOVSMELDING_VEDLEGG_MAKS_MB", 10))


def maks_antall() -> int:
    return int(getattr(settings, "BEHOVSMELDING_VEDLEGG_MAKS_ANTALL", 20))


def storrelse_tekst(n: int) -> str:
    """``12_900_000`` → ``"12,3 MB"``; ``850`` → ``"1 kB"`` (as people read file sizes)."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".replace(".", ",") + " MB"
    return f"{max(1, round(n / 1024))} kB"


def path_of(v: Vedlegg) -> Path:
    return web_services.originals_dir() / v.lagret_som


def _safe_name(filnavn: str) -> str:
    """The name as the person's computer had it (letters kept), without folders or control
    characters."""
    name = filnavn.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[-255:] or "vedlegg"


def tiltak_choices(u: Utkast) -> list[tuple[str, str]]:
    """The draft's tiltak as (budget row id, name): what an attachment may belong to."""
    rader = ((u.data or {}).get("budsjett") or {}).get("rader") or []
    ids = row_ids(u.rader or {}, {BUDSJETT: len(rader)})[BUDSJETT]
    out = []
    for i, (rid, r) in enumerate(zip(ids, rader, strict=True)):
        navn = str((r or {}).get("etikett") or "").strip()
        out.append((rid, navn or _("Tiltak %(n)s") % {"n": i + 1}))
    return out


def gjelder(u: Utkast, rad: str) -> str:
    """What an attachment belongs to, in words."""
    if not rad:
        return _("Hele behovsmeldingen")
    return dict(tiltak_choices(u)).get(rad) or _("Et tiltak som er fjernet fra budsjettet")


def _refuse_content(navn: str, data: bytes) -> filtyper.Filtype:
    found = filtyper.detect(data)
    if found is None:
        raise SkjemaError(
            _(
                "«%(navn)s» kan ikke lastes opp: bare PDF, Excel (XLSX), Word (DOCX) og "
                "OpenDocument-regneark (ODS) er tillatt, og det er innholdet som avgjør, ikke "
                "filnavnet."
            )
            % {"navn": navn}
        )
    ending = filtyper.endelse(navn)
    if ending != found.endelse:
        raise SkjemaError(
            _(
                "«%(navn)s» er en %(type)s-fil, men navnet slutter på «%(endelse)s». Gi filen "
                "endelsen %(riktig)s og last den opp igjen."
            )
            % {
                "navn": navn,
                "type": found.navn,
                "endelse": ending or _("(ingen endelse)"),
                "riktig": found.endelse,
            }
        )
    return found


def checked_file(
    filnavn: str, innhold: IO[bytes], storrelse: int
) -> tuple[str, bytes, filtyper.Filtype, str]:
    """An uploaded file checked as an attachment (the size before it is read, then its type
    from the content): its safe name, its bytes, its type and a new generated name to store it
    under. Raises :class:`SkjemaError` with the reason; the owners' form and the report both
    use it."""
    navn = _safe_name(filnavn)
    if storrelse > maks_mb() * 1024 * 1024:
        raise SkjemaError(
            _("«%(navn)s» er %(str)s; et vedlegg kan være på høyst %(maks)s MB.")
            % {"navn": navn, "str": storrelse_tekst(storrelse), "maks": maks_mb()}
        )
    data = innhold.read(maks_mb() * 1024 * 1024 + 1)
    if len(data) > maks_mb() * 1024 * 1024:  # the size told was not the size sent
        raise SkjemaError(
            _("«%(navn)s» er større enn %(maks)s MB.") % {"navn": navn, "maks": maks_mb()}
        )
    if not data:
        raise SkjemaError(_("«%(navn)s» er tom.") % {"navn": navn})
    filtype = _refuse_content(navn, data)
    return navn, data, filtype, f"{uuid.uuid4().hex}{filtype.endelse}"


def upload(
    utkast: Utkast, *, filnavn: str, innhold: IO[bytes], storrelse: int, rad: str, by: User
) -> Vedlegg:
    """Attach a file to the draft (``rad``: a tiltak's budget row id, or "" for the whole
    behovsmelding). The size is checked before the file is read."""
    navn, data, filtype, stored = checked_file(filnavn, innhold, storrelse)
    path = web_services.originals_dir() / stored
    with transaction.atomic():
        u = Utkast.objects.select_for_update(of=("self",)).get(pk=utkast.pk)
        allowed, reason = access.can_change_attachments(by, u)
        if not allowed:
            raise SkjemaError(reason)
        if rad and rad not in dict(tiltak_choices(u)):
            raise SkjemaError(_("Tiltaket finnes ikke lenger i budsjettet. Velg et annet tiltak."))
        n = Vedlegg.objects.filter(utkast=u).count()
        if n >= maks_antall():
            raise SkjemaError(
                _(
                    "Behovsmeldingen har allerede %(n)s vedlegg, som er det meste som er "
                    "tillatt. Slett et vedlegg før du laster opp et nytt."
                )
                % {"n": n}
            )
        path.write_bytes(data)
        try:
            v = Vedlegg.objects.create(
                utkast=u,
                rad=rad,
                filnavn=navn,
                filtype=filtype.key,
                lagret_som=stored,
                sha256=hashlib.sha256(data).hexdigest(),
                storrelse=len(data),
                lastet_opp_av=by,
            )
            web_services.audit(
                "utkast.attachment_added",
                by=by,
                after=navn,
                obj=u,
                detaljer={
                    "utkast": u.pk,
                    "vedlegg": v.pk,
                    "rad": rad,
                    "sha256": v.sha256,
                    "storrelse": storrelse_tekst(len(data)),
                    "gjelder": gjelder(u, rad),
                },
            )
        except Exception:
            path.unlink(missing_ok=True)
            raise
    return v


def delete(vedlegg: Vedlegg, *, by: User) -> None:
    """Remove an attachment from a draft that is not sent in; the file goes when the
    transaction is committed."""
    with transaction.atomic():
        u = Utkast.objects.select_for_update(of=("self",)).get(pk=vedlegg.utkast_id)
        allowed, reason = access.can_change_attachments(by, u)
        if not allowed:
            raise SkjemaError(reason)
        v = Vedlegg.objects.get(pk=vedlegg.pk)
        web_services.audit(
            "utkast.attachment_removed",
            by=by,
            before=v.filnavn,
            obj=u,
            detaljer={
                "utkast": u.pk,
                "vedlegg": v.pk,
                "rad": v.rad,
                "sha256": v.sha256,
                "storrelse": storrelse_tekst(v.storrelse),
                "gjelder": gjelder(u, v.rad),
            },
        )
        path = path_of(v)
        v.delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def remove_files_on_commit(u: Utkast) -> None:
    """When a draft is deleted: its attachments' files go once the deletion is committed."""
    paths = [path_of(v) for v in Vedlegg.objects.filter(utkast=u)]

    def remove() -> None:
        for p in paths:
            p.unlink(missing_ok=True)

    if paths:
        transaction.on_commit(remove)


def attach_to(bm: Behovsmelding, u: Utkast) -> None:
    """On submission: the draft's attachments become the behovsmelding's."""
    Vedlegg.objects.filter(utkast=u).update(behovsmelding=bm)


@dataclass(frozen=True, slots=True)
class Linje:
    """An attachment as the receipt and the pages list it."""

    pk: int
    filnavn: str
    storrelse: str
    gjelder: str
    rad: str


def lines(u: Utkast, *, sprak: str | None = None) -> list[Linje]:
    """The draft's attachments (``sprak="nb"``: in bokmål, as the receipt is)."""
    with translation.override(sprak) if sprak else nullcontext():
        return [
            Linje(v.pk, v.filnavn, storrelse_tekst(v.storrelse), gjelder(u, v.rad), v.rad)
            for v in Vedlegg.objects.filter(utkast=u).order_by("lastet_opp", "id")
        ]


def for_behovsmelding(bm: Behovsmelding) -> list[Linje]:
    """The attachments sent in with a behovsmelding (for the caseworker's page)."""
    return [
        Linje(v.pk, v.filnavn, storrelse_tekst(v.storrelse), gjelder(v.utkast, v.rad), v.rad)
        for v in Vedlegg.objects.filter(behovsmelding=bm)
        .select_related("utkast")
        .order_by("lastet_opp", "id")
    ]
