"""The receipt: the submitted behovsmelding as a PDF laid out like the Word form.

The page uses the form's own labels, ☒/☐ boxes and tables (DejaVu Sans has the box glyphs),
so that the product's own PDF reader reads the receipt back into the same record
(``tests/web/skjema/test_skjema_receipt.py``). Above the form it names the reference number
(``web/referanse.py``), the recipient (Statsforvalteren of the owner's region) and who sent
it when. It is in the language the person chose for the form (``sprak``): the bokmål
receipt is the one the reader knows; the nynorsk one has the form's nynorsk labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...belop import tall
from ...record import Behovsmelding as Record
from ..forum.brevtekst import nynorsk_navn
from ..models import Region
from .fields import MAAL


def sprak_of(code: str | None) -> str:
    """The form's language for a language code: nynorsk or (anything else) bokmål."""
    return "nn" if (code or "").lower().startswith("nn") else "nb"


def mottaker(region: Region | str | None, sprak: str = "nb") -> str:
    """Who receives the behovsmelding: "Statsforvalteren i Nordland" (nynorsk
    "Statsforvaltaren i Nordland"), the region's Statsforvalter as the letters name it."""
    navn = region.navn if isinstance(region, Region) else (region or "")
    out = f"Statsforvalteren i {navn}" if navn else "Statsforvalteren"
    return nynorsk_navn(out) if sprak == "nn" else out


def _kr(v: int | None) -> str:
    return "" if v is None else tall(v) + ",-"


def _box(on: bool) -> str:
    return "☒" if on else "☐"


def context(
    record: Record,
    *,
    sendt: datetime,
    innsender: str,
    referanse: str = "",
    mottaker: str = "",
    vedlegg: Sequence[Any] = (),
) -> dict[str, Any]:
    """The template's values, in the active language."""
    aar = record.aar or sendt.year
    rader = [
        {
            "etikett": r.etikett or "",
            "eier": _kr(r.eier),
            "uh": " + ".join(
                _kr(b.belop) + (f" ({b.institusjon})" if b.institusjon else "") for b in r.uh
            ),
            "totalt": _kr(r.totalt),
        }
        for r in record.budsjett.rader
    ]
    s = record.budsjett.sum
    mo = record.maaloppnaaelse
    periods = [
        (f"V{aar}", _("Vår %(aar)s") % {"aar": aar}),
        (f"H{aar}", _("Høst %(aar)s") % {"aar": aar}),
        (f"V{aar + 1}", _("Vår %(aar)s") % {"aar": aar + 1}),
        ("videre", _("Videre")),
    ]
    return {
        "r": record,
        "aar": aar,
        "fjor": aar - 1,
        "box": {
            "gjelder": [
                (lbl, _box(record.gjelder == k))
                for k, lbl in (
                    ("barnehage", _("Barnehage")),
                    ("grunnskole", _("Grunnskole")),
                    ("begge", _("Begge deler")),
                )
            ],
            "faser": [
                (lbl, _box(k in (record.faser or [])))
                for k, lbl in (
                    ("analyse", _("Analyse/vurdering av behov")),
                    ("planlegging", _("Planlegging av tiltak")),
                    ("gjennomforing", _("Gjennomføring av tiltak")),
                )
            ],
            "varighet": [(lbl, _box(k in (record.varighet or []))) for k, lbl in periods],
            "videreutdanning": [
                (lbl, _box(record.videreutdanning == k))
                for k, lbl in (("ja", _("Ja")), ("nei", _("Nei")), ("vet_ikke", _("Vet ikke")))
            ],
            "samiske": [
                (lbl, _box(record.samiske_perspektiver == k))
                for k, lbl in (
                    ("ja", _("Ja")),
                    ("nei", _("Nei")),
                    ("ikke_relevant", _("Vurdert ikke relevant")),
                )
            ],
        },
        "janei": {
            key: (_box(getattr(record, key) is True), _box(getattr(record, key) is False))
            for key in ("flere_eiere", "flere_uh", "videreforer_fjoraaret", "budsjett_i_vedlegg")
        },
        "droftet": (
            _box(record.medbestemmelse.droftet is True),
            _box(record.medbestemmelse.droftet is False),
        ),
        "rader": rader,
        "sum": {
            "eier": _kr(s.eier) if s else "",
            "uh": _kr(s.uh_sum) if s else "",
            "totalt": _kr(s.totalt) if s else "",
        },
        "maal": [(lbl_text(lbl), getattr(mo, k) if mo else None) for k, lbl in MAAL],
        "oppfolging": mo.oppfolging if mo else None,
        "koordinator": _kr(record.koordinator_sum),
        "enheter": record.enheter,
        "sendt": timezone.localtime(sendt),
        "innsender": innsender,
        "referanse": referanse,
        "mottaker": mottaker,
        "vedlegg": list(vedlegg),  # vedlegg.Linje: name, size, what it belongs to
    }


def lbl_text(label: Any) -> str:
    return str(label).split(") ", 1)[1] if ") " in str(label) else str(label)


def render_html(
    record: Record,
    *,
    sendt: datetime,
    innsender: str,
    referanse: str = "",
    mottaker: str = "",
    sprak: str = "nb",
    vedlegg: Sequence[Any] = (),
) -> str:
    with translation.override(sprak_of(sprak)):
        return render_to_string(
            "skjema/kvittering.html",
            context(
                record,
                sendt=sendt,
                innsender=innsender,
                referanse=referanse,
                mottaker=mottaker,
                vedlegg=vedlegg,
            ),
        )


def render_receipt(
    record: Record,
    *,
    sendt: datetime,
    innsender: str,
    referanse: str = "",
    mottaker: str = "",
    sprak: str = "nb",
    vedlegg: Sequence[Any] = (),
) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    html = render_html(
        record,
        sendt=sendt,
        innsender=innsender,
        referanse=referanse,
        mottaker=mottaker,
        sprak=sprak,
        vedlegg=vedlegg,
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
