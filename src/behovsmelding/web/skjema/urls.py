from django.urls import path

from . import se_over, vedlegg_views, views

app_name = "skjema"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("ny/", views.ny, name="ny"),
    path("videreforing/", views.videreforing, name="videreforing"),
    path("sprak/", views.sprak, name="sprak"),
    path("forleng/", views.forleng, name="forleng"),
    path("<int:pk>/", views.utkast, name="utkast"),
    path("<int:pk>/lagre/", views.lagre, name="lagre"),
    path("<int:pk>/se-over/", se_over.se_over, name="se-over"),
    path("<int:pk>/slett/", views.slett, name="slett"),
    path("<int:pk>/kompetansemiljo/", views.kompetansemiljo, name="kompetansemiljo"),
    path("<int:pk>/kvittering/", views.kvittering, name="kvittering"),
    path("<int:pk>/kvittering.pdf", views.kvittering_pdf, name="kvittering-pdf"),
    path("behovsmeldinger/<int:pk>/endringer/", views.endringer, name="endringer"),
    path("<int:pk>/vedlegg/", vedlegg_views.last_opp, name="vedlegg-last-opp"),
    path("vedlegg/<int:pk>/", vedlegg_views.last_ned, name="vedlegg"),
    path("vedlegg/<int:pk>/slett/", vedlegg_views.slett, name="vedlegg-slett"),
]
