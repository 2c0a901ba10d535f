"""Reads of the condition and exercise library: only what is published."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from injuries.models import Condition, Exercise


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
