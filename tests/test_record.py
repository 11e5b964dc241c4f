"""The record and the behovsmelding-v1 format: every dump validates, load → dump is identity."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from behovsmelding.readers import read_path
from behovsmelding.record import Behovsmelding, RecordError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NO_SHARED = pytest.mark.skip(reason=f"shared folder not found beside the repository: {SHARED}")


def _shared_files(pattern: str) -> list[Any]:
    files = sorted(SHARED.glob(pattern)) if SHARED.is_dir() else []
    if not files:
        return [pytest.param(None, id="no-shared-files", marks=NO_SHARED)]
    return [pytest.param(p, id=p.name) for p in files]


GOLDEN = _shared_files("format/golden/*.json")
SAMPLES = _shared_files("samples/*.json")
SEEDS = _shared_files("seeds/*.txt")


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads((SHARED / "format" / "behovsmelding-v1.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _assert_valid(data: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    messages = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]
    assert not messages, "\n".join(messages[:20])


def _dumps(data: Any) -> str:
    # sort_keys=False on purpose: key order is part of what must survive.
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", GOLDEN + SAMPLES)
def test_shared_json_is_valid_against_the_schema(path: Path) -> None:
    _assert_valid(_load(path))


@pytest.mark.parametrize("path", GOLDEN + SAMPLES)
def test_load_then_dump_gives_identical_json(path: Path) -> None:
    original = _load(path)
    dumped = Behovsmelding.from_dict(original).to_dict()
    assert dumped == original
    assert _dumps(dumped) == _dumps(original)  # same keys in the same order, at every level


@pytest.mark.parametrize("path", GOLDEN + SAMPLES)
def test_dump_of_a_loaded_record_is_valid(path: Path) -> None:
    _assert_valid(Behovsmelding.from_dict(_load(path)).to_dict())


@pytest.mark.parametrize("path", SEEDS)
def test_reader_output_is_valid_against_the_schema(path: Path) -> None:
    _assert_valid(read_path(path).to_dict())


@pytest.mark.parametrize("path", SEEDS)
def test_read_to_json_load_dump_is_identical(path: Path) -> None:
    text = read_path(path).to_json()
    again = Behovsmelding.from_json(text).to_json()
    assert again == text
    assert json.loads(again) == json.loads(text)


def test_to_json_keeps_norwegian_letters_unescaped() -> None:
    text = Behovsmelding(eier="Bodø kommune", tittel="Ærlig og åpen").to_json()
    assert "Bodø kommune" in text and "Ærlig og åpen" in text
    assert "\\u" not in text


def _minimal() -> dict[str, Any]:
    return Behovsmelding(skjema="lokal-2024").to_dict()


def _with(path: str, value: Any) -> dict[str, Any]:
    """The minimal record with one field (dotted path, [n] for list items) replaced."""
    data = _minimal()
    data["tiltak"] = [{"nr": 1}]
    data["budsjett"]["rader"] = [{"etikett": "Regional ordning", "uh": [{"belop": 1}]}]
    target: Any = data
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


BAD_RECORDS = {
    "not-an-object": [],
    "wrong-format": _with("format", "behovsmelding-v2"),
    "missing-format": {k: v for k, v in _minimal().items() if k != "format"},
    "unknown-skjema": _with("skjema", "lokal-2023"),
    "aar-as-text": _with("aar", "2024"),
    "aar-as-bool": _with("aar", True),
    "unknown-ordning": _with("ordninger", ["regional", "nasjonal"]),
    "ordninger-not-a-list": _with("ordninger", "regional"),
    "unknown-gjelder": _with("gjelder", "videregaende"),
    "flag-as-text": _with("flere_eiere", "ja"),
    "kontakt-navn-as-number": _with("kontaktpersoner.eier.navn", 42),
    "kontaktpersoner-not-an-object": _with("kontaktpersoner", "Kari"),
    "tiltak-item-not-an-object": _with("tiltak.0", "Tiltak 1"),
    "tiltak-amount-as-text": _with("tiltak.0.eier", "50 000"),
    "tiltak-unknown-formaal": _with("tiltak.0.formaal", "moro"),
    "budsjett-uh-without-belop": _with("budsjett.rader.0.uh.0", {"institusjon": "SePU"}),
    "budsjett-amount-as-float": _with("budsjett.rader.0.uh.0.belop", 1.5),
    "enheter-as-list": _with("enheter.ppt", [1]),
    "unknown-kilde-format": _with("kilde", {"fil": "a.odt", "format": "odt", "sha256": None}),
    "videreforing-without-periode": _with("tiltak.0.videreforing", [{"eier": "ja"}]),
    "unknown-top-level-key": _with("ekstra", "x"),
    "unknown-kontakt-key": _with("kontaktpersoner.eier.fax", "123"),
    "unknown-tiltak-key": _with("tiltak.0.budsjett", 5),
}


@pytest.mark.parametrize("bad", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_from_dict_rejects_bad_input_with_record_error(bad: Any) -> None:
    with pytest.raises(RecordError) as excinfo:
        Behovsmelding.from_dict(bad)
    assert str(excinfo.value)  # a message a person can act on


@pytest.mark.parametrize("text", ["", "{", "[1, 2", "null", '"behovsmelding"'])
def test_from_json_rejects_what_is_not_a_record(text: str) -> None:
    with pytest.raises(RecordError):
        Behovsmelding.from_json(text)


def test_minimal_record_round_trips() -> None:
    data = _minimal()
    assert Behovsmelding.from_dict(data).to_dict() == data
