from django.apps import AppConfig


class SkjemaConfig(AppConfig):
    name = "behovsmelding.web.skjema"
    label = "skjema"
    verbose_name = "Behovsmelding på nett"
    default_auto_field = "django.db.models.BigAutoField"
