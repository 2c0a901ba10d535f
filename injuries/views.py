from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from injuries import matcher
from injuries.forms import SymptomForm
from injuries.models import Condition, Exercise, Pose, RedFlagAdvice, Region


def _can_preview(request: HttpRequest, model: str) -> bool:
    # Editors see drafts, so they can check a page before publishing it.
    return request.user.is_authenticated and request.user.has_perm(f"injuries.change_{model}")


def condition_list(request: HttpRequest) -> HttpResponse:
    conditions = Condition.objects.filter(is_published=True)
    return render(request, "injuries/condition_list.html", {"conditions": conditions, "nav": "more"})


def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    conditions = (
        Condition.objects.all()
        if _can_preview(request, "condition")
        else Condition.objects.filter(is_published=True)
    )
    condition = get_object_or_404(conditions, slug=slug)
    exercises = condition.exercises.filter(is_published=True)
    regions = [(code, label, code in condition.regions) for code, label in Region.choices]
    where = [label.lower() for code, label, on in regions if on]
    return render(
        request,
        "injuries/condition_detail.html",
        {"condition": condition, "exercises": exercises, "regions": regions, "where": where, "nav": "more"},
    )


def exercise_list(request: HttpRequest) -> HttpResponse:
    exercises = Exercise.objects.filter(is_published=True).prefetch_related("conditions")
    condition_slug = request.GET.get("condition", "")
    query = request.GET.get("q", "").strip()[:80]
    if condition_slug:
        exercises = exercises.filter(conditions__slug=condition_slug, conditions__is_published=True)
    if query:
        exercises = exercises.filter(Q(name__icontains=query) | Q(summary__icontains=query))
    return render(
        request,
        "injuries/exercise_list.html",
        {
            "exercises": exercises.distinct(),
            "conditions": Condition.objects.filter(is_published=True).only("slug", "name"),
            "condition_slug": condition_slug,
            "q": query,
            "nav": "more",
        },
    )


def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercises = (
        Exercise.objects.all()
        if _can_preview(request, "exercise")
        else Exercise.objects.filter(is_published=True)
    )
    exercise = get_object_or_404(exercises, slug=slug)
    conditions = exercise.conditions.filter(is_published=True)
    if exercise.illustration not in Pose.values:
        raise Http404
    return render(
        request,
        "injuries/exercise_detail.html",
        {
            "exercise": exercise,
            "conditions": conditions,
            "pose_template": f"injuries/poses/{exercise.illustration}.svg",
            "nav": "more",
        },
    )


def what_might_this_be(request: HttpRequest) -> HttpResponse:
    form = SymptomForm(request.GET or None)
    context = {"form": form, "nav": "more"}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        answers = matcher.Answers(
            regions=frozenset(data["regions"]),
            pain_kinds=frozenset(data["pain_kinds"]),
            onset=data["onset"] or "unsure",
            triggers=frozenset(data["triggers"]),
            worse_with=frozenset(data["worse_with"]),
            swelling={"yes": True, "no": False}.get(data["swelling"]),
            numbness={"yes": True, "no": False}.get(data["numbness"]),
            cannot_bear_weight=data["cannot_bear_weight"],
            bone_tenderness=data["bone_tenderness"],
            calf_swollen_warm=data["calf_swollen_warm"],
            fever_redness=data["fever_redness"],
            night_pain=data["night_pain"],
        )
        conditions = {c.slug: c for c in Condition.objects.filter(is_published=True)}
        matches = matcher.rank(answers, [matcher.profile_of(c) for c in conditions.values()])
        codes = matcher.red_flag_codes(answers)
        advice = {a.code: a for a in RedFlagAdvice.objects.filter(code__in=codes, is_published=True)}
        context.update(
            answered=True,
            red_flags=[advice[c] for c in codes if c in advice],
            matches=[(m, conditions[m.slug]) for m in matches],
            side=data["side"] or "left",
            onset=data["onset"] if data["onset"] in ("sudden", "gradual") else "gradual",
        )
    return render(request, "injuries/what_might_this_be.html", context)
