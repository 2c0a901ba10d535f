from __future__ import annotations

from collections import defaultdict
from datetime import date

from .facts import Journal, RunFact, format_distance
from .flags import CAUTION, INFO, Flag
from .history import distance_m, run_evidence, runs_so_far, within
from .sources import SOURCES
from .thresholds import Thresholds


def load_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    return [flag for rule in (load_spike, acwr_high) if (flag := rule(journal, t)) is not None]


def load_spike(journal: Journal, t: Thresholds) -> Flag | None:
    # Rolling weeks, not calendar weeks: "this week" is the 7 days ending today and "last week" the 7 days
    # before, so the comparison never rests on a half-finished Monday-to-Sunday week. No flag when last week
    # was empty: the first week back is return_too_fast's job. While a return plan is running it judges
    # progression by the plan's own weeks; the rolling 10% rule would fire on the plan's intended steps.
    plan = journal.return_plan
    if plan is not None and plan.started_on <= journal.today:
        return None
    window = t.load_window_days
    runs = runs_so_far(journal)
    this_week = [run for run in runs if within(journal, run.date, window)]
    last_week = [
        run for run in runs if within(journal, run.date, 2 * window) and not within(journal, run.date, window)
    ]
    this_m, last_m = distance_m(this_week), distance_m(last_week)
    # A small absolute rise is not a spike, however large its percentage.
    if last_m == 0 or this_m - last_m < t.load_spike_min_rise_m:
        return None
    # Compared as products so that a rise of exactly the threshold is not tipped over by floating point.
    if (this_m - last_m) * 100 > last_m * t.load_spike_caution_pct:
        severity = CAUTION
    elif (this_m - last_m) * 100 > last_m * t.load_spike_info_pct:
        severity = INFO
    else:
        return None
    rise_pct = (this_m - last_m) * 100 / last_m
    unit = journal.unit
    return Flag(
        code="load_spike",
        severity=severity,
        title="Your running jumped this week",
        message=(
            f"You ran {format_distance(this_m, unit)} in the last {window} days, {rise_pct:.0f}% more "
            f"than the {format_distance(last_m, unit)} in the {window} days before. Raising distance "
            f"faster than about {t.load_spike_info_pct:g}% a week may leave tendons and bones too little "
            "time to adapt."
        ),
        action=(
            "Hold your distance steady or ease back next week, then build by no more than "
            f"{t.load_spike_info_pct:g}% a week."
        ),
        evidence=tuple(run_evidence(run, unit) for run in this_week),
        source=SOURCES["load_spike"],
    )


def acute_chronic_ratio(runs: list[RunFact], today: date, t: Thresholds) -> float | None:
    # Exponentially weighted daily distance (Williams et al. 2017), started at zero on the first run;
    # None until there are acwr_min_history_days of data, because the chronic average is meaningless before.
    runs = [run for run in runs if run.date <= today]
    if not runs:
        return None
    first_day = min(run.date for run in runs)
    if (today - first_day).days < t.acwr_min_history_days:
        return None
    # Days as ordinals: this runs over every day of the window, twice an evaluation.
    daily_m: dict[int, int] = defaultdict(int)
    for run in runs:
        daily_m[run.date.toordinal()] += run.distance_m
    acute_weight = 2 / (t.acwr_acute_days + 1)
    chronic_weight = 2 / (t.acwr_chronic_days + 1)
    acute_keep, chronic_keep = 1 - acute_weight, 1 - chronic_weight
    acute = chronic = 0.0
    for day in range(first_day.toordinal(), today.toordinal() + 1):
        load = daily_m.get(day, 0)
        acute = load * acute_weight + acute_keep * acute
        chronic = load * chronic_weight + chronic_keep * chronic
    if chronic <= 0:
        return None
    return acute / chronic


def acwr_high(journal: Journal, t: Thresholds) -> Flag | None:
    runs = runs_so_far(journal)
    ratio = acute_chronic_ratio(runs, journal.today, t)
    if ratio is None or ratio <= t.acwr_limit:
        return None
    recent = [run for run in runs if within(journal, run.date, t.acwr_acute_days)]
    return Flag(
        code="acwr_high",
        severity=CAUTION,
        title="Acute:chronic load ratio is high",
        message=(
            f"The exponentially weighted acute:chronic ratio of daily distance ({t.acwr_acute_days} vs "
            f"{t.acwr_chronic_days} days) is {ratio:.2f}, above {t.acwr_limit:.2f}. A high ratio may point "
            "to a recent load spike; the model is contested, so read it alongside the pain trend."
        ),
        action="Review the recent training load with the patient and consider holding or reducing volume.",
        evidence=tuple(run_evidence(run, journal.unit) for run in recent),
        source=SOURCES["acwr_high"],
        clinician_only=True,
    )
