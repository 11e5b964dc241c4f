"""Attachments to a report (accounts, reports): checked and stored like the owners' form's
(``skjema/vedlegg.py``: the type from the content, the size before reading, the file under a
generated name in ``ORIGINALS_DIR``), added and removed by who writes the report until it is
sent in, audited."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from .. import services as web_services
from ..skjema import vedlegg as skjema_vedlegg
from ..skjema.services import SkjemaError
from . import access
from .models import Rapport, Vedlegg
from .services import RapportError, referanse


def path_of(v: Vedlegg) -> Path:
    return web_services.originals_dir() / v.lagret_som


def upload(
    rapport: Rapport, *, filnavn: str, innhold: IO[bytes], storrelse: int, by: User
) -> Vedlegg:
    try:
        navn, data, filtype, stored = skjema_vedlegg.checked_file(filnavn, innhold, storrelse)
    except SkjemaError as e:
        raise RapportError(str(e)) from e
    path = web_services.originals_dir() / stored
    with transaction.atomic():
        r = Rapport.objects.select_for_update().get(pk=rapport.pk)
        allowed, reason = access.can_edit(by, r)
        if not allowed:
            raise RapportError(reason)
        if r.vedlegg.count() >= skjema_vedlegg.maks_antall():
            raise RapportError(
                _("Rapporten har allerede %(n)s vedlegg. Slett et før du laster opp et nytt.")
                % {"n": r.vedlegg.count()}
            )
        path.write_bytes(data)
        try:
            v = Vedlegg.objects.create(
                rapport=r,
                filnavn=navn,
                filtype=filtype.key,
                lagret_som=stored,
                sha256=hashlib.sha256(data).hexdigest(),
                storrelse=len(data),
                lastet_opp_av=by,
            )
            web_services.audit(
                "rapport.attachment_added",
                by=by,
                after=navn,
                beskrivelse=f"Vedlegg «{navn}» lastet opp til rapport {referanse(r)}.",
                detaljer={"rapport": r.pk, "vedlegg": v.pk, "sha256": v.sha256},
            )
        except Exception:
            path.unlink(missing_ok=True)
            raise
    return v


def delete(vedlegg: Vedlegg, *, by: User) -> None:
    with transaction.atomic():
        r = Rapport.objects.select_for_update().get(pk=vedlegg.rapport_id)
        allowed, reason = access.can_edit(by, r)
        if not allowed:
            raise RapportError(reason)
        v = Vedlegg.objects.get(pk=vedlegg.pk)
        web_services.audit(
            "rapport.attachment_removed",
            by=by,
            before=v.filnavn,
            beskrivelse=f"Vedlegg «{v.filnavn}» slettet fra rapport {referanse(r)}.",
            detaljer={"rapport": r.pk, "vedlegg": v.pk, "sha256": v.sha256},
        )
        path = path_of(v)
        v.delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
