"""Arithmetic: the amounts of a tiltak and of the budget table add up, and none is left empty."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..record import Behovsmelding, Budsjettrad, Tiltak
from .config import CheckConfig
from .model import ALL_SKJEMA, LOKAL_2024, Funn, Rule
from .text import kr, quote, tiltak_label

_PART_LABEL = {"eier": "Eier", "uh": "UH", "totalt": "Sum totalt"}
_ORDNING_WORDS = {
    "regional": "regional",
    "desentralisert": "desentral",
    "kompetanseloftet": "kompetansel",
}


def implied_part(t: Tiltak, part: str) -> int | None:
    """A tiltak's Eier or UH amount: as written, else what Sum totalt minus the other implies."""
    value: int | None = getattr(t, part)
    if value is not None:
        return value
    other: int | None = t.uh if part == "eier" else t.eier
    if t.totalt is not None and other is not None:
        return t.totalt - other
    return None


def _row_is_empty(r: Budsjettrad) -> bool:
    return r.eier is None and not r.uh and r.totalt is None


def _row_name(r: Budsjettrad, felt: str) -> str:
    if felt == "budsjett.sum":
        return "Budsjett, Sum-linjen"
    return f"Budsjett, linjen {quote(r.etikett)}" if r.etikett else f"Budsjett, {felt}"


def _rows(record: Behovsmelding) -> Iterator[tuple[str, Budsjettrad]]:
    for i, r in enumerate(record.budsjett.rader):
        yield f"budsjett.rader[{i}]", r
    if record.budsjett.sum is not None:
        yield "budsjett.sum", record.budsjett.sum


def _uh_text(r: Budsjettrad) -> str:
    if len(r.uh) > 1:
        return f"UH {kr(r.uh_sum)} ({' + '.join(kr(b.belop) for b in r.uh)})"
    return f"UH {kr(r.uh_sum)}"


def _terms(values: Sequence[int | None]) -> str:
    shown = [kr(v) if v is not None else "0" for v in values]
    if len(shown) > 6:
        shown = [*shown[:5], "…"]
    return " + ".join(shown)


# --- tiltak ---------------------------------------------------------------------------------


