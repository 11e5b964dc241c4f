"""System checks: a provider set up only in part is an error; in production (``check
--deploy``) the providers' addresses must be https, ID-porten needs a hash key of its own, and
password login must be off but for break-glass accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import providers


@register()
def providers_complete(app_configs: Any, **kwargs: Any) -> list[Error]:
    return [
        Error(
            f"Innloggingen {p} mangler {', '.join(missing)}.",
            hint="Sett alle miljøvariablene for leverandøren, eller ingen (docs/operations.md).",
            id="innlogging.E001",
        )
        for p in providers.PROVIDERS
        if (missing := providers.missing(p))
    ]


@register(Tags.security, deploy=True)
def production_login(app_configs: Any, **kwargs: Any) -> list[Warning]:
    found: list[Warning] = []
    for p in providers.configured_providers():
        for attr in providers.ENDPOINTS:
            value = str(providers.setting(p, attr))
            if value and not value.startswith("https://"):
                found.append(
                    Warning(
                        f"{p}: {attr} er ikke en https-adresse ({value}).",
                        id="innlogging.W001",
                    )
                )
    if providers.configured(providers.IDPORTEN) and not getattr(
        settings, "PID_HASH_KEY_FROM_ENV", False
    ):
        found.append(
            Warning(
                "BEHOVSMELDING_PID_KEY er ikke satt: nøkkelen til fødselsnumrenes hash ligger "
                "bare i var/pid-key.",
                hint="Sett en egen, hemmelig nøkkel og ta vare på den; uten den kan ingen "
                "knyttes til sin bruker igjen.",
                id="innlogging.W002",
            )
        )
    if getattr(settings, "PASSWORD_LOGIN_ROLES", ()):
        found.append(
            Warning(
                "Innlogging med passord er på for rollene "
                f"{', '.join(sorted(settings.PASSWORD_LOGIN_ROLES))}.",
                hint="I produksjon: BEHOVSMELDING_PASSORD_ROLLER tom (bare break-glass).",
                id="innlogging.W003",
            )
        )
    return found
