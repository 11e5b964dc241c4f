"""One name per UH institution, whatever the forms call it.

The forms name the same partner in many ways ("HINN/ SePU", "Høgskolen i Innlandet/ SePU",
"Læringsmiljøsenteret, Universitetet i Stavanger", "Universitetet i Stavanger,
Læringsmiljøsentret"). A UH user sees the behovsmeldinger of its institution, so these must
meet. The rules are data: the first rule whose every word occurs in the folded name wins; a
name no rule knows keeps its own spelling. Add a rule here when a new spelling turns up.
"""

from __future__ import annotations

import re

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
