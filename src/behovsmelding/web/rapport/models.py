# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""The recipients' report on the use of funds and on goal attainment (step 5 of the cycle).

A :class:`Rapportrunde` is opened by the caseworker for a decided round (one per
:class:`forum.Runde`), with a deadline and the reminder days. It holds one :class:`Rapport` per
recipient partnership, and each report one :class:`Rapportlinje` per granted tiltak, with the
granted amounts copied from the vedtak when the report is made. The unused amount is computed
(granted − used), never typed; it is repaid where the line says ``tilbakebetales`` and the
report is approved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..forum.models import Post, Runde, Versjon
from ..models import Partnerskap, Virksomhet
from .kontroll import Linjesummer


def standard_paaminnelser_foer() -> list[int]:
    return [60, 14]


def tomt_maal() -> dict[str, str]:
    return {}


class Rapportrunde(models.Model):
    """The report round of one decided round: its deadline and when reminders go out."""

    runde = models.OneToOneField(Runde, on_delete=models.PROTECT, related_name="rapportrunde")
    # The vedtak version the granted amounts were copied from.
    versjon = models.ForeignKey(
        Versjon, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frist = models.DateField(help_text="Fristen for rapporten")
    paaminnelser_foer = models.JSONField(
        default=standard_paaminnelser_foer,
        help_text="Påminnelse så mange dager før fristen (liste)",
    )
    paaminnelse_etter = models.PositiveSmallIntegerField(
        default=7, help_text="Påminnelse så mange dager etter fristen"
    )
    opprettet = models.DateTimeField(auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-runde__aar"]
        verbose_name_plural = "rapportrunder"

    def __str__(self) -> str:
        return f"Rapport for {self.runde}"


class Rapport(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        SENDT_INN = "sendt_inn", _("Sendt inn")
        ENDRING_BEDT = "endring_bedt", _("Endring bedt om")
        GODKJENT = "godkjent", _("Godkjent")

    rapportrunde = models.ForeignKey(
        Rapportrunde, on_delete=models.CASCADE, related_name="rapporter"
    )
    partnerskap = models.ForeignKey(Partnerskap, on_delete=models.PROTECT, related_name="rapporter")
    # The UH partner whose members co-edit the report (from the behovsmelding's draft).
    uh_virksomhet = models.ForeignKey(
        Virksomhet, on_delete=models.SET_NULL, null=True, blank=True, related_name="rapporter"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UTKAST)
    # Optimistic concurrency as in the owners' form: a save names the version it was based on.
    versjon = models.PositiveIntegerField(default=1)
    feltversjoner = models.JSONField(default=dict, blank=True)
    # Text typed into an amount field that is not a number, kept so nothing typed is lost.
    ugyldig = models.JSONField(default=dict, blank=True)
    kommentar = models.TextField(blank=True)
    # The caseworker's message when asking for changes; shown to the owner.
    endring_melding = models.TextField(blank=True)
    sendt_inn = models.DateTimeField(null=True, blank=True)
    sendt_inn_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    godkjent = models.DateTimeField(null=True, blank=True)
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kvittering = models.BinaryField(null=True, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rapportrunde", "partnerskap__navn", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rapportrunde", "partnerskap"], name="en_rapport_per_partnerskap"
            )
        ]
        verbose_name_plural = "rapporter"

    def __str__(self) -> str:
        return f"Rapport {self.partnerskap} ({self.get_status_display()})"


class Rapportlinje(Linjesummer, models.Model):
    """One granted tiltak in a report."""

    class Handling(models.TextChoices):
        INGEN = "", _("Ikke valgt")
        TILBAKEBETALES = "tilbakebetales", _("Betales tilbake")
        OVERFORES = "overfores", _("Søkes overført til neste år")

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="linjer")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="rapportlinjer")
    innvilget_eier = models.BigIntegerField(default=0)
    innvilget_uh = models.BigIntegerField(default=0)
    brukt_eier = models.BigIntegerField(null=True, blank=True)
    brukt_uh = models.BigIntegerField(null=True, blank=True)
    ubrukt_handling = models.CharField(
        max_length=20, choices=Handling.choices, blank=True, default=Handling.INGEN
    )
    overforing_grunn = models.TextField(blank=True)
    # Why more was used than granted, when it was.
    avvik_forklaring = models.TextField(blank=True)
    hva_gjort = models.TextField(blank=True)
    maaloppnaaelse = models.JSONField(default=tomt_maal, blank=True)

    class Meta:
        ordering = ["rapport", "post__nr", "post_id"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "post"], name="en_linje_per_post")
        ]
        verbose_name_plural = "rapportlinjer"

    def __str__(self) -> str:
        return f"{self.rapport_id}: {self.post_id}"

    @property
    def tilbakebetales(self) -> int:
        return self.ubrukt if self.ubrukt_handling == self.Handling.TILBAKEBETALES else 0

    def maal(self) -> dict[str, Any]:
        data: dict[str, Any] = self.maaloppnaaelse or {}
        return data


class Vedlegg(models.Model):
    """A file attached to a report (accounts, reports), stored like the form's attachments."""

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="vedlegg")
    filnavn = models.CharField(max_length=255)
    filtype = models.CharField(max_length=10)
    lagret_som = models.CharField(max_length=80, unique=True)
    sha256 = models.CharField(max_length=64)
    storrelse = models.PositiveIntegerField()
    lastet_opp = models.DateTimeField(auto_now_add=True)
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["rapport", "lastet_opp", "id"]
        verbose_name_plural = "vedlegg"

    def __str__(self) -> str:
        return self.filnavn


class Paaminnelse(models.Model):
    """A reminder sent for one report: once per (report, kind, days), which makes the task
    that sends them safe to run any number of times."""

    class Type(models.TextChoices):
        FOER = "foer", "Før fristen"
        ETTER = "etter", "Etter fristen"

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="paaminnelser")
    type = models.CharField(max_length=10, choices=Type.choices)
    dager = models.PositiveSmallIntegerField()
    til = models.JSONField(default=list)
    sendt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rapport", "sendt", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rapport", "type", "dager"], name="en_paaminnelse_per_dag"
            )
        ]
        verbose_name_plural = "påminnelser"

    def __str__(self) -> str:
        return f"{self.rapport_id}: {self.type} {self.dager}"


class Forhandsutfylling(models.Model):
    """A new behovsmelding draft whose § 4 (vurdering av måloppnåelse) was filled in from an
    approved report: the form marks it as prefilled for the owner to edit."""

    utkast = models.OneToOneField(
        "skjema.Utkast", on_delete=models.CASCADE, related_name="rapport_forhandsutfylling"
    )
    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="+")
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "forhåndsutfyllinger"

    def __str__(self) -> str:
        return f"Utkast {self.utkast_id} fra rapport {self.rapport_id}"
