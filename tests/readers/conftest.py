"""Helpers for the reader tests: reading text, scoring against golden records, a small form.

The scorer is the shared tool (shared/tools/score_record.py), loaded as a module so that the
tests measure exactly what the project is judged by. The small form below is made up for the
tests: the form's own labels and prompts with invented answers.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from behovsmelding.readers import read_bytes
from behovsmelding.record import Behovsmelding

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _load_scorer() -> ModuleType | None:
    path = SHARED / "tools" / "score_record.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("score_record", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"the shared folder is not beside the repository (looked for {SHARED})")
    return SHARED


def _leaves(x: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """The scorer's fields: leaf paths, lists indexed, ``kilde`` left out."""
    if isinstance(x, dict):
        if not x:
            yield path, {}
        for k, v in x.items():
            if not (path == "" and k == "kilde"):
                yield from _leaves(v, f"{path}.{k}" if path else k)
    elif isinstance(x, list):
        if not x:
            yield path, []
        for i, v in enumerate(x):
            yield from _leaves(v, f"{path}[{i}]")
    else:
        yield path, x


def _fold(s: str) -> str:
    s = s.replace("\u00ad", "").replace("\u00a0", " ")
    s = re.sub(r"(?m)^\s*(?:[-•◦▪o*]|\d+[.)])\s+", "", s)
    s = re.sub(r"(\w)- (\w)", r"\1-\2", s)
    return re.sub(r"\s+", " ", s).strip()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        fa, fb = _fold(a), _fold(b)
        if fa == fb:
            return True
        if max(len(fa), len(fb)) <= 80:
            return False
        return difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio() >= 0.95
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


@pytest.fixture(scope="session")
def score() -> Callable[[dict[str, Any], dict[str, Any]], tuple[float, list[str]]]:
    """score(golden, candidate) → (fraction of matching fields, paths that differ).

    The shared scorer when it is beside the repository; on a machine without it (CI), the
    same rule as it documents, so that the tests on files kept in ``data/`` still run.
    """
    mod = _load_scorer()
    leaves = mod.leaves if mod is not None else _leaves
    same = mod.same if mod is not None else _same

    def run(golden: dict[str, Any], cand: dict[str, Any]) -> tuple[float, list[str]]:
        g = dict(leaves(golden))
        c = dict(leaves(cand))
        keys = list(dict.fromkeys([*g, *c]))
        missed = [k for k in keys if not (k in g and k in c and same(g[k], c[k]))]
        return (len(keys) - len(missed)) / len(keys), missed

    return run


@pytest.fixture(scope="session")
def seed(shared: Path) -> Callable[[str], Path]:
    """seed("001") → the seed document whose name starts with that number."""

    def find(prefix: str) -> Path:
        found = sorted((shared / "seeds").glob(f"{prefix}_*.txt"))
        if not found:
            pytest.skip(f"seed {prefix} not found")
        return found[0]

    return find


@pytest.fixture(scope="session")
def golden(shared: Path) -> Callable[[str], dict[str, Any]]:
    def load(prefix: str) -> dict[str, Any]:
        found = sorted((shared / "format" / "golden").glob(f"{prefix}_*.json"))
        if not found:
            pytest.skip(f"golden record {prefix} not found")
        data: dict[str, Any] = json.loads(found[0].read_text(encoding="utf-8"))
        return data

    return load


def read_text(text: str | bytes, name: str = "skjema.txt") -> Behovsmelding:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_bytes(data, name)


@pytest.fixture(scope="session")
def read() -> Callable[..., Behovsmelding]:
    """read(text or bytes) → the record, through the public entry point."""
    return read_text


# --- a small made-up lokal-2024 form ------------------------------------------------------------

HEADER_2024 = """\
Behovsmelding – lokal kompetanseutvikling i barnehage og
grunnopplæring
Behovsmeldingen gjelder:
Regional ordning ☒   Desentralisert ordning ☐   Kompetanseløftet ☐
Eier: Testvik kommune  Kompetansenettverk Nordvest
Universitet/Høgskole: Eksempeluniversitetet
Kontaktpersoner: Kari Nordmann og Per Olav Hansen
 Eier UH
{contacts}
Partnerskapet består av flere eiere? Ja ☐  (Fyll ut liste) Nei  ☒
Partnerskapet består av flere UH? Ja ☐  (Fyll ut liste) Nei  ☒
Partnerskapet leverer behovsmelding i flere ordninger? Ja ☐    Nei ☒
Totalt antall tiltak det er behov for tilskudd til? 1
Total sum det meldes behov for 2025
Ordning Eier UH Totalt
{budget}
"""

