"""Who a login provider says a person is, and the provider's sessions behind ours."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Leverandor(models.TextChoices):
    IDPORTEN = "idporten", "ID-porten"
    ENTRA = "entra", "Statsforvalteren (Entra ID)"


class Identitet(models.Model):
    """A person at a provider, linked to one user. ``nokkel`` is a keyed hash (HMAC-SHA256,
    ``settings.PID_HASH_KEY``) of the provider's identifier: ID-porten's fødselsnummer (the
    ``pid`` claim), Entra ID's object id. The identifier itself is never stored."""

    leverandor = models.CharField(max_length=20, choices=Leverandor.choices)
    nokkel = models.CharField(max_length=64)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identiteter"
    )
    opprettet = models.DateTimeField(auto_now_add=True)
    sist_brukt = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["leverandor", "nokkel"], name="identitet_unik"),
            models.UniqueConstraint(
                fields=["leverandor", "bruker"], name="en_identitet_per_bruker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} ({self.get_leverandor_display()})"


class Innloggingsokt(models.Model):
    """One login through a provider: the provider's session id (``sid``) and our session key,
    so that the provider's front-channel logout can end our session without our cookie."""

    leverandor = models.CharField(max_length=20, choices=Leverandor.choices)
    sid = models.CharField(max_length=255)
    session_key = models.CharField(max_length=40)
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["leverandor", "sid"])]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.leverandor}:{self.sid}"
