"""Benchmark the Today dashboard against a minimal signed-in page, on a 1-month and a 5-year journal.

    .venv/bin/python bench/dashboard.py [--requests 60]

Runs on a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's server), seeds
the demo runner, and prints the median and 95th percentile server time and the SQL query count per request,
then, for the 5-year journal, each page's ratio to the floor timed in the same rounds.
The "stale" rows read the flags on the day after they were last evaluated (an evaluation as of yesterday
runs before each request, outside the timing), so every request brings them up to today first, from the
projection that evaluation made; the "stale 2d" rows read them two days later, which evaluates in full.
"""

from __future__ import annotations

import argparse
from datetime import date

from _common import (
    against_floor,
    analyze_tables,
    database_label,
    make_stale,
    measure,
    prepare_database,
    setup_django,
)

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

TODAY = date(2026, 11, 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    prepare_database()
    print(f"{database_label()}; {args.requests} requests each; times in ms")
    print(f"{'journal':<10} {'page':<10} {'median':>8} {'p95':>8} {'queries':>8}")
    results = {}
    for label, years in (("1 month", 31 / 365), ("5 years", 5)):
        call_command("seed_demo", years=years, today=TODAY, verbosity=0)
        analyze_tables()
        user = get_user_model().objects.get(email="demo@footnote.example")
        client = Client()
        client.force_login(user)
        for page, url in (
            ("floor", "/more/"),
            ("dashboard", "/today/dashboard/"),
            ("trends", "/today/trends/"),
            ("today", "/today/"),
        ):
            median, p95, queries = measure(lambda url=url, client=client: client.get(url), args.requests)
            results[(label, page)] = (median, queries)
            print(f"{label:<10} {page:<10} {median:>8.1f} {p95:>8.1f} {queries:>8}")
        for page, url, days in (
            ("dash stale", "/today/dashboard/", 1),
            ("today stale", "/today/", 1),
            ("dash stale 2d", "/today/dashboard/", 2),
        ):
            stale = lambda user=user, days=days: make_stale(user, days)  # noqa: E731
            median, p95, queries = measure(lambda url=url, c=client: c.get(url), args.requests, before=stale)
            results[(label, page)] = (median, queries)
            print(f"{label:<10} {page:<10} {median:>8.1f} {p95:>8.1f} {queries:>8}")
    # The ratios: each round times the floor and then the page, back to back, so that whatever else the
    # machine is doing weighs on both; the median of those per-round ratios and their 25-75% spread.
    print("5-year journal, per-round ratio to the floor (median, 25-75%):")
    for page, url, days in (
        ("dashboard", "/today/dashboard/", 0),
        ("dash stale", "/today/dashboard/", 1),
        ("dash stale 2d", "/today/dashboard/", 2),
        ("today", "/today/", 0),
        ("today stale", "/today/", 1),
    ):
        stale = (lambda days=days: make_stale(user, days)) if days else None
        ratio = against_floor(client, lambda url=url: client.get(url), args.requests, before=stale)
        print(f"5-year {page}: {ratio.median:.1f}x ({ratio.spread}) the floor, {ratio.queries} queries")
    same = results[("1 month", "dashboard")][1] == results[("5 years", "dashboard")][1]
    print(f"dashboard query count constant from 1 month to 5 years: {same}")


if __name__ == "__main__":
    main()
