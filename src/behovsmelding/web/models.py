# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""What the application stores: records, who may see them, and what happened to them.

The record itself is kept as behovsmelding-v1 JSON (``Innhold.data``); the columns on
:class:`Behovsmelding` are copies of what the overview filters, sorts and adds up, written by
:func:`behovsmelding.web.summary.summarise` whenever the record is stored. The large texts live
in :class:`Innhold` so that scanning the overview table stays cheap.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from .workflow import Status


class Rolle(models.TextChoices):
    SAKSBEHANDLER = "saksbehandler", "Saksbehandler"
    EIER = "eier", "Eier"
    UH = "uh", "UH / kompetansemiljø"
    FORUM = "forum", "Medlem av samarbeidsforum"


class Ordning(models.TextChoices):
    REGIONAL = "regional", "Regional ordning"
    DESENTRALISERT = "desentralisert", "Desentralisert ordning"
    KOMPETANSELOFTET = "kompetanseloftet", "Kompetanseløftet"
    KOLLEKTIV = "kollektiv", "Kollektiv kompetanseutvikling"
    UKJENT = "ukjent", "Ordning ikke oppgitt"


class Region(models.Model):
    navn = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["navn"]
        verbose_name_plural = "regioner"

    def __str__(self) -> str:
        return self.navn


