"""Today's reads: what the dashboard and its trends load, each query in one function."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from injuries.models import Condition, RedFlagAdvice
from journal.flags.rows import owner_values_between, return_plan_active_of
from journal.models import Checkin, ExerciseCompletion, ExercisePrescription, Flag, ReturnPlan, Run

PAIN_WEEKS = 8

# Dashboard


@dataclass(frozen=True)
class AdherenceRow:
    name: str
    done: int
    target: int
    pain_max: int | None
    prescription: ExercisePrescription | None = None
    done_today: bool = False

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0


def flags_visible(*, owner: AbstractBaseUser) -> list[Flag]:
    return list(
        Flag.objects.filter(
            owner=owner, cleared_at__isnull=True, clinician_only=False, dismissed_at__isnull=True
        )
    )


# Flag history

FLAGS_PER_PAGE = 20


def flags_history_page(*, owner: AbstractBaseUser, page_number: int | str | None) -> Page:
    """Every flag the runner may see, open and cleared, newest first: two queries a page (count, rows)."""
    flags = Flag.objects.filter(owner=owner, clinician_only=False).order_by("-raised_at", "-pk")
    return Paginator(flags, FLAGS_PER_PAGE).get_page(page_number)


def flag_of_runner(*, owner: AbstractBaseUser, pk: int) -> Flag | None:
    """One of the runner's own flags; None for anyone else's, or for a clinician-only finding."""
    return Flag.objects.filter(pk=pk, owner=owner, clinician_only=False).first()


# What Today shows of recent entries (the pain chart, today's list).
RECENT_CHECKIN_FIELDS = ("id", "date", "time", "side", "pain_now", "pain_waking", "swelling", "pain_kinds")
RECENT_RUN_FIELDS = ("id", "date", "distance_m", "duration_s", "pain_during")


def checkins_recent(*, owner: AbstractBaseUser, today: date, days: int = PAIN_WEEKS * 7) -> list[dict]:
    """The last `days` of check-ins (8 weeks: the pain chart's data), oldest first; ids as text."""
    return owner_values_between(
        Checkin,
        RECENT_CHECKIN_FIELDS,
        owner_id=owner.pk,
        since=today - timedelta(days=days),
        until=today,
        order=("date", "time"),
    )


def condition_names_published(*, slugs: set[str]) -> dict[str, str]:
    return dict(Condition.objects.filter(slug__in=slugs, is_published=True).values_list("slug", "name"))


def red_flag_advice_published(*, code: str) -> RedFlagAdvice | None:
    return RedFlagAdvice.objects.filter(code=code, is_published=True).first()


def runs_between(*, owner: AbstractBaseUser, since: date, today: date) -> list[dict]:
    """Runs from `since` to `today`, oldest first: the charts' data and today's list; ids as text."""
    return owner_values_between(
        Run,
        RECENT_RUN_FIELDS,
        owner_id=owner.pk,
        since=since,
        until=today,
        order=("date", "created_at"),
    )


def adherence_rows(*, owner: AbstractBaseUser, today: date) -> tuple[list[AdherenceRow], int]:
    """This week's prescriptions with what was done, and the week's sessions: one query when there are
    prescriptions, two when not."""
    week_start = today - timedelta(days=today.weekday())
    week = ExerciseCompletion.objects.filter(owner=owner, date__gte=week_start, date__lte=today).order_by()
    same = week.filter(exercise_id=OuterRef("exercise_id")).values("exercise_id")
    prescriptions = list(
        ExercisePrescription.objects.filter(owner=owner, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week_start))
        .select_related("exercise")
        .annotate(
            done_count=Coalesce(Subquery(same.annotate(n=Count("pk")).values("n")[:1]), 0),
            pain_max=Subquery(same.annotate(m=Max("pain_during")).values("m")[:1]),
            done_today=Exists(week.filter(exercise_id=OuterRef("exercise_id"), date=today)),
            week_total=Subquery(week.values("owner_id").annotate(n=Count("pk")).values("n")[:1]),
        )
    )
    total = (prescriptions[0].week_total or 0) if prescriptions else week.count()
    rows = [
        AdherenceRow(
            name=p.exercise.name,
            done=p.done_count,
            target=p.times_per_week,
            pain_max=p.pain_max,
            prescription=p,
            done_today=p.done_today,
        )
        for p in prescriptions
        if p.ends_on is None or p.ends_on >= today
    ]
    return rows, total


def return_plan_active(*, owner: AbstractBaseUser) -> ReturnPlan | None:
    return return_plan_active_of(ReturnPlan, owner_id=owner.pk)


def run_distances_before(*, owner: AbstractBaseUser, onset_date: date) -> list[tuple[date, int]]:
    """(date, distance_m) of the runs in the four weeks before an injury began."""
    return list(
        Run.objects.filter(
            owner=owner, date__gte=onset_date - timedelta(days=28), date__lt=onset_date
        ).values_list("date", "distance_m")
    )


def plan_runs_between(*, owner: AbstractBaseUser, since: date, today: date) -> list[tuple]:
    """(date, distance_m, pain_during, return_plan_id) of the runs from `since` to `today`."""
    return list(
        Run.objects.filter(owner=owner, date__gte=since, date__lte=today).values_list(
            "date", "distance_m", "pain_during", "return_plan_id"
        )
    )


def waking_pain_since(*, owner: AbstractBaseUser, since: date) -> dict[date, int]:
    """Each day's waking pain from `since` on (the day's last check-in wins)."""
    return dict(
        Checkin.objects.filter(owner=owner, date__gte=since, pain_waking__isnull=False)
        .order_by("date", "time")
        .values_list("date", "pain_waking")
    )
