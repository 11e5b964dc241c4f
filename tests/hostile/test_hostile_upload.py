"""Every hostile file through the web upload, in one batch: one transaction per document.

A refused file leaves an upload report line with its Norwegian reason and nothing else: no
behovsmelding, no stored original, no file on disk. The good files in the same batch are all
stored. A document whose storing fails half-way (a fault injected into the search index) is
rolled back whole, reported, and the batch goes on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from corpus import Case
from norsk import is_norwegian_reason
from web_factories import caseworker

from behovsmelding.web import search, services
from behovsmelding.web.models import (
    Behovsmelding,
    Hendelse,
    Innhold,
    OpplastetFil,
    Originalfil,
    Utfall,
)

pytestmark = pytest.mark.django_db


def upload(folder: Path, names: list[str]) -> Any:
    files = [services.InnkommendeFil(n, (folder / n).read_bytes()) for n in names]
    return services.receive_files(files, by=caseworker())


def test_a_hostile_batch_stores_the_good_and_nothing_of_the_bad(
    corpus: tuple[Path, dict[str, Case]], settings: Any
) -> None:
    folder, cases = corpus
    names = sorted(cases)
    opplasting = upload(folder, names)

    rows = {r.filnavn: r for r in OpplastetFil.objects.filter(opplasting=opplasting)}
    assert len(rows) == len(names)
    stored, same = [], []
    # A readable file is a new record, or (when another file of the batch read to the same
    # record, e.g. the same text with a byte-order mark) another original of that record.
    readable = (Utfall.LEST, Utfall.SAMME_INNHOLD)
    for n in names:
        row = rows[n]
        if cases[n].expect == "lest":
            assert row.utfall in readable, (n, row.grunn)
        if cases[n].expect == "feil":
            assert row.utfall == Utfall.IKKE_LEST, n
        if row.utfall == Utfall.IKKE_LEST:
            assert is_norwegian_reason(row.grunn), (n, row.grunn)
            assert row.behovsmelding is None
            assert not Originalfil.objects.filter(sha256=row.sha256).exists(), n
        else:
            assert row.utfall in readable
            assert row.behovsmelding is not None
            (stored if row.utfall == Utfall.LEST else same).append(row)
    assert Behovsmelding.objects.count() == len(stored)
    assert Innhold.objects.count() == len(stored)
    assert Originalfil.objects.count() == len(stored) + len(same)
    on_disk = {p.name for p in Path(settings.ORIGINALS_DIR).iterdir()}
    assert on_disk == set(Originalfil.objects.values_list("lagret_som", flat=True))


def test_a_document_failing_half_way_leaves_no_rows_and_the_batch_goes_on(
    corpus: tuple[Path, dict[str, Case]], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = corpus
    names = ["god.txt", "formel-i-felt.txt", "utf8-bom.txt"]
    victim = hashlib.sha256((folder / "formel-i-felt.txt").read_bytes()).hexdigest()
    real_index = search.index

    def failing_index(bm_id: int, text: str, alias: str = "default") -> None:
        bm = Behovsmelding.objects.select_related("original").get(pk=bm_id)
        if bm.original is not None and bm.original.sha256 == victim:
            raise RuntimeError("disken forsvant midt i lagringen")
        real_index(bm_id, text, alias)

    monkeypatch.setattr(search, "index", failing_index)
    opplasting = upload(folder, names)

    rows = {r.filnavn: r for r in OpplastetFil.objects.filter(opplasting=opplasting)}
    assert rows["god.txt"].utfall == Utfall.LEST
    assert rows["utf8-bom.txt"].utfall == Utfall.LEST
    failed = rows["formel-i-felt.txt"]
    assert failed.utfall == Utfall.IKKE_LEST
    assert "dokumentet er ikke lagret" in failed.grunn
    assert not Originalfil.objects.filter(sha256=victim).exists()
    assert Behovsmelding.objects.count() == Innhold.objects.count() == 2
    assert (
        Hendelse.objects.filter(behovsmelding__isnull=False)
        .values("behovsmelding")
        .distinct()
        .count()
        == 2
    )
    assert len(list(Path(settings.ORIGINALS_DIR).iterdir())) == 2
