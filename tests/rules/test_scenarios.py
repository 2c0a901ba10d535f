from __future__ import annotations

from tests.rules._builders import checkin, codes, episode, flags, journal, plan, run, sprain, tendon_episode

# Each story is the whole journal as it will end up; evaluating it "as of" an earlier day sees only the
# entries up to that day, exactly as the runner would have on that evening.


def as_of(today, **story):
    return codes(journal(today, **story))


# 1. A lateral sprain: can't bear weight on day 0, swelling that lingers past 72 hours, then settles.
SPRAIN = {
    "episode": sprain(0, side="left"),
    "checkins": [
        checkin(
            0,
            7,
            swelling="moderate",
            can_walk_four_steps=False,
            pain_kinds=("sharp",),
            pain_daily_activities=True,
        ),
        checkin(1, 6, swelling="moderate", pain_daily_activities=True),
        checkin(2, 5, swelling="moderate", pain_daily_activities=True),
        checkin(3, 5, swelling="moderate", pain_daily_activities=True),
        checkin(4, 4, swelling="moderate"),
        checkin(5, 3, swelling="mild"),
        checkin(6, 3, swelling="mild"),
        checkin(8, 2),
        checkin(10, 1),
        checkin(12, 1),
        checkin(14, 0, heel_raises_ok=False, hop_ok=False),
        checkin(16, 0, heel_raises_ok=True, hop_ok=False),
        checkin(18, 0, heel_raises_ok=True, hop_ok=True),
    ],
}


def test_lateral_sprain_day_by_day():
    assert as_of(0, **SPRAIN) == {"red_cannot_bear_weight", "pain_daily_activities"}
    # Any check-in of the last three days keeps an urgent sign in view; later ones do not hide it.
    assert as_of(2, **SPRAIN) == {"red_cannot_bear_weight", "pain_daily_activities"}
    assert as_of(3, **SPRAIN) == {"pain_daily_activities"}
    # Moderate swelling from day 0 to day 4 is more than 72 hours; no injury record is needed for it.
    assert as_of(4, **SPRAIN) == {"red_swelling_bruising", "pain_daily_activities"}
    assert as_of(5, **SPRAIN) == {"pain_daily_activities"}
    assert as_of(6, **SPRAIN) == set()
    assert as_of(12, **SPRAIN) == set()
    assert as_of(16, **SPRAIN) == set()
    assert as_of(18, **SPRAIN) == {"ready_to_return"}
    assert as_of(21, **SPRAIN) == set()  # the last check-in is too old to vouch for readiness


def test_lateral_sprain_swelling_needs_no_injury_record():
    story = {**SPRAIN, "episode": None}
    assert "red_swelling_bruising" in as_of(4, **story)
    assert "ready_to_return" not in as_of(18, **story)  # never offered without an injury


def test_lateral_sprain_day_0_is_urgent_and_first():
    (first, *_) = flags(journal(0, **SPRAIN))
    assert first.code == "red_cannot_bear_weight"
    assert first.severity == "urgent"


# 2. A gradual Achilles tendinopathy (tendon model): steady 20 km weeks, then a 30 km week with morning
# stiffness climbing after each run.
def tendinopathy():
    # Four 5 km runs in every 7 days (days 0, 2, 4, 6 of each week) for three weeks before day 14.
    runs = [run(n, 5) for n in range(-21, 14) if n % 7 in (0, 2, 4, 6)]
    runs += [run(14, 6, pain=3), run(16, 8, pain=4), run(18, 8, pain=4), run(20, 8, pain=5)]
    waking = dict.fromkeys(range(14), 1) | {14: 1, 15: 2, 16: 2, 17: 3, 18: 3, 19: 4, 20: 4, 21: 5}
    checkins = [checkin(n, max(0, w - 1) if n < 14 else w, pain_waking=w) for n, w in waking.items()]
    return {
        "episode": tendon_episode(10, side="left"),
        "runs": runs,
        "checkins": checkins,
    }


def test_gradual_tendinopathy_day_by_day():
    story = tendinopathy()
    for today in range(-7, 15):
        assert as_of(today, **story) == set(), today
    assert as_of(15, **story) == {"pain_next_morning_worse"}
    # Seven check-in days since onset (day 10) with pain rising; the week's rise of 4 km is below the
    # 5 km floor, so it is no load spike.
    assert as_of(16, **story) == {"pain_next_morning_worse", "pain_not_improving"}
    assert as_of(17, **story) == {
        "pain_next_morning_worse",
        "pain_not_improving",
        "pain_rising_early",
        "pain_trend_worsening",
    }
    # 5/10 during the day-20 run is within the tendon model's limit, so no pain_during_run_high.
    assert as_of(20, **story) == {
        "pain_next_morning_worse",
        "pain_not_improving",
        "pain_rising_early",
        "pain_trend_worsening",
        "load_spike",
    }
    assert "load_spike" not in as_of(23, **story)  # a week without running is not a jump
    # On the tendon model, waking pain higher this week than last keeps the morning flag after the runs stop.
    assert "pain_next_morning_worse" in as_of(27, **story)


