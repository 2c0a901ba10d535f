"""The training log: shoes, runs and check-ins."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from injuries.models import Region
from journal.common.constants import MAX_RUN_M, MAX_SHOE_START_M, SHOE_CHECK_AT_M, SHOE_REPLACE_AT_M
from journal.common.validators import (
    validate_not_future,
    validate_pace,
    validate_pain,
    validate_run_distance,
)
from journal.models.base import Entry, collect_errors
from journal.models.choices import BonePoint, PainKind, RunSource, Side, Surface, Swelling
from journal.models.profile import owner_today


def _choice_list_errors(values, choices, field: str) -> dict[str, str]:
    allowed = {value for value, _ in choices}
    if not isinstance(values, list) or any(v not in allowed for v in values):
        return {field: "Choose from the options listed."}
    return {}


class Shoe(Entry):
    name = models.CharField(max_length=80)
    brand_model = models.CharField("brand and model", max_length=120, blank=True)
    first_used_on = models.DateField(null=True, blank=True)
    start_distance_m = models.PositiveIntegerField(
        "distance already on the shoe", default=0, help_text="Metres the shoe had when added."
    )
    check_at_m = models.PositiveIntegerField(default=SHOE_CHECK_AT_M)
    replace_at_m = models.PositiveIntegerField(default=SHOE_REPLACE_AT_M)
    retired_on = models.DateField(null=True, blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = [models.F("retired_on").desc(nulls_first=True), "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(is_default=True), name="shoe_one_default_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(check_at_m__lte=models.F("replace_at_m")), name="shoe_check_before_replace"
            ),
            models.CheckConstraint(condition=Q(replace_at_m__gt=0), name="shoe_replace_at_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        def thresholds() -> None:
            if self.check_at_m and self.replace_at_m and self.check_at_m > self.replace_at_m:
                raise ValidationError(
                    {"check_at_m": "The check-at distance must not be past the replace-at distance."}
                )
            if self.replace_at_m is not None and self.replace_at_m <= 0:
                raise ValidationError({"replace_at_m": "The replace-at distance must be more than zero."})

        def start() -> None:
            if self.start_distance_m is not None and self.start_distance_m > MAX_SHOE_START_M:
                raise ValidationError(
                    {"start_distance_m": "That is more than 5,000 km; check the distance and its unit."}
                )

        today = owner_today(self.owner) if self.owner_id else timezone.localdate()
        collect_errors(
            thresholds,
            start,
            lambda: validate_not_future(self.first_used_on, today, "first_used_on"),
            lambda: validate_not_future(self.retired_on, today, "retired_on"),
        )


class Run(Entry):
    date = models.DateField()
    distance_m = models.PositiveIntegerField()
    duration_s = models.PositiveIntegerField()
    shoe = models.ForeignKey(Shoe, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs")
    surface = models.CharField(max_length=10, choices=Surface.choices, default=Surface.ROAD)
    hilly = models.BooleanField(default=False)
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    # None: the runner did not say. Unknown is not pain-free.
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=RunSource.choices, default=RunSource.MANUAL)
    # Imported runs only: when the file says the run started, and the file's name.
    started_at = models.DateTimeField(null=True, blank=True)
    source_file = models.CharField(max_length=255, blank=True)
    return_plan = models.ForeignKey(
        "ReturnPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["owner", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(distance_m__gt=0, distance_m__lte=MAX_RUN_M), name="run_distance_range"
            ),
            models.CheckConstraint(condition=Q(duration_s__gt=0), name="run_duration_positive"),
            models.CheckConstraint(
                condition=Q(pain_during__isnull=True) | Q(pain_during__lte=10),
                name="run_pain_0_10_or_unknown",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=10), name="run_effort_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"Run on {self.date}"

    def clean(self) -> None:
        def effort() -> None:
            if self.effort is not None and not 1 <= self.effort <= 10:
                raise ValidationError({"effort": "Effort is a number from 1 (very easy) to 10 (all out)."})

        def shoe() -> None:
            if self.shoe_id and self.shoe.owner_id != self.owner_id:
                raise ValidationError({"shoe": "Choose one of your own shoes."})

        def plan() -> None:
            if self.return_plan_id and self.return_plan.owner_id != self.owner_id:
                raise ValidationError({"return_plan": "Choose your own return-to-run plan."})
            if self.return_plan_id and self.date and self.date < self.return_plan.started_on:
                raise ValidationError(
                    {"return_plan": "This run is from before the plan started; only runs since then count."}
                )

        checks = [effort, shoe, plan, lambda: validate_pain(self.pain_during, "pain_during")]
        if self.distance_m is not None:
            checks.append(lambda: validate_run_distance(self.distance_m))
            if self.duration_s is not None:
                checks.append(lambda: validate_pace(self.distance_m, self.duration_s))
        if self.date and self.owner_id:
            checks.append(lambda: validate_not_future(self.date, owner_today(self.owner)))
        collect_errors(*checks)


class Checkin(Entry):
    """One check-in; a runner may log several a day and side (morning, after a run, after a fall)."""

    # The questions a check-in answers: what the API exchanges and what the rules read.
    ANSWER_FIELDS = (
        "locations",
        "pain_now",
        "pain_waking",
        "pain_kinds",
        "swelling",
        "bruising",
        "can_walk_four_steps",
        "pain_at_rest_or_night",
        "pain_with_impact",
        "pain_daily_activities",
        "recent_trauma",
        "bone_tenderness",
        "calf_swollen_warm",
        "area_red_warm",
        "fever",
        "heel_raises_ok",
        "hop_ok",
    )

    date = models.DateField()
    time = models.TimeField(help_text="The runner's local time of the check-in.")
    side = models.CharField(max_length=5, choices=Side.choices)
    locations = models.JSONField(default=list, blank=True)
    # None: not answered. Unknown is not pain-free.
    pain_now = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_waking = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_kinds = models.JSONField(default=list, blank=True)
    swelling = models.CharField(max_length=10, choices=Swelling.choices, default=Swelling.NONE)
    bruising = models.BooleanField(default=False)
    can_walk_four_steps = models.BooleanField(default=True)
    pain_at_rest_or_night = models.BooleanField(default=False)
    pain_with_impact = models.BooleanField(default=False)
    pain_daily_activities = models.BooleanField(default=False)
    recent_trauma = models.BooleanField("a recent twist, fall or knock", default=False)
    bone_tenderness = models.JSONField(default=list, blank=True)
    calf_swollen_warm = models.BooleanField(default=False)
    area_red_warm = models.BooleanField(default=False)
    fever = models.BooleanField(default=False)
    heel_raises_ok = models.BooleanField(null=True, blank=True)
    hop_ok = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-time", "side"]
        indexes = [models.Index(fields=["owner", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_now__isnull=True) | Q(pain_now__lte=10),
                name="checkin_pain_now_0_10_or_unknown",
            ),
            models.CheckConstraint(
                condition=Q(pain_waking__isnull=True) | Q(pain_waking__lte=10),
                name="checkin_pain_waking_0_10",
            ),
        ]

    def __str__(self) -> str:
        at = f" at {self.time:%H:%M}" if self.time else ""
        return f"Check-in on {self.date}{at} ({self.side})"

    def clean(self) -> None:
        def lists() -> None:
            errors = {
                **_choice_list_errors(self.locations, Region.choices, "locations"),
                **_choice_list_errors(self.pain_kinds, PainKind.choices, "pain_kinds"),
                **_choice_list_errors(self.bone_tenderness, BonePoint.choices, "bone_tenderness"),
            }
            if errors:
                raise ValidationError(errors)

        def time_not_future() -> None:
            profile = getattr(self.owner, "profile", None)
            if profile is None or self.date is None or self.time is None:
                return
            now = profile.local_now()
            # A few minutes' grace for a phone clock that runs ahead of the server's.
            if self.date == now.date() and self.time > (now + timedelta(minutes=5)).time() > now.time():
                raise ValidationError({"time": "That time is still to come today."})

        checks = [
            lists,
            lambda: validate_pain(self.pain_now, "pain_now"),
            lambda: validate_pain(self.pain_waking, "pain_waking"),
        ]
        if self.date and self.owner_id:
            checks.append(lambda: validate_not_future(self.date, owner_today(self.owner)))
            checks.append(time_not_future)
        collect_errors(*checks)
