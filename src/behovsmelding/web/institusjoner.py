"""One name per UH institution and one key per owner, whatever the forms call them.

The forms name the same partner in many ways ("HINN/ SePU", "Høgskolen i Innlandet/ SePU",
"Læringsmiljøsenteret, Universitetet i Stavanger", "Universitetet i Stavanger,
Læringsmiljøsentret"). These meet through the organisation register's aliases (data: the
initial ones come from migration ``0006_register_data``; a caseworker adds one from the record
page when a new spelling turns up).

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
    pass

_WORDS = re.compile(r"[\w]+")


def canonical(navn: str) -> str:
    """The register's name of the UH organisation ``navn`` stands for (through the aliases,
    :func:`behovsmelding.web.register.finn_uh`); a name no alias knows keeps its own spelling,
    white space folded."""
    from .register import finn_uh

    v = finn_uh(navn)
    return v.navn if v is not None else " ".join(navn.split())


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
