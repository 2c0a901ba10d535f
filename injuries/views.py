from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from injuries.models import Condition, Exercise


def condition_list(request: HttpRequest) -> HttpResponse:
    conditions = Condition.objects.filter(is_published=True)
    return render(request, "injuries/condition_list.html", {"conditions": conditions, "nav": "more"})


def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = get_object_or_404(Condition, slug=slug, is_published=True)
    exercises = condition.exercises.filter(is_published=True)
    return render(
        request,
        "injuries/condition_detail.html",
        {"condition": condition, "exercises": exercises, "nav": "more"},
    )


def exercise_list(request: HttpRequest) -> HttpResponse:
    exercises = Exercise.objects.filter(is_published=True)
    return render(request, "injuries/exercise_list.html", {"exercises": exercises, "nav": "more"})


def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise, slug=slug, is_published=True)
    conditions = exercise.conditions.filter(is_published=True)
    return render(
        request,
        "injuries/exercise_detail.html",
        {"exercise": exercise, "conditions": conditions, "nav": "more"},
    )
