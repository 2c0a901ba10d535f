from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Region(models.TextChoices):
    INNER_ANKLE = "inner_ankle", "Inner ankle"
    OUTER_ANKLE = "outer_ankle", "Outer ankle"
    ACHILLES = "achilles", "Back of ankle / Achilles"
    FRONT_ANKLE = "front_ankle", "Front of ankle"
    HEEL = "heel", "Heel"
    ARCH = "arch", "Arch"
    TOP_OF_FOOT = "top_of_foot", "Top of foot"
    SHIN = "shin", "Shin"


class Onset(models.TextChoices):
    SUDDEN = "sudden", "Sudden"
    GRADUAL = "gradual", "Gradual"
    EITHER = "either", "Sudden or gradual"


class PainModel(models.TextChoices):
    # The seed articles' rule: 0-2/10 during a run is fine, above 3 means stop.
    SEED = "seed", "Stop above 3/10 during a run"
    # Silbernagel et al. 2007: up to 5/10 is acceptable if it settles by next morning.
    TENDON = "tendon", "Tendon model: up to 5/10 if settled by next morning"


class Pose(models.TextChoices):
    # The simple drawings on exercise pages; each exercise picks the one closest to it.
    STANDING_HEEL_RAISE = "standing_heel_raise", "Standing heel raise"
    STEP_HEEL_DROP = "step_heel_drop", "Heel drop off a step"
    SINGLE_LEG_STAND = "single_leg_stand", "Standing on one leg"
    WALL_STRETCH = "wall_stretch", "Leaning stretch against a wall"
    SEATED_FOOT = "seated_foot", "Seated, moving the foot"
    SEATED_BAND = "seated_band", "Seated with a band"
    LYING_BRIDGE = "lying_bridge", "Lying on the back, hips lifted"
    SIDE_LYING = "side_lying", "Lying on the side"
    SIDE_PLANK = "side_plank", "Side plank"
    SQUAT = "squat", "Single-leg squat"
    HOP = "hop", "Hopping"
    ROLLING = "rolling", "Rolling the foot over a ball"


MATCH_TRIGGERS = {
    "rolled": "Rolling or twisting the ankle",
    "more_mileage": "Running more than usual",
    "speed_hills": "More speed work or hills",
    "new_shoes": "New or worn-out shoes",
    "hard_surface": "Harder surfaces",
    "tight_shoes": "Tight shoes or laces",
    "none": "Nothing I can think of",
}
MATCH_WORSE = {
    "push_off": "Pushing off or going up on my toes",
    "first_steps": "The first steps in the morning",
    "uphill": "Running uphill or on stairs",
    "impact": "Every impact: running, hopping",
    "pointing_toes": "Pointing my toes down hard",
    "rest_night": "Resting or at night",
    "uneven_ground": "Uneven ground or turning",
    "long_standing": "Standing or walking for long",
}


TIMES_A_WEEK = {1: "once a week", 2: "twice a week", 7: "daily", 14: "twice a day"}


def dose_text(*, sets: int, reps: int | None, hold_s: int | None, times_per_week: int | None) -> str:
    """A dose as a physiotherapist writes it: "3 × 15, 4 times a week", "3 × 30 s hold, daily"."""
    if reps and hold_s:
        text = f"{sets} × {reps}, holding {hold_s} s"
    elif hold_s:
        text = f"{sets} × {hold_s} s hold"
    elif reps:
        text = f"{sets} × {reps}"
    else:
        text = f"{sets} set{'' if sets == 1 else 's'}"
    if times_per_week:
        text += ", " + TIMES_A_WEEK.get(times_per_week, f"{times_per_week} times a week")
    return text


class Exercise(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    steps = models.JSONField(default=list, help_text="Step-by-step instructions, one string per step.")
    sets = models.PositiveSmallIntegerField(default=3)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Hold time in seconds.")
    times_per_week = models.PositiveSmallIntegerField(default=7)
    cautions = models.TextField(blank=True, help_text="Markdown.")
    illustration = models.CharField(max_length=30, choices=Pose.choices, default=Pose.SEATED_FOOT)
    is_published = models.BooleanField("published", default=True, help_text="Drafts are not public.")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("injuries:exercise", args=[self.slug])

    @property
    def pose_template(self) -> str | None:
        """The drawing's template; None for a pose the library has no drawing of."""
        return f"injuries/poses/{self.illustration}.svg" if self.illustration in Pose.values else None

    @property
    def usual_dose(self) -> str:
        return dose_text(
            sets=self.sets, reps=self.reps, hold_s=self.hold_s, times_per_week=self.times_per_week
        )


class Condition(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=400)
    regions = models.JSONField(default=list, help_text="Where it hurts: Region codes.")
    how_it_feels = models.TextField()
    onset = models.CharField(max_length=10, choices=Onset.choices, default=Onset.GRADUAL)
    triggers = models.TextField()
    lookalikes = models.TextField(help_text="How to tell it from conditions that feel similar.")
    self_care = models.TextField()
    when_to_see_professional = models.TextField()
    recovery_time = models.CharField(max_length=300)
    return_to_run = models.TextField()
    pain_model = models.CharField(max_length=10, choices=PainModel.choices, default=PainModel.SEED)
    min_days_before_return = models.PositiveSmallIntegerField(
        "minimum days before a return to running",
        null=True,
        blank=True,
        help_text="Days from onset before running again is offered, unless a physiotherapist clears it.",
    )
    sources = models.JSONField(default=list, help_text="Where the facts come from, one string per source.")
    exercises = models.ManyToManyField(Exercise, related_name="conditions", blank=True)
    # What "What might this be?" compares answers with (see injuries.matcher).
    match_pain_kinds = models.JSONField(default=list, blank=True)
    match_triggers = models.JSONField(default=list, blank=True)
    match_worse_with = models.JSONField(default=list, blank=True)
    match_swelling = models.BooleanField(default=False, help_text="Swelling is typical.")
    match_numbness = models.BooleanField(default=False, help_text="Numbness or tingling is typical.")
    is_published = models.BooleanField("published", default=True, help_text="Drafts are not public.")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[exercises])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("injuries:condition", args=[self.slug])


class RedFlagAdvice(models.Model):
    """What the urgent and see-a-professional banners say, editable by content editors."""

    code = models.CharField(max_length=40, unique=True, help_text="The rule code, e.g. red_calf.")
    headline = models.CharField(max_length=120, help_text="e.g. Get checked at urgent care today")
    advice = models.TextField(help_text="Markdown: what to do.")
    avoid = models.TextField(help_text="Markdown: what to avoid meanwhile.")
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "red-flag advice"
        verbose_name_plural = "red-flag advice"

    def __str__(self) -> str:
        return self.code
