"""The worker's sweep works out tomorrow's flags for runners evaluated on their own today, once."""

from __future__ import annotations

from datetime import date

import time_machine

from journal.flags.services import flags_current
from journal.jobs import nightly, projections
from journal.models import PatientSummary
from tests.factories import make_checkin, make_user


def projected_for(user) -> date | None:
    return PatientSummary.objects.get(runner=user).projected_for


def sweep(run_jobs, when: str) -> tuple[int, list]:
    with time_machine.travel(when, tick=False):
        queued = projections.projections_sweep()
        return queued, [t.result for t in run_jobs() if t.func.endswith(".project_batch")]


def test_runners_evaluated_today_are_projected_once_in_their_own_calendar(db, run_jobs):
    with time_machine.travel("2026-11-20 03:00:00+00:00", tick=False):  # 12:00 on the 20th in Tokyo
        tokyo = make_user("tokyo@example.com", time_zone="Asia/Tokyo")
        make_checkin(tokyo, day=date(2026, 11, 20), pain_now=3)
    with time_machine.travel("2026-11-20 20:00:00+00:00", tick=False):  # 12:00 on the 20th in Los Angeles
        la = make_user("la@example.com", time_zone="America/Los_Angeles")
        make_checkin(la, day=date(2026, 11, 20), pain_now=3)
    assert projected_for(tokyo) is None and projected_for(la) is None

    # 14:50 UTC: still the 20th in Tokyo (23:50) and in Los Angeles (06:50).
    assert sweep(run_jobs, "2026-11-20 14:50:00+00:00") == (2, [1, 1])  # a batch per time zone
    assert projected_for(tokyo) == projected_for(la) == date(2026, 11, 21)
    # Projected already: the next sweep queues nobody.
    assert sweep(run_jobs, "2026-11-20 14:55:00+00:00") == (0, [])
    # 15:05 UTC is the 21st in Tokyo: flags from the 20th are stale there, left to the read or the
    # nightly job, which evaluate in full.
    assert sweep(run_jobs, "2026-11-20 15:05:00+00:00") == (0, [])


def test_a_write_brings_a_runner_back_to_the_sweep(db, run_jobs):
    with time_machine.travel("2026-11-20 09:00:00+00:00", tick=False):
        runner = make_user("writes@example.com", time_zone="Europe/London")
        make_checkin(runner, day=date(2026, 11, 20), pain_now=3)
    assert sweep(run_jobs, "2026-11-20 09:05:00+00:00") == (1, [1])
    with time_machine.travel("2026-11-20 18:00:00+00:00", tick=False):
        make_checkin(runner, day=date(2026, 11, 20), pain_now=6, can_walk_four_steps=False)
    assert projected_for(runner) is None
    assert sweep(run_jobs, "2026-11-20 18:05:00+00:00") == (1, [1])
    with time_machine.travel("2026-11-21 07:00:00+00:00", tick=False):
        refreshed = flags_current(owner=runner)
    assert refreshed.rows is None  # stored from the projection, without reading the journal
    assert "red_cannot_bear_weight" in {f.code for f in refreshed.flags}


def test_the_nightly_re_evaluation_projects_the_next_day_in_the_same_go(db, run_jobs):
    with time_machine.travel("2026-11-20 09:00:00+00:00", tick=False):
        runner = make_user("asleep@example.com", time_zone="Europe/London")
        make_checkin(runner, day=date(2026, 11, 20), pain_now=3)
    with time_machine.travel("2026-11-21 00:05:00+00:00", tick=False):
        nightly.nightly_sweep()
        run_jobs()
    assert projected_for(runner) == date(2026, 11, 22)
    assert sweep(run_jobs, "2026-11-21 00:10:00+00:00") == (0, [])
