"""Reminders, push subscriptions and the record of every notification sent."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models

ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]  # Monday is 0, as in date.weekday()


def all_days() -> list[int]:
    return list(ALL_DAYS)


class ReminderChannel(models.TextChoices):
    PUSH = "push", "Notification on this app (email if no device is set up)"
    EMAIL = "email", "Email"


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    reminders_on = models.BooleanField(default=False)
    reminder_time = models.TimeField(default=time(19, 0), help_text="Your local time.")
    reminder_days = models.JSONField(default=all_days)
    reminder_channel = models.CharField(
        max_length=5, choices=ReminderChannel.choices, default=ReminderChannel.PUSH
    )
    # Asked once, after the first check-in; answering either way hides the prompt.
    reminder_prompt_answered = models.BooleanField(default=False)
    # Physiotherapists: an email when a linked patient raises a flag that needs a professional.
    patient_alerts_on = models.BooleanField(default=False)
    # One notice when a shoe passes its replace-at distance.
    shoe_notices_on = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notifications for {self.user}"


class PushSubscription(models.Model):
    """One device's Web Push subscription (the browser gives endpoint and keys)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    # The session that subscribed: signing out of it removes this device's subscription.
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push subscription of {self.user}"


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", "Check-in reminder"
    PATIENT_ALERT = "patient_alert", "Patient alert"
    SHOE_REPLACE = "shoe_replace", "Shoe replacement"


class SentNotification(models.Model):
    """One notification, claimed before it is sent: the unique key makes every job idempotent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    day = models.DateField(help_text="The recipient's local date.")
    # What it is about, where a kind can concern several things a day (a patient, a shoe).
    subject = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "day", "subject"], name="sent_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} on {self.day}"


class PushKeys(models.Model):
    """The site's VAPID key pair, made on first use when the environment gives none."""

    private_pem = models.TextField()
    public_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "push keys"

    def __str__(self) -> str:
        return "VAPID keys"
