from __future__ import annotations

from django.conf import settings
from django.db import models


class PatientSummary(models.Model):
    """What one row of the triage list shows of a runner, as of the day their flags were last evaluated.

    Written by flag evaluation (journal.flags.summary), in the same transaction, after every write
    to the journal; the triage list reads one of these per patient instead of their journal.
    """

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="triage_summary"
    )
    as_of = models.DateField()  # the runner's today when it was computed
    last_checkin = models.DateField(null=True, blank=True)
    pain_14d = models.JSONField(default=list)  # worst pain_now of each of the 14 days to as_of, or None
    week_m = models.PositiveIntegerField(default=0)
    last_week_m = models.PositiveIntegerField(default=0)
    acwr = models.FloatField(null=True, blank=True)
    adherence_done = models.PositiveIntegerField(default=0)
    adherence_target = models.PositiveIntegerField(default=0)
    # The most severe open (not dismissed) flag, the latest raised of those; rank -1 when none.
    top_code = models.CharField(max_length=40, blank=True)
    top_severity = models.CharField(max_length=20, blank=True)
    top_rank = models.SmallIntegerField(default=-1)
    top_title = models.CharField(max_length=200, blank=True)
    top_raised_at = models.DateTimeField(null=True, blank=True)
    open_flags = models.PositiveIntegerField(default=0)
    # A new random number with every evaluation (and whenever projections are voided): the task worker
    # stores a projection only if this is still what it read before reading the journal.
    evaluation_stamp = models.BigIntegerField(default=0)
    # Tomorrow's flags and summary if nothing changes, worked out by the task worker from the rows an
    # evaluation would read (journal.flags.projection), so the first read of a new day can store them
    # instead of reading the journal again. Used only on that day and under the same `projection_token`.
    projected_for = models.DateField(null=True, blank=True)
    projection_token = models.CharField(max_length=64, blank=True)
    projected_flags = models.JSONField(default=list)  # each as a stored flag's columns, with its key
    projected_summary = models.JSONField(default=dict)  # this model's columns but the flag ones

    def __str__(self) -> str:
        return f"summary of {self.runner_id} as of {self.as_of}"
