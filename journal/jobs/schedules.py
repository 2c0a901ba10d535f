"""The schedules the worker runs, kept in code and written to django-q2's table on migrate."""

from __future__ import annotations

from dataclasses import dataclass

from django_q.models import Schedule

from journal.jobs.health import HEARTBEAT_FUNC, HEARTBEAT_MINUTES


@dataclass(frozen=True)
class Planned:
    name: str
    func: str
    minutes: int


SCHEDULES: list[Planned] = [
    Planned(name="Worker heartbeat", func=HEARTBEAT_FUNC, minutes=HEARTBEAT_MINUTES),
    # Due reminders are found every 5 minutes, so one arrives at most 5 minutes after its time.
    Planned(name="Check-in reminders", func="journal.notify.services.reminders_sweep", minutes=5),
    # Each runner is re-evaluated within 15 minutes after their local midnight.
    Planned(name="Nightly flag re-evaluation", func="journal.jobs.nightly.nightly_sweep", minutes=15),
    # Flags left out of date by writes (journal.flags.services.flags_deferred) that no read has
    # evaluated are evaluated within a minute or two, and the alerts they call for go out.
    Planned(name="Flags after writes", func="journal.jobs.nightly.catch_up_sweep", minutes=1),
    # Tomorrow's flags are worked out within 5 minutes of a runner's last evaluation of the day.
    Planned(name="Tomorrow's flags", func="journal.jobs.projections.projections_sweep", minutes=5),
]


def schedules_install(*, using: str = "default") -> None:
    # By name, so running migrate again (or on every deploy) never doubles a schedule.
    for planned in SCHEDULES:
        Schedule.objects.using(using).update_or_create(
            name=planned.name,
            defaults={
                "func": planned.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": planned.minutes,
                "repeats": -1,
            },
        )
