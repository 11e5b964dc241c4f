# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""The owners' web form: drafts with a version number and their saved versions.

A draft holds a behovsmelding-v1 record (``data``) exactly like an imported one; on submission
it becomes a :class:`behovsmelding.web.models.Behovsmelding` through the caseworkers' own
service. ``versjon`` is the optimistic-concurrency counter: a save names the version it was
based on, field by field; changes to fields nobody else changed meanwhile are stored, the
others come back as conflicts (``merge.py``, ``services.save_fields``).

Who writes a draft follows from organisations, never from an e-mail address typed into the
form: the owner's people (the partnership's owner organisation) and the people of the UH
organisation the owner chose from the register (``uh_virksomhet``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..models import UH_TYPER, Behovsmelding, Originalfil, Partnerskap, Virksomhet


class Tilstand(models.TextChoices):
    UTKAST = "utkast", "Utkast"
    SENDT = "sendt", "Sendt inn"


class Utkast(models.Model):
    partnerskap = models.ForeignKey(
        Partnerskap, on_delete=models.PROTECT, related_name="skjema_utkast"
    )
    # The UH partner organisation the owner chose from the register: its members may open and
    # edit the draft, and the submitted behovsmelding is theirs to see.
    uh_virksomhet = models.ForeignKey(
        Virksomhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skjema_utkast",
        limit_choices_to={"type__in": sorted(t.value for t in UH_TYPER)},
    )
    aar = models.PositiveSmallIntegerField()
    data = models.JSONField()
    # Text typed into an amount or number field that is not a number: kept so nothing typed is
    # lost, keyed by the record path of the field.
    ugyldig = models.JSONField(default=dict, blank=True)
    versjon = models.PositiveIntegerField(default=1)
    # Each table's row ids in order ({"budsjett.rader": ["r1", …]}): rows are merged by id,
    # never by position (``merge.py``).
    rader = models.JSONField(default=dict, blank=True)
    # The version that last changed each field, by its stable key (``budsjett.rader[r1].uh``).
    feltversjoner = models.JSONField(default=dict, blank=True)
    tilstand = models.CharField(max_length=10, choices=Tilstand.choices, default=Tilstand.UTKAST)
    opprettet = models.DateTimeField(auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    endret = models.DateTimeField(auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forrige = models.ForeignKey(
        Behovsmelding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    behovsmelding = models.OneToOneField(
        Behovsmelding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skjema_utkast",
    )
    kvittering = models.OneToOneField(
        Originalfil, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sendt = models.DateTimeField(null=True, blank=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-endret", "-id"]
        verbose_name_plural = "utkast"

    def __str__(self) -> str:
        return f"{self.partnerskap} {self.aar} ({self.get_tilstand_display()})"

    @property
    def sendt_inn(self) -> bool:
        return self.tilstand == Tilstand.SENDT


class Versjon(models.Model):
    """A saved version of a draft: who saved what when (the draft's change log)."""

    utkast = models.ForeignKey(Utkast, on_delete=models.CASCADE, related_name="versjoner")
    nr = models.PositiveIntegerField()
    data = models.JSONField()
    ugyldig = models.JSONField(default=dict, blank=True)
    rader = models.JSONField(default=dict, blank=True)
    lagret = models.DateTimeField(auto_now_add=True)
    lagret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["utkast", "nr"]
        constraints = [models.UniqueConstraint(fields=["utkast", "nr"], name="skjema_unik_versjon")]

    def __str__(self) -> str:
        return f"{self.utkast_id} v{self.nr}"


class Vedlegg(models.Model):
    """A file attached to a draft: a budget for one tiltak (``rad``: the budget row's stable id,
    ``merge.py``) or for the whole behovsmelding (``rad`` empty). Stored like the originals:
    in ``ORIGINALS_DIR`` under a generated name, served only through a view that checks
    access. On submission it follows the draft into the behovsmelding."""

    utkast = models.ForeignKey(Utkast, on_delete=models.CASCADE, related_name="vedlegg")
    behovsmelding = models.ForeignKey(
        Behovsmelding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skjema_vedlegg",
    )
    rad = models.CharField(max_length=40, blank=True)
    filnavn = models.CharField(max_length=255)
    filtype = models.CharField(max_length=10)  # pdf, xlsx, docx, ods (from the content)
    lagret_som = models.CharField(max_length=80, unique=True)
    sha256 = models.CharField(max_length=64)
    storrelse = models.PositiveIntegerField()
    lastet_opp = models.DateTimeField(auto_now_add=True)
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["utkast", "lastet_opp", "id"]
        verbose_name_plural = "vedlegg"

    def __str__(self) -> str:
        return self.filnavn
