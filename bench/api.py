"""Benchmark the REST API: creating a run and reading lists, on a 1-month and a 5-year journal.

    .venv/bin/python bench/api.py [--requests 60]

Runs on a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's server), seeds
the demo runner, and prints the median and 95th percentile server time and the SQL query count per request,
through DRF's test client force-authenticated as the demo runner (throttling stays on, with rates
high enough never to answer 429: its cache read and write are part of every request).
"""

from __future__ import annotations

import argparse
import io
import uuid
from collections.abc import Callable
from datetime import date

from _common import analyze_tables, database_label, measure, prepare_database, setup_django

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import throttling  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from journal.models import Run  # noqa: E402

TODAY = date(2026, 11, 20)
HIGH_RATES = {"anon": "1000000/min", "user": "1000000/min"}


def demo_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(email="demo@footnote.example"))
    return client


def create_run(client: APIClient, day: date):
    body = {"id": str(uuid.uuid4()), "date": day.isoformat(), "distance_m": 8000, "duration_s": 2700}
    return client.post("/api/v1/runs/", body, format="json")


def requests_for(client: APIClient, *, long_journal: bool, run_day: date) -> list[tuple[str, Callable, int]]:
    rows = [("GET /api/v1/runs/ (page 1)", lambda: client.get("/api/v1/runs/"), 200)]
    if long_journal:
        rows += [
            ("GET /api/v1/runs/?page=20", lambda: client.get("/api/v1/runs/?page=20"), 200),
            (
                "GET /api/v1/checkins/?date_after=2026-01-01",
                lambda: client.get("/api/v1/checkins/?date_after=2026-01-01"),
                200,
            ),
            ("GET /api/v1/flags/", lambda: client.get("/api/v1/flags/"), 200),
            # Last, so the runs it adds do not change what the reads above measured.
            ("POST /api/v1/runs/ (a new id each)", lambda: create_run(client, run_day), 201),
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    throttling.SimpleRateThrottle.THROTTLE_RATES = HIGH_RATES
    prepare_database()
    run_day = min(TODAY, timezone.localdate())  # runs may not be dated in the future

    print(f"{database_label()}; {args.requests} requests each; times in ms")
    print(f"{'journal':<9} {'request':<44} {'median':>7} {'p95':>7} {'queries':>8}")
    list_queries = {}
    for label, years in (("1 month", 31 / 365), ("5 years", 5)):
        call_command("seed_demo", years=years, today=TODAY, stdout=io.StringIO())
        analyze_tables()
        client = demo_client()
        rows = requests_for(client, long_journal=years >= 5, run_day=run_day)
        for request, send, expect in rows:
            median, p95, queries = measure(send, args.requests, expect)
            if request.startswith("GET /api/v1/runs/ "):
                list_queries[label] = queries
            print(f"{label:<9} {request:<44} {median:>7.1f} {p95:>7.1f} {queries:>8}")
    runs = Run.objects.filter(owner__email="demo@footnote.example").count()
    same = list_queries["1 month"] == list_queries["5 years"]
    print(
        f"5-year journal: {runs} runs after the creates; runs list queries "
        f"1 month {list_queries['1 month']} vs 5 years {list_queries['5 years']}, constant: {same}"
    )


if __name__ == "__main__":
    main()
