"""Benchmark the nightly re-evaluation: 2,000 runners with a year of journal each.

    .venv/bin/python bench/nightly.py [--runners 2000] [--floor-samples 40]

Runs on a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's server). Each runner
has a year of journal (~300 check-ins on either side, ~250 runs, three shoes; ten distinct journals
written through the ORM, copied in SQL to the other runners) and a time zone from a list
that spans the day. The script measures:

- the floor: one flag refresh (`flags_refresh` for one runner), median over --floor-samples runners;
- the nightly job as the worker runs it (django-q2's own worker code, in this process): the sweep
  for a moment when every runner's local date has moved on, then every batch it queued. Time per
  runner is reported as a ratio to the floor (both after a first, untimed evaluation of everyone);
- peak Python memory (tracemalloc) of nightly runs over a tenth and a quarter of the runners, and
  the process's peak RSS after the full run: a run that streams its runners in batches peaks at
  about the same memory whatever their number. tracemalloc slows Python several times over, so
  the timed run is not traced.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import time_machine
from _common import setup_django

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_q.conf import Conf  # noqa: E402

from journal.flags.services import flags_refresh  # noqa: E402
from journal.jobs.nightly import nightly_sweep  # noqa: E402
from journal.models import Checkin, Profile, Run, Shoe  # noqa: E402

EMAIL = "bench-nightly-{n}@footnote.example"
ZONES = ["Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles"]
TODAY = date(2026, 11, 20)
# 12:00 UTC on TODAY + 1: every zone above is on TODAY + 1 then.
NEXT_DAY_NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
# Check-ins carry their time of day where the model has one.
CHECKIN_TIME = {"time": clock(8, 0)} if any(f.name == "time" for f in Checkin._meta.fields) else {}


TEMPLATES = 10  # distinct journals written in Python; every other runner gets a copy of one in SQL


def _journal(user, rng: random.Random) -> tuple[list, list, list]:
    shoes = [
        Shoe(owner=user, name=f"Shoe {k}", first_used_on=TODAY - timedelta(days=365 - 120 * k))
        for k in range(3)
    ]
    checkins, runs = [], []
    for offset in range(365):
        day = TODAY - timedelta(days=offset)
        if rng.random() < 0.82:
            pain = rng.choice([0, 0, 1, 1, 2, 3, 4])
            checkins.append(
                Checkin(
                    owner=user,
                    date=day,
                    side=rng.choice(["right", "right", "left"]),
                    pain_now=pain,
                    pain_waking=max(0, pain - 1),
                    **CHECKIN_TIME,
                )
            )
        if rng.random() < 0.68:
            metres = rng.randint(4000, 16000)
            runs.append(
                Run(
                    owner=user,
                    date=day,
                    distance_m=metres,
                    duration_s=round(metres / 1000 * rng.randint(290, 390)),
                    shoe=shoes[min(2, (365 - offset) // 122)],
                    pain_during=rng.choice([0, 0, 0, 1, 2, 4]),
                )
            )
    return shoes, checkins, runs


def _copy_journal(template_id: int, user_id: int) -> None:
    new_id = "gen_random_uuid()" if connection.vendor == "postgresql" else "lower(hex(randomblob(16)))"

    def columns(model) -> list[str]:
        return [
            f.column for f in model._meta.concrete_fields if f.column not in ("id", "owner_id", "shoe_id")
        ]

    with connection.cursor() as cursor:
        for model in (Shoe, Checkin):
            cols = ", ".join(columns(model))
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} (id, owner_id, {cols}) "  # noqa: S608
                f"SELECT {new_id}, %s, {cols} FROM {model._meta.db_table} WHERE owner_id = %s",
                [user_id, template_id],
            )
        cols = ", ".join(columns(Run))
        cursor.execute(
            f"INSERT INTO journal_run (id, owner_id, shoe_id, {cols}) "  # noqa: S608
            f"SELECT {new_id}, %s, (SELECT mine.id FROM journal_shoe mine WHERE mine.owner_id = %s AND "
            f"mine.name = (SELECT theirs.name FROM journal_shoe theirs WHERE theirs.id = r.shoe_id)), {cols} "
            f"FROM journal_run r WHERE r.owner_id = %s",
            [user_id, user_id, template_id],
        )


@transaction.atomic
def add_runners(count: int, rng: random.Random) -> list[int]:
    User = get_user_model()
    unusable = make_password(None)
    User.objects.bulk_create(
        [User(username=EMAIL.format(n=n), email=EMAIL.format(n=n), password=unusable) for n in range(count)],
        batch_size=1000,
    )
    users = list(User.objects.filter(email__startswith="bench-nightly-").order_by("id"))
    Profile.objects.bulk_create(
        [
            Profile(user=u, display_name=f"Runner {i}", time_zone=ZONES[i % len(ZONES)])
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    templates = users[:TEMPLATES]
    for user in templates:
        shoes, checkins, runs = _journal(user, rng)
        Shoe.objects.bulk_create(shoes)
        Checkin.objects.bulk_create(checkins, batch_size=1000)
        Run.objects.bulk_create(runs, batch_size=1000)
    for i, user in enumerate(users[TEMPLATES:]):
        _copy_journal(templates[i % TEMPLATES].id, user.id)
    return [u.id for u in users]


def mark_evaluated(user_ids: list[int], day: date) -> None:
    Profile.objects.filter(user_id__in=user_ids).update(flags_evaluated_on=day)


def floor_ms(user_ids: list[int], samples: int) -> float:
    User = get_user_model()
    timings = []
    for user in User.objects.filter(id__in=user_ids[:samples]).select_related("profile"):
        started = time.perf_counter()
        flags_refresh(owner=user, profile=user.profile)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def nightly(stale_ids: list[int], all_ids: list[int], *, trace: bool = False) -> tuple[float, int, float]:
    """Seconds, runners queued, and (traced) peak MiB for one nightly run over `stale_ids`."""
    mark_evaluated(all_ids, TODAY + timedelta(days=1))
    mark_evaluated(stale_ids, TODAY)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    queued = nightly_sweep()  # with sync on, each batch runs as it is queued
    seconds = time.perf_counter() - started
    peak = 0.0
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    left = Profile.objects.filter(
        user_id__in=stale_ids, flags_evaluated_on__lt=TODAY + timedelta(days=1)
    ).count()
    assert queued == len(stale_ids) and left == 0, (queued, left)
    return seconds, queued, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runners", type=int, default=2000)
    parser.add_argument("--floor-samples", type=int, default=40)
    args = parser.parse_args()

    # DEBUG is off, as in a worker (bench_settings.py): with it on, Django would keep the last 9,000
    # queries' SQL in memory, which would show as memory growing with the number of runners.
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ids = add_runners(args.runners, random.Random(14))
    print(
        f"{args.runners} runners, {Checkin.objects.count()} check-ins, {Run.objects.count()} runs "
        f"written in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    # The worker's code path, in this process: django-q2 runs each task as it is queued.
    Conf.SYNC = True
    # Noon UTC the day after the journal's last day: every runner's local date has moved on.
    with time_machine.travel(NEXT_DAY_NOON, tick=True):
        nightly_sweep()  # not timed: the first evaluation of everyone raises their flags
        floor = floor_ms(ids, args.floor_samples)
        print(f"floor: one flag refresh, median of {args.floor_samples} runners: {floor:.1f} ms", flush=True)
        seconds, count, _ = nightly(ids, ids)
        per_runner = seconds * 1000 / count
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"nightly, {count} runners: {seconds:.1f} s, {per_runner:.1f} ms per runner = "
            f"{per_runner / floor:.2f}x the floor; process peak RSS so far {rss:.0f} MiB",
            flush=True,
        )
        # tracemalloc slows Python several times over, so memory has runs of its own.
        for share in (10, 4):
            some = ids[: len(ids) // share]
            _, traced, peak = nightly(some, ids, trace=True)
            print(f"peak Python memory (tracemalloc), {traced} runners: {peak:.1f} MiB", flush=True)


if __name__ == "__main__":
    main()
