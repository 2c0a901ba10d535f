"""The profile at me/, and flags: listing, history, acknowledge and dismiss."""

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from journal.models import SEVERITY_ORDER, Flag, Profile
from tests.api.resources import day
from tests.factories import make_checkin, make_run

ME = "/api/v1/me/"
FLAGS = "/api/v1/flags/"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


# me/


def test_me_shows_your_unit_and_time_zone(api, runner):
    response = api.get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == "km"
    assert body["time_zone"] == "Europe/London"
    assert body["display_name"] == "Rita Runner"
    assert body["email"] == "runner@example.com"


def test_me_is_your_own(mile_runner, runner):
    client = APIClient()
    client.force_authenticate(user=mile_runner)
    assert client.get(ME).json()["unit"] == "mi"


def test_patch_me_to_miles(api, runner):
    response = api.patch(ME, {"unit": "mi"})
    assert response.status_code == 200, response.json()
    assert response.json()["unit"] == "mi"
    profile = Profile.objects.get(user=runner)
    assert (profile.unit, profile.time_zone, profile.display_name) == ("mi", "Europe/London", "Rita Runner")
    assert api.get(ME).json()["unit"] == "mi"


def test_patch_me_time_zone_and_name(api, runner):
    response = api.patch(ME, {"time_zone": "America/New_York", "display_name": "  Rita R  "})
    assert response.status_code == 200, response.json()
    profile = Profile.objects.get(user=runner)
    assert (profile.time_zone, profile.display_name) == ("America/New_York", "Rita R")


def test_me_cannot_change_role_or_email(api, runner):
    response = api.patch(ME, {"role": "physio", "email": "evil@example.com"})
    assert response.status_code == 200
    profile = Profile.objects.get(user=runner)
    assert profile.role == "runner"
    runner.refresh_from_db()
    assert runner.email == "runner@example.com"


def test_me_is_401_for_anonymous(anon):
    response = anon.get(ME)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


# flags/


def flag_codes(response):
    assert response.status_code == 200
    return {row["code"]: row for row in response.json()["results"]}


def raise_urgent(api):
    response = api.post(
        "/api/v1/checkins/",
        {"date": day(0).isoformat(), "side": "right", "pain_now": 6, "can_walk_four_steps": False},
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_a_checkin_that_cannot_bear_weight_raises_an_open_urgent_flag(api, runner):
    raise_urgent(api)
    flag = flag_codes(api.get(FLAGS))["red_cannot_bear_weight"]
    assert flag["severity"] == "urgent"
    assert flag["cleared_at"] is None
    assert flag["can_dismiss"] is False
    assert api.get(f"{FLAGS}{flag['id']}/").json()["code"] == "red_cannot_bear_weight"


def test_a_cleared_flag_leaves_the_open_list_and_shows_in_history(api, runner):
    checkin_id = raise_urgent(api)
    assert "red_cannot_bear_weight" in flag_codes(api.get(FLAGS))  # shown, so in the history from now on
    assert api.patch(f"/api/v1/checkins/{checkin_id}/", {"can_walk_four_steps": True}).status_code == 200
    assert "red_cannot_bear_weight" not in flag_codes(api.get(FLAGS))
    history = flag_codes(api.get(FLAGS, {"status": "cleared"}))
    assert history["red_cannot_bear_weight"]["cleared_at"] is not None
    assert "red_cannot_bear_weight" in flag_codes(api.get(FLAGS, {"status": "all"}))


def test_acknowledge_an_urgent_flag(api, runner):
    raise_urgent(api)
    flag = flag_codes(api.get(FLAGS))["red_cannot_bear_weight"]
    response = api.post(f"{FLAGS}{flag['id']}/acknowledge/")
    assert response.status_code == 200
    assert response.json()["acknowledged_at"] is not None
    stored = Flag.objects.get(pk=flag["id"])
    assert stored.acknowledged_at is not None
    assert stored.acknowledged_by == runner
    assert stored.dismissed_at is None


def test_an_urgent_flag_cannot_be_dismissed(api, runner):
    raise_urgent(api)
    flag = flag_codes(api.get(FLAGS))["red_cannot_bear_weight"]
    response = api.post(f"{FLAGS}{flag['id']}/dismiss/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert Flag.objects.get(pk=flag["id"]).dismissed_at is None
    assert "red_cannot_bear_weight" in flag_codes(api.get(FLAGS))


def test_a_stop_level_flag_can_be_dismissed(api, runner):
    response = api.post(
        "/api/v1/runs/",
        {"date": day(0).isoformat(), "distance_m": 5000, "duration_s": 1800, "pain_during": 6},
    )
    assert response.status_code == 201
    flag = flag_codes(api.get(FLAGS))["pain_during_run_high"]
    assert flag["severity"] == "stop"
    assert flag["can_dismiss"] is True
    response = api.post(f"{FLAGS}{flag['id']}/dismiss/")
    assert response.status_code == 200
    assert response.json()["dismissed_at"] is not None
    assert Flag.objects.get(pk=flag["id"]).dismissed_at is not None


@pytest.mark.parametrize("action", ["", "acknowledge/", "dismiss/"])
def test_another_runners_flag_is_404(api, runner, other_runner, action):
    make_checkin(other_runner, day=day(0), pain_now=6, can_walk_four_steps=False)
    make_run(other_runner, day=day(0), pain_during=6)
    assert not flag_codes(api.get(FLAGS, {"status": "all"}))
    for theirs in Flag.objects.filter(owner=other_runner):
        method = "get" if not action else "post"
        response = getattr(api, method)(f"{FLAGS}{theirs.pk}/{action}")
        assert response.status_code == 404
        stored = Flag.objects.get(pk=theirs.pk)
        assert (stored.acknowledged_at, stored.dismissed_at) == (None, None)


def test_clinician_only_flags_are_never_listed(api, runner):
    flag = Flag.objects.create(
        owner=runner,
        key="acwr_high",
        code="acwr_high",
        severity="caution",
        severity_rank=SEVERITY_ORDER.index("caution"),
        title="Acute:chronic load ratio is high",
        message="For the physiotherapist.",
        action="Review the load.",
        source="Williams et al. 2017",
        clinician_only=True,
        raised_at=NOW,
        last_seen_at=NOW,
    )
    for status in (None, "open", "all"):
        params = {"status": status} if status else {}
        assert "acwr_high" not in flag_codes(api.get(FLAGS, params))
    assert api.get(f"{FLAGS}{flag.pk}/").status_code == 404
    assert api.post(f"{FLAGS}{flag.pk}/acknowledge/").status_code == 404
    assert Flag.objects.get(pk=flag.pk).acknowledged_at is None


def test_flags_are_read_only(api, runner):
    assert api.post(FLAGS, {"code": "made_up"}).status_code == 405
    raise_urgent(api)
    flag = Flag.objects.get(pk=flag_codes(api.get(FLAGS))["red_cannot_bear_weight"]["id"])
    assert api.delete(f"{FLAGS}{flag.pk}/").status_code == 405
    assert api.patch(f"{FLAGS}{flag.pk}/", {"severity": "info"}).status_code == 405
    assert Flag.objects.get(pk=flag.pk).severity == "urgent"
