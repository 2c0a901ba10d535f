from __future__ import annotations

import pytest

from journal.rules import restart_attempts, thresholds_for
from tests.rules._builders import checkin, codes, episode, flag, journal, plan, run, sprain, tendon_episode


def check(code, j, raised):
    assert (code in codes(j)) is raised


PLAN = plan(0, pre_injury_km=20)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(6, plan=PLAN, runs=[run(1, 4), run(3, 3), run(5, 3)]), False, id="week1-half"),
        pytest.param(
            journal(6, plan=PLAN, runs=[run(1, 4), run(3, 3), run(5, 3.1)]), True, id="week1-over-half"
        ),
        pytest.param(journal(3, plan=PLAN, runs=[run(1, 6), run(3, 6)]), True, id="week1-raised-mid-week"),
        pytest.param(
            journal(13, plan=PLAN, runs=[run(1, 4), run(5, 4), run(8, 4.6), run(12, 4.6)]),
            False,
            id="week2-up-15pct",
        ),
        pytest.param(
            journal(13, plan=PLAN, runs=[run(1, 4), run(5, 4), run(8, 4.6), run(12, 4.7)]),
            True,
            id="week2-up-16pct",
        ),
        pytest.param(
            journal(14, plan=PLAN, runs=[run(1, 4), run(5, 4), run(8, 4.6), run(12, 4.7)]),
            False,
            id="cleared-new-week",
        ),
        pytest.param(
            journal(20, plan=PLAN, runs=[run(1, 4), run(5, 4), run(15, 4.6), run(19, 4.7)]),
            True,
            id="week-off-compares-with-last-running-week",
        ),
        pytest.param(
            journal(20, plan=PLAN, runs=[run(1, 4), run(5, 4), run(15, 4), run(19, 4)]),
            False,
            id="week-off-same-distance",
        ),
        pytest.param(
            journal(20, plan=PLAN, runs=[run(15, 6), run(19, 5)]), True, id="first-running-week-late"
        ),
        pytest.param(
            journal(20, plan=PLAN, runs=[run(15, 5), run(19, 5)]), False, id="first-running-week-half"
        ),
        pytest.param(journal(6, runs=[run(1, 10), run(3, 10)]), False, id="no-plan"),
        pytest.param(
            journal(6, plan=plan(7, 20), runs=[run(1, 10), run(3, 10)]), False, id="plan-not-started"
        ),
        pytest.param(
            journal(6, plan=PLAN, runs=[run(-3, 30), run(1, 4), run(3, 4)]),
            False,
            id="runs-before-plan-ignored",
        ),
        pytest.param(journal(6, plan=plan(0, 0), runs=[run(1, 10)]), False, id="no-pre-injury-distance"),
    ],
)
def test_return_too_fast(j, raised):
    check("return_too_fast", j, raised)


def test_return_too_fast_evidence_and_units():
    j = journal(13, plan=PLAN, unit="mi", runs=[run(1, 4), run(5, 4), run(8, 4.6), run(12, 4.7)])
    f = flag(j, "return_too_fast")
    assert f.severity == "caution"
    assert [(e.kind, e.id) for e in f.evidence] == [("plan", "p1"), ("run", "r8"), ("run", "r12")]
    assert "week 2" in f.message
    assert " mi" in f.message and " km" not in f.message


def test_restart_attempts():
    t = thresholds_for(episode=None)
    runs = [
        run(0),
        run(2),
        run(10),
        run(11),
        run(18),
        run(26, in_return_plan=True),
        run(27, in_return_plan=True),
    ]
    assert [r.id for r in restart_attempts(journal(30, runs=runs), t)] == ["r10", "r26"]
    with_plan = journal(30, runs=[run(0), run(2), run(4)], plan=plan(3, 20))
    assert [r.id for r in restart_attempts(with_plan, t)] == ["r4"]


INJURY = sprain(0)


