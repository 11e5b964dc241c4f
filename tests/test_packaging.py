"""The package declares what it imports: pyproject.toml's dependencies cover every third-party
import, the core stays installable without the web, and requirements*.txt pin what is declared.

The declared names are read from pyproject.toml and the module → distribution map from the
installed environment (importlib.metadata), so nothing here repeats the list under test.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
CORE = PROJECT["dependencies"]
WEB = PROJECT["optional-dependencies"]["web"]
DEV = PYPROJECT["dependency-groups"]["dev"]


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement ("pypdf[crypto]>=7" -> "pypdf")."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def _names(requirements: Iterable[str]) -> set[str]:
    return {_name(r) for r in requirements}


def _distributions_of(module: str) -> set[str]:
    return _names(md.packages_distributions().get(module, []))


def _third_party_imports(folder: Path) -> dict[str, set[str]]:
    """Top-level module -> files importing it, for absolute imports that are neither the
    standard library nor this package."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "behovsmelding":
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _settings_modules() -> set[str]:
    """Apps and middleware that settings name as strings (django_htmx is never imported)."""
    from django.conf import settings

    dotted = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE, *settings.AUTHENTICATION_BACKENDS]
    return {d.split(".")[0] for d in dotted} - {"behovsmelding"}


def _undeclared(modules: Iterable[str], declared: set[str]) -> list[str]:
    return sorted(
        f"{m} (from {sorted(_distributions_of(m)) or 'no installed distribution'})"
        for m in modules
        if not _distributions_of(m) & declared
    )


def test_every_third_party_import_in_src_is_a_declared_runtime_dependency() -> None:
    modules = set(_third_party_imports(SRC / "behovsmelding")) | _settings_modules()
    # The scan must see the web's imports, or this test would pass on an empty list.
    assert {"django", "openpyxl", "weasyprint", "django_htmx", "stdnum"} <= modules
    assert _undeclared(modules, _names(CORE) | _names(WEB)) == []


def test_the_core_outside_the_web_needs_only_the_core_dependencies() -> None:
    imports = _third_party_imports(SRC / "behovsmelding")
    outside_web = {
        module: {f for f in files if not f.startswith("src/behovsmelding/web/")}
        for module, files in imports.items()
    }
    # cli.py imports Django only inside export/restore, which use the web's database.
    outside_web["django"] -= {"src/behovsmelding/cli.py"}
    core_imports = {module for module, files in outside_web.items() if files}
    assert {"stdnum", "lxml", "pypdf"} <= core_imports
    assert _undeclared(core_imports, _names(CORE)) == []


def _web_only_modules() -> set[str]:
    """Modules of the web extra's distributions that no core dependency brings along
    (cryptography comes with pypdf[crypto] too)."""
    with_core = set(_names(CORE))
    for requirement in CORE:
        extras = (
            set(re.findall(r"\[([^\]]*)\]", requirement)[0].split(","))
            if "[" in requirement
            else set()
        )
        for sub in md.requires(_name(requirement)) or []:
            marker = sub.partition(";")[2]
            wanted = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
            if not wanted or set(wanted) & extras:
                with_core.add(_name(sub))
    web_only = _names(WEB) - with_core
    return {m for m, ds in md.packages_distributions().items() if _names(ds) & web_only}


def test_the_command_reads_and_checks_without_the_web_extra_installed() -> None:
    blocked = sorted(_web_only_modules())
    assert "django" in blocked and "openpyxl" in blocked
    demo = sorted(str(p) for p in (SRC / "behovsmelding" / "demo_data").glob("*.txt"))[:2]
    # A fresh process in which the web extra's modules cannot be imported, as after
    # `pip install .` without [web].
    script = f"""
import sys
BLOCKED = set({blocked!r})
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"blocked: {{name}}")
        return None
sys.meta_path.insert(0, Block())
from behovsmelding import cli
commands = [["--version"], ["read", {demo[0]!r}], ["check", *{demo!r}], ["demo"]]
for argv in [*commands, ["export", "json"]]:
    try:
        status = cli.main(argv)
    except SystemExit as e:
        status = e.code
    print("STATUS", argv[0], status, file=sys.stderr)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    statuses = dict(
        line.split()[1:3] for line in done.stderr.splitlines() if line.startswith("STATUS ")
    )
    # check exits 1 when a document has a finding of severity feil; 2 or 3 would be a failure.
    assert statuses.keys() == {"--version", "read", "check", "demo", "export"}, done.stderr
    assert statuses["--version"] == "0" and statuses["read"] == "0" and statuses["demo"] == "0"
    assert statuses["check"] in {"0", "1"}, done.stderr
    # export needs the web's database: a one-line refusal that says what to install.
    assert statuses["export"] == "2"
    assert "pip install 'behovsmelding[web]'" in done.stderr


def _pins(filename: str) -> set[str]:
    names = set()
    for line in (ROOT / filename).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            assert "==" in line, f"{filename}: {line!r} is not pinned with =="
            names.add(_name(line))
    return names


def test_requirements_pin_every_declared_dependency() -> None:
    runtime = _pins("requirements.txt")
    dev = _pins("requirements-dev.txt")
    assert "-r requirements-dev.txt" in (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert sorted((_names(CORE) | _names(WEB)) - runtime) == []
    assert sorted(_names(DEV) - dev - runtime) == []
    assert sorted(runtime & dev) == []
