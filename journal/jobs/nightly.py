"""Flags brought up to date without a request: each runner's as of their new today, soon after their
local midnight (nightly_sweep), and after writes that left them out of date (catch_up_sweep).

A schedule runs `nightly_sweep` every 15 minutes. It finds the runners whose own calendar has
moved past the day their flags were last evaluated (time zone by time zone, so DST needs no
special case), and queues them in batches. Each batch re-evaluates one runner per transaction,
so a run over any number of runners holds neither one long transaction nor all of them in
memory; batches spread over as many workers as there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from journal.flags.services import flags_are_stale, flags_refresh
from journal.jobs import enqueue, id_pages
from journal.models import Profile

BATCH_SIZE = 200
SWEEP_MINUTES = 15


def stale_runner_batches(*, now: datetime) -> Iterator[list[int]]:
    """The ids of runners whose local today is later than their last evaluation, a batch at a time.

    Keyset pages (journal.jobs.id_pages): runners re-evaluated meanwhile drop out of the next page.
    """
    zones = list(Profile.objects.order_by().values_list("time_zone", flat=True).distinct())
    for zone in zones:
        today = now.astimezone(ZoneInfo(zone)).date()
        stale = Profile.objects.filter(time_zone=zone).filter(
            Q(flags_evaluated_on__lt=today) | Q(flags_evaluated_on__isnull=True)
        )
        yield from id_pages(stale, "user_id", BATCH_SIZE)


def nightly_sweep(*, now: datetime | None = None) -> int:
    """Queue every stale runner, up to BATCH_SIZE to a task; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for ids in stale_runner_batches(now=now):
        enqueue("journal.jobs.nightly.reevaluate_batch", ids, group="nightly")
        queued += len(ids)
    return queued


def behind_runner_batches() -> Iterator[list[int]]:
    """The ids of runners with writes their flags were not evaluated after (flags_deferred), a batch
    at a time: a partial index (profile_flags_behind) holds just those."""
    behind = Profile.objects.filter(flags_version__lt=F("journal_version"))
    yield from id_pages(behind, "user_id", BATCH_SIZE)


def catch_up_sweep() -> int:
    """Queue every runner whose latest writes no read has evaluated yet, so that alerts go out and the
    triage list is current without anyone opening the app; returns how many were queued."""
    queued = 0
    for ids in behind_runner_batches():
        enqueue("journal.jobs.nightly.reevaluate_batch", ids, group="catch-up")
        queued += len(ids)
    return queued


def reevaluate_batch(user_ids: list[int]) -> int:
    """Re-evaluate each runner still stale (a read or another worker may have done it meanwhile)."""
    done = 0
    profiles = Profile.objects.filter(user_id__in=user_ids).select_related("user").order_by("user_id")
    for profile in profiles:
        if not flags_are_stale(profile):
            continue
        with transaction.atomic():
            # Nobody waits on the worker: tomorrow's flags are worked out from the same rows.
            flags_refresh(owner=profile.user, profile=profile, project=True)
        done += 1
    return done
