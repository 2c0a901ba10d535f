"""The installable, offline-first app in real Chromium: service worker, cache, offline queue, sign-out.

Each test gets its own persistent (non-incognito) profile, as an installed app has: Chromium answers
the installability check only there, and it keeps the service worker, caches and IndexedDB per test.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, BrowserType, Page, Route, expect

from journal.models import Checkin, ExerciseCompletion, Profile, Run, owner_today
from tests.browser.conftest import eventually, sign_in, tap_pain, wait_in_page
from tests.factories import make_checkin

QUEUE_SIZE = "FootnoteQueue.all().then(items => items.length)"
QUEUE = "FootnoteQueue.all()"
OFFLINE_NOTE = "Saved on this device. It will be sent when you are back online."


@pytest.fixture
def app_context(browser_type: BrowserType, browser_type_launch_args, browser_context_args, tmp_path):
    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), **browser_type_launch_args, **browser_context_args
    )
    yield context
    context.close()


def controlled(page: Page) -> Page:
    """Wait for the service worker, then reload so that it serves (and caches) the page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_in_page(page, "navigator.serviceWorker.controller !== null")
    return page


@pytest.fixture
def app(app_context: BrowserContext, app_url: str, runner) -> Page:
    page = app_context.pages[0] if app_context.pages else app_context.new_page()
    sign_in(page, app_url, runner.email)
    return controlled(page)


def badge(page: Page):
    return page.locator("#pending-count")


def pending_items(page: Page):
    return page.locator("#pending-list li.pending-item")


def queue_checkin(page: Page, *, pain: str = "3", side: str = "Right") -> None:
    form = page.locator("#checkin-form")
    tap_pain(form, "Pain now (0–10)", pain)
    form.get_by_role("radio", name=side, exact=True).check()
    form.get_by_role("button", name="Save check-in").click()
    expect(form.get_by_role("status")).to_have_text(OFFLINE_NOTE)


def queue_run(page: Page, *, km: str = "5", time: str = "30:00", validate: bool = True) -> None:
    form = page.locator("#run-form")
    if not validate:
        # As a browser without constraint validation would: the value reaches the queue as typed.
        form.evaluate("form => { form.noValidate = true; }")
    form.get_by_label("Distance (km)").fill(km)
    form.get_by_label("Time", exact=True).fill(time)
    form.get_by_role("button", name="Save run").click()
    expect(form.get_by_role("status")).to_have_text(OFFLINE_NOTE)


def wait_until_sent(page: Page) -> None:
    """Wait for the queue to empty: the badge is hidden before the first count too, so it cannot tell."""
    wait_in_page(page, "FootnoteQueue.all().then(items => items.length === 0)")


def sync(page: Page) -> dict:
    """Sync now; joins a sync the `online` event already started."""
    wait_in_page(page, "navigator.onLine")
    return page.evaluate("Promise.resolve(window.footnoteSync()).then(o => o || null)")


@pytest.mark.browser
def test_the_service_worker_controls_the_page_and_the_app_is_described(app: Page, app_url: str):
    page = app
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)") == f"{app_url}/"
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{app_url}/sw.js"

    worker = page.request.get(f"{app_url}/sw.js")
    assert worker.ok
    assert re.match(r"(application|text)/javascript\b", worker.headers["content-type"])
    assert worker.headers["service-worker-allowed"] == "/"
    assert "no-cache" in worker.headers["cache-control"]

    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(f"{app_url}{href}")
    assert response.ok
    assert response.headers["content-type"].split(";")[0] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] and manifest["short_name"] == "Footnote"
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert manifest["start_url"].startswith("/today/")
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    icons = manifest["icons"]
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in icons}
    assert any("maskable" in icon.get("purpose", "").split() for icon in icons)
    for icon in icons:
        fetched = page.request.get(f"{app_url}{icon['src']}")
        assert fetched.ok, icon
        assert fetched.headers["content-type"] == icon["type"]

    touch = page.locator("link[rel=apple-touch-icon]")
    expect(touch).to_have_count(1)
    assert page.request.get(f"{app_url}{touch.get_attribute('href')}").ok


@pytest.mark.browser
def test_chromium_finds_the_app_installable(app_context: BrowserContext, app: Page):
    session = app_context.new_cdp_session(app)
    assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


