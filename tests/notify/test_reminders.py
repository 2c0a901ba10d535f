from __future__ import annotations

import re
import threading
from datetime import date, time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from py_vapid import Vapid

from journal.notify import services
from journal.notify.models import NotificationSettings, PushKeys, PushSubscription, SentNotification
from journal.notify.push import application_server_key
from tests.factories import make_checkin, make_user
from tests.notify.conftest import verified

FRIDAY = date(2026, 11, 20)
BEFORE = "2026-11-20 18:55:00+00:00"  # London is on UTC in November
DUE = "2026-11-20 19:05:00+00:00"


def remind(user, *, at=time(19, 0), days=(0, 1, 2, 3, 4, 5, 6), channel="email"):
    return services.reminders_update(
        user=user, reminders_on=True, reminder_time=at, reminder_days=list(days), reminder_channel=channel
    )


def subscribe(user, device, session_key="s1"):
    return services.push_subscribe(
        user=user, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth, session_key=session_key
    )


def sweep_and_work(run_jobs, when: str) -> list:
    with time_machine.travel(when, tick=False):
        services.reminders_sweep()
        return run_jobs()


def test_an_email_reminder_is_sent_once_when_due(runner, run_jobs):
    verified(runner)
    remind(runner)

    assert sweep_and_work(run_jobs, BEFORE) == []
    assert mail.outbox == []

    tasks = sweep_and_work(run_jobs, DUE)
    assert [t.result for t in tasks] == ["sent"]
    [message] = mail.outbox
    assert message.to == ["runner@example.com"]
    assert message.subject == "Time for today's check-in"
    unsubscribe = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body

    # Later sweeps the same day queue nothing more.
    assert sweep_and_work(run_jobs, "2026-11-20 21:00:00+00:00") == []
    assert len(mail.outbox) == 1
    sent = SentNotification.objects.get(recipient=runner)
    assert (sent.kind, sent.day, sent.channel) == ("reminder", FRIDAY, "email")


def test_no_reminder_once_the_runner_has_checked_in_that_day(runner, run_jobs):
    verified(runner)
    remind(runner)
    with time_machine.travel("2026-11-20 08:00:00+00:00", tick=False):
        make_checkin(runner, day=FRIDAY, pain_now=3, pain_waking=4)
    assert sweep_and_work(run_jobs, DUE) == []
    assert mail.outbox == []


def test_a_check_in_between_the_sweep_and_the_send_stops_it(runner, run_jobs):
    verified(runner)
    remind(runner)
    with time_machine.travel(DUE, tick=False):
        assert services.reminders_sweep() == 1
        make_checkin(runner, day=FRIDAY, pain_now=1)
        assert [t.result for t in run_jobs()] == ["checked in"]
    assert mail.outbox == []


def test_not_on_days_the_runner_left_out(runner, run_jobs):
    verified(runner)
    remind(runner, days=[0, 1, 2, 3])  # Friday is 4
    assert sweep_and_work(run_jobs, DUE) == []
    assert mail.outbox == []


def test_no_email_to_an_address_that_is_not_verified(db, run_jobs):
    runner = make_user("unconfirmed@example.com", time_zone="Europe/London", verified=False)
    remind(runner)
    assert [t.result for t in sweep_and_work(run_jobs, DUE)] == ["no channel"]
    assert mail.outbox == []
    assert not SentNotification.objects.exists()  # nothing went out, so nothing is recorded as sent


def test_the_reminder_follows_the_runners_time_zone(mile_runner, run_jobs):
    # New York is UTC-5: 19:00 there is midnight UTC.
    verified(mile_runner)
    remind(mile_runner)
    assert sweep_and_work(run_jobs, "2026-11-20 23:55:00+00:00") == []
    assert [t.result for t in sweep_and_work(run_jobs, "2026-11-21 00:05:00+00:00")] == ["sent"]
    assert SentNotification.objects.get().day == FRIDAY


