"""The condition library as JSON: what the run command loads and editors move between environments."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from injuries.models import Condition, Exercise, RedFlagAdvice

LIBRARY_PATH = Path(__file__).resolve().parent / "library" / "library.json"
EXERCISE_FIELDS = [
    "name",
    "summary",
    "steps",
    "sets",
    "reps",
    "hold_s",
    "times_per_week",
    "cautions",
    "illustration",
    "is_published",
]
RED_FLAG_FIELDS = ["headline", "advice", "avoid", "is_published"]
CONDITION_FIELDS = [
    "name",
    "summary",
    "regions",
    "how_it_feels",
    "onset",
    "triggers",
    "lookalikes",
    "self_care",
    "when_to_see_professional",
    "recovery_time",
    "return_to_run",
    "pain_model",
    "min_days_before_return",
    "sources",
    "match_pain_kinds",
    "match_triggers",
    "match_worse_with",
    "match_swelling",
    "match_numbness",
    "is_published",
]


@transaction.atomic
def library_import(data: dict) -> tuple[int, int]:
    """Create or update by slug; every object is validated before anything is kept."""
    exercises = {}
    for item in data.get("exercises", []):
        exercise, _ = Exercise.objects.get_or_create(
            slug=item["slug"], defaults={f: item.get(f) for f in EXERCISE_FIELDS if item.get(f) is not None}
        )
        for name in EXERCISE_FIELDS:
            if name in item:
                setattr(exercise, name, item[name])
        exercise.full_clean()
        exercise.save()
        exercises[exercise.slug] = exercise
    count_conditions = 0
    for item in data.get("conditions", []):
        condition = Condition.objects.filter(slug=item["slug"]).first() or Condition(slug=item["slug"])
        for name in CONDITION_FIELDS:
            if name in item:
                setattr(condition, name, item[name])
        condition.full_clean()
        condition.save()
        slugs = item.get("exercises", [])
        missing = (
            set(slugs)
            - set(exercises)
            - set(Exercise.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        )
        if missing:
            raise ValueError(f"{condition.slug} names unknown exercises: {', '.join(sorted(missing))}")
        condition.exercises.set(Exercise.objects.filter(slug__in=slugs))
        count_conditions += 1
    for item in data.get("red_flags", []):
        advice = RedFlagAdvice.objects.filter(code=item["code"]).first() or RedFlagAdvice(code=item["code"])
        for name in RED_FLAG_FIELDS:
            if name in item:
                setattr(advice, name, item[name])
        advice.full_clean()
        advice.save()
    return count_conditions, len(exercises)


def library_export() -> dict:
    return {
        "exercises": [
            {"slug": e.slug, **{f: getattr(e, f) for f in EXERCISE_FIELDS}}
            for e in Exercise.objects.order_by("slug")
        ],
        "conditions": [
            {
                "slug": c.slug,
                **{f: getattr(c, f) for f in CONDITION_FIELDS},
                "exercises": sorted(e.slug for e in c.exercises.all()),
            }
            for c in Condition.objects.order_by("slug").prefetch_related("exercises")
        ],
        "red_flags": [
            {"code": a.code, **{f: getattr(a, f) for f in RED_FLAG_FIELDS}}
            for a in RedFlagAdvice.objects.order_by("code")
        ],
    }


def library_load_file(path: Path = LIBRARY_PATH) -> tuple[int, int]:
    return library_import(json.loads(Path(path).read_text(encoding="utf-8")))
