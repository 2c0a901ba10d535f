"""Lighthouse (mobile) on pages of a running Footnote, judged in every category against one bar.

Used by tests/browser/test_lighthouse.py and by bin/lighthouse (`python -m tests.browser.lighthouse`).
Lighthouse itself is the npm package pinned in package.json; `npm ci` installs it into node_modules/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import BrowserContext, BrowserType, sync_playwright

from tests.browser.chromium import CHROMIUM_ARGS, DEBIAN_CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE = 0.95
# Performance is a timing, and a busy machine slows a run: a run that falls short is measured again
# and the median of five counts, as Lighthouse's guidance on variability advises (five runs, not
# three: a single slow run on a busy machine then moves the result less). The other categories do
# not depend on the machine's speed and are measured once.
PERFORMANCE_RUNS = 5


def missing_tools() -> str | None:
    """What stops Lighthouse from running here, said so that the reader can put it right."""
    if shutil.which("node") is None:
        return "Lighthouse needs Node.js (18.16 or later) and npm: install them, then run bin/test."
    if not LIGHTHOUSE.exists():
        return f"Lighthouse is not installed at {LIGHTHOUSE}: run `npm ci` at the project root."
    return None


def chromium_path(browser_type: BrowserType) -> str:
    # The Chromium the browser tests drive: Debian's where it is installed, else Playwright's own build.
    return str(DEBIAN_CHROMIUM if DEBIAN_CHROMIUM.exists() else browser_type.executable_path)


@contextmanager
def debuggable_chromium(browser_type: BrowserType, profile: Path) -> Iterator[tuple[BrowserContext, str]]:
    """Chromium with a remote debugging port for Lighthouse to drive, and its cookie jar in reach. A
    session handed to Lighthouse as a Cookie header is lost on the page's own later requests once
    the page sets a cookie of its own (the CSRF token): a session must be in the jar, as after a
    real sign-in."""
    context = browser_type.launch_persistent_context(
        str(profile),
        executable_path=chromium_path(browser_type),
        args=[*CHROMIUM_ARGS, "--remote-debugging-port=0"],
        no_viewport=True,  # Lighthouse emulates the phone's screen itself
    )
    try:
        port_file = profile / "DevToolsActivePort"
        if not port_file.exists():
            raise RuntimeError(f"Chromium did not open a debugging port ({port_file} is missing).")
        yield context, port_file.read_text().split()[0]
    finally:
        context.close()


def lighthouse(url: str, *, port: str, report: Path, categories: tuple[str, ...] = CATEGORIES) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        f"--port={port}",
        "--form-factor=mobile",
        f"--only-categories={','.join(categories)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        # The screenshot of the whole page only illustrates the HTML report; no score reads it.
        "--disable-full-page-screenshot",
    ]
    # A guard against a browser that never answers, not a measurement: a run takes 10 to 20 s.
    finished = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)  # noqa: S603
    if not report.exists():
        raise RuntimeError(f"Lighthouse wrote no report for {url}:\n{finished.stderr[-2000:]}")
    return json.loads(report.read_text())


def _performance(report: dict) -> float:
    score = report["categories"]["performance"]["score"]
    return -1.0 if score is None else score


@dataclass
class Measurement:
    url: str
    report: dict  # the run in every category
    performance: dict  # the run whose performance score is the median (the same run unless measured again)
    performance_scores: list[float | None]


# Failures of Lighthouse's own trace recording, after which it asks to be run again: a fault of the
# tool, not of the page. Any other runtime error (the page did not load, never painted) is reported.
RUN_AGAIN = {"NO_NAVSTART", "NO_TRACING_STARTED", "PROTOCOL_TIMEOUT"}


def measure(url: str, *, port: str, reports: Path, name: str) -> Measurement:
    report = lighthouse(url, port=port, report=reports / f"{name}.json")
    for n in range(2, 4):
        if report.get("runtimeError", {}).get("code") not in RUN_AGAIN:
            break
        report = lighthouse(url, port=port, report=reports / f"{name}-again-{n}.json")
    runs = [report]
    if _performance(report) < MIN_SCORE:
        for n in range(2, PERFORMANCE_RUNS + 1):
            again = reports / f"{name}-performance-{n}.json"
            runs.append(lighthouse(url, port=port, report=again, categories=("performance",)))
    median = sorted(runs, key=_performance)[len(runs) // 2]
    scores = [run["categories"]["performance"]["score"] for run in runs]
    return Measurement(url=url, report=report, performance=median, performance_scores=scores)


def _score(measurement: Measurement, key: str) -> float | None:
    report = measurement.performance if key == "performance" else measurement.report
    return report["categories"][key]["score"]


def scores(measurement: Measurement) -> str:
    shown = [f"{key} {_score(measurement, key)}" for key in CATEGORIES]
    if len(measurement.performance_scores) > 1:
        shown[0] += f" (median of {measurement.performance_scores})"
    return ", ".join(shown)


def shortfalls(measurement: Measurement) -> list[str]:
    """Each category under the bar, with the titles of the audits that cost it points, and anything
    that makes the report describe another page than the one asked for."""
    url, report = measurement.url, measurement.report
    problems = []
    if report.get("runtimeError"):
        problems.append(f"{url}: Lighthouse could not load the page: {report['runtimeError']['message']}")
    if report.get("finalDisplayedUrl") != url:
        problems.append(
            f"{url}: Lighthouse ended on {report.get('finalDisplayedUrl')}, not the page asked for"
        )
    requests = report["audits"]["network-requests"].get("details", {}).get("items", [])
    if any("/accounts/login/" in request["url"] for request in requests):
        problems.append(f"{url}: one of the page's own requests went to the sign-in page (session lost)")
    for key in CATEGORIES:
        run = measurement.performance if key == "performance" else report
        category = run["categories"][key]
        score = category["score"]
        if score is not None and score >= MIN_SCORE:
            continue
        problems.append(f"{url}: {category['title']} {score} (at least {MIN_SCORE} expected)")
        if key == "performance":
            measured = ", ".join(str(value) for value in measurement.performance_scores)
            # A timing on a busy machine says more about the machine than the page: say how busy it was.
            load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            index = run["environment"]["benchmarkIndex"]
            problems.append(f"  runs: {measured}; CPU benchmark index {index}; {load}")
            problems += [f"  Lighthouse warns: {warning}" for warning in run.get("runWarnings", [])]
        for ref in category["auditRefs"]:
            audit = run["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                problems.append(f"  {audit['title']}: {audit['score']}{shown}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--cookie", action="append", default=[], help="name=value, put in the browser's jar")
    parser.add_argument("--reports", type=Path, required=True, help="folder for the JSON reports")
    args = parser.parse_args(argv)
    problem = missing_tools()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    args.reports.mkdir(parents=True, exist_ok=True)
    cookies = [dict(zip(("name", "value"), cookie.split("=", 1), strict=True)) for cookie in args.cookie]
    problems = []
    with (
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as profile,
        debuggable_chromium(playwright.chromium, Path(profile)) as (context, port),
    ):
        for url in args.urls:
            # The whole site's, not only this page's folder's.
            context.add_cookies([{**cookie, "url": urljoin(url, "/")} for cookie in cookies])
            name = url.rstrip("/").rsplit("/", 1)[-1] or "home"
            measurement = measure(url, port=port, reports=args.reports, name=name)
            print(f"{url}\n  {scores(measurement)}")
            problems += shortfalls(measurement)
    print("\n".join(problems), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
