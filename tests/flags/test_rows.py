"""The rules' rows read without the ORM's query building must be what the ORM would give (ids as text)."""

import uuid
from datetime import date, time, timedelta

import pytest
import time_machine

from journal.entries import services
from journal.flags.facts import CHECKIN_FIELDS, RUN_FIELDS, journal_rows
from journal.flags.rows import owner_values_between
from journal.models import Checkin, Run, Shoe
from tests.factories import make_checkin, make_run, make_shoe

TODAY = date(2026, 11, 20)
SINCE = TODAY - timedelta(days=30)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def orm_values(model, names, owner, order):
    return list(
        model.objects.filter(owner=owner, date__gte=SINCE, date__lte=TODAY).order_by(*order).values(*names)
    )


def as_text_ids(rows):
    """The ORM's rows with their UUIDs as text, as the fast read gives them."""
    return [{k: str(v) if isinstance(v, uuid.UUID) else v for k, v in row.items()} for row in rows]


@pytest.fixture
def journal(runner, other_runner):
    """Check-ins and runs with every kind of stored value: unknown pain, no time, lists, untried tests,
    a shoe and a plan, entries on both edges of the window and before it, and another runner's."""
    make_checkin(runner, day=SINCE - timedelta(days=1), pain_now=9)  # outside
    make_checkin(runner, day=SINCE, pain_now=None, time=None)
    make_checkin(
        runner,
        day=TODAY - timedelta(days=3),
        side="left",
        pain_now=4,
        pain_waking=None,
        pain_kinds=["sharp", "burning"],
        bone_tenderness=["navicular"],
        locations=["inner_ankle"],
        swelling="mild",
        bruising=True,
        hop_ok=False,
        heel_raises_ok=True,
        recent_trauma=True,
        time=time(7, 15, 30),
    )
    make_checkin(runner, day=TODAY, pain_now=0, can_walk_four_steps=False, time=time(11, 5))
    make_checkin(runner, day=TODAY, pain_now=1, time=time(6, 0))
    make_checkin(other_runner, day=TODAY, pain_now=7)
    shoe = make_shoe(runner)
    plan = services.return_plan_start(
        owner=runner, started_on=TODAY - timedelta(days=5), pre_injury_weekly_m=20000
    )
    make_run(runner, day=SINCE, pain_during=None)
    make_run(runner, day=TODAY - timedelta(days=2), shoe=shoe, return_plan=plan, pain_during=2)
    make_run(runner, day=TODAY, distance_m=3000, pain_during=0)
    make_run(other_runner, day=TODAY)
    return runner


def test_check_ins_read_fast_are_the_orm_values(journal):
    order = ("date", "time", "created_at")
    fast = owner_values_between(
        Checkin, CHECKIN_FIELDS, owner_id=journal.pk, since=SINCE, until=TODAY, order=order
    )

    assert fast == as_text_ids(orm_values(Checkin, CHECKIN_FIELDS, journal, order))
    assert len(fast) == 4
    assert [type(value) for value in fast[1].values()] == [
        type(value) for value in as_text_ids(orm_values(Checkin, CHECKIN_FIELDS, journal, order))[1].values()
    ]
    assert fast[1]["pain_kinds"] == ["sharp", "burning"] and fast[1]["hop_ok"] is False
    assert fast[0]["pain_now"] is None and fast[0]["heel_raises_ok"] is None


def test_runs_read_fast_are_the_orm_values(journal):
    order = ("date", "created_at")
    fast = owner_values_between(Run, RUN_FIELDS, owner_id=journal.pk, since=SINCE, until=TODAY, order=order)

    assert fast == as_text_ids(orm_values(Run, RUN_FIELDS, journal, order))
    assert [r["date"] for r in fast] == [SINCE, TODAY - timedelta(days=2), TODAY]
    assert fast[1]["shoe_id"] == str(Shoe.objects.get(owner=journal).pk)
    assert fast[0]["pain_during"] is None and fast[0]["return_plan_id"] is None
    until_yesterday = owner_values_between(
        Run, RUN_FIELDS, owner_id=journal.pk, since=SINCE, until=TODAY - timedelta(days=1), order=order
    )
    assert [r["date"] for r in until_yesterday] == [SINCE, TODAY - timedelta(days=2)]


def test_the_rules_rows_use_them(journal):
    rows = journal_rows(owner=journal, today=TODAY)

    assert rows.checkins[-1]["can_walk_four_steps"] is False
    assert [r["distance_m"] for r in rows.runs][-1] == 3000
