"""Every view a URL names asks the access modules through the one helper of
``web/viewkit.py`` (``@permission``, ``@permission.inside`` with ``refused``, or ``@public``),
and no view module checks roles on its own. The outcomes themselves are the role × URL matrix's
(``tests/web/test_web_access.py``)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

WEB = Path(__file__).resolve().parents[2] / "src/behovsmelding/web"
VIEW_MODULES = [
    "views.py",
    "register_views.py",
    "medlemskap_views.py",
    "skjema/views.py",
    "skjema/se_over.py",
    "skjema/vedlegg_views.py",
    "forum/views.py",
    "forum/views_brev.py",
    "innlogging/views.py",
]
# Views that are open to anyone by design, as the login and invitation flows need.
PUBLIC = {
    "logg-inn/",
    "logg-ut/",
    "innlogging/utlogget/",
    "innlogging/invitasjon/<str:token>/",
    "innlogging/idporten/logg-inn/",
    "innlogging/idporten/callback/",
    "innlogging/idporten/frontchannel-logout/",
    "innlogging/entra/logg-inn/",
    "innlogging/entra/callback/",
    "innlogging/entra/frontchannel-logout/",
    "invitasjon/<str:token>/",
    "innlogging/bekreft/",
    "skjema/sprak/",
    "skjema/forleng/",
}


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _ours() -> list[tuple[str, Any]]:
    return [
        (path, cb)
        for path, cb in _walk(get_resolver())
        if getattr(cb, "__module__", "").startswith("behovsmelding.")
    ]


def test_the_walk_finds_the_applications_views() -> None:
    paths = {path for path, _ in _ours()}
    assert len(paths) >= 70
    for known in ("behovsmeldinger/<int:pk>/status/", "eksport/excel/", "skjema/<int:pk>/lagre/"):
        assert known in paths


def test_every_view_is_wrapped_by_the_permission_helper() -> None:
    unwrapped = [
        f"{path} ({cb.__module__}.{cb.__name__})"
        for path, cb in _ours()
        if not getattr(cb, "tilgang", "")
    ]
    assert unwrapped == []


def test_only_the_login_and_invitation_views_are_public() -> None:
    public = {path for path, cb in _ours() if getattr(cb, "tilgang", "").startswith("åpen:")}
    assert public == PUBLIC


# Views whose check marked "inside" is made by the service they call (which raises).
CHECKED_BY_SERVICE = {"skjema/vedlegg/<int:pk>/slett/": "vedlegg.delete"}


def test_a_view_checked_inside_calls_its_check() -> None:
    inside = 0
    for path, cb in _ours():
        tilgang = getattr(cb, "tilgang", "")
        if tilgang.startswith("i viewet:"):
            inside += 1
            name = tilgang.rsplit(".", 1)[-1]
            source = inspect.getsource(inspect.unwrap(cb))
            assert f"{name}(" in source or CHECKED_BY_SERVICE.get(path, "@") in source, path
    assert inside >= 5


# Asking for a role in a view instead of asking the access module what the role may do.
AD_HOC = re.compile(
    r"^\s*(?:el)?if .*(?:rolle_for\(|is_staff\(|\.rolle\s*==|Rolle\.\w+|is_superuser)|"
    r"allowed, reason = |HttpResponseForbidden\("
)


def test_no_view_module_checks_roles_on_its_own() -> None:
    found = [
        f"{name}:{n}: {line.strip()}"
        for name in VIEW_MODULES
        for n, line in enumerate((WEB / name).read_text().splitlines(), 1)
        if AD_HOC.search(line)
    ]
    assert found == []
