"""Reminders in real Chromium: the runner turns them on in Settings, the page subscribes this
device, and a push the server encrypted is shown by the service worker and opens the check-in.

`pushManager.subscribe()` needs the browser vendor's push service, which cannot be reached here
(TESTING.md): the test stands in for that one call, with a subscription whose endpoint is the test's
own push service on 127.0.0.1, and checks the page passed the site's VAPID key. The push itself
goes from pywebpush to that endpoint, is decrypted there, and reaches the service worker through
the DevTools protocol (ServiceWorker.deliverPushMessage).
"""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
import time_machine
from playwright.sync_api import BrowserContext, BrowserType, Page, expect

from journal.notify import services
from journal.notify.models import NotificationSettings, PushSubscription
from journal.notify.push import application_server_key
from tests.browser.conftest import sign_in, wait_in_page
from tests.notify.conftest import running_push_service

SHOWN = """navigator.serviceWorker.ready
  .then(r => r.getNotifications())
  .then(list => list.map(n => ({title: n.title, body: n.body, url: n.data && n.data.url})))"""


def notifications_shown(page: Page, count: int = 1) -> list[dict]:
    # getNotifications() answers a promise, which wait_for_function would not wait for: poll it.
    for _ in range(50):
        shown = page.evaluate(SHOWN)
        if len(shown) >= count:
            return shown
        page.wait_for_timeout(100)
    return page.evaluate(SHOWN)


@pytest.fixture
def push_service():
    with running_push_service() as service:
        yield service


@pytest.fixture
def app_context(browser_type: BrowserType, browser_type_launch_args, browser_context_args, tmp_path, app_url):
    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), **browser_type_launch_args, **browser_context_args
    )
    context.grant_permissions(["notifications"], origin=app_url)
    yield context
    context.close()


def stand_in_for_subscribe(page: Page, device) -> None:
    # Replaces only the browser's call to the vendor's push service; records what the page passed.
    page.add_init_script(
        """
        (() => {
          const subscription = SUBSCRIPTION;
          PushManager.prototype.subscribe = function (options) {
            const key = new Uint8Array(options.applicationServerKey);
            window.__subscribedWith = {
              userVisibleOnly: options.userVisibleOnly,
              key: btoa(String.fromCharCode(...key)),
            };
            return Promise.resolve({ endpoint: subscription.endpoint, toJSON: () => subscription });
          };
        })();
        """.replace("SUBSCRIPTION", json.dumps(device.as_json()))
    )


@pytest.mark.browser
def test_turning_reminders_on_subscribes_the_device_and_a_push_opens_the_check_in(
    app_context: BrowserContext,
    app_url: str,
    runner,
    push_service,
):
    device = push_service.device("chromium")
    page = app_context.pages[0] if app_context.pages else app_context.new_page()
    stand_in_for_subscribe(page, device)
    sign_in(page, app_url, runner.email)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.goto(f"{app_url}/notifications/")
    page.get_by_label("Remind me to check in").check()
    page.get_by_label("At (your local time)").fill("07:30")
    page.get_by_role("radio", name="Notification on this app (email if no device is set up)").check()
    page.get_by_role("button", name="Save reminders").click()
    # Subscribing, then saving: two round trips, which a busy machine may take a while over.
    expect(page.get_by_text("Reminders are on.")).to_be_visible(timeout=20_000)
    expect(page.locator("#push-status")).to_contain_text("set up on 1 device")

    saved = PushSubscription.objects.get(user=runner)
    assert saved.endpoint == device.endpoint and saved.p256dh == device.p256dh and saved.auth == device.auth
    assert NotificationSettings.objects.get(user=runner).reminders_on is True

    # The worker sends today's reminder; the test's push service receives and decrypts it.
    with time_machine.travel("2026-11-20 08:00:00+00:00", tick=False):
        assert services.reminder_send(runner.id, date(2026, 11, 20).isoformat()) == "sent"
    [message] = push_service.messages()
    payload = {key: message[key] for key in ("title", "body", "url")}

    # Chromium's DevTools protocol hands that payload to the service worker as a push event.
    cdp = app_context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"])
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    registration = next(r for r in registrations if r["scopeURL"].startswith(app_url) and not r["isDeleted"])
    # DevTools sometimes drops a push that arrives while it is still waking the worker; deliver again
    # then (the notification's tag makes a second one replace the first, so one is shown either way).
    for _ in range(5):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": app_url,
                "registrationId": registration["registrationId"],
                "data": json.dumps(payload),
            },
        )
        if notifications_shown(page):
            break
    [shown] = notifications_shown(page)
    assert shown == {
        "title": "Time for today's check-in",
        "body": "How is your foot today? It takes a few seconds.",
        "url": "/today/#checkin-form",
    }
    # Where a tap goes: the check-in form.
    page.goto(app_url + shown["url"])
    expect(page.locator("#checkin-form")).to_be_visible()


@pytest.mark.browser
def test_the_subscribe_code_passes_the_sites_key(
    app_context: BrowserContext, app_url: str, runner, push_service
):
    device = push_service.device("chromium")
    page = app_context.pages[0] if app_context.pages else app_context.new_page()
    stand_in_for_subscribe(page, device)
    sign_in(page, app_url, runner.email)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{app_url}/notifications/")
    # Stop the form from leaving the page, so what the page passed to subscribe() can be read.
    page.evaluate(
        "document.getElementById('reminders-form').addEventListener('submit', e => e.preventDefault(), true)"
    )
    page.get_by_label("Remind me to check in").check()
    page.get_by_role("radio", name="Notification on this app (email if no device is set up)").check()
    page.get_by_role("button", name="Save reminders").click()
    wait_in_page(page, "window.__subscribedWith !== undefined")
    passed = page.evaluate("window.__subscribedWith")
    assert passed["userVisibleOnly"] is True
    assert base64.b64decode(passed["key"]) == base64.urlsafe_b64decode(application_server_key() + "==")
