"""The report's receipt: what was sent in, as a PDF with the reference, the recipient and who
sent it when, in the language the person had chosen (bokmål or nynorsk)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..skjema.fields import MAAL
from ..skjema.receipt import mottaker, sprak_of
from . import kontroll
from .models import Rapport, Rapportlinje


def region_of(rapport: Rapport) -> Any:
    v = rapport.partnerskap.virksomhet
    return (v.region if v is not None else None) or rapport.partnerskap.region


def context(rapport: Rapport, ls: list[Rapportlinje], *, sprak: str) -> dict[str, Any]:
    from .services import innsender, referanse, som_kontroll

    kl = [som_kontroll(li) for li in ls]
    return {
        "rapport": rapport,
        "aar": rapport.rapportrunde.runde.aar,
        "referanse": referanse(rapport),
        "mottaker": mottaker(region_of(rapport), sprak_of(sprak)),
        "sendt": timezone.localtime(rapport.sendt_inn or timezone.now()),
        "innsender": innsender(rapport),
        "linjer": [
            {
                "l": li,
                "k": k,
                "maal": [(str(label), str(li.maal().get(b) or "")) for b, label in MAAL],
            }
            for li, k in zip(ls, kl, strict=True)
        ],
        "summer": kontroll.summer(kl),
        "vedlegg": list(rapport.vedlegg.all()),
    }


def render_html(rapport: Rapport, ls: list[Rapportlinje], *, sprak: str = "nb") -> str:
    with translation.override(sprak_of(sprak)):
        return render_to_string("rapport/kvittering.html", context(rapport, ls, sprak=sprak))


def render_kvittering(rapport: Rapport, ls: list[Rapportlinje], *, sprak: str = "nb") -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    pdf: bytes = weasyprint.HTML(string=render_html(rapport, ls, sprak=sprak)).write_pdf()
    return pdf
