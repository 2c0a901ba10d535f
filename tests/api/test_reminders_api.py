"""`me/reminders/`: the check-in reminders of More, Reminders, over the API, through the same service."""

from __future__ import annotations

from datetime import time

from django.urls import reverse
from rest_framework.test import APIClient

from journal.notify.models import NotificationSettings
from journal.notify.services import reminders_update

URL = "/api/v1/me/reminders/"


def test_reading_them_shows_the_defaults_and_stores_nothing(api, runner):
    body = api.get(URL).json()
    assert body == {
        "reminders_on": False,
        "reminder_time": "19:00",
        "reminder_days": [0, 1, 2, 3, 4, 5, 6],
        "reminder_channel": "push",
    }
    assert not NotificationSettings.objects.filter(user=runner).exists()


def test_turning_them_on_for_some_days_is_what_the_settings_page_then_shows(api, runner_client, runner):
    response = api.patch(
        URL,
        {"reminders_on": True, "reminder_time": "07:30", "reminder_days": [4, 0, 2, 0]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["reminder_days"] == [0, 2, 4]
    stored = NotificationSettings.objects.get(user=runner)
    assert (stored.reminders_on, stored.reminder_time, stored.reminder_days) == (True, time(7, 30), [0, 2, 4])
    page = runner_client.get(reverse("notify:reminders")).content.decode()
    assert 'value="07:30"' in page


def test_a_change_keeps_what_it_does_not_name(api, runner):
    reminders_update(
        user=runner, reminders_on=True, reminder_time=time(6), reminder_days=[5], reminder_channel="email"
    )
    assert api.patch(URL, {"reminder_time": "21:15"}, format="json").status_code == 200
    stored = NotificationSettings.objects.get(user=runner)
    assert (stored.reminders_on, stored.reminder_time, stored.reminder_days, stored.reminder_channel) == (
        True,
        time(21, 15),
        [5],
        "email",
    )


def test_bad_settings_are_a_400_beside_each_field_and_change_nothing(api, runner):
    reminders_update(
        user=runner, reminders_on=True, reminder_time=time(6), reminder_days=[5], reminder_channel="email"
    )
    cases = [
        ({"reminder_days": []}, "reminder_days", "Choose at least one day."),
        ({"reminder_days": [7]}, "reminder_days", None),
        ({"reminder_time": "25:00"}, "reminder_time", None),
        ({"reminder_channel": "pigeon"}, "reminder_channel", None),
    ]
    for sent, field, message in cases:
        response = api.patch(URL, sent, format="json")
        assert response.status_code == 400, sent
        assert field in response.json(), (sent, response.json())
        if message:
            assert message in str(response.json()[field])
    stored = NotificationSettings.objects.get(user=runner)
    assert (stored.reminder_time, stored.reminder_days, stored.reminder_channel) == (time(6), [5], "email")


def test_each_account_has_its_own_and_signed_out_there_are_none(api, other_runner):
    api.patch(URL, {"reminders_on": True}, format="json")
    other = APIClient()
    other.force_authenticate(user=other_runner)
    assert other.get(URL).json()["reminders_on"] is False
    assert APIClient().get(URL).status_code in (401, 403)


def test_the_schema_describes_them(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert set(schema["paths"]["/api/v1/me/reminders/"]) >= {"get", "put", "patch"}
