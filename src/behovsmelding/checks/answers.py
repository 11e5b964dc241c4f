"""Required answers, boxes whose state cannot be read, and the units table."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..record import ENHET_FELT, Behovsmelding, Tiltak
from .arithmetic import implied_part
from .config import CheckConfig
from .model import ALL_SKJEMA, Funn, Rule
from .paths import compile_pattern, resolve
from .text import is_blank, quote, tiltak_label

# The form's questions, as the caseworker knows them from the document.
LABELS: dict[str, str] = {
    "aar": "Årstallet i «Total sum det meldes behov for ÅÅÅÅ»",
    "ordninger": "«Behovsmeldingen gjelder» (ordning)",
    "gjelder": "«Behovsmeldingen gjelder» (Barnehage / Grunnskole / Begge deler)",
    "eier": "«Eier»",
    "kompetansenettverk": "«Kompetansenettverk»",
    "uh": "«Universitet/Høgskole» / «Kompetansemiljø»",
    "flere_eiere": "«Partnerskapet består av flere eiere?»",
    "flere_uh": "«Partnerskapet består av flere UH/kompetansemiljø?»",
    "flere_ordninger": "«Partnerskapet leverer behovsmelding i flere ordninger?»",
    "videreforer_fjoraaret": "«Partnerskapet ønsker å videreføre behovsmelding fra i fjor?»",
    "antall_tiltak": "«Totalt antall tiltak det er behov for tilskudd til?»",
    "tiltak": "Tiltakene («Tiltak N»)",
    "tiltak[*].navn": "«Navn på tiltak»",
    "tiltak[*].formaal": "«Hva skal tilskuddet brukes til?»",
    "tiltak[*].forankring": "«Beskriv hvordan tiltaket er forankret i den enkelte barnehage "
    "og skole …»",
    "tiltak[*].kollektive_prosesser": "«Beskriv hvordan tiltakene skal fremme kollektive "
    "prosesser …»",
    "tiltak[*].laererutdanning": "«Beskriv hvordan dette samarbeidet bidrar til å styrke "
    "lærerutdanningen»",
    "tiltak[*].langsiktig_plan": "«Beskriv hvordan dette tiltaket er forankret i langsiktig plan»",
    "tiltak[*].eiers_bruk": "«Eiers tilskudd skal brukes på følgende måte»",
    "tiltak[*].uh_bruk": "«UH sitt tilskudd skal brukes på følgende måte»",
    "tiltak[*].koordinator": "«Det er behov for å bruke midler til koordinator for dette "
    "tiltaket?»",
    "tiltak[*].varighet": "«Tiltakets varighet»",
    "tiltak[*].maalgruppe": "«Hvem er målgruppa for tiltaket?»",
    "behov": "Del 1 «Vurdering av behov»",
    "faser": "«Hvilke(n) fase(r) er partnerskapet i»",
    "partnerskapsplan": "Del 2 «Plan for partnerskap»",
    "egeninnsats": "Del 3 «Eiers egeninnsats»",
    "maaloppnaaelse.a": "Del 4 a) «Tiltakene er gjennomført i tråd med planer og behovsmeldinger»",
    "maaloppnaaelse.b": "Del 4 b) «Tiltakene har bidratt til planlagt praksisendring»",
    "maaloppnaaelse.c": "Del 4 c) «Tiltakene har styrket det profesjonelle læringsfellesskapet»",
    "maaloppnaaelse.d": "Del 4 d) «Tiltakene har utviklet kompetanse for å forebygge "
    "utenforskap …»",
    "maaloppnaaelse.e": "Del 4 e) «Tiltakene har styrket og praksisrettet lærerutdanningen»",
    "maalgruppe": "Del 5 «Målgruppe»",
    "budsjett_i_vedlegg": "Del 6 «leverer budsjett i vedlegg ja/nei»",
    "okonomi": "Del 6 «Økonomi og varighet»",
    "varighet": "Del 6 «Tiltakets varighet»",
    "koordinator_sum": "«Sum koordinator»",
    "videreutdanning": "Del 7 «Er behovsmeldingen sett i sammenheng med videreutdanning?»",
    "samiske_perspektiver": "Del 7 «De samiske perspektivene er ivaretatt i behovsmeldingen?»",
    "medbestemmelse.droftet": "«Behovsmeldingen har vært drøftet i medbestemmelse» (Ja/Nei)",
    "medbestemmelse.deltakere": "«Hvem som har deltatt» (medbestemmelse)",
    "enheter": "«Hvor mange enheter er inkludert i behovsmeldingen?»",
}
_CONTACT_FIELDS = {
    "navn": "navn",
    "funksjon": "funksjon",
    "telefon": "telefon",
    "epost": "e-post",
    "kontonr": "kontonummer",
    "orgnr": "organisasjonsnummer",
    "merkes": "«Ev. merkes»",
}
for _who, _who_label in (("eier", "eier"), ("uh", "UH")):
    for _key, _label in _CONTACT_FIELDS.items():
        LABELS[f"kontaktpersoner.{_who}.{_key}"] = f"Kontaktperson for {_who_label}: {_label}"

# Where the two generations word a question differently.
_LABELS_BY_SKJEMA: dict[str, dict[str, str]] = {
    "lokal-2024": {
        "uh": "«Universitet/Høgskole»",
        "flere_uh": "«Partnerskapet består av flere UH?»",
    },
    "kollektiv-2026": {
        "uh": "«Kompetansemiljø»",
        "flere_uh": "«Partnerskapet består av flere kompetansemiljø?»",
    },
}


def label(record: Behovsmelding, text: str) -> str:
    """The form's wording of the question at field pattern ``text``."""
    own = _LABELS_BY_SKJEMA.get(record.skjema, {}).get(text)
    return own if own is not None else LABELS.get(text, text)


