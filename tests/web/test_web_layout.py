"""The detail page puts each finding beside the field it concerns."""

from __future__ import annotations

import pytest
from django.test import Client
from web_factories import FINDING_SUM, PASSWORD, behovsmelding, caseworker, record_dict

from behovsmelding.web import layout


def test_finding_lands_on_its_field() -> None:
    sections = layout.build(record_dict(), show_contacts=True)
    placed, rest = layout.place_findings(sections, [FINDING_SUM])
    assert rest == []
    field = next(
        i for s in sections for i in s.items if getattr(i, "path", "") == "tiltak[0].totalt"
    )
    assert field.funn[0]["kode"] == "SUM_TILTAK"
    assert placed[0]["anker"] == "felt-tiltak-0-totalt"


def test_finding_on_a_table_cell() -> None:
    sections = layout.build(record_dict(), show_contacts=True)
    f = {**FINDING_SUM, "felt": "kontaktpersoner.eier.kontonr"}
    layout.place_findings(sections, [f])
    table = next(i for s in sections for i in s.items if isinstance(i, layout.Tabell))
    cells = [c for _, row in table.rows for c in row if c.funn]
    assert [c.path for c in cells] == ["kontaktpersoner.eier.kontonr"]


def test_finding_without_a_shown_field_goes_to_the_nearest_parent_or_top() -> None:
    sections = layout.build(record_dict(), show_contacts=True)
    unknown_leaf = {**FINDING_SUM, "felt": "tiltak[1].ukjent"}
    nowhere = {**FINDING_SUM, "felt": "finnes.ikke"}
    _, rest = layout.place_findings(sections, [unknown_leaf, nowhere])
    assert rest == [{**nowhere, "anker": "funn-tittel"}]
    tiltak1 = next(s for s in sections if s.path == "tiltak[1]")
    assert tiltak1.funn[0]["felt"] == "tiltak[1].ukjent"


@pytest.mark.django_db
def test_detail_page_shows_the_finding_inside_the_field_element() -> None:
    bm = behovsmelding(funn=[FINDING_SUM])
    sb = caseworker(bm.region)
    c = Client()
    c.login(username=sb.username, password=PASSWORD)
    html = c.get(f"/behovsmeldinger/{bm.pk}/").content.decode()
    start = html.index('id="felt-tiltak-0-totalt"')
    end = html.index('id="felt-tiltak-0-formaal"')
    assert FINDING_SUM["melding"] in html[start:end]
