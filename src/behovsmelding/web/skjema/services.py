"""Every action on a draft is one function here (the caseworkers' ``services`` style).

Each takes the draft and the acting user, runs in one transaction, raises
:class:`SkjemaError` (a Norwegian message for the user) when it cannot be done, and writes an
audit entry through :func:`behovsmelding.web.services.audit` where a behovsmelding is
concerned. A draft's own saves are logged as :class:`~.models.Versjon` rows (who, when, what).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ...record import Behovsmelding as Record
from ...record import Belop, Budsjett, Budsjettrad, Kilde, Maaloppnaaelse
from .. import access as web_access
from .. import services as web_services
from ..models import UH_TYPER, Behovsmelding, Institusjon, Originalfil, Virksomhet
from . import access, forms
from .config import skjema_aar
from .diff import Endring, changes
from .fields import label_for
from .models import Tilstand, Utkast, Versjon


class SkjemaError(Exception):
    """An action on a draft that cannot be done; the message is meant for the user."""


@dataclass
class Konflikt(SkjemaError):
    """Someone saved the draft after the version this save was based on."""

    versjon: int
    endringer: list[Endring]
    lagret_av: str = ""
    verdier: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return _(
            "%(hvem)s lagret behovsmeldingen mens du skrev. Endringene dine er ikke lagret, "
            "men de står fortsatt i skjemaet."
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


@transaction.atomic
def create_draft(*, by: User, record: Record | None = None) -> Utkast:
    allowed, reason = access.can_create(by)
    if not allowed:
        raise SkjemaError(reason)
    partnerskap = web_access.eget_partnerskap(by)
    assert partnerskap is not None
    aar = skjema_aar()
    rec = record or empty_record(aar, partnerskap.navn)
    u = Utkast.objects.create(
        partnerskap=partnerskap, aar=aar, data=rec.to_dict(), opprettet_av=by, endret_av=by
    )
    Versjon.objects.create(utkast=u, nr=1, data=u.data, lagret_av=by)
    return u


def last_years(by: User) -> Behovsmelding | None:
    """Last year's behovsmelding of the owner's partnership (the latest received)."""
    partnerskap = web_access.eget_partnerskap(by)
    if partnerskap is None:
        return None
    return (
        web_access.visible(by)
        .filter(partnerskap=partnerskap, aar=skjema_aar() - 1)
        .select_related("innhold")
        .order_by("-mottatt", "-id")
        .first()
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
            _sum_row(rec.budsjett)
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


def _sum_row(b: Budsjett) -> None:
    def add(vals: list[int | None]) -> int | None:
        return sum(v for v in vals if v is not None) if any(v is not None for v in vals) else None

    uh = add([r.uh_sum for r in b.rader])
    b.sum = Budsjettrad(
        etikett="Sum",
        eier=add([r.eier for r in b.rader]),
        uh=[Belop(uh)] if uh is not None else [],
        totalt=add([r.totalt for r in b.rader]),
    )


@transaction.atomic
def carry_forward(*, by: User) -> Utkast:
    allowed, reason = access.can_create(by)
    if not allowed:
        raise SkjemaError(reason)
    old = last_years(by)
    if old is None:
        raise SkjemaError(
            _("Fant ingen behovsmelding fra %(aar)s for partnerskapet å videreføre.")
            % {"aar": skjema_aar() - 1}
        )
    rec = carried_forward(Record.from_dict(old.innhold.data), skjema_aar())
    u = create_draft(by=by, record=rec)
    u.forrige = old
    u.save(update_fields=["forrige"])
    web_services.audit(
        "videreført",
        by=by,
        bm=old,
        beskrivelse=f"Videreført til et nytt utkast for {u.aar} (utkast {u.pk}).",
        detaljer={"utkast": u.pk},
    )
    return u


@transaction.atomic
def save_draft(
    utkast: Utkast, utfylt: forms.Utfylt, *, base_versjon: int, by: User, force: bool = False
) -> Utkast:
    """Store the form as the draft's next version, unless someone saved since ``base_versjon``."""
    u = Utkast.objects.select_for_update().get(pk=utkast.pk)
    allowed, reason = access.can_edit(by, u)
    if not allowed:
        raise SkjemaError(reason)
    if base_versjon != u.versjon and not force:
        base = Versjon.objects.filter(utkast=u, nr=base_versjon).first()
        before = forms.values(Record.from_dict(base.data), base.ugyldig) if base else {}
        now = forms.values(Record.from_dict(u.data), u.ugyldig)
        theirs = changes(before, now)
        raise Konflikt(
            versjon=u.versjon,
            endringer=theirs,
            lagret_av=_user_name(u.endret_av),
            verdier={e.felt: e.etter_verdi for e in theirs},
        )
    data = utfylt.record.to_dict()
    if data == u.data and utfylt.ugyldig == u.ugyldig:
        return u  # nothing changed: no new version
    u.data = data
    u.ugyldig = utfylt.ugyldig
    u.versjon += 1
    u.endret_av = by
    u.save(update_fields=["data", "ugyldig", "versjon", "endret_av", "endret"])
    Versjon.objects.create(utkast=u, nr=u.versjon, data=data, ugyldig=u.ugyldig, lagret_av=by)
    return u


def label(path: str, aar: int) -> str:
    return label_for(path, aar)


@transaction.atomic
def submit(utkast: Utkast, *, by: User) -> Behovsmelding:
    """Send the draft in: it becomes a behovsmelding (status mottatt) with a receipt PDF."""
    from .receipt import render_receipt

    u = (
        Utkast.objects.select_for_update(of=("self",))
        .select_related("partnerskap__region", "uh_virksomhet")
        .get(pk=utkast.pk)
    )
    allowed, reason = access.can_edit(by, u)
    if not allowed:
        raise SkjemaError(reason)
    record = Record.from_dict(u.data)
    funn = web_services.run_checks(record)
    feil = [f for f in funn if f["alvorlighet"] == "feil"]
    feil += [
        {"kode": "UGYLDIG_VERDI", "alvorlighet": "feil", "felt": k, "melding": v}
        for k, v in u.ugyldig.items()
    ]
    if feil:
        raise IkkeKlar(feil)
    sendt = timezone.now()
    pdf = render_receipt(record, sendt=sendt, innsender=_user_name(by))
    sha = hashlib.sha256(pdf).hexdigest()
    stored = f"{uuid.uuid4().hex}.pdf"
    path = web_services.originals_dir() / stored
    path.write_bytes(pdf)
    try:
        original = Originalfil.objects.create(
            sha256=sha,
            filnavn=f"kvittering-{slugify(u.partnerskap.navn)[:40]}-{u.aar}.pdf",
            lagret_som=stored,
            storrelse=len(pdf),
            lastet_opp_av=by,
        )
        bm = web_services.create_behovsmelding(
            record,
            by=by,
            region=u.partnerskap.region,
            partnerskap=u.partnerskap,
            original=original,
            funn=funn,
        )
        if u.uh_virksomhet is not None:
            # The UH partner is the organisation the owner chose, not the name typed.
            bm.institusjon = _institusjon(u.uh_virksomhet)
            bm.save(update_fields=["institusjon"])
        web_services.audit(
            "sendt_inn",
            by=by,
            bm=bm,
            beskrivelse=(
                f"Sendt inn på nett av {_user_name(by)} (utkast {u.pk}, versjon {u.versjon})."
            ),
            detaljer={"utkast": u.pk, "versjon": u.versjon},
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
    return bm


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
