"""§ 4 of next year's behovsmelding (vurdering av måloppnåelse) from the partnership's latest
approved report: each of a)–e) gets the report's answers, one paragraph per tiltak headed by
its title. The draft remembers where the text came from (:class:`Forhandsutfylling`), and the
form says it was prefilled, for the owner to edit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...record import Behovsmelding as Record
from ...record import Maaloppnaaelse
from ..models import Partnerskap
from .kontroll import MAAL_BOKSTAVER
from .models import Forhandsutfylling, Rapport


def siste_godkjente(partnerskap: Partnerskap, aar: int) -> Rapport | None:
    """The partnership's approved report of the latest round before ``aar``."""
    return (
        Rapport.objects.filter(
            partnerskap=partnerskap,
            status=Rapport.Status.GODKJENT,
            rapportrunde__runde__aar__lt=aar,
        )
        .select_related("rapportrunde__runde")
        .order_by("-rapportrunde__runde__aar", "-id")
        .first()
    )


def tekster(rapport: Rapport) -> dict[str, str]:
    linjer = list(rapport.linjer.select_related("post").order_by("post__nr", "post_id"))
    out = {}
    for b in MAAL_BOKSTAVER:
        svar = [(li.post.tittel, str(li.maal().get(b) or "").strip()) for li in linjer]
        svar = [(t, s) for t, s in svar if s]
        if len(svar) == 1:
            out[b] = svar[0][1]
        else:
            out[b] = "\n\n".join(f"{t}:\n{s}" for t, s in svar)
    return out


def fyll_inn(rec: Record, partnerskap: Partnerskap, aar: int) -> Rapport | None:
    """Fill a)–e) of ``rec`` from the latest approved report; the report, or None."""
    rapport = siste_godkjente(partnerskap, aar)
    if rapport is None:
        return None
    t = tekster(rapport)
    mo = rec.maaloppnaaelse or Maaloppnaaelse()
    for b in MAAL_BOKSTAVER:
        if t[b]:
            setattr(mo, b, t[b])
    rec.maaloppnaaelse = mo
    return rapport


def merk(utkast_id: int, rapport: Rapport) -> None:
    Forhandsutfylling.objects.update_or_create(utkast_id=utkast_id, defaults={"rapport": rapport})


def merknad(utkast: object) -> str:
    """The form's note at § 4 when it was prefilled from a report, else ""."""
    f = getattr(utkast, "rapport_forhandsutfylling", None)
    if f is None:
        return ""
    return _(
        "Forhåndsutfylt fra rapporten for %(aar)s: se over og endre teksten så den gjelder "
        "måloppnåelsen slik dere vurderer den nå."
    ) % {"aar": f.rapport.rapportrunde.runde.aar}
