"""Production settings: `manage.py check --deploy` is clean, and the headers and cookies are set.

Settings are read once per process, so each case runs in its own process with the production
environment: DEBUG off, BEHOVSMELDING_HTTPS=1, a real secret key and a host name.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "BEHOVSMELDING_HTTPS": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "behovsmelding.example.no",
        "BEHOVSMELDING_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("SECURE_COOKIES", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_without_https(tmp_path: Path) -> None:
    env = production_env(tmp_path, BEHOVSMELDING_HTTPS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr or "security.W004" in result.stdout


PROBE = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
c = Client(HTTP_HOST="behovsmelding.example.no")
plain = c.get("/logg-inn/")
secure = c.get("/logg-inn/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "nosniff": secure.get("X-Content-Type-Options", ""),
    "frame": secure.get("X-Frame-Options", ""),
    "referrer": secure.get("Referrer-Policy", ""),
    "csrf_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "csrf_samesite": secure.cookies["csrftoken"]["samesite"],
}))
"""


@pytest.mark.parametrize("https", ["1", "0"])
def test_production_headers_and_cookies(tmp_path: Path, https: str) -> None:
    import json

    env = production_env(tmp_path, BEHOVSMELDING_HTTPS=https)
    env["DJANGO_SETTINGS_MODULE"] = "behovsmelding.web.settings"
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["nosniff"] == "nosniff"
    assert got["frame"] == "DENY"
    assert got["referrer"] == "same-origin"
    assert got["csrf_samesite"] == "Lax"
    if https == "1":
        assert got["plain_status"] == 301
        assert got["plain_location"].startswith("https://")
        assert "max-age=31536000" in got["hsts"] and "includeSubDomains" in got["hsts"]
        assert got["csrf_secure"] is True
    else:
        assert got["plain_status"] == 200
        assert got["hsts"] == ""
        assert got["csrf_secure"] is False


def test_session_settings_for_production() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
