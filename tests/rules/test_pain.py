from __future__ import annotations

import pytest

from tests.rules._builders import (
    checkin,
    codes,
    daily_checkins,
    episode,
    flag,
    journal,
    keys,
    run,
    side_flag,
    sprain,
    tendon_episode,
)


def check(code, j, raised):
    assert (code in codes(j)) is raised


# --- pain_during_run_high -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, runs=[run(9, pain=4)]), True, id="4-seed-raises"),
        pytest.param(journal(10, runs=[run(9, pain=3)]), False, id="3-seed-at-limit"),
        pytest.param(journal(10, runs=[run(9, pain=4)], episode=tendon_episode()), False, id="4-tendon-ok"),
        pytest.param(
            journal(10, runs=[run(9, pain=5)], episode=tendon_episode()), False, id="5-tendon-at-limit"
        ),
        pytest.param(
            journal(10, runs=[run(9, pain=6)], episode=tendon_episode()), True, id="6-tendon-raises"
        ),
        pytest.param(
            journal(10, runs=[run(9, pain=4)], episode=tendon_episode(confirmed=False)),
            True,
            id="suspected-achilles-keeps-the-seed-limit",
        ),
        pytest.param(journal(10, runs=[run(8, pain=5), run(9, pain=1)]), False, id="cleared-by-next-run"),
        pytest.param(
            journal(10, runs=[run(8, pain=8), run(9, pain=None)]), True, id="run-without-score-clears-nothing"
        ),
        pytest.param(journal(10, runs=[run(9, pain=None)]), False, id="unknown-is-not-pain"),
        pytest.param(
            journal(10, runs=[run(9, pain=5), run(9, pain=0, id="r9b")]), True, id="one-of-two-same-day"
        ),
        pytest.param(journal(10, runs=[run(4, pain=5)]), True, id="6-days-ago"),
        pytest.param(journal(10, runs=[run(3, pain=5)]), False, id="7-days-ago-too-old"),
        pytest.param(journal(10, runs=[run(11, pain=8)]), False, id="future-run-ignored"),
    ],
)
def test_pain_during_run_high(j, raised):
    check("pain_during_run_high", j, raised)


def test_pain_during_run_high_names_the_run_in_the_runners_unit():
    km = flag(journal(10, runs=[run(9, km=8.0, pain=6)]), "pain_during_run_high")
    mi = flag(journal(10, runs=[run(9, km=8.04672, pain=6)], unit="mi"), "pain_during_run_high")
    assert km.severity == "stop"
    assert km.evidence[0].detail == "run of 8.0 km, pain 6/10 during it"
    assert mi.evidence[0].detail == "run of 5.0 mi, pain 6/10 during it"
    assert (km.evidence[0].kind, km.evidence[0].id) == ("run", "r9")
    assert "above 3/10" in km.message
    assert "seed 001" in km.source and "Silbernagel" not in km.source


def test_pain_during_run_high_explains_the_tendon_model():
    f = flag(journal(10, runs=[run(9, pain=6)], episode=tendon_episode()), "pain_during_run_high")
    assert "tendon" in f.message and "5/10" in f.message
    assert "Silbernagel et al. 2007 (tendon pain-monitoring model)" in f.source
    assert f.related == ("achilles-tendinopathy",)


def test_a_physiotherapist_override_changes_the_limit_and_the_message_names_it():
    j = journal(10, runs=[run(9, pain=3)])
    assert "pain_during_run_high" in codes(j, pain_during_run_limit=2)
    assert "pain_during_run_high" not in codes(journal(10, runs=[run(9, pain=2)]), pain_during_run_limit=2)
    assert "pain_during_run_high" not in codes(journal(10, runs=[run(9, pain=5)]), pain_during_run_limit=5)
    f = flag(journal(10, runs=[run(9, pain=6)]), "pain_during_run_high", pain_during_run_limit=5)
    assert "5/10" in f.message and "3/10" not in f.message and "5/10" in f.action
    tendon = flag(
        journal(10, runs=[run(9, pain=6)], episode=tendon_episode()),
        "pain_during_run_high",
        pain_during_run_limit=4,
    )
    assert "4/10" in tendon.message and "5/10" not in tendon.message


