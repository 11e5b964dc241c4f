"""URLs of the organisation register (included under ``virksomheter/``)."""

from django.urls import path

from . import register_views

app_name = "register"

urlpatterns = [
    path("", register_views.liste, name="liste"),
    path("import/", register_views.importer, name="importer"),
    path("<int:pk>/", register_views.virksomhet, name="virksomhet"),
    path("<int:pk>/aliaser/", register_views.alias_ny, name="alias-ny"),
    path("<int:pk>/aliaser/fjern/", register_views.alias_fjern, name="alias-fjern"),
]
