from __future__ import annotations

import pytest

from journal.rules import Thresholds, acute_chronic_ratio
from tests.rules._builders import day, flag, flags, journal, plan, run


def weeks(last_km, this_km, today=13, extra=()):
    # Last week is days 0-6 and this week days 7-13 when today is 13 (rolling 7-day windows).
    return journal(
        today,
        runs=[run(1, last_km / 2), run(4, last_km / 2), run(9, this_km / 2), run(12, this_km / 2), *extra],
    )


@pytest.mark.parametrize(
    ("j", "severity"),
    [
        pytest.param(weeks(50, 55), None, id="up-10pct-exactly"),
        pytest.param(weeks(50, 55.5), "info", id="up-11pct"),
        pytest.param(weeks(50, 65), "info", id="up-30pct-exactly"),
        pytest.param(weeks(50, 65.5), "caution", id="up-31pct"),
        pytest.param(weeks(20, 25), "info", id="rise-of-5km-exactly"),
        pytest.param(weeks(20, 24.9), None, id="rise-under-5km-is-no-spike"),
        pytest.param(weeks(10, 15), "caution", id="50pct-of-5km"),
        pytest.param(weeks(10, 14.9), None, id="49pct-but-under-5km"),
        pytest.param(weeks(2, 3), None, id="2km-to-3km-week"),
        pytest.param(weeks(20, 40), "caution", id="doubled"),
        pytest.param(weeks(20, 15), None, id="down"),
        pytest.param(journal(13, runs=[run(9, 10), run(12, 10)]), None, id="nothing-last-week"),
        pytest.param(journal(13), None, id="no-runs"),
        pytest.param(weeks(20, 30, today=20, extra=[run(15, 15), run(18, 15)]), None, id="cleared-next-week"),
        pytest.param(weeks(20, 30, today=14), "caution", id="rolling-window-moves-daily"),
        pytest.param(weeks(20, 30, extra=[run(16, 40)]), "caution", id="future-run-ignored"),
        pytest.param(
            journal(13, runs=[run(1, 10), run(9, 20)], plan=plan(0, 40)),
            None,
            id="return-plan-judges-instead",
        ),
        pytest.param(
            journal(13, runs=[run(1, 10), run(9, 20)], plan=plan(14, 40)), "caution", id="plan-not-started"
        ),
    ],
)
def test_load_spike(j, severity):
    f = flag(j, "load_spike")
    assert (f.severity if f else None) == severity


def test_load_spike_totals_are_in_the_runners_unit():
    km = flag(weeks(20, 30), "load_spike")
    mi = flag(journal(13, unit="mi", runs=[run(2, 16.09344), run(9, 24.14016)]), "load_spike")
    assert "30.0 km" in km.message and "20.0 km" in km.message and "50%" in km.message
    assert "15.0 mi" in mi.message and "10.0 mi" in mi.message
    assert [e.id for e in km.evidence] == ["r9", "r12"]


def steady_then(spike_km, base_days=35, spike_days=7, after=()):
    runs = [run(n, 5) for n in range(base_days)]
    runs += [run(n, spike_km) for n in range(base_days, base_days + spike_days)]
    return journal(base_days + spike_days - 1 + len(after), runs=[*runs, *after])


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(steady_then(15), True, id="ratio-1.57"),
        pytest.param(steady_then(13), True, id="ratio-1.51"),
        pytest.param(steady_then(12), False, id="ratio-1.47"),
        pytest.param(steady_then(5), False, id="steady"),
        pytest.param(steady_then(15, base_days=21), False, id="27-days-of-data"),
        pytest.param(steady_then(15, base_days=22), True, id="28-days-of-data"),
        pytest.param(steady_then(15, after=[run(n, 5) for n in range(42, 56)]), False, id="cleared"),
        pytest.param(journal(60, runs=[run(0, 5)]), False, id="single-old-run"),
    ],
)
def test_acwr_high(j, raised):
    f = flag(j, "acwr_high")
    assert (f is not None) is raised
    if f:
        assert f.clinician_only is True
        assert f.severity == "caution"
        assert "contested" in f.source


def test_acute_chronic_ratio_needs_28_days_and_ignores_future_runs():
    t = Thresholds()
    runs = [run(n, 5) for n in range(40)]
    assert acute_chronic_ratio(runs, day(27), t) is None
    assert acute_chronic_ratio(runs, day(28), t) is not None
    assert acute_chronic_ratio([], day(28), t) is None


def test_only_acwr_is_clinician_only():
    assert [f.code for f in flags(steady_then(15)) if f.clinician_only] == ["acwr_high"]
