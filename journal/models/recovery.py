"""Getting better: injury episodes, prescribed exercises, their completions and return-to-run plans."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from injuries.models import Region
from journal.common.validators import validate_not_future, validate_pain
from journal.models.base import Entry, collect_errors
from journal.models.choices import EpisodeStatus, OnsetKind, ReturnPlanStatus, Side
from journal.models.profile import owner_today


class InjuryEpisode(Entry):
    condition = models.ForeignKey(
        "injuries.Condition", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField("what it is called", max_length=120, blank=True)
    diagnosed = models.BooleanField(
        default=False, help_text="Confirmed by a professional, not only suspected."
    )
    side = models.CharField(max_length=5, choices=Side.choices)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    onset_date = models.DateField()
    onset = models.CharField(max_length=10, choices=OnsetKind.choices, default=OnsetKind.GRADUAL)
    status = models.CharField(max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE)
    resolved_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # A physiotherapist's clearance to start running again, before the condition's minimum time.
    cleared_to_return_on = models.DateField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-onset_date"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.condition_id and not self.label:
            return self.condition.name
        return self.label or "Unnamed injury"

    def clean(self) -> None:
        def named() -> None:
            if not self.condition_id and not self.label.strip():
                raise ValidationError({"label": "Name the injury or choose a condition from the library."})

        def resolved() -> None:
            if self.resolved_on and self.onset_date and self.resolved_on < self.onset_date:
                raise ValidationError({"resolved_on": "The injury cannot resolve before it started."})

        checks = [named, resolved]
        if self.owner_id:
            today = owner_today(self.owner)
            checks.append(lambda: validate_not_future(self.onset_date, today, "onset_date"))
            checks.append(lambda: validate_not_future(self.resolved_on, today, "resolved_on"))
        collect_errors(*checks)


class ExercisePrescription(Entry):
    exercise = models.ForeignKey("injuries.Exercise", on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(default=3)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    times_per_week = models.PositiveSmallIntegerField(default=7)
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="prescription_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(times_per_week__gte=1, times_per_week__lte=21), name="prescription_times_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} from {self.starts_on}"

    def clean(self) -> None:
        def amounts() -> None:
            errors = {}
            if self.sets is not None and not 1 <= self.sets <= 20:
                errors["sets"] = "Sets is a number from 1 to 20."
            if not self.reps and not self.hold_s:
                errors["reps"] = "Give the reps, or a hold time in seconds."
            if self.reps is not None and self.reps > 500:
                errors["reps"] = "Reps is at most 500."
            if self.hold_s is not None and self.hold_s > 600:
                errors["hold_s"] = "A hold is at most 600 seconds."
            if self.times_per_week is not None and not 1 <= self.times_per_week <= 21:
                errors["times_per_week"] = "Times per week is a number from 1 to 21."
            if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
                errors["ends_on"] = "The end date cannot be before the start."
            if errors:
                raise ValidationError(errors)

        collect_errors(amounts)


class ExerciseCompletion(Entry):
    date = models.DateField()
    exercise = models.ForeignKey("injuries.Exercise", on_delete=models.PROTECT, related_name="+")
    prescription = models.ForeignKey(
        ExercisePrescription, on_delete=models.SET_NULL, null=True, blank=True, related_name="completions"
    )
    sets_done = models.PositiveSmallIntegerField(default=1)
    reps_done = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_during = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["owner", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(pain_during__lte=10), name="completion_pain_0_10"),
            models.CheckConstraint(
                condition=Q(sets_done__gte=1, sets_done__lte=20), name="completion_sets_1_20"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} on {self.date}"

    def clean(self) -> None:
        def sets() -> None:
            if self.sets_done is not None and not 1 <= self.sets_done <= 20:
                raise ValidationError({"sets_done": "Sets done is a number from 1 to 20."})

        def prescription() -> None:
            if self.prescription_id and self.prescription.owner_id != self.owner_id:
                raise ValidationError({"prescription": "Choose one of your own prescriptions."})

        checks = [sets, prescription, lambda: validate_pain(self.pain_during, "pain_during")]
        if self.date and self.owner_id:
            checks.append(lambda: validate_not_future(self.date, owner_today(self.owner)))
        collect_errors(*checks)


class ReturnPlan(Entry):
    """A walk-run return to running, built from the runner's pre-injury weekly distance."""

    episode = models.ForeignKey(
        InjuryEpisode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField()
    pre_injury_weekly_m = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=ReturnPlanStatus.choices, default=ReturnPlanStatus.ACTIVE
    )
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(status="active"), name="return_plan_one_active_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"Return to running from {self.started_on}"
