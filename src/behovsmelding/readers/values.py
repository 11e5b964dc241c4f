"""Parse the form's values at the edge: amounts, boxes, placeholders.

Everything here knows the *form* (its placeholders, its box glyphs, how Norwegians write kroner),
never a particular document.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Word's placeholder texts for empty content controls. Extractions sometimes cut them short
# ("Klikk eller trykk her") when the text wraps inside a narrow table cell.
PLACEHOLDERS: tuple[str, ...] = (
    "Klikk eller trykk her for å skrive inn tekst.",
    "Klikk eller trykk for å skrive inn en dato.",
    "Velg et element.",
    "Click or tap here to enter text.",
    "Choose an item.",
)
_PLACEHOLDER_RE = re.compile(
    r"Klikk\s+eller\s+trykk(?:\s+her)?(?:\s+for\s+å\s+skrive\s+inn\s+(?:tekst|en\s+dato)\.?)?"
    r"|Velg\s+et\s+element\.?"
    r"|Click\s+or\s+tap\s+here\s+to\s+enter\s+text\.?"
    r"|Choose\s+an\s+item\.?",
    re.IGNORECASE,
)
# Answers that say nothing: a lone dash and friends count as empty for the checks.
EMPTY_ANSWERS = frozenset({"", "-", "--", "---", "–", "—", ".", "x"})

CHECKED = "☒"
UNCHECKED = "☐"
# Glyphs and ASCII stand-ins seen for checked and unchecked boxes in conversions.
_CHECKED_TOKENS = ("☒", "☑", "✔", "✓", "■", "⊠", "[X]", "[x]", "(X)", "(x)")
_UNCHECKED_TOKENS = ("☐", "□", "❏", "[ ]", "[]", "( )")
BOX_RE = re.compile(r"☒|☑|✔|✓|■|⊠|☐|□|❏|\[[xX ]?\]|\([xX ]\)")


def strip_placeholders(text: str) -> str:
    """Remove every Word placeholder from ``text`` (the author may type beside one)."""
    return _PLACEHOLDER_RE.sub(" ", text)


def is_placeholder(text: str) -> bool:
    return not strip_placeholders(text).strip()


def clean_value(text: str | None) -> str | None:
    """A single-line value: placeholders removed, white space folded, empty → None."""
    if text is None:
        return None
    t = re.sub(r"\s+", " ", strip_placeholders(text)).strip()
    return t or None


def box_state(token: str) -> bool | None:
    """True/False for a box glyph (or its ASCII stand-in), None for anything else."""
    t = token.strip()
    if t in _CHECKED_TOKENS:
        return True
    if t in _UNCHECKED_TOKENS:
        return False
    return None


def box_after(text: str, label: str, *, start: int = 0, typed_x: bool = True) -> bool | None:
    """The state of the box that follows ``label`` in ``text``.

    ``Ja ☒`` → True, ``Nei ☐`` → False, ``Ja x`` (a typed x in place of the box) → True,
    a label with no box after it (lost in conversion) → None.
    """
    m = re.compile(re.escape(label) + r"\s*", re.IGNORECASE).search(text, start)
    if m is None:
        return None
    rest = text[m.end() :]
    bm = BOX_RE.match(rest)
    if bm:
        return box_state(bm.group(0))
    if typed_x and re.match(r"[xX](?![\wæøåÆØÅ])", rest):
        return True
    return None


def has_boxes(text: str) -> bool:
    return bool(BOX_RE.search(text))


# --- amounts -----------------------------------------------------------------------------------

_NUM_GROUP_RE = re.compile(r"\d+")


def parse_belop(text: str | None) -> int | None:
    """Whole kroner from the ways owners write them.

    ``"1.524.914,-"`` → 1524914, ``"200 000,-"`` → 200000, ``"Kr 50 000"`` → 50000,
    ``"0, -"`` → 0, ``"1 5 44 000"`` → 1544000. Øre (",50") are dropped. None when no digits.
    """
    if text is None:
        return None
    t = strip_placeholders(text)
    # drop øre written as ",dd" that is not followed by another thousands group
    t = re.sub(r",(\d{2})(?!\d)(?![.\s]\d{3})", " ", t)
    digits = "".join(_NUM_GROUP_RE.findall(t.split(",")[0] if "," in t else t))
    if not digits:
        digits = "".join(_NUM_GROUP_RE.findall(t))
    return int(digits) if digits else None


@dataclass(frozen=True)
class AmountToken:
    """A run of digits as written, and what stands between it and the previous one."""

    digits: str
    sep: str  # "" for the first; " ", ".", or "|" (a hard boundary such as ",-" or a label)


def amount_tokens(text: str) -> list[AmountToken]:
    """Split a row of amounts into digit runs with the separators between them.

    A single space or dot between two runs may be a thousands separator or the gap between two
    amounts (:func:`resolve_amounts` decides); anything else (``,-``, a comma, ``kr``, a label in
    parentheses, two spaces) is a hard boundary that an amount never continues across.
    """
    tokens: list[AmountToken] = []
    pos = 0
    for m in re.finditer(r"\d+", text):
        between = text[pos : m.start()]
        if not tokens:
            sep = ""
        elif between in (" ", "\u00a0"):
            sep = " "
        elif between == ".":
            sep = "."
        else:
            sep = "|"
        tokens.append(AmountToken(m.group(0), sep))
        pos = m.end()
    return tokens


def _well_formed(parts: Sequence[AmountToken]) -> bool:
    """Digits grouped as a person writes an amount: 1–3 digits, then groups of exactly 3."""
    first = parts[0].digits
    if first.startswith("0") and first != "0":
        return False
    if len(parts) == 1:
        return True
    if len(first) > 3:
        return False
    return all(len(p.digits) == 3 for p in parts[1:]) and len({p.sep for p in parts[1:]}) == 1


def _groupings(tokens: Sequence[AmountToken], n: int) -> Iterable[list[list[AmountToken]]]:
    """Every way to cut ``tokens`` into ``n`` consecutive amounts that respect hard boundaries."""
    k = len(tokens)
    if n > k:
        return
    hard = [i for i in range(1, k) if tokens[i].sep == "|"]
    for cuts in itertools.combinations(range(1, k), n - 1):
        if not set(hard) <= set(cuts):
            continue
        bounds = (0, *cuts, k)
        yield [list(tokens[bounds[i] : bounds[i + 1]]) for i in range(n)]


def _value(parts: Sequence[AmountToken]) -> int:
    return int("".join(p.digits for p in parts))


def resolve_amounts(text: str, n: int, *, sums: Sequence[tuple[int, ...]] = ()) -> list[int] | None:
    """Read exactly ``n`` amounts out of a row whose cell boundaries were lost.

    ``sums`` lists index groups whose amounts must add up, as ``(a, b, total)`` meaning
    amount[a] + amount[b] == amount[total] (the form's Eier + UH = Totalt). A grouping in which
    every amount is well formed is preferred; among those, one that satisfies the sums. When
    several well-formed readings remain and the sums single out one, that one is taken; when
    nothing is consistent, the well-formed reading is returned as written (the checks will
    report the mismatch). None when the row cannot hold ``n`` amounts.
    """
    tokens = amount_tokens(text)
    if not tokens:
        return None
    candidates = list(_groupings(tokens, n))
    if not candidates:
        return None

    def consistent(vals: list[int]) -> bool:
        return all(sum(vals[i] for i in grp[:-1]) == vals[grp[-1]] for grp in sums)

    well = [c for c in candidates if all(_well_formed(p) for p in c)]
    well_ok = [c for c in well if consistent([_value(p) for p in c])]
    if len(well_ok) >= 1:
        return [_value(p) for p in well_ok[0]]
    any_ok = [c for c in candidates if consistent([_value(p) for p in c])]
    if sums and len({tuple(_value(p) for p in c) for c in any_ok}) == 1:
        return [_value(p) for p in any_ok[0]]
    if well:
        return [_value(p) for p in well[0]]
    return [_value(p) for p in candidates[0]]
