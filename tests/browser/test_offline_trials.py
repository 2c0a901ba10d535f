"""Fault trials for the offline queue in real Chromium: entries made offline, then sent through a
fault. In every trial nothing is lost, nothing is stored twice, and the header count reaches zero
without a page load (the page, or the service worker, keeps trying by itself)."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from journal.models import Checkin, Run
from tests.browser import test_pwa
from tests.browser.conftest import wait_in_page
from tests.browser.test_pwa import QUEUE, badge, queue_checkin, queue_run

app_context = test_pwa.app_context
app = test_pwa.app

API = "**/api/v1/**"


class Fault:
    """A route handler that misbehaves in one way; `lift()` makes the server behave again."""

    def __init__(self, kind: str):
        self.kind = kind
        self.seen = 0
        self.lifted = False
        self.lock = threading.Lock()
        self.cut: set[str] = set()

    def __call__(self, route: Route) -> None:
        with self.lock:
            self.seen += 1
            n = self.seen
        request = route.request
        if self.lifted:
            route.continue_()
        elif self.kind == "server down":
            route.fulfill(status=502, body="Bad gateway")
        elif self.kind == "every other request fails (503)":
            route.fulfill(status=503, body="{}") if n % 2 else route.continue_()
        elif self.kind == "every other request dropped":
            route.abort("connectionreset") if n % 2 else route.continue_()
        elif self.kind == "5 s delay on every request":
            time.sleep(5)
            route.continue_()
        elif self.kind == "connection cut after the server committed":
            # Each entry's first POST is stored by the server, but its answer never arrives.
            if request.method == "POST" and request.post_data not in self.cut:
                self.cut.add(request.post_data)
                route.fetch()
                route.abort("connectionreset")
            else:
                route.continue_()
        else:  # pragma: no cover
            raise AssertionError(self.kind)


def _queue_entries(page: Page) -> set[str]:
    # Each waits for the one before to be stored: the form clears itself once its entry is queued.
    queue_checkin(page, pain="3", side="Left")
    for n, km in enumerate(("3", "4", "5"), start=2):
        wait_in_page(page, f"FootnoteQueue.all().then(items => items.length >= {n - 1})")
        queue_run(page, km=km)
    deadline = time.monotonic() + 10
    while len(items := page.evaluate(QUEUE)) < 4 and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # the last add may still be writing
    ids = {item["id"] for item in items}
    assert len(ids) == 4, [(item["summary"], item["status"]) for item in items]
    return ids


def _wait_until_sent(page: Page, timeout_s: float = 60) -> None:
    """The queue is empty: nothing waits, nothing refused (the badge starts hidden, so it is no proof)."""
    deadline = time.monotonic() + timeout_s
    while page.evaluate("FootnoteQueue.all().then(items => items.length)"):
        assert time.monotonic() < deadline, page.evaluate(QUEUE)
        page.wait_for_timeout(250)


def _stored(ids: set[str]) -> tuple[int, int]:
    """(lost, duplicated) for the queued ids."""
    wanted = {uuid.UUID(i) for i in ids}
    stored = list(Checkin.objects.values_list("id", flat=True)) + list(
        Run.objects.values_list("id", flat=True)
    )
    lost = len(wanted - set(stored))
    duplicated = len(stored) - len(set(stored)) + len(set(stored) - wanted)
    return lost, duplicated


@pytest.mark.browser
@pytest.mark.parametrize(
    ("kind", "lift_after_s"),
    [
        ("server down", 4),
        ("every other request fails (503)", None),
        ("every other request dropped", None),
        ("5 s delay on every request", None),
        ("connection cut after the server committed", None),
    ],
)
def test_a_fault_loses_and_duplicates_nothing_and_the_badge_reaches_zero(
    app_context: BrowserContext, app: Page, kind, lift_after_s
):
    page = app
    app_context.set_offline(True)
    ids = _queue_entries(page)
    page.evaluate("window.__samePage = true")
    fault = Fault(kind)
    app_context.route(API, fault)
    app_context.set_offline(False)
    if lift_after_s:
        page.wait_for_timeout(lift_after_s * 1000)
        assert _stored(ids) == (4, 0)  # nothing got through while the server was down
        fault.lifted = True
    expect(badge(page)).to_be_hidden(timeout=90_000)
    assert page.evaluate("window.__samePage") is True
    assert _stored(ids) == (0, 0)
    assert page.evaluate(QUEUE) == []


@pytest.mark.browser
def test_two_tabs_and_a_flaky_link_store_each_entry_once(
    app_context: BrowserContext, app: Page, app_url: str
):
    first = app
    second = app_context.new_page()
    second.goto(f"{app_url}/today/")
    wait_in_page(second, "navigator.serviceWorker.controller !== null")
    app_context.set_offline(True)
    ids = _queue_entries(first)
    app_context.route(API, Fault("every other request dropped"))
    app_context.set_offline(False)
    for tab in (first, second):
        tab.evaluate("Promise.resolve(window.footnoteSync()).then(() => true)")
    expect(badge(first)).to_be_hidden(timeout=90_000)
    expect(badge(second)).to_be_hidden(timeout=30_000)
    assert _stored(ids) == (0, 0)


@pytest.mark.browser
def test_the_page_closed_mid_sync_and_reopened_stores_each_entry_once(
    app_context: BrowserContext, app: Page, app_url: str
):
    page = app
    app_context.set_offline(True)
    ids = _queue_entries(page)
    posts: list[str] = []

    def slow(route: Route) -> None:
        if route.request.method == "POST":
            posts.append(route.request.url)
            time.sleep(1)
        with contextlib.suppress(Exception):  # the page that sent it has been closed meanwhile
            route.continue_()

    app_context.route(API, slow)
    app_context.set_offline(False)
    wait_in_page(page, "navigator.onLine")
    page.evaluate("window.footnoteSync(); true")
    page.wait_for_timeout(1500)  # the first entry is on its way
    # Another tab keeps the browser's session (and its session cookie) alive.
    reopened = app_context.new_page()
    page.close()
    reopened.goto(f"{app_url}/today/")
    _wait_until_sent(reopened)
    expect(badge(reopened)).to_be_hidden()
    assert posts
    assert _stored(ids) == (0, 0)
