"""What the benchmark scripts share: a throwaway database, settings as a server runs them, the data
they seed, and timing a request against the floor page in the same rounds."""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
FLOOR = "/more/"  # a minimal signed-in page: session, user, profile, the layout
SETTINGS_MODULE = "bench_settings"

_ready = False


def setup_django() -> None:
    """Django as a server runs it (DEBUG off, see bench_settings.py) on a throwaway database: a new
    SQLite file, or with DATABASE_URL a new database on that PostgreSQL server, dropped at exit.
    The cache gets a throwaway folder too. Calling it again does nothing."""
    global _ready
    if _ready:
        return
    _ready = True
    for path in (str(ROOT), str(BENCH_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["SECURE_HSTS_SECONDS"] = "0"
    scratch = tempfile.mkdtemp(prefix="footnote-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ["CACHE_DIR"] = os.path.join(scratch, "cache")
    os.environ["MEDIA_ROOT"] = os.path.join(scratch, "media")
    if os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = _throwaway_postgres(os.environ["DATABASE_URL"])
    else:
        os.environ["SQLITE_PATH"] = os.path.join(scratch, "bench.sqlite3")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()


def _throwaway_postgres(url: str) -> str:
    """A new, empty database on the server DATABASE_URL names, dropped when the script ends."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"footnote_bench_{secrets.token_hex(4)}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    atexit.register(drop)
    return urlunsplit(parts._replace(path="/" + name))


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def prepare_database() -> None:
    """Tables and the condition and exercise library."""
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_library", stdout=io.StringIO())


def seed_runner(email: str, *, years: float, seed: int, today: date | None = None):
    """A demo-like runner (seed_demo's journal) under its own address; returns the user. Entry ids come
    from the seed, so each runner in one database needs its own."""
    from journal.management.commands.seed_demo import seed_demo

    user = seed_demo(email=email, years=years, today=today, seed=seed)
    analyze_tables()
    return user


def analyze_tables() -> None:
    """Give PostgreSQL's planner statistics on what was just seeded, as its autovacuum does on a live
    server within about a minute of so many new rows. Measured at once instead, the planner has none and
    can pick, say, the runs' index on owner alone and filter five years of runs by date. (SQLite keeps
    no statistics unless asked, and the app does not ask: left as it is.)"""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def make_stale(user, days: int = 1) -> None:
    """The runner's flags were last evaluated `days` ago, as the nightly job (or a write, once the task
    worker had worked out the next day) would have left them, so the next read brings them up to today
    first: from the projection made for the next day (days=1), or by evaluating in full (days=2 and more)."""
    from journal.flags.services import flags_refresh
    from journal.models import Profile

    profile = Profile.objects.get(user=user)
    flags_refresh(owner=user, profile=profile, day=profile.today() - timedelta(days=days), project=True)


def count_queries(send: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        send()
    return len(queries)


def measure(
    send: Callable[[], object],
    requests: int,
    expect: int = 200,
    before: Callable[[], None] | None = None,
) -> tuple[float, float, int]:
    """Median and 95th percentile in ms over `requests` calls, and the SQL query count of one more.
    `before` runs ahead of each call, outside the timing and the count."""
    for step in (before, send):  # warm caches and templates
        if step:
            step()
    timings = []
    for _ in range(requests):
        if before:
            before()
        started = time.perf_counter()
        response = send()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == expect, (response.status_code, response.content[:300])
    if before:
        before()
    queries = count_queries(send)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, queries


@dataclass(frozen=True)
class Ratio:
    median: float  # of the per-round ratios page time / floor time
    q1: float
    q3: float
    page_ms: float  # medians of the times themselves, for reference
    floor_ms: float
    queries: int  # of one more page request

    @property
    def spread(self) -> str:
        return f"{self.q1:.1f}-{self.q3:.1f}"


def against_floor(
    client,
    send: Callable[[], object],
    rounds: int,
    *,
    expect: int = 200,
    before: Callable[[], None] | None = None,
) -> Ratio:
    """Time the floor page and then `send()` back to back, `rounds` times, with the same client (so
    the same signed-in user): the ratio of each round, their median and 25-75% spread. `before`
    runs ahead of each page request, outside the timing (to make the flags stale, say)."""

    def floor():
        return client.get(FLOOR)

    for warm in (floor, before, send):  # templates, caches, connections
        if warm:
            warm()
    ratios, page_s, floor_s = [], [], []
    for _ in range(rounds):
        started = time.perf_counter()
        response = floor()
        floor_s.append(time.perf_counter() - started)
        assert response.status_code == 200, ("floor", response.status_code)
        if before:
            before()
        started = time.perf_counter()
        response = send()
        page_s.append(time.perf_counter() - started)
        assert response.status_code == expect, (response.status_code, response.content[:300])
        ratios.append(page_s[-1] / floor_s[-1])
    if before:
        before()
    queries = count_queries(send)
    q1, median, q3 = (
        statistics.quantiles(ratios, n=4, method="inclusive") if len(ratios) > 1 else (ratios[0],) * 3
    )
    return Ratio(
        median=median,
        q1=q1,
        q3=q3,
        page_ms=statistics.median(page_s) * 1000,
        floor_ms=statistics.median(floor_s) * 1000,
        queries=queries,
    )
