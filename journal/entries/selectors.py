"""Reads of the journal. Each selector owns its query count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import IntegerField, Model, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from journal.flags.rows import entry_dates, owner_page_rows, shoes_in_use_with_runs_m
from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, ReturnPlan, Run, Shoe


def shoes_with_totals(*, owner: AbstractBaseUser) -> QuerySet[Shoe]:
    # A query with GROUP BY leaves out the model's ordering (in use first, the default first, then by
    # name), so it is asked for here.
    return (
        Shoe.objects.filter(owner=owner)
        .annotate(runs_m=Coalesce(Sum("runs__distance_m"), Value(0), output_field=IntegerField()))
        .order_by(*Shoe._meta.ordering)
    )


def shoe_total_m(shoe: Shoe) -> int:
    runs_m = getattr(shoe, "runs_m", None)
    if runs_m is None:
        runs_m = shoe.runs.aggregate(total=Sum("distance_m"))["total"] or 0
    return shoe.start_distance_m + runs_m


@dataclass
class ShoeWear:
    shoe: Shoe
    total_m: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.total_m / self.shoe.replace_at_m)) if self.shoe.replace_at_m else 0

    @property
    def state(self) -> str:
        if self.total_m >= self.shoe.replace_at_m:
            return "replace"
        return "check" if self.total_m >= self.shoe.check_at_m else "ok"


def shoe_wear(*, owner: AbstractBaseUser, active_only: bool = False) -> list[ShoeWear]:
    """Each shoe with its distance so far. `active_only` leaves retired shoes out of the sum, which
    is where a long journal's runs mostly are: flag evaluation reads only the shoes it judges."""
    if active_only:
        # The same rows as shoes_with_totals(...).filter(retired_on__isnull=True), with SQL built once.
        shoes = shoes_in_use_with_runs_m(Shoe, Run, owner_id=owner.pk)
    else:
        shoes = shoes_with_totals(owner=owner)
    return [ShoeWear(shoe=shoe, total_m=shoe_total_m(shoe)) for shoe in shoes]


def shoes_active(*, owner: AbstractBaseUser) -> QuerySet[Shoe]:
    return Shoe.objects.filter(owner=owner, retired_on__isnull=True)


def default_shoe(*, owner: AbstractBaseUser) -> Shoe | None:
    return Shoe.objects.filter(owner=owner, is_default=True, retired_on__isnull=True).first()


# A condition's long texts: the journal's pages and the rules name a condition and read its pain model and
# time before a return, never these; its library page reads them itself.
CONDITION_TEXT_FIELDS = frozenset(
    (
        "summary",
        "regions",
        "how_it_feels",
        "triggers",
        "lookalikes",
        "self_care",
        "when_to_see_professional",
        "recovery_time",
        "return_to_run",
        "sources",
        "match_pain_kinds",
        "match_triggers",
        "match_worse_with",
    )
)


def with_condition(episodes: QuerySet[InjuryEpisode]) -> QuerySet[InjuryEpisode]:
    """Episodes with their condition's name, slug, pain model and time before a return (one JOIN)."""
    deferred = (f"condition__{name}" for name in sorted(CONDITION_TEXT_FIELDS))
    return episodes.select_related("condition").defer(*deferred)


def episode_active(*, owner: AbstractBaseUser) -> InjuryEpisode | None:
    return (
        with_condition(InjuryEpisode.objects.filter(owner=owner, status__in=["active", "recovering"]))
        .order_by("-onset_date")
        .first()
    )


def episodes_with_condition(*, owner: AbstractBaseUser) -> QuerySet[InjuryEpisode]:
    return InjuryEpisode.objects.filter(owner=owner).select_related("condition")


@dataclass
class Day:
    date: date
    checkins: list[Checkin] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    completions: list[ExerciseCompletion] = field(default_factory=list)


@dataclass
class HistoryPage:
    """Days newest first, with the keys of the pages either side (None where there is none)."""

    days: list[Day]
    newer_after: date | None  # link to ?after=<this>
    older_before: date | None  # link to ?before=<this>


