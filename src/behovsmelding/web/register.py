"""The organisation register: finding the organisation a document names, and its partnership.

A name seen in a document maps to an organisation of the register through the register's
aliases (data, kept by the caseworkers), never by being typed: an owner is matched by a valid
organisasjonsnummer first, then by an alias or name whose folded words are exactly the
document's; a UH institution by the first alias whose words all occur in the document's name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q

from .institusjoner import eier_nokkel, orgnr_nokkel
from .models import (
    EIER_TYPER,
    UH_TYPER,
    Alias,
    Partnerskap,
    Region,
    Virksomhet,
)

_WORDS = re.compile(r"\w+")


def alias_nokkel(navn: str) -> str:
    """The folded words of a name: case, spacing, punctuation and composition folded."""
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", navn).casefold()))


@dataclass(frozen=True, slots=True)
class Treff:
    """What the register says about the owner a document names."""

    virksomhet: Virksomhet | None
    sikker: bool
    grunn: str = ""


def _by_orgnr(orgnr: str | None, typer: frozenset[str]) -> Virksomhet | None:
    nummer = orgnr_nokkel(orgnr)
    if nummer is None:
        return None
    return Virksomhet.objects.filter(orgnr=nummer, type__in=typer).first()


def _by_name(navn: str | None, typer: frozenset[str]) -> list[Virksomhet]:
    key = alias_nokkel(navn or "")
    if not key:
        return []
    ids = set(
        Alias.objects.filter(nokkel=key, virksomhet__type__in=typer).values_list(
            "virksomhet_id", flat=True
        )
    )
    ids |= {v.pk for v in Virksomhet.objects.filter(type__in=typer) if alias_nokkel(v.navn) == key}
    return list(Virksomhet.objects.filter(pk__in=ids))


def finn_eier(navn: str | None, orgnr: str | None) -> Treff:
    """The owner organisation a document names (its name and organisasjonsnummer)."""
    by_number = _by_orgnr(orgnr, EIER_TYPER)
    by_name = _by_name(navn, EIER_TYPER)
    if by_number is not None:
        if by_name and by_number not in by_name:
            return Treff(
                None,
                False,
                f"Organisasjonsnummeret i dokumentet hører til {by_number.navn}, men navnet "
                f"«{navn}» hører til {by_name[0].navn}.",
            )
        return Treff(by_number, True)
    if len(by_name) == 1:
        return Treff(by_name[0], True)
    if len(by_name) > 1:
        return Treff(None, False, f"Navnet «{navn}» passer på flere virksomheter i registeret.")
    if not (navn or "").strip():
        return Treff(None, False, "Dokumentet oppgir ingen eier.")
    return Treff(None, False, f"Fant ikke eieren «{navn}» i virksomhetsregisteret.")


def _uh_treff(alias: str, folded: str) -> bool:
    """Whether a UH alias (folded) matches a folded name: its words occur in the name; an
    alias of four letters or fewer must be a whole word."""
    return (f" {alias} " in f" {folded} ") if len(alias) <= 4 else (alias in folded)


def finn_uh(navn: str | None) -> Virksomhet | None:
    """The UH organisation a name stands for: the first alias (longest first) whose words all
    occur in the folded name; an alias of four letters or fewer must be a whole word."""
    folded = alias_nokkel(navn or "")
    if not folded:
        return None
    aliases = Alias.objects.filter(virksomhet__type__in=UH_TYPER).select_related("virksomhet")
    for a in sorted(aliases, key=lambda a: (-len(a.nokkel), a.pk)):
        if _uh_treff(a.nokkel, folded):
            return a.virksomhet
    for v in Virksomhet.objects.filter(type__in=UH_TYPER):
        if alias_nokkel(v.navn) == folded:
            return v
    return None


def partnerskap_for_virksomhet(region: Region, v: Virksomhet) -> Partnerskap:
    """The region's partnership whose owner is ``v`` (made when it does not exist yet; a
    partnership of the same folded name that had no owner yet becomes ``v``'s)."""
    found = Partnerskap.objects.filter(region=region, virksomhet=v).first()
    if found is not None:
        return found
    key = eier_nokkel(v.navn)
    unowned = Partnerskap.objects.filter(region=region, nokkel=key, virksomhet=None).first()
    if unowned is not None:
        unowned.virksomhet = v
        unowned.save(update_fields=["virksomhet"])
        return unowned
    taken = Partnerskap.objects.filter(region=region, nokkel=key).exists()
    return Partnerskap.objects.create(
        region=region,
        virksomhet=v,
        navn=v.navn[:300],
        nokkel=key if not taken else f"{key} {v.orgnr or v.pk}",
    )


class AliasKonflikt(ValueError):
    """The spelling is already another organisation's alias; the message is for the user."""


def _sjekk_andres_navn(v: Virksomhet, key: str, navn: str) -> None:
    """Refuse an alias that would take another organisation's documents: its name (an owner
    document naming it would become ambiguous and be held, a UH name would go to ``v``), or for
    a UH organisation a spelling that would match another UH organisation's name or alias
    (:func:`finn_uh` tries the aliases before the names)."""
    other = Virksomhet.objects.exclude(pk=v.pk)
    for o in other.only("navn"):
        if alias_nokkel(o.navn) == key:
            raise AliasKonflikt(f"«{navn}» er navnet på {o.navn}.")
    if v.type not in UH_TYPER:
        return
    for o in other.filter(type__in=UH_TYPER).prefetch_related("aliaser"):
        names = [alias_nokkel(o.navn), *(a.nokkel for a in o.aliaser.all())]
        if any(_uh_treff(key, n) for n in names if n):
            raise AliasKonflikt(
                f"«{navn}» ville også passe på {o.navn}, og dokumenter som nevner den, ville "
                f"gått til {v.navn}. Bruk en lengre skrivemåte."
            )


def legg_til_alias(v: Virksomhet, navn: str, *, by: User | None = None) -> Alias | None:
    """Record ``navn`` as a spelling of ``v``; None when it is ``v``'s own name or already
    ``v``'s alias. A spelling that is another organisation's alias is refused."""
    key = alias_nokkel(navn)
    if not key or key == alias_nokkel(v.navn):
        return None
    existing = Alias.objects.filter(nokkel=key).select_related("virksomhet").first()
    if existing is not None:
        if existing.virksomhet_id == v.pk:
            return None
        raise AliasKonflikt(
            f"«{navn.strip()}» er allerede et annet navn på {existing.virksomhet.navn}."
        )
    _sjekk_andres_navn(v, key, navn.strip())
    return Alias.objects.create(virksomhet=v, navn=navn.strip()[:300], nokkel=key, opprettet_av=by)


def soek(q: str, *, typer: frozenset[str] | None = None) -> Q:
    """A filter for the register's search box: name, number or alias."""
    q = q.strip()
    cond = Q(navn__icontains=q) | Q(aliaser__navn__icontains=q)
    digits = re.sub(r"\s", "", q)
    if digits.isdigit():
        cond |= Q(orgnr__startswith=digits)
    if typer is not None:
        cond &= Q(type__in=typer)
    return cond
