"""A write from a request marks the runner's flags out of date instead of evaluating them; whatever reads
the flags next (Today, the API, the triage list, the worker within a minute) evaluates them first. No
read may show flags that miss a write, and an urgent answer still shows at once on the next read."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from journal.flags import services as flagging
from journal.jobs import nightly
from journal.models import Flag, PatientSummary, Profile
from journal.notify import services as notify
from tests.clinic.conftest import link, make_physio
from tests.factories import make_checkin, make_user
from tests.notify.conftest import verified

TODAY = date(2026, 11, 20)
URGENT = {"date": TODAY.isoformat(), "side": "right", "pain_now": 6, "can_walk_four_steps": False}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.combine(TODAY, time(12), tzinfo=UTC), tick=False) as traveller:
        yield traveller


def open_codes(owner) -> set[str]:
    return set(Flag.objects.filter(owner=owner, cleared_at__isnull=True).values_list("code", flat=True))


def versions(owner) -> tuple[int, int]:
    return Profile.objects.values_list("journal_version", "flags_version").get(user=owner)


def test_an_api_write_leaves_the_flags_to_the_next_read_which_shows_the_urgent_flag(api, runner):
    flagging.flags_current(owner=runner)
    journal, flags = versions(runner)
    assert api.post("/api/v1/checkins/", URGENT, format="json").status_code == 201
    assert open_codes(runner) == set()  # not evaluated in the write
    assert versions(runner) == (journal + 1, flags)

    codes = {f["code"] for f in api.get("/api/v1/flags/").json()["results"]}

    assert "red_cannot_bear_weight" in codes
    assert versions(runner) == (journal + 1, journal + 1)


def test_the_form_save_leaves_them_to_the_dashboard_refresh_that_follows_it(runner_client, runner):
    response = runner_client.post(
        reverse("journal:entry_create", args=["checkin"]),
        {
            "date": TODAY.isoformat(),
            "side": "right",
            "pain_now": "6",
            "swelling": "none",
            "cannot_walk": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "journal-changed"
    assert Flag.objects.filter(owner=runner).count() == 0
    html = runner_client.get(reverse("journal:dashboard"), HTTP_HX_REQUEST="true").content.decode()
    assert open_codes(runner) == {"red_cannot_bear_weight"}
    assert escape(Flag.objects.get(owner=runner).title) in html


def test_twenty_entries_sent_at_once_are_evaluated_once(api, runner, monkeypatch):
    calls = []
    evaluate = flagging._evaluate
    monkeypatch.setattr(flagging, "_evaluate", lambda **kw: calls.append(1) or evaluate(**kw))
    for hour in range(20):
        entry = {
            "date": TODAY.isoformat(),
            "time": f"{hour % 12:02d}:{hour:02d}",
            "side": "left",
            "pain_now": 3,
        }
        assert api.post("/api/v1/checkins/", entry, format="json").status_code == 201
    assert calls == []
    assert api.get("/api/v1/flags/").status_code == 200
    assert api.get("/api/v1/flags/").status_code == 200
    assert calls == [1]


def test_a_write_after_the_read_loaded_the_profile_is_evaluated_by_the_next_read(runner):
    """A read stores flags as of the journal_version it read before the journal: a write landing
    after that leaves them out of date, and the next read evaluates again."""
    with flagging.flags_deferred():
        make_checkin(runner, day=TODAY, time=time(8), pain_now=2)
    profile_read_before = Profile.objects.get(user=runner)
    assert flagging.flags_are_stale(profile_read_before)
    with flagging.flags_deferred():
        make_checkin(runner, day=TODAY, time=time(9), pain_now=6, can_walk_four_steps=False)

    flagging.flags_current(owner=runner, profile=profile_read_before)

    assert versions(runner) == (2, 1)  # what that read could vouch for
    assert flagging.flags_are_stale(Profile.objects.get(user=runner))
    flagging.flags_current(owner=runner)
    assert versions(runner) == (2, 2)
    assert "red_cannot_bear_weight" in open_codes(runner)


def test_a_projection_is_not_used_over_a_write_that_came_after_it(runner):
    with time_machine.travel(datetime.combine(TODAY, time(9), tzinfo=UTC), tick=False) as clock:
        make_checkin(runner, day=TODAY, pain_now=1)
        assert flagging.flags_project(owner=runner, profile=Profile.objects.get(user=runner))
        clock.move_to(datetime.combine(TODAY, time(21), tzinfo=UTC))
        with flagging.flags_deferred():
            make_checkin(runner, day=TODAY, time=time(20), pain_now=6, can_walk_four_steps=False)
        assert PatientSummary.objects.get(runner=runner).projected_for == TODAY + timedelta(days=1)
        clock.move_to(datetime.combine(TODAY + timedelta(days=1), time(7), tzinfo=UTC))
        refreshed = flagging.flags_current(owner=runner)
    assert refreshed.rows is not None  # evaluated in full, not stored from the projection
    assert "red_cannot_bear_weight" in {f.code for f in refreshed.flags}


def test_the_worker_evaluates_within_a_minute_when_nobody_reads_and_the_alert_goes_out(api, runner, run_jobs):
    physio = verified(make_physio("physio@example.com", "Pat Physio"))
    notify.patient_alerts_update(user=physio, on=True)
    link(runner, physio)
    assert api.post("/api/v1/checkins/", URGENT, format="json").status_code == 201
    assert nightly.catch_up_sweep() == 1
    run_jobs()
    assert "red_cannot_bear_weight" in open_codes(runner)
    assert [m.to for m in mail.outbox] == [["physio@example.com"]]
    assert not flagging.flags_are_stale(Profile.objects.get(user=runner))
    assert nightly.catch_up_sweep() == 0  # up to date: nobody queued again


def test_the_triage_list_evaluates_a_patient_whose_write_was_not_evaluated(api, runner):
    physio = make_physio("physio@example.com", "Pat Physio")
    link(runner, physio)
    assert api.post("/api/v1/checkins/", URGENT, format="json").status_code == 201
    client = APIClient()
    client.force_login(physio)
    html = client.get(reverse("clinic:triage")).content.decode()
    assert "red_cannot_bear_weight" in open_codes(runner)
    assert "Rita Runner" in html
    assert PatientSummary.objects.get(runner=runner).top_code == "red_cannot_bear_weight"


def test_the_urgent_only_triage_filter_finds_a_patient_whose_urgent_write_was_not_evaluated(api, runner):
    physio = make_physio("physio@example.com", "Pat Physio")
    link(runner, physio)
    client = APIClient()
    client.force_login(physio)
    assert "Rita Runner" not in client.get(reverse("clinic:triage"), {"urgent": "1"}).content.decode()
    assert api.post("/api/v1/checkins/", URGENT, format="json").status_code == 201

    html = client.get(reverse("clinic:triage"), {"urgent": "1"}).content.decode()

    assert "Rita Runner" in html


def test_the_urgent_only_filter_adds_a_patient_whose_urgent_write_was_not_evaluated_to_a_full_page(
    api, runner
):
    physio = make_physio("physio@example.com", "Pat Physio")
    link(runner, physio)
    already = make_user("ursula@example.com", name="Ursula Urgent")
    link(already, physio)
    make_checkin(already, day=TODAY, pain_now=6, can_walk_four_steps=False)
    client = APIClient()
    client.force_login(physio)
    assert "Rita Runner" not in client.get(reverse("clinic:triage"), {"urgent": "1"}).content.decode()
    assert api.post("/api/v1/checkins/", URGENT, format="json").status_code == 201

    html = client.get(reverse("clinic:triage"), {"urgent": "1"}).content.decode()

    assert "Rita Runner" in html and "Ursula Urgent" in html


def test_another_physiotherapists_patient_with_unevaluated_writes_is_left_to_them(api, runner):
    physio = make_physio("physio@example.com", "Pat Physio")
    mine = make_user("mine@example.com", name="Mo Mine")
    link(mine, physio)
    link(runner, make_physio("other@example.com", "Otto Other"))
    client = APIClient()
    client.force_login(physio)
    client.get(reverse("clinic:triage"))
    assert api.post("/api/v1/checkins/", URGENT, format="json").status_code == 201

    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("clinic:triage")).content.decode()

    assert "Mo Mine" in html and "Rita Runner" not in html
    assert len(captured) == 5  # nobody evaluated: the same statements as any page
    assert open_codes(runner) == set()


@pytest.mark.parametrize("where", ["report", "export", "history"])
def test_the_report_the_export_and_flag_history_evaluate_first(runner_client, runner, where):
    with flagging.flags_deferred():
        make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    assert open_codes(runner) == set()
    if where == "report":
        body = runner_client.get(reverse("report")).content.decode()
    elif where == "export":
        from journal.exports.build import export_data

        body = escape(str(export_data(owner=runner)["flags"]))
    else:
        body = runner_client.get(reverse("journal:flags")).content.decode()
    assert "red_cannot_bear_weight" in open_codes(runner)
    assert escape(Flag.objects.get(owner=runner, code="red_cannot_bear_weight").title) in body
