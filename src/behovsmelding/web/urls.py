from django.urls import include, path

from . import views
from .innlogging import views as innlogging_views
from .viewkit import public

urlpatterns = [
    path("", views.oversikt, name="oversikt"),
    path(
        "logg-inn/",
        public("the login page")(innlogging_views.LoggInnView.as_view()),
        name="logg-inn",
    ),
    path("logg-ut/", innlogging_views.logg_ut, name="logg-ut"),
    path("innlogging/", include("behovsmelding.web.innlogging.urls")),
    path("last-opp/", views.last_opp, name="last-opp"),
    path("opplastinger/", views.opplastinger, name="opplastinger"),
    path("opplastinger/<int:pk>/", views.opplasting, name="opplasting"),
    path("opplastinger/<int:pk>/fremdrift/", views.fremdrift, name="opplasting-fremdrift"),
    path("behovsmeldinger/<int:pk>/", views.detalj, name="detalj"),
    path("behovsmeldinger/<int:pk>/status/", views.endre_status, name="endre-status"),
    path("behovsmeldinger/<int:pk>/kommentar/", views.kommenter, name="kommenter"),
    path("behovsmeldinger/<int:pk>/kontroller/", views.kontroller, name="kontroller"),
    path("behovsmeldinger/<int:pk>/eier/", views.avklar_eier, name="avklar-eier"),
    path("behovsmeldinger/<int:pk>/uh/", views.koble_uh, name="koble-uh"),
    path("behovsmeldinger/<int:pk>/marker/", views.marker, name="marker"),
    path("behovsmeldinger/<int:pk>/versjon/", views.velg_versjon, name="velg-versjon"),
    path("behovsmeldinger/<int:pk>/original/", views.original, name="original"),
    path("behovsmeldinger/<int:pk>/utsnitt/", views.kilde_utsnitt, name="kilde-utsnitt"),
    path("behovsmeldinger/<int:pk>/json/", views.eksport_json_en, name="eksport-json-en"),
    path("eksport/excel/", views.eksport_excel, name="eksport-excel"),
    path("eksport/json/", views.eksport_json, name="eksport-json"),
    path("skjema/", include("behovsmelding.web.skjema.urls")),
    path("forum/", include("behovsmelding.web.forum.urls")),
    path("statistikk/", include("behovsmelding.web.statistikk.urls")),
    path("rapport/", include("behovsmelding.web.rapport.urls")),
    path("", include("behovsmelding.web.medlemskap_urls")),
    path("virksomheter/", include("behovsmelding.web.register_urls")),
]