def test_a_physiotherapist_may_set_the_tendon_model():
    j = journal(10, runs=[run(9, pain=5)])
    assert "pain_during_run_high" not in codes(j, pain_model="tendon")
    assert "pain_during_run_high" in codes(journal(10, runs=[run(9, pain=6)]), pain_model="tendon")


# --- pain_next_morning_worse -----------------------------------------------------------------------------

BEFORE = checkin(8, 2, pain_waking=2)
AFTER_WORSE = checkin(9, 2, pain_waking=4)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)]), True, id="2-then-4"),
        pytest.param(
            journal(10, checkins=[BEFORE, checkin(9, 2, pain_waking=3)], runs=[run(8)]), True, id="2-then-3"
        ),
        pytest.param(
            journal(10, checkins=[BEFORE, checkin(9, 2, pain_waking=2)], runs=[run(8)]), False, id="2-then-2"
        ),
        pytest.param(journal(10, checkins=[BEFORE], runs=[run(8)]), False, id="no-morning-after-logged"),
        pytest.param(journal(10, checkins=[AFTER_WORSE], runs=[run(8)]), False, id="no-waking-pain-before"),
        pytest.param(
            journal(10, checkins=[BEFORE, checkin(9, 2, pain_waking=None)], runs=[run(8)]),
            False,
            id="unanswered-morning-is-not-a-score",
        ),
        pytest.param(
            journal(9, checkins=[checkin(8, 2, pain_waking=2)], runs=[run(9)]),
            False,
            id="ran-today-wait-for-morning",
        ),
        pytest.param(
            journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8), run(10)]),
            True,
            id="still-raised-until-todays-run-is-judged",
        ),
        pytest.param(
            journal(
                11, checkins=[BEFORE, AFTER_WORSE, checkin(11, 1, pain_waking=3)], runs=[run(8), run(10)]
            ),
            False,
            id="cleared-by-a-better-morning",
        ),
        pytest.param(
            journal(10, checkins=[checkin(5, 1, pain_waking=1), AFTER_WORSE], runs=[run(8)]),
            True,
            id="before-3-days-before-the-run",
        ),
        pytest.param(
            journal(10, checkins=[checkin(4, 1, pain_waking=1), AFTER_WORSE], runs=[run(8)]),
            False,
            id="before-4-days-before-the-run-too-old",
        ),
        pytest.param(journal(14, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)]), True, id="run-6-days-ago"),
        pytest.param(journal(15, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)]), False, id="run-7-days-ago"),
        pytest.param(
            journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)], episode=tendon_episode()),
            True,
            id="tendon-model-too",
        ),
        pytest.param(
            journal(10, checkins=[BEFORE, checkin(9, 2, side="right", pain_waking=4)], runs=[run(8)]),
            False,
            id="other-side-morning-does-not-count",
        ),
    ],
)
def test_pain_next_morning_worse(j, raised):
    check("pain_next_morning_worse", j, raised)


def test_pain_next_morning_worse_evidence():
    f = flag(
        journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)], episode=sprain()),
        "pain_next_morning_worse",
    )
    assert f.severity == "caution"
    assert f.subject == "left"
    assert [(e.kind, e.id) for e in f.evidence] == [
        ("checkin", "c8-left"),
        ("run", "r8"),
        ("checkin", "c9-left"),
    ]
    assert "2/10" in f.message and "4/10" in f.message and "left" in f.message


@pytest.mark.parametrize(
    ("after", "next_morning", "ep", "severity"),
    [
        pytest.param(4, None, None, "info", id="healthy-rise-of-2"),
        pytest.param(5, None, None, "caution", id="healthy-rise-of-3"),
        pytest.param(4, 2, None, "info", id="healthy-rise-of-2-gone-next-day"),
        pytest.param(4, 3, None, "caution", id="healthy-rise-of-2-still-there-next-day"),
        pytest.param(3, None, sprain(), "caution", id="injured-rise-of-1"),
        pytest.param(4, None, sprain(status="resolved"), "info", id="resolved-injury-is-healthy"),
        pytest.param(4, None, sprain(side="right"), "info", id="injury-on-the-other-side-is-healthy"),
    ],
)
def test_pain_next_morning_worse_severity(after, next_morning, ep, severity):
    items = [BEFORE, checkin(9, 2, pain_waking=after)]
    if next_morning is not None:
        items.append(checkin(10, 1, pain_waking=next_morning))
    f = flag(journal(10, checkins=items, runs=[run(8)], episode=ep), "pain_next_morning_worse")
    assert f.severity == severity