@pytest.mark.browser
def test_offline_a_reload_shows_the_last_copy_of_today(app_context: BrowserContext, app: Page, app_url: str):
    page = app
    app_context.set_offline(True)
    page.reload()
    expect(page).to_have_url(f"{app_url}/today/")
    expect(page).to_have_title("Today · Footnote")
    expect(page.get_by_role("heading", name="How is it today?")).to_be_visible()
    expect(page.locator("#checkin-form")).to_be_visible()
    expect(page.locator("#run-form")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.mark.browser
def test_a_page_never_opened_shows_the_offline_page(app_context: BrowserContext, app: Page, app_url: str):
    page = app
    app_context.set_offline(True)
    page.goto(f"{app_url}/settings/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    expect(page.get_by_role("link", name="Today")).to_have_attribute("href", "/today/")


@pytest.mark.browser
def test_three_entries_made_offline_are_sent_once_the_connection_returns(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    call_command("load_library", verbosity=0)
    page = app
    page.goto(f"{app_url}/log/?what=exercise")  # opened once online, so it can be read offline
    page.goto(f"{app_url}/today/")

    app_context.set_offline(True)
    queue_checkin(page, pain="4", side="Left")
    queue_run(page, km="6")
    expect(badge(page)).to_be_visible()
    expect(badge(page).locator("[data-count]")).to_have_text("2")

    page.goto(f"{app_url}/log/?what=exercise")
    form = page.locator("#exercise-form")
    form.get_by_label("Exercise", exact=True).select_option(index=1)
    form.get_by_role("button", name="Save exercise").click()
    expect(form.get_by_role("status")).to_have_text(OFFLINE_NOTE)

    expect(badge(page).locator("[data-count]")).to_have_text("3")
    expect(page.get_by_role("heading", name="Waiting to sync")).to_be_visible()
    expect(pending_items(page)).to_have_count(3)
    expect(pending_items(page).nth(0)).to_have_text(
        f"Check-in: pain 4/10 on {owner_today(runner).isoformat()} (waiting to sync)"
    )
    expect(pending_items(page).nth(1)).to_contain_text("Run: 6 km")
    expect(pending_items(page).nth(2)).to_contain_text("Exercise: ")
    assert page.evaluate(QUEUE_SIZE) == 3
    assert Checkin.objects.filter(owner=runner).count() == 0

    app_context.set_offline(False)  # the page's `online` listener starts the sync
    expect(badge(page)).to_be_hidden()
    expect(page.locator("#pending-list")).to_be_hidden()
    wait_until_sent(page)
    assert eventually(lambda: Checkin.objects.filter(owner=runner).count() == 1)
    assert Checkin.objects.get(owner=runner).side == "left"
    assert Run.objects.filter(owner=runner).count() == 1
    assert Run.objects.get(owner=runner).distance_m == 6000
    assert ExerciseCompletion.objects.filter(owner=runner).count() == 1


@pytest.mark.browser
def test_offline_a_tab_of_the_log_page_opens_its_stored_page_whole(
    app_context: BrowserContext, app: Page, app_url: str
):
    page = app
    page.goto(f"{app_url}/log/?what=run")
    page.goto(f"{app_url}/log/?what=checkin")
    app_context.set_offline(True)
    page.get_by_role("navigation", name="What to log").get_by_role("link", name="Run").click()
    expect(page).to_have_url(f"{app_url}/log/?what=run")
    expect(page.locator("#run-form")).to_be_visible()
    # One page, not the stored page nested inside this one.
    expect(page.locator("header.top")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)


@pytest.mark.browser
def test_an_entry_the_server_stored_but_the_device_never_heard_of_is_stored_once(
    app_context: BrowserContext, app: Page, runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page)
    [item] = page.evaluate(QUEUE)

    delivered = []

    def lose_the_answer(route: Route) -> None:
        # The request reaches the server and is stored; the connection drops before the answer arrives.
        delivered.append(route.fetch().status)
        route.abort("connectionreset")

    app_context.route("**/api/v1/checkins/", lose_the_answer)
    app_context.set_offline(False)
    sync(page)
    # Going online may itself start a sync beside ours: the first attempt stores the entry, and
    # any attempt after it is answered as a replay, never as a second entry.
    assert delivered[0] == 201
    assert set(delivered[1:]) <= {200}
    assert Checkin.objects.filter(pk=item["id"]).count() == 1
    [still_queued] = page.evaluate(QUEUE)
    assert still_queued["id"] == item["id"]
    assert still_queued["status"] == "pending"
    expect(badge(page).locator("[data-count]")).to_have_text("1")

    # The page may be sending in the background (its own retry); let that request finish.
    app_context.unroute_all(behavior="ignoreErrors")
    # Sent by this sync, or already by the page's own retry: either way once, and nothing refused.
    outcome = sync(page)
    assert (outcome["rejected"], outcome["stopped"], outcome["left"]) == (0, False, 0)
    wait_until_sent(page)
    expect(badge(page)).to_be_hidden()
    assert eventually(lambda: Checkin.objects.filter(owner=runner).count() == 1)
    assert Checkin.objects.filter(pk=item["id"]).count() == 1


@pytest.mark.browser
def test_an_entry_the_server_refuses_is_kept_to_fix(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    queue_run(page, km="400", time="40:00:00", validate=False)
    [item] = page.evaluate(QUEUE)

    app_context.set_offline(False)
    outcome = sync(page)
    assert outcome is None or outcome["sent"] == 0
    rejected = pending_items(page)
    expect(rejected).to_have_count(1)
    expect(rejected).to_contain_text("(not accepted)")
    expect(rejected.locator(".error")).to_contain_text("less than or equal to 300000")
    fix = rejected.get_by_role("link", name="Fix it")
    expect(fix).to_have_attribute("href", f"/log/?what=run&fix={item['id']}")
    expect(badge(page).locator("[data-count]")).to_have_text("1")
    [kept] = page.evaluate(QUEUE)
    assert kept["status"] == "rejected"
    assert Run.objects.filter(owner=runner).count() == 0

    # Fixing it sends the same entry, under the same id, through the form as usual.
    fix.click()
    expect(page).to_have_url(f"{app_url}/log/?what=run&fix={item['id']}")
    form = page.locator("#run-form")
    distance = form.get_by_label("Distance (km)")
    expect(distance).to_have_value("400")
    distance.fill("40")
    form.get_by_role("button", name="Save run").click()
    expect(page.locator("#run-form").get_by_role("status")).to_have_text("Run saved.")
    expect(badge(page)).to_be_hidden()
    wait_until_sent(page)
    assert eventually(lambda: Run.objects.filter(owner=runner).exists())
    assert Run.objects.get(owner=runner).pk == uuid.UUID(item["id"])


@pytest.mark.browser
def test_two_tabs_do_not_send_an_entry_twice(app_context: BrowserContext, app: Page, app_url: str, runner):
    first = app
    second = app_context.new_page()
    second.goto(f"{app_url}/today/")
    wait_in_page(second, "navigator.serviceWorker.controller !== null")

    app_context.set_offline(True)
    queue_checkin(first)
    posts = []
    app_context.on(
        "request", lambda r: posts.append(r.url) if r.method == "POST" and "/api/v1/" in r.url else None
    )

    app_context.set_offline(False)
    # Both tabs hear `online`; on top of that, both are asked to sync at the same moment.
    for tab in (first, second):
        wait_in_page(tab, "navigator.onLine")
    first.evaluate("window.__sync = window.footnoteSync()")
    second.evaluate("window.__sync = window.footnoteSync()")
    # Each call joins its tab's sync in flight or starts one; once both are done, nothing is sending.
    for tab in (first, second):
        tab.evaluate("Promise.resolve(window.__sync).then(() => true)")
    # Sent, and neither kept nor refused as a clash: the queue is empty on both tabs' device.
    wait_until_sent(first)
    assert eventually(lambda: Checkin.objects.filter(owner=runner).exists())
    assert len(posts) == 1
    assert Checkin.objects.filter(owner=runner).count() == 1
    for tab in (first, second):
        tab.reload()
        expect(badge(tab)).to_be_hidden()


def _device_state(page: Page) -> dict:
    return page.evaluate(
        """async () => ({
            databases: (await indexedDB.databases()).map(db => db.name),
            caches: await caches.keys(),
        })"""
    )


@pytest.mark.browser
def test_signing_out_after_a_sync_clears_the_device(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    page.goto(f"{app_url}/more/")
    page.goto(f"{app_url}/today/")
    app_context.set_offline(True)
    queue_checkin(page)
    app_context.set_offline(False)
    # The badge is hidden before the first count too: wait for the queue itself to empty.
    wait_until_sent(page)
    expect(badge(page)).to_be_hidden()
    assert eventually(lambda: Checkin.objects.filter(owner=runner).count() == 1)
    before = _device_state(page)
    assert "footnote" in before["databases"]
    assert "footnote-pages" in before["caches"]

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.goto(f"{app_url}/more/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).not_to_have_url(f"{app_url}/more/")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    assert dialogs == []

    after = _device_state(page)
    assert "footnote" not in after["databases"]
    assert "footnote-pages" not in after["caches"]
    # The app itself stays installed and usable offline.
    assert any(name.startswith("footnote-static-") for name in after["caches"])


@pytest.mark.browser
def test_signing_out_warns_about_an_unsent_entry(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    queue_checkin(page)
    # Back online, but the server cannot be reached: the entry stays on the device.
    app_context.route("**/api/v1/**", lambda route: route.abort("connectionrefused"))
    app_context.set_offline(False)
    page.goto(f"{app_url}/more/")
    expect(badge(page).locator("[data-count]")).to_have_text("1")

    # Answered from a handler: the click itself waits until the dialog is closed.
    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as warning:
        page.get_by_role("button", name="Sign out").click()
    assert "1 entry has not been sent" in warning.value.message
    expect(page).to_have_url(f"{app_url}/more/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.evaluate(QUEUE_SIZE) == 1

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_event("dialog"):
        page.get_by_role("button", name="Sign out").click()
    expect(page).not_to_have_url(f"{app_url}/more/")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    after = _device_state(page)
    assert "footnote" not in after["databases"]
    assert "footnote-pages" not in after["caches"]
    assert Checkin.objects.filter(owner=runner).count() == 0


@pytest.mark.browser
def test_a_page_served_from_the_cache_while_the_server_is_unreachable_gets_fresh_entry_ids(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    # The stored copy of Today carries the entry id its check-in form was rendered with; use it up.
    stored_id = page.locator("#checkin-form input[name=entry_id]").input_value()
    form = page.locator("#checkin-form")
    tap_pain(form, "Pain now (0–10)", 2)
    form.get_by_role("radio", name="Left", exact=True).check()
    form.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")
    assert Checkin.objects.filter(pk=stored_id).exists()

    # The device thinks it is online, but the server cannot be reached: the page comes from the cache
    # and the check-in goes to the queue through htmx's send error.
    app_context.route(re.compile(r".*/(today|entries)/.*"), lambda route: route.abort("connectionrefused"))
    page.reload()
    assert page.evaluate("navigator.onLine") is True
    expect(page.get_by_role("heading", name="How is it today?")).to_be_visible()
    assert page.locator("#checkin-form input[name=entry_id]").input_value() != stored_id
    queue_checkin(page, pain="5", side="Right")
    [item] = page.evaluate(QUEUE)
    assert item["id"] != stored_id

    app_context.unroute(re.compile(r".*/(today|entries)/.*"))
    outcome = sync(page)
    assert (outcome["sent"], outcome["rejected"], outcome["stopped"]) == (1, 0, False)
    assert Checkin.objects.filter(owner=runner).count() == 2


@pytest.mark.browser
def test_an_edit_made_offline_is_not_queued_as_a_new_entry(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    checkin = make_checkin(runner, day=owner_today(runner), pain_now=4)
    edit_url = f"{app_url}/entries/checkin/{checkin.pk}/edit/"
    page.goto(edit_url)
    app_context.set_offline(True)
    page.reload()
    form = page.locator("#checkin-form")
    expect(form.get_by_role("heading", name="Edit check-in")).to_be_visible()
    tap_pain(form, "Pain now (0–10)", 6)
    form.get_by_role("button", name="Save check-in").click()
    expect(form.get_by_role("status")).to_contain_text("offline")
    expect(page).to_have_url(edit_url)
    wait_until_sent(page)

    app_context.set_offline(False)
    form.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(f"{app_url}/history/")
    assert Checkin.objects.filter(owner=runner).count() == 1
    assert Checkin.objects.get(owner=runner).pain_now == 6


@pytest.mark.browser
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_a_check_in_made_offline_gets_the_runners_own_time_not_the_devices(
    app_context: BrowserContext, app_url: str, runner, zone
):
    # The device is on London time (the browser's context); the runner's profile is 14 hours ahead
    # of it, or 11 behind. The form's date is the runner's today, so its time must be theirs too:
    # the device's would be hours off, or "still to come today" and refused.
    Profile.objects.filter(user=runner).update(time_zone=zone)
    page = app_context.pages[0] if app_context.pages else app_context.new_page()
    sign_in(page, app_url, runner.email)
    page = controlled(page)
    page.goto(f"{app_url}/today/")
    app_context.set_offline(True)
    queue_checkin(page)
    app_context.set_offline(False)
    wait_until_sent(page)
    assert eventually(lambda: Checkin.objects.filter(owner=runner).exists())
    stored = Checkin.objects.get(owner=runner)
    local_now = datetime.now(ZoneInfo(zone))
    assert stored.date == local_now.date()
    made = datetime.combine(stored.date, stored.time, tzinfo=ZoneInfo(zone))
    assert abs((local_now - made).total_seconds()) < 180
