"""Edges the rule tables above do not reach: ordering, dates after today, and the load model's corners."""

from __future__ import annotations

import pytest

from journal.rules import Thresholds, acute_chronic_ratio
from tests.rules._builders import checkin, codes, day, flags, journal, plan, run, shoe, sprain


def test_flags_with_the_same_code_are_ordered_by_subject():
    j = journal(0, shoes=[shoe(900, id="b"), shoe(900, id="a")])
    assert [f.key for f in flags(j)] == ["shoe_replace:a", "shoe_replace:b"]


def test_an_injury_dated_after_today_is_not_an_acute_injury_yet():
    tender = checkin(0, 5, bone_tenderness=("navicular",))
    assert "red_bone_tenderness" not in codes(journal(0, checkins=[tender], episode=sprain(1)))
    assert "red_bone_tenderness" in codes(journal(0, checkins=[tender], episode=sprain(0)))


@pytest.mark.parametrize(
    ("recent", "raised"),
    [
        # Points (-6, 1), (-5, 2), (-3, 1): the least-squares slope is just below zero, so pain is falling.
        pytest.param((1, 2, 1), False, id="slope-just-below-zero"),
        pytest.param((1, 1, 2), True, id="slope-above-zero"),
    ],
)
def test_trend_not_falling_is_decided_by_the_slopes_sign(recent, raised):
    items = [checkin(n, 0) for n in (0, 2, 4)] + [
        checkin(n, p) for n, p in zip((7, 8, 10), recent, strict=True)
    ]
    assert ("pain_trend_worsening" in codes(journal(13, checkins=items))) is raised


def test_a_return_plan_starting_today_judges_instead_of_load_spike():
    runs = [run(1, 10), run(12, 20)]
    assert "load_spike" not in codes(journal(13, runs=runs, plan=plan(13, 40)))
    assert "load_spike" in codes(journal(13, runs=runs, plan=plan(14, 40)))


def test_todays_run_counts_in_the_acute_chronic_ratio():
    t = Thresholds()
    runs = [run(n, 5) for n in range(28)]
    without = acute_chronic_ratio(runs, day(28), t)
    with_today = acute_chronic_ratio([*runs, run(28, 20)], day(28), t)
    assert without is not None and with_today is not None
    assert with_today > without


def test_acute_chronic_ratio_without_any_distance_is_unknown():
    t = Thresholds()
    assert acute_chronic_ratio([run(n, 0) for n in range(30)], day(29), t) is None
    tiny = acute_chronic_ratio([run(n, 0.001) for n in range(30)], day(29), t)
    assert tiny is not None and tiny == pytest.approx(1.0, abs=0.2)


def test_acwr_high_is_raised_only_above_its_limit():
    runs = [run(n, 5) for n in range(28)] + [run(n, 15) for n in range(28, 31)]
    ratio = acute_chronic_ratio(runs, day(30), Thresholds())
    j = journal(30, runs=runs)
    assert "acwr_high" not in codes(j, acwr_limit=ratio)
    assert "acwr_high" in codes(j, acwr_limit=ratio - 0.01)


def test_waking_pain_older_than_two_weeks_is_not_last_week():
    from tests.rules._builders import tendon_episode

    items = [checkin(n, 1, pain_waking=9) for n in (-8, -7, -6)]
    items += [checkin(n, 1, pain_waking=2) for n in (1, 3)] + [checkin(10, 1, pain_waking=3)]
    assert "pain_next_morning_worse" in codes(journal(13, checkins=items, episode=tendon_episode()))


def test_the_worst_run_of_the_day_is_the_one_named():
    from tests.rules._builders import flag

    f = flag(
        journal(10, runs=[run(9, pain=5), run(9, pain=8, id="r9b"), run(9, pain=6, id="r9c")]),
        "pain_during_run_high",
    )
    assert "8/10" in f.message and "5/10" not in f.message


def test_a_physiotherapist_may_ask_for_one_painful_restart_or_none():
    j = journal(11, runs=[run(0), run(10, pain=5)], episode=sprain(0))
    assert "pain_recurs_on_return" not in codes(j)
    assert "pain_recurs_on_return" in codes(j, recurrence_attempts=1)
    assert "pain_recurs_on_return" not in codes(j, recurrence_attempts=0)


def test_a_plan_starting_today_counts_todays_run():
    from tests.rules._builders import flag

    f = flag(journal(10, runs=[run(9, 3), run(10, 11)], plan=plan(10, 20)), "return_too_fast")
    assert f is not None and [e.id for e in f.evidence] == ["p1", "r10"]
    assert "return_too_fast" not in codes(journal(10, runs=[run(9, 3), run(10, 10)], plan=plan(10, 20)))


def test_the_first_run_on_the_plans_start_day_is_a_restart():
    from journal.rules import restart_attempts

    j = journal(10, runs=[run(5), run(10)], plan=plan(10, 20))
    assert [r.id for r in restart_attempts(j, Thresholds())] == ["r10"]