def restarts(today, runs, checkins=(), ep=INJURY, **kw):
    return journal(today, runs=runs, checkins=checkins, episode=ep, **kw)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=4)]), True, id="two-painful-restarts"
        ),
        pytest.param(restarts(21, [run(0), run(10, pain=3), run(20, pain=3)]), True, id="pain-3-each-time"),
        pytest.param(restarts(21, [run(0), run(10, pain=3), run(20, pain=2)]), False, id="second-at-2"),
        pytest.param(
            restarts(22, [run(0), run(10, pain=2), run(11), run(21, pain=2)]),
            True,
            id="2-points-above-before",
        ),
        pytest.param(
            restarts(22, [run(0), run(10, pain=1), run(11), run(21, pain=1)]),
            False,
            id="1-point-above-before",
        ),
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=None)]), False, id="unknown-is-skipped"
        ),
        pytest.param(restarts(11, [run(0), run(10, pain=5)]), False, id="one-attempt"),
        pytest.param(restarts(16, [run(0), run(8, pain=5), run(16, pain=5)]), True, id="8-day-gaps"),
        pytest.param(
            restarts(14, [run(0), run(7, pain=5), run(14, pain=5)]), False, id="7-day-gaps-not-breaks"
        ),
        pytest.param(
            restarts(
                22,
                [run(0), run(10, pain=5), run(20)],
                checkins=[checkin(20, 1, pain_waking=1), checkin(22, 2, pain_waking=3)],
            ),
            True,
            id="waking-pain-rose-to-3",
        ),
        pytest.param(
            restarts(
                22,
                [run(0), run(10, pain=5), run(20)],
                checkins=[checkin(20, 0, pain_waking=0), checkin(22, 2, pain_waking=2)],
            ),
            True,
            id="pain-up-2-points",
        ),
        pytest.param(
            restarts(
                22,
                [run(0), run(10, pain=5), run(20)],
                checkins=[checkin(20, 0, pain_waking=0), checkin(22, 1, pain_waking=1)],
            ),
            False,
            id="stiffness-0-to-1",
        ),
        pytest.param(
            restarts(
                22,
                [run(0), run(10, pain=5), run(20)],
                checkins=[checkin(20, 0, pain_waking=0), checkin(22, 4, pain_waking=4)],
                ep=sprain(0, side="right"),
            ),
            False,
            id="check-in-for-the-uninjured-side",
        ),
        pytest.param(
            restarts(27, [run(0), run(10), run(16, pain=6), run(26, pain=5)]),
            True,
            id="pain-on-day-6-of-window",
        ),
        pytest.param(
            restarts(27, [run(0), run(10), run(17, pain=6), run(27, pain=5)]),
            False,
            id="pain-after-window-not-counted",
        ),
        pytest.param(
            restarts(21, [run(0), run(5, pain=5, in_return_plan=True), run(20, pain=5)]),
            True,
            id="plan-start-is-an-attempt",
        ),
        pytest.param(
            restarts(31, [run(0), run(10, pain=5), run(20, pain=4), run(30, pain=1)]),
            False,
            id="cleared-by-a-good-restart",
        ),
        pytest.param(
            restarts(61, [run(0), run(10, pain=5), run(20, pain=4)]), True, id="last-attempt-41-days-ago"
        ),
        pytest.param(restarts(62, [run(0), run(10, pain=5), run(20, pain=4)]), False, id="stale"),
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=4)], ep=None),
            False,
            id="no-injury-no-recurrence",
        ),
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=4)], ep=sprain(15)),
            False,
            id="attempts-before-the-injury",
        ),
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=4)], ep=sprain(10)),
            True,
            id="attempt-on-onset-day",
        ),
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=4)], ep=sprain(0, status="recovering")),
            True,
            id="recovering",
        ),
        pytest.param(
            restarts(
                111,
                [run(0), run(90, pain=5), run(110, pain=4)],
                ep=sprain(0, status="resolved", resolved_on=21),
            ),
            True,
            id="resolved-90-days-ago",
        ),
        pytest.param(
            restarts(
                112,
                [run(0), run(91, pain=5), run(111, pain=4)],
                ep=sprain(0, status="resolved", resolved_on=21),
            ),
            False,
            id="resolved-91-days-ago",
        ),
        pytest.param(
            restarts(21, [run(0), run(10, pain=5), run(20, pain=4)], ep=sprain(0, status="resolved")),
            False,
            id="resolved-without-a-date",
        ),
        pytest.param(
            restarts(
                21,
                [run(0), run(10, pain=5), run(20, pain=4)],
                ep=None,
                episodes=[sprain(0, status="resolved", resolved_on=15)],
            ),
            True,
            id="recently-resolved-injury-from-episodes",
        ),
    ],
)
def test_pain_recurs_on_return(j, raised):
    check("pain_recurs_on_return", j, raised)


