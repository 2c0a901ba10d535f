"""Reads of the condition and exercise library: only what is published."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When

from injuries.models import Condition, Exercise, Region


def conditions_published() -> QuerySet[Condition]:
    return Condition.objects.filter(is_published=True)


def exercises_published() -> QuerySet[Exercise]:
    return Exercise.objects.filter(is_published=True)


def conditions_with_exercises() -> QuerySet[Condition]:
    return (
        conditions_published()
        .prefetch_related(Prefetch("exercises", queryset=exercises_published()))
        .order_by("name")
    )


def exercises_with_conditions() -> QuerySet[Exercise]:
    return (
        exercises_published()
        .prefetch_related(Prefetch("conditions", queryset=conditions_published()))
        .order_by("name")
    )


SEARCH_WORDS_MAX = 6


def exercises_matching(*, query: str, keep: str = "") -> list[Exercise]:
    """Published exercises that hold every word of `query` in their name, their summary (what they are
    for), or the name or main body region of a published condition they help with; those named by the
    query first. `keep`, a slug, stays in the list (last, with `matched` false) whatever the words, so a
    search never takes away the exercise already chosen. At most two queries, however large the library."""
    words = query.lower().split()[:SEARCH_WORDS_MAX]
    exercises = exercises_published()
    if not words:
        return list(exercises.annotate(matched=Value(True)).order_by("name"))
    region_labels = {code: label.lower() for code, label in Region.choices}
    # What each exercise helps with, as one text: its conditions' names and where each mainly hurts
    # (the first region; a stress fracture's five would make "heel" find hip exercises).
    helps_with: dict[int, str] = {}
    for exercise_id, name, regions in Condition.exercises.through.objects.filter(
        condition__is_published=True
    ).values_list("exercise_id", "condition__name", "condition__regions"):
        main_region = region_labels.get(regions[0], "") if regions else ""
        helps_with[exercise_id] = " | ".join([helps_with.get(exercise_id, ""), name.lower(), main_region])
    matches = Q()
    named = Q()
    for word in words:
        by_condition = [pk for pk, text in helps_with.items() if word in text]
        matches &= Q(name__icontains=word) | Q(summary__icontains=word) | Q(pk__in=by_condition)
        named &= Q(name__icontains=word)
    return list(
        exercises.filter(matches | Q(slug=keep) if keep else matches)
        .annotate(
            matched=Case(When(matches, then=Value(True)), default=Value(False), output_field=BooleanField()),
            rank=Case(When(named, then=0), When(matches, then=1), default=2),
        )
        .order_by("rank", "name")
    )


def exercise_published(*, slug: str) -> Exercise | None:
    return exercises_published().filter(slug=slug).first() if slug else None
