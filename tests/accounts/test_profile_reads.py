"""A page a runner opens (GET) only reads: the profile comes from sign-up and sign-in, never from a page."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.flags.services import flags_refresh
from journal.models import Profile


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_today_writes_nothing(runner_client, runner):
    # Flags are current, as after any write to the journal (a stale day re-evaluates them first, by design).
    flags_refresh(owner=runner)
    with CaptureQueriesContext(connection) as queries:
        response = runner_client.get(reverse("journal:today"))
    assert response.status_code == 200
    assert writes(queries) == []


@pytest.mark.parametrize("name", ["journal:settings", "journal:more", "journal:log", "journal:shoes"])
def test_pages_without_a_profile_row_read_the_defaults(runner_client, runner, name):
    Profile.objects.filter(user=runner).delete()
    with CaptureQueriesContext(connection) as queries:
        response = runner_client.get(reverse(name))
    assert response.status_code == 200
    assert writes(queries) == []
    assert not Profile.objects.filter(user=runner).exists()


def test_settings_saved_without_a_profile_row_makes_it(runner_client, runner):
    Profile.objects.filter(user=runner).delete()
    data = {"display_name": "Rita", "unit": "mi", "time_zone": "Asia/Tokyo"}
    response = runner_client.post(reverse("journal:settings"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(user=runner)
    assert (profile.display_name, profile.unit, profile.time_zone) == ("Rita", "mi", "Asia/Tokyo")


def test_signing_in_gives_a_user_without_a_profile_one(client, runner):
    Profile.objects.filter(user=runner).delete()
    client.force_login(runner)
    profile = Profile.objects.get(user=runner)
    assert (profile.display_name, profile.unit, profile.time_zone) == ("runner@example.com", "km", "UTC")
