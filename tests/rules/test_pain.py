from __future__ import annotations

import pytest

from tests.rules._builders import (
    checkin,
    codes,
    daily_checkins,
    episode,
    flag,
    journal,
    run,
    sprain,
    tendon_episode,
)


def check(code, j, raised):
    assert (code in codes(j)) is raised


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, runs=[run(9, pain=4)]), True, id="4-seed-raises"),
        pytest.param(journal(10, runs=[run(9, pain=3)]), False, id="3-seed-at-limit"),
        pytest.param(journal(10, runs=[run(9, pain=6)]), True, id="6-seed-raises"),
        pytest.param(journal(10, runs=[run(9, pain=4)], episode=tendon_episode()), False, id="4-tendon-ok"),
        pytest.param(
            journal(10, runs=[run(9, pain=5)], episode=tendon_episode()), False, id="5-tendon-at-limit"
        ),
        pytest.param(
            journal(10, runs=[run(9, pain=6)], episode=tendon_episode()), True, id="6-tendon-raises"
        ),
        pytest.param(journal(10, runs=[run(8, pain=5), run(9, pain=1)]), False, id="cleared-by-next-run"),
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
    assert "Silbernagel" in km.source and "seed 001" in km.source


def test_pain_during_run_high_explains_the_tendon_model():
    f = flag(journal(10, runs=[run(9, pain=6)], episode=tendon_episode()), "pain_during_run_high")
    assert "tendon" in f.message and "5/10" in f.message
    assert "tendon model" in f.source


def test_a_physiotherapist_override_changes_the_limit():
    j = journal(10, runs=[run(9, pain=3)])
    assert "pain_during_run_high" in codes(j, pain_during_run_limit=2)
    assert "pain_during_run_high" not in codes(journal(10, runs=[run(9, pain=5)]), pain_during_run_limit=5)


BEFORE = checkin(8, 2, pain_waking=2)
AFTER_WORSE = checkin(9, 2, pain_waking=4)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)]), True, id="2-then-4"),
        pytest.param(
            journal(10, checkins=[BEFORE, checkin(9, 2, pain_waking=2)], runs=[run(8)]), False, id="2-then-2"
        ),
        pytest.param(
            journal(10, checkins=[BEFORE, checkin(9, 2, pain_waking=1)], runs=[run(8)]), False, id="2-then-1"
        ),
        pytest.param(journal(10, checkins=[BEFORE], runs=[run(8)]), False, id="no-morning-after-logged"),
        pytest.param(journal(10, checkins=[AFTER_WORSE], runs=[run(8)]), False, id="no-waking-pain-before"),
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
            journal(10, checkins=[checkin(4, 1, pain_waking=1), AFTER_WORSE], runs=[run(8)]),
            True,
            id="gap-before-run",
        ),
        pytest.param(journal(17, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)]), False, id="run-too-old"),
        pytest.param(
            journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)], episode=tendon_episode()),
            True,
            id="tendon-model-too",
        ),
    ],
)
def test_pain_next_morning_worse(j, raised):
    check("pain_next_morning_worse", j, raised)


def test_pain_next_morning_worse_evidence():
    f = flag(journal(10, checkins=[BEFORE, AFTER_WORSE], runs=[run(8)]), "pain_next_morning_worse")
    assert f.severity == "caution"
    assert [(e.kind, e.id) for e in f.evidence] == [
        ("checkin", "c8-left"),
        ("run", "r8"),
        ("checkin", "c9-left"),
    ]
    assert "2/10" in f.message and "4/10" in f.message