def test_pain_next_morning_worse_is_per_side_and_reads_the_latest_answer():
    j = journal(
        10,
        checkins=[
            checkin(8, 2, pain_waking=2),
            checkin(8, 1, side="right", pain_waking=1),
            checkin(9, 2, side="right", pain_waking=4, at="07:00"),
            checkin(9, 2, side="right", pain_waking=1, at="08:00"),
            checkin(9, 2, side="both", pain_waking=5, at="06:00"),
        ],
        runs=[run(8)],
    )
    # Left: 2 -> 5 (the "both" check-in). Right: 1 -> 1, its latest answer of the morning.
    assert keys(j) >= {"pain_next_morning_worse:left"}
    assert "pain_next_morning_worse:right" not in keys(j)


def waking_weeks(last, this, ep=None, today=13):
    items = [checkin(n, 1, pain_waking=p) for n, p in zip((1, 3, 5), last, strict=False)]
    items += [checkin(n, 1, pain_waking=p) for n, p in zip((8, 10, 12), this, strict=False)]
    return journal(today, checkins=items, episode=ep)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(waking_weeks([2, 2, 2], [3, 2, 2], tendon_episode()), True, id="tendon-mean-up"),
        pytest.param(waking_weeks([2, 2, 2], [2, 2, 2], tendon_episode()), False, id="tendon-equal"),
        pytest.param(waking_weeks([2, 2, 2], [3, 3, 3]), False, id="seed-model-has-no-weekly-criterion"),
        pytest.param(waking_weeks([], [3, 3, 3], tendon_episode()), False, id="tendon-no-last-week"),
        pytest.param(waking_weeks([2, 2, 2], [], tendon_episode()), False, id="tendon-no-this-week"),
        pytest.param(
            waking_weeks([2, 2, 2], [3, 3, 3], tendon_episode(), today=14), True, id="last-week-from-day-1"
        ),
        pytest.param(
            waking_weeks([2, 2, 2], [3, 3, 3], tendon_episode(), today=19),
            False,
            id="last-week-moved-on",
        ),
    ],
)
def test_pain_next_morning_worse_week_on_week_on_the_tendon_model(j, raised):
    check("pain_next_morning_worse", j, raised)


# --- pain_trend_worsening --------------------------------------------------------------------------------


def trend(earlier, recent, today=13, extra=(), side="left"):
    earlier_days = [0, 2, 4, 6][: len(earlier)]
    recent_days = [8, 10, 12, 13][: len(recent)]
    items = [checkin(n, p, side=side) for n, p in zip(earlier_days, earlier, strict=True)]
    items += [checkin(n, p, side=side) for n, p in zip(recent_days, recent, strict=True)]
    return journal(today, checkins=[*items, *extra])


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(trend([2, 2, 2], [3, 3, 3]), True, id="up-1.0"),
        pytest.param(trend([2, 2, 2], [3, 3, 2]), False, id="up-0.67"),
        pytest.param(trend([1, 2, 3], [5, 4]), False, id="two-recent-days"),
        pytest.param(trend([2, 2], [6, 6, 6]), False, id="two-earlier-days"),
        pytest.param(trend([4, 4, 4], [2, 2, 2]), False, id="falling"),
        pytest.param(trend([1, 1, 1], [5, 4, 3]), False, id="higher-but-falling-this-week"),
        pytest.param(trend([1, 1, 1], [3, 4, 5]), True, id="higher-and-rising"),
        pytest.param(trend([2, 2, 2], [3, 3], extra=[checkin(13, None)]), False, id="unknown-is-no-day"),
        pytest.param(
            trend([2, 2, 2], [1, 1, 1], extra=[checkin(n, 3, side="right") for n in (8, 10, 12)]),
            False,
            id="the-other-side-does-not-count",
        ),
        pytest.param(
            trend([2, 2, 2], [3, 3, 3], today=20, extra=daily_checkins([14, 16, 18, 20], 2)),
            False,
            id="cleared-a-week-later",
        ),
        pytest.param(trend([2, 2, 2], [3, 3, 3], today=14), False, id="earlier-week-no-longer-has-day-0"),
    ],
)
def test_pain_trend_worsening(j, raised):
    check("pain_trend_worsening", j, raised)


