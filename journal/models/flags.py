from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from journal.models.choices import SEVERITY_ORDER, Severity
from journal.rules.history import SIDE_TEXT


class Flag(models.Model):
    """A rule's finding about one runner. Rows are never deleted: cleared ones are the history."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, help_text="The rule code, and the subject (e.g. a shoe) if any.")
    code = models.CharField(max_length=40)
    subject = models.CharField(max_length=64, blank=True)
    severity = models.CharField(max_length=20, choices=Severity.choices)
    severity_rank = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    message = models.TextField()
    action = models.TextField()
    evidence = models.JSONField(default=list)
    # Library condition slugs the evidence concerns: the only pages a "Read about" link may point at.
    related = models.JSONField(default=list, blank=True)
    source = models.TextField()
    clinician_only = models.BooleanField(default=False)
    raised_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-severity_rank", "-raised_at"]
        indexes = [models.Index(fields=["owner", "cleared_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], condition=Q(cleared_at__isnull=True), name="flag_one_open_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.severity})"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None

    @property
    def side_text(self) -> str:
        """The side a per-side flag is about ("left side"), or "" for flags about no side (a shoe, load)."""
        return SIDE_TEXT.get(self.subject, "")

    @property
    def can_dismiss(self) -> bool:
        # Urgent and see-a-professional flags can only be acknowledged, never hidden.
        return self.severity_rank < SEVERITY_ORDER.index("see_professional")