HISTORY_MODELS = (Checkin, Run, ExerciseCompletion)
HISTORY_CHECKIN_FIELDS = ("date", "time", "side", "pain_now", "pain_waking", "swelling")
HISTORY_RUN_FIELDS = ("date", "distance_m", "duration_s", "pain_during")  # and the shoe's name
HISTORY_COMPLETION_FIELDS = ("date", "sets_done", "reps_done", "pain_during")  # and the exercise's name


def history_page(
    *, owner: AbstractBaseUser, before: date | None = None, after: date | None = None, days_per_page: int = 14
) -> HistoryPage:
    """One page of days that have entries, newest first, by keyset: days before `before` (older pages)
    or just after `after` (going back to newer ones). Four queries, whatever the journal's length.

    The queries are built once (journal.flags.rows: their querysets cost more to compile than to run);
    tests/entries/test_history_rows.py holds them to the querysets."""
    newer_after = None
    if after is not None:
        found = entry_dates(HISTORY_MODELS, owner_id=owner.pk, after=after, limit=days_per_page + 1)
        if len(found) > days_per_page:
            page_dates = sorted(found[:days_per_page], reverse=True)
            newer_after = page_dates[0]
        else:
            before = None  # the newest days: the first page
            after = None
    if after is None:
        found = entry_dates(HISTORY_MODELS, owner_id=owner.pk, before=before, limit=days_per_page + 1)
        page_dates = found[:days_per_page]
        if before is not None and page_dates:
            newer_after = page_dates[0]
        older = found[days_per_page - 1] if len(found) > days_per_page else None
    else:
        older = page_dates[-1]
    days = {d: Day(date=d) for d in page_dates}
    if page_dates:
        # The page's days are consecutive days with entries: every entry from the first to the last
        # is on one of them. Only the columns the page shows (whole rows cost more than the rest).
        span = {"owner_id": owner.pk, "since": page_dates[-1], "until": page_dates[0]}
        for checkin in owner_page_rows(Checkin, only=HISTORY_CHECKIN_FIELDS, **span):
            days[checkin.date].checkins.append(checkin)
        for run in owner_page_rows(Run, only=HISTORY_RUN_FIELDS, related="shoe", **span):
            days[run.date].runs.append(run)
        for completion in owner_page_rows(
            ExerciseCompletion, only=HISTORY_COMPLETION_FIELDS, related="exercise", **span
        ):
            days[completion.date].completions.append(completion)
    return HistoryPage(days=[days[d] for d in page_dates], newer_after=newer_after, older_before=older)


# Reads for the REST API (journal/api/): the lists it serves and the lookups behind its
# idempotent creates. The ordering of each list is part of the API.


def entry_by_id(*, model: type[Model], entry_id: object) -> Model | None:
    """Whoever owns it: the API tells another runner's id (404) from an id not stored yet."""
    return model.objects.filter(pk=entry_id).first()


def owned_by(*, model: type[Model], owner: AbstractBaseUser | None) -> QuerySet:
    return model.objects.filter(owner=owner)


def shoes_by_name(*, owner: AbstractBaseUser | None) -> QuerySet[Shoe]:
    return shoes_with_totals(owner=owner).order_by("name", "id")


def runs_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[Run]:
    return Run.objects.filter(owner=owner).order_by("-date", "-created_at", "id")


def checkins_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[Checkin]:
    return Checkin.objects.filter(owner=owner).order_by("-date", "-time", "side", "id")


def episodes_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[InjuryEpisode]:
    return InjuryEpisode.objects.filter(owner=owner).select_related("condition").order_by("-onset_date", "id")


def completions_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[ExerciseCompletion]:
    return (
        ExerciseCompletion.objects.filter(owner=owner)
        .select_related("exercise")
        .order_by("-date", "-created_at", "id")
    )


def return_plans_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[ReturnPlan]:
    return (
        ReturnPlan.objects.filter(owner=owner)
        .prefetch_related(Prefetch("runs", queryset=Run.objects.order_by("date", "id")))
        .order_by("-started_on", "-created_at", "id")
    )
