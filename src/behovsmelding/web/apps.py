from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "behovsmelding.web"
    label = "web"
    verbose_name = "Behovsmeldinger"
    default_auto_field = "django.db.models.BigAutoField"