# The box questions of each form generation (form structure, not policy). Lists hold the
# ticked boxes of a group and are null exactly when the document does not show the boxes;
# a single choice is null both when nothing is ticked and when the boxes are not shown.
BOX_LISTS: dict[str, tuple[str, ...]] = {
    "lokal-2024": ("ordninger", "tiltak[*].varighet"),
    "kollektiv-2026": ("faser", "varighet"),
}
BOX_SINGLES: dict[str, tuple[str, ...]] = {
    "lokal-2024": (
        "flere_eiere",
        "flere_uh",
        "flere_ordninger",
        "tiltak[*].koordinator",
        "medbestemmelse.droftet",
    ),
    "kollektiv-2026": (
        "gjelder",
        "flere_eiere",
        "flere_uh",
        "videreforer_fjoraaret",
        "budsjett_i_vedlegg",
        "videreutdanning",
        "samiske_perspektiver",
        "medbestemmelse.droftet",
    ),
}
_PATTERNS = {
    text: compile_pattern(text)
    for group in (*BOX_LISTS.values(), *BOX_SINGLES.values())
    for text in group
}


def _from_web(record: Behovsmelding) -> bool:
    return record.kilde is not None and record.kilde.format == "web"


def box_states_lost(record: Behovsmelding) -> bool:
    """Whether the document lost its box states (e.g. in a conversion), so that a single
    choice left at null cannot be told from one left unanswered. Seen when every single-choice
    question of the form (at least two) is null; a web form never loses them."""
    if _from_web(record):
        return False
    values = [
        value
        for text in BOX_SINGLES.get(record.skjema, ())
        for value, _, _ in resolve(record, _PATTERNS[text])
    ]
    return len(values) >= 2 and all(v is None for v in values)


# Questions whose null can only mean "not shown": a group of boxes (nothing ticked is []),
# and the coordinator question of lokal-2024, which has a single "Ja ☐" box (unticked is Nei).
_NULL_IS_UNREADABLE = frozenset({"tiltak[*].koordinator"})


def _unreadable(record: Behovsmelding, pattern_text: str, lost: bool) -> bool:
    """Whether a null answer to this box question means the document does not show it."""
    if _from_web(record):
        return False
    if pattern_text in BOX_LISTS.get(record.skjema, ()) or pattern_text in _NULL_IS_UNREADABLE:
        return True
    return lost and pattern_text in BOX_SINGLES.get(record.skjema, ())


def _prefix(record: Behovsmelding, felt: str, parent: object) -> str:
    if felt.startswith("tiltak[") and isinstance(parent, Tiltak):
        index = int(felt[len("tiltak[") : felt.index("]")])
        return f"{tiltak_label(parent, index)}: "
    return ""


def _gets_money(t: object, part: str) -> bool:
    """Whether a tiltak's part gets an amount, so that its use must be described: written and
    not 0, or unknown. A negative amount implied by a wrong Sum totalt (Sum totalt 70 000 with
    Eier 80 000) is the sum's error (SUM_TILTAK), not an amount that needs describing."""
    if not isinstance(t, Tiltak):
        return False
    value = implied_part(t, part)
    return value is None or value > 0 or (value < 0 and getattr(t, part) is not None)


