""" "Videreføre fra i fjor" asks which earlier behovsmelding to copy and never makes a second
draft from the same one without the owner saying so; the owner's list shows each draft's
tiltak and its last change (when and who)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from skjema_factories import (
    complete_record,
    draft,
    owner,
    partnerskap,
    save,
    uh_member,
    uh_organisation,
)
from web_factories import PASSWORD, behovsmelding, record_dict

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web.models import Behovsmelding, Hendelse
from behovsmelding.web.skjema import services
from behovsmelding.web.skjema.models import Utkast

pytestmark = pytest.mark.django_db


def client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def earlier_two() -> tuple[Behovsmelding, Behovsmelding]:
    """The owner's 2025 behovsmelding (2026 form) and 2024 one (lokal-2024 form)."""
    fjor = behovsmelding(name="sample_d_2026_bodo", aar=2025, tittel="Lesing og skolemiljø")
    forfjor = behovsmelding(name="sample_a_2024_bodo", aar=2024)
    return fjor, forfjor


def test_the_choice_lists_the_partnerships_earlier_behovsmeldinger_newest_first() -> None:
    fjor, forfjor = earlier_two()
    other = behovsmelding(
        name="sample_a_2024_bodo", aar=2025, eier="Vefsn kommune"
    )  # another owner
    html = client(owner()).get(reverse("skjema:videreforing")).content.decode()
    options = re.findall(r'type="radio" id="forrige-(\d+)" name="forrige"', html)
    assert options == [str(fjor.pk), str(forfjor.pk)]
    assert str(other.pk) not in options
    assert re.search(rf'id="forrige-{fjor.pk}"[^>]*checked', html)  # last year's by default
    # Each with its year, title and tiltak, and the day it was received.
    assert f'for="forrige-{fjor.pk}">2025 – Lesing og skolemiljø</label>' in html
    for rad in Record.from_dict(record_dict("sample_d_2026_bodo")).budsjett.rader:
        assert rad.etikett and rad.etikett in html
    for t in Record.from_dict(record_dict("sample_a_2024_bodo")).tiltak:
        assert t.navn and t.navn in html
    mottatt = timezone.localtime(forfjor.mottatt)
    assert f"Mottatt {mottatt:%-d.%-m.%Y}." in html


def test_without_an_earlier_behovsmelding_the_page_says_so_and_nothing_is_made() -> None:
    c = client(owner())
    html = c.get(reverse("skjema:videreforing")).content.decode()
    assert 'id="ingen-tidligere"' in html and 'name="forrige"' not in html
    r = c.post(reverse("skjema:videreforing"), {"forrige": "1"})
    assert r["Location"] == reverse("skjema:mine") and not Utkast.objects.exists()


def test_the_chosen_one_is_carried_forward() -> None:
    _, forfjor = earlier_two()
    c = client(owner())
    r = c.post(reverse("skjema:videreforing"), {"forrige": str(forfjor.pk)})
    u = Utkast.objects.get()
    assert r["Location"] == reverse("skjema:utkast", args=[u.pk])
    assert u.forrige == forfjor
    old = Record.from_dict(record_dict("sample_a_2024_bodo"))
    assert [r.eier for r in Record.from_dict(u.data).budsjett.rader] == [t.eier for t in old.tiltak]


def test_another_partnerships_behovsmelding_cannot_be_chosen() -> None:
    earlier_two()
    other = behovsmelding(name="sample_a_2024_bodo", aar=2025, eier="Vefsn kommune")
    r = client(owner()).post(reverse("skjema:videreforing"), {"forrige": str(other.pk)})
    assert r.status_code == 302 and not Utkast.objects.exists()
    with pytest.raises(services.SkjemaError):
        services.carry_forward(other, by=owner())
    assert not Utkast.objects.exists()


def test_a_second_draft_from_the_same_one_is_offered_to_open_not_made_silently() -> None:
    fjor, _ = earlier_two()
    eier = owner()
    c = client(eier)
    c.post(reverse("skjema:videreforing"), {"forrige": str(fjor.pk)})
    first = Utkast.objects.get()

    r = c.post(reverse("skjema:videreforing"), {"forrige": str(fjor.pk)})
    assert r.status_code == 409
    html = r.content.decode()
    assert f'href="{reverse("skjema:utkast", args=[first.pk])}"' in html
    assert 'name="likevel" value="ja"' in html
    assert Utkast.objects.count() == 1
    # The choice list says so too.
    listed = c.get(reverse("skjema:videreforing")).content.decode()
    assert "Har allerede et utkast." in listed

    # Only when the owner confirms.
    r = c.post(reverse("skjema:videreforing"), {"forrige": str(fjor.pk), "likevel": "ja"})
    assert Utkast.objects.count() == 2
    second = Utkast.objects.exclude(pk=first.pk).get()
    assert r["Location"] == reverse("skjema:utkast", args=[second.pk])
    entry = Hendelse.objects.filter(type="behovsmelding.carried_forward").latest("id")
    assert entry.detaljer["finnes"] == [first.pk]


def test_the_service_refuses_a_duplicate_unless_confirmed_and_a_sent_draft_does_not_count() -> None:
    fjor, _ = earlier_two()
    eier = owner()
    first = services.carry_forward(fjor, by=eier)
    with pytest.raises(services.FinnesAllerede) as e:
        services.carry_forward(fjor, by=eier)
    assert e.value.utkast == [first] and e.value.forrige == fjor
    assert Utkast.objects.count() == 1
    # Once that draft is sent in, carrying forward again is a new year's work.
    rec = Record.from_dict(first.data)
    rec.varighet = ["H2026"]
    services.submit(save(first, rec, by=eier), by=eier)
    services.carry_forward(fjor, by=eier)
    assert Utkast.objects.filter(tilstand="utkast").count() == 1


def test_the_list_shows_each_drafts_tiltak_and_its_last_change_when_and_who() -> None:
    eier = owner()
    eier.first_name, eier.last_name = "Kari", "Nordmann"
    eier.save()
    a = save(draft(eier), complete_record(), by=eier)
    b = draft(eier)
    nord = uh_organisation()
    ola = uh_member(nord, username="ola")
    ola.first_name, ola.last_name = "Ola", "Hansen"
    ola.save()
    services.choose_uh(b, nord, by=eier)
    rec = complete_record()
    rec.budsjett.rader[0].etikett = "Tiltak 1: Vurdering for læring"
    b = save(b, rec, by=ola)
    a.refresh_from_db()
    b.refresh_from_db()

    html = client(eier).get(reverse("skjema:mine")).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="utkast-liste"')[1], flags=re.S)
    by_pk = {pk: row for row in rows for pk in re.findall(r'href="/skjema/(\d+)/"', row)}
    for u, who in ((a, "Kari Nordmann"), (b, "Ola Hansen")):
        row = by_pk[str(u.pk)]
        assert f"{timezone.localtime(u.endret):%-d.%-m.%Y %H:%M}" in row
        assert who in row
        for rad in Record.from_dict(u.data).budsjett.rader:
            assert rad.etikett and rad.etikett in row
    assert "Tiltak 1: Vurdering for læring" in by_pk[str(b.pk)]
    assert "Tiltak 1: Vurdering for læring" not in by_pk[str(a.pk)]
    assert partnerskap().navn in by_pk[str(a.pk)]