def test_pain_trend_worsening_per_side():
    j = trend([2, 2, 2], [3, 3, 3], side="right", extra=[checkin(n, 1) for n in (0, 2, 4, 8, 10, 12)])
    assert {k for k in keys(j) if k.startswith("pain_trend")} == {"pain_trend_worsening:right"}
    f = side_flag(j, "pain_trend_worsening", "right")
    assert all(e.side == "right" for e in f.evidence)


# --- pain_rising_early -----------------------------------------------------------------------------------


def rising(pains, days=(0, 2, 4, 6), today=6, ep=None, side="left", extra=()):
    items = [checkin(n, p, side=side) for n, p in zip(days, pains, strict=False)]
    return journal(today, checkins=[*items, *extra], episode=ep)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(rising([2, 4, 6, 8]), True, id="2-to-8-in-a-new-journal"),
        pytest.param(rising([2, 3, 5]), True, id="rise-of-3"),
        pytest.param(rising([2, 3, 4]), False, id="rise-of-2"),
        pytest.param(rising([2, 8]), False, id="two-check-ins"),
        pytest.param(rising([2, 8, 4]), False, id="latest-back-down"),
        pytest.param(rising([2, 4, 5], days=(0, 7, 8), today=8), False, id="low-point-8-days-ago"),
        pytest.param(rising([2, 4, 5], days=(2, 7, 8), today=8), True, id="low-point-6-days-ago"),
        pytest.param(rising([2, None, 4, 5], days=(0, 1, 2, 3), today=3), True, id="unknown-skipped"),
        pytest.param(rising([2, None, 5], days=(0, 1, 2), today=2), False, id="unknown-does-not-count"),
        pytest.param(
            rising([2, 4, 6], days=(8, 10, 12), today=12, extra=daily_checkins([0, 2, 4], 5)),
            False,
            id="trend-rule-can-see-it",
        ),
        pytest.param(
            rising([2, 4, 6], days=(8, 10, 12), today=12, extra=daily_checkins([0, 2], 5)),
            True,
            id="trend-rule-lacks-an-earlier-week",
        ),
        pytest.param(
            rising([2, 4, 6], days=(8, 10, 12), today=12, extra=daily_checkins([0, 2, 4], 5), ep=sprain(8)),
            True,
            id="new-injury",
        ),
        pytest.param(
            rising([2, 4, 6], days=(8, 10, 12), today=12, extra=daily_checkins([0, 2, 4], 5), ep=sprain(-2)),
            False,
            id="injury-15-days-old",
        ),
        pytest.param(rising([2, 4, 6], side="right"), True, id="right-side"),
        pytest.param(
            rising([2, 4], extra=[checkin(6, 6, side="right")]), False, id="other-side-does-not-complete-it"
        ),
    ],
)
def test_pain_rising_early(j, raised):
    check("pain_rising_early", j, raised)


def test_pain_rising_early_names_the_side_and_the_rise():
    f = side_flag(rising([2, 4, 6, 8], side="right"), "pain_rising_early", "right")
    assert f.severity == "caution"
    assert "2/10" in f.message and "8/10" in f.message and "right" in f.message
    assert "seed 000" in f.source


