"""Seed 002 (kollektiv-2026, pdftotext of a Word form, every wrapped line followed by a blank
line), read field by field by hand; its golden record is not in the shared folder.

``expected/seed_002.json`` is the record as a careful reader writes it, following the format's
rules and the conventions of the golden records 000, 001 and 003 (placeholders null, no label
beside an amount → ``institusjon`` null, rows of placeholders left out of the lists).
"""

from __future__ import annotations

from collections.abc import Callable

from behovsmelding.record import Behovsmelding

Audited = Callable[[str], tuple[Behovsmelding, list[str]]]


def test_every_field_is_as_read_by_hand(audited: Audited) -> None:
    _, differences = audited("002")
    assert differences == []


def test_header_and_budget(audited: Audited) -> None:
    bm, _ = audited("002")
    assert (bm.skjema, bm.aar, bm.tittel) == ("kollektiv-2026", 2026, None)
    assert bm.gjelder == "grunnskole"
    # the UH column's function wraps onto a line of its own
    assert bm.kontaktpersoner.uh.funksjon == "Seniorrådgiver ved Læringsmiljøsenteret"
    assert bm.kontaktpersoner.eier.funksjon == "Rådgiver oppvekst"
    assert (bm.flere_eiere, bm.flere_uh, bm.videreforer_fjoraaret) == (False, False, True)
    # a budget table with only its Sum row; no label beside the UH amount
    assert bm.budsjett.rader == []
    s = bm.budsjett.sum
    assert s is not None
    assert (s.eier, [(b.belop, b.institusjon) for b in s.uh], s.totalt) == (
        15000,
        [(464000, None)],
        479000,
    )


def test_answers_without_the_forms_prompts(audited: Audited) -> None:
    bm, _ = audited("002")
    plan = bm.partnerskapsplan
    assert plan is not None
    # bullets and the "o" sub-bullets are items at one level, as in the golden records
    assert "\n- Vår 2027: To dager sammenhengende som brukes til (fysisk, med reise" in plan
    assert "\n- Oppfølging skolene (samme som vi gjør våren 2026)\n- Digitale møter\nNår" in plan
    mo = bm.maaloppnaaelse
    assert mo is not None
    # the a)–e) headings repeated after "Skriv her:" are the form's, not the answer's
    assert mo.d is not None and mo.d.startswith("Når lærere blir bedre")
    assert mo.oppfolging is None


def test_unanswered_and_placeholder_fields_are_null_or_empty(audited: Audited) -> None:
    bm, _ = audited("002")
    assert bm.koordinator_sum is None  # a placeholder
    # "Ja ☐ Nei ☐": both boxes visible and unticked, the question is unanswered
    assert bm.medbestemmelse.droftet is None
    assert bm.medbestemmelse.deltakere == [] and bm.medbestemmelse.merknad is None
    assert bm.partnere == []  # nine rows of placeholders
    assert list(bm.enheter.to_dict().values()) == [None] * 5
