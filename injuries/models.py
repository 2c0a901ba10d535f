from __future__ import annotations

from django.db import models


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


class Exercise(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    steps = models.JSONField(default=list, help_text="Step-by-step instructions, one string per step.")
    sets = models.PositiveSmallIntegerField(default=3)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Hold time in seconds.")
    times_per_week = models.PositiveSmallIntegerField(default=7)
    cautions = models.TextField(blank=True)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
    sources = models.JSONField(default=list, help_text="Where the facts come from, one string per source.")
    exercises = models.ManyToManyField(Exercise, related_name="conditions", blank=True)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
