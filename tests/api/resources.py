"""The five journal entry resources, described once so tests can run over all of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Model

from journal.entries import services
from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, Run, Shoe
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)
EXERCISE_SLUG = "ankle-alphabet"


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


@dataclass(frozen=True)
class Resource:
    name: str  # the URL segment
    model: type[Model]
    body: Callable[[int], dict[str, Any]]  # the n-th distinct valid JSON body
    change: dict[str, Any]  # a partial change that differs from every body()
    stored: Callable[[Any, int], Model]  # the n-th entry for an owner, written through the services

    def url(self, pk: Any = None) -> str:
        base = f"/api/v1/{self.name}/"
        return base if pk is None else f"{base}{pk}/"

    def __str__(self) -> str:
        return self.name


def _episode(owner, n: int) -> InjuryEpisode:
    return services.episode_record(owner=owner, label=f"Sore heel {n}", side="left", onset_date=day(n + 1))


def _completion(owner, n: int) -> ExerciseCompletion:
    return make_completion(owner, day=day(n), exercise=make_exercise(EXERCISE_SLUG))


SHOES = Resource(
    name="shoes",
    model=Shoe,
    body=lambda n: {"name": f"Shoe {n}", "brand_model": "Road trainer", "start_distance_m": 1000 * n},
    change={"name": "Renamed shoe"},
    stored=lambda owner, n: make_shoe(owner, name=f"Shoe {n}"),
)
RUNS = Resource(
    name="runs",
    model=Run,
    body=lambda n: {"date": day(n).isoformat(), "distance_m": 5000 + 100 * n, "duration_s": 1800},
    change={"distance_m": 9999},
    stored=lambda owner, n: make_run(owner, day=day(n)),
)
CHECKINS = Resource(
    name="checkins",
    model=Checkin,
    body=lambda n: {"date": day(n).isoformat(), "side": "left", "pain_now": 2},
    change={"pain_now": 5},
    stored=lambda owner, n: make_checkin(owner, day=day(n), side="left"),
)
INJURIES = Resource(
    name="injuries",
    model=InjuryEpisode,
    body=lambda n: {"label": f"Sore heel {n}", "side": "left", "onset_date": day(n + 1).isoformat()},
    change={"label": "Renamed injury"},
    stored=_episode,
)
COMPLETIONS = Resource(
    name="exercise-completions",
    model=ExerciseCompletion,
    body=lambda n: {"date": day(n).isoformat(), "exercise": EXERCISE_SLUG, "sets_done": 2},
    change={"sets_done": 4},
    stored=_completion,
)

ENTRY_RESOURCES = [SHOES, RUNS, CHECKINS, INJURIES, COMPLETIONS]


def snapshot(entry: Model) -> dict[str, Any]:
    """Every stored column of an entry, read fresh from the database."""
    fresh = type(entry).objects.get(pk=entry.pk)
    return {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}
