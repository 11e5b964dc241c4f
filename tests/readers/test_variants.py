"""Ordinary variations of real files must not change what the reader finds.

Each seed with a golden record is re-encoded or re-laid-out the way other machines and tools
produce text files; the record must still score ≥ 0.99 against the golden record, with every
amount, box state and count exact (the shared scorer's own comparison).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from behovsmelding.readers import read_bytes

GOLDEN_SEEDS = ("000", "001", "003")


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def _bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _cp1252(text: str) -> bytes:
    # cp1252 has no ballot boxes: converters write them as [X] and [ ].
    return text.replace("☒", "[X]").replace("☐", "[ ]").encode("cp1252")


def _utf16(text: str) -> bytes:
    return text.encode("utf-16")


def _no_blank_lines(text: str) -> bytes:
    return "\n".join(line for line in text.split("\n") if line.strip()).encode("utf-8")


def _double_blank_lines(text: str) -> bytes:
    return re.sub(r"\n", "\n\n", text).encode("utf-8")


def _trailing_space_stripped(text: str) -> bytes:
    return "\n".join(line.rstrip() for line in text.split("\n")).encode("utf-8")


def _old_mac(text: str) -> bytes:
    return text.replace("\n", "\r").encode("utf-8")


VARIANTS: dict[str, Callable[[str], bytes]] = {
    "crlf": _crlf,
    "bom": _bom,
    "cp1252": _cp1252,
    "utf16": _utf16,
    "no-blank-lines": _no_blank_lines,
    "double-blank-lines": _double_blank_lines,
    "trailing-space-stripped": _trailing_space_stripped,
    "cr-only": _old_mac,
}

AMOUNT_KEYS = re.compile(r"(belop|eier|uh|totalt|antall_tiltak|koordinator_sum|aar)$")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("prefix", GOLDEN_SEEDS)
def test_variant_scores_like_the_original(
    prefix: str,
    variant: str,
    seed: Callable[[str], Path],
    golden: Callable[[str], dict[str, Any]],
    score: Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]],
) -> None:
    path = seed(prefix)
    text = path.read_bytes().decode("utf-8")
    data = VARIANTS[variant](text)
    record = read_bytes(data, path.name).to_dict()
    fraction, missed = score(golden(prefix), record)
    assert fraction >= 0.99, f"{variant}: {fraction:.3f}, differs at {missed[:10]}"
    exact = [m for m in missed if AMOUNT_KEYS.search(m) or m.endswith("]")]
    assert not exact, f"{variant}: amounts, boxes or counts differ at {exact}"


def _rewrapped(width: int) -> Callable[[str], bytes]:
    """Every line longer than ``width`` wrapped at word boundaries, as another converter or
    an editor with a narrower page would write the same document."""

    def rewrap(text: str) -> bytes:
        out: list[str] = []
        for line in text.split("\n"):
            if len(line) > width:
                out.extend(textwrap.wrap(line, width, break_long_words=False))
            else:
                out.append(line)
        return "\n".join(out).encode("utf-8")

    return rewrap


REWRAP_WIDTHS = (60, 75, 90)


@pytest.mark.parametrize("width", REWRAP_WIDTHS)
@pytest.mark.parametrize("prefix", GOLDEN_SEEDS)
def test_rewrapped_seed_scores_like_the_original(
    prefix: str,
    width: int,
    seed: Callable[[str], Path],
    golden: Callable[[str], dict[str, Any]],
    score: Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]],
) -> None:
    path = seed(prefix)
    data = _rewrapped(width)(path.read_bytes().decode("utf-8"))
    fraction, missed = score(golden(prefix), read_bytes(data, path.name).to_dict())
    assert fraction >= 0.99, f"width {width}: {fraction:.3f}, differs at {missed[:10]}"
