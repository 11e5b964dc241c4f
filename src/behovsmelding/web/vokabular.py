"""The vocabularies the users read, defined once: ordning and status as one enum each (Django
``TextChoices``, the label in bokmål), with their nynorsk labels and short forms beside them.

Everything else names these: the models' ``choices``, the overview's filters, the detail page,
the exports, the audit trail's texts. ``web/models.py`` and ``web/workflow.py`` import them
from here (the names ``models.Ordning`` and ``workflow.Status`` stay).
"""

from __future__ import annotations

from django.db import models


def label(choices: type[models.TextChoices], nn: dict[str, str], value: str, sprak: str) -> str:
    """A value's label in ``sprak`` (``nn`` from ``nn``); a value not in ``choices`` as it is."""
    try:
        choice = choices(value)
    except ValueError:
        return value
    return nn[choice] if sprak == "nn" else str(choice.label)


class Ordning(models.TextChoices):
    REGIONAL = "regional", "Regional ordning"
    DESENTRALISERT = "desentralisert", "Desentralisert ordning"
    KOMPETANSELOFTET = "kompetanseloftet", "Kompetanseløftet"
    KOLLEKTIV = "kollektiv", "Kollektiv kompetanseutvikling"
    UKJENT = "ukjent", "Ordning ikke oppgitt"


ORDNING_NN: dict[str, str] = {
    Ordning.REGIONAL: "Regional ordning",
    Ordning.DESENTRALISERT: "Desentralisert ordning",
    Ordning.KOMPETANSELOFTET: "Kompetanseløftet",
    Ordning.KOLLEKTIV: "Kollektiv kompetanseutvikling",
    Ordning.UKJENT: "Ordning ikkje oppgitt",
}
# Where space is short (the overview's table); an unknown ordning in a column of ordninger.
ORDNING_KORT: dict[str, str] = {
    Ordning.REGIONAL: "Regional",
    Ordning.DESENTRALISERT: "Desentralisert",
    Ordning.KOMPETANSELOFTET: "Kompetanseløftet",
    Ordning.KOLLEKTIV: "Kollektiv",
    Ordning.UKJENT: "Ikke oppgitt",
}


def ordning_label(value: str, sprak: str = "nb", *, kort: bool = False) -> str:
    """An ordning's name: ``kort`` for a table; a value that is no ordning as it is."""
    if kort and value in ORDNING_KORT:
        return ORDNING_KORT[value]
    return label(Ordning, ORDNING_NN, value, sprak)


class Status(models.TextChoices):
    MOTTATT = "mottatt", "Mottatt"
    UNDER_BEHANDLING = "under_behandling", "Under behandling"
    KLAR_FOR_SAMARBEIDSFORUM = "klar_for_samarbeidsforum", "Klar for samarbeidsforum"
    BEHANDLET = "behandlet", "Behandlet"
    # Set by the decision, not by a button: finishing the vedtak, sending the letter.
    VEDTAK_FATTET = "vedtak_fattet", "Vedtak fattet"
    SENDT = "sendt", "Sendt"


STATUS_NN: dict[str, str] = {
    Status.MOTTATT: "Motteken",
    Status.UNDER_BEHANDLING: "Under behandling",
    Status.KLAR_FOR_SAMARBEIDSFORUM: "Klar for samarbeidsforum",
    Status.BEHANDLET: "Behandla",
    Status.VEDTAK_FATTET: "Vedtak gjort",
    Status.SENDT: "Sendt",
}


def status_label(value: str, sprak: str = "nb") -> str:
    """A status's name in ``sprak``; a value that is no status as it is."""
    return label(Status, STATUS_NN, value, sprak)
