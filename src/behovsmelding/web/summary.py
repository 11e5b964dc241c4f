"""What the overview needs from a record, computed once when the record is stored.

No Django here: these functions take the typed record and return plain values, so the exporters,
the benchmark generator and the tests use the same arithmetic as the web.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..record import Behovsmelding, Budsjettrad

# What the words in a budget row's label say about its ordning.
_ORDNING_WORDS = (
    ("regional", "regional"),
    ("rekom", "regional"),
    ("desentralisert", "desentralisert"),
    ("dekom", "desentralisert"),
    ("kompetanseløft", "kompetanseloftet"),
    ("kompetanselof", "kompetanseloftet"),
)


@dataclass(frozen=True, slots=True)
class Belop:
    eier: int = 0
    uh: int = 0
    totalt: int = 0

    def __add__(self, other: Belop) -> Belop:
        return Belop(self.eier + other.eier, self.uh + other.uh, self.totalt + other.totalt)


@dataclass(slots=True)
class Sammendrag:
    tittel: str
    aar: int | None
    skjema: str
    eier: str
    kompetansenettverk: str
    uh: str
    ordninger: list[str]
    antall_tiltak: int
    belop: Belop
    per_ordning: dict[str, Belop] = field(default_factory=dict)
    antall: dict[str, int] = field(default_factory=dict)
    sokeetekst: str = ""

    @property
    def ordninger_kolonne(self) -> str:
        """``,a,b,``: one LIKE '%,a,%' finds a record that covers ordning a."""
        return "," + ",".join(self.ordninger) + ","


def ordninger_for(record: Behovsmelding) -> list[str]:
    if record.skjema == "kollektiv-2026":
        return ["kollektiv"]
    return list(record.ordninger) if record.ordninger else ["ukjent"]


def _row_belop(rad: Budsjettrad) -> Belop:
    eier = rad.eier or 0
    uh = rad.uh_sum or 0
    return Belop(eier, uh, rad.totalt if rad.totalt is not None else eier + uh)


def belop_for(record: Behovsmelding) -> Belop:
    """The amounts a record asks for: its tiltak when they have amounts, else its budget table.

    ``totalt`` is the stated Sum totalt where there is one; where it disagrees with Eier + UH
    the checks report it, and the overview shows what the document says.
    """
    tiltak = [t for t in record.tiltak if t.eier is not None or t.uh is not None or t.totalt]
    if tiltak:
        total = Belop()
        for t in tiltak:
            eier, uh = t.eier or 0, t.uh or 0
            total += Belop(eier, uh, t.totalt if t.totalt is not None else eier + uh)
        return total
    if record.budsjett.rader:
        total = Belop()
        for rad in record.budsjett.rader:
            total += _row_belop(rad)
        return total
    if record.budsjett.sum is not None:
        return _row_belop(record.budsjett.sum)
    return Belop()


def ordning_of_label(label: str | None) -> str | None:
    """The ordning a budget row's label names ("Desentralisert ordning", "DEKOM"), or None."""
    text = (label or "").lower()
    for word, ordning in _ORDNING_WORDS:
        if word in text:
            return ordning
    return None


def belop_per_ordning(record: Behovsmelding) -> dict[str, Belop]:
    """The requested amounts split by ordning.

    A document that covers one ordning puts everything there. One that covers several and has
    no tiltak amounts is split by its budget rows' labels; what cannot be placed goes to the
    first ordning so that the parts always add up to :func:`belop_for`.
    """
    ordninger = ordninger_for(record)
    total = belop_for(record)
    if len(ordninger) == 1:
        return {ordninger[0]: total}
    return _split_by_rows(record, total)


def _split_by_rows(record: Behovsmelding, total: Belop) -> dict[str, Belop]:
    ordninger = ordninger_for(record)
    out: dict[str, Belop] = {}
    placed = Belop()
    uses_rows = not any(t.eier is not None or t.uh is not None for t in record.tiltak)
    if uses_rows:
        for rad in record.budsjett.rader:
            ordning = ordning_of_label(rad.etikett)
            if ordning is None:
                continue
            b = _row_belop(rad)
            out[ordning] = out.get(ordning, Belop()) + b
            placed += b
    rest = Belop(total.eier - placed.eier, total.uh - placed.uh, total.totalt - placed.totalt)
    if rest != Belop() or not out:
        out[ordninger[0]] = out.get(ordninger[0], Belop()) + rest
    return out


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield str(value)


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The lower-case words of a text, as the search sees them."""
    return _WORD.findall(text.lower())


def sokeetekst_for(record: Behovsmelding, extra: Iterable[str] = ()) -> str:
    """Every distinct word of a record's answers (lower case) for the overview's search.

    One copy of each word keeps the column a third of the text's size, so a search scans less;
    the search looks for each query word inside this list, so parts of words match too.
    """
    data = record.to_dict()
    data.pop("kilde", None)
    data.pop("format", None)
    seen = dict.fromkeys(w for text in (*_texts(data), *extra) for w in words(text))
    return " " + " ".join(seen) + " "


def summarise(record: Behovsmelding, funn: Iterable[dict[str, str]] = ()) -> Sammendrag:
    funn = list(funn)
    antall = {"feil": 0, "advarsel": 0, "merknad": 0}
    for f in funn:
        if f.get("alvorlighet") in antall:
            antall[f["alvorlighet"]] += 1
    return Sammendrag(
        tittel=(record.tittel or "")[:300],
        aar=record.aar,
        skjema=record.skjema,
        eier=(record.eier or "").strip()[:300],
        kompetansenettverk=(record.kompetansenettverk or "").strip()[:200],
        uh=(record.uh or "").strip()[:300],
        ordninger=ordninger_for(record),
        antall_tiltak=len(record.tiltak),
        belop=belop_for(record),
        per_ordning=belop_per_ordning(record),
        antall=antall,
        sokeetekst=sokeetekst_for(record, (f.get("melding", "") for f in funn)),
    )


def nokkel(navn: str) -> str:
    """The key two spellings of one name share: case and spacing folded."""
    return _SPACE.sub(" ", navn).strip().casefold()


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFKC", value).split())
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def fingeravtrykk(data: dict[str, Any]) -> str:
    """The SHA-256 of a record's content: the behovsmelding-v1 JSON without ``kilde`` (which
    file it came from), texts NFKC-normalised with white space folded, keys sorted. The same
    form saved as .docx and as .pdf reads to the same content and so the same fingerprint."""
    content = _normalised({k: v for k, v in data.items() if k != "kilde"})
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
