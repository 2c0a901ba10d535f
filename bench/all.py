"""Every row of the performance table in one run, each as a ratio to the floor page timed in the same rounds.

    .venv/bin/python bench/all.py [--requests 30] [--quick] [--load [--load-seconds 60] [--load-slices 1]]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/all.py

Runs as a server does (DEBUG off; see bench_settings.py) on a throwaway database: a new SQLite file, or
with DATABASE_URL a new database on that PostgreSQL server, dropped at the end. It seeds once: demo-like
runners with 1 month, 5 years and 10 years of journal (seed_demo), and a physiotherapist with 50, 200
and 1,000 patients with a year each (bench/triage.py's bulk seeding), adding patients between sizes.

Each row times the floor (`/more/`, a minimal signed-in page, for the same user) and then the request,
back to back, --requests rounds; it prints the median of the per-round ratios, their 25-75% spread, the
SQL queries of one more request, the target and whether it held. --quick leaves out the 10-year journal
and the 1,000 patients. --load adds the load test (bench/load.py: 50 runners against gunicorn).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from _common import (
    ROOT,
    Ratio,
    against_floor,
    database_label,
    make_stale,
    prepare_database,
    seed_runner,
    setup_django,
)

setup_django()

import triage  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework import throttling  # noqa: E402

# Throttling stays on (its cache read and write are part of every API request) but never answers 429.
HIGH_RATES = {"anon": "1000000/min", "user": "1000000/min"}


@dataclass
class Row:
    name: str
    target: str
    ratio: Ratio | None = None
    held: bool | None = None
    note: str = ""
    value: str = ""  # the ratio column of a row that is not timed against the floor page


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Write:
    """A request that stores a new entry each round, and `undo`, run before each round outside the
    timing, which deletes what the last rounds stored: each write then goes to the journal as seeded,
    not to one that has gained an entry a round (thirty on one day by the end, which the rules would
    read, and the flags' evidence list, on every later write)."""

    send: Callable[[], object]
    model: type
    ids: list[str] = field(default_factory=list)

    def undo(self) -> None:
        if self.ids:
            self.model.objects.filter(pk__in=self.ids).delete()
            self.ids.clear()


def api_create(client: Client, user, kind: str) -> Write:
    from journal.models import Checkin, Run

    day = user.profile.today().isoformat()
    fields = {
        "checkins": {"side": "right", "pain_now": 2, "pain_waking": 1},
        "runs": {"distance_m": 8000, "duration_s": 2700, "pain_during": 0},
    }[kind]

    def send():
        body = {"id": str(uuid.uuid4()), "date": day, **fields}
        write.ids.append(body["id"])
        return client.post(f"/api/v1/{kind}/", body, content_type="application/json")

    write = Write(send, {"checkins": Checkin, "runs": Run}[kind])
    return write


def form_save(client: Client, user) -> Write:
    """The Today page's check-in form sent by htmx: a saved check-in answers 200 with the fresh form."""
    from journal.models import Checkin

    day = user.profile.today().isoformat()

    def send():
        data = {
            "entry_id": str(uuid.uuid4()),
            "date": day,
            "side": "right",
            "pain_now": "2",
            "pain_waking": "1",
            "swelling": "none",
        }
        write.ids.append(data["entry_id"])
        response = client.post("/entries/checkin/new/", data, HTTP_HX_REQUEST="true")
        assert response.headers.get("HX-Trigger") == "journal-changed", response.content[:500]
        return response

    write = Write(send, Checkin)
    return write


def commit() -> str:
    command = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30, help="rounds per row")
    parser.add_argument("--quick", action="store_true", help="without the 10-year journal and 1,000 patients")
    parser.add_argument("--load", action="store_true", help="and the load test (bench/load.py)")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-slices", type=int, default=1, help="see bench/load.py --slices")
    args = parser.parse_args()
    throttling.SimpleRateThrottle.THROTTLE_RATES = HIGH_RATES
    rounds = args.requests
    started = time.perf_counter()

    prepare_database()
    years = {"1 month": 31 / 365, "5 years": 5} | ({} if args.quick else {"10 years": 10})
    runners = {
        label: seed_runner(f"bench-{n}@footnote.example", years=span, seed=7 + n)
        for n, (label, span) in enumerate(years.items())
    }
    patient_sizes = (50, 200) if args.quick else (50, 200, 1000)
    print(f"Footnote {commit()}, {database_label()}, DEBUG off; {rounds} rounds a row")
    print("ratio: median of (request time / floor time) per round, floor = GET /more/ for the same user")

    rows: list[Row] = []

    def row(name: str, target: str, ratio: Ratio, held: bool, note: str = "") -> Row:
        done = Row(name, target, ratio, held, note)
        rows.append(done)
        print_row(done)
        return done

    print_header()
    five = runners["5 years"]
    client = signed_in(five)
    ratio = against_floor(client, lambda: client.get("/today/dashboard/"), rounds)
    row("dashboard partial, 5 years", "<=3x, <=15 q", ratio, ratio.median <= 3 and ratio.queries <= 15)
    ratio = against_floor(
        client, lambda: client.get("/today/dashboard/"), rounds, before=lambda: make_stale(five)
    )
    row("dashboard partial, 5 years, stale", "<=3x, <=15 q", ratio, ratio.median <= 3 and ratio.queries <= 15)
    ratio = against_floor(
        client, lambda: client.get("/today/dashboard/"), rounds, before=lambda: make_stale(five, days=2)
    )
    row("  stale 2 days (no projection)", "<=15 q", ratio, ratio.queries <= 15)
    ratio = against_floor(client, lambda: client.get("/today/"), rounds)
    row("Today page, 5 years", "<=4x", ratio, ratio.median <= 4)

    history = {}
    for label in [y for y in ("5 years", "10 years") if y in runners]:
        history_client = signed_in(runners[label])
        ratio = against_floor(history_client, lambda c=history_client: c.get("/history/"), rounds)
        history[label] = ratio.queries
        constant = len(set(history.values())) == 1
        row(f"History page 1, {label}", "<=3x, constant q", ratio, ratio.median <= 3 and constant)

    for kind, name in (("checkins", "API create check-in"), ("runs", "API create run")):
        for label in ("1 month", "5 years"):
            user = runners[label]
            user_client = signed_in(user)
            write = api_create(user_client, user, kind)
            ratio = against_floor(user_client, write.send, rounds, expect=201, before=write.undo)
            row(f"{name}, {label}", "<=2x", ratio, ratio.median <= 2)
    for label in ("1 month", "5 years"):
        user = runners[label]
        user_client = signed_in(user)
        write = form_save(user_client, user)
        ratio = against_floor(user_client, write.send, rounds, before=write.undo)
        row(f"HTML check-in save (htmx), {label}", "<=3x", ratio, ratio.median <= 3)
    # A write leaves the flags to the next read: the dashboard htmx fetches after a save evaluates it.
    write = form_save(client, five)

    def after_a_write():
        write.undo()
        write.send()

    ratio = against_floor(client, lambda: client.get("/today/dashboard/"), rounds, before=after_a_write)
    held = ratio.median <= 3 and ratio.queries <= 15
    row("  the dashboard read after it, 5 years", "<=3x, <=15 q", ratio, held)

    physio = triage.make_physio()
    today = physio.profile.today()
    physio_client = signed_in(physio)
    rng = random.Random(7)
    done = 0
    triage_rows = {}
    for size in patient_sizes:
        seeding = time.perf_counter()
        triage.add_patients(physio, range(done, size), rng, today)
        triage.settle(physio, today)
        done = size
        note = f"seeded in {time.perf_counter() - seeding:.0f} s"
        ratio = against_floor(physio_client, lambda: physio_client.get("/clinic/"), rounds)
        target = "<=3x, constant q" if size == 200 else "constant q"
        constant = len({r.ratio.queries for r in triage_rows.values()} | {ratio.queries}) == 1
        held = constant and (size != 200 or ratio.median <= 3)
        triage_rows[size] = row(f"triage page 1, {size} patients", target, ratio, held, note)
    constant = len({r.ratio.queries for r in triage_rows.values()}) == 1
    for size, triage_row in triage_rows.items():  # a later size may have broken the constant count
        triage_row.held = constant and (size != 200 or triage_row.ratio.median <= 3)

    if args.load:
        import load

        result = load.run(seconds=args.load_seconds, slices=args.load_slices)
        result.print()
        p50, p95, p99 = result.mix.percentiles_ms()
        errors = sum(result.mix.errors.values()) + sum(result.floor.errors.values())
        note = (
            f"{result.mix.per_second:.1f} vs {result.floor.per_second:.1f} req/s; "
            f"p50/95/99 {p50:.0f}/{p95:.0f}/{p99:.0f} ms; {errors} errors"
        )
        ratio_text = f"{result.throughput_ratio:.2f}x"
        held = result.throughput_ratio >= 0.5
        load_row = Row(
            f"{load.RUNNERS} runners, gunicorn, {args.load_seconds} s",
            ">=0.5x req/s",
            None,
            held,
            note,
            ratio_text,
        )
        rows.append(load_row)
        print_row(load_row)

    print()
    print(f"The table (after {time.perf_counter() - started:.0f} s):")
    print_header()
    for done_row in rows:
        print_row(done_row)
    held = sum(bool(r.held) for r in rows)
    print(f"{held} of {len(rows)} rows held their targets.")


COLUMNS = "{:<38} {:>7} {:>7} {:>11} {:<18} {:<5} {:>8} {:>8}  {}"


def print_header() -> None:
    print(COLUMNS.format("row", "queries", "ratio", "25-75%", "target", "held", "ms", "floor ms", ""))


def print_row(r: Row) -> None:
    held = "yes" if r.held else "no"
    if r.ratio is None:
        print(COLUMNS.format(r.name, "", r.value, "", r.target, held, "", "", r.note))
        return
    q = r.ratio
    print(
        COLUMNS.format(
            r.name,
            q.queries,
            f"{q.median:.1f}x",
            q.spread,
            r.target,
            held,
            f"{q.page_ms:.1f}",
            f"{q.floor_ms:.1f}",
            r.note,
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
