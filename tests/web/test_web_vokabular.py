"""Ordning and status: one enum each, with bokmål and nynorsk labels, used everywhere."""

from __future__ import annotations

import re
from pathlib import Path

from behovsmelding.web import models, vokabular, workflow
from behovsmelding.web.vokabular import Ordning, Status, ordning_label, status_label

WEB = Path(__file__).resolve().parents[2] / "src/behovsmelding/web"


def test_the_old_names_are_the_one_enum() -> None:
    assert models.Ordning is Ordning
    assert workflow.Status is Status


def test_labels_in_bokmal_and_nynorsk() -> None:
    assert ordning_label("kompetanseloftet") == "Kompetanseløftet"
    assert ordning_label("ukjent") == "Ordning ikke oppgitt"
    assert ordning_label("ukjent", "nn") == "Ordning ikkje oppgitt"
    assert ordning_label("regional", kort=True) == "Regional"
    assert ordning_label("noe annet") == "noe annet"
    assert status_label("mottatt") == "Mottatt"
    assert status_label("mottatt", "nn") == "Motteken"
    assert status_label("behandlet", "nn") == "Behandla"
    assert status_label("vedtak_fattet", "nn") == "Vedtak gjort"
    for o in Ordning:
        assert vokabular.ORDNING_NN[o] and vokabular.ORDNING_KORT[o]
    for s in Status:
        assert vokabular.STATUS_NN[s]


def test_no_other_web_module_spells_out_the_ordning_or_status_labels() -> None:
    label = re.compile(
        r"""["'](?:kompetanseloftet|desentralisert|under_behandling|klar_for_samarbeidsforum)"""
        r"""["']\s*:\s*["'][A-ZÆØÅ]"""
    )
    found = [
        str(p.relative_to(WEB))
        for p in WEB.rglob("*.py")
        if "migrations" not in p.parts and label.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []
