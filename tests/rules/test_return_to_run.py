from __future__ import annotations

import pytest

from journal.rules import restart_attempts, thresholds_for
from tests.rules._builders import checkin, codes, flag, journal, plan, run, sprain, tendon_episode


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


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(21, runs=[run(0), run(10, pain=5), run(20, pain=4)]), True, id="two-painful-restarts"
        ),
        pytest.param(
            journal(21, runs=[run(0), run(10, pain=5), run(20, pain=3)]), False, id="second-at-limit"
        ),
        pytest.param(journal(11, runs=[run(0), run(10, pain=5)]), False, id="one-attempt"),
        pytest.param(journal(16, runs=[run(0), run(8, pain=5), run(16, pain=5)]), True, id="8-day-gaps"),
        pytest.param(
            journal(14, runs=[run(0), run(7, pain=5), run(14, pain=5)]), False, id="7-day-gaps-not-breaks"
        ),
        pytest.param(
            journal(
                22,
                runs=[run(0), run(10, pain=5), run(20)],
                checkins=[checkin(20, 1, pain_waking=1), checkin(22, 2, pain_waking=3)],
            ),
            True,
            id="waking-pain-rose",
        ),
        pytest.param(
            journal(
                22,
                runs=[run(0), run(10, pain=5), run(20)],
                checkins=[checkin(20, 1, pain_waking=1), checkin(22, 1, pain_waking=1)],
            ),
            False,
            id="waking-pain-steady",
        ),
        pytest.param(
            journal(27, runs=[run(0), run(10), run(16, pain=6), run(26, pain=5)]),
            True,
            id="pain-on-day-6-of-window",
        ),
        pytest.param(
            journal(27, runs=[run(0), run(10), run(17, pain=6), run(27, pain=5)]),
            False,
            id="pain-after-window-not-counted",
        ),
        pytest.param(
            journal(21, runs=[run(0), run(5, pain=5, in_return_plan=True), run(20, pain=5)]),
            True,
            id="plan-start-is-an-attempt",
        ),
        pytest.param(
            journal(31, runs=[run(0), run(10, pain=5), run(20, pain=4), run(30, pain=1)]),
            False,
            id="cleared-by-a-good-restart",
        ),
        pytest.param(journal(62, runs=[run(0), run(10, pain=5), run(20, pain=4)]), False, id="stale"),
        pytest.param(
            journal(21, runs=[run(0), run(10, pain=5), run(20, pain=5)], episode=tendon_episode()),
            False,
            id="tendon-model-limit",
        ),
    ],
)
def test_pain_recurs_on_return(j, raised):
    check("pain_recurs_on_return", j, raised)


def test_pain_recurs_on_return_evidence():
    f = flag(journal(21, runs=[run(0), run(10, pain=5), run(20, pain=4)]), "pain_recurs_on_return")
    assert f.severity == "see_professional"
    assert [e.id for e in f.evidence] == ["r10", "r10", "r20", "r20"]
    assert f.evidence[0].detail.startswith("restart: ")


READY = {"heel_raises_ok": True, "hop_ok": True}


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(20, checkins=[checkin(20, 0, **READY)], episode=sprain()), True, id="ready"),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, **READY)], episode=sprain(status="recovering")),
            True,
            id="recovering",
        ),
        pytest.param(journal(20, checkins=[checkin(20, 1, **READY)], episode=sprain()), False, id="pain-1"),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, heel_raises_ok=True, hop_ok=None)], episode=sprain()),
            False,
            id="hop-not-tried",
        ),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, heel_raises_ok=False, hop_ok=True)], episode=sprain()),
            False,
            id="heel-raises-hurt",
        ),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, swelling="mild", **READY)], episode=sprain()),
            False,
            id="swollen",
        ),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, pain_daily_activities=True, **READY)], episode=sprain()),
            False,
            id="stairs-hurt",
        ),
        pytest.param(journal(20, checkins=[checkin(20, 0, **READY)]), False, id="no-episode"),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, **READY)], episode=sprain(status="resolved")),
            False,
            id="resolved",
        ),
        pytest.param(
            journal(20, checkins=[checkin(20, 0, **READY), checkin(20, 2, side="right")], episode=sprain()),
            False,
            id="other-side-not-ready",
        ),
        pytest.param(
            journal(21, checkins=[checkin(20, 0, **READY), checkin(21, 2)], episode=sprain()),
            False,
            id="cleared",
        ),
        pytest.param(journal(23, checkins=[checkin(20, 0, **READY)], episode=sprain()), False, id="stale"),
        pytest.param(
            journal(21, checkins=[checkin(20, 0, **READY)], episode=sprain(), plan=plan(21, 20)),
            False,
            id="plan-started",
        ),
    ],
)
def test_ready_to_return(j, raised):
    check("ready_to_return", j, raised)
