"""Lists: pagination boundaries, the date filter, newest-first order, and a constant query count."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from injuries.models import Condition, Exercise
from journal.entries import services
from journal.models import ExercisePrescription, Flag, Run
from tests.api.resources import EXERCISE_SLUG, day
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

RUNS_URL = "/api/v1/runs/"


def bulk_runs(owner, count):
    """Rows for read-only tests, stored directly: writing 200 through the services is slow."""
    Run.objects.bulk_create(
        Run(owner=owner, date=day(i % 150), distance_m=5000, duration_s=1800) for i in range(count)
    )


@pytest.fixture
def fifty_one_runs(runner):
    for i in range(51):
        make_run(runner, day=day(i))


def test_the_first_page_has_fifty_and_a_next_link(api, fifty_one_runs):
    body = api.get(RUNS_URL).json()
    assert body["count"] == 51
    assert len(body["results"]) == 50
    assert "page=2" in body["next"]
    assert body["previous"] is None


def test_the_second_page_has_the_last_one(api, fifty_one_runs):
    body = api.get(RUNS_URL, {"page": 2}).json()
    assert len(body["results"]) == 1
    assert body["results"][0]["date"] == day(50).isoformat()
    assert body["next"] is None
    assert body["previous"]


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "99999999999999999999"])
def test_a_page_past_the_end_or_not_a_page_is_404(api, fifty_one_runs, page):
    assert api.get(RUNS_URL, {"page": page}).status_code == 404


def test_page_size_is_capped_at_200(api, runner):
    bulk_runs(runner, 205)
    for size, expected in [("200", 200), ("500", 200), ("10", 10)]:
        body = api.get(RUNS_URL, {"page_size": size}).json()
        assert len(body["results"]) == expected, size
        assert body["count"] == 205


@pytest.mark.parametrize("size", ["0", "-3", "abc", "", "1e3", "2.5"])
def test_a_nonsense_page_size_is_a_400_naming_it(api, fifty_one_runs, size):
    # journal/api/pagination.py answers a page_size below 1 or not a whole number as a client mistake.
    response = api.get(RUNS_URL, {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_huge_page_size_is_capped_not_refused(api, fifty_one_runs):
    response = api.get(RUNS_URL, {"page_size": "9" * 30})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 51


def test_runs_list_newest_first(api, runner):
    for days_ago in (5, 1, 3, 0, 2):
        make_run(runner, day=day(days_ago))
    dates = [row["date"] for row in api.get(RUNS_URL).json()["results"]]
    assert dates == [day(n).isoformat() for n in range(6) if n != 4]


@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("runs", lambda owner, d: make_run(owner, day=d)),
        ("checkins", lambda owner, d: make_checkin(owner, day=d)),
        ("exercise-completions", lambda owner, d: make_completion(owner, day=d)),
    ],
)
def test_the_date_range_includes_both_ends_newest_first(api, runner, other_runner, resource, make):
    for days_ago in range(7):
        make(runner, day(days_ago))
    make(other_runner, day(3))
    response = api.get(
        f"/api/v1/{resource}/", {"date_after": day(5).isoformat(), "date_before": day(2).isoformat()}
    )
    assert response.status_code == 200
    dates = [row["date"] for row in response.json()["results"]]
    assert dates == [day(n).isoformat() for n in (2, 3, 4, 5)]


def test_a_one_day_range_is_that_day(api, runner):
    for days_ago in range(3):
        make_run(runner, day=day(days_ago))
    one = day(1).isoformat()
    dates = [r["date"] for r in api.get(RUNS_URL, {"date_after": one, "date_before": one}).json()["results"]]
    assert dates == [one]


# Constant query count


def _shoes(owner, start, stop):
    for i in range(start, stop):
        shoe = make_shoe(owner, name=f"Shoe {i:02}")
        if i % 3 == 0:
            make_run(owner, day=day(i % 20), shoe=shoe)


def _runs(owner, start, stop):
    shoe = make_shoe(owner, name=f"Shoe {start}")
    for i in range(start, stop):
        make_run(owner, day=day(i), shoe=shoe if i % 2 else None)


def _checkins(owner, start, stop):
    for i in range(start, stop):
        make_checkin(owner, day=day(i))


def _injuries(owner, start, stop):
    condition = Condition.objects.order_by("slug").first()
    for i in range(start, stop):
        services.episode_record(
            owner=owner,
            label=f"Injury {i}",
            condition=condition if i % 2 else None,
            side="left",
            onset_date=day(i),
            status="resolved",
            resolved_on=day(i),
        )


def _completions(owner, start, stop):
    exercises = list(Exercise.objects.order_by("slug")[:5])
    for i in range(start, stop):
        make_completion(owner, day=day(i), exercise=exercises[i % len(exercises)])


def _prescriptions(owner, start, stop):
    exercises = list(Exercise.objects.order_by("slug")[:5])
    for i in range(start, stop):
        ExercisePrescription.objects.create(
            owner=owner, exercise=exercises[i % len(exercises)], starts_on=day(i), prescribed_by=owner
        )


def _flags(owner, start, stop):
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    for i in range(start, stop):
        Flag.objects.create(
            owner=owner,
            key=f"test_flag:{i}",
            code="test_flag",
            severity="info",
            severity_rank=0,
            title=f"Flag {i}",
            message="A message.",
            action="An action.",
            evidence=[{"kind": "run", "id": str(i), "date": None, "detail": "x"}],
            source="A source.",
            raised_at=now,
            last_seen_at=now,
        )


def _library_exercises(owner, start, stop):
    condition = Condition.objects.order_by("slug").first()
    for i in range(start, stop):
        exercise = make_exercise(f"test-exercise-{i:02}", f"Test exercise {i:02}")
        exercise.conditions.add(condition)


def _library_conditions(owner, start, stop):
    exercise = make_exercise(EXERCISE_SLUG)
    for i in range(start, stop):
        condition = Condition.objects.create(
            slug=f"test-condition-{i:02}",
            name=f"Test condition {i:02}",
            summary="s",
            how_it_feels="f",
            triggers="t",
            lookalikes="l",
            self_care="c",
            when_to_see_professional="w",
            recovery_time="r",
            return_to_run="r",
        )
        condition.exercises.add(exercise)


LISTS = [
    ("shoes", _shoes),
    ("runs", _runs),
    ("checkins", _checkins),
    ("injuries", _injuries),
    ("exercise-completions", _completions),
    ("prescriptions", _prescriptions),
    ("flags", _flags),
    ("exercises", _library_exercises),
    ("conditions", _library_conditions),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()["count"]


@pytest.mark.parametrize(("resource", "make_rows"), LISTS, ids=[name for name, _ in LISTS])
def test_each_list_costs_the_same_queries_for_3_rows_as_for_40(api, runner, library, resource, make_rows):
    url = f"/api/v1/{resource}/"
    before = api.get(url, {"page_size": 200}).json()["count"]  # the library's own rows, if any
    make_rows(runner, 0, 3)
    api.get(url)  # warm any per-process caches
    few, few_count = count_queries(api, url)
    make_rows(runner, 3, 40)
    many, many_count = count_queries(api, url)
    assert (few_count - before, many_count - before) == (3, 40)
    assert many == few
