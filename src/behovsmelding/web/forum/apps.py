from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "behovsmelding.web.forum"
    label = "forum"
    verbose_name = "Samarbeidsforum og vedtak"
    default_auto_field = "django.db.models.BigAutoField"
