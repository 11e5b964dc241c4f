"""Every form that changes something carries a CSRF token, and every POST without one is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from web_factories import PASSWORD, behovsmelding, caseworker

SRC = Path(__file__).resolve().parents[2] / "src" / "behovsmelding"
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def templates() -> list[Path]:
    return sorted(SRC.rglob("templates/**/*.html"))


def test_every_post_form_in_every_template_has_a_csrf_token() -> None:
    checked = 0
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for form in FORM.findall(text):
            opening = form.split(">", 1)[0].lower()
            if 'method="post"' in opening or "method='post'" in opening or "hx-post" in opening:
                assert "{% csrf_token %}" in form, f"{path.relative_to(SRC)}: {opening}>"
                checked += 1
    assert checked >= 5  # login, logout, upload, status, comment, recheck, …


def test_no_view_is_exempt_from_csrf() -> None:
    offenders = [
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if "csrf_exempt" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else prefix
            out += _names(p.url_patterns, ns)
        elif p.name:
            out.append(prefix + p.name)
    return out


POSTS = ["endre-status", "kommenter", "kontroller", "last-opp", "logg-inn"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", POSTS)
def test_post_without_token_is_refused(name: str) -> None:
    assert name in _names(get_resolver().url_patterns)
    bm = behovsmelding()
    caseworker(username="sb")
    c = Client(enforce_csrf_checks=True)
    if name != "logg-inn":
        assert c.login(username="sb", password=PASSWORD)
    url = reverse(name, args=[bm.pk]) if name in POSTS[:3] else reverse(name)
    data = {"til": "under_behandling", "tekst": "x", "username": "sb", "password": PASSWORD}
    response = c.post(url, data)
    assert response.status_code == 403
    bm.refresh_from_db()
    assert bm.status == "mottatt" and not bm.kommentarer.exists()
