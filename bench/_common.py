"""What the benchmark scripts share: a throwaway database, and timing a request many times."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path


def setup_django() -> None:
    """Django on a throwaway SQLite file (or DATABASE_URL, which the script will write to)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # plain static URLs, no collectstatic needed
    if "DATABASE_URL" not in os.environ:
        os.environ["SQLITE_PATH"] = os.path.join(tempfile.mkdtemp(prefix="footnote-bench-"), "bench.sqlite3")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()


def measure(send: Callable[[], object], requests: int, expect: int = 200) -> tuple[float, float, int]:
    """Median and 95th percentile in ms over `requests` calls, and the SQL query count of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send()  # warm caches and templates
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = send()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == expect, (response.status_code, response.content[:300])
    with CaptureQueriesContext(connection) as queries:
        send()
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(queries)
