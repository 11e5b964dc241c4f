"""URLs of the statistics and the themes (included under ``statistikk/``)."""

from django.urls import path

from . import views

app_name = "statistikk"

urlpatterns = [
    path("", views.statistikk, name="side"),
    path("statistikk.xlsx", views.excel, name="excel"),
    path("tiltak/", views.tiltak, name="tiltak"),
    path("tiltak/<int:pk>/temaer/", views.post_temaer, name="post-temaer"),
    path("temaer/", views.temaer, name="temaer"),
    path("temaer/ny/", views.tema_ny, name="tema-ny"),
    path("temaer/<int:pk>/", views.tema, name="tema"),
]
