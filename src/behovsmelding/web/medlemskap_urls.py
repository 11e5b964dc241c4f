from django.urls import path

from . import medlemskap_views as views

app_name = "medlemskap"

urlpatterns = [
    path("virksomhet/", views.mine, name="mine"),
    path("virksomhet/<int:pk>/", views.virksomhet, name="virksomhet"),
    path("virksomhet/<int:pk>/inviter/", views.inviter, name="inviter"),
    path("virksomhet/invitasjoner/<int:pk>/trekk/", views.trekk, name="trekk"),
    path("virksomhet/medlemmer/<int:pk>/fjern/", views.fjern, name="fjern"),
    path("invitasjon/<str:token>/", views.invitasjon, name="invitasjon"),
]
