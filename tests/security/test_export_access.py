"""Every export × every role: what each download holds, not just whether it answers.

Uses the world of the access matrix (tests/web/test_web_access.py: Nordland with Bodø and
Vefsn, Troms far away). Each role's Excel and JSON exports hold exactly the records
``access.visible`` gives it, filters in the URL cannot widen that, the single-record JSON and
the original follow the same rule, and the forum's Excel has no contact details.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from test_web_access import (
    ROLES,
    World,
    client_for,
    world,  # noqa: F401 - the matrix's fixture, used by name below
)

from behovsmelding.web import access

pytestmark = pytest.mark.django_db

EXPORTS = ("eksport-excel", "eksport-json")
# What each role may download as a list export (None: refused with 403 / login redirect).
ALLOWED: dict[str, dict[str, int | None]] = {
    "anonym": {"eksport-excel": None, "eksport-json": None},
    "uten_rolle": {"eksport-excel": None, "eksport-json": None},
    "saksbehandler": {"eksport-excel": 200, "eksport-json": 200},
    "eier": {"eksport-excel": 200, "eksport-json": 200},
    "uh": {"eksport-excel": 200, "eksport-json": 200},
    "forum": {"eksport-excel": 200, "eksport-json": None},
}


def owners_in(name: str, content: bytes) -> list[str]:
    if name == "eksport-json":
        import json

        return sorted(r["eier"] for r in json.loads(content))
    wb = load_workbook(io.BytesIO(content))
    header = [c.value for c in wb["Tiltak"][1]]
    col = header.index("Eier")
    rows = list(wb["Tiltak"].iter_rows(min_row=2, values_only=True))
    ids = {}
    for row in rows:
        ids[row[header.index("ID")]] = row[col]
    return sorted(ids.values())


def visible_owners(w: World, role: str) -> list[str]:
    u = w.users[role]
    return sorted(access.visible(u).values_list("eier", flat=True)) if u else []


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_list_export_holds_exactly_what_the_role_sees(world: World, role: str, name: str) -> None:  # noqa: F811
    c = client_for(world, role)
    response = c.get(reverse(name))
    expected = ALLOWED[role][name]
    if expected is None:
        assert response.status_code in (302, 403)
        return
    assert response.status_code == 200
    assert owners_in(name, response.content) == visible_owners(world, role)


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("role", ["eier", "uh"])
def test_filters_cannot_widen_an_export(world: World, role: str, name: str) -> None:  # noqa: F811
    c = client_for(world, role)
    for params in ({"eier": "Vefsn kommune"}, {"eier": "Tromsø kommune"}, {"q": "Vefsn"}):
        response = c.get(reverse(name), params)
        assert response.status_code == 200
        assert not set(owners_in(name, response.content)) - {"Bodø kommune"}, params


@pytest.mark.parametrize("name", ["eksport-json-en", "original"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["own", "other", "far"])
def test_single_exports_follow_visibility(world: World, role: str, obj: str, name: str) -> None:  # noqa: F811
    bm = getattr(world, obj)
    u = world.users[role]
    sees = u is not None and access.visible(u).filter(pk=bm.pk).exists()
    may = u is not None and access.can_export_json(u)[0]
    expected = 302 if u is None else 404 if not sees else 200 if may else 403
    response = client_for(world, role).get(reverse(name, args=[bm.pk]))
    # Last: closing a download ends the request, which may close the database connection.
    response.close()
    assert response.status_code == expected, (role, obj, name)


def test_forum_excel_has_no_contact_details(world: World) -> None:  # noqa: F811
    content = client_for(world, "forum").get(reverse("eksport-excel")).content
    wb = load_workbook(io.BytesIO(content))
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "Heidi Einarson" not in text
    assert "4500.55.00080" not in text
    assert "Bodø kommune" in text


def test_every_export_url_is_covered() -> None:
    from django.urls import URLPattern, get_resolver

    names = {p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern)}
    exports = {n for n in names if n and (n.startswith("eksport") or n == "original")}
    assert exports == {*EXPORTS, "eksport-json-en", "original"}
