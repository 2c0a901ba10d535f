from django.apps import AppConfig
from django.db.models.signals import post_migrate

EDITORS_GROUP = "Content editors"
# Editors may edit the library and read its history; nothing else in the admin.
EDITOR_MODELS = ["condition", "exercise", "redflagadvice"]
EDITOR_ACTIONS = ["add", "change", "delete", "view"]


def ensure_editors_group(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in EDITOR_MODELS for action in EDITOR_ACTIONS]
    codenames += [f"view_historical{model}" for model in EDITOR_MODELS]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="injuries", codename__in=codenames)
    )


class InjuriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "injuries"
    verbose_name = "Condition library"

    def ready(self) -> None:
        post_migrate.connect(ensure_editors_group, sender=self)
