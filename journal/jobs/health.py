"""The worker's health: a heartbeat the scheduler runs, and what staff see of the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Failure, Schedule, Success

HEARTBEAT_FUNC = "journal.jobs.health.heartbeat"
# The heartbeat runs every HEARTBEAT_MINUTES; two missed beats mean the worker is down.
HEARTBEAT_MINUTES = 5


def heartbeat() -> str:
    return timezone.now().isoformat()


@dataclass(frozen=True)
class WorkerHealth:
    last_heartbeat: datetime | None
    queued: int
    failed_last_day: int
    alive: bool


def worker_health(*, now: datetime | None = None) -> WorkerHealth:
    now = now or timezone.now()
    last = Success.objects.filter(func=HEARTBEAT_FUNC).order_by("-stopped").values_list("stopped", flat=True)
    last_heartbeat = last.first()
    alive = last_heartbeat is not None and now - last_heartbeat <= timedelta(minutes=2 * HEARTBEAT_MINUTES)
    return WorkerHealth(
        last_heartbeat=last_heartbeat,
        queued=get_broker().queue_size() or 0,
        failed_last_day=Failure.objects.filter(stopped__gte=now - timedelta(days=1)).count(),
        alive=alive,
    )


def schedules_all():
    return Schedule.objects.order_by("name")


def failures_recent(*, limit: int):
    return Failure.objects.order_by("-stopped")[:limit]