Condition = Callable[[Behovsmelding, object], bool]
# Answers the form asks for only in some cases.
CONDITIONS: dict[str, Condition] = {
    "tiltak[*].eiers_bruk": lambda r, t: _gets_money(t, "eier"),
    "tiltak[*].uh_bruk": lambda r, t: _gets_money(t, "uh"),
    "medbestemmelse.deltakere": lambda r, _: r.medbestemmelse.droftet is True,
}


def _missing_message(record: Behovsmelding, text: str, value: object) -> str:
    question = label(record, text)
    if text == "tiltak":
        return "Dokumentet har ingen tiltak (ingen del «Tiltak N» er fylt ut)."
    if text == "enheter":
        return f"{question} er ikke fylt ut for noen av enhetstypene."
    if text == "medbestemmelse.deltakere":
        return f"Medbestemmelse er krysset av med Ja, men {question} er ikke fylt ut."
    if text in BOX_SINGLES.get(record.skjema, ()) and value is None:
        # The record cannot tell the two apart: a single choice is null both ways.
        return (
            f"{question} er ikke besvart: ingen av boksene er krysset av, eller flere enn én "
            "der bare én kan velges."
        )
    if text in BOX_LISTS.get(record.skjema, ()):
        return f"{question}: ingen av boksene er krysset av."
    if isinstance(value, str):
        return f"{question} er ikke besvart (står {quote(value)})."
    return f"{question} er ikke besvart."


def mangler_svar(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    lost = box_states_lost(record)
    for pattern in config.paakrevd.get(record.skjema, ()):
        cond = CONDITIONS.get(pattern.text)
        for value, parent, pos in resolve(record, pattern):
            if not is_blank(value, config):
                continue
            if value is None and _unreadable(record, pattern.text, lost):
                continue  # BOKS_ULESELIG says so
            if cond is not None and not cond(record, parent):
                continue
            felt = pattern.path(pos)
            yield Funn(
                felt,
                _prefix(record, felt, parent) + _missing_message(record, pattern.text, value),
            )


def boks_uleselig(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    lost = box_states_lost(record)
    for text in (*BOX_LISTS.get(record.skjema, ()), *BOX_SINGLES.get(record.skjema, ())):
        if not _unreadable(record, text, lost):
            continue
        for value, parent, pos in resolve(record, _PATTERNS[text]):
            if value is None:
                felt = _PATTERNS[text].path(pos)
                yield Funn(
                    felt,
                    _prefix(record, felt, parent)
                    + f"{label(record, text)}: dokumentet viser ikke hvilke bokser som er "
                    "krysset av (trolig tapt ved konvertering). Kontroller svaret i originalen.",
                )


def enhet_ikke_tall(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    names = {
        "kommunale_barnehager": "Kommunale barnehager",
        "private_barnehager": "Private barnehager",
        "offentlige_skoler": "Offentlige skoler",
        "private_skoler": "Private skoler",
        "ppt": "PP-tjenester",
    }
    for key in ENHET_FELT:
        value = getattr(record.enheter, key)
        if isinstance(value, str) and not is_blank(value, config):
            yield Funn(
                f"enheter.{key}",
                f"Antall enheter, {names[key]}: står {quote(value)}, ikke et antall.",
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "MANGLER_SVAR",
        "feil",
        ALL_SKJEMA,
        "Et påkrevd svar er tomt, står på Words plassholder, eller er bare «-»/«--» eller "
        "kulepunkter uten tekst. Hvilke "
        "svar som er påkrevd per skjema står i konfigurasjonen (paakrevd). Feil: skjemaet kan "
        "ikke behandles uten svaret.",
        mangler_svar,
    ),
    Rule(
        "BOKS_ULESELIG",
        "advarsel",
        ALL_SKJEMA,
        "Dokumentet viser ikke hvilke bokser som er krysset av for et spørsmål (f.eks. tapt "
        "ved konvertering til tekst); én gang per spørsmål. Advarsel: svaret kan godt være "
        "gitt i originalen, saksbehandleren må se etter der.",
        boks_uleselig,
    ),
    Rule(
        "ENHET_IKKE_TALL",
        "merknad",
        ALL_SKJEMA,
        "Et felt i «Hvor mange enheter …» har tekst (f.eks. «X») i stedet for et antall. "
        "Merknad: meningen er som regel klar, men tallet må tolkes for statistikken.",
        enhet_ikke_tall,
    ),
)
