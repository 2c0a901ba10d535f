"""History reads its days and entries with SQL built once: each must be what its queryset gives."""

from datetime import date, time, timedelta

import pytest
import time_machine

from journal.entries.selectors import (
    HISTORY_CHECKIN_FIELDS,
    HISTORY_COMPLETION_FIELDS,
    HISTORY_MODELS,
    HISTORY_RUN_FIELDS,
    history_page,
)
from journal.flags.rows import entry_dates, owner_page_rows
from journal.models import Checkin, ExerciseCompletion, Run
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    # The clock runs: entries of one day are ordered by when they were stored, which must differ.
    with time_machine.travel("2026-11-20 20:00:00+00:00", tick=True):
        yield


@pytest.fixture
def journal(runner, other_runner):
    """Entries on scattered days: several a day, with and without a time, a shoe or none, exercises,
    and another runner's entries on days this runner has none."""
    shoe = make_shoe(runner, name="Pegasus")
    exercise = make_exercise(slug="calf-raise", name="Calf raise")
    for back in (0, 1, 3, 4, 8, 9, 15, 30, 31, 60):
        day = TODAY - timedelta(days=back)
        if back % 3 != 2:
            make_checkin(runner, day=day, side="left", pain_now=back % 10, time=time(7, back % 60))
            make_checkin(runner, day=day, side="right", pain_now=1, time=time(7, back % 60))
        if back % 2 == 0:
            make_checkin(runner, day=day, side="both", pain_now=None, time=None)
            make_run(runner, day=day, shoe=shoe if back % 4 == 0 else None, pain_during=None)
            make_run(runner, day=day, distance_m=5000 + back, pain_during=2)
        if back % 5 == 0:
            make_completion(runner, day=day, exercise=exercise, reps_done=None)
    for back in (2, 5, 6):
        day = TODAY - timedelta(days=back)
        make_checkin(other_runner, day=day)
        make_run(other_runner, day=day)
        make_completion(other_runner, day=day)
    return runner


def orm_dates(owner, **window):
    parts = [
        model.objects.filter(owner=owner, **window).order_by().values_list("date", flat=True)
        for model in HISTORY_MODELS
    ]
    return parts[0].union(*parts[1:])


@pytest.mark.parametrize(
    ("window", "orm_window", "order"),
    [
        ({}, {}, "-date"),
        ({"before": TODAY - timedelta(days=4)}, {"date__lt": TODAY - timedelta(days=4)}, "-date"),
        ({"after": TODAY - timedelta(days=30)}, {"date__gt": TODAY - timedelta(days=30)}, "date"),
    ],
)
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_the_days_with_entries_are_the_orm_union(journal, window, orm_window, order, limit):
    fast = entry_dates(HISTORY_MODELS, owner_id=journal.pk, limit=limit, **window)

    assert fast == list(orm_dates(journal, **orm_window).order_by(order)[:limit])
    assert all(type(d) is date for d in fast) and len(set(fast)) == len(fast)
    assert TODAY - timedelta(days=2) not in fast  # another runner's day


def same_instances(fast, orm) -> None:
    """Same rows in the same order, the same fields loaded and deferred, equal values of the same types."""
    assert [f.pk for f in fast] == [o.pk for o in orm] and fast
    for f, o in zip(fast, orm, strict=True):
        assert type(f) is type(o) and f.get_deferred_fields() == o.get_deferred_fields()
        deferred = o.get_deferred_fields()
        loaded = [x.attname for x in type(o)._meta.concrete_fields if x.attname not in deferred]
        assert [getattr(f, n) for n in loaded] == [getattr(o, n) for n in loaded]
        assert [type(getattr(f, n)) for n in loaded] == [type(getattr(o, n)) for n in loaded]
        assert f._state.adding is False and f._state.db == o._state.db


SINCE, UNTIL = TODAY - timedelta(days=31), TODAY - timedelta(days=1)


def test_check_ins_of_a_page_are_the_querysets(journal):
    span = {"since": SINCE, "until": UNTIL}
    fast = owner_page_rows(Checkin, owner_id=journal.pk, only=HISTORY_CHECKIN_FIELDS, **span)
    orm = Checkin.objects.filter(owner=journal, date__range=(SINCE, UNTIL)).only(*HISTORY_CHECKIN_FIELDS)

    same_instances(fast, list(orm))
    assert {c.date for c in fast} <= {SINCE + timedelta(days=n) for n in range(31)}
    # Several a day, two at the same time: the model's order (time, then side) holds among them.
    same_time = [c.side for c in fast if c.date == TODAY - timedelta(days=4) and c.time == time(7, 4)]
    assert same_time == ["left", "right"]


def test_runs_of_a_page_are_the_querysets_with_their_shoes_name(journal, django_assert_num_queries):
    with django_assert_num_queries(1):
        fast = owner_page_rows(
            Run, owner_id=journal.pk, since=SINCE, until=UNTIL, only=HISTORY_RUN_FIELDS, related="shoe"
        )
        shoes = [r.shoe.name if r.shoe else None for r in fast]
    orm = list(
        Run.objects.filter(owner=journal, date__gte=SINCE, date__lte=UNTIL)
        .select_related("shoe")
        .only(*HISTORY_RUN_FIELDS, "shoe__name")
    )

    same_instances(fast, orm)
    assert shoes == [r.shoe.name if r.shoe else None for r in orm]
    assert "Pegasus" in shoes and None in shoes
    same_instances([r.shoe for r in fast if r.shoe], [r.shoe for r in orm if r.shoe])


def test_exercises_of_a_page_are_the_querysets_with_their_name(journal):
    since = TODAY - timedelta(days=60)
    fast = owner_page_rows(
        ExerciseCompletion,
        owner_id=journal.pk,
        since=since,
        until=TODAY,
        only=HISTORY_COMPLETION_FIELDS,
        related="exercise",
    )
    orm = list(
        ExerciseCompletion.objects.filter(owner=journal, date__gte=since, date__lte=TODAY)
        .select_related("exercise")
        .only(*HISTORY_COMPLETION_FIELDS, "exercise__name")
    )

    same_instances(fast, orm)
    same_instances([c.exercise for c in fast], [c.exercise for c in orm])
    assert [c.exercise.name for c in fast] == ["Calf raise"] * 4


def test_a_page_holds_every_entry_of_its_days_and_no_other(journal, django_assert_num_queries):
    """Page after page, each day shows exactly the runner's own entries of that day, in four queries."""
    seen = []
    before = None
    while True:
        with django_assert_num_queries(4):
            page = history_page(owner=journal, before=before, days_per_page=3)
        for day in page.days:
            assert [c.pk for c in day.checkins] == list(
                Checkin.objects.filter(owner=journal, date=day.date).values_list("pk", flat=True)
            )
            assert [r.pk for r in day.runs] == list(
                Run.objects.filter(owner=journal, date=day.date).values_list("pk", flat=True)
            )
            assert [e.pk for e in day.completions] == list(
                ExerciseCompletion.objects.filter(owner=journal, date=day.date).values_list("pk", flat=True)
            )
        seen += [d.date for d in page.days]
        if page.older_before is None:
            break
        before = page.older_before
    assert seen == sorted(orm_dates(journal), reverse=True)