def sum_tiltak(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, t in enumerate(record.tiltak):
        if t.totalt is None or (t.eier is None and t.uh is None):
            continue
        parts = (t.eier or 0) + (t.uh or 0)
        if abs(parts - t.totalt) > config.toleranse_kr:
            yield Funn(
                f"tiltak[{i}].totalt",
                f"{tiltak_label(t, i)}: Sum totalt {kr(t.totalt)} er ikke Eier {kr(t.eier)} + "
                f"UH {kr(t.uh)} = {kr(parts)} (differanse {kr(t.totalt - parts)}).",
            )


def sum_del_mangler(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for i, t in enumerate(record.tiltak):
        if t.totalt is None:
            continue
        for part in ("eier", "uh"):
            if getattr(t, part) is None:
                yield Funn(
                    f"tiltak[{i}].{part}",
                    f"{tiltak_label(t, i)}: Sum totalt {kr(t.totalt)} er fylt ut, men "
                    f"{_PART_LABEL[part]}-beløpet er tomt (skriv 0 om {_PART_LABEL[part]} "
                    f"ikke skal ha noe).",
                )
    for felt, r in _rows(record):
        if r.totalt is None or _row_is_empty(r):
            continue
        if r.eier is None:
            yield Funn(
                f"{felt}.eier",
                f"{_row_name(r, felt)}: Totalt {kr(r.totalt)} er fylt ut, men Eier er tomt.",
            )
        if not r.uh:
            yield Funn(
                f"{felt}.uh",
                f"{_row_name(r, felt)}: Totalt {kr(r.totalt)} er fylt ut, men UH er tomt.",
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
        if r.totalt is not None or _row_is_empty(r):
            continue
        if r.eier is None:
            yield Funn(f"{felt}.eier", f"{_row_name(r, felt)}: Eier er ikke fylt ut.")
        if not r.uh:
            yield Funn(f"{felt}.uh", f"{_row_name(r, felt)}: UH er ikke fylt ut.")
        yield Funn(f"{felt}.totalt", f"{_row_name(r, felt)}: Totalt er ikke fylt ut.")
    s = b.sum
    if s is None or _row_is_empty(s):
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


# --- budget table ---------------------------------------------------------------------------


def sum_rad(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    for felt, r in _rows(record):
        if r.totalt is None or (r.eier is None and not r.uh):
            continue
        parts = (r.eier or 0) + (r.uh_sum or 0)
        if abs(parts - r.totalt) > config.toleranse_kr:
            yield Funn(
                f"{felt}.totalt",
                f"{_row_name(r, felt)}: Totalt {kr(r.totalt)} er ikke Eier {kr(r.eier)} + "
                f"{_uh_text(r)} = {kr(parts)} (differanse {kr(r.totalt - parts)}).",
            )


def sum_kolonne(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    s = record.budsjett.sum
    rows = [r for r in record.budsjett.rader if not _row_is_empty(r)]
    if s is None or not rows:
        return
    columns: tuple[tuple[str, str, int | None, list[int | None]], ...] = (
        ("eier", "Eier", s.eier, [r.eier for r in rows]),
        ("uh", "UH", s.uh_sum, [r.uh_sum for r in rows]),
        ("totalt", "Totalt", s.totalt, [r.totalt for r in rows]),
    )
    for key, label, written, values in columns:
        # A row with this cell empty is reported by itself; adding it up here would only
        # repeat that finding at the Sum line.
        if written is None or any(v is None for v in values):
            continue
        total = sum(v for v in values if v is not None)
        if abs(total - written) > config.toleranse_kr:
            yield Funn(
                f"budsjett.sum.{key}",
                f"Budsjett, Sum-linjen: {label} {kr(written)} er ikke summen av linjene over, "
                f"{_terms(values)} = {kr(total)} (differanse {kr(written - total)}).",
            )


def _ordning_row(record: Behovsmelding) -> tuple[int, Budsjettrad] | None:
    """The budget line of the one ordning the document covers, if it covers exactly one."""
    rows = list(enumerate(record.budsjett.rader))
    ordninger = record.ordninger
    if ordninger is not None and len(ordninger) == 1:
        word = _ORDNING_WORDS.get(ordninger[0])
        hits = [(i, r) for i, r in rows if word and word in (r.etikett or "").casefold()]
        if len(hits) == 1:
            return hits[0]
        return rows[0] if len(rows) == 1 else None
    if ordninger is None and len(rows) == 1:
        label = (rows[0][1].etikett or "").casefold()
        if any(w in label for w in _ORDNING_WORDS.values()):
            return rows[0]
    return None


def sum_ordning(record: Behovsmelding, config: CheckConfig) -> Iterator[Funn]:
    if not record.tiltak:
        return
    found = _ordning_row(record)
    if found is None:
        return
    i, row = found
    felt = f"budsjett.rader[{i}]"
    nrs = ", ".join(str(t.nr) if t.nr is not None else "?" for t in record.tiltak)
    eier = [implied_part(t, "eier") for t in record.tiltak]
    uh = [implied_part(t, "uh") for t in record.tiltak]
    tot = [t.totalt for t in record.tiltak]
    columns: tuple[tuple[str, str, int | None, list[int | None]], ...] = (
        ("eier", "Eier", row.eier, eier),
        ("uh", "UH", row.uh_sum, uh),
        ("totalt", "Totalt", row.totalt, tot),
    )
    for key, label, written, values in columns:
        if written is None or any(v is None for v in values):
            continue
        total = sum(v for v in values if v is not None)
        if abs(total - written) > config.toleranse_kr:
            yield Funn(
                f"{felt}.{key}",
                f"Tiltakene ({nrs}) har til sammen {label} {kr(total)}, men budsjettlinjen "
                f"{quote(row.etikett or 'ordningen')} har {label} {kr(written)} "
                f"(differanse {kr(written - total)}).",
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "SUM_TILTAK",
        "feil",
        LOKAL_2024,
        "Tiltakets Eier + UH er ikke Sum totalt (et tomt beløp regnes som 0). Feil: summen "
        "er det som tildeles, og en feilskrevet sum må rettes før innsending.",
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
        "En budsjettlinjes Eier + alle UH-beløp er ikke linjens Totalt. Feil: regnefeil.",
        sum_rad,
    ),
    Rule(
        "SUM_KOLONNE",
        "feil",
        ALL_SKJEMA,
        "Sum-linjen i budsjettet er ikke summen av linjene over (Eier, UH, Totalt hver for "
        "seg). Feil: regnefeil.",
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
    ),
)
