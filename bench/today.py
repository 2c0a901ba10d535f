"""Time Today, its parts and a check-in saved from it against a minimal signed-in page, as production runs.

    .venv/bin/python bench/today.py [--requests 40] [--years 5] [--profile 30]

Runs on a throwaway SQLite database (or DATABASE_URL if set, which it will write to) with the library
and the demo runner's journal (5 years by default) ending on the runner's today, with DEBUG off. Flags
count as evaluated today (the steady state: no re-evaluation inside the timings).

Each round times the floor (/more/) and then each of the others back to back, and the ratio to the
floor is taken within the round, so a busy machine slows both alike. Printed per request: the median
ratio with its 25-75% spread, the median time, the SQL query count and the HTML size.

The save is a check-in posted from Today with htmx (HX-Request), as its form sends it; "save" is the
POST alone with the flag re-evaluation it triggers taken out (timed on its own and subtracted), and
"save + refresh" adds the requests the page then makes because of the answer's HX-Trigger. Each saved
check-in is deleted outside the timing, so every round sees the same journal.

--profile N prints a cProfile of N Today requests (cumulative time, top 40; --profile-only REGEX keeps
the lines whose file matches; --profile-save profiles N saves instead).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
import uuid
from collections.abc import Callable

from _common import analyze_tables, prepare_database, setup_django

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from journal.flags import services as flagging  # noqa: E402
from journal.models import Checkin, Profile  # noqa: E402

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/today/"}


class RefreshTimer:
    """Wraps flags_refresh (the other half of a save) to time it, so it can be taken out."""

    def __init__(self) -> None:
        self.spent_s = 0.0
        self.original = flagging.flags_refresh

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.spent_s += time.perf_counter() - started


def refresh_requests(response) -> list[tuple[str, dict]]:
    """The GETs Today makes after a save: every element listening for journal-changed."""
    if "journal-changed" not in response.get("HX-Trigger", ""):
        return []
    return [(url, HTMX) for url in TRIGGERED]


TRIGGERED: list[str] = []


def listeners(html: str) -> list[str]:
    """The hx-get URLs of Today's elements refreshed on journal-changed."""
    import re

    found = []
    for tag in re.findall(r"<[^>]+journal-changed[^>]*>", html):
        url = re.search(r'hx-get="([^"]+)"', tag)
        if url:
            found.append(url.group(1).replace("&amp;", "&"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--profile-only", default="", help="a regex: profile lines of matching files only")
    parser.add_argument("--profile-save", action="store_true", help="profile saves instead of Today")
    parser.add_argument("--parts", default="", help="comma-separated on-demand URLs to time as well")
    args = parser.parse_args()
    prepare_database()  # DEBUG is off already (setup_django), as production renders
    call_command("seed_demo", years=args.years, verbosity=0)
    analyze_tables()
    user = get_user_model().objects.get(email="demo@footnote.example")
    client = Client()
    client.force_login(user)
    assert client.get("/today/").status_code == 200  # flags now evaluated as of today
    profile = Profile.objects.get(user=user)
    assert profile.flags_evaluated_on == profile.today()

    today_html = client.get("/today/").content.decode()
    TRIGGERED.extend(listeners(today_html))
    timer = RefreshTimer()
    flagging.flags_refresh = timer

    def save() -> tuple[object, float]:
        """POST a check-in as Today's form does; the seconds spent outside the flag re-evaluation."""
        entry_id = uuid.uuid4()
        data = {"entry_id": str(entry_id), "side": "right", "pain_now": "1", "pain_waking": "1"}
        data |= {"date": profile.today().isoformat(), "time": "07:00", "swelling": "none"}
        timer.spent_s = 0.0
        started = time.perf_counter()
        response = client.post("/entries/checkin/new/", data, **HTMX)
        spent = time.perf_counter() - started - timer.spent_s
        assert response.status_code == 200, response.status_code
        assert "Check-in saved." in response.content.decode(), response.content
        return response, spent

    def forget_saved() -> None:
        Checkin.objects.filter(owner=user, date=profile.today(), time="07:00").delete()

    def get(url: str, **headers) -> Callable[[], float]:
        def send() -> float:
            started = time.perf_counter()
            response = client.get(url, **headers)
            spent = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            return spent

        return send

    def save_only() -> float:
        _, spent = save()
        forget_saved()
        return spent

    def save_and_refresh() -> float:
        response, spent = save()
        for url, headers in refresh_requests(response):
            started = time.perf_counter()
            assert client.get(url, **headers).status_code == 200
            spent += time.perf_counter() - started
        forget_saved()
        return spent

    timed: dict[str, Callable[[], float]] = {"today": get("/today/")}
    for url in filter(None, args.parts.split(",")):
        timed[url] = get(url, **HTMX)
    timed["save"] = save_only
    timed["save + refresh"] = save_and_refresh

    floor = get("/more/")
    for send in (floor, *timed.values()):
        send()  # warm caches and templates
    ratios: dict[str, list[float]] = {name: [] for name in timed}
    times: dict[str, list[float]] = {name: [] for name in ["floor", *timed]}
    for _ in range(args.requests):
        for name, send in timed.items():
            base = floor()
            spent = send()
            times["floor"].append(base)
            times[name].append(spent)
            ratios[name].append(spent / base)

    journal = f"{args.years:g}-year demo journal"
    print(f"database: {connection.vendor}; {journal}; {args.requests} rounds; DEBUG off")
    print(f"flag re-evaluation in a save (taken out of 'save'): ~{timer.spent_s * 1000:.1f} ms")
    print(f"refreshed after a save: {', '.join(TRIGGERED) or 'nothing'}")
    print(f"{'request':<34} {'x floor':>8} {'25-75%':>12} {'ms':>7} {'queries':>8} {'HTML kB':>8}")
    sizes = {"floor": "/more/", "today": "/today/"}
    for name in ["floor", *timed]:
        ms = statistics.median(times[name]) * 1000
        if name == "floor":
            ratio = spread = ""
        else:
            q1, median, q3 = statistics.quantiles(ratios[name], n=4)
            ratio, spread = f"{median:.1f}", f"{q1:.1f}-{q3:.1f}"
        queries, size = count(client, name, sizes.get(name, name), save)
        forget_saved()
        print(f"{name:<34} {ratio:>8} {spread:>12} {ms:>7.1f} {queries:>8} {size:>8.1f}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.profile):
            if args.profile_save:
                save()
                profiler.disable()
                forget_saved()
                profiler.enable()
            else:
                client.get("/today/")
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(*filter(None, [args.profile_only]), 40)


def count(client: Client, name: str, url: str, save) -> tuple[str, float]:
    """Queries and HTML size of one request (for the save: the POST, flag re-evaluation included)."""
    with CaptureQueriesContext(connection) as queries:
        if name.startswith("save"):
            response, _ = save()
            extra = refresh_requests(response) if name == "save + refresh" else []
            size = len(response.content)
            for refresh_url, headers in extra:
                size += len(client.get(refresh_url, **headers).content)
        else:
            headers = HTMX if url not in ("/more/", "/today/") else {}
            size = len(client.get(url, **headers).content)
    return str(len(queries)), size / 1000


if __name__ == "__main__":
    main()
