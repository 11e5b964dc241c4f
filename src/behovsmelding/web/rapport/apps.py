from django.apps import AppConfig


class RapportConfig(AppConfig):
    name = "behovsmelding.web.rapport"
    label = "rapport"
    verbose_name = "Rapport om bruk av midlene"
    default_auto_field = "django.db.models.BigAutoField"
