"""Offline sync under faults, in real Chromium: a queue bound to its account, retries that need no
page load, sign-out that needs the server, refused entries the runner can discard or fix."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import BrowserContext, Page, Route, expect

from journal.common.units import duration_from_pace, to_metres
from journal.models import Checkin, Run, Shoe
from tests.browser import test_pwa
from tests.browser.conftest import eventually, open_disclosure, sign_in, wait_in_page
from tests.browser.test_pwa import (
    QUEUE,
    QUEUE_SIZE,
    badge,
    pending_items,
    queue_checkin,
    queue_run,
    sync,
    wait_until_sent,
)
from tests.factories import make_shoe

# The installed app's fixtures: a persistent profile, signed in and controlled by the service worker.
app_context = test_pwa.app_context
app = test_pwa.app


def sign_out(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/more/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)


# 1. The queue belongs to the account that made it


@pytest.mark.browser
def test_another_runners_entries_are_never_sent_shown_or_counted_and_come_back_to_them(
    app_context: BrowserContext, app: Page, app_url: str, runner, other_runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page, pain="6", side="Left")
    [item] = page.evaluate(QUEUE)
    assert item["account"] == str(runner.pk)

    # Rita's session ends on the server (it expired, or she signed out on another device).
    Session.objects.all().delete()
    app_context.set_offline(False)
    wait_in_page(page, "navigator.onLine")
    page.evaluate("Promise.resolve(window.footnoteSync()).then(() => true)")
    assert Checkin.objects.count() == 0

    # Otto signs in on the same browser: Rita's entry is neither sent, nor shown, nor counted.
    sign_in(page, app_url, other_runner.email)
    outcome = sync(page)
    assert outcome["account"] == str(other_runner.pk)
    assert outcome["sent"] == 0
    expect(badge(page)).to_be_hidden()
    expect(page.locator("#pending-list")).to_be_hidden()
    page.goto(f"{app_url}/history/")
    expect(page.get_by_text("Check-in: pain 6/10")).to_have_count(0)
    assert Checkin.objects.count() == 0
    [untouched] = page.evaluate(QUEUE)
    assert untouched == item

    # Otto's own entry is his, and sent under his account only.
    page.goto(f"{app_url}/today/")
    app_context.set_offline(True)
    queue_checkin(page, pain="2", side="Right")
    expect(badge(page).locator("[data-count]")).to_have_text("1")
    app_context.set_offline(False)
    expect(badge(page)).to_be_hidden()
    assert eventually(lambda: Checkin.objects.filter(owner=other_runner).exists())
    assert list(Checkin.objects.values_list("owner_id", "pain_now")) == [(other_runner.pk, 2)]

    # Signing out clears Otto's part of the device and leaves Rita's entry alone.
    sign_out(page, app_url)
    assert page.evaluate(QUEUE) == [untouched]

    # Rita signs in again: her entry is offered back and sent, under her account.
    sign_in(page, app_url, runner.email)
    expect(badge(page)).to_be_hidden()
    wait_until_sent(page)
    assert eventually(lambda: Checkin.objects.filter(pk=item["id"]).exists())
    stored = Checkin.objects.get(pk=item["id"])
    assert (stored.owner_id, stored.pain_now) == (runner.pk, 6)
    assert Checkin.objects.count() == 2


# 3. Retries with backoff, without a page load


def _fail_every_other(context: BrowserContext, log: list) -> None:
    def handler(route: Route) -> None:
        log.append((route.request.method, route.request.url))
        if len(log) % 2:
            route.fulfill(status=503, content_type="application/json", body='{"detail": "Try again."}')
        else:
            route.continue_()

    context.route("**/api/v1/**", handler)


@pytest.mark.browser
def test_with_every_other_request_failing_every_entry_arrives_once_without_a_reload(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    for km in range(1, 11):
        # The form clears itself once the entry before is stored; wait for that before typing.
        wait_in_page(page, f"FootnoteQueue.all().then(items => items.length >= {km - 1})")
        queue_run(page, km=str(km))
    ids = {item["id"] for item in page.evaluate(QUEUE)}
    assert len(ids) == 10
    expect(badge(page).locator("[data-count]")).to_have_text("10")
    page.evaluate("window.__samePage = true")

    log: list = []
    _fail_every_other(app_context, log)
    app_context.set_offline(False)
    expect(badge(page)).to_be_hidden(timeout=60_000)
    assert page.evaluate("window.__samePage") is True  # no page load on the way
    wait_until_sent(page)
    assert eventually(lambda: Run.objects.count() == 10)
    assert set(Run.objects.filter(owner=runner).values_list("id", flat=True)) == {uuid.UUID(i) for i in ids}
    assert Run.objects.count() == 10
    posts = [url for method, url in log if method == "POST"]
    assert len(posts) > 10  # some sends failed and were retried


@pytest.mark.browser
def test_the_badge_is_right_within_seconds_of_the_server_coming_back(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page)
    queue_run(page)
    page.evaluate("window.__samePage = true")

    attempts: list = []

    def down(route: Route) -> None:
        attempts.append(route.request.url)
        route.fulfill(status=502, body="Bad gateway")

    app_context.route("**/api/v1/**", down)
    app_context.set_offline(False)
    # The server is down: the page keeps trying by itself, with growing pauses.
    wait_in_page(page, "navigator.onLine")
    expect(badge(page).locator("[data-count]")).to_have_text("2")
    page.wait_for_timeout(4_000)
    assert len(attempts) >= 2, attempts
    assert len(attempts) < 10, attempts  # backing off, not hammering

    # The page may be sending in the background (its own retry); let that request finish.
    app_context.unroute_all(behavior="ignoreErrors")
    # Longest pause between tries is 8 s; allow for a slow machine.
    expect(badge(page)).to_be_hidden(timeout=12_000)
    assert page.evaluate("window.__samePage") is True
    assert Run.objects.filter(owner=runner).count() == 1
    assert Checkin.objects.filter(owner=runner).count() == 1


# 4. Sign-out needs the server


@pytest.mark.browser
def test_offline_sign_out_says_it_needs_a_connection_and_keeps_everything(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    page.goto(f"{app_url}/more/")
    page.goto(f"{app_url}/today/")
    app_context.set_offline(True)
    queue_checkin(page)
    page.goto(f"{app_url}/more/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("alert")).to_contain_text("Signing out needs a connection")
    expect(page).to_have_url(f"{app_url}/more/")
    assert page.evaluate(QUEUE_SIZE) == 1

    # Back online, the runner is still signed in and the entry is sent; then signing out works.
    app_context.set_offline(False)
    wait_until_sent(page)
    expect(badge(page)).to_be_hidden()
    assert eventually(lambda: Checkin.objects.filter(owner=runner).count() == 1)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    page.goto(f"{app_url}/today/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert "footnote" not in page.evaluate("indexedDB.databases().then(dbs => dbs.map(d => d.name))")


@pytest.mark.browser
def test_the_device_is_cleared_only_once_the_server_has_signed_the_runner_out(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page)
    app_context.route("**/api/v1/**", lambda route: route.abort("connectionrefused"))
    app_context.set_offline(False)
    page.goto(f"{app_url}/more/")
    # The sign-out request does not arrive (the connection drops): nothing on the device changes.
    app_context.route("**/accounts/logout/", lambda route: route.abort("connectionreset"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("alert")).to_contain_text("Signing out needs a connection")
    assert page.evaluate(QUEUE_SIZE) == 1
    assert "footnote-pages" in page.evaluate("caches.keys()")
    assert Session.objects.count() == 1

    app_context.unroute("**/accounts/logout/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    assert Session.objects.count() == 0
    assert "footnote" not in page.evaluate("indexedDB.databases().then(dbs => dbs.map(d => d.name))")
    assert "footnote-pages" not in page.evaluate("caches.keys()")


# 6. A refused entry: discard it, or fix it knowing what changed


def _refused_run(context: BrowserContext, page: Page) -> dict:
    context.set_offline(True)
    queue_run(page, km="400", time="40:00:00", validate=False)
    context.set_offline(False)
    expect(pending_items(page)).to_contain_text("(not accepted)")
    [item] = page.evaluate(QUEUE)
    assert item["status"] == "rejected"
    return item


@pytest.mark.browser
def test_a_refused_entry_can_be_discarded_after_a_confirm(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    item = _refused_run(app_context, page)
    discard = pending_items(page).get_by_role("button", name=re.compile("^Discard"))

    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as asked:
        discard.click()
    assert "Discard" in asked.value.message and "Run: 400 km" in asked.value.message
    expect(badge(page).locator("[data-count]")).to_have_text("1")
    assert page.evaluate(QUEUE_SIZE) == 1

    page.once("dialog", lambda dialog: dialog.accept())
    discard.click()
    expect(badge(page)).to_be_hidden()
    expect(page.locator("#pending-list")).to_be_hidden()
    wait_until_sent(page)
    assert not Run.objects.filter(pk=item["id"]).exists()
    page.reload()
    expect(badge(page)).to_be_hidden()


@pytest.mark.browser
def test_fix_it_says_when_the_shoe_of_a_refused_run_is_gone(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    make_shoe(runner, name="Trail Blazer")
    make_shoe(runner, name="Road Runner")
    page = app
    page.goto(f"{app_url}/log/?what=run")
    app_context.set_offline(True)
    form = page.locator("#run-form")
    open_disclosure(form, "Pace, shoe")
    form.get_by_label("Shoe").select_option(label="Trail Blazer")
    queue_run(page, km="8", time="45:00")
    Shoe.objects.filter(name="Trail Blazer").delete()  # deleted on another device meanwhile
    app_context.set_offline(False)
    expect(pending_items(page)).to_contain_text("(not accepted)")
    [item] = page.evaluate(QUEUE)

    pending_items(page).get_by_role("link", name="Fix it").click()
    form = page.locator("#run-form")
    note = form.get_by_role("alert")
    expect(note).to_contain_text("Trail Blazer")
    expect(note).to_contain_text("no longer available")
    # Every other field is as typed.
    expect(form.get_by_label("Distance (km)")).to_have_value("8")
    expect(form.get_by_label("Time", exact=True)).to_have_value("45:00")
    form.get_by_label("Shoe").select_option(label="Road Runner")
    form.get_by_role("button", name="Save run").click()
    expect(page.locator("#run-form").get_by_role("status")).to_have_text("Run saved.")
    run = Run.objects.get(pk=item["id"])
    assert (run.distance_m, run.duration_s, run.shoe.name) == (8000, 2700, "Road Runner")


# 5. One unit conversion, to the second


def _half_second_cases(limit_hundredths: int = 5000) -> list[tuple[int, int]]:
    """Every pace from 2:00 to 20:00 per unit, with each distance up to 50.00 where pace × distance
    ends in exactly half a second."""
    return [
        (pace, h)
        for pace in range(120, 1201)
        for h in range(1, limit_hundredths + 1)
        if (pace * h) % 100 == 50
    ]


@pytest.mark.browser
def test_the_page_and_the_server_turn_every_half_second_pace_into_the_same_seconds(app: Page):
    cases = _half_second_cases()
    assert len(cases) > 10_000
    server = [duration_from_pace(pace, Decimal(h) / 100) for pace, h in cases]
    page_side = app.evaluate(
        """cases => cases.map(([pace, h]) => FootnoteUnits.durationFromPace(
             Math.floor(pace / 60) + ':' + String(pace % 60).padStart(2, '0'),
             Math.floor(h / 100) + '.' + String(h % 100).padStart(2, '0')))""",
        cases,
    )
    mismatches = [(c, s, p) for c, s, p in zip(cases, server, page_side, strict=True) if s != p]
    assert mismatches == []
    # Halves go up on both sides: 5:01/km for 2.5 km is 752.5 s, stored as 753.
    assert duration_from_pace(301, Decimal("2.5")) == 753


@pytest.mark.browser
def test_the_page_and_the_server_turn_every_distance_into_the_same_metres(app: Page):
    texts = [f"{h // 100}.{h % 100:02d}" for h in range(1, 10_001)]
    for unit in ("km", "mi"):
        page_side = app.evaluate(
            "([texts, unit]) => texts.map(t => FootnoteUnits.metres(t, unit))", [texts, unit]
        )
        server = [to_metres(Decimal(t), unit) for t in texts]
        assert page_side == server, unit


@pytest.mark.browser
def test_a_run_by_pace_resent_after_a_lost_answer_is_a_replay_not_a_clash(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    delivered = []

    def lose_the_answer(route: Route) -> None:
        # The form reaches the server and is stored; the answer never arrives.
        if route.request.method == "POST":
            delivered.append(route.fetch().status)
            route.abort("connectionreset")
        else:
            route.continue_()

    app_context.route("**/entries/run/new/", lose_the_answer)
    form = page.locator("#run-form")
    form.get_by_label("Distance (km)").fill("2.5")
    open_disclosure(form, "Pace, shoe")
    form.get_by_label("Pace, instead of the time").fill("5:01")
    form.get_by_role("button", name="Save run").click()
    expect(form.get_by_role("status")).to_contain_text("Saved on this device")
    assert delivered and delivered[0] in (200, 201, 204)
    [item] = page.evaluate(QUEUE)
    assert item["payload"]["duration_s"] == 753
    run = Run.objects.get(pk=item["id"])
    assert run.duration_s == 753

    app_context.unroute("**/entries/run/new/")
    outcome = sync(page)
    assert (outcome["sent"], outcome["rejected"]) == (1, 0)
    wait_until_sent(page)
    assert eventually(lambda: Run.objects.count() == 1)


# 3 (continued). The service worker: a failed send fails the sync event, so the browser retries


def _worker(context: BrowserContext):
    [worker] = context.service_workers
    return worker


@pytest.mark.browser
def test_the_service_workers_sync_fails_while_sending_fails_and_empties_the_queue_once_it_works(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page)
    queue_run(page)
    [item_one, item_two] = page.evaluate(QUEUE)
    # The page is closed; only the service worker is left to send.
    other = app_context.new_page()
    page.close()
    worker = _worker(app_context)
    run_sync = "syncFromWorker().then(() => 'resolved', error => 'rejected: ' + error.message)"

    app_context.set_offline(False)
    app_context.route("**/api/v1/**", lambda route: route.fulfill(status=503, body="down"))
    assert worker.evaluate(run_sync).startswith("rejected")  # so Background Sync tries again
    assert worker.evaluate("FootnoteQueue.all().then(items => items.length)") == 2

    # The page may be sending in the background (its own retry); let that request finish.
    app_context.unroute_all(behavior="ignoreErrors")
    assert worker.evaluate(run_sync) == "resolved"
    assert worker.evaluate("FootnoteQueue.all().then(items => items.length)") == 0
    assert Checkin.objects.filter(pk=item_one["id"]).count() == 1
    assert Run.objects.filter(pk=item_two["id"]).count() == 1
    other.close()


# 1 (continued). Entries kept by an older version, which did not record whose they were


@pytest.mark.browser
def test_an_entry_from_before_accounts_were_recorded_is_sent_only_once_claimed(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page, pain="5", side="Left")
    page.evaluate(
        "FootnoteQueue.all().then(([item]) => { delete item.account; return FootnoteQueue.put(item); })"
    )
    app_context.set_offline(False)
    page.reload()
    outcome = sync(page)
    assert outcome["sent"] == 0
    assert Checkin.objects.count() == 0
    expect(badge(page)).to_be_hidden()  # not counted as this runner's
    unclaimed = page.locator("#pending-list li.pending-unclaimed")
    expect(unclaimed).to_contain_text("saved on this device before an update")
    expect(unclaimed).to_contain_text("Check-in: pain 5/10")

    unclaimed.get_by_role("button", name="It's mine, send it").click()
    expect(page.locator("#pending-list")).to_be_hidden()
    wait_in_page(page, "FootnoteQueue.all().then(items => items.length === 0)")
    assert Checkin.objects.get().owner == runner


@pytest.mark.browser
def test_an_unclaimed_entry_can_be_discarded(app_context: BrowserContext, app: Page, app_url: str):
    page = app
    app_context.set_offline(True)
    queue_checkin(page)
    page.evaluate(
        "FootnoteQueue.all().then(([item]) => { delete item.account; return FootnoteQueue.put(item); })"
    )
    app_context.set_offline(False)
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Discard the entries saved before the update").click()
    expect(page.locator("#pending-list")).to_be_hidden()
    wait_in_page(page, "FootnoteQueue.all().then(items => items.length === 0)")
    assert Checkin.objects.count() == 0


@pytest.mark.browser
def test_with_nothing_waiting_no_page_asks_the_server_anything(
    app_context: BrowserContext, app: Page, app_url: str
):
    page = app
    asked: list[str] = []
    app_context.route("**/api/v1/**", lambda route: (asked.append(route.request.url), route.continue_()))
    page.reload()
    outcome = sync(page)
    assert (outcome["sent"], outcome["stopped"]) == (0, False)
    # And with the server down, an empty queue is not a reason to keep trying.
    app_context.unroute("**/api/v1/**")
    app_context.route("**/api/v1/**", lambda route: (asked.append(route.request.url), route.abort()))
    page.reload()
    page.wait_for_timeout(3000)
    assert asked == []
