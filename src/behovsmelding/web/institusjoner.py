"""One name per UH institution and one key per owner, whatever the forms call them.

The forms name the same partner in many ways ("HINN/ SePU", "Høgskolen i Innlandet/ SePU",
"Læringsmiljøsenteret, Universitetet i Stavanger", "Universitetet i Stavanger,
Læringsmiljøsentret"). A UH user sees the behovsmeldinger of its institution, so these must
meet. The rules are data: the first rule whose every word occurs in the folded name wins; a
name no rule knows keeps its own spelling. Add a rule here when a new spelling turns up.

Owners (partnerships) are found by the owner's name with case, spacing, punctuation and Unicode
composition folded (:func:`eier_nokkel`), else by their organisasjonsnummer when the record
gives a valid one and an earlier record of the region had it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from stdnum.no import orgnr as stdnum_orgnr

if TYPE_CHECKING:
    from .models import Partnerskap, Region

# (words that must all occur in the folded name, the institution's name)
RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("sepu",), "Høgskolen i Innlandet / SePU"),
    (("høgskolen i innlandet",), "Høgskolen i Innlandet / SePU"),
    (("hinn",), "Høgskolen i Innlandet / SePU"),
    (("læringsmiljøsent",), "Læringsmiljøsenteret, Universitetet i Stavanger"),
    (("lms",), "Læringsmiljøsenteret, Universitetet i Stavanger"),
    (("nord universitet",), "Nord universitet"),
    (("nord univ",), "Nord universitet"),
    (("uit",), "UiT Norges arktiske universitet"),
    (("norges arktiske",), "UiT Norges arktiske universitet"),
    (("dronning mauds minne",), "Dronning Mauds Minne Høgskole for barnehagelærerutdanning"),
    (("dmmh",), "Dronning Mauds Minne Høgskole for barnehagelærerutdanning"),
    (("ntnu",), "NTNU"),
    (("oslomet",), "OsloMet"),
    (("universitetet i agder",), "Universitetet i Agder"),
)

_WORDS = re.compile(r"[\w]+")


def canonical(navn: str) -> str:
    folded = " ".join(_WORDS.findall(navn.casefold()))
    padded = f" {folded} "
    for words, name in RULES:
        if all((f" {w} " in padded) if len(w) <= 4 else (w in folded) for w in words):
            return name
    return " ".join(navn.split())


def eier_nokkel(navn: str) -> str:
    """The key every spelling of one owner's name shares: "Bodø kommune", "BODØ KOMMUNE",
    "Bodø Kommune ", "Bodø kommune." → "bodø kommune". NFKC first, so that a letter a PDF gives
    as base + combining mark ("a" + "̊") meets the typed "å"."""
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", navn).casefold()))


def orgnr_nokkel(orgnr: str | None) -> str | None:
    """The nine digits of a valid organisasjonsnummer ("974 562 115", "974.562.115"), else
    None: an invalid number must not tie a record to somebody else's partnership."""
    digits = re.sub(r"[\s.]", "", orgnr or "")
    return digits if stdnum_orgnr.is_valid(digits) else None


def finn_partnerskap(region: Region, navn: str | None, orgnr: str | None) -> Partnerskap | None:
    """The region's partnership a record belongs to, or None when it names a new owner.

    The folded name decides first: a record is never moved away from a known owner of its own
    name, since the partnership decides who may see it. An owner that renamed itself, or whose
    name is misspelt, is then still found by its organisasjonsnummer (the upload report says
    when the name differs).
    """
    # Imported here: the name rules above are used by forum/poster.py, which needs no Django.
    from .models import Innhold, Partnerskap

    nokkel = eier_nokkel(navn or "")
    if nokkel:
        for p in Partnerskap.objects.filter(region=region).only("id", "navn", "nokkel", "region"):
            if eier_nokkel(p.navn) == nokkel:
                return p
    nummer = orgnr_nokkel(orgnr)
    if nummer is not None:
        # The number as written in earlier records of the region ("974 562 115" and
        # "974562115" alike): compare the digits in Python; a region holds some hundreds of
        # records over the years (bench: 750 in five years).
        skrevet = Innhold.objects.filter(behovsmelding__region=region)
        for partnerskap_id, tekst in skrevet.values_list(
            "behovsmelding__partnerskap_id", "data__kontaktpersoner__eier__orgnr"
        ).order_by("behovsmelding_id"):
            if isinstance(tekst, str) and orgnr_nokkel(tekst) == nummer:
                return Partnerskap.objects.get(pk=partnerskap_id)
    return None