# --- pain_spike ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, checkins=[checkin(8, 2), checkin(9, 5)]), True, id="2-to-5"),
        pytest.param(journal(10, checkins=[checkin(8, 2), checkin(9, 4)]), False, id="2-to-4"),
        pytest.param(
            journal(10, checkins=[checkin(4, 1), checkin(10, 6)]), True, id="previous-6-days-before"
        ),
        pytest.param(
            journal(10, checkins=[checkin(3, 1), checkin(10, 6)]), False, id="previous-7-days-before"
        ),
        pytest.param(journal(10, checkins=[checkin(9, 5)]), False, id="single-checkin"),
        pytest.param(
            journal(10, checkins=[checkin(8, 2), checkin(9, 5), checkin(10, 5)]), False, id="cleared"
        ),
        pytest.param(journal(11, checkins=[checkin(8, 2), checkin(9, 5)]), True, id="latest-2-days-old"),
        pytest.param(journal(12, checkins=[checkin(8, 2), checkin(9, 5)]), False, id="latest-too-old"),
        pytest.param(
            journal(10, checkins=[checkin(10, 1, at="08:00"), checkin(10, 6, at="18:30")]),
            True,
            id="same-day-morning-then-evening",
        ),
        pytest.param(
            journal(10, checkins=[checkin(10, 6, at="08:00"), checkin(10, 1, at="18:30")]),
            False,
            id="same-day-falling",
        ),
        pytest.param(
            journal(10, checkins=[checkin(9, 1), checkin(10, 6, side="right")]),
            False,
            id="other-side-is-not-the-previous-one",
        ),
        pytest.param(
            journal(10, checkins=[checkin(8, 2), checkin(9, None), checkin(10, 5)]),
            True,
            id="unknown-skipped",
        ),
    ],
)
def test_pain_spike(j, raised):
    check("pain_spike", j, raised)


def test_pain_spike_says_it_is_the_apps_own_heuristic():
    f = flag(journal(10, checkins=[checkin(8, 2), checkin(9, 5)]), "pain_spike")
    assert "own rule of thumb" in f.source and "own rule of thumb" in f.message


# --- pain_not_improving ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(6, checkins=daily_checkins(range(7), 4), episode=sprain()), True, id="flat-7-days"
        ),
        pytest.param(
            journal(5, checkins=daily_checkins(range(6), 4), episode=sprain()), False, id="only-6-days"
        ),
        pytest.param(
            journal(
                6, checkins=[checkin(n, p) for n, p in enumerate([3, 3, 4, 4, 4, 5, 5])], episode=sprain()
            ),
            True,
            id="rising",
        ),
        pytest.param(
            journal(
                6, checkins=[checkin(n, p) for n, p in enumerate([6, 5, 5, 4, 4, 3, 3])], episode=sprain()
            ),
            False,
            id="falling",
        ),
        pytest.param(
            journal(
                6, checkins=[checkin(n, p) for n, p in enumerate([4, 4, 4, 4, 4, 4, 3])], episode=sprain()
            ),
            False,
            id="falling-by-one-at-the-end",
        ),
        pytest.param(
            journal(
                9, checkins=[*daily_checkins(range(7), 4), *daily_checkins([7, 8, 9], 1)], episode=sprain()
            ),
            False,
            id="cleared-by-lower-pain",
        ),
        pytest.param(
            journal(12, checkins=daily_checkins(range(0, 13, 2), 3), episode=sprain()), True, id="gaps"
        ),
        pytest.param(journal(6, checkins=daily_checkins(range(7), 4)), False, id="no-episode"),
        pytest.param(
            journal(6, checkins=daily_checkins(range(7), 4), episode=sprain(status="resolved")),
            False,
            id="resolved",
        ),
        pytest.param(
            journal(6, checkins=daily_checkins(range(7), 4), episode=sprain(status="recovering")),
            True,
            id="recovering",
        ),
        pytest.param(
            journal(6, checkins=daily_checkins(range(7), 0), episode=sprain()), False, id="pain-free"
        ),
        pytest.param(
            journal(8, checkins=daily_checkins(range(9), 4), episode=sprain(onset=3)),
            False,
            id="before-onset-ignored",
        ),
        pytest.param(
            journal(9, checkins=daily_checkins(range(3, 10), 4), episode=sprain(onset=3)),
            True,
            id="from-onset-day",
        ),
        pytest.param(
            journal(8, checkins=daily_checkins(range(7), 4), episode=sprain()), True, id="2-days-old"
        ),
        pytest.param(journal(9, checkins=daily_checkins(range(7), 4), episode=sprain()), False, id="stale"),
        pytest.param(
            journal(6, checkins=daily_checkins(range(7), 4, side="right"), episode=sprain(side="left")),
            False,
            id="check-ins-for-the-uninjured-side",
        ),
    ],
)
def test_pain_not_improving(j, raised):
    check("pain_not_improving", j, raised)