CONTACTS_ROWS = """\
Navn Kari Nordmann Per Olav Hansen
Funksjon Kommunalsjef Førsteamanuensis ved Institutt for pedagogikk
Telefon 12 34 56 78 876 54 321
E-post kari.nordmann@testvik.kommune.no per.hansen@eksempel.no
Kontonr 1234.56.78903 9876 54 32109
Org. Nr 999 888 777 111222333
Ev. merkes Prosjekt 4411 Per Olav Hansen"""

BUDGET = """\
Regional ordning 100 000 250 000 350 000
Sum 100 000 250 000 350 000"""

TILTAK = """\
Tiltak {nr}
Navn på tiltak: Lek og læring
Tilskuddet fordeles
Eier UH Sum totalt
100 000,- 250 000,- 350 000,-
Hva skal tilskuddet brukes til? {formaal}
{forankring_prompt}
Barnehagene har kartlagt behovene sammen med de ansatte.
Beskriv hvordan tiltakene skal fremme kollektive prosesser for profesjonsutvikling som utvikler
barnehagen eller skolen
Personalet arbeider i team hver uke.
Beskriv hvordan dette samarbeidet bidrar til å styrke lærerutdanningen
Studentene får praksis i barnehagene.
Beskriv hvordan dette tiltaket er forankret i langsiktig plan
Tiltaket følger planens punkt om lek.
Eiers tilskudd skal brukes på følgende måte
Vikarer og lokaler.
UH sitt tilskudd skal brukes på følgende måte
Veiledning.
Det er behov for å bruke midler til koordinator for dette tiltaket? {koordinator}
Begrunn
{begrunn}
Tiltakets varighet {varighet}
{videre}Hvem er målgruppa for tiltaket?
Alle ansatte i barnehagene.
"""

FORANKRING_PROMPT = (
    "Beskriv hvordan tiltaket er forankret i den enkelte barnehage og skole på en måte som\n"
    "involverer ansatte og ledere, og i faglig dialog med UH"
)

TAIL = """\
Behovsmeldingen har vært drøftet i medbestemmelse  Ja ☒  Nei ☐
Hvor mange enheter er inkludert i behovsmeldingen?
"""


def tiltak_text(**kw: Any) -> str:
    values: dict[str, Any] = {
        "nr": 1,
        "formaal": "Planlegging av tiltak",
        "forankring_prompt": FORANKRING_PROMPT,
        "koordinator": "Ja ☐",
        "begrunn": "Klikk eller trykk her for å skrive inn tekst.",
        "varighet": "Vår 2025 ☐ Høst 2025 ☒  Vår 2026 ☒",
        "videre": "",
    }
    values.update(kw)
    return TILTAK.format(**values)


def form_text(
    *, contacts: str = CONTACTS_ROWS, budget: str = BUDGET, tiltak: list[str] | None = None
) -> str:
    body = "".join(tiltak if tiltak is not None else [tiltak_text()])
    return HEADER_2024.format(contacts=contacts, budget=budget) + body + TAIL


@pytest.fixture(scope="session")
def form() -> Callable[..., str]:
    """form(contacts=…, budget=…, tiltak=[…]) → the text of a small lokal-2024 form."""
    return form_text


@pytest.fixture(scope="session")
def tiltak() -> Callable[..., str]:
    """tiltak(nr=…, formaal=…, koordinator=…, varighet=…, videre=…) → one Tiltak section."""
    return tiltak_text


EXPECTED = Path(__file__).parent / "expected"


def strict_differences(want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Fields that differ: texts after folding white space only (line breaks inside an answer
    carry no meaning), everything else exactly; a field present on one side only differs."""
    w, g = dict(_leaves(want)), dict(_leaves(got))
    out = []
    for k in dict.fromkeys([*w, *g]):
        a, b = w.get(k, "<absent>"), g.get(k, "<absent>")
        if isinstance(a, str) and isinstance(b, str):
            if a.split() != b.split():
                out.append(f"{k}: want {a!r}, got {b!r}")
        elif type(a) is not type(b) or a != b:
            out.append(f"{k}: want {a!r}, got {b!r}")
    return out


@pytest.fixture(scope="session")
def audited(seed: Callable[[str], Path]) -> Callable[[str], tuple[Behovsmelding, list[str]]]:
    """audited("002") → (what the reader gives, the fields where it differs from the record
    read by hand that ``expected/`` keeps)."""

    def run(prefix: str) -> tuple[Behovsmelding, list[str]]:
        want: dict[str, Any] = json.loads(
            (EXPECTED / f"seed_{prefix}.json").read_text(encoding="utf-8")
        )
        path = seed(prefix)
        got = read_bytes(path.read_bytes(), path.name)
        return got, strict_differences(want, got.to_dict())

    return run
