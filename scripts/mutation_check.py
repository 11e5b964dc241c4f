#!/usr/bin/env python3
"""Mutation check: remove one protection at a time, in a temporary copy of the repository, and
run the tests that should notice. A protection whose removal no test notices is a test that
cannot fail.

    .venv/bin/python scripts/mutation_check.py            # all mutations, a table at the end
    .venv/bin/python scripts/mutation_check.py csp mod11  # only these

Run on demand, not in CI (each mutation runs its tests once: minutes). The copy is made with
the files git tracks (as they are in the working tree); the copy's ``src`` comes first on the
path, so the worktree's ``.venv`` runs the mutated code. Exit status 1 when a mutation
survives or cannot be applied.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv/bin/python"
WEB = "src/behovsmelding/web"


@dataclass(frozen=True)
class Mutation:
    name: str
    protection: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation(
        "export-access",
        "access check on the Excel export",
        f"{WEB}/views.py",
        "@permission(access.can_view_overview)\ndef eksport_excel(",
        "def eksport_excel(",
        ("tests/security/test_export_access.py",),
    ),
    Mutation(
        "view-permission",
        "the permission helper refuses (viewkit.permission)",
        f"{WEB}/viewkit.py",
        "                if refusal := refused(request, decision):\n"
        "                    return refusal\n",
        "",
        ("tests/security/test_export_access.py",),
    ),
    Mutation(
        "formula",
        "formula neutraliser (CSV/Excel injection)",
        f"{WEB}/exporter.py",
        "if isinstance(value, str) and value.startswith(FORMULA_STARTS):\n"
        '        return "\'" + value',
        "if False:\n        return value",
        (
            "tests/security/test_escaping.py",
            "tests/web/forum/test_forum_exporters.py",
            "tests/web/test_web_exporter_contract.py",
        ),
    ),
    Mutation(
        "json-script",
        "json_script escaping of the findings given to the form's script",
        f"{WEB}/skjema/templates/skjema/skjema.html",
        '{{ funn|json_script:"funn-data" }}',
        '<script id="funn-data" type="application/json">{{ funn|safe }}</script>',
        (
            "tests/security/test_xss.py::test_a_draft_with_payloads_in_every_field_and_amount_shows_them_as_text",
        ),
    ),
    Mutation(
        "csp",
        "Content-Security-Policy header",
        f"{WEB}/settings.py",
        '    "csp.middleware.CSPMiddleware",\n',
        "",
        ("tests/security/test_xss.py::test_every_response_carries_the_strict_policy",),
    ),
    Mutation(
        "throttle",
        "login throttling (django-axes)",
        f"{WEB}/throttle.py",
        "    return int(settings.LOGIN_FAILURE_LIMIT)",
        "    return 10**6",
        ("tests/security/test_throttle.py",),
    ),
    Mutation(
        "mod11-register",
        "MOD11 check of an account number in the register",
        f"{WEB}/register_services.py",
        "    if not stdnum_kontonr.is_valid(nummer):",
        "    if False:",
        ("tests/web/test_web_register_views.py",),
    ),
    Mutation(
        "mod11-check",
        "MOD11 check of an account number in a record (checks)",
        "src/behovsmelding/checks/identifiers.py",
        'kontonr_ugyldig = _number_rule("kontonr", "kontonummer", 11, kontonr.is_valid, False)',
        'kontonr_ugyldig = _number_rule("kontonr", "kontonummer", 11, lambda n: True, False)',
        ("tests/checks/test_identifiers.py",),
    ),
    Mutation(
        "sum",
        "the sum check of a tiltak (Eier + UH = Sum totalt)",
        "src/behovsmelding/checks/sums.py",
        '            self.add("SUM_TILTAK", f"{base}.totalt", fix, tot, e + u, texts)',
        "            pass",
        ("tests/checks/test_arithmetic.py",),
    ),
    Mutation(
        "unreadable-amount",
        "the unreadable-amount rule (a sum over an unreadable cell is not a finding)",
        "src/behovsmelding/checks/unreadable.py",
        "    if f.felt in uleselig:\n        return True\n",
        "    return False\n",
        ("tests/web/test_web_uleselig.py", "tests/checks/test_answers.py"),
    ),
    Mutation(
        "stale-version",
        "the stale-version 409 of the owners' form",
        f"{WEB}/skjema/views.py",
        "return JsonResponse(body, status=409 if res.konflikter else 200)",
        "return JsonResponse(body, status=200)",
        ("tests/web/skjema/test_skjema_views.py", "tests/web/skjema/test_skjema_merge.py"),
    ),
    Mutation(
        "audit-type",
        "unknown audit types refused when written",
        f"{WEB}/hendelser.py",
        "    kode = GAMLE.get(handling, handling)\n    try:\n        return TYPES[kode]\n"
        "    except KeyError:\n",
        "    kode = GAMLE.get(handling, handling)\n    try:\n        return TYPES[kode]\n"
        "    except KeyError:\n        return ELDRE\n",
        (
            "tests/web/test_web_hendelser.py::test_an_unknown_type_is_refused_when_written_and_nothing_is_stored",
        ),
    ),
]


def tracked_copy(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        rel = raw.decode()
        src = ROOT / rel
        if not src.is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    for shared in ("node_modules",):
        if (ROOT / shared).exists():
            (dest / shared).symlink_to(ROOT / shared)


def run(m: Mutation) -> tuple[str, str, float]:
    with tempfile.TemporaryDirectory(prefix=f"mutation-{m.name}-") as tmp:
        copy = Path(tmp)
        tracked_copy(copy)
        target = copy / m.path
        text = target.read_text(encoding="utf-8")
        if text.count(m.old) != 1:
            return "NOT APPLIED", f"the text to change is found {text.count(m.old)} times", 0.0
        target.write_text(text.replace(m.old, m.new), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("DATABASE_URL", None)
        start = time.monotonic()
        proc = subprocess.run(
            [str(PY), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *m.tests],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        took = time.monotonic() - start
        tail = (proc.stdout.strip().splitlines() or [""])[-1]
        if proc.returncode == 1:
            return "caught", tail, took
        if proc.returncode == 0:
            return "SURVIVED", tail, took
        return "ERROR", f"pytest exit {proc.returncode}: {tail}", took


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not argv or m.name in argv]
    rows = []
    for m in chosen:
        outcome, detail, took = run(m)
        print(f"{m.name}: {outcome} ({took:.0f} s) {detail}", flush=True)
        rows.append((m, outcome, detail, took))
    print()
    print("| mutation | protection removed | file | tests | outcome | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for m, outcome, detail, took in rows:
        tests = ", ".join(f"`{t}`" for t in m.tests)
        print(
            f"| {m.name} | {m.protection} | `{m.path}` | {tests} | {outcome}: {detail} "
            f"| {took:.0f} |"
        )
    return 0 if all(o == "caught" for _, o, _, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
