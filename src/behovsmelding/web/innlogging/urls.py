"""Login URLs (included under ``innlogging/``; ``logg-inn`` and ``logg-ut`` stay at the root)."""

from django.urls import path

from ..viewkit import public
from . import providers, views

app_name = "innlogging"

urlpatterns = [
    path("bekreft/", views.bekreft_passord, name="bekreft-passord"),
    path("utlogget/", views.utlogget, name="utlogget"),
    path("invitasjon/<str:token>/", views.invitasjon, name="invitasjon"),
]
for _p in providers.PROVIDERS:
    urlpatterns += [
        path(
            f"{_p}/logg-inn/",
            public("the start of a login")(views.ProviderLoginView.as_view(provider=_p)),
            name=f"{_p}-logg-inn",
        ),
        path(
            f"{_p}/callback/",
            public("the provider's answer to a login")(
                views.ProviderCallbackView.as_view(provider=_p)
            ),
            name=f"{_p}-callback",
        ),
        path(
            f"{_p}/frontchannel-logout/",
            views.frontchannel,
            {"provider": _p},
            name=f"{_p}-frontchannel",
        ),
    ]
