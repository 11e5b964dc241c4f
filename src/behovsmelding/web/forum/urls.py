"""URLs of the samarbeidsforum and the decision (included under ``forum/``)."""

from django.urls import path

from . import views, views_brev

urlpatterns = [
    path("", views.runder, name="forum-runder"),
    path("ny/", views.ny_runde, name="forum-ny-runde"),
    path("<int:pk>/", views.runde, name="forum-runde"),
    path("<int:pk>/ramme/", views.ramme, name="forum-ramme"),
    path("<int:pk>/oppdater/", views.oppdater, name="forum-oppdater"),
    path("<int:pk>/prioritering/", views.prioritering, name="forum-prioritering"),
    path("<int:pk>/vedtak/", views.vedtak, name="forum-vedtak"),
    path("<int:pk>/vedtak/uh/", views.tilordne_uh, name="forum-tilordne-uh"),
    path("versjoner/<int:pk>/innstilling.pdf", views.innstilling_pdf, name="forum-innstilling-pdf"),
    path(
        "versjoner/<int:pk>/innstilling.xlsx",
        views.innstilling_excel,
        name="forum-innstilling-excel",
    ),
    path(
        "versjoner/<int:pk>/tildelingsbrev/<int:nr>.pdf",
        views.tildelingsbrev,
        name="forum-tildelingsbrev",
    ),
    path(
        "versjoner/<int:pk>/utbetaling.xlsx", views.utbetaling_excel, name="forum-utbetaling-excel"
    ),
    path("versjoner/<int:pk>/utbetaling.csv", views.utbetaling_csv, name="forum-utbetaling-csv"),
    path("versjoner/<int:pk>/brev/", views_brev.brevliste, name="forum-brev"),
    path("versjoner/<int:pk>/brev/send/", views_brev.send, name="forum-brev-send"),
    path("<int:pk>/saksnummer/", views_brev.saksnummer, name="forum-saksnummer"),
    path("<int:pk>/arkiv.zip", views_brev.arkivpakke, name="forum-arkiv"),
]
