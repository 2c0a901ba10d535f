"""Tomorrow's flags, worked out ahead (journal.flags.projection) for runners whose flags were evaluated
today and have no projection for tomorrow: after a write, or a read that brought them up to today.

A schedule runs `projections_sweep` every few minutes; it queues those runners in batches, as the
nightly job does, and each batch works out one runner at a time. A runner the sweep has not reached
yet loses nothing but speed: their first read of the next day evaluates in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from journal.flags.services import flags_project
from journal.jobs import enqueue, id_pages
from journal.models import PatientSummary, Profile

BATCH_SIZE = 200


def unprojected_runner_batches(*, now: datetime) -> Iterator[list[int]]:
    """The ids of runners evaluated on their own today without a projection for their tomorrow, a
    batch at a time (keyset pages, as journal.jobs.nightly)."""
    zones = list(Profile.objects.order_by().values_list("time_zone", flat=True).distinct())
    for zone in zones:
        today = now.astimezone(ZoneInfo(zone)).date()
        due = PatientSummary.objects.filter(
            runner__profile__time_zone=zone,
            runner__profile__flags_evaluated_on=today,
            # No write since that evaluation has gone unevaluated (the catch-up sweep's, then).
            runner__profile__flags_version=F("runner__profile__journal_version"),
        ).exclude(projected_for=today + timedelta(days=1))
        yield from id_pages(due, "runner_id", BATCH_SIZE)


def projections_sweep(*, now: datetime | None = None) -> int:
    """Queue every runner due a projection, up to BATCH_SIZE to a task; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for ids in unprojected_runner_batches(now=now):
        enqueue("journal.jobs.projections.project_batch", ids, group="projections")
        queued += len(ids)
    return queued


def project_batch(user_ids: list[int]) -> int:
    """Work out each runner's projection; returns how many were stored (one evaluated again or moved
    to a new day meanwhile is left to the next sweep)."""
    profiles = Profile.objects.filter(user_id__in=user_ids).select_related("user").order_by("user_id")
    return sum(flags_project(owner=profile.user, profile=profile) for profile in profiles)
