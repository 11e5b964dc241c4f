# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""Rounds, frames, the tiltak of a round, the forum's prioritisation and the decision.

A :class:`Post` is a snapshot of one tiltak (or budget row) of a stored behovsmelding, taken
when the round is opened or refreshed (see :mod:`.poster`); the forum's amounts live in
:class:`Prioritering`, the caseworker's in :class:`Vedtakspost`, so a refresh never loses them.
A finished innstilling or vedtak is a :class:`Versjon`: frozen JSON that the documents are
rendered from; a later change makes a new version.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from ... import forum_calc
from ..models import Behovsmelding, Ordning, Partnerskap, Region


class Sektor(models.TextChoices):
    ALLE = "", "Alle sektorer"
    BARNEHAGE = "barnehage", "Barnehage"
    SKOLE = "skole", "Skole"
    BEGGE = "begge", "Barnehage og skole"


class Runde(models.Model):
    """One year's round in a region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="runder")
    aar = models.PositiveSmallIntegerField()
    frist = models.DateField(help_text="Fristen for behovsmeldingene")
    innstilling_frist = models.DateField(help_text="Datoen innstillingen skal være klar")
    vilkaar = models.TextField(
        blank=True,
        default=(
            "Tilskuddet skal brukes til tiltakene som er beskrevet i behovsmeldingen. "
            "Mottakeren skal rapportere om bruken av midlene og om måloppnåelse innen fristen "
            "Statsforvalteren fastsetter. Midler som ikke brukes, skal betales tilbake."
        ),
    )
    opprettet = models.DateTimeField(auto_now_add=True)
    oppdatert = models.DateTimeField(null=True, blank=True)
    # The case reference printed on the letters ("2026/1234"); when blank the letters carry one
    # made from the year and the round (see brev.saksnummer).
    saksnummer = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-aar"]
        constraints = [models.UniqueConstraint(fields=["region", "aar"], name="en_runde_per_aar")]
        verbose_name_plural = "runder"

    def __str__(self) -> str:
        return f"Runde {self.aar} ({self.region})"

    @property
    def per_ordning(self) -> bool:
        """Rounds up to 2025 have one frame per ordning; from 2026 one for the single scheme."""
        return self.aar < 2026


class Ramme(models.Model):
    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="rammer")
    navn = models.CharField(max_length=200)
    ordning = models.CharField(max_length=20, choices=Ordning.choices, blank=True)
    sektor = models.CharField(max_length=20, choices=Sektor.choices, blank=True)
    belop = models.BigIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["runde", "ordning", "sektor"], name="en_ramme_per_ordning_og_sektor"
            )
        ]
        verbose_name_plural = "rammer"

    def __str__(self) -> str:
        return self.navn

    def calc(self) -> forum_calc.Ramme:
        return forum_calc.Ramme(str(self.pk), self.navn, self.belop, self.ordning, self.sektor)


class Post(models.Model):
    """One tiltak of the round (snapshot of the record; see poster.PostData)."""

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="poster")
    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.PROTECT, related_name="forumposter"
    )
    kilde = models.CharField(max_length=20)
    indeks = models.PositiveIntegerField()
    nr = models.PositiveIntegerField(null=True, blank=True)
    navn = models.CharField(max_length=1200)
    ordning = models.CharField(max_length=20, choices=Ordning.choices)
    sektor = models.CharField(max_length=20, choices=Sektor.choices, blank=True)
    eier_navn = models.CharField(max_length=300, blank=True)
    nettverk = models.CharField(max_length=200, blank=True)
    uh_navn = models.CharField(max_length=300, blank=True)
    soekt_eier = models.BigIntegerField(default=0)
    soekt_uh = models.BigIntegerField(default=0)
    soekt_totalt = models.BigIntegerField(default=0)
    antall_aar = models.PositiveSmallIntegerField(default=1)
    antall_funn = models.PositiveIntegerField(default=0)
    aktiv = models.BooleanField(default=True, help_text="Finnes fortsatt i behovsmeldingen")
    detaljer = models.JSONField(default=dict)  # the rest of PostData

    class Meta:
        ordering = ["nettverk", "eier_navn", "behovsmelding_id", "kilde", "indeks"]
        constraints = [
            models.UniqueConstraint(
                fields=["runde", "behovsmelding", "kilde", "indeks"], name="en_post_per_kilde"
            )
        ]
        verbose_name_plural = "poster"

    def __str__(self) -> str:
        return self.tittel

    @property
    def tittel(self) -> str:
        return f"Tiltak {self.nr}: {self.navn}" if self.nr else self.navn

    @property
    def tema(self) -> str:
        """What the tiltak is about, for the forum's overview: its purpose or target group."""
        kriterier: dict[str, str] = self.detaljer.get("kriterier", {})
        return kriterier.get("Formål") or str(self.detaljer.get("maalgruppe", ""))

    @property
    def aar_liste(self) -> list[int]:
        return [self.runde.aar + i for i in range(self.antall_aar)]


