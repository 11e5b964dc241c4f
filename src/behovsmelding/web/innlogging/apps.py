from django.apps import AppConfig


class InnloggingConfig(AppConfig):
    name = "behovsmelding.web.innlogging"
    label = "innlogging"
    verbose_name = "Innlogging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the checks and receivers)