def test_pain_recurs_on_return_evidence():
    f = flag(
        restarts(21, [run(0), run(10, pain=5), run(20, pain=4)], ep=tendon_episode(0, confirmed=False)),
        "pain_recurs_on_return",
    )
    assert f.severity == "see_professional"
    assert [e.id for e in f.evidence] == ["e1", "r10", "r10", "r20", "r20"]
    assert f.evidence[1].detail.startswith("restart: ")
    assert "your suspected Achilles tendinopathy" in f.message
    assert f.related == ("achilles-tendinopathy",)


READY = {"heel_raises_ok": True, "hop_ok": True}


LEFT = sprain(0, side="left")


def ready(today=20, checkins=None, ep=LEFT, **kw):
    return journal(
        today, checkins=[checkin(20, 0, **READY)] if checkins is None else checkins, episode=ep, **kw
    )


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(ready(), True, id="ready"),
        pytest.param(ready(ep=sprain(status="recovering", side="left")), True, id="recovering"),
        pytest.param(ready(checkins=[checkin(20, None, **READY)]), True, id="pain-score-not-needed"),
        pytest.param(
            ready(checkins=[checkin(20, 0, heel_raises_ok=True, hop_ok=None)]), False, id="hop-not-tried"
        ),
        pytest.param(
            ready(checkins=[checkin(20, 0, heel_raises_ok=False, hop_ok=True)]), False, id="heel-raises-hurt"
        ),
        pytest.param(
            ready(checkins=[checkin(20, 0, heel_raises_ok=None, hop_ok=True)]), False, id="heel-not-tried"
        ),
        pytest.param(ready(checkins=[checkin(20, 0, swelling="mild", **READY)]), False, id="swollen"),
        pytest.param(
            ready(checkins=[checkin(20, 0, pain_daily_activities=True, **READY)]), False, id="stairs-hurt"
        ),
        pytest.param(ready(ep=None), False, id="no-injury"),
        pytest.param(ready(ep=sprain(status="resolved", side="left")), False, id="resolved"),
        pytest.param(
            ready(checkins=[checkin(20, 0, **READY), checkin(20, 2, side="right")], ep=sprain()),
            False,
            id="injured-on-both-sides-and-right-not-ready",
        ),
        pytest.param(
            ready(checkins=[checkin(20, 0, **READY), checkin(20, 2, side="right")], ep=sprain(side="left")),
            True,
            id="uninjured-side-does-not-matter",
        ),
        pytest.param(
            ready(checkins=[checkin(20, 0, side="right", **READY)], ep=sprain(side="left")),
            False,
            id="other-side-cannot-satisfy-it",
        ),
        pytest.param(
            ready(checkins=[checkin(20, 0, side="both", **READY)], ep=sprain()),
            True,
            id="a-both-check-in-covers-both",
        ),
        pytest.param(
            ready(today=21, checkins=[checkin(20, 0, **READY), checkin(21, 2)]), False, id="latest-not-ready"
        ),
        pytest.param(
            ready(
                checkins=[checkin(20, 0, at="08:00", **READY), checkin(20, 1, at="19:00", swelling="mild")]
            ),
            False,
            id="latest-by-time",
        ),
        pytest.param(ready(ep=sprain(side=None)), True, id="side-not-known-judged-on-checked-sides"),
        pytest.param(
            ready(checkins=[checkin(20, 0, **READY), checkin(20, 2, side="right")], ep=sprain(side=None)),
            False,
            id="side-not-known-every-checked-side-must-be-ready",
        ),
        pytest.param(ready(checkins=[], ep=sprain(side=None)), False, id="side-not-known-no-check-ins"),
        pytest.param(ready(today=22), True, id="2-days-old"),
        pytest.param(ready(today=23), False, id="stale"),
        pytest.param(ready(today=21, plan=plan(21, 20)), False, id="plan-started"),
        pytest.param(ready(today=21, plan=plan(22, 20)), True, id="plan-not-started"),
        pytest.param(
            ready(
                checkins=[checkin(20, 0, **READY), checkin(20, 1, side="right", area_red_warm=True)],
                ep=sprain(side="left"),
            ),
            False,
            id="open-see-professional-flag",
        ),
        pytest.param(
            ready(checkins=[checkin(20, 0, **READY)], runs=[run(5, 10), run(15, 20)], ep=sprain(side="left")),
            False,
            id="running-again-without-a-plan",
        ),
        pytest.param(ready(ep=sprain(0, side="left", min_days=21)), False, id="20-days-of-21"),
        pytest.param(ready(ep=sprain(0, side="left", min_days=20)), True, id="20-days-of-20"),
        pytest.param(
            ready(ep=sprain(0, side="left", min_days=42, cleared=True)),
            True,
            id="cleared-by-a-physiotherapist",
        ),
    ],
)
def test_ready_to_return(j, raised):
    check("ready_to_return", j, raised)


