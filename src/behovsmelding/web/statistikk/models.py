# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""The themes vocabulary and which themes each tiltak of a round is about.

A :class:`Tema` has a name in bokmål and nynorsk and the words that find it in a tiltak's name
and target group (:mod:`.tema`). :class:`PostTema` is the result, one row per tiltak and theme,
kept up to date when a tiltak or the vocabulary changes, so that the statistics add up themes
in the database. A caseworker's correction of one tiltak's themes is a :class:`Temakorreksjon`
and wins over the words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..forum.models import Post


class Tema(models.Model):
    navn = models.CharField(max_length=100, unique=True)
    navn_nn = models.CharField(max_length=100, blank=True)
    # The words and phrases that find the theme, one per line; "lese*" also finds "leseplan".
    ord = models.TextField(blank=True)
    rekkefolge = models.PositiveSmallIntegerField(default=0)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rekkefolge", "navn", "id"]
        verbose_name_plural = "temaer"

    def __str__(self) -> str:
        return self.navn

    @property
    def ordliste(self) -> list[str]:
        return [w.strip() for w in self.ord.replace(",", "\n").splitlines() if w.strip()]


class Kilde(models.TextChoices):
    ORD = "ord", "Funnet av ordlisten"
    SAKSBEHANDLER = "saksbehandler", "Satt av saksbehandler"


class PostTema(models.Model):
    """One theme of one tiltak (derived; rebuilt by :func:`.tema.oppdater_post`)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="temaer")
    tema = models.ForeignKey(Tema, on_delete=models.CASCADE, related_name="poster")
    kilde = models.CharField(max_length=20, choices=Kilde.choices, default=Kilde.ORD)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "tema"], name="ett_tema_per_post")]
        indexes = [models.Index(fields=["tema", "post"])]
        verbose_name_plural = "tiltakenes temaer"

    def __str__(self) -> str:
        return f"{self.post_id}: {self.tema_id}"


class Temakorreksjon(models.Model):
    """A caseworker's word on one theme of one tiltak: it is (``valgt``) or is not about it,
    whatever the vocabulary's words find."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="temakorreksjoner")
    tema = models.ForeignKey(Tema, on_delete=models.CASCADE, related_name="korreksjoner")
    valgt = models.BooleanField()
    endret = models.DateTimeField(auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "tema"], name="en_korreksjon_per_tema")
        ]
        verbose_name_plural = "temakorreksjoner"

    def __str__(self) -> str:
        return f"{self.post_id}: {self.tema_id} {'ja' if self.valgt else 'nei'}"
