"""Arithmetic: the amounts of a tiltak and of the budget table add up, and none is left empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..record import Behovsmelding, Budsjettrad, Tiltak
from .config import CheckConfig
from .model import ALL_SKJEMA, LOKAL_2024, Funn, Rule, RuleFn
from .sums import analyse, implied_empty_parts, ordning_row, row_is_empty, row_name
from .text import kr, tiltak_label

_PART_LABEL = {"eier": "Eier", "uh": "UH", "totalt": "Sum totalt"}


def implied_part(t: Tiltak, part: str) -> int | None:
    """A tiltak's Eier or UH amount: as written, else what Sum totalt minus the other implies."""
    value: int | None = getattr(t, part)
    if value is not None:
        return value
    other: int | None = t.uh if part == "eier" else t.eier
    if t.totalt is not None and other is not None:
        return t.totalt - other
    return None


# --- empty amounts ---------------------------------------------------------------------------


def _implied(implied: dict[str, int], felt: str, label: str) -> str:
    """What the sums say an empty cell should hold, when they agree on it."""
    value = implied.get(felt)
    return "" if value is None else f" Summene i skjemaet tilsier {label} {kr(value)}."


def sum_del_mangler(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    implied = implied_empty_parts(record, config)
    for i, t in enumerate(record.tiltak):
        if t.totalt is None:
            continue
        for part in ("eier", "uh"):
            if getattr(t, part) is None:
                felt, label = f"tiltak[{i}].{part}", _PART_LABEL[part]
                yield Funn(
                    felt,
                    f"{tiltak_label(t, i)}: Sum totalt {kr(t.totalt)} er fylt ut, men "
                    f"{label}-beløpet er tomt (skriv 0 om {label} ikke skal ha noe)."
                    + _implied(implied, felt, label),
                )
    for base, r in _rows(record):
        if r.totalt is None or row_is_empty(r):
            continue
        for part, empty in (("eier", r.eier is None), ("uh", not r.uh)):
            if empty:
                felt, label = f"{base}.{part}", _PART_LABEL[part]
                yield Funn(
                    felt,
                    f"{row_name(r, base)}: Totalt {kr(r.totalt)} er fylt ut, men {label} er tomt."
                    + _implied(implied, felt, label),
                )


def mangler_belop(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, t in enumerate(record.tiltak):
        if t.totalt is not None:
            continue  # empty parts beside a written total: SUM_DEL_MANGLER
        for part in ("eier", "uh", "totalt"):
            if getattr(t, part) is None:
                yield Funn(
                    f"tiltak[{i}].{part}",
                    f"{tiltak_label(t, i)}: {_PART_LABEL[part]} under «Tilskuddet fordeles» "
                    "er ikke fylt ut.",
                )
    b = record.budsjett
    for i, r in enumerate(b.rader):
        felt = f"budsjett.rader[{i}]"
        if r.totalt is not None or row_is_empty(r):
            continue
        if r.eier is None:
            yield Funn(f"{felt}.eier", f"{row_name(r, felt)}: Eier er ikke fylt ut.")
        if not r.uh:
            yield Funn(f"{felt}.uh", f"{row_name(r, felt)}: UH er ikke fylt ut.")
        yield Funn(f"{felt}.totalt", f"{row_name(r, felt)}: Totalt er ikke fylt ut.")
    own = ordning_row(record) if record.skjema == "lokal-2024" and record.tiltak else None
    if own is not None and row_is_empty(own[1]):
        k, r = own
        yield Funn(
            f"budsjett.rader[{k}]",
            f"{row_name(r, f'budsjett.rader[{k}]')}: linjen for ordningen dokumentet gjelder er "
            "tom, men dokumentet har tiltak.",
        )
    s = b.sum
    if s is None or row_is_empty(s):
        yield Funn(
            "budsjett.sum",
            "Budsjett: Sum-linjen under «Total sum det meldes behov for» er ikke fylt ut.",
        )
    elif s.totalt is None:
        if s.eier is None:
            yield Funn("budsjett.sum.eier", "Budsjett, Sum-linjen: Eier er ikke fylt ut.")
        if not s.uh:
            yield Funn("budsjett.sum.uh", "Budsjett, Sum-linjen: UH er ikke fylt ut.")
        yield Funn("budsjett.sum.totalt", "Budsjett, Sum-linjen: Totalt er ikke fylt ut.")


def _rows(record: Behovsmelding) -> Iterator[tuple[str, Budsjettrad]]:
    for i, r in enumerate(record.budsjett.rader):
        yield f"budsjett.rader[{i}]", r
    if record.budsjett.sum is not None:
        yield "budsjett.sum", record.budsjett.sum


def _sums(kode: str) -> RuleFn:
    def rule(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
        return (funn for k, funn in analyse(record, config) if k == kode)

    rule.__name__ = kode.casefold()
    return rule


sum_tiltak = _sums("SUM_TILTAK")
sum_rad = _sums("SUM_RAD")
sum_kolonne = _sums("SUM_KOLONNE")
sum_ordning = _sums("SUM_ORDNING")

RULES: tuple[Rule, ...] = (
    Rule(
        "SUM_TILTAK",
        "feil",
        LOKAL_2024,
        "Tiltakets Eier + UH er ikke Sum totalt (et tomt beløp regnes som 0). Meldes ved Sum "
        "totalt, eller ved Eier/UH når budsjettlinjen for ordningen viser at det er det "
        "beløpet som er feilskrevet. Feil: beløpene er det som tildeles og må rettes.",
        sum_tiltak,
    ),
    Rule(
        "SUM_DEL_MANGLER",
        "feil",
        ALL_SKJEMA,
        "En sum (tiltakets Sum totalt, en budsjettlinjes Totalt) er fylt ut mens en av delene "
        "er tom. Feil: fordelingen på eier og UH er det som utbetales; 0 må skrives som 0.",
        sum_del_mangler,
    ),
    Rule(
        "MANGLER_BELOP",
        "feil",
        ALL_SKJEMA,
        "Et beløp under «Tilskuddet fordeles» eller i budsjettet er ikke fylt ut (og ingen "
        "sum er skrevet ved siden av). Feil: beløpene er påkrevde svar.",
        mangler_belop,
    ),
    Rule(
        "SUM_RAD",
        "feil",
        ALL_SKJEMA,
        "En budsjettlinjes Eier + alle UH-beløp er ikke linjens Totalt. Meldes ved Totalt, "
        "eller ved den cellen som både linjen og kolonnesummen peker på. Feil: regnefeil.",
        sum_rad,
    ),
    Rule(
        "SUM_KOLONNE",
        "feil",
        ALL_SKJEMA,
        "Sum-linjen i budsjettet er ikke summen av linjene over (Eier, UH, Totalt hver for "
        "seg); meldes ved Sum-linjens celle. Feil: regnefeil.",
        sum_kolonne,
    ),
    Rule(
        "SUM_ORDNING",
        "feil",
        LOKAL_2024,
        "Dokumentet gjelder én ordning, og tiltakene summerer ikke til den ordningens "
        "budsjettlinje (Eier, UH, Totalt hver for seg). Feil: tiltakene og budsjettet må "
        "fortelle det samme om hva det søkes om.",
        sum_ordning,
        til_aar=2025,  # the three ordninger end with the 2025 round
    ),
)
