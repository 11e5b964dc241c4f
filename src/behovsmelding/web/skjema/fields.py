"""The kollektiv-2026 form's fields as data: record path, label, kind, options.

One description serves the page (``templates/skjema/skjema.html`` renders it), the parsing of
a posted form (``forms.py``), the labels of a conflict's changes and of the caseworker's
changes from last year, and the receipt. Labels are the Word form's own words, marked for
translation (bokmål source, nynorsk in ``locale/nn``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise

TEXT, TEXTAREA, AMOUNT, NUMBER, RADIO, CHECKBOXES, JANEI, SELECT = (
    "text",
    "textarea",
    "amount",
    "number",
    "radio",
    "checkboxes",
    "janei",
    "select",
)


@dataclass(frozen=True)
class Felt:
    path: str  # record path; in a row, relative to the row ("navn")
    label: Label
    kind: str = TEXT
    options: tuple[tuple[str, Label], ...] = ()
    hjelp: Label = ""
    autocomplete: str = "off"


@dataclass(frozen=True)
class Rader:
    """A table with a row per item (add/remove rows): ``prefix[i].<felt.path>``."""

    prefix: str
    label: Label
    felt: tuple[Felt, ...]
    legg_til: Label
    fjern: Label


@dataclass(frozen=True)
class Del:
    """A part of the form: a heading and its fields and tables, in the form's order."""

    key: str
    tittel: Label
    innhold: tuple[Felt | Rader, ...] = field(default_factory=tuple)
    hjelp: Label = ""


JA_NEI = (("ja", _("Ja")), ("nei", _("Nei")))
# The paper form's "Ja ☐ (Fyll ut liste)": the list is the partner list in the last step.
FYLL_UT_LISTE = _(
    "Ja: fyll ut listen over andre eiere og kompetansemiljø i partnerskapet (under «Partnere»)."
)


def perioder(aar: int) -> tuple[tuple[str, Label], ...]:
    return (
        (f"V{aar}", _("Vår %(aar)s") % {"aar": aar}),
        (f"H{aar}", _("Høst %(aar)s") % {"aar": aar}),
        (f"V{aar + 1}", _("Vår %(aar)s") % {"aar": aar + 1}),
        ("videre", _("Videre")),
    )


BUDSJETTRAD = Rader(
    prefix="budsjett.rader",
    label=_("Budsjett per tiltak"),
    felt=(
        Felt("etikett", _("Tiltak")),
        Felt("eier", _("Eier"), AMOUNT),
        Felt("uh", _("UH"), AMOUNT),
        Felt("uh_institusjon", _("UH-institusjon (valgfritt)")),
        Felt("totalt", _("Totalt"), AMOUNT),
    ),
    legg_til=_("Legg til tiltak"),
    fjern=_("Fjern tiltaket"),
)
PARTNERE = Rader(
    prefix="partnere",
    label=_("Liste over andre eiere og kompetansemiljø i partnerskapet"),
    felt=(
        Felt("navn", _("Navn på eier/UH")),
        Felt("kontaktperson", _("Kontaktperson")),
        Felt("rolle", _("Eier/UH"), SELECT, (("eier", _("Eier")), ("uh", _("UH")))),
    ),
    legg_til=_("Legg til partner"),
    fjern=_("Fjern partneren"),
)
DELTAKERE = Rader(
    prefix="medbestemmelse.deltakere",
    label=_("Hvem som har deltatt"),
    felt=(Felt("rolle", _("Rolle")), Felt("navn", _("Navn"))),
    legg_til=_("Legg til deltaker"),
    fjern=_("Fjern deltakeren"),
)
SUM_FELT = (
    Felt("budsjett.sum.eier", _("Sum Eier"), AMOUNT),
    Felt("budsjett.sum.uh", _("Sum UH"), AMOUNT),
    Felt("budsjett.sum.totalt", _("Sum Totalt"), AMOUNT),
)