def test_pain_not_improving_is_for_the_injured_side():
    j = journal(
        6,
        checkins=[*daily_checkins(range(7), 4, side="right"), *daily_checkins(range(7), 4)],
        episode=sprain(side="right"),
    )
    assert {k for k in keys(j) if k.startswith("pain_not")} == {"pain_not_improving:right"}


# --- pain_persisting -------------------------------------------------------------------------------------


def persisting(days, pain=2, today=None, extra=()):
    days = list(days)
    return journal(days[-1] if today is None else today, checkins=[*daily_checkins(days, pain), *extra])


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(persisting([*range(0, 22, 3), 22]), True, id="22-days"),
        pytest.param(persisting(range(0, 22, 3)), False, id="21-days"),
        pytest.param(
            journal(22, checkins=[*daily_checkins([0, 3, 6, 12, 15, 18, 22], 2), checkin(9, 0)]),
            False,
            id="pain-free-day-between",
        ),
        pytest.param(
            journal(22, checkins=[*daily_checkins([0, 3, 6, 12, 15, 18, 22], 2), checkin(9, None)]),
            True,
            id="unanswered-day-between-is-not-pain-free",
        ),
        pytest.param(
            journal(
                22, checkins=[*daily_checkins([0, 3, 6, 12, 15, 18, 22], 2), checkin(9, 0, side="right")]
            ),
            True,
            id="pain-free-other-side-does-not-break-it",
        ),
        pytest.param(persisting([0, 10, 14, 18, 22]), False, id="gap-over-a-week-breaks-it"),
        pytest.param(persisting([0, 7, 14, 21, 22]), True, id="weekly-check-ins"),
        pytest.param(
            persisting([*range(0, 22, 3), 22], extra=[checkin(23, 0)], today=23), False, id="cleared"
        ),
        pytest.param(persisting([*range(0, 22, 3), 22], today=24), True, id="2-days-old"),
        pytest.param(persisting([*range(0, 22, 3), 22], today=25), False, id="stale"),
    ],
)
def test_pain_persisting(j, raised):
    check("pain_persisting", j, raised)


# --- pain_daily_activities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, checkins=[checkin(10, 3, pain_daily_activities=True)]), True, id="raises"),
        pytest.param(journal(10, checkins=[checkin(10, 3)]), False, id="pain-but-walking-ok"),
        pytest.param(
            journal(11, checkins=[checkin(10, 3, pain_daily_activities=True), checkin(11, 1)]),
            True,
            id="any-check-in-of-the-last-3-days",
        ),
        pytest.param(journal(13, checkins=[checkin(10, 3, pain_daily_activities=True)]), False, id="stale"),
        pytest.param(
            journal(12, checkins=[checkin(10, 3, pain_daily_activities=True)]), True, id="2-days-old"
        ),
    ],
)
def test_pain_daily_activities(j, raised):
    check("pain_daily_activities", j, raised)


def test_pain_daily_activities_per_side():
    j = journal(10, checkins=[checkin(10, 1), checkin(10, 3, side="right", pain_daily_activities=True)])
    assert {k for k in keys(j) if k.startswith("pain_daily")} == {"pain_daily_activities:right"}
    both = journal(10, checkins=[checkin(10, 3, side="both", pain_daily_activities=True)])
    assert {k for k in keys(both) if k.startswith("pain_daily")} == {
        "pain_daily_activities:left",
        "pain_daily_activities:right",
    }


# --- wording ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ep", "text"),
    [
        pytest.param(episode(title="Heel pain"), "your injury (Heel pain)", id="own-label"),
        pytest.param(tendon_episode(confirmed=False), "your suspected Achilles tendinopathy", id="suspected"),
        pytest.param(tendon_episode(), "your Achilles tendinopathy", id="confirmed"),
    ],
)
def test_pain_flags_name_the_injury_and_never_diagnose(ep, text):
    f = flag(journal(6, checkins=daily_checkins(range(7), 4), episode=ep), "pain_not_improving")
    assert text in f.message
    if "suspected" not in text:
        assert "suspected" not in f.message
    assert f.action == "Book an appointment with a physiotherapist or doctor"
    assert "diagnos" not in (f.title + f.message + f.action).lower()
