from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from journal.entries import services
from journal.flags.services import flags_refresh
from journal.models import ExercisePrescription, Flag, PatientSummary, Profile, ReturnPlan
from journal.today.care import care_tips
from journal.today.dashboard import ANSWERS, answer_for
from journal.today.return_plan import STAGES, Session, plan_state, pre_injury_weekly_m, week_target_m
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


@pytest.mark.parametrize(
    ("severities", "answer"),
    [
        ([], "go"),
        ([0], "go"),
        ([1, 0], "go_easy"),
        ([2, 1], "rest"),
        ([3], "get_help"),
        ([4, 2], "get_help"),
    ],
)
def test_answer_comes_from_the_highest_flag(severities, answer):
    assert answer_for([Flag(severity_rank=rank) for rank in severities]) == ANSWERS[answer]


@pytest.mark.parametrize(
    ("onset", "swelling", "kinds", "phase", "first_title"),
    [
        (TODAY, None, (), "acute", "Rest, but keep moving gently"),
        (TODAY - timedelta(days=2), "moderate", (), "acute", "Rest, but keep moving gently"),
        (TODAY - timedelta(days=3), "mild", (), "later", "Still swollen?"),
        (TODAY - timedelta(days=20), "none", ("dull_ache",), "later", "Heat for a dull, lasting ache"),
        (None, "none", ("dull_ache",), "later", "Heat for a dull, lasting ache"),
        (None, None, (), "", None),
    ],
)
def test_care_tips_follow_the_phase(onset, swelling, kinds, phase, first_title):
    got_phase, tips = care_tips(today=TODAY, onset_date=onset, swelling=swelling, pain_kinds=kinds)
    assert got_phase == phase
    assert (tips[0].title if tips else None) == first_title
    if phase == "acute":
        assert any("15–20 minutes every 2–3 hours" in t.title for t in tips)


def test_week_targets_start_at_half_and_rise_about_ten_percent():
    assert [week_target_m(pre_injury_weekly_m=40_000, week_index=w) for w in range(3)] == [
        20_000,
        22_000,
        24_200,
    ]
    assert week_target_m(pre_injury_weekly_m=40_000, week_index=20) == 40_000


def test_pre_injury_weekly_distance_is_the_four_weeks_before_onset():
    onset = date(2026, 10, 1)
    runs = [(onset - timedelta(days=d), 10_000) for d in range(1, 29, 7)] + [(onset, 99_000)]
    assert pre_injury_weekly_m(run_distances=runs, onset_date=onset) == 10_000


@pytest.mark.parametrize(
    ("pains", "rose", "stage", "done", "held"),
    [
        ([], [], 0, 0, False),
        ([0, 1, 2], [False] * 3, 1, 0, False),
        ([0, 1, 2, 0], [False] * 4, 1, 1, False),
        ([0, 1, 2, 0, 5], [False] * 5, 1, 0, True),  # a painful session goes back to the stage's start
        ([0, 0, 0, 0, 0], [False, False, False, False, True], 1, 0, True),  # sorer next morning
        ([0] * 12, [False] * 12, 3, 0, False),
    ],
)
def test_plan_moves_on_only_when_pain_allows(pains, rose, stage, done, held):
    sessions = [
        Session(TODAY - timedelta(days=30 - i), p, r)
        for i, (p, r) in enumerate(zip(pains, rose, strict=True))
    ]
    state = plan_state(
        started_on=TODAY - timedelta(days=30),
        pre_injury_weekly_m=30_000,
        sessions=sessions,
        week_done_m=0,
        today=TODAY,
        pain_limit=3,
        paused=False,
    )
    assert (state.stage_index, state.good_sessions_in_stage, state.held_back) == (stage, done, held)
    assert state.stage == STAGES[stage]
    assert state.complete is (len(pains) == 12)


def test_today_full_page_shows_the_answer_and_flags(runner_client, runner):
    make_run(runner, day=TODAY, distance_m=5000, pain_during=6)
    html = runner_client.get(reverse("journal:today")).content.decode()
    assert "Can I run today? <strong>Rest.</strong>" in html
    assert "Pain during your run was high" in html
    trends = runner_client.get(reverse("journal:trends")).content.decode()
    assert 'role="img"' in trends and "Weekly distance, last 12 weeks" in trends


