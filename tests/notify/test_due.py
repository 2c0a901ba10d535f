from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from journal.notify.due import reminder_due_day

EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "at", "expected"),
    [
        # London in winter is UTC: due from 19:00, not a minute before.
        ("2026-11-20 18:59", "Europe/London", time(19, 0), None),
        ("2026-11-20 19:00", "Europe/London", time(19, 0), date(2026, 11, 20)),
        ("2026-11-20 23:59", "Europe/London", time(19, 0), date(2026, 11, 20)),
        # London in summer is UTC+1: 19:00 local is 18:00 UTC.
        ("2026-07-10 17:59", "Europe/London", time(19, 0), None),
        ("2026-07-10 18:00", "Europe/London", time(19, 0), date(2026, 7, 10)),
        # New York (UTC-5 in November): 20:00 local on the 20th is 01:00 UTC on the 21st,
        # and the day it is due for is the runner's own date, the 20th.
        ("2026-11-21 00:59", "America/New_York", time(20, 0), None),
        ("2026-11-21 01:00", "America/New_York", time(20, 0), date(2026, 11, 20)),
        # Local midnight starts a new day with nothing due until its time.
        ("2026-11-21 05:00", "America/New_York", time(20, 0), None),
        # Tokyo (UTC+9): 07:30 local on the 21st is 22:30 UTC on the 20th.
        ("2026-11-20 22:29", "Asia/Tokyo", time(7, 30), None),
        ("2026-11-20 22:30", "Asia/Tokyo", time(7, 30), date(2026, 11, 21)),
    ],
)
def test_due_from_the_runners_local_time(now, zone, at, expected):
    assert reminder_due_day(now=utc(now), time_zone=zone, at=at, days=EVERY_DAY) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Berlin springs forward on 2026-03-29: 02:00 becomes 03:00 (01:00 UTC).
        # A 02:30 reminder, a time that day does not have, falls due at 03:00 local.
        ("2026-03-29 00:59", None),
        ("2026-03-29 01:00", date(2026, 3, 29)),
        # The day before, 02:30 local is 01:30 UTC (UTC+1).
        ("2026-03-28 01:29", None),
        ("2026-03-28 01:30", date(2026, 3, 28)),
        # The day after, 02:30 local is 00:30 UTC (UTC+2).
        ("2026-03-30 00:29", None),
        ("2026-03-30 00:30", date(2026, 3, 30)),
    ],
)
def test_spring_forward_in_berlin(now, expected):
    assert (
        reminder_due_day(now=utc(now), time_zone="Europe/Berlin", at=time(2, 30), days=EVERY_DAY) == expected
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # New York falls back on 2026-11-01: 19:00 local is 23:00 UTC the day before (EDT)
        # and 00:00 UTC the day after (EST).
        ("2026-10-31 22:59", None),
        ("2026-10-31 23:00", date(2026, 10, 31)),
        ("2026-11-02 23:59", None),
        ("2026-11-03 00:00", date(2026, 11, 2)),
    ],
)
def test_fall_back_in_new_york(now, expected):
    assert (
        reminder_due_day(now=utc(now), time_zone="America/New_York", at=time(19, 0), days=EVERY_DAY)
        == expected
    )


def test_only_on_the_chosen_days():
    friday_evening = utc("2026-11-20 20:00")  # a Friday (weekday 4) in London
    assert reminder_due_day(now=friday_evening, time_zone="Europe/London", at=time(19, 0), days=[4]) == date(
        2026, 11, 20
    )
    assert (
        reminder_due_day(now=friday_evening, time_zone="Europe/London", at=time(19, 0), days=[0, 5]) is None
    )
    # In Auckland it is already Saturday (weekday 5) morning.
    assert reminder_due_day(
        now=friday_evening, time_zone="Pacific/Auckland", at=time(8, 0), days=[5]
    ) == date(2026, 11, 21)
