"""Benchmark importing a 1,000-run Strava-style archive: time per run and peak memory.

    .venv/bin/python bench/import.py [--runs 1000] [--requests 30]

Builds an export archive (GPX, TCX and FIT in turn, some gzipped, with activities.csv), then
imports it through `POST /api/v1/imports/?commit=1` (read, preview, save and one flag refresh, all
in the request here so the whole job is timed). Time per imported run is printed as a ratio to one
`POST /api/v1/runs/` in the same run, and the request times as a ratio to the floor page (`/more/`).
Peak memory is Python's own allocations during a second import (tracemalloc) and the process's
peak resident size. On a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's
server).
"""

from __future__ import annotations

import argparse
import gzip
import resource
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import measure, setup_django

setup_django()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework import throttling  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from journal.imports import flow  # noqa: E402
from journal.models import Run  # noqa: E402
from tests.factories import make_shoe, make_user  # noqa: E402
from tests.imports.files import make_fit, make_gpx, make_tcx, make_zip  # noqa: E402

HIGH_RATES = {"anon": "1000000/min", "user": "1000000/min"}


def archive_of(runs: int) -> bytes:
    start = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0) - timedelta(days=runs + 1)
    members, rows = (
        {},
        ['"Activity ID","Activity Date","Activity Name","Activity Type","Filename","Activity Gear"'],
    )
    for i in range(runs):
        at = start + timedelta(days=i)
        km, minutes = 5 + i % 10, 30 + (i % 10) * 5
        kind = ("gpx", "tcx", "fit")[i % 3]
        data = {"gpx": make_gpx, "tcx": make_tcx, "fit": make_fit}[kind](at, km=km, minutes=minutes)
        name = f"activities/{i}.{kind}" + (".gz" if i % 2 else "")
        members[name] = gzip.compress(data) if i % 2 else data
        rows.append(f'"{i}","","Run {i}","Run","{name}","Daily trainer"')
    members["activities.csv"] = "\n".join(rows).encode()
    return make_zip(members)


def import_once(client: APIClient, archive: bytes) -> tuple[float, dict]:
    upload = SimpleUploadedFile("export.zip", archive, content_type="application/zip")
    started = time.perf_counter()
    response = client.post("/api/v1/imports/?commit=1", {"files": [upload]}, format="multipart")
    elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.content[:300]
    return elapsed, response.json()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    throttling.SimpleRateThrottle.THROTTLE_RATES = HIGH_RATES
    # Everything in the request, so the timing covers the whole job rather than the queueing.
    flow.INLINE_BYTES = flow.INLINE_RUNS = 10**12
    call_command("migrate", verbosity=0)

    runner = make_user("bench@example.com", name="Bench")
    make_shoe(runner, name="Daily trainer")
    api = APIClient()
    api.force_authenticate(runner)
    page = Client()
    page.force_login(runner)

    floor_ms, _, floor_q = measure(lambda: page.get("/more/"), args.requests)
    day = iter(range(10_000))

    def create():
        body = {"id": str(uuid.uuid4()), "date": "2020-01-01", "distance_m": 8000, "duration_s": 2700}
        body["date"] = (datetime(2020, 1, 1) + timedelta(days=next(day))).date().isoformat()
        return api.post("/api/v1/runs/", body, format="json")

    create_ms, _, create_q = measure(create, args.requests, expect=201)
    Run.objects.filter(owner=runner).delete()

    built = time.perf_counter()
    archive = archive_of(args.runs)
    built_s = time.perf_counter() - built
    print(f"archive: {args.runs} runs, {len(archive) / 1e6:.1f} MB zipped, built in {built_s:.0f} s")

    elapsed, body = import_once(api, archive)
    saved = body["saved_count"]
    assert saved == args.runs, body["saved_count"]
    per_run_ms = elapsed * 1000 / saved

    twin = make_user("twin@example.com", name="Twin")
    make_shoe(twin, name="Daily trainer")
    api.force_authenticate(twin)
    tracemalloc.start()
    import_once(api, archive)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"database: {connection.vendor}")
    print(f"floor page GET /more/: {floor_ms:.1f} ms median, {floor_q} queries")
    create_ratio = create_ms / floor_ms
    print(
        f"one POST /api/v1/runs/: {create_ms:.1f} ms median ({create_ratio:.1f}x the floor),"
        f" {create_q} queries"
    )
    print(f"import of {saved} runs: {elapsed:.1f} s in all ({elapsed * 1000 / floor_ms:.0f}x the floor)")
    print(f"  per run: {per_run_ms:.1f} ms = {per_run_ms / create_ms:.2f}x one API create")
    print(f"  peak Python memory during the import: {peak / 1e6:.0f} MB; process peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
