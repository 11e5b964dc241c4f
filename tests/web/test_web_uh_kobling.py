"""Linking a record's UH spelling to a UH organisation (``koble-uh``) is for a spelling no
organisation has yet. An institution already linked cannot be moved to another organisation
through it: the institution is shared by every record, in every region, that names it, so a
caseworker of one region would otherwise hand another region's records (contacts, account
numbers, originals) to the members of an organisation of their choice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, behovsmelding, caseworker, member, region, user

from behovsmelding.web.models import Hendelse, Virksomhet, Virksomhetstype

pytestmark = pytest.mark.django_db


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_a_linked_institution_is_not_moved_to_another_organisation() -> None:
    fjellvik = Virksomhet.objects.create(navn="Fjellvik høgskole", type=Virksomhetstype.UH)
    # a record in Troms names it; its members see that record
    troms = behovsmelding(reg=region("Troms"), eier="Tromsø kommune", uh="Fjellvik høgskole")
    assert troms.institusjon is not None and troms.institusjon.virksomhet == fjellvik
    # a caseworker in Nordland has a record naming the same institution
    nordland = behovsmelding(uh="Fjellvik høgskole")
    assert nordland.institusjon == troms.institusjon
    caseworker(region("Nordland"), username="sb")
    nord = Virksomhet.objects.get(navn="Nord universitet")
    insider = user(None, username="nord-medlem")
    member(insider, nord)
    sb = client("sb")
    url = reverse("koble-uh", args=[nordland.pk])
    response = sb.post(url, {"virksomhet": nord.pk}, follow=True)
    assert response.redirect_chain == [(reverse("detalj", args=[nordland.pk]), 302)]
    assert "«Fjellvik høgskole» er allerede koblet til Fjellvik høgskole" in (
        response.content.decode()
    )
    troms.institusjon.refresh_from_db()
    assert troms.institusjon.virksomhet == fjellvik
    assert not Hendelse.objects.filter(type="behovsmelding.uh_linked").exists()
    assert client("nord-medlem").get(reverse("detalj", args=[troms.pk])).status_code == 404