class Partnerskap(models.Model):
    """An owner's partnership in a region; the owner's name is its key."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="partnerskap")
    navn = models.CharField(max_length=300)
    nokkel = models.CharField(max_length=300)

    class Meta:
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(fields=["region", "nokkel"], name="unik_partnerskap_i_region")
        ]
        verbose_name_plural = "partnerskap"

    def __str__(self) -> str:
        return self.navn


class Institusjon(models.Model):
    """A UH institution or kompetansemiljø, as named in the forms."""

    navn = models.CharField(max_length=300)
    nokkel = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["navn"]
        verbose_name_plural = "institusjoner"

    def __str__(self) -> str:
        return self.navn


class Tilgang(models.Model):
    """A user's role and the scope it applies to."""

    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tilgang"
    )
    rolle = models.CharField(max_length=20, choices=Rolle.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    partnerskap = models.ForeignKey(Partnerskap, on_delete=models.PROTECT, null=True, blank=True)
    institusjon = models.ForeignKey(Institusjon, on_delete=models.PROTECT, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.bruker} ({self.get_rolle_display()})"


class Originalfil(models.Model):
    """An uploaded file exactly as received; its SHA-256 is what makes an upload a repeat."""

    sha256 = models.CharField(max_length=64, unique=True)
    filnavn = models.CharField(max_length=255)
    lagret_som = models.CharField(max_length=80, unique=True)
    storrelse = models.PositiveIntegerField()
    mottatt = models.DateTimeField(auto_now_add=True)
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.filnavn


class Behovsmelding(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="behovsmeldinger")
    partnerskap = models.ForeignKey(
        Partnerskap, on_delete=models.PROTECT, related_name="behovsmeldinger"
    )
    institusjon = models.ForeignKey(
        Institusjon, on_delete=models.PROTECT, null=True, blank=True, related_name="behovsmeldinger"
    )
    original = models.OneToOneField(
        Originalfil, on_delete=models.PROTECT, null=True, blank=True, related_name="behovsmelding"
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.MOTTATT)
    status_endret = models.DateTimeField(null=True, blank=True)
    status_endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mottatt = models.DateTimeField(auto_now_add=True)

    # Copies of the record for the overview (see summary.summarise).
    tittel = models.CharField(max_length=300, blank=True)
    aar = models.PositiveSmallIntegerField(null=True, blank=True)
    skjema = models.CharField(max_length=20)
    eier = models.CharField(max_length=300, blank=True)
    kompetansenettverk = models.CharField(max_length=200, blank=True)
    uh = models.CharField(max_length=300, blank=True)
    ordninger = models.CharField(max_length=100, blank=True)
    antall_tiltak = models.PositiveIntegerField(default=0)
    sum_eier = models.BigIntegerField(default=0)
    sum_uh = models.BigIntegerField(default=0)
    sum_totalt = models.BigIntegerField(default=0)
    antall_feil = models.PositiveIntegerField(default=0)
    antall_advarsler = models.PositiveIntegerField(default=0)
    antall_merknader = models.PositiveIntegerField(default=0)
    har_feil = models.BooleanField(default=False)
    # The amounts split by ordning (see summary.belop_per_ordning): one aggregate over the
    # filtered rows then gives both the totals and the chart by ordning.
    regional_eier = models.BigIntegerField(default=0)
    regional_uh = models.BigIntegerField(default=0)
    regional_totalt = models.BigIntegerField(default=0)
    desentralisert_eier = models.BigIntegerField(default=0)
    desentralisert_uh = models.BigIntegerField(default=0)
    desentralisert_totalt = models.BigIntegerField(default=0)
    kompetanseloftet_eier = models.BigIntegerField(default=0)
    kompetanseloftet_uh = models.BigIntegerField(default=0)
    kompetanseloftet_totalt = models.BigIntegerField(default=0)
    kollektiv_eier = models.BigIntegerField(default=0)
    kollektiv_uh = models.BigIntegerField(default=0)
    kollektiv_totalt = models.BigIntegerField(default=0)
    ukjent_eier = models.BigIntegerField(default=0)
    ukjent_uh = models.BigIntegerField(default=0)
    ukjent_totalt = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-mottatt", "-id"]
        indexes = [
            models.Index(fields=["region", "aar"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["region", "kompetansenettverk"]),
            models.Index(fields=["region", "eier"]),
            models.Index(fields=["region", "uh"]),
            models.Index(fields=["region", "skjema"]),
            models.Index(fields=["region", "har_feil"]),
            models.Index(fields=["region", "-mottatt"]),
            models.Index(fields=["-mottatt", "-id"]),
            models.Index(fields=["aar"]),
            # "Største beløp" over everything a national user sees: a page from the index
            # instead of sorting every row.
            models.Index(fields=["-sum_totalt", "-id"], name="web_bm_sum_totalt_id"),
        ]
        verbose_name_plural = "behovsmeldinger"

    def __str__(self) -> str:
        return f"{self.eier or 'Ukjent eier'} {self.aar or ''}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("detalj", args=[self.pk])

    @property
    def visningsnavn(self) -> str:
        return self.tittel or self.eier or f"Behovsmelding {self.pk}"


class Innhold(models.Model):
    """The record as JSON, its findings, and the text the search looks in."""

    behovsmelding = models.OneToOneField(
        Behovsmelding, on_delete=models.CASCADE, primary_key=True, related_name="innhold"
    )
    data = models.JSONField()
    funn = models.JSONField(default=list)
    sokeetekst = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Innhold for {self.behovsmelding_id}"


class Kommentar(models.Model):
    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.CASCADE, related_name="kommentarer"
    )
    forfatter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    tekst = models.TextField()
    skrevet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skrevet", "id"]

    def __str__(self) -> str:
        return self.tekst[:50]


class Opplasting(models.Model):
    """One upload of one or many files, and what became of each."""

    lastet_opp_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    partnerskap = models.ForeignKey(Partnerskap, on_delete=models.PROTECT, null=True, blank=True)
    tidspunkt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tidspunkt", "-id"]

    def __str__(self) -> str:
        return f"Opplasting {self.pk}"


class Utfall(models.TextChoices):
    LEST = "lest", "Lest"
    IKKE_LEST = "ikke_lest", "Ikke lest"
    KJENT = "kjent", "Allerede mottatt"


class OpplastetFil(models.Model):
    opplasting = models.ForeignKey(Opplasting, on_delete=models.CASCADE, related_name="filer")
    filnavn = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    utfall = models.CharField(max_length=20, choices=Utfall.choices)
    grunn = models.TextField(blank=True)
    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.filnavn}: {self.utfall}"


class Hendelse(models.Model):
    """One audit entry: who did what when, with the value before and after."""

    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.CASCADE, null=True, blank=True, related_name="hendelser"
    )
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    tidspunkt = models.DateTimeField(auto_now_add=True)
    handling = models.CharField(max_length=40)
    felt = models.CharField(max_length=100, blank=True)
    for_verdi = models.TextField(blank=True)
    etter_verdi = models.TextField(blank=True)
    beskrivelse = models.TextField(blank=True)
    detaljer = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["tidspunkt", "id"]
        indexes = [models.Index(fields=["behovsmelding", "tidspunkt"])]

    def __str__(self) -> str:
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.handling}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "handling": self.handling,
            "felt": self.felt,
            "for": self.for_verdi,
            "etter": self.etter_verdi,
        }
