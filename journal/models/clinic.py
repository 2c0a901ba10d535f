"""A physiotherapist's access to a runner's journal: consent, invites, requests, notes and the access log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CareLink(models.Model):
    """A runner's consent for one physiotherapist to read their journal. Revoking ends it at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links")
    physio = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_links"
    )
    via = models.CharField(max_length=10, choices=[("invite", "Invite code"), ("request", "Request")])
    # The runner lets this physiotherapist download their appointment report.
    report_allowed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "physio"],
                condition=Q(revoked_at__isnull=True),
                name="carelink_one_active_pair",
            ),
            models.CheckConstraint(condition=~Q(runner=models.F("physio")), name="carelink_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.runner} ↔ {self.physio}"


class CareInvite(models.Model):
    """A one-time code a runner gives their physiotherapist; it expires after 7 days.

    Only a keyed hash of the code is stored (`clinic.invite_code_hash`); the code itself is shown once,
    when it is made, like an API token.
    """

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invite from {self.runner}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class CareRequest(models.Model):
    """A physiotherapist asks a runner (by email) for access; only the runner's acceptance links them."""

    physio = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    runner_email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.physio} asks {self.runner_email}"


class ClinicianNote(models.Model):
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    private = models.BooleanField(default=False, help_text="Only the physiotherapist sees a private note.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note for {self.patient} by {self.author}"


class AccessLog(models.Model):
    """Who looked at or exported whose journal, and when. Never any health values."""

    physio = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["patient", "-at"])]

    def __str__(self) -> str:
        return f"{self.physio} {self.action} {self.patient} at {self.at}"
