"""One function per action on the themes; each writes an audit entry and raises
:class:`TemaError` with a Norwegian message when it cannot be done."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from ..forum.models import Post
from ..services import audit
from . import access, tema, temaord
from .models import Tema, Temakorreksjon

MAKS_NAVN = 100


class TemaError(Exception):
    pass


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise TemaError(reason)


def _clean(
    navn: str, navn_nn: str, ord: str, *, unntatt: int | None = None
) -> tuple[str, str, str]:
    navn, navn_nn = " ".join(navn.split()), " ".join(navn_nn.split())
    words = [w.strip() for w in ord.replace(",", "\n").splitlines() if w.strip()]
    feil: list[str] = []
    if not navn:
        feil.append("Temaet må ha et navn.")
    if len(navn) > MAKS_NAVN or len(navn_nn) > MAKS_NAVN:
        feil.append(f"Navnet kan ha høyst {MAKS_NAVN} tegn.")
    same = Tema.objects.filter(navn__iexact=navn)
    if unntatt is not None:
        same = same.exclude(pk=unntatt)
    if navn and same.exists():
        feil.append(f"Temaet «{navn}» finnes allerede.")
    feil += temaord.problems(words)
    if feil:
        raise TemaError(" ".join(feil))
    return navn, navn_nn, "\n".join(dict.fromkeys(words))


@transaction.atomic
def create_tema(navn: str, navn_nn: str, ord: str, *, by: User) -> Tema:
    _require(access.can_manage_themes(by))
    navn, navn_nn, ord = _clean(navn, navn_nn, ord)
    last = Tema.objects.order_by("-rekkefolge").values_list("rekkefolge", flat=True).first()
    t = Tema.objects.create(navn=navn, navn_nn=navn_nn, ord=ord, rekkefolge=(last or 0) + 1)
    endret = tema.oppdater_alle()
    audit(
        "tema.created",
        by=by,
        felt=f"tema:{t.pk}",
        after=f"{navn} ({navn_nn}): {', '.join(t.ordliste)}",
        beskrivelse=f"Tema «{navn}» lagt til; {endret} tiltak–tema-koblinger endret.",
        detaljer={"tema": t.pk},
    )
    return t


@transaction.atomic
def change_tema(t: Tema, navn: str, navn_nn: str, ord: str, *, by: User) -> bool:
    """Rename a theme or change its words; every tiltak's themes are worked out again.
    Returns False when nothing changed."""
    _require(access.can_manage_themes(by))
    navn, navn_nn, ord = _clean(navn, navn_nn, ord, unntatt=t.pk)
    before = f"{t.navn} ({t.navn_nn}): {', '.join(t.ordliste)}"
    if (t.navn, t.navn_nn, t.ord) == (navn, navn_nn, ord):
        return False
    t.navn, t.navn_nn, t.ord = navn, navn_nn, ord
    t.save()
    endret = tema.oppdater_alle()
    audit(
        "tema.changed",
        by=by,
        felt=f"tema:{t.pk}",
        before=before,
        after=f"{navn} ({navn_nn}): {', '.join(t.ordliste)}",
        beskrivelse=f"Tema «{navn}» endret; {endret} tiltak–tema-koblinger endret.",
        detaljer={"tema": t.pk},
    )
    return True


@transaction.atomic
def correct_themes(post: Post, valgte: Iterable[int], *, by: User) -> bool:
    """Set one tiltak's themes to ``valgte`` (theme ids). A theme the words find and the
    caseworker leaves out, or one they add, is kept as a correction; a choice equal to what
    the words find keeps no correction. Returns False when nothing changed."""
    _require(access.can_manage_themes(by))
    alle = {t.pk: t.navn for t in Tema.objects.all()}
    valgt = set(valgte)
    ukjent = valgt - set(alle)
    if ukjent:
        raise TemaError("Ukjent tema i valget.")
    pats = tema.patterns()
    found = temaord.themes_in(tema.texts_of(post.navn, post.detaljer.get("maalgruppe")), pats)
    before = sorted(post.temaer.values_list("tema_id", flat=True))
    Temakorreksjon.objects.filter(post=post).delete()
    for t in sorted(valgt ^ found):
        Temakorreksjon.objects.create(post=post, tema_id=t, valgt=t in valgt, endret_av=by)
    tema.oppdater_post(post, pats)
    after = sorted(valgt)
    if before == after:
        return False
    audit(
        "tiltak.themes_corrected",
        by=by,
        bm=post.behovsmelding,
        felt=f"temaer:{post.tittel}"[:100],
        before=", ".join(alle[t] for t in before if t in alle),
        after=", ".join(alle[t] for t in after),
        beskrivelse=f"Temaene for «{post.tittel}» rettet av saksbehandler.",
        detaljer={"post": post.pk, "runde": post.runde_id},
    )
    return True