def test_the_same_story_on_a_suspected_tendinopathy_uses_the_seed_limit():
    story = {**tendinopathy(), "episode": tendon_episode(10, side="left", confirmed=False)}
    assert "pain_during_run_high" in as_of(20, **story)  # 5/10 is above 3/10
    assert "pain_next_morning_worse" not in as_of(27, **story)  # no week-on-week criterion


def test_gradual_tendinopathy_load_spike_is_a_caution():
    spike = next(f for f in flags(journal(20, **tendinopathy())) if f.code == "load_spike")
    assert spike.severity == "caution"
    assert "30.0 km" in spike.message and "20.0 km" in spike.message


# 3. A stress-fracture pattern: rising mileage, impact pain, then pain at night and a tender navicular.
STRESS = {
    "episode": episode(5, title="Midfoot pain"),
    "runs": [run(n, 6) for n in range(-14, 7)] + [run(n, 9, pain=2) for n in (7, 8, 9)],
    "checkins": [
        checkin(5, 2, pain_kinds=("dull_ache",)),
        checkin(7, 3, pain_with_impact=True),
        checkin(9, 4, pain_with_impact=True),
        checkin(10, 5, pain_with_impact=True, pain_at_rest_or_night=True),
        checkin(11, 6, pain_with_impact=True, pain_at_rest_or_night=True, bone_tenderness=("navicular",)),
        checkin(16, 3, pain_with_impact=True),
        checkin(24, 1),
    ],
}


def test_stress_fracture_pattern_day_by_day():
    assert as_of(7, **STRESS) == set()
    assert as_of(9, **STRESS) == {"load_spike"}  # 51 km against 42 km the week before
    # Night pain with impact pain; and pain up from 2/10 to 5/10 since the injury began.
    assert as_of(10, **STRESS) == {"red_bone_stress", "pain_rising_early"}
    # A tender navicular with a gradual onset is bone stress, not an Ottawa (A&E) sign.
    assert as_of(11, **STRESS) == {"red_bone_stress", "pain_rising_early"}
    assert as_of(13, **STRESS) == {"red_bone_stress", "pain_rising_early"}
    assert as_of(14, **STRESS) == set()  # day 11 is too old now; nothing should linger
    assert as_of(16, **STRESS) == set()  # impact pain without night pain, and pain coming down
    assert as_of(24, **STRESS) == set()


def test_stress_fracture_flag_needs_a_professional():
    result = flags(journal(11, **STRESS))
    assert result[0].code == "red_bone_stress"
    assert result[0].severity == "see_professional"
    assert result[0].action.startswith("Stop running")
    assert "navicular" in result[0].message


# 4. A clean recovery: ready to return on day 14, a walk-run plan from day 15 at 30 km pre-injury; week one
# stays at half, week two jumps 40%.
RECOVERY = {
    "episode": sprain(0, status="recovering", side="left"),
    "checkins": [checkin(n, max(0, 5 - n // 2)) for n in range(13)]
    + [checkin(13, 0, heel_raises_ok=True, hop_ok=False), checkin(14, 0, heel_raises_ok=True, hop_ok=True)]
    + [checkin(n, 0, pain_waking=0, heel_raises_ok=True, hop_ok=True) for n in range(15, 30)],
    "runs": [
        run(16, 3, in_return_plan=True),
        run(18, 5, in_return_plan=True),
        run(20, 5, in_return_plan=True),
        run(22, 4, in_return_plan=True),
        run(24, 5, in_return_plan=True),
        run(26, 6, in_return_plan=True),
        run(28, 6, in_return_plan=True),
    ],
    "plan": plan(15, pre_injury_km=30),
}


def test_clean_recovery_then_too_fast_day_by_day():
    assert as_of(13, **RECOVERY) == set()
    assert as_of(14, **RECOVERY) == {"ready_to_return"}
    assert as_of(15, **RECOVERY) == set()  # the plan has started
    assert as_of(20, **RECOVERY) == set()  # week one: 13 km of a 15 km limit
    assert as_of(24, **RECOVERY) == set()  # week two so far: 9 km
    assert as_of(26, **RECOVERY) == {"return_too_fast"}  # 15 km, more than 13 km + 15%
    assert as_of(28, **RECOVERY) == {"return_too_fast"}
    assert as_of(29, **RECOVERY) == set()  # a new plan week


def test_return_too_fast_in_the_recovery_story_names_the_week():
    f = next(f for f in flags(journal(26, **RECOVERY)) if f.code == "return_too_fast")
    assert "week 2" in f.message and "15.0 km" in f.message and "13.0 km" in f.message


def test_nothing_in_the_stories_diagnoses():
    stories = [SPRAIN, tendinopathy(), STRESS, RECOVERY]
    for story in stories:
        for today in range(-7, 35):
            for f in flags(journal(today, **story)):
                assert "diagnos" not in f"{f.title} {f.message} {f.action}".lower()