MAAL = (
    ("a", _("a) Tiltakene er gjennomført i tråd med planer og behovsmeldinger")),
    ("b", _("b) Tiltakene har bidratt til planlagt praksisendring")),
    ("c", _("c) Tiltakene har styrket det profesjonelle læringsfellesskapet")),
    (
        "d",
        _(
            "d) Tiltakene har utviklet kompetanse for å forebygge utenforskap, fremme "
            "inkludering og gi tilpasset tilbud"
        ),
    ),
    ("e", _("e) Tiltakene har styrket og praksisrettet lærerutdanningen")),
)


def deler(aar: int) -> tuple[Del, ...]:
    """The form for the year ``aar`` (periods and last year's flag depend on it)."""
    return (
        Del(
            "topp",
            _("Behovsmeldingen gjelder"),
            (
                Felt("tittel", _("Overskrift over skjemaet (valgfritt, f.eks. tiltakets navn)")),
                Felt(
                    "gjelder",
                    _("Behovsmeldingen gjelder"),
                    RADIO,
                    (
                        ("barnehage", _("Barnehage")),
                        ("grunnskole", _("Grunnskole")),
                        ("begge", _("Begge deler")),
                    ),
                ),
                Felt("eier", _("Eier"), autocomplete="organization"),
                Felt("kompetansenettverk", _("Kompetansenettverk")),
                Felt("uh", _("Kompetansemiljø")),
            ),
        ),
        Del(
            "kontakter",
            _("Kontaktpersoner"),
            (
                Felt("kontaktpersoner.eier.navn", _("Navn (Eier)"), autocomplete="name"),
                Felt("kontaktpersoner.eier.funksjon", _("Funksjon (Eier)")),
                Felt("kontaktpersoner.uh.navn", _("Navn (UH)")),
                Felt("kontaktpersoner.uh.funksjon", _("Funksjon (UH)")),
            ),
        ),
        Del(
            "flagg",
            _("Partnerskapet"),
            (
                Felt(
                    "flere_eiere",
                    _("Partnerskapet består av flere eiere?"),
                    JANEI,
                    hjelp=FYLL_UT_LISTE,
                ),
                Felt(
                    "flere_uh",
                    _("Partnerskapet består av flere kompetansemiljø?"),
                    JANEI,
                    hjelp=FYLL_UT_LISTE,
                ),
                Felt(
                    "videreforer_fjoraaret",
                    _("Partnerskapet ønsker å videreføre behovsmelding fra %(aar)s?")
                    % {"aar": aar - 1},
                    JANEI,
                ),
            ),
        ),
        Del(
            "budsjett",
            _("Total sum det meldes behov for %(aar)s") % {"aar": aar},
            (BUDSJETTRAD, *SUM_FELT, Felt("kommentar", _("Ev. kommentar fra innsender"), TEXTAREA)),
        ),
        Del(
            "del1",
            _("1. Vurdering av behov (inkluderende prosesser)"),
            (
                Felt(
                    "behov",
                    _("Vurdering av behov"),
                    TEXTAREA,
                    hjelp=_(
                        "Beskriv hvilke utviklingsbehov som er identifisert for barnehage og/eller "
                        "grunnskole. Forklar hvordan vurderingen er gjort i samarbeid med ansatte "
                        "og eventuelle andre aktører, og hvordan prosessen har vært inkluderende. "
                        "Ta utgangspunkt i lokale behov, relevante planer og eventuelle "
                        "data/kartlegginger. Se punktet i sammenheng med punkt 6."
                    ),
                ),
                Felt(
                    "faser",
                    _("Hvilke(n) fase(r) er partnerskapet i"),
                    CHECKBOXES,
                    (
                        ("analyse", _("Analyse/vurdering av behov")),
                        ("planlegging", _("Planlegging av tiltak")),
                        ("gjennomforing", _("Gjennomføring av tiltak")),
                    ),
                ),
            ),
        ),
        Del(
            "del2",
            _("2. Plan for partnerskap"),
            (
                Felt(
                    "partnerskapsplan",
                    _("Plan for partnerskap"),
                    TEXTAREA,
                    hjelp=_(
                        "Beskriv hvordan partnerskapet er organisert. Forklar hvordan samarbeidet "
                        "planlegges, hvilke roller partene har, og hvordan tiltakene skal "
                        "planlegges og gjennomføres i fellesskap."
                    ),
                ),
            ),
        ),
        Del(
            "del3",
            _("3. Eiers egeninnsats"),
            (
                Felt(
                    "egeninnsats",
                    _("Eiers egeninnsats"),
                    TEXTAREA,
                    hjelp=_(
                        "Beskriv hvilken egeninnsats eier bidrar med i tiltaket. Dette kan være "
                        "tid, ressurser, tilrettelegging, koordinering eller andre bidrag som er "
                        "nødvendige for å gjennomføre tiltakene."
                    ),
                ),
            ),
        ),
        Del(
            "del4",
            _("4. Vurdering av måloppnåelse"),
            (
                *(Felt(f"maaloppnaaelse.{k}", label, TEXTAREA) for k, label in MAAL),
                Felt(
                    "maaloppnaaelse.oppfolging",
                    _("Beskriv hvordan dere vil dokumentere og følge opp dette (valgfritt)"),
                    TEXTAREA,
                ),
            ),
            hjelp=_(
                "Forklar hvordan dere vil vurdere måloppnåelse for tiltakene. Ta utgangspunkt i "
                "forskriftens § 5 (bokstav a–e)."
            ),
        ),
        Del(
            "del5",
            _("5. Målgruppe"),
            (
                Felt(
                    "maalgruppe",
                    _("Målgruppe"),
                    TEXTAREA,
                    hjelp=_(
                        "Beskriv hvem som er målgruppen for tiltakene. Dette kan inkludere "
                        "barnehagelærere, lærere, ledere, andre ansatte, SFO, PP-tjenesten, "
                        "kulturskole, tverrfaglige tjenester osv. Forklar hvordan målgruppen er "
                        "valgt ut fra behovsvurderingen."
                    ),
                ),
            ),
        ),
        Del(
            "del6",
            _("6. Økonomi og varighet"),
            (
                Felt("budsjett_i_vedlegg", _("Leverer budsjett i vedlegg"), JANEI),
                Felt(
                    "okonomi",
                    _("Økonomi og varighet"),
                    TEXTAREA,
                    hjelp=_(
                        "Oppgi ønsket tilskuddsbeløp fordelt på eier, "
                        "universitet/høgskole/fagskole/andre, og eventuell koordinator. Beskriv "
                        "tiltakets varighet (f.eks. vår/høst/årstall) og eventuelle planer for "
                        "videreføring. Forklar kort hvordan midlene skal brukes og eventuelle "
                        "forutsetninger for gjennomføring. UH/kompetansemiljø skal synliggjøre "
                        "kostnader for reise og opphold i sin andel."
                    ),
                ),
                Felt("varighet", _("Tiltakets varighet"), CHECKBOXES, perioder(aar)),
                Felt("koordinator_sum", _("Sum koordinator (må begrunnes ovenfor)"), AMOUNT),
            ),
        ),
        Del(
            "del7",
            _("7. Annet"),
            (
                Felt(
                    "videreutdanning",
                    _("Er behovsmeldingen sett i sammenheng med videreutdanning?"),
                    RADIO,
                    (("ja", _("Ja")), ("nei", _("Nei")), ("vet_ikke", _("Vet ikke"))),
                ),
                Felt(
                    "samiske_perspektiver",
                    _("De samiske perspektivene er ivaretatt i behovsmeldingen?"),
                    RADIO,
                    (
                        ("ja", _("Ja")),
                        ("nei", _("Nei")),
                        ("ikke_relevant", _("Vurdert ikke relevant")),
                    ),
                ),
            ),
        ),
        Del("partnere", _("Partnere"), (PARTNERE,)),
        Del(
            "medbestemmelse",
            _("Medbestemmelse"),
            (
                Felt(
                    "medbestemmelse.droftet",
                    _("Behovsmeldingen har vært drøftet i medbestemmelse"),
                    JANEI,
                ),
                DELTAKERE,
            ),
        ),
        Del(
            "enheter",
            _("Hvor mange enheter er inkludert i behovsmeldingen?"),
            (
                Felt("enheter.kommunale_barnehager", _("Kommunale barnehager"), NUMBER),
                Felt("enheter.private_barnehager", _("Private barnehager"), NUMBER),
                Felt("enheter.offentlige_skoler", _("Offentlige skoler"), NUMBER),
                Felt("enheter.private_skoler", _("Private skoler"), NUMBER),
                Felt("enheter.ppt", _("PP-tjenester"), NUMBER),
            ),
        ),
    )


