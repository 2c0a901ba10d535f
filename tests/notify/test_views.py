from __future__ import annotations

import json
from datetime import date, time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from journal.notify import services
from journal.notify.models import NotificationSettings, PushSubscription, SentNotification
from tests.factories import make_checkin
from tests.notify.conftest import verified

URL = "/notifications/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def test_it_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_saves_time_days_and_channel(runner_client, runner):
    page = runner_client.get(URL)
    assert page.status_code == 200
    assert b"Remind me to check in" in page.content and b"Nothing sent yet." in page.content

    response = runner_client.post(
        URL,
        {
            "reminders_on": "on",
            "reminder_time": "07:45",
            "reminder_days": ["0", "2", "4"],
            "reminder_channel": "email",
        },
    )
    assert response.status_code == 302
    found = NotificationSettings.objects.get(user=runner)
    assert (found.reminders_on, found.reminder_time, found.reminder_days, found.reminder_channel) == (
        True,
        time(7, 45),
        [0, 2, 4],
        "email",
    )
    assert b"Reminders are on." in runner_client.get(URL).content


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"reminders_on": "on", "reminder_time": "07:45", "reminder_channel": "email"},
            "reminder_days",
            "Choose at least one day.",
        ),
        (
            {
                "reminders_on": "on",
                "reminder_time": "25:99",
                "reminder_days": ["1"],
                "reminder_channel": "email",
            },
            "reminder_time",
            "Enter a time such as 19:00.",
        ),
        (
            {
                "reminders_on": "on",
                "reminder_time": "07:00",
                "reminder_days": ["9"],
                "reminder_channel": "email",
            },
            "reminder_days",
            "Select a valid choice.",
        ),
        (
            {
                "reminders_on": "on",
                "reminder_time": "07:00",
                "reminder_days": ["1"],
                "reminder_channel": "pigeon",
            },
            "reminder_channel",
            "Select a valid choice.",
        ),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_changes(
    runner_client, runner, data, field, message
):
    services.reminders_update(
        user=runner, reminders_on=False, reminder_time=time(19, 0), reminder_days=[5], reminder_channel="push"
    )
    response = runner_client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    found = NotificationSettings.objects.get(user=runner)
    assert (found.reminders_on, found.reminder_time, found.reminder_days, found.reminder_channel) == (
        False,
        time(19, 0),
        [5],
        "push",
    )


def test_reminders_sent_are_listed_for_their_runner_only(runner_client, runner, other_runner):
    SentNotification.objects.create(recipient=runner, kind="reminder", day=date(2026, 11, 19), channel="push")
    SentNotification.objects.create(
        recipient=other_runner, kind="reminder", day=date(2026, 11, 18), channel="email"
    )
    html = runner_client.get(URL).content.decode()
    assert "Check-in reminder, 19 Nov 2026 by notification" in html
    assert "18 Nov 2026" not in html


def subscription_json(endpoint="https://push.example.net/abc"):
    return {"endpoint": endpoint, "keys": {"p256dh": "BPk" + "a" * 84, "auth": "c2VjcmV0c2VjcmV0MTI"}}


def test_a_device_subscribes_and_signing_out_removes_it(runner_client, runner):
    response = runner_client.post(
        reverse("notify:push"), json.dumps(subscription_json()), content_type="application/json"
    )
    assert response.status_code == 201
    assert PushSubscription.objects.get().user == runner

    runner_client.post(reverse("account_logout"))
    assert not PushSubscription.objects.exists()


def test_signing_out_elsewhere_keeps_this_devices_subscription(client, runner):
    client.force_login(runner)
    client.post(reverse("notify:push"), json.dumps(subscription_json()), content_type="application/json")
    from django.test import Client

    other_device = Client()
    other_device.force_login(runner)
    other_device.post(reverse("account_logout"))
    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"endpoint": "not a url", "keys": {"p256dh": "x", "auth": "y"}}),
        json.dumps({"endpoint": "https://push.example.net/abc"}),
    ],
)
def test_a_bad_subscription_answers_400_with_field_errors(runner_client, body):
    response = runner_client.post(reverse("notify:push"), body, content_type="application/json")
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_one_runner_cannot_remove_anothers_device(runner_client, other_runner):
    services.push_subscribe(
        user=other_runner, endpoint="https://push.example.net/theirs", p256dh="k", auth="a", session_key="x"
    )
    response = runner_client.delete(
        reverse("notify:push"),
        json.dumps({"endpoint": "https://push.example.net/theirs"}),
        content_type="application/json",
    )
    assert response.json() == {"deleted": 0}
    assert PushSubscription.objects.count() == 1


def test_one_click_unsubscribe_turns_reminders_off_without_signing_in(client, runner):
    services.reminders_update(
        user=runner, reminders_on=True, reminder_time=time(19, 0), reminder_days=[0], reminder_channel="email"
    )
    url = services.unsubscribe_url(user=runner, kind="reminder")
    path = url.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    assert NotificationSettings.objects.get(user=runner).reminders_on is True  # a GET changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=runner).reminders_on is False


def test_a_forged_unsubscribe_link_answers_404(client, runner):
    token = services.unsubscribe_token(user=runner, kind="reminder")
    assert client.post(f"/notifications/unsubscribe/{token[:-2]}xx/").status_code == 404


def prompt_html(client) -> str:
    # Today loads the prompt after the page (and again after each new entry).
    today = client.get("/today/").content.decode()
    assert 'hx-get="/notifications/prompt/"' in today
    return client.get(reverse("notify:prompt"), HTTP_HX_REQUEST="true").content.decode()


def test_the_prompt_appears_after_the_first_check_in_and_goes_once_answered(runner_client, runner):
    assert prompt_html(runner_client) == ""
    make_checkin(runner, day=date(2026, 11, 20), pain_now=2)
    assert "Want a daily reminder?" in prompt_html(runner_client)

    response = runner_client.post(reverse("notify:prompt"), {"answer": "yes"})
    assert response.status_code == 302 and response["Location"] == URL
    assert NotificationSettings.objects.get(user=runner).reminders_on is True
    assert prompt_html(runner_client) == ""


def test_saying_no_to_the_prompt_keeps_reminders_off(runner_client, runner):
    make_checkin(runner, day=date(2026, 11, 20), pain_now=2)
    runner_client.post(reverse("notify:prompt"), {"answer": "no"})
    assert NotificationSettings.objects.get(user=runner).reminders_on is False
    assert prompt_html(runner_client) == ""


def test_physiotherapists_are_not_prompted(client, runner):
    from tests.clinic.conftest import make_physio

    physio = make_physio("p@example.com", "Pat", totp=False)
    make_checkin(physio, day=date(2026, 11, 20), pain_now=2)
    client.force_login(physio)
    assert client.get(reverse("notify:prompt")).content == b""


def test_patient_alerts_are_for_physiotherapists_only(runner_client):
    assert runner_client.post(reverse("notify:patient_alerts"), {"on": "1"}).status_code == 404
    assert mail.outbox == []


def test_reminder_email_is_sent_in_the_runners_words_without_health_values(runner, run_jobs):
    verified(runner)
    services.reminders_update(
        user=runner, reminders_on=True, reminder_time=time(7, 0), reminder_days=[4], reminder_channel="email"
    )
    make_checkin(runner, day=date(2026, 11, 19), pain_now=7, pain_waking=6, notes="very sore heel")
    services.reminders_sweep()
    run_jobs()
    [message] = mail.outbox
    for leak in ["7", "6", "sore", "heel", "pain now"]:
        assert leak not in message.subject
    assert "very sore" not in message.body and "7/10" not in message.body
