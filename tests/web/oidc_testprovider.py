"""A real OpenID Connect provider for the tests: node-oidc-provider (npm ``oidc-provider``) run
by ``tests/web/oidc/provider.mjs`` on 127.0.0.1 with a free port, started and stopped within
the test run. Two clients act as ID-porten (``pid`` in the ID token, front-channel logout) and
Entra ID (``oid``, e-mail); a third ID-porten client's codes expire after one second."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tests" / "web" / "oidc" / "provider.mjs"
PACKAGE = REPO / "node_modules" / "oidc-provider" / "package.json"
SECRET = "test-hemmelighet-ikke-ekte"

# Invented people; the numbers are of the shape of synthetic test fødselsnumre, not real ones.
PID_EVA = "17889900123"
PID_OLA = "02859911234"
PEOPLE: dict[str, dict[str, Any]] = {
    "eva": {"pid": PID_EVA},  # invited into an owner organisation
    "ola": {"pid": PID_OLA},  # nobody invited him
    "sara": {
        "oid": "0f3c-sara",
        "email": "sara@statsforvalteren.test",
        "name": "Sara Saksbehandler",
    },
    "kari": {"oid": "0f3c-kari", "email": "kari@statsforvalteren.test", "name": "Kari Uten Rolle"},
}
PIDS = (PID_EVA, PID_OLA)


@dataclass
class TestProvider:
    issuer: str
    app: str
    process: subprocess.Popen[str]
    log: Any

    def settings(self, **changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """``settings.OIDC_PROVIDERS`` for the application under test."""

        def one(client_id: str) -> dict[str, Any]:
            return {
                "ISSUER": self.issuer,
                "OIDC_RP_CLIENT_ID": client_id,
                "OIDC_RP_CLIENT_SECRET": SECRET,
                "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
                "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
                "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
                "END_SESSION_ENDPOINT": f"{self.issuer}/session/end",
            }

        out = {"idporten": one("idporten"), "entra": one("entra")}
        for provider, values in changes.items():
            out[provider].update(values)
        return out


def _client(client_id: str, provider: str, app: str, *, frontchannel: bool) -> dict[str, Any]:
    c: dict[str, Any] = {
        "client_id": client_id,
        "client_secret": SECRET,
        "redirect_uris": [f"{app}/innlogging/{provider}/callback/"],
        "post_logout_redirect_uris": [f"{app}/innlogging/utlogget/"],
    }
    if frontchannel:
        c["frontchannel_logout_uri"] = f"{app}/innlogging/{provider}/frontchannel-logout/"
    return c


def config(app: str, people: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "port": 0,
        "clients": [
            _client("idporten", "idporten", app, frontchannel=True),
            _client("idporten-kort", "idporten", app, frontchannel=True),
            _client("entra", "entra", app, frontchannel=False),
        ],
        "accounts": people or PEOPLE,
    }


def start(app: str, folder: Path, people: dict[str, dict[str, Any]] | None = None) -> TestProvider:
    """Start the provider for the application at ``app``; fails (never skips) when Node or
    the npm package is missing."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is missing (apt-get install nodejs)")
    if not PACKAGE.exists():
        raise RuntimeError(f"oidc-provider is missing at {PACKAGE.parent} (npm ci)")
    path = folder / "oidc-provider.json"
    path.write_text(json.dumps(config(app, people)), encoding="utf-8")
    log = open(folder / "oidc-provider.log", "w")  # noqa: SIM115  (closed with the process)
    process = subprocess.Popen(
        [node, str(SCRIPT), str(path)],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**os.environ, "NODE_ENV": "test"},
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if line.strip():
                issuer = json.loads(line)["issuer"]
                return TestProvider(issuer=issuer, app=app, process=process, log=log)
        if process.poll() is not None:
            break
    process.kill()
    process.wait()
    process.stdout.close()
    log.close()
    raise RuntimeError(
        "the OpenID provider did not start: " + (folder / "oidc-provider.log").read_text()
    )


def stop(p: TestProvider) -> None:
    p.process.terminate()
    try:
        p.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.process.kill()
        p.process.wait()
    if p.process.stdout is not None:
        p.process.stdout.close()
    p.log.close()