@dataclass(frozen=True)
class Steg:
    """A step of the form on the web: one section of the paper form (§§ 1–7 each on their
    own), the header and the budget before them, the lists after them."""

    key: str
    tittel: Label
    deler: tuple[str, ...]


STEG = (
    Steg("om", _("Om behovsmeldingen"), ("topp", "kontakter", "flagg")),
    Steg("budsjett", _("Budsjett"), ("budsjett",)),
    Steg("del1", _("1. Vurdering av behov"), ("del1",)),
    Steg("del2", _("2. Plan for partnerskap"), ("del2",)),
    Steg("del3", _("3. Eiers egeninnsats"), ("del3",)),
    Steg("del4", _("4. Vurdering av måloppnåelse"), ("del4",)),
    Steg("del5", _("5. Målgruppe"), ("del5",)),
    Steg("del6", _("6. Økonomi og varighet"), ("del6",)),
    Steg("del7", _("7. Annet"), ("del7",)),
    Steg(
        "slutt", _("Partnere, medbestemmelse og enheter"), ("partnere", "medbestemmelse", "enheter")
    ),
)


def step_of_path(path: str, aar: int) -> int | None:
    """The number (1, 2, …) of the step that holds a record path (a row's by position)."""
    generic = _INDEX_RE.sub("[*]", path)
    by_del = {d: n for n, s in enumerate(STEG, 1) for d in s.deler}
    for d in deler(aar):
        for item in d.innhold:
            # A field's own path, a part of it, or a group of fields it belongs to.
            if isinstance(item, Felt) and (
                path == item.path
                or path.startswith(item.path + ".")
                or item.path.startswith(path + ".")
            ):
                return by_del[d.key]
            if isinstance(item, Rader) and (
                generic == item.prefix or generic.startswith(item.prefix + "[")
            ):
                return by_del[d.key]
    if path.startswith("budsjett"):
        return by_del["budsjett"]
    if path.startswith("enheter"):
        return by_del["enheter"]
    return None


