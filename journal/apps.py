from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_schedules(sender, using: str = "default", **kwargs) -> None:
    from journal.jobs.schedules import schedules_install

    schedules_install(using=using)


def make_push_keys(sender, using: str = "default", **kwargs) -> None:
    from journal.notify.push import push_keys_ensure

    push_keys_ensure(using=using)


class JournalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "journal"
    verbose_name = "Runner's journal"

    def ready(self) -> None:
        from journal import signals  # noqa: F401
        from journal.notify import signals as notify_signals  # noqa: F401

        post_migrate.connect(install_schedules, sender=self)
        post_migrate.connect(make_push_keys, sender=self)
