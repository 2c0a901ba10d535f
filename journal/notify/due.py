"""When a reminder is due: pure, so time zones and DST changes are easy to test."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def reminder_due_day(*, now: datetime, time_zone: str, at: time, days: list[int]) -> date | None:
    """The runner's local date whose reminder is due at ``now``, or None if none is due yet.

    Due from the chosen local time until the end of that local day, on the chosen weekdays
    (Monday is 0). A time that a DST change skips (02:30 on the spring-forward night) falls due
    at the first local time after it.
    """
    local = now.astimezone(ZoneInfo(time_zone))
    if local.weekday() not in days:
        return None
    if local.time().replace(tzinfo=None) < at:
        return None
    return local.date()