def trend(earlier, recent, today=13, extra=()):
    earlier_days = [0, 2, 4, 6][: len(earlier)]
    recent_days = [8, 10, 12, 13][: len(recent)]
    items = [checkin(n, p) for n, p in zip(earlier_days, earlier, strict=True)]
    items += [checkin(n, p) for n, p in zip(recent_days, recent, strict=True)]
    return journal(today, checkins=[*items, *extra])


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(trend([2, 2, 2], [3, 3, 3]), True, id="up-1.0"),
        pytest.param(trend([2, 2, 2], [3, 3, 2]), False, id="up-0.67"),
        pytest.param(trend([1, 2, 3], [5, 4]), False, id="two-recent-days"),
        pytest.param(trend([2, 2], [6, 6, 6]), False, id="two-earlier-days"),
        pytest.param(trend([4, 4, 4], [2, 2, 2]), False, id="falling"),
        pytest.param(
            trend([2, 2, 2], [1, 1, 1], extra=[checkin(n, 3, side="right") for n in (8, 10, 12)]),
            True,
            id="day-pain-is-the-worse-side",
        ),
        pytest.param(
            trend([2, 2, 2], [3, 3, 3], today=20, extra=daily_checkins([14, 16, 18, 20], 2)),
            False,
            id="cleared-a-week-later",
        ),
    ],
)
def test_pain_trend_worsening(j, raised):
    check("pain_trend_worsening", j, raised)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, checkins=[checkin(8, 2), checkin(9, 5)]), True, id="2-to-5"),
        pytest.param(journal(10, checkins=[checkin(8, 2), checkin(9, 4)]), False, id="2-to-4"),
        pytest.param(journal(10, checkins=[checkin(1, 1), checkin(10, 6)]), True, id="gap-allowed"),
        pytest.param(journal(10, checkins=[checkin(9, 5)]), False, id="single-checkin"),
        pytest.param(
            journal(10, checkins=[checkin(8, 2), checkin(9, 5), checkin(10, 5)]), False, id="cleared"
        ),
        pytest.param(journal(12, checkins=[checkin(8, 2), checkin(9, 5)]), False, id="latest-too-old"),
        pytest.param(
            journal(10, checkins=[checkin(9, 1), checkin(9, 6, side="right"), checkin(10, 7)]),
            False,
            id="previous-day-uses-worse-side",
        ),
    ],
)
def test_pain_spike(j, raised):
    check("pain_spike", j, raised)


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
            False,
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
        pytest.param(journal(12, checkins=daily_checkins(range(7), 4), episode=sprain()), False, id="stale"),
    ],
)
def test_pain_not_improving(j, raised):
    check("pain_not_improving", j, raised)


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
        pytest.param(persisting([0, 10, 14, 18, 22]), False, id="gap-over-a-week-breaks-it"),
        pytest.param(persisting([0, 7, 14, 21, 22]), True, id="weekly-check-ins"),
        pytest.param(
            persisting([*range(0, 22, 3), 22], extra=[checkin(23, 0)], today=23), False, id="cleared"
        ),
        pytest.param(persisting([*range(0, 22, 3), 22], today=26), False, id="stale"),
    ],
)
def test_pain_persisting(j, raised):
    check("pain_persisting", j, raised)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(10, checkins=[checkin(10, 3, pain_daily_activities=True)]), True, id="raises"),
        pytest.param(journal(10, checkins=[checkin(10, 3)]), False, id="pain-but-walking-ok"),
        pytest.param(
            journal(10, checkins=[checkin(10, 1), checkin(10, 3, side="right", pain_daily_activities=True)]),
            True,
            id="either-side",
        ),
        pytest.param(
            journal(11, checkins=[checkin(10, 3, pain_daily_activities=True), checkin(11, 1)]),
            False,
            id="cleared",
        ),
        pytest.param(journal(13, checkins=[checkin(10, 3, pain_daily_activities=True)]), False, id="stale"),
        pytest.param(
            journal(12, checkins=[checkin(10, 3, pain_daily_activities=True)]), True, id="2-days-old"
        ),
    ],
)
def test_pain_daily_activities(j, raised):
    check("pain_daily_activities", j, raised)


def test_pain_flags_use_the_episode_title_and_never_diagnose():
    j = journal(6, checkins=daily_checkins(range(7), 4), episode=episode(title="Heel pain"))
    f = flag(j, "pain_not_improving")
    assert "Heel pain" in f.message
    assert f.action == "Book an appointment with a physiotherapist or doctor"
    assert "diagnos" not in (f.title + f.message + f.action).lower()
