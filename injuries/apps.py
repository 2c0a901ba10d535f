from django.apps import AppConfig


class InjuriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "injuries"
    verbose_name = "Condition library"