BEFORE_INJURY = [run(-n, 20) for n in (7, 14, 21, 28)]  # 20 km a week for the four weeks before it


@pytest.mark.parametrize(
    ("runs", "offered"),
    [
        pytest.param(BEFORE_INJURY, True, id="not-running-since"),
        pytest.param([*BEFORE_INJURY, run(0, 30)], True, id="the-run-on-the-day-it-began-is-not-a-return"),
        pytest.param([*BEFORE_INJURY, run(17, 9.999)], True, id="under-half-the-usual-week"),
        pytest.param([*BEFORE_INJURY, run(17, 10)], False, id="half-the-usual-week-is-a-return"),
        pytest.param([*BEFORE_INJURY, run(13, 10)], True, id="seven-days-ago-has-lapsed"),
        pytest.param([*BEFORE_INJURY, run(14, 10)], False, id="six-days-ago-counts"),
        pytest.param([run(19, 1)], False, id="no-runs-before-so-any-run-is-a-return"),
        pytest.param([run(19, 0.001)], False, id="one-metre-is-a-run"),
        pytest.param([*BEFORE_INJURY, run(0, 40), run(17, 10)], False, id="onset-day-not-in-the-usual-week"),
        pytest.param([*BEFORE_INJURY, run(-29, 40), run(17, 10)], False, id="29-days-before-not-in-it"),
        pytest.param([run(-1, 80), run(17, 9)], True, id="the-day-before-is-in-the-usual-week"),
    ],
)
def test_ready_to_return_is_not_offered_to_a_runner_already_running_again(runs, offered):
    assert ("ready_to_return" in codes(ready(runs=runs))) is offered


def test_a_run_on_the_day_an_injury_began_is_not_a_return_to_running():
    recent = sprain(15, side="left")
    assert "ready_to_return" in codes(ready(ep=recent, runs=[run(15, 30)]))
    assert "ready_to_return" not in codes(ready(ep=recent, runs=[run(16, 30)]))


def test_ready_to_return_default_minimum_applies_without_a_condition_minimum():
    j = ready()
    assert "ready_to_return" not in codes(j, default_min_days_before_return=21)
    assert "ready_to_return" in codes(j, default_min_days_before_return=20)


def test_a_stress_fracture_five_days_in_is_not_ready():
    fracture = episode(0, slug="stress-fracture", title="Stress fracture", min_days=42, side="left")
    j = journal(5, checkins=[checkin(5, 0, **READY)], episode=fracture)
    assert "ready_to_return" not in codes(j)
    f = flag(journal(42, checkins=[checkin(42, 0, **READY)], episode=fracture), "ready_to_return")
    assert f.severity == "info"
    assert "your suspected Stress fracture" in f.message and "42 days" in f.message
    assert f.related == ("stress-fracture",)
