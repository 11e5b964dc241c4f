"""Seed 004 (lokal-2024, a Word text export: tab-separated rows, one line a paragraph, every box
glyph lost, Markdown/HTML residue), read field by field by hand; its golden record is not in
the shared folder.

``expected/seed_004.json`` is the record as a careful reader writes it, following the format's
rules and the conventions of the golden records 001 and 003.
"""

from __future__ import annotations

from collections.abc import Callable

from behovsmelding.record import Behovsmelding

Audited = Callable[[str], tuple[Behovsmelding, list[str]]]


def test_every_field_is_as_read_by_hand(audited: Audited) -> None:
    _, differences = audited("004")
    assert differences == []


def test_boxes_lost_in_the_conversion_are_null(audited: Audited) -> None:
    bm, _ = audited("004")
    assert bm.ordninger is None
    assert (bm.flere_eiere, bm.flere_uh, bm.flere_ordninger) == (None, None, None)
    assert bm.medbestemmelse.droftet is None
    t = bm.tiltak[0]
    assert (t.koordinator, t.varighet) == (None, None)


def test_header_contacts_and_budget_as_written(audited: Audited) -> None:
    bm, _ = audited("004")
    assert (bm.aar, bm.tittel, bm.antall_tiltak) == (2024, None, None)  # "Velg et element."
    assert bm.uh == "Universitetet i Stavanger, Læringsmiljøsentret"
    eier, uh = bm.kontaktpersoner.eier, bm.kontaktpersoner.uh
    assert (eier.telefon, eier.kontonr, eier.orgnr, eier.merkes) == (
        "97016497",
        "15069214549",
        "931112325",
        None,
    )
    assert (uh.kontonr, uh.orgnr, uh.merkes) == ("76940519655", "971564679", "FUHNSLA")
    [row] = bm.budsjett.rader
    assert (row.etikett, row.eier, [b.belop for b in row.uh], row.totalt) == (
        "Kompetanseløftet",
        None,
        [214900],
        None,
    )


def test_the_documents_own_choices_stay_as_written(audited: Audited) -> None:
    bm, _ = audited("004")
    t = bm.tiltak[0]
    assert t.eiers_bruk == "--"  # the author's dash: written, so not empty
    # names typed in the Rolle column and unions in the Navn column stay in their columns
    assert [(d.rolle, d.navn) for d in bm.medbestemmelse.deltakere] == [
        ("Harald Rørvik", "Utdanningsforbundet"),
        ("Ronny Urheim", "Fagforbundet"),
    ]
    # the continuation table: the all-placeholder row 2027 is left out
    assert [v.periode for v in t.videreforing] == ["Høst 2025", "2026"]
    assert (bm.enheter.offentlige_skoler, bm.enheter.ppt, bm.enheter.private_skoler) == (5, 1, None)