def test_dashboard_partial_is_only_the_dashboard(runner_client, runner):
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    response = runner_client.get(reverse("journal:dashboard"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="dashboard"') and "<nav" not in html
    assert "Get checked at urgent care today" in html and 'role="alert"' in html
    assert "diagnos" not in html.lower()
    assert runner_client.get(reverse("journal:dashboard") + "?part=secrets").status_code == 404


@pytest.mark.parametrize(
    ("checkin", "banner"),
    [
        ({"can_walk_four_steps": False}, "Get checked at urgent care today"),
        # Without an acute injury, bone tenderness is read as possible bone stress, not an Ottawa sign.
        ({"bone_tenderness": ["navicular"]}, "Book a physiotherapist or doctor"),
        ({"bone_tenderness": ["navicular"], "recent_trauma": True}, "Get checked at urgent care today"),
        (
            {"bone_tenderness": ["metatarsal_shaft"], "pain_at_rest_or_night": True},
            "Book a physiotherapist or doctor",
        ),
        ({"calf_swollen_warm": True}, "Get checked at urgent care today"),
        ({"area_red_warm": True, "fever": True}, "Get checked at urgent care today"),
        ({"pain_daily_activities": True}, "Book a physiotherapist or doctor"),
        ({"swelling": "severe"}, "Book a physiotherapist or doctor"),
    ],
)
def test_red_flag_banners(runner_client, runner, checkin, banner):
    make_checkin(runner, day=TODAY, pain_now=5, **checkin)
    html = runner_client.get(reverse("journal:dashboard")).content.decode()
    assert banner in html and "Meanwhile:" in html
    assert "diagnos" not in html.lower()


def test_no_banner_for_a_calm_journal(runner_client, runner):
    make_checkin(runner, day=TODAY, pain_now=1)
    html = runner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'class="banner' not in html and "Can I run today? <strong>Go.</strong>" in html


def test_acknowledge_and_dismiss_through_the_page(runner_client, runner):
    make_run(runner, day=TODAY, distance_m=5000, pain_during=6)
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    stop = Flag.objects.get(code="pain_during_run_high")
    urgent = Flag.objects.get(code="red_cannot_bear_weight")
    response = runner_client.post(
        reverse("journal:flag_action", args=[urgent.pk, "acknowledge"]), HTTP_HX_REQUEST="true"
    )
    assert response.content.decode().lstrip().startswith('<section id="dashboard"')
    assert ">Seen<" in response.content.decode()
    refused = runner_client.post(reverse("journal:flag_action", args=[urgent.pk, "dismiss"]), follow=True)
    assert "cannot be dismissed" in refused.content.decode()
    runner_client.post(reverse("journal:flag_action", args=[stop.pk, "dismiss"]))
    html = runner_client.get(reverse("journal:dashboard")).content.decode()
    assert "Pain during your run was high" not in html
    assert "You can&#x27;t walk four steps" in html or "You can't walk four steps" in html


def test_someone_elses_flag_is_a_404(runner_client, other_runner):
    make_checkin(other_runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    flag = Flag.objects.get(owner=other_runner)
    for action in ("acknowledge", "dismiss"):
        assert runner_client.post(reverse("journal:flag_action", args=[flag.pk, action])).status_code == 404
    flag.refresh_from_db()
    assert flag.acknowledged_at is None


def test_flag_history_lists_cleared_flags(runner_client, runner):
    checkin = make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    services.checkin_update(checkin=checkin, can_walk_four_steps=True)
    html = runner_client.get(reverse("journal:flags")).content.decode()
    assert "walk four steps" in html and "cleared 20 Nov 2026" in html


def test_adherence_this_week(runner_client, runner):
    exercise = make_exercise()
    ExercisePrescription.objects.create(owner=runner, exercise=exercise, times_per_week=4, starts_on=TODAY)
    make_completion(runner, day=TODAY, exercise=exercise, pain_during=2)
    make_completion(runner, day=TODAY - timedelta(days=1), exercise=exercise)
    make_completion(runner, day=TODAY - timedelta(days=7), exercise=exercise)  # last week
    html = runner_client.get(reverse("journal:trends")).content.decode()
    assert "50% of this week's prescribed sessions done" in html
    assert "Ankle alphabet: 2 of 4 · pain up to 2/10" in html


def test_ready_to_return_offers_a_plan_and_runs_count_towards_it(mile_client, mile_runner):
    onset = TODAY - timedelta(days=40)
    for week in range(1, 5):
        make_run(mile_runner, day=onset - timedelta(days=week * 7 - 2), distance_m=16_093)
    services.episode_record(owner=mile_runner, label="Sprain", side="right", onset_date=onset, onset="sudden")
    make_checkin(mile_runner, day=TODAY, pain_now=0, heel_raises_ok=True, hop_ok=True)
    html = mile_client.get(reverse("journal:today")).content.decode()
    assert "Ready for a walk-run plan?" in html and 'value="10.0"' in html
    bad = mile_client.post(reverse("journal:return_plan_start"), {"pre_injury_weekly": "0"}, follow=True)
    assert "Give the weekly distance" in bad.content.decode()
    assert not ReturnPlan.objects.exists()
    mile_client.post(reverse("journal:return_plan_start"), {"pre_injury_weekly": "10"})
    plan = ReturnPlan.objects.get(owner=mile_runner)
    assert (plan.pre_injury_weekly_m, plan.status) == (16_093, "active")
    html = mile_client.get(reverse("journal:today")).content.decode()
    assert "Your walk-run plan: Walk-run 1" in html
    # The step and the week's cap in one sentence: three sessions of at most 15 minutes.
    assert (
        "This week: run 1 minute, walk 2 minutes, for 10–15 minutes in all, on up to 3 days with a rest "
        "day between, so 45 minutes of walk-run at most (0 sessions so far)."
    ) in html
    assert " mi in all" not in html
    assert "A session of my walk-run plan" in html
    data = {
        "date": TODAY.isoformat(),
        "distance": "1.5",
        "duration": "20:00",
        "surface": "road",
        "pain_during": "1",
    }
    mile_client.post(reverse("journal:entry_create", args=["run"]), {**data, "in_return_plan": "on"})
    assert plan.runs.count() == 1
    html = mile_client.get(reverse("journal:today")).content.decode()
    assert "1 of 3 pain-free sessions" in html and "(1 session so far)" in html
    mile_client.post(reverse("journal:return_plan_end", args=[plan.pk]), {"status": "completed"})
    plan.refresh_from_db()
    assert plan.status == "completed"


def test_dashboard_query_count_is_the_same_for_a_week_and_five_years(
    client, db, django_assert_max_num_queries
):
    call_command("load_library")

    urls = [
        reverse("journal:today"),
        reverse("journal:dashboard"),
        reverse("journal:trends"),
    ]

    def measure(**seed):
        call_command("seed_demo", today=TODAY, **seed)
        user = get_user_model().objects.get(email="demo@footnote.example")
        client.force_login(user)
        counts = []
        for stale in (None, "in full", "projected"):
            for url in urls:
                if stale == "in full":
                    # Flags last evaluated yesterday, with no projection for today: the read evaluates first.
                    Profile.objects.filter(user=user).update(flags_evaluated_on=TODAY - timedelta(days=1))
                    PatientSummary.objects.filter(runner=user).update(projected_for=None)
                elif stale == "projected":
                    # Evaluated yesterday (a write, the nightly job): the read stores what that projected.
                    flags_refresh(owner=user, day=TODAY - timedelta(days=1), project=True)
                with django_assert_max_num_queries(15) as captured:
                    response = client.get(url)
                assert response.status_code == 200
                counts.append(len(captured.captured_queries))
        return counts

    small = measure(years=7 / 365)
    large = measure(years=5)
    # Fresh reads cost the same for any journal; a stale one also writes the flags it finds (<= 15 above).
    assert small[:3] == large[:3]
    # Stale reads of flags (Today and the dashboard partial) re-evaluated them: more queries than fresh ones;
    # storing a projection reads no journal, so fewer than evaluating in full.
    assert small[3] > small[0] and small[4] > small[1]
    assert small[6] > small[0] and small[7] > small[1]
    assert small[6] < small[3] and large[7] < large[4]


def test_a_brand_new_runner_sees_an_empty_dashboard_without_errors(runner_client):
    html = runner_client.get(reverse("journal:today")).content.decode()
    assert "Can I run today? <strong>Go.</strong>" in html
    trends = runner_client.get(reverse("journal:trends"), HTTP_HX_REQUEST="true").content.decode()
    assert "No check-ins in the last 8 weeks." in trends


def test_shoe_wear_on_the_dashboard(runner_client, runner):
    make_shoe(runner, name="Old pair", start_distance_m=790_000)
    html = runner_client.get(reverse("journal:trends")).content.decode()
    assert "Old pair: 790.0 km of 804.7 km — check for wear" in html


def test_flag_cards_show_the_date_of_each_piece_of_evidence(runner_client, runner):
    make_run(runner, day=TODAY - timedelta(days=1), distance_m=5000, pain_during=6)
    html = runner_client.get(reverse("journal:dashboard")).content.decode()
    assert "<li>19 Nov: " in html