class Prioritering(models.Model):
    """The forum's innstilling for one post: status and amounts per year (year 1 first)."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="prioritering")
    status = models.CharField(max_length=20, default=forum_calc.IKKE_VURDERT)
    eier = models.JSONField(default=list)
    uh = models.JSONField(default=list)
    begrunnelse = models.TextField(blank=True)
    endret = models.DateTimeField(auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.post}: {self.status}"


class Vedtakspost(models.Model):
    """Statsforvalteren's decision for one post; may differ from the innstilling, with a reason."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="vedtak")
    status = models.CharField(max_length=20, default=forum_calc.IKKE_VURDERT)
    eier = models.JSONField(default=list)
    uh = models.JSONField(default=list)
    begrunnelse = models.TextField(blank=True)
    egenandel = models.BigIntegerField(null=True, blank=True)
    endret = models.DateTimeField(auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Vedtak {self.post}: {self.status}"


class Versjon(models.Model):
    class Type(models.TextChoices):
        INNSTILLING = "innstilling", "Innstilling"
        VEDTAK = "vedtak", "Vedtak"

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="versjoner")
    type = models.CharField(max_length=20, choices=Type.choices)
    nummer = models.PositiveIntegerField()
    data = models.JSONField()
    opprettet = models.DateTimeField(auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["type", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["runde", "type", "nummer"], name="unik_versjon")
        ]
        verbose_name_plural = "versjoner"

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.runde.aar} versjon {self.nummer}"

    @property
    def innhold(self) -> dict[str, Any]:
        data: dict[str, Any] = self.data
        return data


class Brev(models.Model):
    """One letter (tildelingsbrev or avslag) of a vedtak version to one recipient, frozen when
    it is made for sending: the content, the date, the reference and the PDF never change
    afterwards. A changed vedtak is a new version with letters of its own."""

    versjon = models.ForeignKey(Versjon, on_delete=models.PROTECT, related_name="brev")
    nr = models.PositiveIntegerField(help_text="The recipient's place in brev.mottakere")
    mottaker = models.CharField(max_length=300)
    type = models.CharField(max_length=10)  # "eier" or "uh"
    avslag = models.BooleanField(default=False)
    maalform = models.CharField(max_length=2)
    saksnummer = models.CharField(max_length=50)
    dokumentnummer = models.PositiveIntegerField()
    dato = models.DateField()
    epost = models.EmailField(blank=True)
    kopi = models.JSONField(default=list)  # [{"navn", "epost"}]
    data = models.JSONField()  # everything the letter shows
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    opprettet = models.DateTimeField(auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sendt = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["versjon", "nr"]
        constraints = [
            models.UniqueConstraint(fields=["versjon", "nr"], name="ett_brev_per_mottaker")
        ]
        verbose_name_plural = "brev"

    def __str__(self) -> str:
        return f"Brev {self.referanse} til {self.mottaker}"

    @property
    def referanse(self) -> str:
        return f"{self.saksnummer}-{self.dokumentnummer}"


class Utsending(models.Model):
    """One attempt to send a letter by e-mail: when, to whom, the message id and the result."""

    class Resultat(models.TextChoices):
        SENDT = "sendt", "Sendt"
        FEILET = "feilet", "Feilet"

    brev = models.ForeignKey(Brev, on_delete=models.CASCADE, related_name="utsendinger")
    tidspunkt = models.DateTimeField(auto_now_add=True)
    forsok = models.PositiveSmallIntegerField(default=1)
    til = models.JSONField(default=list)
    kopi = models.JSONField(default=list)
    message_id = models.CharField(max_length=300, blank=True)
    resultat = models.CharField(max_length=10, choices=Resultat.choices)
    feil = models.TextField(blank=True)
    av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["brev", "tidspunkt", "id"]
        verbose_name_plural = "utsendinger"

    def __str__(self) -> str:
        return f"{self.brev}: {self.get_resultat_display()} {self.tidspunkt:%d.%m.%Y %H:%M}"


class Arkivsak(models.Model):
    """The archive's case (saksmappe) for one partnership and year. ``system_id`` is the
    saksmappe's Noark systemID in every package; ``saksnummer`` is the archive's own number,
    once it has returned one, and is then printed on later letters to that partnership."""

    partnerskap = models.ForeignKey(
        Partnerskap, on_delete=models.PROTECT, related_name="arkivsaker"
    )
    aar = models.PositiveSmallIntegerField()
    system_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    saksnummer = models.CharField(max_length=50, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["aar", "partnerskap"]
        constraints = [
            models.UniqueConstraint(fields=["partnerskap", "aar"], name="en_arkivsak_per_aar")
        ]
        verbose_name_plural = "arkivsaker"

    def __str__(self) -> str:
        return f"{self.partnerskap} {self.aar}"
