"""An alias never takes another organisation's documents: a spelling that is another
organisation's name, or that would match another UH organisation's name or alias (a UH name
matches an alias whose words occur in it), is refused. Aliases are shared by every region, so
otherwise one region's caseworker could move UH money (letters, payment rows) and records
(what the members see) of every region to an organisation of their choice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, caseworker, region

from behovsmelding.web import register
from behovsmelding.web.models import Alias, Virksomhet, Virksomhetstype

pytestmark = pytest.mark.django_db


@pytest.fixture
def sb() -> Client:
    caseworker(region("Nordland"), username="sb")
    c = Client()
    assert c.login(username="sb", password=PASSWORD)
    return c


def uh(navn: str) -> Virksomhet:
    return Virksomhet.objects.create(navn=navn, type=Virksomhetstype.UH, region=region("Nordland"))


def test_another_uh_organisations_name_is_refused_as_an_alias(sb: Client) -> None:
    fjellvik, dalen = uh("Fjellvik høgskole"), uh("Dalen kompetansesenter")
    assert register.finn_uh("Fjellvik høgskole") == fjellvik
    response = sb.post(reverse("register:alias-ny", args=[dalen.pk]), {"navn": "FJELLVIK HØGSKOLE"})
    assert response.status_code == 400
    assert "«FJELLVIK HØGSKOLE» er navnet på Fjellvik høgskole." in response.content.decode()
    assert not Alias.objects.filter(virksomhet=dalen).exists()
    assert register.finn_uh("Fjellvik høgskole") == fjellvik


@pytest.mark.parametrize("alias", ["Fjellvik", "høgskole", "fjellvik høgskole avd"])
def test_an_alias_that_would_match_another_uh_name_is_refused(alias: str) -> None:
    fjellvik, dalen = uh("Fjellvik høgskole"), uh("Dalen kompetansesenter")
    if alias.endswith("avd"):
        navn = "Fjellvik høgskole avd. Bodø"
        Alias.objects.create(virksomhet=fjellvik, navn=navn, nokkel=register.alias_nokkel(navn))
    with pytest.raises(register.AliasKonflikt, match="ville også passe på"):
        register.legg_til_alias(dalen, alias)
    assert not Alias.objects.filter(virksomhet=dalen).exists()
    assert register.finn_uh("Fjellvik høgskole") == fjellvik


def test_an_alias_that_matches_no_other_organisation_is_kept() -> None:
    uh("Fjellvik høgskole")
    dalen = uh("Dalen kompetansesenter")
    alias = register.legg_til_alias(dalen, "Dalen KS")
    assert alias is not None and register.finn_uh("Dalen KS, avd. nord") == dalen


def test_another_owners_name_is_refused_as_an_alias(sb: Client) -> None:
    bodo = Virksomhet.objects.get(orgnr="991000003")
    response = sb.post(reverse("register:alias-ny", args=[bodo.pk]), {"navn": "Vefsn kommune"})
    assert response.status_code == 400
    assert "«Vefsn kommune» er navnet på Vefsn kommune." in response.content.decode()
    assert register.finn_eier("Vefsn kommune", None).virksomhet == Virksomhet.objects.get(
        orgnr="991001379"
    )
