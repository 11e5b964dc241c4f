# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""The owners' web form: drafts with a version number, their saved versions, and editors.

A draft holds a behovsmelding-v1 record (``data``) exactly like an imported one; on submission
it becomes a :class:`behovsmelding.web.models.Behovsmelding` through the caseworkers' own
service. ``versjon`` is the optimistic-concurrency counter: a save names the version it was
based on and is refused when someone saved in between (see ``services.save_draft``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..models import Behovsmelding, Originalfil, Partnerskap


class Tilstand(models.TextChoices):
    UTKAST = "utkast", "Utkast"
    SENDT = "sendt", "Sendt inn"


class Utkast(models.Model):
    partnerskap = models.ForeignKey(
        Partnerskap, on_delete=models.PROTECT, related_name="skjema_utkast"
    )
    aar = models.PositiveSmallIntegerField()
    data = models.JSONField()
    # Text typed into an amount or number field that is not a number: kept so nothing typed is
    # lost, keyed by the record path of the field.
    ugyldig = models.JSONField(default=dict, blank=True)
    versjon = models.PositiveIntegerField(default=1)
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
    lagret = models.DateTimeField(auto_now_add=True)
    lagret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["utkast", "nr"]
        constraints = [models.UniqueConstraint(fields=["utkast", "nr"], name="skjema_unik_versjon")]

    def __str__(self) -> str:
        return f"{self.utkast_id} v{self.nr}"


class Redaktor(models.Model):
    """A person invited to edit a draft (the UH contact); a new user sets a password by token."""

    utkast = models.ForeignKey(Utkast, on_delete=models.CASCADE, related_name="redaktorer")
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skjema_redaktor"
    )
    epost = models.EmailField()
    invitert = models.DateTimeField(auto_now_add=True)
    invitert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["invitert", "id"]
        constraints = [
            models.UniqueConstraint(fields=["utkast", "bruker"], name="skjema_unik_redaktor")
        ]
        verbose_name_plural = "redaktører"

    def __str__(self) -> str:
        return self.epost
