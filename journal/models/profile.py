from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.models.choices import Role, Unit


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.RUNNER)
    display_name = models.CharField(max_length=80)
    unit = models.CharField(max_length=2, choices=Unit.choices, default=Unit.KM)
    time_zone = models.CharField(max_length=64, default="UTC")
    # Rule thresholds a physiotherapist set for this runner (see journal.rules.thresholds).
    threshold_overrides = models.JSONField(default=dict, blank=True)
    # Physiotherapists only, free text as they give it.
    practice = models.CharField(max_length=120, blank=True)
    registration_number = models.CharField(max_length=60, blank=True)
    # The runner-local date the flags were last evaluated: reading them on a later day re-evaluates first.
    flags_evaluated_on = models.DateField(null=True, blank=True)
    # A write from a request adds one to journal_version instead of evaluating the flags; an evaluation
    # sets flags_version to the journal_version it read before reading the journal. Flags are out of
    # date while flags_version is behind: the next read (or the task worker) evaluates them first.
    journal_version = models.BigIntegerField(default=0)
    flags_version = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            # The worker's sweep for runners with writes not yet evaluated (journal.jobs.nightly).
            models.Index(
                fields=["user"],
                condition=models.Q(flags_version__lt=models.F("journal_version")),
                name="profile_flags_behind",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def local_now(self) -> datetime:
        return timezone.now().astimezone(ZoneInfo(self.time_zone))

    def today(self) -> date:
        return self.local_now().date()


def owner_today(user) -> date:
    profile = getattr(user, "profile", None)
    return profile.today() if profile else timezone.localdate()
