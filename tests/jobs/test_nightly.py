from __future__ import annotations

from datetime import date

import pytest
import time_machine

from journal.flags.services import flags_refresh
from journal.jobs import nightly
from journal.models import Flag, Profile
from tests.factories import make_checkin, make_user


def evaluated_on(user) -> date | None:
    return Profile.objects.get(user=user).flags_evaluated_on


def runner_in(zone: str, email: str, when: str):
    with time_machine.travel(when, tick=False):
        user = make_user(email, time_zone=zone)
        flags_refresh(owner=user)
    return user


def sweep(run_jobs, when: str) -> tuple[int, list]:
    with time_machine.travel(when, tick=False):
        queued = nightly.nightly_sweep()
        return queued, run_jobs()


def test_each_runner_is_re_evaluated_after_their_own_midnight(db, run_jobs):
    tokyo = runner_in(
        "Asia/Tokyo", "tokyo@example.com", "2026-11-20 03:00:00+00:00"
    )  # 12:00 on the 20th there
    la = runner_in(
        "America/Los_Angeles", "la@example.com", "2026-11-20 20:00:00+00:00"
    )  # 12:00 on the 20th there
    assert evaluated_on(tokyo) == evaluated_on(la) == date(2026, 11, 20)

    # 14:55 UTC is 23:55 in Tokyo: nobody's date has moved yet.
    assert sweep(run_jobs, "2026-11-20 14:55:00+00:00") == (0, [])
    # 15:05 UTC is 00:05 on the 21st in Tokyo, still 07:05 on the 20th in Los Angeles.
    queued, tasks = sweep(run_jobs, "2026-11-20 15:05:00+00:00")
    assert queued == 1 and [t.result for t in tasks] == [1]
    assert evaluated_on(tokyo) == date(2026, 11, 21) and evaluated_on(la) == date(2026, 11, 20)
    # 08:05 UTC on the 21st is 00:05 in Los Angeles.
    assert sweep(run_jobs, "2026-11-21 08:05:00+00:00")[0] == 1
    assert evaluated_on(la) == date(2026, 11, 21)


@pytest.mark.parametrize(
    ("now", "stale"),
    [
        # London leaves summer time on 2026-10-25: its midnight starting the 25th is 23:00 UTC on the 24th.
        ("2026-10-24 22:55:00+00:00", False),
        ("2026-10-24 23:05:00+00:00", True),
        # And the midnight starting the 26th is 00:00 UTC.
        ("2026-10-25 23:55:00+00:00", False),
    ],
)
def test_london_midnight_across_the_change_from_summer_time(db, run_jobs, now, stale):
    london = runner_in("Europe/London", "london@example.com", "2026-10-24 12:00:00+00:00")
    if now.startswith("2026-10-25"):
        sweep(run_jobs, "2026-10-24 23:05:00+00:00")  # evaluated on the 25th first
    assert (sweep(run_jobs, now)[0] == 1) is stale
    assert london.pk


def test_flags_move_on_without_the_runner_opening_the_app(db, run_jobs):
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        runner = make_user("still@example.com", time_zone="Europe/London")
        make_checkin(runner, day=date(2026, 11, 20), pain_now=6, can_walk_four_steps=False)
    assert Flag.objects.filter(owner=runner, code="red_cannot_bear_weight", cleared_at__isnull=True).exists()

    # A week later nothing new was logged: the urgent flag's window has passed.
    sweep(run_jobs, "2026-11-27 00:30:00+00:00")
    assert not Flag.objects.filter(
        owner=runner, code="red_cannot_bear_weight", cleared_at__isnull=True
    ).exists()
    assert Flag.objects.filter(owner=runner, code="red_cannot_bear_weight").exists()  # its history stays
    assert evaluated_on(runner) == date(2026, 11, 27)


def test_runners_are_queued_in_batches_and_each_is_evaluated_once(db, run_jobs, monkeypatch):
    monkeypatch.setattr(nightly, "BATCH_SIZE", 2)
    runners = [runner_in("Europe/Paris", f"r{n}@example.com", "2026-11-20 12:00:00+00:00") for n in range(5)]
    queued, tasks = sweep(run_jobs, "2026-11-21 00:30:00+00:00")
    assert queued == 5
    assert sorted(t.result for t in tasks) == [1, 2, 2]
    assert all(evaluated_on(r) == date(2026, 11, 21) for r in runners)
    assert sweep(run_jobs, "2026-11-21 00:45:00+00:00") == (0, [])


def test_a_batch_skips_runners_a_read_already_brought_up_to_date(db, run_jobs):
    runner = runner_in("Europe/London", "read@example.com", "2026-11-20 12:00:00+00:00")
    with time_machine.travel("2026-11-21 00:30:00+00:00", tick=False):
        assert nightly.nightly_sweep() == 1
        flags_refresh(owner=runner)  # the runner opened the app before the worker got to them
        assert [t.result for t in run_jobs()] == [0]
