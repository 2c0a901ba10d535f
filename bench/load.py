"""A bounded load test: 50 signed-in runners against gunicorn, then the same clients on the floor page alone.

    .venv/bin/python bench/load.py [--seconds 60] [--runners 50] [--workers 3] [--slices 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py

Seeds a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's server) with 50
runners, each with three months of seed_demo's journal, and signs each in (a session made the way
force_login makes it). Starts gunicorn on a free port on 127.0.0.1 with 3 workers and DEBUG off
(bench_settings.py), against that database and a throwaway cache folder.

Then two phases of --seconds each, every runner a thread with its own HTTP session, sending its next
request as soon as the last one is answered (no think time, so this is the most the server can take):

1. the mix: Today, the dashboard partial (as htmx asks for it), a check-in through the API
   (POST /api/v1/checkins/ with the CSRF token, as the offline queue sends it) and History, in turn;
2. the floor: only GET /more/, a minimal signed-in page.

With --slices N the two take turns, N slices of --seconds/N each, so that other work on a shared
machine weighs on both alike.

It prints each phase's answered requests per second, the mix's as a ratio to the floor's (the target
is at least 0.5), p50/p95/p99 latency, and errors: answers other than 2xx/3xx, and exceptions
(timeouts, refused connections). Every request has a 30 s timeout, so the test ends within
--seconds plus 30 s per phase; gunicorn is stopped on the way out, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from _common import BENCH_DIR, FLOOR, ROOT, database_label, prepare_database, seed_runner, setup_django

setup_django()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

RUNNERS = 50
WORKERS = 3
TIMEOUT_S = 30
READY_WITHIN_S = 60


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)  # by request, in seconds
    errors: Counter = field(default_factory=Counter)

    def record(self, label: str, elapsed: float, error: str | None) -> None:
        if error:
            self.errors[f"{label}: {error}"] += 1
        else:
            self.latencies.setdefault(label, []).append(elapsed)

    @property
    def answered(self) -> int:
        return sum(len(times) for times in self.latencies.values())

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentiles_ms(self, label: str | None = None) -> tuple[float, float, float]:
        times = self.latencies[label] if label else [t for ts in self.latencies.values() for t in ts]
        if len(times) < 2:
            return (times[0] * 1000,) * 3 if times else (0.0, 0.0, 0.0)
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


@dataclass
class LoadResult:
    runners: int
    workers: int
    database: str
    mix: Phase
    floor: Phase

    @property
    def throughput_ratio(self) -> float:
        return self.mix.per_second / self.floor.per_second if self.floor.per_second else 0.0

    def print(self) -> None:
        print(
            f"Load test: {self.runners} runners, gunicorn with {self.workers} sync workers, {self.database}; "
            "answered requests (2xx/3xx) per second, latency in ms"
        )
        print(f"{'phase':<46} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>7}")
        for phase in (self.mix, self.floor):
            p50, p95, p99 = phase.percentiles_ms()
            errors = sum(phase.errors.values())
            print(
                f"{phase.name:<46} {phase.answered:>8} {phase.per_second:>7.1f} "
                f"{p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {errors:>7}"
            )
            if phase is self.mix:
                for label in phase.latencies:
                    p50, p95, p99 = phase.percentiles_ms(label)
                    count = len(phase.latencies[label])
                    print(f"  {label:<44} {count:>8} {'':>7} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f}")
        for phase in (self.mix, self.floor):
            for error, count in phase.errors.most_common():
                print(f"  error in {phase.name}: {error} x{count}")
        print(f"mix throughput / floor throughput: {self.throughput_ratio:.2f} (target >= 0.5)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn in its own process group, stopped (the whole group) on the way out."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="footnote-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            f"--chdir={ROOT}",
            f"--pythonpath={BENCH_DIR}",
            f"--timeout={TIMEOUT_S}",
        ]
        # The environment setup_django() made: bench_settings, DEBUG off, the same SECRET_KEY (so the
        # sessions made here are valid there), the throwaway database and cache folder.
        self.process = subprocess.Popen(  # noqa: S603
            command, env=dict(os.environ), stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_WITHIN_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                requests.get(self.url + FLOOR, timeout=10, allow_redirects=False)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {READY_WITHIN_S} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        with open(self.log.name, encoding="utf-8", errors="replace") as log:
            return "".join(log.readlines()[-30:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        os.unlink(self.log.name)

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Runner:
    session_key: str
    today: str  # the runner's own date, for the check-ins it sends


def seed_load_runners(count: int) -> list[Runner]:
    runners = []
    for n in range(count):
        user = seed_runner(f"load-{n}@footnote.example", years=0.25, seed=1000 + n)
        client = Client()
        client.force_login(user)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        runners.append(Runner(session_key, user.profile.today().isoformat()))
    return runners


def browser_for(runner: Runner, base_url: str) -> requests.Session:
    """An HTTP session signed in as the runner, holding the CSRF cookie its first page set."""
    http = requests.Session()
    http.cookies.set(settings.SESSION_COOKIE_NAME, runner.session_key, domain="127.0.0.1")
    answer = http.get(base_url + "/today/", timeout=TIMEOUT_S, allow_redirects=False)
    answer.raise_for_status()
    if answer.status_code != 200 or settings.CSRF_COOKIE_NAME not in http.cookies:
        raise RuntimeError(f"the runner is not signed in: {answer.status_code}")
    return http


def mix_requests(http: requests.Session, runner: Runner, base_url: str):
    csrf = http.cookies[settings.CSRF_COOKIE_NAME]
    while True:
        yield "GET /today/", lambda: http.get(base_url + "/today/", timeout=TIMEOUT_S, allow_redirects=False)
        yield (
            "GET /today/dashboard/ (htmx)",
            lambda: http.get(
                base_url + "/today/dashboard/",
                headers={"HX-Request": "true"},
                timeout=TIMEOUT_S,
                allow_redirects=False,
            ),
        )
        body = {"id": str(uuid.uuid4()), "date": runner.today, "side": "right", "pain_now": 2}
        yield (
            "POST /api/v1/checkins/",
            lambda body=body: http.post(
                base_url + "/api/v1/checkins/",
                json=body,
                headers={"X-CSRFToken": csrf},
                timeout=TIMEOUT_S,
                allow_redirects=False,
            ),
        )
        yield (
            "GET /history/",
            lambda: http.get(base_url + "/history/", timeout=TIMEOUT_S, allow_redirects=False),
        )


def floor_requests(http: requests.Session, runner: Runner, base_url: str):
    while True:
        yield "GET /more/", lambda: http.get(base_url + FLOOR, timeout=TIMEOUT_S, allow_redirects=False)


def run_phase(phase: Phase, plans: list, seconds: float) -> None:
    """Every runner works through its own plan (an endless iterator of requests) until the deadline;
    what they answered is added to `phase`."""
    lock = threading.Lock()
    start = threading.Barrier(len(plans) + 1)
    deadline = [0.0]

    def loop(steps) -> None:
        start.wait()
        while time.monotonic() < deadline[0]:
            label, send = next(steps)
            began = time.perf_counter()
            error = None
            try:
                answer = send()
                if not 200 <= answer.status_code < 400:
                    error = str(answer.status_code)
            except requests.RequestException as exc:
                error = type(exc).__name__
            elapsed = time.perf_counter() - began
            with lock:
                phase.record(label, elapsed, error)

    threads = [threading.Thread(target=loop, args=(steps,), daemon=True) for steps in plans]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(seconds + TIMEOUT_S + 10)
    # Requests still in flight at the deadline finish and count; the phase lasts until the last one.
    phase.seconds += time.monotonic() - began


def run(
    *, seconds: float = 60, runner_count: int = RUNNERS, workers: int = WORKERS, slices: int = 1
) -> LoadResult:
    """Seed the runners, start gunicorn, run both phases and stop it. Django is set up already.
    With `slices` above 1 the phases take turns in that many slices each (mix, floor, mix, ...), so
    that other work on a shared machine weighs on both alike."""
    started = time.perf_counter()
    runners = seed_load_runners(runner_count)
    print(f"load test: {runner_count} runners seeded in {time.perf_counter() - started:.0f} s", flush=True)
    connections.close_all()  # gunicorn's workers open their own
    # A SIGTERM ends the script through its normal exit path, so gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    mix = Phase("mix (Today, dashboard, API check-in, History)")
    floor = Phase("floor (GET /more/ only)")
    with Gunicorn(workers) as server:
        server.wait_until_ready()
        browsers = [browser_for(runner, server.url) for runner in runners]  # also warms every worker
        pairs = list(zip(browsers, runners, strict=True))
        mix_plans = [mix_requests(http, runner, server.url) for http, runner in pairs]
        floor_plans = [floor_requests(http, runner, server.url) for http, runner in pairs]
        for _ in range(slices):
            run_phase(mix, mix_plans, seconds / slices)
            run_phase(floor, floor_plans, seconds / slices)
    return LoadResult(runner_count, workers, database_label(), mix, floor)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runners", type=int, default=RUNNERS)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--slices", type=int, default=1, help="take turns: mix, floor, mix, ... in N slices")
    args = parser.parse_args()
    prepare_database()
    run(seconds=args.seconds, runner_count=args.runners, workers=args.workers, slices=args.slices).print()


if __name__ == "__main__":
    main()
