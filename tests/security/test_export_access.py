"""Every export × every role: what each download holds, not just whether it answers.

Uses the world of the access matrix (tests/web/test_web_access.py: Nordland with Bodø and
Vefsn, Troms far away; Bodø has an imported record and one sent in on the owners' form). Each
role's Excel and JSON exports hold exactly the records written out below (not asked of the
access module), filters in the URL cannot widen that, and the forum's Excel has no contact
details. (Who may open the single-record JSON and the original is in the matrix itself.)
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from test_web_access import (  # noqa: F401 - the matrix's fixtures, used by name below
    ROLES,
    World,
    _world_files,
    client_for,
    world,
    world_folder,
)

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
        if not isinstance(row[header.index("ID")], int):  # the totals row ("Sum (3 rader)")
            continue
        ids[row[header.index("ID")]] = row[col]
    return sorted(ids.values())


# The owners of the records each role's list export holds (one entry per record).
SEES: dict[str, list[str]] = {
    # the region's records: Bodø's two and Vefsn's; not Tromsø's (Troms)
    "saksbehandler": ["Bodø kommune", "Bodø kommune", "Vefsn kommune"],
    "forum": ["Bodø kommune", "Bodø kommune", "Vefsn kommune"],
    # its organisation's partnership: Bodø's two
    "eier": ["Bodø kommune", "Bodø kommune"],
    # the records whose UH partner is its organisation (Høgskolen i Innlandet): the imported
    # Bodø record names it; the one sent in on the form has Læringsmiljøsenteret
    "uh": ["Bodø kommune"],
}


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
    assert owners_in(name, response.content) == SEES[role]


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("role", ["eier", "uh"])
def test_filters_cannot_widen_an_export(world: World, role: str, name: str) -> None:  # noqa: F811
    c = client_for(world, role)
    for params in ({"eier": "Vefsn kommune"}, {"eier": "Tromsø kommune"}, {"q": "Vefsn"}):
        response = c.get(reverse(name), params)
        assert response.status_code == 200
        assert not set(owners_in(name, response.content)) - {"Bodø kommune"}, params


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
