import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.urls import reverse

from journal.accounts.forms import unit_for_language
from journal.accounts.services import profile_update
from journal.flags.services import flags_are_stale
from journal.models import Flag, Profile
from tests.factories import PASSWORD, make_shoe


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("en-US,en;q=0.9", "mi"),
        ("en-GB", "mi"),
        ("en-gb;q=0.8", "mi"),
        ("de-DE,de;q=0.9", "km"),
        ("en-AU", "km"),
        ("", "km"),
    ],
)
def test_unit_from_the_browser_language(header, unit):
    assert unit_for_language(header) == unit


@pytest.mark.parametrize(("header", "unit"), [("en-US,en;q=0.9", "mi"), ("fr-FR", "km")])
def test_signup_preselects_the_unit(client, db, header, unit):
    response = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE=header)
    html = response.content.decode()
    assert re.search(rf'value="{unit}" required id="id_unit_\d" checked', html)
    assert response.context["form"]["unit"].value() == unit


def test_signup_creates_a_runner_with_name_unit_and_time_zone(client, db):
    data = {
        "email": "new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nia New",
        "role": "runner",
        "unit": "mi",
        "time_zone": "America/Chicago",
    }
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.com")
    profile = user.profile
    assert (profile.display_name, profile.unit, profile.time_zone, profile.role) == (
        "Nia New",
        "mi",
        "America/Chicago",
        "runner",
    )


def test_signup_refuses_a_made_up_time_zone(client, db):
    data = {"email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD, "display_name": "X"}
    response = client.post(reverse("account_signup"), {**data, "unit": "km", "time_zone": "Mars/Base"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not get_user_model().objects.filter(email="x@example.com").exists()


def test_login_with_email(client, runner):
    response = client.post(reverse("account_login"), {"login": "runner@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")


def test_login_failures_are_rate_limited(client, runner):
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": "runner@example.com", "password": "wrong-password"})
    blocked = client.post(url, {"login": "runner@example.com", "password": PASSWORD})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client, runner):
    client.post(reverse("account_reset_password"), {"email": "runner@example.com"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_change_password(runner_client, runner):
    response = runner_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password("a-new-long-passphrase")


def test_settings_change_unit_and_time_zone(runner_client, runner):
    response = runner_client.post(
        reverse("journal:settings"), {"display_name": "Rita", "unit": "mi", "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    runner.profile.refresh_from_db()
    assert (runner.profile.unit, runner.profile.time_zone) == ("mi", "Asia/Tokyo")
    assert "Distance (mi)" in runner_client.get(reverse("journal:today")).content.decode()


def test_settings_bad_input_changes_nothing(runner_client, runner):
    response = runner_client.post(
        reverse("journal:settings"), {"display_name": "", "unit": "yd", "time_zone": "Nowhere"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"display_name", "unit", "time_zone"}
    runner.profile.refresh_from_db()
    assert (runner.profile.display_name, runner.profile.unit) == ("Rita Runner", "km")


def test_a_user_made_outside_signup_gets_a_profile(db):
    admin = get_user_model().objects.create_superuser("admin@example.com", "admin@example.com", PASSWORD)
    assert admin.profile.role == "runner" and admin.profile.unit == "km"


# A change of unit or time zone rewords the flags on the next read; it never undoes a write's mark.


def test_switching_to_miles_rewrites_an_open_flags_distances_on_the_next_read(runner_client, runner):
    make_shoe(runner, name="Daily", start_distance_m=900_000)
    runner_client.get(reverse("journal:flags"))
    flag = Flag.objects.get(owner=runner, code__startswith="shoe_", cleared_at__isnull=True)
    assert "900.0 km" in flag.message

    runner_client.post(
        reverse("journal:settings"), {"display_name": "Rita", "unit": "mi", "time_zone": "Europe/London"}
    )
    runner_client.get(reverse("journal:flags"))

    flag.refresh_from_db()
    assert "559.2 mi" in flag.message and "km" not in flag.message, flag.message
    assert Flag.objects.filter(owner=runner, code__startswith="shoe_").count() == 1  # the same flag, reworded


def test_saving_settings_keeps_a_journal_write_made_since_the_profile_was_read(runner, monkeypatch):
    current = {"flags_evaluated_on": runner.profile.today(), "flags_version": F("journal_version")}
    Profile.objects.filter(user=runner).update(**current)
    read_before = Profile.objects.get(user=runner)
    assert not flags_are_stale(read_before)
    # A write from another request marks the flags out of date after this request read the profile...
    Profile.objects.filter(user=runner).update(journal_version=read_before.journal_version + 1)
    monkeypatch.setattr(Profile.objects, "get_or_create", lambda **kwargs: (read_before, False))
    # ...and saving a new name must not put the version it read back.
    profile_update(user=runner, display_name="Rita R", unit=read_before.unit, time_zone=read_before.time_zone)

    stored = Profile.objects.get(user=runner)
    assert stored.display_name == "Rita R"
    assert flags_are_stale(stored)
