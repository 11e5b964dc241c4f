"""Consistency: answers that contradict each other or look misplaced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..record import Behovsmelding
from .config import CheckConfig
from .model import ALL_SKJEMA, KOLLEKTIV_2026, LOKAL_2024, Funn, Rule
from .text import is_empty_text, kr, quote, tiltak_label

# --- who is a person, what is an organisation -------------------------------------------------

_LETTER_WORDS = re.compile(r"[^\W\d_]+")
_NAME_WORD = re.compile(r"^[A-ZÆØÅÉÈÜÖÄ][\wæøåéèüöä'’-]*\.?$|^[A-ZÆØÅ]\.$")
_PARTICLES = frozenset({"av", "de", "van", "von", "der", "la", "le", "di"})
_JOINERS = re.compile(r"\s+(?:og|&)\s+|\s*[,;/]\s*")


def looks_like_organisation(text: str, config: CheckConfig) -> bool:
    """Whether a text has a word that names an organisation or a role (configured vocabulary:
    union names and acronyms, "…forbundet", "…forening", "tillitsvalgt", "kommune" …)."""
    for word in _LETTER_WORDS.findall(text):
        if word in config.organisasjonsakronymer:
            return True
        folded = word.casefold()
        if folded in config.organisasjonsord:
            return True
        if any(folded.endswith(e) for e in config.organisasjonsendelser):
            return True
    return False


def looks_like_person(text: str, config: CheckConfig) -> bool:
    """Whether a text reads as one or more personal names: 2–4 capitalised words each
    ("Randi K. Lie", "Nina Berg og Siv Strand"), no organisation word."""
    if looks_like_organisation(text, config) or any(c.isdigit() for c in text):
        return False
    names = [p for p in _JOINERS.split(text.strip()) if p]
    if not names:
        return False
    for name in names:
        words = [w for w in name.split() if w not in _PARTICLES]
        if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return False
    return True


def _swapped(person_side: str | None, org_side: str | None, config: CheckConfig) -> bool:
    if person_side is None or org_side is None:
        return False
    return (
        looks_like_person(person_side, config)
        and looks_like_organisation(org_side, config)
        and not looks_like_person(org_side, config)
    )


def rolle_navn_byttet(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, d in enumerate(record.medbestemmelse.deltakere):
        if _swapped(d.rolle, d.navn, config):
            yield Funn(
                f"medbestemmelse.deltakere[{i}].rolle",
                f"Medbestemmelse, deltaker {i + 1}: Rolle {quote(d.rolle or '')} ser ut som et "
                f"personnavn og Navn {quote(d.navn or '')} som en organisasjon eller rolle; "
                "kolonnene ser ut til å være byttet om.",
            )


def partner_byttet(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, p in enumerate(record.partnere):
        if _swapped(p.navn, p.kontaktperson, config):
            yield Funn(
                f"partnere[{i}].navn",
                f"Partnerlisten, rad {i + 1}: «Navn på eier/UH» {quote(p.navn or '')} ser ut "
                f"som et personnavn og Kontaktperson {quote(p.kontaktperson or '')} som en "
                "organisasjon; kolonnene ser ut til å være byttet om.",
            )


# --- partners and medbestemmelse --------------------------------------------------------------


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w.casefold() for w in _LETTER_WORDS.findall(text or "") if len(w) > 2)


def _same_name(a: str | None, b: str | None) -> bool:
    """Two spellings of one organisation ("Høgskolen i Fjordland/ Lesesenteret",
    "Høgskolen på Fjordland, Lesesenteret"): most of their longer words are shared."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _others_listed(record: Behovsmelding, rolle: str, main: str | None) -> bool:
    """Whether the partner list names an eier (or UH) besides the one in the header."""
    rows = [p for p in record.partnere if p.rolle in (rolle, None)]
    return len(rows) >= 2 or any(not _same_name(p.navn, main) for p in rows)


