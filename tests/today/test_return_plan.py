from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from journal.entries import services
from journal.models import Flag, Profile
from journal.today.return_plan import STAGES, Session, plan_state, week_cap_m
from tests.factories import make_checkin, make_run

TODAY = date(2026, 11, 20)
MI = 1609.344
OFFER = "Ready for a walk-run plan?"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def state(good_sessions: int, *, started_days_ago: int = 30, previous_week_m: int = 0):
    sessions = [Session(TODAY - timedelta(days=20 - i), 0, False) for i in range(good_sessions)]
    return plan_state(
        started_on=TODAY - timedelta(days=started_days_ago),
        pre_injury_weekly_m=40_000,
        sessions=sessions,
        week_done_m=0,
        today=TODAY,
        pain_limit=3,
        paused=False,
        previous_week_m=previous_week_m,
    )


@pytest.mark.parametrize(
    ("good", "stage", "text", "cap_min"),
    [
        (0, 0, "run 1 minute, walk 2 minutes, for 10–15 minutes in all", 45),
        (2, 0, "run 1 minute, walk 2 minutes, for 10–15 minutes in all", 45),
        (3, 1, "run 2 minutes, walk 2 minutes, for 20 minutes in all", 60),
        (5, 1, "run 2 minutes, walk 2 minutes, for 20 minutes in all", 60),
        (6, 2, "run 5 minutes, walk 1 minute, for 20–30 minutes in all", 90),
        (8, 2, "run 5 minutes, walk 1 minute, for 20–30 minutes in all", 90),
        (9, 3, "easy continuous running at a conversational pace", None),
        (11, 3, "easy continuous running at a conversational pace", None),
    ],
)
def test_each_step_states_its_sessions_and_the_week_they_add_up_to(good, stage, text, cap_min):
    got = state(good)
    assert got.stage == STAGES[stage] and got.stage.session_text == text
    # A walk-run week is capped by its sessions: three at the step's longest.
    assert got.stage.week_cap_min == cap_min


@pytest.mark.parametrize(
    ("week_index", "previous_week_m", "cap_m"),
    [
        (0, 0, 20_000),  # week one: half the pre-injury 40 km
        (3, 0, 20_000),  # no running yet: still half, not the plan's 26.6 km for week four
        (1, 5_000, 5_750),  # after a walk-run week of 5 km: at most 15% more, as the flag allows
        (1, 19_130, 21_999),  # just under the week's target: the flag's limit still binds
        (1, 19_131, 22_000),  # just over: the plan's 10% rise binds
        (1, 30_000, 22_000),
        (20, 40_000, 40_000),  # never beyond the pre-injury week
    ],
)
def test_the_weeks_distance_never_exceeds_what_the_going_too_fast_flag_allows(
    week_index, previous_week_m, cap_m
):
    assert (
        week_cap_m(
            pre_injury_weekly_m=40_000,
            week_index=week_index,
            previous_week_m=previous_week_m,
            rise_limit_pct=15,
        )
        == cap_m
    )


def test_sessions_this_week_count_from_the_plan_weeks_start():
    # Started 9 days ago: this plan week began 2 days ago; sessions 3 and 2 days ago fall either side.
    sessions = [Session(TODAY - timedelta(days=d), 0, False) for d in (3, 2, 0)]
    got = plan_state(
        started_on=TODAY - timedelta(days=9),
        pre_injury_weekly_m=40_000,
        sessions=sessions,
        week_done_m=0,
        today=TODAY,
        pain_limit=3,
        paused=False,
    )
    assert (got.week_index, got.sessions_this_week) == (1, 2)


def running_22_miles_a_week(runner, *, weeks):
    for week in range(weeks):
        for day in (1, 3, 5):
            make_run(runner, day=TODAY - timedelta(days=week * 7 + day), distance_m=round(22 * MI / 3))


def test_a_runner_without_an_injury_is_never_offered_a_plan(mile_client, mile_runner):
    running_22_miles_a_week(mile_runner, weeks=4)
    make_checkin(mile_runner, day=TODAY, pain_now=0, heel_raises_ok=True, hop_ok=True)
    # Even with a readiness flag left open from an injury since deleted.
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    Flag.objects.create(
        owner=mile_runner,
        key="ready_to_return",
        code="ready_to_return",
        severity="info",
        severity_rank=0,
        title="You may be ready to start running again",
        message="m",
        action="a",
        source="s",
        raised_at=now,
        last_seen_at=now,
    )
    Profile.objects.filter(user=mile_runner).update(flags_evaluated_on=TODAY)
    html = mile_client.get(reverse("journal:today")).content.decode()
    assert OFFER not in html and "Start a walk-run plan" not in html


def test_a_runner_back_to_22_miles_a_week_after_an_injury_is_not_offered_a_plan(mile_client, mile_runner):
    onset = TODAY - timedelta(days=40)
    running_22_miles_a_week(mile_runner, weeks=10)
    services.episode_record(
        owner=mile_runner, label="Sprain", side="right", onset_date=onset, onset="sudden", status="recovering"
    )
    make_checkin(mile_runner, day=TODAY, pain_now=0, heel_raises_ok=True, hop_ok=True)
    html = mile_client.get(reverse("journal:today")).content.decode()
    assert OFFER not in html
    assert not Flag.objects.filter(owner=mile_runner, code="ready_to_return", cleared_at=None).exists()


def test_an_injured_runner_not_yet_running_is_offered_one_sentence_per_step(mile_client, mile_runner):
    onset = TODAY - timedelta(days=40)
    for week in range(1, 5):
        make_run(mile_runner, day=onset - timedelta(days=week * 7 - 2), distance_m=round(22 * MI))
    services.episode_record(owner=mile_runner, label="Sprain", side="right", onset_date=onset, onset="sudden")
    make_checkin(mile_runner, day=TODAY, pain_now=0, heel_raises_ok=True, hop_ok=True)
    html = mile_client.get(reverse("journal:today")).content.decode()
    assert OFFER in html and 'value="22.0"' in html
    assert "half your usual weekly distance, then" not in html  # the old wording that clashed with the steps
