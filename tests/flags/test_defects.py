"""The defects reported against the flags, replayed day by day through the services and the reads.

Each test writes what a runner would have logged, on the days they would have logged it (the clock is
moved with time_machine), and reads the flags the way the app does (Today, the API, the triage list).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from injuries.models import Condition
from journal.clinic import triage as triage_list
from journal.entries import services
from journal.models import Checkin, Flag, Profile, Run
from tests.clinic.conftest import link, login, make_physio
from tests.factories import make_checkin, make_run, make_shoe

START = date(2026, 11, 2)  # a Monday
START_AT = datetime.combine(START, time(12), tzinfo=UTC)


def at(day: date, hour: int = 12):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=UTC), tick=False)


def open_flags(owner) -> dict[str, Flag]:
    return {f.key: f for f in Flag.objects.filter(owner=owner, cleared_at__isnull=True)}


def codes(owner) -> set[str]:
    return {f.code for f in open_flags(owner).values()}


@pytest.fixture
def library(db):
    call_command("load_library", verbosity=0)


@pytest.fixture
def api_client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


def test_a_second_checkin_after_a_fall_raises_the_urgent_banner(runner_client, runner):
    with at(START, 8):
        make_checkin(runner, day=START, side="right", pain_now=1, time=time(7, 30))
        assert "red_cannot_bear_weight" not in codes(runner)
    with at(START, 18):
        data = {
            "date": START.isoformat(),
            "time": "17:50",
            "side": "right",
            "pain_now": "7",
            "swelling": "moderate",
        }
        response = runner_client.post(
            reverse("journal:entry_create", args=["checkin"]), {**data, "cannot_walk": "on"}
        )
        assert response.status_code == 302
        assert Checkin.objects.filter(owner=runner, date=START, side="right").count() == 2
        html = runner_client.get(reverse("journal:today")).content.decode()
    assert "Get checked at urgent care today" in html
    assert open_flags(runner)["red_cannot_bear_weight:right"].severity == "urgent"


def test_a_checkin_for_one_side_does_not_clear_the_other_sides_red_flags(runner):
    yesterday, today = START, START + timedelta(days=1)
    with at(yesterday, 18):
        make_checkin(
            runner,
            day=yesterday,
            side="right",
            pain_now=8,
            can_walk_four_steps=False,
            recent_trauma=True,
            bone_tenderness=["lateral_malleolus"],
        )
    with at(today, 9):
        make_checkin(runner, day=today, side="left", pain_now=1)
        found = open_flags(runner)
    assert found["red_cannot_bear_weight:right"].severity == "urgent"
    assert found["red_bone_tenderness:right"].severity == "urgent"
    assert not any(key.endswith(":left") and f.severity_rank >= 3 for key, f in found.items())


def test_gradual_tenderness_behind_the_inner_ankle_bone_is_not_sent_to_a_and_e(runner, library):
    onset = START - timedelta(weeks=6)
    with at(onset):
        services.episode_record(
            owner=runner,
            condition=Condition.objects.get(slug="tibialis-posterior-tendinopathy"),
            side="right",
            onset_date=onset,
            onset="gradual",
        )
    with at(START):
        make_checkin(runner, day=START, side="right", pain_now=4, bone_tenderness=["medial_malleolus"])
        found = open_flags(runner)
    assert "red_bone_tenderness:right" not in found
    assert found["red_bone_stress:right"].severity == "see_professional"
    assert not found["red_bone_stress:right"].can_dismiss


def test_five_days_into_a_stress_fracture_no_return_is_offered(runner, library):
    fracture = Condition.objects.get(slug="stress-fracture")
    assert fracture.min_days_before_return == 42
    with at(START):
        episode = services.episode_record(
            owner=runner, condition=fracture, side="left", onset_date=START, onset="gradual", diagnosed=True
        )
    ready = {"pain_now": 0, "heel_raises_ok": True, "hop_ok": True, "side": "left"}
    day5 = START + timedelta(days=5)
    with at(day5):
        make_checkin(runner, day=day5, **ready)
        assert "ready_to_return" not in codes(runner)
    # A physiotherapist's clearance lifts the minimum time.
    with at(day5, 13):
        services.episode_update(episode=episode, cleared_to_return_on=day5)
        assert "ready_to_return" in codes(runner)
    day43 = START + timedelta(days=43)
    with at(day43):
        services.episode_update(episode=episode, cleared_to_return_on=None)
        make_checkin(runner, day=day43, **ready)
        assert "ready_to_return" in codes(runner)


def test_a_run_without_a_pain_score_does_not_clear_yesterdays_painful_run(api_client_for, runner):
    with at(START):
        make_run(runner, day=START, pain_during=8)
        assert "pain_during_run_high" in codes(runner)
    next_day = START + timedelta(days=1)
    with at(next_day):
        api = api_client_for(runner)
        body = {"date": next_day.isoformat(), "distance_m": 5000, "duration_s": 1800}
        created = api.post("/api/v1/runs/", body, format="json")
        assert created.status_code == 201 and created.json()["pain_during"] is None
        assert Run.objects.get(pk=created.json()["id"]).pain_during is None
        assert "pain_during_run_high" in codes(runner)


def test_pain_climbing_in_a_new_journals_first_week_is_noticed(runner):
    for offset, pain in enumerate([2, 4, 6, 8]):
        day = START + timedelta(days=offset * 2)
        with at(day):
            make_checkin(runner, day=day, side="left", pain_now=pain)
    assert "pain_rising_early:left" in open_flags(runner)


def test_a_healthy_runners_single_sore_morning_is_at_most_information(runner):
    with at(START):
        make_checkin(runner, day=START, side="right", pain_now=0, pain_waking=0)
        make_run(runner, day=START, pain_during=0)
    morning = START + timedelta(days=1)
    with at(morning, 8):
        make_checkin(runner, day=morning, side="right", pain_now=0, pain_waking=2)
    found = [f for f in open_flags(runner).values() if f.code == "pain_next_morning_worse"]
    assert all(f.severity == "info" for f in found)


def test_last_weeks_stop_is_gone_when_read_ten_quiet_days_later(runner_client, runner, api_client_for):
    with at(START):
        make_run(runner, day=START, pain_during=8)
        assert "pain_during_run_high" in codes(runner)
    later = START + timedelta(days=10)
    with at(later):
        listed = api_client_for(runner).get("/api/v1/flags/").json()
        assert "pain_during_run_high" not in {f["code"] for f in listed["results"]}
        assert Profile.objects.get(user=runner).flags_evaluated_on == later


def test_the_triage_list_re_evaluates_only_stale_patients(runner, other_runner):
    doc = make_physio("doc@example.com", "Dr Doc")
    link(runner, doc)
    link(other_runner, doc)
    with at(START):
        make_run(runner, day=START, pain_during=8)
        make_run(other_runner, day=START, pain_during=1)
    later = START + timedelta(days=10)
    with at(later):
        # The other patient counts as evaluated today: their stored flags are read as they are.
        Profile.objects.filter(user=other_runner).update(flags_evaluated_on=later)
        kept = Flag.objects.create(
            owner=other_runner,
            key="test:kept",
            code="test",
            severity="caution",
            severity_rank=1,
            title="Kept",
            message="m",
            action="a",
            source="s",
            raised_at=START_AT,
            last_seen_at=START_AT,
        )
        rows = triage_list.triage(physio=doc)
        by_patient = {r.patient_id: r for r in rows}
        assert by_patient[runner.pk].top_severity is None
        assert by_patient[other_runner.pk].top_title == "Kept"
        assert Profile.objects.get(user=runner).flags_evaluated_on == later
        assert Flag.objects.get(pk=kept.pk).cleared_at is None


def test_swelling_that_has_not_gone_down_for_six_days_needs_a_professional_without_an_injury(runner):
    for offset in range(6):
        day = START + timedelta(days=offset)
        with at(day):
            make_checkin(runner, day=day, side="left", pain_now=3, swelling="moderate")
    assert open_flags(runner)["red_swelling_bruising:left"].severity == "see_professional"


def test_mild_swelling_with_bruising_is_not_called_severe(runner):
    with at(START):
        make_checkin(runner, day=START, side="left", pain_now=3, swelling="mild", bruising=True)
    flag = open_flags(runner)["red_swelling_bruising:left"]
    # It names what was reported; the general sentence about severe swelling is not a description of it.
    assert flag.message.startswith("You reported mild swelling and bruising")
    assert "reported severe" not in flag.message


def test_choosing_a_condition_from_what_might_this_be_keeps_the_seed_limit(runner_client, runner, library):
    achilles = Condition.objects.get(slug="achilles-tendinopathy")
    with at(START):
        # What "Track this as my injury" on the matcher's page posts.
        tracked = runner_client.post(
            reverse("journal:entry_create", args=["injury"]),
            {
                "condition": achilles.pk,
                "side": "right",
                "onset": "gradual",
                "status": "active",
                "onset_date": START.isoformat(),
            },
        )
        assert tracked.status_code == 302
        make_run(runner, day=START, pain_during=4)
        flag = open_flags(runner)["pain_during_run_high"]
        html = runner_client.get(reverse("journal:today")).content.decode()
        trends = runner_client.get(reverse("journal:trends")).content.decode()
    assert "above 3/10" in flag.message
    assert "Achilles tendinopathy</strong> (suspected)" in html
    assert "Your limit for pain during a run is 3/10." in trends


def test_an_overridden_limit_is_the_limit_the_message_names(runner):
    Profile.objects.filter(user=runner).update(threshold_overrides={"pain_during_run_limit": 5})
    with at(START):
        make_run(runner, day=START, pain_during=6)
    message = open_flags(runner)["pain_during_run_high"].message
    assert "5/10" in message and "above 3" not in message


def test_a_worn_shoe_does_not_link_to_plantar_fasciitis(runner_client, runner, library):
    with at(START):
        shoe = make_shoe(runner, name="Old pair", start_distance_m=900_000)
        make_run(runner, day=START, shoe=shoe, pain_during=0)
        html = runner_client.get(reverse("journal:today")).content.decode()
    assert "shoe_replace" in codes(runner)
    assert "Read about plantar fasciitis" not in html


def test_the_same_flag_on_both_sides_shows_two_cards_each_naming_its_side(runner_client, runner):
    last = START + timedelta(days=6)
    for offset, pain in enumerate([2, 4, 6, 8]):
        day = START + timedelta(days=offset * 2)
        with at(day):
            make_checkin(runner, day=day, side="left", pain_now=pain)
            make_checkin(runner, day=day, side="right", pain_now=pain)
    with at(last):
        page = runner_client.get(reverse("journal:dashboard")).content.decode()
        history = runner_client.get(reverse("journal:flags")).content.decode()
        physio = make_physio("physio-sides@footnote.example", "Pat Physio")
        link(runner, physio)
        patient = login(physio).get(reverse("clinic:patient", args=[runner.pk])).content.decode()
        report = runner_client.get(reverse("report")).content.decode()
    assert {"pain_rising_early:left", "pain_rising_early:right"} <= set(open_flags(runner))
    for text in (page, history):
        assert text.count('<span class="tag">Left side</span>') == 1
        assert text.count('<span class="tag">Right side</span>') == 1
    # The physiotherapist's open flags carry the tag; their flag history and the report name the side.
    assert patient.count('<span class="tag">Left side</span>') == 1
    assert "(right side)" in patient
    assert "(left side, " in report and "(right side, " in report
    # A flag about no side (a shoe, the week's load) carries no side tag.
    assert Flag(subject="3f0c").side_text == ""


def test_the_urgent_banner_and_the_flag_page_name_the_side(runner_client, runner):
    with at(START, 18):
        make_checkin(runner, day=START, side="right", pain_now=7, can_walk_four_steps=False)
        flag = open_flags(runner)["red_cannot_bear_weight:right"]
        today = runner_client.get(reverse("journal:today")).content.decode()
        detail = runner_client.get(reverse("journal:flag_detail", args=[flag.pk])).content.decode()
    assert f"<strong>{escape(flag.title)} (right side).</strong>" in today
    assert '<span class="tag">Right side</span>' in detail