def test_a_push_reminder_reaches_every_device_encrypted_and_opens_the_check_in(
    runner, run_jobs, push_service
):
    verified(runner)
    remind(runner, channel="push")
    phone, tablet = push_service.device("phone"), push_service.device("tablet")
    subscribe(runner, phone, "s1")
    subscribe(runner, tablet, "s2")

    assert [t.result for t in sweep_and_work(run_jobs, DUE)] == ["sent"]

    shown = push_service.messages()
    assert sorted(m["endpoint"] for m in shown) == sorted([phone.endpoint, tablet.endpoint])
    for message in shown:
        assert message["title"] == "Time for today's check-in"
        assert message["url"] == "/today/#checkin-form"
        assert not re.search(r"\d", message["title"] + message["body"])  # no scores, no values
        scheme, _, params = message["authorization"].partition(" ")
        assert scheme == "vapid"
        assert f"k={application_server_key()}" in params
        assert Vapid.verify(message["authorization"])  # signed with the site's key
    assert {r["encoding"] for r in push_service.received} == {"aes128gcm"}
    assert mail.outbox == []
    assert SentNotification.objects.get().channel == "push"


def test_a_gone_subscription_is_removed_and_email_takes_over(runner, run_jobs, push_service):
    verified(runner)
    remind(runner, channel="push")
    subscribe(runner, push_service.device())
    push_service.answer_status = 410

    assert [t.result for t in sweep_and_work(run_jobs, DUE)] == ["sent"]

    assert not PushSubscription.objects.exists()
    assert len(mail.outbox) == 1
    assert SentNotification.objects.get().channel == "email"


def test_a_404_from_the_push_service_also_removes_the_subscription(runner, run_jobs, push_service):
    remind(runner, channel="push")
    subscribe(runner, push_service.device())
    push_service.answer_status = 404
    assert [t.result for t in sweep_and_work(run_jobs, DUE)] == ["sent"]
    assert not PushSubscription.objects.exists()
    assert SentNotification.objects.get().channel == "email"


def test_a_push_service_error_keeps_the_subscription(runner, run_jobs, push_service):
    verified(runner)
    remind(runner, channel="push")
    subscribe(runner, push_service.device())
    push_service.answer_status = 500
    sweep_and_work(run_jobs, DUE)
    assert PushSubscription.objects.count() == 1
    assert len(mail.outbox) == 1  # the fallback


def test_a_schedule_that_fires_twice_and_a_retry_send_once(runner, run_jobs):
    verified(runner)
    remind(runner)
    with time_machine.travel(DUE, tick=False):
        assert services.reminders_sweep() == 1
        assert services.reminders_sweep() == 1  # both queued before either ran
        results = [t.result for t in run_jobs()]
        assert services.reminder_send(runner.id, FRIDAY.isoformat()) == "already sent"  # a retry
    assert sorted(results) == ["already sent", "sent"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_the_same_reminder_send_one():
    runner = verified(make_user("racer@example.com", time_zone="Europe/London"))
    remind(runner)
    results: list[str] = []
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait()
            results.append(services.reminder_send(runner.id, FRIDAY.isoformat()))
        finally:
            connection.close()

    with time_machine.travel(DUE, tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results) == ["already sent", "sent"]
    assert len(mail.outbox) == 1
    assert SentNotification.objects.filter(recipient=runner).count() == 1


def test_turning_reminders_off_stops_a_queued_send(runner, run_jobs):
    verified(runner)
    remind(runner)
    with time_machine.travel(DUE, tick=False):
        services.reminders_sweep()
        NotificationSettings.objects.filter(user=runner).update(reminders_on=False)
        assert [t.result for t in run_jobs()] == ["off"]
    assert mail.outbox == []


def test_the_site_keys_exist_after_migrate_and_reading_the_reminders_page_writes_nothing(client, runner):
    assert PushKeys.objects.count() == 1  # made by post_migrate, not by a page view
    client.force_login(runner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notify:reminders"))
    assert response.status_code == 200
    assert f'data-vapid-key="{application_server_key()}"' in response.content.decode()
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_without_site_keys_the_page_offers_no_push_and_migrate_makes_them_again(client, runner):
    PushKeys.objects.all().delete()
    client.force_login(runner)
    assert 'data-vapid-key=""' in client.get(reverse("notify:reminders")).content.decode()
    assert PushKeys.objects.count() == 0  # the page did not make any
    call_command("migrate", verbosity=0)
    assert PushKeys.objects.count() == 1
