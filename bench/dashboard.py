"""Benchmark the Today dashboard against a minimal signed-in page, on a 1-month and a 5-year journal.

    .venv/bin/python bench/dashboard.py [--requests 60]

Runs on a throwaway SQLite database (or DATABASE_URL if set, which it will write to), seeds the demo
runner, and prints the median and 95th percentile server time and the SQL query count per request.
"""

from __future__ import annotations

import argparse
from datetime import date

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
    ratio = results[("5 years", "dashboard")][0] / results[("5 years", "floor")][0]
    same = results[("1 month", "dashboard")][1] == results[("5 years", "dashboard")][1]
    print(f"5-year dashboard median is {ratio:.1f}x the floor; query count constant: {same}")


if __name__ == "__main__":
    main()
