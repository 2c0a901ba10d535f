"""Benchmark the Today dashboard against a minimal signed-in page, on a 1-month and a 5-year journal.

    .venv/bin/python bench/dashboard.py [--requests 60]

Runs on a throwaway SQLite database (or DATABASE_URL if set, which it will write to), seeds the demo
runner, and prints the median and 95th percentile server time and the SQL query count per request.
The "stale" rows read the flags on a day after they were last evaluated (flags_evaluated_on is set to
yesterday before each request, outside the timing), so every request re-evaluates them first.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

from _common import measure, setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

TODAY = date(2026, 11, 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_library", verbosity=0)
    print(f"database: {connection.vendor}; {args.requests} requests each; times in ms")
    print(f"{'journal':<10} {'page':<10} {'median':>8} {'p95':>8} {'queries':>8}")
    results = {}
    for label, years in (("1 month", 31 / 365), ("5 years", 5)):
        call_command("seed_demo", years=years, today=TODAY, verbosity=0)
        user = get_user_model().objects.get(email="demo@footnote.example")
        client = Client()
        client.force_login(user)
        for page, url in (
            ("floor", "/more/"),
            ("dashboard", "/today/dashboard/"),
            ("trends", "/today/dashboard/?part=trends"),
            ("today", "/today/"),
        ):
            median, p95, queries = measure(lambda url=url, client=client: client.get(url), args.requests)
            results[(label, page)] = (median, queries)
            print(f"{label:<10} {page:<10} {median:>8.1f} {p95:>8.1f} {queries:>8}")
        for page, url in (("dash stale", "/today/dashboard/"), ("today stale", "/today/")):
            median, p95, queries = measure_stale(client, user, url, args.requests)
            results[(label, page)] = (median, queries)
            print(f"{label:<10} {page:<10} {median:>8.1f} {p95:>8.1f} {queries:>8}")
    floor = results[("5 years", "floor")][0]
    for page in ("dashboard", "dash stale", "today", "today stale"):
        median, queries = results[("5 years", page)]
        print(f"5-year {page}: {median / floor:.1f}x the floor, {queries} queries")
    same = results[("1 month", "dashboard")][1] == results[("5 years", "dashboard")][1]
    print(f"dashboard query count constant from 1 month to 5 years: {same}")


def measure_stale(client, user, url: str, requests: int) -> tuple[float, float, int]:
    """Like measure(), but each request finds the flags last evaluated yesterday (set outside the timing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journal.models import Profile

    def make_stale() -> None:
        yesterday = Profile.objects.get(user=user).today() - timedelta(days=1)
        Profile.objects.filter(user=user).update(flags_evaluated_on=yesterday)

    make_stale()
    client.get(url)
    timings = []
    for _ in range(requests):
        make_stale()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    make_stale()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(queries)


if __name__ == "__main__":
    main()
