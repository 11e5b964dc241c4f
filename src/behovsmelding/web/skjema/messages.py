"""The findings shown on the form, in the owner's language.

The check engine (the core) writes its messages in bokmål, with the numbers and the owner's
values in them. For nynorsk this module rewrites a message phrase by phrase: first the
phrases of its rule (keyed by the finding's ``kode``), then the phrases every rule uses. Only
the form's words are replaced; the numbers and the quoted values («…») are kept as they are,
so "Totalt 401 501 passer ikke …" becomes "Totalt 401 501 passar ikkje …".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...record import Behovsmelding as Record
from .. import services as web_services
from .fields import html_id

# Per rule: its own phrases (bokmål → nynorsk), applied before the common ones.
PER_KODE: dict[str, tuple[tuple[str, str], ...]] = {
    "MANGLER_SVAR": (
        ("ingen av boksene er krysset av", "ingen av boksane er kryssa av"),
        (
            "eller flere enn én der bare én kan velges",
            "eller fleire enn éin der berre éin kan veljast",
        ),
        ("er ikke fylt ut for noen av enhetstypene", "er ikkje fylt ut for nokon av einingstypane"),
        ("er krysset av med Ja, men", "er kryssa av med Ja, men"),
        ("er ikke besvart", "er ikkje svart på"),
    ),
    "SUM_RAD": (
        ("passer ikke med resten", "passar ikkje med resten"),
        ("linjene over gir", "linjene over gir"),
        ("som på Sum-linjen", "som på Sum-linja"),
        ("stemmer begge", "stemmer begge"),
    ),
    "SUM_KOLONNE": (
        ("passer ikke med resten", "passar ikkje med resten"),
        ("linjene over gir", "linjene over gir"),
        ("som på Sum-linjen", "som på Sum-linja"),
    ),
    "SUM_DEL_MANGLER": (
        ("er fylt ut, men", "er fylt ut, men"),
        ("er tomt", "er tomt"),
        ("Summene i skjemaet tilsier", "Summane i skjemaet tilseier"),
    ),
    "MANGLER_BELOP": (("Sum-linjen under", "Sum-linja under"),),
    "MEDBESTEMMELSE_NEI": (
        (
            "er oppgitt å ikke ha vært drøftet i medbestemmelse",
            "er oppgitt å ikkje ha vore drøfta i medbestemming",
        ),
        (
            "Tillitsvalgte skal involveres etter Hovedavtalen.",
            "Tillitsvalde skal involverast etter Hovudavtalen.",
        ),
    ),
    "ROLLE_NAVN_BYTTET": (
        ("ser ut som et personnavn", "ser ut som eit personnamn"),
        ("som en organisasjon eller rolle", "som ein organisasjon eller ei rolle"),
        ("kolonnene ser ut til å være byttet om", "kolonnane ser ut til å vere bytte om"),
    ),
    "PARTNER_BYTTET": (
        ("ser ut som et personnavn", "ser ut som eit personnamn"),
        ("som en organisasjon", "som ein organisasjon"),
        ("kolonnene ser ut til å være byttet om", "kolonnane ser ut til å vere bytte om"),
    ),
    "KOORDINATOR_GRENSE": (
        ("veiledende grense", "rettleiande grense"),
        ("over den veiledende grensen på", "over den rettleiande grensa på"),
        (
            "Koordinator kan bare finansieres «i begrenset omfang»",
            "Koordinator kan berre finansierast «i avgrensa omfang»",
        ),
    ),
    "KOORDINATOR_SUM_UTEN_BEGRUNNELSE": (
        (
            "men koordinatorbehovet er ikke begrunnet",
            "men behovet for koordinator er ikkje grunngitt",
        ),
    ),
    "VARIGHET_UTENFOR": (
        ("Tiltakets varighet har", "Varigheita til tiltaket har"),
        ("utenfor søknadens år", "utanfor åra i søknaden"),
        ("Høst", "Haust"),
    ),
    "FLERE_EIERE_UTEN_LISTE": (
        (
            "er krysset Ja, men listen over partnerskapet har ingen andre",
            "er kryssa Ja, men lista over partnarskapet har ingen andre",
        ),
    ),
    "FLERE_UH_UTEN_LISTE": (
        (
            "er krysset Ja, men listen over partnerskapet har ingen andre",
            "er kryssa Ja, men lista over partnarskapet har ingen andre",
        ),
    ),
    "ENHET_IKKE_TALL": (
        ("Antall enheter", "Talet på einingar"),
        ("ikke et antall", "ikkje eit tal"),
    ),
    "UGYLDIG_VERDI": (("er ikke et tall", "er ikkje eit tal"),),
    "EPOST_UGYLDIG": (
        ("e-postadressen", "e-postadressa"),
        ("en gyldig adresse (navn@domene.no)", "ei gyldig adresse (namn@domene.no)"),
        ("som ikke er et toppdomene", "som ikkje er eit toppdomene"),
        ("ender på", "sluttar på"),
    ),
}

# Phrases of the form that many messages quote: its questions, as the nynorsk form words them.
FELLES: tuple[tuple[str, str], ...] = (
    (
        "«Behovsmeldingen gjelder» (Barnehage / Grunnskole / Begge deler)",
        "«Behovsmeldinga gjeld» (Barnehage / Grunnskule / Begge delar)",
    ),
    ("«Partnerskapet består av flere eiere?»", "«Partnarskapet består av fleire eigarar?»"),
    (
        "«Partnerskapet består av flere kompetansemiljø?»",
        "«Partnarskapet består av fleire kompetansemiljø?»",
    ),
    (
        "«Partnerskapet består av flere UH/kompetansemiljø?»",
        "«Partnarskapet består av fleire UH/kompetansemiljø?»",
    ),
    (
        "«Partnerskapet ønsker å videreføre behovsmelding fra i fjor?»",
        "«Partnarskapet ønskjer å vidareføre behovsmelding frå i fjor?»",
    ),
    ("«Total sum det meldes behov for»", "«Total sum det blir meldt behov for»"),
    ("«Hvilke(n) fase(r) er partnerskapet i»", "«Kva for fase(r) er partnarskapet i»"),
    ("Del 1 «Vurdering av behov»", "Del 1 «Vurdering av behov»"),
    ("Del 2 «Plan for partnerskap»", "Del 2 «Plan for partnarskap»"),
    ("Del 3 «Eiers egeninnsats»", "Del 3 «Eigaren sin eigeninnsats»"),
    (
        "«Tiltakene er gjennomført i tråd med planer og behovsmeldinger»",
        "«Tiltaka er gjennomførte i tråd med planar og behovsmeldingar»",
    ),
    (
        "«Tiltakene har bidratt til planlagt praksisendring»",
        "«Tiltaka har bidrege til planlagd praksisendring»",
    ),
    (
        "«Tiltakene har styrket det profesjonelle læringsfellesskapet»",
        "«Tiltaka har styrkt det profesjonelle læringsfellesskapet»",
    ),
    (
        "«Tiltakene har utviklet kompetanse for å forebygge utenforskap …»",
        "«Tiltaka har utvikla kompetanse for å førebyggje utanforskap …»",
    ),
    (
        "«Tiltakene har styrket og praksisrettet lærerutdanningen»",
        "«Tiltaka har styrkt og praksisretta lærarutdanninga»",
    ),
    ("Del 5 «Målgruppe»", "Del 5 «Målgruppe»"),
    ("«leverer budsjett i vedlegg ja/nei»", "«leverer budsjett i vedlegg ja/nei»"),
    ("Del 6 «Økonomi og varighet»", "Del 6 «Økonomi og varigheit»"),
    ("«Tiltakets varighet»", "«Varigheita til tiltaket»"),
    (
        "«Er behovsmeldingen sett i sammenheng med videreutdanning?»",
        "«Er behovsmeldinga sett i samanheng med vidareutdanning?»",
    ),
    (
        "«De samiske perspektivene er ivaretatt i behovsmeldingen?»",
        "«Dei samiske perspektiva er tekne vare på i behovsmeldinga?»",
    ),
    (
        "«Behovsmeldingen har vært drøftet i medbestemmelse» (Ja/Nei)",
        "«Behovsmeldinga har vore drøfta i medbestemming» (Ja/Nei)",
    ),
    ("«Hvem som har deltatt» (medbestemmelse)", "«Kven som har delteke» (medbestemming)"),
    (
        "«Hvor mange enheter er inkludert i behovsmeldingen?»",
        "«Kor mange einingar er inkluderte i behovsmeldinga?»",
    ),
    ("«Sum koordinator»", "«Sum koordinator»"),
    ("«Eier»", "«Eigar»"),
    ("«Kompetansenettverk»", "«Kompetansenettverk»"),
    ("«Kompetansemiljø»", "«Kompetansemiljø»"),
    ("Kontaktperson for eier: navn", "Kontaktperson for eigar: namn"),
    ("Kontaktperson for eier: funksjon", "Kontaktperson for eigar: funksjon"),
    ("Kontaktperson for UH: navn", "Kontaktperson for UH: namn"),
    ("Kontaktperson for eier", "Kontaktperson for eigar"),
    ("Budsjett, linjen", "Budsjett, linja"),
    ("Budsjett: Sum-linjen", "Budsjett: Sum-linja"),
    ("Partnerlisten, rad", "Partnarlista, rad"),
    ("Medbestemmelse, deltaker", "Medbestemming, deltakar"),
    ("«Navn på eier/UH»", "«Namn på eigar/UH»"),
    ("«Navn»", "«Namn»"),
    ("«Eier/UH»", "«Eigar/UH»"),
    ("Kommunale barnehager", "Kommunale barnehagar"),
    ("Private barnehager", "Private barnehagar"),
    ("Offentlige skoler", "Offentlege skular"),
    ("Private skoler", "Private skular"),
    ("PP-tjenester", "PP-tenester"),
    ("Navn", "Namn"),
    ("Sum-linjen", "Sum-linja"),
    ("på linjen", "på linja"),
    ("Eier + UH blir", "Eigar + UH blir"),
    ("Eier", "Eigar"),
    ("er ikke fylt ut", "er ikkje fylt ut"),
    ("ikke", "ikkje"),
    ("Behovsmeldingen", "Behovsmeldinga"),
    ("behovsmeldingen", "behovsmeldinga"),
    ("søknadens", "søknaden sin"),
    ("er krysset av", "er kryssa av"),
    ("(differanse", "(skilnad"),
)


_NOT_WORD = r"[\wæøåÆØÅ]"


@lru_cache(maxsize=64)
def _compiled(kode: str, quoted: bool) -> tuple[tuple[re.Pattern[str], str], ...]:
    pairs = [(nb, nn) for nb, nn in PER_KODE.get(kode, ()) + FELLES if ("«" in nb) == quoted]
    return tuple(
        (re.compile(f"(?<!{_NOT_WORD})" + re.escape(nb) + f"(?!{_NOT_WORD})"), nn)
        for nb, nn in pairs
    )


def nynorsk(kode: str, melding: str) -> str:
    """The check message in nynorsk; numbers and quoted values stay as they were.

    First the form's own questions, which the messages quote («…»); then the other words,
    outside quotes only, since a quote is otherwise the owner's own text.
    """
    for rx, nn in _compiled(kode, True):
        melding = rx.sub(nn, melding)
    parts = re.split(r"(«[^«»]*»)", melding)
    for i in range(0, len(parts), 2):
        for rx, nn in _compiled(kode, False):
            parts[i] = rx.sub(nn, parts[i])
    return "".join(parts)


def translate(
    funn: Iterable[Mapping[str, str]], language: str | None = None
) -> list[dict[str, str]]:
    lang = language or get_language() or "nb"
    out = []
    for f in funn:
        d = dict(f)
        if lang == "nn":
            d["melding"] = nynorsk(d["kode"], d["melding"])
        out.append(d)
    return out


def findings(record: Record, ugyldig: Mapping[str, str]) -> list[dict[str, str]]:
    """The check engine's findings as the web form needs them, plus one feil per value that
    is not a number. A value that is not a number is one message at its field: the findings
    that follow from it being missing (its row's sums, the column's sum, "UH er tomt") are left
    out. A single choice on the web cannot have two ticks: its message says so. The Sum row is
    computed, so its sum findings are left out (the row's own message is the one to fix)."""
    funn = [_web_message(f) for f in web_services.run_checks(record)]
    scopes = _scopes(ugyldig)
    funn = [f for f in funn if not _in_scope(f.get("felt") or "", scopes) and not _at_sum(f)]
    for path, raw in ugyldig.items():
        if path.endswith(".uh_institusjon") and path.removesuffix("_institusjon") in ugyldig:
            continue  # kept as typed; the amount's own message is the one to fix
        if path.endswith(".uh_institusjon"):
            msg = _("UH-institusjonen «%(v)s» er skrevet uten et UH-beløp.")
        else:
            msg = _("«%(v)s» er ikke et tall.")
        funn.append(
            {
                "kode": "UGYLDIG_VERDI",
                "alvorlighet": "feil",
                "felt": path,
                "melding": msg % {"v": raw},
            }
        )
    return funn


_ROW = re.compile(r"^(budsjett\.rader\[\d+\])\.")
_BOXES = ": ingen av boksene er krysset av, eller flere enn én der bare én kan velges."


def _scopes(ugyldig: Mapping[str, str]) -> set[str]:
    out: set[str] = set()
    for path in ugyldig:
        m = _ROW.match(path)
        if m:
            out |= {m.group(1), "budsjett.sum"}
        elif path.startswith("enheter."):
            out |= {path, "enheter"}
        else:
            out.add(path)
    return out


def _at_sum(f: Mapping[str, str]) -> bool:
    """The web form computes the Sum row from the rows (``forms.computed_sum``): a sum finding
    there only repeats the message at the row it comes from."""
    return (f.get("felt") or "").startswith("budsjett.sum") and f.get("kode", "").startswith("SUM_")


def _in_scope(felt: str, scopes: set[str]) -> bool:
    return any(felt == s or felt.startswith((s + ".", s + "[")) for s in scopes)


def _web_message(f: Mapping[str, str]) -> dict[str, str]:
    d = dict(f)
    if d.get("kode") == "MANGLER_SVAR" and d.get("melding", "").endswith(_BOXES):
        question = d["melding"][: -len(_BOXES)].removesuffix(" er ikke besvart")
        d["melding"] = _("%(q)s er ikke besvart: velg ett av svarene.") % {"q": question}
    return d


def for_page(funn: Iterable[Mapping[str, str]]) -> list[dict[str, Any]]:
    """Findings as the page shows them: translated, with the id of the field they concern."""
    return [{**f, "id": html_id(f["felt"]) if f["felt"] else ""} for f in translate(funn)]