def alle_felt(aar: int) -> Iterator[Felt | Rader]:
    for d in deler(aar):
        yield from d.innhold


_ID_RE = re.compile(r"[^a-z0-9]+")


def html_id(path: str) -> str:
    """The element id of a field: ``budsjett.rader[0].totalt`` → ``f-budsjett-rader-0-totalt``."""
    return "f-" + _ID_RE.sub("-", path.lower()).strip("-")


_INDEX_RE = re.compile(r"\[(\d+)\]")


def label_for(path: str, aar: int) -> str:
    """A readable label for a record path (for conflicts and changes): "Tiltak, rad 2: Eier"."""
    generic = _INDEX_RE.sub("[*]", path)
    for item in alle_felt(aar):
        if isinstance(item, Felt) and item.path == path:
            return str(item.label)
        if isinstance(item, Rader) and generic.startswith(item.prefix + "[*]."):
            m = _INDEX_RE.search(path)
            rest = generic[len(item.prefix) + 4 :]
            rest = {"uh[*].belop": "uh", "uh[*].institusjon": "uh_institusjon"}.get(rest, rest)
            for f in item.felt:
                if f.path == rest:
                    row = int(m.group(1)) + 1 if m else 0
                    rad = _("rad")
                    return f"{item.label}, {rad} {row}: {f.label}"
    return path


def kind_of(path: str, aar: int) -> str:
    """The kind of input a record path (a row's by position or by id) belongs to."""
    for item in alle_felt(aar):
        if isinstance(item, Felt) and item.path == path:
            return item.kind
        if isinstance(item, Rader) and path.startswith(item.prefix + "["):
            rest = path.rsplit(".", 1)[-1]
            for f in item.felt:
                if f.path == rest:
                    return f.kind
    return TEXT
