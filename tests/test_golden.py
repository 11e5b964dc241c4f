"""The readers against what a careful person reads: each golden record scored ≥ 0.99.

Runs the real CLI (`behovsmelding read SEEDS --out DIR`) and scores its output with the
shared scoring tool (shared/tools/score_record.py), the same measure the project is judged by.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLDEN = sorted((SHARED / "format" / "golden").glob("*.json")) if SHARED.is_dir() else []
THRESHOLD = 0.99

pytestmark = pytest.mark.skipif(
    not GOLDEN or not (SHARED / "tools" / "score_record.py").is_file(),
    reason=f"golden records or scoring tool not found in the shared folder ({SHARED})",
)


def _load_scorer() -> ModuleType:
    path = SHARED / "tools" / "score_record.py"
    spec = importlib.util.spec_from_file_location("score_record", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    return _load_scorer()


@pytest.fixture(scope="module")
def read_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All seeds read once through the CLI, as a user would."""
    out = tmp_path_factory.mktemp("read")
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    result = subprocess.run(
        [sys.executable, "-m", "behovsmelding.cli", "read", *map(str, seeds), "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    return out


def _misses(scorer: ModuleType, golden: dict[str, Any], cand: dict[str, Any]) -> list[str]:
    g, c = dict(scorer.leaves(golden)), dict(scorer.leaves(cand))
    return [
        f"{k}: want {g.get(k, '<absent>')!r:.100} got {c.get(k, '<absent>')!r:.100}"
        for k in dict.fromkeys([*g, *c])
        if not (k in g and k in c and scorer.same(g[k], c[k]))
    ]


@pytest.mark.parametrize("golden_path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_reader_matches_golden_record(
    golden_path: Path, read_dir: Path, scorer: ModuleType
) -> None:
    golden = json.loads(golden_path.read_text("utf-8"))
    candidate_path = read_dir / golden_path.name
    assert candidate_path.is_file(), f"the CLI wrote no {candidate_path.name}"
    candidate = json.loads(candidate_path.read_text("utf-8"))
    ok, n = scorer.score(golden, candidate)
    misses = _misses(scorer, golden, candidate)
    assert ok / n >= THRESHOLD, (
        f"{golden_path.stem}: {ok}/{n} = {ok / n:.3f} < {THRESHOLD}; "
        f"{len(misses)} fields differ, first ones:\n  " + "\n  ".join(misses[:25])
    )


def _is_exact_leaf(value: Any) -> bool:
    """Amounts, counts and box states: integers and booleans, which must match exactly."""
    return isinstance(value, bool | int)


@pytest.mark.parametrize("golden_path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_amount_count_and_box_state_is_exact(
    golden_path: Path, read_dir: Path, scorer: ModuleType
) -> None:
    golden = dict(scorer.leaves(json.loads(golden_path.read_text("utf-8"))))
    candidate_path = read_dir / golden_path.name
    assert candidate_path.is_file(), f"the CLI wrote no {candidate_path.name}"
    candidate = dict(scorer.leaves(json.loads(candidate_path.read_text("utf-8"))))
    wrong = [
        f"{k}: want {golden.get(k, '<absent>')!r} got {candidate.get(k, '<absent>')!r}"
        for k in dict.fromkeys([*golden, *candidate])
        if (_is_exact_leaf(golden.get(k)) or _is_exact_leaf(candidate.get(k)))
        and not (k in golden and k in candidate and scorer.same(golden[k], candidate[k]))
    ]
    assert not wrong, f"{golden_path.stem}: {len(wrong)} exact fields differ:\n  " + "\n  ".join(
        wrong[:40]
    )
