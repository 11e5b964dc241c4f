"""Any record the format allows can be checked: no exception, and every finding well-formed.

The web form re-checks a record that is half filled in on every change, so the rules must
cope with any combination of empty, odd and extreme values.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from behovsmelding.checks import SEVERITIES, check, sort_findings
from behovsmelding.record import Behovsmelding

from .factories import valid_2024, valid_2026

_INDEX = re.compile(r"\[(\d+)\]")


def _exists(data: Any, felt: str) -> bool:
    """Whether ``felt`` names a place in the record's JSON (a key may hold null)."""
    for part in felt.split("."):
        name = _INDEX.sub("", part)
        if not isinstance(data, dict) or name not in data:
            return False
        data = data[name]
        for idx in _INDEX.findall(part):
            if not isinstance(data, list) or int(idx) >= len(data):
                return False
            data = data[int(idx)]
    return True


def _mutate(draw: st.DrawFn, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _mutate(draw, v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_mutate(draw, v) for v in value]
        return items[: draw(st.integers(0, len(items)))] if draw(st.booleans()) else items
    if draw(st.integers(0, 9)) != 0:
        return value  # most fields keep their valid value
    if isinstance(value, bool):
        return draw(st.sampled_from([True, False, None]))
    if isinstance(value, int):
        return draw(st.none() | st.integers(-(10**9), 10**9))
    if isinstance(value, str):
        return draw(
            st.none() | st.sampled_from(["", "-", "--", "X", "Velg et element."]) | st.text()
        )
    return value


@st.composite
def records(draw: st.DrawFn) -> Behovsmelding:
    base = draw(st.sampled_from([valid_2024, valid_2026]))().to_dict()
    data = _mutate(draw, base)
    for key in (
        "format",
        "kilde",
        "skjema",
        "ordninger",
        "gjelder",
        "faser",
        "videreutdanning",
        "samiske_perspektiver",
        "varighet",
    ):
        data[key] = base[key]  # enums and period lists keep schema-valid values
    for t, bt in zip(data["tiltak"], base["tiltak"], strict=False):
        t["formaal"], t["varighet"] = bt["formaal"], bt["varighet"]
    for p in data["partnere"]:
        p["rolle"] = p["rolle"] if p["rolle"] in ("eier", "uh", None) else None
    for b in [*data["budsjett"]["rader"], data["budsjett"]["sum"] or {"uh": []}]:
        b["uh"] = [u for u in b["uh"] if isinstance(u.get("belop"), int)]
    return Behovsmelding.from_dict(data)


@settings(
    max_examples=80,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(records())
def test_any_record_gives_well_formed_sorted_findings(bm: Behovsmelding) -> None:
    findings = check(bm)
    data = bm.to_dict()
    for f in findings:
        assert f.alvorlighet in SEVERITIES
        assert f.kode.isupper() and f.melding.strip()
        assert _exists(data, f.felt), f.felt
    assert findings == sort_findings(findings)
    assert len(set(findings)) == len(findings)