def flere_eiere_uten_liste(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if record.flere_eiere is True and not _others_listed(record, "eier", record.eier):
        yield Funn(
            "partnere",
            "«Partnerskapet består av flere eiere?» er krysset Ja, men listen over andre "
            "eiere og UH i partnerskapet har ingen andre eiere.",
        )


def flere_uh_uten_liste(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if record.flere_uh is True and not _others_listed(record, "uh", record.uh):
        what = "UH" if record.skjema == "lokal-2024" else "kompetansemiljø"
        yield Funn(
            "partnere",
            f"«Partnerskapet består av flere {what}?» er krysset Ja, men listen over "
            f"partnerskapet har ingen andre {what}.",
        )


def partner_ufullstendig(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    labels = {"navn": "Navn på eier/UH", "kontaktperson": "Kontaktperson", "rolle": "Eier/UH"}
    for i, p in enumerate(record.partnere):
        if p.navn is None and p.kontaktperson is None and p.rolle is None:
            continue  # an empty row (a web form's new line) is no answer at all
        for key, label in labels.items():
            value = getattr(p, key)
            if value is None or (isinstance(value, str) and is_empty_text(value, config)):
                yield Funn(
                    f"partnere[{i}].{key}",
                    f"Partnerlisten, rad {i + 1} ({quote(p.navn or p.kontaktperson or '?')}): "
                    f"«{label}» er ikke fylt ut.",
                )


def deltaker_ufullstendig(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, d in enumerate(record.medbestemmelse.deltakere):
        if is_empty_text(d.rolle, config) and is_empty_text(d.navn, config):
            continue  # an empty row is no answer at all
        for key, label in (("rolle", "Rolle"), ("navn", "Navn")):
            if is_empty_text(getattr(d, key), config):
                other = d.navn if key == "rolle" else d.rolle
                yield Funn(
                    f"medbestemmelse.deltakere[{i}].{key}",
                    f"Medbestemmelse, deltaker {i + 1} ({quote(other or '?')}): «{label}» er "
                    "ikke fylt ut.",
                )


def medbestemmelse_nei(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if record.medbestemmelse.droftet is False:
        yield Funn(
            "medbestemmelse.droftet",
            "Behovsmeldingen er oppgitt å ikke ha vært drøftet i medbestemmelse (Nei). "
            "Tillitsvalgte skal involveres etter Hovedavtalen.",
        )


# --- coordinator ------------------------------------------------------------------------------


def koordinator_uten_begrunnelse(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, t in enumerate(record.tiltak):
        if t.koordinator is True and is_empty_text(t.koordinator_begrunnelse, config):
            yield Funn(
                f"tiltak[{i}].koordinator_begrunnelse",
                f"{tiltak_label(t, i)}: koordinator er krysset Ja, men «Begrunn» er ikke fylt ut.",
            )


def koordinator_ikke_krysset(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, t in enumerate(record.tiltak):
        if t.koordinator is False and not is_empty_text(t.koordinator_begrunnelse, config):
            yield Funn(
                f"tiltak[{i}].koordinator",
                f"{tiltak_label(t, i)}: koordinator er ikke krysset av, men en begrunnelse er "
                f"skrevet ({quote(t.koordinator_begrunnelse or '')}). Skal boksen krysses av, "
                "eller begrunnelsen fjernes?",
            )


# A justification names the coordinator. "Koordinering" alone does not do: section 3 (the
# owner's own contribution) often says the owner does "koordinering" itself, which is not the
# coordinator the grant pays; only in section 6, where the money is described, it counts.
_COORDINATOR = re.compile(r"koordinator", re.IGNORECASE)
_COORDINATION = re.compile(r"koordin", re.IGNORECASE)


def koordinator_sum_uten_begrunnelse(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if not record.koordinator_sum:
        return
    texts = (
        record.behov,
        record.partnerskapsplan,
        record.egeninnsats,
        record.okonomi,
        record.kommentar,
    )
    named = any(t and _COORDINATOR.search(t) for t in texts)
    if not named and not (record.okonomi and _COORDINATION.search(record.okonomi)):
        yield Funn(
            "koordinator_sum",
            f"Sum koordinator er {kr(record.koordinator_sum)}, men koordinatorbehovet er ikke "
            "begrunnet i teksten (del 6 sier «må begrunnes ovenfor»).",
        )


def koordinator_grense(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    amount = record.koordinator_sum
    if not amount:
        return
    reasons: list[str] = []
    s = record.budsjett.sum
    total = s.totalt if s is not None else None
    if (
        total
        and config.koordinator_maks_andel
        and (Decimal(amount) > config.koordinator_maks_andel * total)
    ):
        share = (Decimal(amount) * 100 / total).quantize(Decimal("1"))
        limit = (config.koordinator_maks_andel * 100).normalize()
        reasons.append(f"{share} % av totalsummen {kr(total)} (veiledende grense {limit:f} %)")
    if config.koordinator_maks_kr and amount > config.koordinator_maks_kr:
        reasons.append(f"over den veiledende grensen på {kr(config.koordinator_maks_kr)}")
    if reasons:
        yield Funn(
            "koordinator_sum",
            f"Sum koordinator {kr(amount)} er {' og '.join(reasons)}. Koordinator kan bare "
            "finansieres «i begrenset omfang».",
        )


# --- duration, number of tiltak, form and year ------------------------------------------------

_PERIOD = re.compile(r"^([VH])(\d{4})$")


def _outside(periods: list[str] | None, first: int, last: int) -> list[str]:
    out = []
    for p in periods or ():
        m = _PERIOD.match(p)
        if m and not first <= int(m.group(2)) <= last:
            out.append(("Vår " if m.group(1) == "V" else "Høst ") + m.group(2))
    return out


def varighet_utenfor(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if record.aar is None:
        return
    first, last = record.aar, record.aar + config.varighet_maks_aar - 1
    span = f"{first}–{last}" if last > first else str(first)
    targets: list[tuple[str, str, list[str] | None]] = [
        (f"tiltak[{i}].varighet", f"{tiltak_label(t, i)}: ", t.varighet)
        for i, t in enumerate(record.tiltak)
    ]
    targets.append(("varighet", "", record.varighet))
    for felt, prefix, periods in targets:
        bad = _outside(periods, first, last)
        if bad:
            yield Funn(
                felt,
                f"{prefix}Tiltakets varighet har {', '.join(bad)}, utenfor søknadens år "
                f"{span} (behov meldt for {record.aar}; inntil {config.varighet_maks_aar} år).",
            )


def ordninger_motstrid(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if record.flere_ordninger is False and record.ordninger and len(record.ordninger) > 1:
        yield Funn(
            "flere_ordninger",
            "«Partnerskapet leverer behovsmelding i flere ordninger?» er krysset Nei, men "
            f"{len(record.ordninger)} ordninger er krysset av under «Behovsmeldingen gjelder».",
        )


def tiltak_nr_duplikat(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    seen: dict[int, int] = {}
    for i, t in enumerate(record.tiltak):
        if t.nr is None:
            continue
        if t.nr in seen:
            yield Funn(
                f"tiltak[{i}].nr",
                f"To deler heter «Tiltak {t.nr}» (nr. {seen[t.nr] + 1} og {i + 1} i dokumentet).",
            )
        else:
            seen[t.nr] = i


def antall_tiltak(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    n = record.antall_tiltak
    if n is None or not record.tiltak or n == len(record.tiltak):
        return
    yield Funn(
        "antall_tiltak",
        f"«Totalt antall tiltak» er {n}, men dokumentet beskriver {len(record.tiltak)} tiltak.",
    )


def skjema_aar(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if record.aar is None:
        return
    new = config.kollektiv_fra_aar
    if record.skjema == "lokal-2024" and record.aar >= new:
        yield Funn(
            "aar",
            f"Behov meldt for {record.aar} på skjemaet for lokal kompetanseutvikling; fra "
            f"{new} gjelder skjemaet for kollektiv kompetanseutvikling.",
        )
    elif record.skjema == "kollektiv-2026" and record.aar < new:
        yield Funn(
            "aar",
            f"Behov meldt for {record.aar} på skjemaet for kollektiv kompetanseutvikling, "
            f"som gjelder fra {new}.",
        )


RULES: tuple[Rule, ...] = (
    Rule(
        "SKJEMA_AAR",
        "merknad",
        ALL_SKJEMA,
        "Årstallet passer ikke til skjemagenerasjonen (lokal-2024 til og med 2025, "
        "kollektiv-2026 fra 2026; grensen er konfigurerbar). Merknad: trolig en skrivefeil i "
        "året eller et gammelt skjema; saksbehandleren avgjør.",
        skjema_aar,
    ),
    Rule(
        "FLERE_EIERE_UTEN_LISTE",
        "advarsel",
        ALL_SKJEMA,
        "«Flere eiere» er krysset Ja, men partnerlisten har ingen eier. Advarsel: skjemaet "
        "ber om listen («Fyll ut liste»), men søknaden kan vurderes uten den.",
        flere_eiere_uten_liste,
    ),
    Rule(
        "FLERE_UH_UTEN_LISTE",
        "advarsel",
        ALL_SKJEMA,
        "«Flere UH/kompetansemiljø» er krysset Ja, men partnerlisten har ingen UH. Advarsel, "
        "som for eierne.",
        flere_uh_uten_liste,
    ),
    Rule(
        "PARTNER_UFULLSTENDIG",
        "merknad",
        ALL_SKJEMA,
        "En rad i partnerlisten mangler navn, kontaktperson eller Eier/UH. Merknad: raden "
        "er forståelig, men ufullstendig.",
        partner_ufullstendig,
    ),
    Rule(
        "PARTNER_BYTTET",
        "advarsel",
        ALL_SKJEMA,
        "En rad i partnerlisten har et personnavn under «Navn på eier/UH» og en organisasjon "
        "under Kontaktperson. Advarsel: et mistenkelig mønster (heuristikk), ikke en sikker "
        "feil.",
        partner_byttet,
    ),
    Rule(
        "MEDBESTEMMELSE_NEI",
        "advarsel",
        ALL_SKJEMA,
        "Behovsmeldingen er oppgitt å ikke være drøftet i medbestemmelse. Advarsel: "
        "tillitsvalgte skal involveres etter Hovedavtalen; saksbehandleren følger opp.",
        medbestemmelse_nei,
    ),
    Rule(
        "ROLLE_NAVN_BYTTET",
        "advarsel",
        ALL_SKJEMA,
        "En deltaker i medbestemmelse har et personnavn under Rolle og en organisasjon eller "
        "rolle (…forbundet, Delta, tillitsvalgt …) under Navn. Advarsel: et mistenkelig "
        "mønster (heuristikk, ordlisten er konfigurerbar), ikke en sikker feil.",
        rolle_navn_byttet,
    ),
    Rule(
        "DELTAKER_UFULLSTENDIG",
        "merknad",
        ALL_SKJEMA,
        "En deltaker i medbestemmelse har bare rolle eller bare navn. Merknad.",
        deltaker_ufullstendig,
    ),
    Rule(
        "KOORDINATOR_UTEN_BEGRUNNELSE",
        "advarsel",
        LOKAL_2024,
        "Koordinator er krysset Ja for et tiltak, men «Begrunn» er tom. Advarsel: "
        "koordinator skal begrunnes, men det kan stå andre steder i tiltaket.",
        koordinator_uten_begrunnelse,
    ),
    Rule(
        "KOORDINATOR_IKKE_KRYSSET",
        "advarsel",
        LOKAL_2024,
        "Koordinator er ikke krysset av, men en begrunnelse er skrevet. Advarsel: enten mangler "
        "krysset eller begrunnelsen står der ved en feil; eieren må avklare.",
        koordinator_ikke_krysset,
    ),
    Rule(
        "KOORDINATOR_SUM_UTEN_BEGRUNNELSE",
        "advarsel",
        KOLLEKTIV_2026,
        "«Sum koordinator» er fylt ut, men ingen tekst i søknaden nevner koordinator. "
        "Advarsel: summen «må begrunnes ovenfor».",
        koordinator_sum_uten_begrunnelse,
    ),
    Rule(
        "KOORDINATOR_GRENSE",
        "merknad",
        KOLLEKTIV_2026,
        "«Sum koordinator» er over den veiledende grensen (andel av totalsummen og/eller "
        "kronebeløp, konfigurerbart). Merknad: ingen grense er publisert, koordinator skal "
        "bare finansieres «i begrenset omfang»; samarbeidsforum vurderer.",
        koordinator_grense,
    ),
    Rule(
        "VARIGHET_UTENFOR",
        "advarsel",
        ALL_SKJEMA,
        "En periode i «Tiltakets varighet» ligger utenfor søknadens år (året det meldes behov "
        "for og inntil to år til; antallet år er konfigurerbart). Advarsel: trolig feil boks "
        "eller feil årstall.",
        varighet_utenfor,
    ),
    Rule(
        "ORDNINGER_MOTSTRID",
        "advarsel",
        LOKAL_2024,
        "«Flere ordninger» er krysset Nei, men flere ordninger er krysset av øverst. "
        "Advarsel: ett av svarene er feil; eieren må avklare hvilket.",
        ordninger_motstrid,
        til_aar=2025,  # the three ordninger end with the 2025 round
    ),
    Rule(
        "TILTAK_NR_DUPLIKAT",
        "merknad",
        LOKAL_2024,
        "To «Tiltak N»-deler har samme nummer. Merknad: trolig en kopieringsfeil i "
        "overskriften; tiltakene er like fullt to (nummereringen kan ellers starte hvor som "
        "helst, f.eks. ved 6 når søknaden er delt per ordning).",
        tiltak_nr_duplikat,
    ),
    Rule(
        "ANTALL_TILTAK",
        "advarsel",
        LOKAL_2024,
        "«Totalt antall tiltak» er ikke antallet «Tiltak N»-deler i dokumentet. Advarsel: et "
        "tiltak kan mangle i dokumentet, eller tallet er feil.",
        antall_tiltak,
    ),
)