@pytest.mark.parametrize(
    ("pain_days", "raised"),
    [
        pytest.param((10, 20), False, id="check-ins-on-the-restart-days"),
        pytest.param((11, 21), True, id="the-day-after"),
        pytest.param((16, 26), True, id="six-days-after"),
        pytest.param((17, 27), False, id="seven-days-after"),
    ],
)
def test_pain_after_a_restart_is_looked_for_in_the_days_after_it(pain_days, raised):
    runs = [run(0), run(10), run(20)]
    items = [checkin(n, 0) for n in (9, 19)] + [checkin(n, 4) for n in pain_days]
    j = journal(max(pain_days) + 1, runs=runs, checkins=items, episode=sprain(0))
    assert ("pain_recurs_on_return" in codes(j)) is raised


def test_pain_recurs_on_return_says_what_pain_was_before():
    from tests.rules._builders import flag

    items = [checkin(9, 0), checkin(11, 2), checkin(19, 0), checkin(21, 2)]
    f = flag(
        journal(22, runs=[run(0), run(10), run(20)], checkins=items, episode=sprain(0)),
        "pain_recurs_on_return",
    )
    assert f.evidence[2].detail.startswith("pain 2/10 after the restart (was 0/10)")


def test_an_injury_resolved_today_is_still_within_the_injury():
    j = journal(
        21,
        runs=[run(0), run(10, pain=5), run(20, pain=4)],
        episode=sprain(0, status="resolved", resolved_on=21),
    )
    assert "pain_recurs_on_return" in codes(j)


def test_ready_to_return_names_the_injured_side_and_the_check_in():
    from tests.rules._builders import flag

    ready = {"heel_raises_ok": True, "hop_ok": True}
    left = flag(
        journal(20, checkins=[checkin(20, 0, **ready)], episode=sprain(0, side="left")), "ready_to_return"
    )
    assert left.subject == "left" and [e.id for e in left.evidence] == ["c20-left"]
    both = flag(
        journal(20, checkins=[checkin(20, 0, side="both", **ready)], episode=sprain(0)), "ready_to_return"
    )
    assert both.subject is None and [e.id for e in both.evidence] == ["c20-both"]


def test_any_running_at_all_last_plan_week_sets_the_weekly_rise():
    # 1 metre in week one is still a week with running: week two is judged against it, not against half
    # the pre-injury week.
    j = journal(10, runs=[run(1, 0.001), run(9, 10)], plan=plan(0, 20))
    assert "return_too_fast" in codes(j)


def test_a_pre_injury_week_of_one_metre_still_caps_week_one():
    assert "return_too_fast" in codes(journal(3, runs=[run(2, 1)], plan=plan(0, 0.001)))
    assert "return_too_fast" not in codes(journal(3, runs=[run(2, 1)], plan=plan(0, 0)))


def test_a_resolved_date_after_today_is_not_within_the_injury():
    j = journal(
        21,
        runs=[run(0), run(10, pain=5), run(20, pain=4)],
        episode=sprain(0, status="resolved", resolved_on=22),
    )
    assert "pain_recurs_on_return" not in codes(j)


@pytest.mark.parametrize(
    ("days", "raised"),
    [
        pytest.param((0, 7, 14, 21, 22), True, id="gaps-of-a-week"),
        pytest.param((0, 8, 15, 22, 23), False, id="a-gap-of-8-days-breaks-it"),
    ],
)
def test_pain_persisting_allows_gaps_of_up_to_a_week(days, raised):
    j = journal(days[-1], checkins=[checkin(n, 2) for n in days])
    assert ("pain_persisting" in codes(j)) is raised


def test_only_the_limit_override_may_be_cleared_with_none():
    from journal.rules import thresholds_for

    assert thresholds_for(episode=None, overrides={"pain_during_run_limit": None}).pain_during_run_limit == 3
    with pytest.raises(ValueError):
        thresholds_for(episode=None, overrides={"spike_points": None})


def test_the_latest_check_in_at_the_days_worst_stands_for_the_day():
    from tests.rules._builders import flag

    items = [checkin(n, 2) for n in range(0, 22, 3)] + [
        checkin(22, 3, at="08:00"),
        checkin(22, 3, at="20:00"),
    ]
    f = flag(journal(22, checkins=items), "pain_persisting")
    assert f.evidence[-1].id == "c22-left-2000"


@pytest.mark.parametrize(
    ("days", "text"), [(7, "a week"), (14, "2 weeks"), (21, "3 weeks"), (20, "20 days"), (22, "22 days")]
)
def test_thresholds_in_days_read_as_people_say_them(days, text):
    from journal.rules.history import span_text

    assert span_text(days) == text


def test_messages_name_the_thresholds_in_use():
    from tests.rules._builders import daily_checkins, flag

    persisting = journal(31, checkins=daily_checkins(range(0, 32, 2), 2))
    default = flag(persisting, "pain_persisting")
    assert "over 3 weeks" in default.title and "longer than 3 weeks" in default.message
    longer = flag(persisting, "pain_persisting", persisting_days=28)
    assert "over 4 weeks" in longer.title and "longer than 4 weeks" in longer.message
    stuck = journal(6, checkins=daily_checkins(range(7), 4), episode=sprain())
    assert "after a week of self-care" in flag(stuck, "pain_not_improving").message
    runs = [run(1, 25), run(4, 25), run(9, 30), run(12, 30)]
    assert "about 10% a week" in flag(journal(13, runs=runs), "load_spike").message
    spike = flag(journal(13, runs=runs), "load_spike", load_spike_info_pct=15)
    assert "about 15% a week" in spike.message and "no more than 15% a week" in spike.action
