"""Background work on a runner's data: file imports and full exports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.models.choices import JobStatus


class ImportBatch(models.Model):
    """One upload of run files or an export archive: read in the background, previewed, then saved."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    # Stored uploads (paths in the default storage) until they are read; then emptied.
    uploads = models.JSONField(default=list, blank=True)
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    # One row per file found: name, outcome (new, duplicate, error), message and the run's values.
    items = models.JSONField(default=list, blank=True)
    saved_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"


class DataExport(models.Model):
    """A zip of everything a runner stored; its download link expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file = models.CharField(max_length=255, blank=True, help_text="Path in the default storage.")
    size_bytes = models.PositiveBigIntegerField(default=0)
    expires_at = models.DateTimeField()
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
