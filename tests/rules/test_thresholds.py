from __future__ import annotations

import pytest

from journal.rules import Thresholds, thresholds_for
from tests.rules._builders import episode, sprain, tendon_episode


@pytest.mark.parametrize(
    ("ep", "model", "limit"),
    [
        pytest.param(None, "seed", 3, id="no-episode"),
        pytest.param(sprain(), "seed", 3, id="seed-condition"),
        pytest.param(tendon_episode(), "tendon", 5, id="confirmed-achilles"),
        pytest.param(tendon_episode(confirmed=False), "seed", 3, id="runners-own-choice-of-achilles"),
        pytest.param(tendon_episode(status="recovering"), "tendon", 5, id="recovering-achilles"),
        pytest.param(tendon_episode(status="resolved"), "seed", 3, id="resolved-episode-ignored"),
        pytest.param(
            episode(pain_model="tendon", slug="tibialis-posterior-tendinopathy", confirmed=True),
            "seed",
            3,
            id="other-tendon-condition",
        ),
    ],
)
def test_the_episodes_condition_selects_the_pain_model(ep, model, limit):
    t = thresholds_for(episode=ep)
    assert t.pain_model == model
    assert t.pain_during_run_limit == limit


def test_defaults_match_the_design_table():
    t = Thresholds()
    assert (t.pain_during_run_limit_seed, t.pain_during_run_limit_tendon) == (3, 5)
    assert (t.trend_delta, t.trend_min_checkin_days, t.spike_points) == (1.0, 3, 3)
    assert (t.not_improving_days, t.persisting_days) == (7, 21)
    assert (t.load_spike_info_pct, t.load_spike_caution_pct) == (10.0, 30.0)
    assert (t.acwr_limit, t.acwr_acute_days, t.acwr_chronic_days, t.acwr_min_history_days) == (1.5, 7, 28, 28)
    assert (t.return_week_one_pct, t.return_weekly_rise_pct) == (50.0, 15.0)
    assert (t.swelling_hours, t.nerve_min_checkins, t.nerve_window_days) == (72, 2, 14)
    assert t.load_spike_min_rise_m == 5000
    assert (t.rising_early_points, t.rising_early_window_days, t.rising_early_min_checkins) == (3, 7, 3)
    assert (t.acute_injury_days, t.fresh_checkin_days) == (10, 3)
    assert (t.recurrence_pain, t.recurrence_rise_points, t.recurrence_resolved_days) == (3, 2, 90)
    assert t.healthy_morning_rise_points == 2
    assert (t.spike_window_days, t.morning_before_days, t.persisting_max_gap_days) == (7, 3, 7)
    assert (t.recent_run_days, t.trend_window_days, t.recurrence_window_days) == (7, 7, 7)
    assert (t.restart_gap_days, t.recurrence_attempts, t.recurrence_lookback_days) == (7, 2, 42)
    assert t.default_min_days_before_return == 0


@pytest.mark.parametrize(
    ("ep", "overrides", "field", "expected"),
    [
        pytest.param(
            tendon_episode(),
            {"pain_during_run_limit": 2},
            "pain_during_run_limit",
            2,
            id="limit-beats-tendon",
        ),
        pytest.param(None, {"pain_during_run_limit": 4}, "pain_during_run_limit", 4, id="limit-beats-seed"),
        pytest.param(
            sprain(), {"pain_model": "tendon"}, "pain_during_run_limit", 5, id="model-beats-condition"
        ),
        pytest.param(tendon_episode(), {"pain_model": "seed"}, "pain_model", "seed", id="seed-over-tendon"),
        pytest.param(None, {"pain_during_run_limit_seed": 2}, "pain_during_run_limit", 2, id="field-name"),
        pytest.param(None, {"trend_delta": 2}, "trend_delta", 2.0, id="int-for-float"),
        pytest.param(None, {"load_spike_info_pct": 15.0}, "load_spike_info_pct", 15.0, id="percent"),
        pytest.param(None, {"persisting_days": 28.0}, "persisting_days", 28, id="whole-float-for-int"),
    ],
)
def test_overrides_win(ep, overrides, field, expected):
    t = thresholds_for(episode=ep, overrides=overrides)
    assert getattr(t, field) == expected
    assert type(getattr(t, field)) is type(expected)


def test_overrides_leave_other_thresholds_alone():
    t = thresholds_for(episode=tendon_episode(), overrides={"spike_points": 4})
    assert t.spike_points == 4
    assert t.pain_model == "tendon"
    assert t.trend_delta == 1.0


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"pain_limit": 4}, id="unknown-key"),
        pytest.param({"pain_model": "bone"}, id="unknown-model"),
        pytest.param({"spike_points": "3"}, id="string"),
        pytest.param({"spike_points": True}, id="bool"),
        pytest.param({"spike_points": -1}, id="negative"),
        pytest.param({"spike_points": 2.5}, id="fraction-for-whole-number"),
    ],
)
def test_bad_overrides_raise(overrides):
    with pytest.raises(ValueError):
        thresholds_for(episode=None, overrides=overrides)


def test_thresholds_are_frozen():
    with pytest.raises(AttributeError):
        Thresholds().spike_points = 5  # type: ignore[misc]
