"""`manage.py check --deploy` with the login providers set: clean with https addresses, a
hash key of its own and password login off; each missing piece is named."""

from __future__ import annotations

from pathlib import Path

from test_deploy_settings import manage, production_env


def oidc_env(scheme: str = "https") -> dict[str, str]:
    env: dict[str, str] = {}
    for prefix, host in (("IDPORTEN", "idporten.example.no"), ("ENTRA", "login.example.com")):
        base = f"{scheme}://{host}"
        env |= {
            f"{prefix}_ISSUER": f"{base}/",
            f"{prefix}_CLIENT_ID": f"{prefix.lower()}-klient",
            f"{prefix}_CLIENT_SECRET": "hemmelig",
            f"{prefix}_AUTHORIZATION_ENDPOINT": f"{base}/authorize",
            f"{prefix}_TOKEN_ENDPOINT": f"{base}/token",
            f"{prefix}_JWKS_URI": f"{base}/jwks.json",
            f"{prefix}_END_SESSION_ENDPOINT": f"{base}/logout",
        }
    return env


def test_check_deploy_is_clean_with_the_login_providers(tmp_path: Path) -> None:
    env = production_env(tmp_path, **oidc_env(), BEHOVSMELDING_PID_KEY="k" * 40)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_http_a_missing_key_and_password_login(tmp_path: Path) -> None:
    env = production_env(tmp_path, **oidc_env("http"), BEHOVSMELDING_PASSORD_ROLLER="eier")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    for code in ("innlogging.W001", "innlogging.W002", "innlogging.W003"):
        assert code in out


def test_a_provider_set_up_in_part_is_an_error(tmp_path: Path) -> None:
    env = production_env(tmp_path, IDPORTEN_CLIENT_ID="bare-denne")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "innlogging.E001" in result.stdout + result.stderr
