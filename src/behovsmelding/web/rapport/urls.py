"""URLs of the recipients' reports (included under ``rapport/``)."""

from django.urls import path

from . import views

app_name = "rapport"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.rapport, name="rapport"),
    path("<int:pk>/lagre/", views.lagre, name="lagre"),
    path("<int:pk>/send-inn/", views.send_inn, name="send-inn"),
    path("<int:pk>/kvittering.pdf", views.kvittering, name="kvittering"),
    path("<int:pk>/vedlegg/", views.vedlegg_last_opp, name="vedlegg-last-opp"),
    path("vedlegg/<int:pk>/", views.vedlegg_last_ned, name="vedlegg"),
    path("vedlegg/<int:pk>/slett/", views.vedlegg_slett, name="vedlegg-slett"),
    path("<int:pk>/behandle/", views.behandle, name="behandle"),
    path("runder/", views.runder, name="runder"),
    path("runder/ny/", views.ny_runde, name="ny-runde"),
    path("runder/<int:pk>/", views.runde, name="runde"),
    path("runder/<int:pk>/frist/", views.frist, name="frist"),
    path("runder/<int:pk>/paaminnelser/", views.send_paaminnelser, name="paaminnelser"),
    path("runder/<int:pk>/tilbakebetaling.xlsx", views.tilbakebetaling, name="tilbakebetaling"),
]
