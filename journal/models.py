from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
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


class Role(models.TextChoices):
    RUNNER = "runner", "Runner"
    PHYSIO = "physio", "Physiotherapist"


class Unit(models.TextChoices):
    KM = "km", "Kilometres"
    MI = "mi", "Miles"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class PainKind(models.TextChoices):
    DULL_ACHE = "dull_ache", "Dull ache"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling / pins and needles"
    NUMBNESS = "numbness", "Numbness"
    THROBBING = "throbbing", "Throbbing"


class Swelling(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class BonePoint(models.TextChoices):
    # The Ottawa ankle and foot rules' points of bone tenderness.
    INNER_ANKLE_BONE = "medial_malleolus", "Behind or at the tip of the inner ankle bone"
    OUTER_ANKLE_BONE = "lateral_malleolus", "Behind or at the tip of the outer ankle bone"
    NAVICULAR = "navicular", "The bump on the inner side of the midfoot (navicular)"
    FIFTH_METATARSAL = (
        "fifth_metatarsal",
        "The bony bump halfway along the outer edge of the foot (base of the fifth metatarsal)",
    )
    # Bone-stress sites: pinpoint pain here without an acute injury may be a stress fracture.
    METATARSAL_SHAFT = "metatarsal_shaft", "Along one of the long bones of the forefoot (a metatarsal)"
    SHIN_BONE = "tibia", "On the shin bone itself, at one spot"


# The Ottawa points, for the red_bone_tenderness rule; the others are bone-stress sites only.
OTTAWA_POINTS = ("medial_malleolus", "lateral_malleolus", "navicular", "fifth_metatarsal")


class Surface(models.TextChoices):
    ROAD = "road", "Road"
    TRACK = "track", "Track"
    TRAIL = "trail", "Trail"
    TREADMILL = "treadmill", "Treadmill"
    GRASS = "grass", "Grass"


class RunSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    GPX = "gpx", "GPX file"
    TCX = "tcx", "TCX file"
    FIT = "fit", "FIT file"
    STRAVA = "strava", "Strava export"
    GARMIN = "garmin", "Garmin export"


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RECOVERING = "recovering", "Recovering"
    RESOLVED = "resolved", "Resolved"


class OnsetKind(models.TextChoices):
    SUDDEN = "sudden", "Sudden"
    GRADUAL = "gradual", "Gradual"


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

    def __str__(self) -> str:
        return self.display_name

    def local_now(self) -> datetime:
        return timezone.now().astimezone(ZoneInfo(self.time_zone))

    def today(self) -> date:
        return self.local_now().date()


def owner_today(user) -> date:
    profile = getattr(user, "profile", None)
    return profile.today() if profile else timezone.localdate()


def _choice_list_errors(values, choices, field: str) -> dict[str, str]:
    allowed = {value for value, _ in choices}
    if not isinstance(values, list) or any(v not in allowed for v in values):
        return {field: "Choose from the options listed."}
    return {}


def _collect(*checks) -> None:
    """Run each check and raise every field error at once, so a form shows them all."""
    errors: dict[str, list] = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


class Entry(models.Model):
    """Fields every journal entry shares: a client-suppliable UUID, an owner, timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


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
        _collect(
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
        _collect(*checks)


class Checkin(Entry):
    """One check-in; a runner may log several a day and side (morning, after a run, after a fall)."""

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
        _collect(*checks)


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
        _collect(*checks)


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

        _collect(amounts)


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
        _collect(*checks)


class ReturnPlanStatus(models.TextChoices):
    ACTIVE = "active", "In progress"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


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


class Severity(models.TextChoices):
    INFO = "info", "Information"
    CAUTION = "caution", "Caution"
    STOP = "stop", "Stop running for now"
    SEE_PROFESSIONAL = "see_professional", "See a professional"
    URGENT = "urgent", "Urgent"


SEVERITY_ORDER = ["info", "caution", "stop", "see_professional", "urgent"]


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
    def can_dismiss(self) -> bool:
        # Urgent and see-a-professional flags can only be acknowledged, never hidden.
        return self.severity_rank < SEVERITY_ORDER.index("see_professional")


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


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    WORKING = "working", "Working"
    READY = "ready", "Ready"
    SAVING = "saving", "Saving"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


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


# Notifications live in their own module; importing them here registers them with the app.
from journal.notify.models import (  # noqa: E402, F401
    NotificationSettings,
    PushKeys,
    PushSubscription,
    SentNotification,
)
