# ruff: noqa: RUF012
"""The organisation register's first data, and memberships instead of name-based roles.

- The UH institutions and the spellings the forms use for them (what ``institusjoner.RULES``
  held in code until this migration) become organisations with aliases.
- Each known institution and partnership gets its organisation (matched by name, else made from
  it), so that nothing stored loses its owner.
- Each owner or UH user's role (``Tilgang`` with a partnership or institution) becomes a
  membership of that organisation; only staff roles (caseworker, forum) stay in ``Tilgang``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import migrations

# (the spelling, the institution's name): a name containing the spelling's words stands for
# the institution (a spelling of four letters or fewer as a whole word).
UH_ALIASER: tuple[tuple[str, str], ...] = (
    ("sepu", "Høgskolen i Innlandet / SePU"),
    ("høgskolen i innlandet", "Høgskolen i Innlandet / SePU"),
    ("hinn", "Høgskolen i Innlandet / SePU"),
    ("læringsmiljøsent", "Læringsmiljøsenteret, Universitetet i Stavanger"),
    ("lms", "Læringsmiljøsenteret, Universitetet i Stavanger"),
    ("nord universitet", "Nord universitet"),
    ("nord univ", "Nord universitet"),
    ("uit", "UiT Norges arktiske universitet"),
    ("norges arktiske", "UiT Norges arktiske universitet"),
    ("dronning mauds minne", "Dronning Mauds Minne Høgskole for barnehagelærerutdanning"),
    ("dmmh", "Dronning Mauds Minne Høgskole for barnehagelærerutdanning"),
    ("ntnu", "NTNU"),
    ("oslomet", "OsloMet"),
    ("universitetet i agder", "Universitetet i Agder"),
)

_WORDS = re.compile(r"\w+")


def _key(navn: str) -> str:
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", navn).casefold()))


def seed_uh_aliases(apps: Any) -> dict[str, Any]:
    """The UH institutions and their spellings; their organisations by name."""
    Virksomhet = apps.get_model("web", "Virksomhet")
    Alias = apps.get_model("web", "Alias")
    uh: dict[str, Any] = {}
    for spelling, navn in UH_ALIASER:
        if navn not in uh:
            uh[navn] = Virksomhet.objects.create(navn=navn, type="uh")
        Alias.objects.get_or_create(
            nokkel=_key(spelling), defaults={"virksomhet": uh[navn], "navn": spelling}
        )
    return uh


def forward(apps: Any, schema_editor: Any) -> None:
    Virksomhet = apps.get_model("web", "Virksomhet")
    Institusjon = apps.get_model("web", "Institusjon")
    Partnerskap = apps.get_model("web", "Partnerskap")
    Tilgang = apps.get_model("web", "Tilgang")
    Medlemskap = apps.get_model("web", "Medlemskap")

    uh = seed_uh_aliases(apps)
    for inst in Institusjon.objects.all():
        v = uh.get(inst.navn)
        if v is None:
            v = Virksomhet.objects.create(navn=inst.navn, type="uh")
            uh[inst.navn] = v
        inst.virksomhet = v
        inst.save(update_fields=["virksomhet"])
    for p in Partnerskap.objects.all():
        kind = "kommune" if "kommune" in p.navn.casefold() else "privat"
        v = Virksomhet.objects.create(navn=p.navn, type=kind, region_id=p.region_id)
        p.virksomhet = v
        p.save(update_fields=["virksomhet"])
    # A user an owner made by inviting an e-mail address to a draft proved nothing about
    # whom they work for: such users keep only the draft, not a UH membership.
    invited = set(apps.get_model("skjema", "Redaktor").objects.values_list("bruker_id", flat=True))
    for t in Tilgang.objects.exclude(rolle__in=("saksbehandler", "forum")):
        if t.bruker_id in invited and t.rolle == "uh":
            t.delete()
            continue
        v = None
        if t.partnerskap_id is not None:
            v = Partnerskap.objects.get(pk=t.partnerskap_id).virksomhet
        elif t.institusjon_id is not None:
            v = Institusjon.objects.get(pk=t.institusjon_id).virksomhet
        if v is not None:
            Medlemskap.objects.get_or_create(
                bruker_id=t.bruker_id, virksomhet=v, defaults={"rolle": "medlem"}
            )
        t.delete()


class Migration(migrations.Migration):
    dependencies = [("web", "0005_register"), ("skjema", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
