"""Drafts: versions, conflicts, submission, carrying forward, the UH organisation that co-edits."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from skjema_factories import (
    complete_record,
    draft,
    owner,
    partnerskap,
    save,
    uh_member,
    uh_organisation,
)
from web_factories import behovsmelding, record_dict

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.web import access as web_access
from behovsmelding.web.models import Behovsmelding, Hendelse, Virksomhet, Virksomhetstype
from behovsmelding.web.skjema import forms, services
from behovsmelding.web.skjema.models import Tilstand, Versjon
from behovsmelding.web.workflow import Status

pytestmark = pytest.mark.django_db


def test_a_new_draft_belongs_to_the_owners_partnership_and_has_version_1() -> None:
    eier = owner()
    u = draft(eier)
    assert u.partnerskap == partnerskap()
    assert u.versjon == 1 and u.tilstand == Tilstand.UTKAST
    assert u.data["format"] == "behovsmelding-v1" and u.data["eier"] == "Bodø kommune"
    assert Versjon.objects.filter(utkast=u).count() == 1


def test_only_an_owner_starts_a_draft() -> None:
    from web_factories import caseworker

    with pytest.raises(services.SkjemaError, match="Bare eieren"):
        services.create_draft(by=caseworker())


def test_each_save_is_a_new_version_with_who_saved_it() -> None:
    eier = owner()
    u = draft(eier)
    u = save(u, complete_record(), by=eier)
    assert u.versjon == 2
    v = Versjon.objects.get(utkast=u, nr=2)
    assert v.lagret_av == eier and v.data == complete_record().to_dict()


def test_saving_the_same_again_makes_no_new_version() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    assert save(u, complete_record(), by=eier).versjon == u.versjon


def test_a_stale_save_of_other_fields_is_merged_and_overwrites_nothing() -> None:
    eier = owner()
    uh_person = User.objects.create_user("uh@uis.no")
    u = save(draft(eier), complete_record(), by=eier)  # version 2
    save(u, complete_record(behov="Behovet er kartlagt på nytt."), by=eier)  # version 3
    u = save(u, complete_record(maalgruppe="Alle lærere"), by=uh_person, base=2)
    assert u.versjon == 4
    assert u.data["behov"] == "Behovet er kartlagt på nytt."  # theirs kept
    assert u.data["maalgruppe"] == "Alle lærere"  # mine stored


def test_a_stale_save_of_the_same_field_stores_the_rest_and_names_the_conflict() -> None:
    eier = owner()
    uh_person = User.objects.create_user("uh@uis.no")
    u = save(draft(eier), complete_record(), by=eier)  # version 2
    theirs = complete_record(behov="Behovet er kartlagt på nytt.")
    save(u, theirs, by=eier)  # version 3
    mine = complete_record(behov="Mitt behov.", maalgruppe="Alle lærere")
    with pytest.raises(services.Konflikt) as e:
        save(u, mine, by=uh_person, base=2)
    assert e.value.versjon == 4
    assert [(c.felt, c.for_verdi, c.etter_verdi) for c in e.value.endringer] == [
        ("behov", "Mitt behov.", "Behovet er kartlagt på nytt.")
    ]
    u.refresh_from_db()
    assert u.versjon == 4 and u.data["behov"] == "Behovet er kartlagt på nytt."
    assert u.data["maalgruppe"] == "Alle lærere"  # the rest is stored


def test_submission_is_refused_while_a_feil_remains() -> None:
    eier = owner()
    rec = complete_record()
    rec.budsjett.rader[0].totalt = 401501
    u = save(draft(eier), rec, by=eier)
    with pytest.raises(services.IkkeKlar) as e:
        services.submit(u, by=eier)
    assert {f["kode"] for f in e.value.feil} == {"SUM_RAD"}
    assert not Behovsmelding.objects.exists()
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST


def test_a_submitted_behovsmelding_is_mottatt_with_receipt_and_read_only() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    bm = services.submit(u, by=eier)
    u.refresh_from_db()
    assert bm.status == Status.MOTTATT and bm.partnerskap == u.partnerskap
    assert bm.innhold.data == complete_record().to_dict()
    assert u.tilstand == Tilstand.SENDT and u.behovsmelding == bm and u.sendt is not None
    assert bm.original is not None and bm.original == u.kvittering
    assert bm.original.filnavn.endswith(".pdf")
    assert list(bm.hendelser.values_list("type", flat=True)) == [
        "behovsmelding.received",
        "behovsmelding.sent_in",
    ]
    with pytest.raises(services.SkjemaError, match="sendt inn"):
        save(u, complete_record(behov="endret"), by=eier)
    with pytest.raises(services.SkjemaError):
        services.submit(u, by=eier)
    assert Behovsmelding.objects.count() == 1


def test_carry_forward_fills_a_new_draft_from_last_years_behovsmelding() -> None:
    eier = owner()
    last = behovsmelding(name="sample_a_2024_bodo", aar=2025)  # lokal-2024 form, 2025
    u = services.carry_forward(by=eier)
    rec = Record.from_dict(u.data)
    old = Record.from_dict(record_dict("sample_a_2024_bodo"))
    assert u.forrige == last and u.aar == 2026
    assert rec.skjema == "kollektiv-2026" and rec.videreforer_fjoraaret is True
    assert rec.eier == old.eier and rec.kompetansenettverk == old.kompetansenettverk
    assert rec.kontaktpersoner.eier.navn == old.kontaktpersoner.eier.navn
    assert [(r.eier, r.uh_sum, r.totalt) for r in rec.budsjett.rader] == [
        (t.eier, t.uh, t.totalt) for t in old.tiltak
    ]
    assert [p.navn for p in rec.partnere] == [p.navn for p in old.partnere]
    assert rec.medbestemmelse.to_dict() == old.medbestemmelse.to_dict()
    assert rec.enheter.to_dict() == old.enheter.to_dict()
    assert rec.tiltak == [] and rec.varighet == []


def test_carry_forward_without_last_year_says_so() -> None:
    with pytest.raises(services.SkjemaError, match="Fant ingen behovsmelding fra 2025"):
        services.carry_forward(by=owner())


def test_the_caseworker_sees_the_changes_from_last_year_in_the_audit_trail() -> None:
    eier = owner()
    behovsmelding(name="sample_d_2026_bodo", aar=2025, varighet=["H2025", "V2026"])
    u = services.carry_forward(by=eier)
    rec = Record.from_dict(u.data)
    rec.behov = "Nytt behov for 2026."
    rec.varighet = ["H2026", "V2027"]
    save(u, rec, by=eier)
    bm = services.submit(u, by=eier)
    changed = {h.felt: h for h in bm.hendelser.filter(type="behovsmelding.changed_since_last_year")}
    assert set(changed) == {"behov", "varighet"}
    assert changed["behov"].etter_verdi == "Nytt behov for 2026."
    assert changed["varighet"].etter_verdi == "H2026, V2027"
    assert bm.hendelser.filter(type="behovsmelding.carried_forward_from").exists()


def test_the_members_of_the_chosen_uh_organisation_open_and_edit_the_draft() -> None:
    from behovsmelding.web.skjema import access

    eier = owner()
    u = draft(eier, complete_record())
    nord = uh_organisation("Nord universitet")
    ola = uh_member(nord)
    assert list(access.drafts_for(ola)) == []
    services.choose_uh(u, nord, by=eier)
    assert list(access.drafts_for(ola)) == [u]
    save(u, complete_record(behov="UH skrev dette."), by=ola)
    u.refresh_from_db()
    assert u.data["behov"] == "UH skrev dette." and u.endret_av == ola
    entry = Hendelse.objects.get(type="utkast.uh_chosen")
    assert entry.bruker == eier and entry.etter_verdi == "Nord universitet"
    # another UH organisation's people do not see it
    assert list(access.drafts_for(uh_member(uh_organisation("Høgskolen i Innlandet")))) == []


def test_choosing_no_uh_organisation_takes_the_draft_away_from_its_members() -> None:
    from behovsmelding.web.skjema import access

    eier = owner()
    u = draft(eier)
    nord = uh_organisation()
    services.choose_uh(u, nord, by=eier)
    services.choose_uh(u, None, by=eier)
    assert list(access.drafts_for(uh_member(nord))) == []


def test_only_the_owner_chooses_and_only_a_uh_organisation() -> None:
    eier = owner()
    u = draft(eier)
    nord = uh_organisation()
    services.choose_uh(u, nord, by=eier)
    with pytest.raises(services.SkjemaError, match="Bare eieren"):
        services.choose_uh(u, uh_organisation("Høgskolen i Innlandet"), by=uh_member(nord))
    kommune = Virksomhet.objects.filter(type=Virksomhetstype.KOMMUNE).first()
    with pytest.raises(services.SkjemaError, match="kompetansemiljø fra listen"):
        services.choose_uh(u, kommune, by=eier)
    u.refresh_from_db()
    assert u.uh_virksomhet == nord


def test_a_submitted_draft_belongs_to_the_chosen_uh_organisation_whatever_the_text_says() -> None:
    eier = owner()
    u = draft(eier, complete_record(uh="Universitetet i Stavanger"))
    hinn = uh_organisation("Høgskolen i Innlandet")
    services.choose_uh(u, hinn, by=eier)
    bm = services.submit(u, by=eier)
    assert bm.institusjon is not None and bm.institusjon.virksomhet == hinn
    assert list(web_access.visible(uh_member(hinn))) == [bm]
    assert list(web_access.visible(uh_member(uh_organisation("Universitetet i Stavanger")))) == []


def test_a_value_that_is_not_a_number_blocks_submission() -> None:
    eier = owner()
    u = draft(eier)
    utfylt = forms.Utfylt(complete_record(), {"enheter.ppt": "mange"})
    u = services.save_draft(u, utfylt, base_versjon=u.versjon, by=eier)
    with pytest.raises(services.IkkeKlar) as e:
        services.submit(u, by=eier)
    assert [f["felt"] for f in e.value.feil] == ["enheter.ppt"]
    assert not Hendelse.objects.filter(type="behovsmelding.sent_in").exists()


def test_only_the_owners_people_send_in_the_uh_partner_sees_why() -> None:
    eier = owner()
    nord = uh_organisation()
    ola = uh_member(nord)
    u = draft(eier, complete_record())
    services.choose_uh(u, nord, by=eier)
    with pytest.raises(services.SkjemaError, match="Klar til innsending – eieren sender inn"):
        services.submit(u, by=ola)
    u.refresh_from_db()
    assert u.tilstand == Tilstand.UTKAST
    assert services.submit(u, by=eier).status == Status.MOTTATT


def test_the_owner_deletes_a_draft_with_an_audit_entry_the_uh_partner_cannot() -> None:
    eier = owner()
    nord = uh_organisation()
    ola = uh_member(nord)
    u = draft(eier, complete_record())
    services.choose_uh(u, nord, by=eier)
    with pytest.raises(services.SkjemaError, match="Bare eieren"):
        services.delete_draft(u, by=ola)
    pk = u.pk
    services.delete_draft(u, by=eier)
    assert not Versjon.objects.filter(utkast_id=pk).exists()
    h = Hendelse.objects.get(type="utkast.deleted")
    assert h.bruker == eier and h.detaljer["utkast"] == pk and h.detaljer["tiltak"]
