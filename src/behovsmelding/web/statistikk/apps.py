from django.apps import AppConfig


class StatistikkConfig(AppConfig):
    name = "behovsmelding.web.statistikk"
    label = "statistikk"
    verbose_name = "Statistikk og temaer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()
