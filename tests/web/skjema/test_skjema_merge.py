"""Two people save one draft: the merge field by field and row by id (``merge.py``) and the
page's save protocol (``/skjema/<id>/lagre/`` with ``endringer``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from skjema_factories import complete_record, draft, full_record, owner, save, uh_member
from web_factories import PASSWORD

from behovsmelding.web.skjema import services
from behovsmelding.web.skjema.diff import word_diff
from behovsmelding.web.skjema.merge import Endret, RadEndring, State, merge
from behovsmelding.web.skjema.models import Utkast

pytestmark = pytest.mark.django_db

ROWS = "budsjett.rader"


def client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def post_changes(
    c: Client, u: Utkast, kjent: int, felt: dict[str, Any], rader: dict[str, Any] | None = None
) -> Any:
    body = {"felt": {k: {"v": v, "b": b} for k, (v, b) in felt.items()}, "rader": rader or {}}
    return c.post(
        reverse("skjema:lagre", args=[u.pk]), {"kjent": kjent, "endringer": json.dumps(body)}
    )


def shared_draft() -> tuple[Any, Any, Utkast]:
    from behovsmelding.web import access

    eier = owner()
    uh = uh_member()
    u = draft(eier, full_record(4))
    services.choose_uh(u, access.uh_virksomheter(uh)[0], by=eier)
    u.refresh_from_db()
    return eier, uh, u


# --- the merge itself -------------------------------------------------------------------


def test_a_field_nobody_else_changed_is_stored_and_one_they_changed_is_a_conflict() -> None:
    cur = State(
        {"behov": "Theirs.", "maalgruppe": "Alle"},
        {ROWS: [], "partnere": [], "medbestemmelse.deltakere": []},
    )
    res = merge(
        cur,
        {"behov": 3},
        {"behov": Endret("Mine.", 2), "maalgruppe": Endret("Lærere", 2)},
        {},
        kjent=2,
    )
    assert res.state.values == {"behov": "Theirs.", "maalgruppe": "Lærere"}
    assert [(k.felt, k.mine, k.deres, k.versjon) for k in res.konflikter] == [
        ("behov", "Mine.", "Theirs.", 3)
    ]


def test_the_same_text_typed_by_both_is_no_conflict() -> None:
    cur = State({"behov": "Likt  svar."}, {})
    res = merge(cur, {"behov": 5}, {"behov": Endret("Likt svar.", 2)}, {}, kjent=2)
    assert res.konflikter == [] and not res.noe_endret


def test_rows_are_merged_by_id_never_by_position() -> None:
    tables = {ROWS: ["a", "b", "c"], "partnere": [], "medbestemmelse.deltakere": []}
    values = {f"{ROWS}[{r}].uh": v for r, v in zip("abc", ("1", "2", "3"), strict=True)}
    # Someone removed row a (now version 3); this person, on version 2, changes c.
    cur = State({k: v for k, v in values.items() if "[a]" not in k}, {**tables, ROWS: ["b", "c"]})
    res = merge(
        cur,
        {},
        {f"{ROWS}[c].uh": Endret("30", 2)},
        {ROWS: RadEndring(mine=["a", "b", "c"], base=["a", "b", "c"])},
        kjent=2,
    )
    assert res.state.rader[ROWS] == ["b", "c"]
    assert res.state.values[f"{ROWS}[c].uh"] == "30"
    assert res.state.values[f"{ROWS}[b].uh"] == "2"


def test_a_row_someone_else_removed_comes_back_when_this_person_wrote_in_it() -> None:
    cur = State(
        {f"{ROWS}[b].uh": "2"}, {ROWS: ["b"], "partnere": [], "medbestemmelse.deltakere": []}
    )
    res = merge(
        cur,
        {},
        {f"{ROWS}[a].etikett": Endret("Tiltak A, nytt navn", 2)},
        {ROWS: RadEndring(mine=["a", "b"], base=["a", "b"], verdier={"a": {"uh": "1"}})},
        kjent=2,
    )
    assert res.state.rader[ROWS] == ["a", "b"]
    assert res.state.values[f"{ROWS}[a].etikett"] == "Tiltak A, nytt navn"
    assert res.state.values[f"{ROWS}[a].uh"] == "1"


def test_a_row_removed_here_that_someone_else_changed_is_kept() -> None:
    cur = State(
        {f"{ROWS}[a].uh": "9"}, {ROWS: ["a"], "partnere": [], "medbestemmelse.deltakere": []}
    )
    res = merge(cur, {f"{ROWS}[a].uh": 3}, {}, {ROWS: RadEndring(mine=[], base=["a"])}, kjent=2)
    assert res.state.rader[ROWS] == ["a"] and res.beholdt == [(ROWS, "a")]


def test_word_diff_marks_only_the_words_that_differ() -> None:
    mine, theirs = word_diff("Vi leser mer.", "Vi leser mye mer.")
    assert mine == [(False, "Vi leser mer.")]
    assert theirs == [(False, "Vi leser "), (True, "mye "), (False, "mer.")]


# --- the page's protocol ------------------------------------------------------------------


def test_two_people_adding_to_one_text_keep_both_sentences_with_keep_both() -> None:
    eier, uh, u = shared_draft()
    base = u.versjon
    a = post_changes(client(eier), u, base, {"maaloppnaaelse.e": ("A skriver.", base)})
    assert a.status_code == 200
    b = post_changes(client(uh), u, base, {"maaloppnaaelse.e": ("B skriver.", base)})
    assert b.status_code == 409
    k = b.json()["konflikter"][0]
    assert (k["felt"], k["deres"], k["versjon"]) == ("maaloppnaaelse.e", "A skriver.", base + 1)
    assert k["label"].startswith("e)")
    # "Behold begge": mine then theirs, based on their version.
    both = "B skriver.\n\nA skriver."
    c = post_changes(client(uh), u, b.json()["versjon"], {"maaloppnaaelse.e": (both, k["versjon"])})
    assert c.status_code == 200
    u.refresh_from_db()
    assert u.data["maaloppnaaelse"]["e"] == both


def test_a_removed_row_never_moves_an_amount_onto_another_tiltak() -> None:
    eier, uh, u = shared_draft()
    base = u.versjon
    ids = list(u.rader[ROWS])
    assert len(ids) == 4
    # The owner removes the first tiltak.
    r = post_changes(
        client(eier), u, base, {}, {ROWS: {"mine": ids[1:], "base": ids, "verdier": {}}}
    )
    assert r.status_code == 200 and r.json()["rader"][ROWS] == ids[1:]
    # The UH contact, still on the old page, changes UH on the third tiltak.
    r = post_changes(
        client(uh),
        u,
        base,
        {f"{ROWS}[{ids[2]}].uh": ("99 000", base)},
        {ROWS: {"mine": ids, "base": ids, "verdier": {}}},
    )
    assert r.status_code == 200
    u.refresh_from_db()
    rader = u.data["budsjett"]["rader"]
    assert [x["etikett"] for x in rader] == [
        "Tiltak 2: tema 2",
        "Tiltak 3: tema 3",
        "Tiltak 4: tema 4",
    ]
    assert [x["uh"][0]["belop"] for x in rader] == [45000, 99000, 80000]
    assert u.rader[ROWS] == ids[1:]
    # The second person's page learns the row is gone.
    assert r.json()["rader"][ROWS] == ids[1:]


def test_the_answer_brings_what_others_changed_since_the_page_was_brought_up_to_date() -> None:
    eier, uh, u = shared_draft()
    base = u.versjon
    post_changes(client(eier), u, base, {"behov": ("Eierens tekst.", base)})
    r = post_changes(client(uh), u, base, {"maalgruppe": ("Alle", base)})
    body = r.json()
    assert body["oppdatert"]["behov"] == "Eierens tekst."
    assert body["oppdatert"]["maalgruppe"] == "Alle"
    assert body["lagrede"] == ["maalgruppe"]


def test_a_save_after_the_session_ended_is_401_not_the_login_page() -> None:
    _eier, _uh, u = shared_draft()
    r = post_changes(Client(), u, u.versjon, {"behov": ("x", u.versjon)})
    assert r.status_code == 401 and r.json() == {"utlogget": True}


def test_forleng_renews_the_session() -> None:
    eier = owner()
    r = client(eier).post(reverse("skjema:forleng"))
    assert r.status_code == 200 and r.json()["okt_sekunder"] > 0
    assert Client().post(reverse("skjema:forleng")).status_code == 401


def test_a_whole_form_posted_without_row_ids_merges_by_the_base_versions_rows() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    rec = complete_record()
    rec.budsjett.rader[0].etikett = "Nytt navn"
    u = save(u, rec, by=eier)
    assert u.data["budsjett"]["rader"][0]["etikett"] == "Nytt navn"


def test_a_form_posted_without_a_known_version_overwrites_nothing() -> None:
    eier = owner()
    u = save(draft(eier), complete_record(), by=eier)
    r = client(eier).post(reverse("skjema:lagre", args=[u.pk]), {"behov": "Tomt ellers"})
    assert r.status_code == 409
    u.refresh_from_db()
    assert u.data == complete_record().to_dict()
