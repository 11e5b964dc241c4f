"""The status workflow of a behovsmelding, declared as data."""

from __future__ import annotations

from django.db import models

from .vokabular import STATUS_NN, Status, label, status_label

__all__ = ["STATUS_NN", "Status", "status_label"]  # defined in vokabular.py


# Which status may follow which. Going one step back is allowed so that a caseworker can undo
# a mistake; every move is in the audit trail either way.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.MOTTATT: frozenset({Status.UNDER_BEHANDLING}),
    Status.UNDER_BEHANDLING: frozenset({Status.MOTTATT, Status.KLAR_FOR_SAMARBEIDSFORUM}),
    Status.KLAR_FOR_SAMARBEIDSFORUM: frozenset({Status.UNDER_BEHANDLING, Status.BEHANDLET}),
    Status.BEHANDLET: frozenset({Status.KLAR_FOR_SAMARBEIDSFORUM}),
    # Only the services move a record here (forum.services.fullfor_vedtak, marker_sendt); a
    # later vedtak version moves a sent record back to "Vedtak fattet" until its letter is sent.
    Status.VEDTAK_FATTET: frozenset(),
    Status.SENDT: frozenset(),
}

# The statuses the decision sets (never offered as a button).
VEDTAK_STATUSER = frozenset({Status.VEDTAK_FATTET, Status.SENDT})


class Vedtaksutfall(models.TextChoices):
    INNVILGET = "innvilget", "Innvilget"
    DELVIS = "delvis_innvilget", "Delvis innvilget"
    AVSLATT = "avslatt", "Avslått"


def vedtaksutfall(soekt: int, innvilget: int) -> str:
    """The outcome of a record's decision from what was asked and what is granted (all its
    tiltak, every year): nothing granted is a rejection, less than asked a partial grant."""
    if innvilget <= 0:
        return Vedtaksutfall.AVSLATT
    if innvilget < soekt:
        return Vedtaksutfall.DELVIS
    return Vedtaksutfall.INNVILGET


# The button text for a move, as the caseworker reads it.
ACTION_LABELS: dict[tuple[str, str], str] = {
    (Status.MOTTATT, Status.UNDER_BEHANDLING): "Start behandling",
    (Status.UNDER_BEHANDLING, Status.MOTTATT): "Sett tilbake til mottatt",
    (Status.UNDER_BEHANDLING, Status.KLAR_FOR_SAMARBEIDSFORUM): "Klar for samarbeidsforum",
    (Status.KLAR_FOR_SAMARBEIDSFORUM, Status.UNDER_BEHANDLING): "Tilbake til behandling",
    (Status.KLAR_FOR_SAMARBEIDSFORUM, Status.BEHANDLET): "Marker som behandlet",
    (Status.BEHANDLET, Status.KLAR_FOR_SAMARBEIDSFORUM): "Gjenåpne for samarbeidsforum",
}


def next_statuses(current: str) -> list[str]:
    """The statuses reachable from ``current``, in workflow order."""
    allowed = TRANSITIONS.get(current, frozenset())
    return [s.value for s in Status if s.value in allowed]


# The outcomes in nynorsk (the owners who write nynorsk read their history in it).
VEDTAKSUTFALL_NN: dict[str, str] = {
    Vedtaksutfall.INNVILGET: "Innvilga",
    Vedtaksutfall.DELVIS: "Delvis innvilga",
    Vedtaksutfall.AVSLATT: "Avslått",
}


def vedtaksutfall_label(value: str, sprak: str = "nb") -> str:
    return label(Vedtaksutfall, VEDTAKSUTFALL_NN, value, sprak)
