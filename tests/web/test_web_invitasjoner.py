"""Invitations into organisations, and the owners' form shared with a UH organisation (issue 11).

The exploits the issue measured, as tests: an owner made an account that read other
partnerships' records (the invitation link was shown to the inviter, the account got its
institution from the draft's free text); an owner took over another owner's pending invitee
by setting its password. Invitations are now bound to an organisation and an address, sent by
e-mail only, used once, expiring; accepting never sets the password of an existing account.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from medlemskap_factories import invitation, token_in_mail
from skjema.skjema_factories import uh_organisation
from web_factories import PASSWORD, behovsmelding, caseworker, member, region, register_owner, user

from behovsmelding.web import medlemskap
from behovsmelding.web.models import (
    Behovsmelding,
    Hendelse,
    Invitasjon,
    Medlemskap,
    Medlemsrolle,
    Rolle,
    Virksomhet,
)
from behovsmelding.web.skjema import services as skjema_services

NEW_PASSWORD = "et-langt-passord-2026"


@dataclass
class Parter:
    own: Behovsmelding  # Bodø, Nordland
    other: Behovsmelding  # Vefsn, Nordland, same UH partner as others use
    far: Behovsmelding  # Tromsø, Troms
    bodo: Virksomhet
    vefsn: Virksomhet
    nord: Virksomhet  # a UH organisation both Vefsn and Tromsø name
    hinn: Virksomhet  # another UH organisation
    x: User  # Bodø's administrator
    y: User  # Vefsn's administrator
    sb: User  # caseworker in Nordland


@pytest.fixture
def parter(db: None) -> Parter:
    nordland, troms = region("Nordland"), region("Troms")
    own = behovsmelding(reg=nordland)
    other = behovsmelding(reg=nordland, eier="Vefsn kommune", uh="Nord universitet")
    far = behovsmelding(reg=troms, eier="Tromsø kommune", uh="Nord universitet")
    x = user(Rolle.EIER, username="x", partnerskap=own.partnerskap, administrator=True)
    y = user(Rolle.EIER, username="y", partnerskap=other.partnerskap, administrator=True)
    assert own.partnerskap.virksomhet is not None and other.partnerskap.virksomhet is not None
    return Parter(
        own=own,
        other=other,
        far=far,
        bodo=own.partnerskap.virksomhet,
        vefsn=other.partnerskap.virksomhet,
        nord=uh_organisation("Nord universitet"),
        hinn=uh_organisation("Høgskolen i Innlandet"),
        x=x,
        y=y,
        sb=caseworker(nordland, username="sb"),
    )


def client(u: User) -> Client:
    c = Client()
    assert c.login(username=u.get_username(), password=PASSWORD)
    return c


def new_account(token: str, password: str = NEW_PASSWORD) -> Client:
    """Open the invitation anonymously, choose a name and password: logged in as the new user."""
    c = Client()
    r = c.post(
        f"/invitasjon/{token}/",
        {
            "first_name": "Ny",
            "last_name": "Person",
            "new_password1": password,
            "new_password2": password,
        },
    )
    assert r.status_code == 302, r.content.decode()[:500]
    return c


def page_text(r: Any) -> str:
    return r.content.decode() if hasattr(r, "content") else ""


# --- (a) an owner cannot make an account that reads other partnerships' records ---------------


def test_an_owner_cannot_make_an_account_that_reads_other_partnerships_records(
    parter: Parter,
) -> None:
    p = parter
    users_before = User.objects.count()
    x = client(p.x)
    seen: list[str] = []

    # The old way: a draft naming a UH partner other partnerships use, an invented address
    # typed into the form's invitation box. There is no such box or URL any more.
    d = skjema_services.create_draft(by=p.x)
    seen.append(page_text(x.get(f"/skjema/{d.pk}/")))
    r = x.post(f"/skjema/{d.pk}/inviter/", {"epost": "oppdiktet@example.no"}, follow=True)
    assert "/invitasjon/" not in page_text(r)  # the issue: the inviter was shown the link
    assert r.status_code == 404
    assert not User.objects.filter(username="oppdiktet@example.no").exists()
    # Choosing the UH partner from the register shares the draft; it makes no account.
    r = x.post(f"/skjema/{d.pk}/kompetansemiljo/", {"uh_virksomhet": p.nord.pk}, follow=True)
    seen.append(page_text(r))
    assert r.status_code == 200
    assert User.objects.count() == users_before
    # Into the UH organisation (or another owner's) the owner cannot invite at all.
    for v in (p.nord, p.vefsn):
        r = x.post(f"/virksomhet/{v.pk}/inviter/", {"epost": "oppdiktet@example.no"})
        seen.append(page_text(r))
        assert r.status_code == 404
    assert not Invitasjon.objects.exists() and mail.outbox == []

    # Into the own organisation the administrator may: the link goes by e-mail only.
    r = x.post(
        f"/virksomhet/{p.bodo.pk}/inviter/",
        {"epost": "oppdiktet@example.no", "rolle": "medlem"},
        follow=True,
    )
    seen.append(page_text(r))
    assert r.status_code == 200
    assert "Invitasjonen er sendt på e-post til oppdiktet@example.no" in page_text(r)
    seen.append(page_text(x.get(f"/virksomhet/{p.bodo.pk}/")))
    token = token_in_mail("oppdiktet@example.no")
    for html in seen:
        assert "/invitasjon/" not in html
        assert token not in html
    assert mail.outbox[0].body.count(f"http://testserver/invitasjon/{token}/") == 1

    # The account made from it is Bodø's: nothing of Vefsn's or Tromsø's.
    ny = new_account(token)
    assert ny.get(f"/behovsmeldinger/{p.own.pk}/").status_code == 200
    assert ny.get(f"/behovsmeldinger/{p.other.pk}/").status_code == 404
    assert ny.get(f"/behovsmeldinger/{p.far.pk}/").status_code == 404
    assert ny.get(f"/behovsmeldinger/{p.other.pk}/json/").status_code == 404
    exported = ny.get("/eksport/json/").json()
    assert {r["eier"] for r in exported} == {"Bodø kommune"}
    assert "Vefsn kommune" not in ny.get("/").content.decode()
    other_draft = skjema_services.create_draft(by=p.y)
    assert ny.get(f"/skjema/{other_draft.pk}/").status_code == 404
    assert ny.get(f"/skjema/{d.pk}/").status_code == 200  # the own partnership's draft


def test_the_token_is_stored_only_as_its_hash_and_not_in_the_audit_trail(parter: Parter) -> None:
    inv = medlemskap.invite(parter.bodo, "Kari@Example.no", by=parter.x)
    token = token_in_mail("kari@example.no")
    inv.refresh_from_db()
    assert inv.epost == "kari@example.no"
    assert inv.token_hash == medlemskap.token_hash(token) and token not in inv.token_hash
    entry = Hendelse.objects.get(type="invitasjon.sent")
    assert entry.bruker == parter.x
    assert token not in entry.beskrivelse and token not in str(entry.detaljer)
    assert entry.detaljer["virksomhet"] == parter.bodo.pk
    days = (inv.utloper - inv.opprettet).total_seconds() / 86400
    assert 6.99 < days < 7.01
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["kari@example.no"]
    assert f"har invitert deg til å bli medlem i {parter.bodo.navn}" in body
    assert "kan brukes én gang" in body


def test_the_expiry_is_configurable(parter: Parter, settings: Any) -> None:
    settings.BEHOVSMELDING_INVITASJON_DAGER = 2
    inv = medlemskap.invite(parter.bodo, "kari@example.no", by=parter.x)
    assert timedelta(days=1, hours=23) < inv.utloper - inv.opprettet <= timedelta(days=2)


# --- (b) an owner cannot take over another owner's invitee ------------------------------------


def test_a_second_owner_cannot_set_the_password_of_the_first_owners_invitee(
    parter: Parter,
) -> None:
    p = parter
    addr = "kontakt@example.no"
    x_draft = skjema_services.create_draft(by=p.x)
    client(p.x).post(f"/virksomhet/{p.bodo.pk}/inviter/", {"epost": addr, "rolle": "medlem"})
    x_token = token_in_mail(addr)

    # While X's invitation is pending, owner Y invites the same address, through the
    # organisation page or the form's old invitation box: Y is shown no link either way.
    y = client(p.y)
    d = skjema_services.create_draft(by=p.y)
    seen = [page_text(y.post(f"/skjema/{d.pk}/inviter/", {"epost": addr}, follow=True))]
    seen.append(
        page_text(
            y.post(
                f"/virksomhet/{p.vefsn.pk}/inviter/",
                {"epost": addr, "rolle": "medlem"},
                follow=True,
            )
        )
    )
    for html in seen:
        assert "/invitasjon/" not in html
    y_token = token_in_mail(addr)
    assert y_token != x_token
    # Y's invitation is into Vefsn: X's into Bodø stays valid, and the person takes it.
    new_account(x_token, "kontaktens-eget-passord-1")
    kontakt = User.objects.get(username=addr)
    stored = kontakt.password
    assert [m.virksomhet for m in Medlemskap.objects.filter(bruker=kontakt)] == [p.bodo]

    # Even with Y's token, nobody sets the existing account's password: log in first.
    anon = Client()
    r = anon.get(f"/invitasjon/{y_token}/")
    assert r.status_code == 302 and r["Location"].startswith("/logg-inn/?next=")
    r = anon.post(
        f"/invitasjon/{y_token}/",
        {
            "first_name": "Y",
            "last_name": "Y",
            "new_password1": "ys-passord-99",
            "new_password2": "ys-passord-99",
        },
    )
    assert r.status_code == 302 and r["Location"].startswith("/logg-inn/")
    assert not Client().login(username=addr, password="ys-passord-99")
    # Logged in as Y, the invitation is refused: the membership never goes to Y's account.
    r = y.post(f"/invitasjon/{y_token}/")
    assert r.status_code == 403
    assert "annen e-postadresse" in r.content.decode()
    assert not Medlemskap.objects.filter(virksomhet=p.vefsn, bruker=kontakt).exists()
    assert Medlemskap.objects.filter(bruker=p.y).count() == 1
    kontakt.refresh_from_db()
    assert kontakt.password == stored
    # X's draft stays X's: Y cannot open it.
    assert y.get(f"/skjema/{x_draft.pk}/").status_code == 404

    # The contact, logged in as themselves, accepts Y's invitation: password unchanged.
    own = Client()
    assert own.login(username=addr, password="kontaktens-eget-passord-1")
    assert own.get(f"/invitasjon/{y_token}/").status_code == 200
    r = own.post(f"/invitasjon/{y_token}/")
    assert r.status_code == 302
    assert Medlemskap.objects.filter(virksomhet=p.vefsn, bruker=kontakt).exists()
    kontakt.refresh_from_db()
    assert kontakt.password == stored


def test_accepting_never_changes_an_existing_users_password(parter: Parter) -> None:
    existing = user(None, username="solfrid")
    existing.email = "solfrid@example.no"
    existing.save()
    stored = existing.password
    medlemskap.invite(parter.bodo, "solfrid@example.no", by=parter.x)
    token = token_in_mail("solfrid@example.no")
    anon = Client()
    form = {
        "first_name": "A",
        "last_name": "B",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    for r in (anon.get(f"/invitasjon/{token}/"), anon.post(f"/invitasjon/{token}/", form)):
        assert r.status_code == 302 and "/logg-inn/" in r["Location"]
    with pytest.raises(medlemskap.MedlemskapError):
        medlemskap.accept_as_new_user(token, NEW_PASSWORD)
    existing.refresh_from_db()
    assert existing.password == stored
    assert not Medlemskap.objects.filter(bruker=existing).exists()
    inv = Invitasjon.objects.get()
    assert inv.brukt is None  # still there for its own person

    # Logged in as that user, the invitation is taken with a button.
    c = client(existing)
    assert "Ta imot invitasjonen" in c.get(f"/invitasjon/{token}/").content.decode()
    assert c.post(f"/invitasjon/{token}/").status_code == 302
    existing.refresh_from_db()
    assert existing.password == stored
    m = Medlemskap.objects.get(bruker=existing)
    assert m.virksomhet == parter.bodo and m.rolle == Medlemsrolle.MEDLEM
    inv.refresh_from_db()
    assert inv.brukt is not None and inv.brukt_av == existing
    assert Hendelse.objects.filter(type="invitasjon.accepted", bruker=existing).exists()


def test_logged_in_as_another_user_the_invitation_is_refused(parter: Parter) -> None:
    medlemskap.invite(parter.bodo, "ny@example.no", by=parter.x)
    token = token_in_mail("ny@example.no")
    annen = user(None, username="annen")
    c = client(annen)
    for r in (c.get(f"/invitasjon/{token}/"), c.post(f"/invitasjon/{token}/")):
        assert r.status_code == 403
    assert not Medlemskap.objects.filter(bruker=annen).exists()
    assert Invitasjon.objects.get().brukt is None
    assert not User.objects.filter(username="ny@example.no").exists()


# --- (c) expired, used, withdrawn and replaced tokens ------------------------------------------


def refused(token: str, status: int, text: str) -> None:
    c = Client()
    r = c.get(f"/invitasjon/{token}/")
    assert r.status_code == status and text in r.content.decode()
    r = c.post(
        f"/invitasjon/{token}/",
        {
            "first_name": "A",
            "last_name": "B",
            "new_password1": "x-passord-1234",
            "new_password2": "x-passord-1234",
        },
    )
    assert r.status_code == status
    assert not Client().login(username="ny@example.no", password="x-passord-1234")


def test_an_unknown_token_is_404(db: None) -> None:
    refused("ikke-et-token", 404, "ikke en gyldig invitasjon")


def test_an_expired_invitation_is_refused(parter: Parter) -> None:
    medlemskap.invite(parter.bodo, "ny@example.no", by=parter.x)
    token = token_in_mail("ny@example.no")
    Invitasjon.objects.update(utloper=timezone.now() - timedelta(seconds=1))
    users = User.objects.count()
    refused(token, 410, "har gått ut")
    assert (
        User.objects.count() == users
        and not Medlemskap.objects.filter(bruker__username="ny@example.no").exists()
    )


def test_an_invitation_is_used_once(parter: Parter) -> None:
    medlemskap.invite(parter.bodo, "ny@example.no", by=parter.x)
    token = token_in_mail("ny@example.no")
    new_account(token)
    stored = User.objects.get(username="ny@example.no").password
    refused(token, 410, "allerede brukt")
    assert User.objects.get(username="ny@example.no").password == stored
    assert Medlemskap.objects.filter(bruker__username="ny@example.no").count() == 1


def test_a_withdrawn_invitation_is_refused(parter: Parter) -> None:
    inv = medlemskap.invite(parter.bodo, "ny@example.no", by=parter.x)
    token = token_in_mail("ny@example.no")
    page = client(parter.x).get(f"/virksomhet/{parter.bodo.pk}/").content.decode()
    assert "ny@example.no" in page and f"/virksomhet/invitasjoner/{inv.pk}/trekk/" in page
    r = client(parter.x).post(f"/virksomhet/invitasjoner/{inv.pk}/trekk/")
    assert r.status_code == 302
    refused(token, 410, "trukket tilbake")
    assert Hendelse.objects.filter(type="invitasjon.withdrawn", bruker=parter.x).exists()


def test_a_new_invitation_to_the_same_address_replaces_the_pending_one(parter: Parter) -> None:
    medlemskap.invite(parter.bodo, "ny@example.no", by=parter.x)
    first = token_in_mail("ny@example.no")
    medlemskap.invite(parter.bodo, "NY@example.no", rolle=Medlemsrolle.ADMINISTRATOR, by=parter.sb)
    second = token_in_mail("ny@example.no")
    assert first != second
    refused(first, 410, "trukket tilbake")
    new_account(second)
    m = Medlemskap.objects.get(bruker__username="ny@example.no")
    assert m.virksomhet == parter.bodo and m.rolle == Medlemsrolle.ADMINISTRATOR
    # An invitation to the same address into another organisation is not touched.
    assert Invitasjon.objects.filter(trukket__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_acceptances_make_one_account() -> None:
    bodo = register_owner("Bodø kommune")
    invitation(bodo, "ny@example.no", token="parallell")
    n = 2
    start = threading.Barrier(n)
    results: list[Any] = []

    def accept(i: int) -> None:
        try:
            start.wait(timeout=30)
            results.append(medlemskap.accept_as_new_user("parallell", f"passord-nummer-{i}-xyz"))
        except Exception as e:  # the loser: refused, or the database busy with the winner
            results.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    made = [r for r in results if isinstance(r, User)]
    assert len(results) == n and len(made) == 1, results
    assert all(
        isinstance(r, medlemskap.MedlemskapError) or "locked" in str(r)
        for r in results
        if not isinstance(r, User)
    ), results
    assert User.objects.filter(username="ny@example.no").count() == 1
    assert Medlemskap.objects.filter(virksomhet=bodo).count() == 1
    inv = Invitasjon.objects.get()
    assert inv.brukt is not None and inv.brukt_av == made[0]


# --- (d) who may invite whom ------------------------------------------------------------------


def test_an_administrator_invites_only_into_their_own_organisation(parter: Parter) -> None:
    x = client(parter.x)
    for v in (parter.vefsn, parter.nord):
        r = x.post(f"/virksomhet/{v.pk}/inviter/", {"epost": "ny@example.no", "rolle": "medlem"})
        assert r.status_code == 404
        with pytest.raises(medlemskap.MedlemskapError, match="egen virksomhet"):
            medlemskap.invite(v, "ny@example.no", by=parter.x)
    assert not Invitasjon.objects.exists() and mail.outbox == []


def test_a_plain_member_cannot_invite_withdraw_or_remove(parter: Parter) -> None:
    plain = user(Rolle.EIER, partnerskap=parter.own.partnerskap)
    c = client(plain)
    page = c.get(f"/virksomhet/{parter.bodo.pk}/").content.decode()
    assert "Medlemmer" in page and 'name="epost"' not in page
    r = c.post(
        f"/virksomhet/{parter.bodo.pk}/inviter/", {"epost": "ny@example.no", "rolle": "medlem"}
    )
    assert r.status_code == 403
    with pytest.raises(medlemskap.MedlemskapError):
        medlemskap.invite(parter.bodo, "ny@example.no", by=plain)
    inv = medlemskap.invite(parter.bodo, "venter@example.no", by=parter.x)
    assert c.post(f"/virksomhet/invitasjoner/{inv.pk}/trekk/").status_code == 403
    x_membership = Medlemskap.objects.get(bruker=parter.x)
    assert c.post(f"/virksomhet/medlemmer/{x_membership.pk}/fjern/").status_code == 403
    inv.refresh_from_db()
    assert inv.trukket is None and Medlemskap.objects.filter(pk=x_membership.pk).exists()
    assert Invitasjon.objects.count() == 1


def test_a_caseworker_invites_into_organisations_of_the_region_only(parter: Parter) -> None:
    sb = client(parter.sb)
    for v in (parter.vefsn, parter.nord):
        r = sb.post(
            f"/virksomhet/{v.pk}/inviter/", {"epost": "ny@example.no", "rolle": "administrator"}
        )
        assert r.status_code == 302
    assert Invitasjon.objects.filter(rolle=Medlemsrolle.ADMINISTRATOR).count() == 2
    far = parter.far.partnerskap.virksomhet
    assert far is not None
    r = sb.post(f"/virksomhet/{far.pk}/inviter/", {"epost": "ny@example.no", "rolle": "medlem"})
    assert r.status_code == 404
    assert not Invitasjon.objects.filter(virksomhet=far).exists()


def test_an_administrator_removes_a_member_and_the_member_loses_access(parter: Parter) -> None:
    plain = user(Rolle.EIER, partnerskap=parter.own.partnerskap)
    assert client(plain).get(f"/behovsmeldinger/{parter.own.pk}/").status_code == 200
    m = Medlemskap.objects.get(bruker=plain)
    r = client(parter.x).post(f"/virksomhet/medlemmer/{m.pk}/fjern/")
    assert r.status_code == 302
    assert not Medlemskap.objects.filter(pk=m.pk).exists()
    assert client(plain).get(f"/behovsmeldinger/{parter.own.pk}/").status_code == 404
    assert Hendelse.objects.filter(type="medlemskap.removed", bruker=parter.x).exists()
    # the last administrator does not remove themselves
    last = Medlemskap.objects.get(bruker=parter.x)
    client(parter.x).post(f"/virksomhet/medlemmer/{last.pk}/fjern/")
    assert Medlemskap.objects.filter(pk=last.pk).exists()


def test_the_organisation_page_lists_members_and_pending_invitations(parter: Parter) -> None:
    parter.x.first_name, parter.x.last_name, parter.x.email = "Kari", "Nordmann", "kari@bodo.no"
    parter.x.save()
    medlemskap.invite(parter.bodo, "venter@example.no", by=parter.x)
    page = client(parter.x).get(f"/virksomhet/{parter.bodo.pk}/").content.decode()
    assert "Kari Nordmann" in page and "kari@bodo.no" in page and "Administrator" in page
    assert "venter@example.no" in page and 'name="epost"' in page
    mine = client(parter.x).get("/virksomhet/").content.decode()
    assert f'href="/virksomhet/{parter.bodo.pk}/"' in mine
    assert f'href="/virksomhet/{parter.vefsn.pk}/"' not in mine
    # the caseworker reaches the same page for an organisation of the region
    sb_page = client(parter.sb).get(f"/virksomhet/{parter.bodo.pk}/").content.decode()
    assert "venter@example.no" in sb_page


# --- (e) the owners' form shared with the chosen UH organisation -------------------------------


def test_the_chosen_uh_organisations_member_edits_the_draft_another_uh_gets_404(
    parter: Parter,
) -> None:
    d = skjema_services.create_draft(by=parter.x)
    r = client(parter.x).post(f"/skjema/{d.pk}/kompetansemiljo/", {"uh_virksomhet": parter.nord.pk})
    assert r.status_code == 302
    ola, siri = user(None, username="ola"), user(None, username="siri")
    member(ola, parter.nord)
    member(siri, parter.hinn)
    c = client(ola)
    assert c.get("/skjema/").status_code == 200
    assert c.get(f"/skjema/{d.pk}/").status_code == 200
    r = c.post(f"/skjema/{d.pk}/lagre/", {"versjon": "1", "behov": "UH skriver her."})
    assert r.status_code == 200 and r.json()["versjon"] == 2
    d.refresh_from_db()
    assert d.data["behov"] == "UH skriver her." and d.endret_av == ola
    other = client(siri)
    assert other.get(f"/skjema/{d.pk}/").status_code == 404
    assert other.post(f"/skjema/{d.pk}/lagre/", {"versjon": "2", "behov": "x"}).status_code == 404
    d.refresh_from_db()
    assert d.data["behov"] == "UH skriver her."


@pytest.mark.django_db(transaction=True)
def test_two_administrators_removing_each_other_at_once_leave_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each removal checks that another administrator remains; at once, each would see the
    other and both go. Both removals are held at the same point, after their checks, for as
    long as the other could reach it: with the removals serialised only one gets there, and
    the second then finds itself the last administrator."""
    bodo = register_owner("Bodø kommune")
    a = user(None, username="adm-a")
    b = user(None, username="adm-b")
    ma = member(a, bodo, administrator=True)
    mb = member(b, bodo, administrator=True)
    both_checked = threading.Barrier(2)
    real = medlemskap.access.display_name

    def held(u: Any) -> str:
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=3)
        return real(u)

    monkeypatch.setattr(medlemskap.access, "display_name", held)
    results: list[Any] = []

    def remove(m: Medlemskap, by: User) -> None:
        try:
            medlemskap.remove_member(Medlemskap.objects.get(pk=m.pk), by=by)
            results.append("fjernet")
        except Exception as e:  # the second: refused
            results.append(e)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=remove, args=(mb, a)),
        threading.Thread(target=remove, args=(ma, b)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results.count("fjernet") == 1, results
    refused = [r for r in results if r != "fjernet"]
    assert len(refused) == 1 and isinstance(refused[0], medlemskap.MedlemskapError), results
    left = Medlemskap.objects.filter(virksomhet=bodo, rolle=Medlemsrolle.ADMINISTRATOR)
    assert left.count() == 1
