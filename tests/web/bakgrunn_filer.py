"""A batch of distinct documents for the background worker's tests: variants of the seed
texts, each with another name for the owner's contact person (so each reads to a record of its
own), plus broken files whose reasons the readers give."""

from __future__ import annotations

import re
import string
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
CONTACT = re.compile(r"^(Navn[ \t]+)(\S+)", re.MULTILINE)


def _letters(n: int) -> str:
    """0 → "a", 25 → "z", 26 → "ba": a name part without digits."""
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = string.ascii_lowercase[r] + out
        if not n:
            return out


def variants(n: int) -> list[tuple[str, bytes]]:
    """``n`` distinct seed variants as (file name, bytes)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    out = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        name = "Varia" + _letters(i)
        text, k = CONTACT.subn(lambda m, name=name: m.group(1) + name.capitalize(), text, count=1)
        assert k == 1, seed
        out.append((f"{i:03d}-{seed.stem}.txt", text.encode("utf-8")))
    return out


def broken() -> list[tuple[str, bytes]]:
    """Files the readers refuse, each for its own reason."""
    return [
        ("tom.txt", b""),
        ("ikke-en-pdf.pdf", b"%PDF-1.4\n" + b"\x00" * 64),
        ("ikke-en-docx.docx", b"PK\x03\x04" + b"rubbish" * 10),
        ("handleliste.txt", "Melk\nBrød\nEgg\n".encode()),
    ]
