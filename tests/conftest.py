"""Fixtures every test module may use. Framework-specific fixtures live beside their tests
(e.g. tests/web/conftest.py), so that the core's tests need no Django."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
# The shared folder (formats, golden records, seed documents) is the repository's sibling,
# both in the working tree and in CI's fresh clone.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite's test database is a file, not memory. An in-memory database makes Django's live
    server share the test's one connection between all its request threads, so two requests at
    once (a save sent as a page unloads and the next page's save) interleave in one
    transaction, and the product's own locking (BEGIN IMMEDIATE) is never exercised. A file
    gives each thread its own connection, as in production; tmpfs keeps it fast."""
    from django.conf import settings

    db: Any = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        folder = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
        name = os.path.join(folder, f"behovsmelding-test-{os.getpid()}.sqlite3")
        db.setdefault("TEST", {})["NAME"] = name


def pytest_configure(config: pytest.Config) -> None:
    """Background tasks run at once, in the caller (django-tasks' immediate backend), and
    stage their files in a folder of the run's own; the worker's own tests
    (tests/web/test_web_bakgrunn.py) switch to the database backend and a real `db_worker`."""
    from django.test.utils import override_settings

    override_settings(
        TASKS={
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "ENQUEUE_ON_COMMIT": False,
            }
        },
        MOTTAK_DIR=Path(tempfile.mkdtemp(prefix="behovsmelding-mottak-")),
    ).enable()


# Modules that reach the database without the db fixtures: they run manage.py or the CLI in a
# subprocess with DATABASE_URL, so the database under test is the one in the environment.
_DATABASE_BY_SUBPROCESS = (
    "tests/test_cli.py",
    "tests/backup/",
    "tests/security/test_deploy_",
    "tests/web/test_web_demo.py",
    "tests/web/test_web_bakgrunn.py",
    "tests/web/test_web_uleselig.py",
    "tests/web/test_web_register_import.py",
    "tests/web/forum/test_forum_arkiv.py",
    "tests/web/forum/test_forum_utsending.py",
)
# Browser tests whose outcome can depend on the database: concurrent saves from two pages
# (locking differs: BEGIN IMMEDIATE on SQLite, row locks on PostgreSQL) and the login flows
# (sessions, identities). The other browser tests drive pages whose data the non-browser tests
# already check on both databases; they run on SQLite only.
_BROWSER_ON_BOTH = (
    "tests/web/skjema/test_skjema_nothing_lost_browser.py",
    "tests/web/test_web_oidc_browser.py",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests whose outcome can depend on the database (the second run, on "
        "PostgreSQL); the readers', checks' and most browser tests ran on SQLite already",
    )


def _uses_database(item: pytest.Item) -> bool:
    path = item.nodeid.split("::", 1)[0]
    if "_browser" in path:
        return path in _BROWSER_ON_BOTH
    if path.startswith(_DATABASE_BY_SUBPROCESS):
        return True
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or any(
        f in names for f in ("db", "transactional_db", "live_server", "django_db_setup")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    keep = [i for i in items if _uses_database(i)]
    dropped = [i for i in items if not _uses_database(i)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "format" / "behovsmelding-v1.schema.json").is_file():
        pytest.skip(f"the shared folder is not beside the repository (looked for {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def seed_files(shared_dir: Path) -> list[Path]:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed documents in {shared_dir / 'seeds'}")
    return seeds


@pytest.fixture(autouse=True)
def _register(request: pytest.FixtureRequest) -> None:
    """A test with a database starts with Statsforvalteren's organisation register as a region
    keeps it before a round: the shipped sample (invented numbers and addresses in
    Enhetsregisteret's layout) with its owners in Nordland. Records whose owner is not in it
    are held "Til avklaring", as in production."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        f in request.fixturenames for f in ("db", "transactional_db", "live_server")
    )
    if not uses_db:
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    from behovsmelding.web.models import Alias, Region
    from behovsmelding.web.register_import import load_demo_register

    if not Alias.objects.exists():
        # A transactional test before this one (a browser test's live server) flushed the
        # database, and with it what the migrations put there: put it back.
        _rerun_data_migrations()
    load_demo_register(Region.objects.get_or_create(navn="Nordland")[0])


def _rerun_data_migrations() -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("behovsmelding.web.migrations.0006_register_data").seed_uh_aliases(apps)
    importlib.import_module("behovsmelding.web.migrations.0008_versjoner_og_duplikater")._data(
        apps, None
    )
