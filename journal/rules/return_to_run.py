from __future__ import annotations

from datetime import date, timedelta

from .facts import CheckinFact, Journal, RunFact, format_day, format_distance
from .flags import CAUTION, INFO, SEE_PROFESSIONAL, Evidence, Flag
from .history import (
    checkin_evidence,
    checkins_so_far,
    distance_m,
    latest_checkins,
    run_evidence,
    runs_so_far,
    within,
    worst_waking_by_day,
)
from .sources import SOURCES
from .thresholds import Thresholds


def return_to_run_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    rules = (return_too_fast, pain_recurs_on_return, ready_to_return)
    return [flag for rule in rules if (flag := rule(journal, t)) is not None]


def return_too_fast(journal: Journal, t: Thresholds) -> Flag | None:
    # Plan weeks run from started_on in blocks of 7 days. Only the week containing today is judged: a
    # finished week can no longer be changed, and its total is what this week is measured against.
    plan = journal.return_plan
    if plan is None or plan.started_on > journal.today:
        return None
    runs = [run for run in runs_so_far(journal) if run.date >= plan.started_on]
    current_week = (journal.today - plan.started_on).days // 7
    totals = [
        distance_m(run for run in runs if (run.date - plan.started_on).days // 7 == week)
        for week in range(current_week + 1)
    ]
    this_m = totals[-1]
    # A week without running in between is skipped; if no week has had running yet, week one's limit applies.
    previous_m = next((total for total in reversed(totals[:-1]) if total > 0), 0)
    unit = journal.unit
    if previous_m == 0:
        # Without a pre-injury distance there is nothing to take half of.
        if plan.pre_injury_weekly_m <= 0 or this_m * 100 <= plan.pre_injury_weekly_m * t.return_week_one_pct:
            return None
        limit_m = plan.pre_injury_weekly_m * t.return_week_one_pct / 100
        reason = (
            f"That is more than {t.return_week_one_pct:.0f}% of your pre-injury week of "
            f"{format_distance(plan.pre_injury_weekly_m, unit)}; the first week back should be about half."
        )
    else:
        if this_m * 100 <= previous_m * (100 + t.return_weekly_rise_pct):
            return None
        limit_m = previous_m * (100 + t.return_weekly_rise_pct) / 100
        reason = (
            f"That is {(this_m - previous_m) * 100 / previous_m:.0f}% more than the "
            f"{format_distance(previous_m, unit)} of the week before; the plan allows a rise of about "
            f"{t.return_weekly_rise_pct:.0f}% a week."
        )
    week_start = plan.started_on + timedelta(days=7 * current_week)
    return Flag(
        code="return_too_fast",
        severity=CAUTION,
        title="Your return to running is going too fast",
        message=(
            f"In week {current_week + 1} of your return plan (from {format_day(week_start)}) you have run "
            f"{format_distance(this_m, unit)}. {reason} Building faster than this may bring the pain back."
        ),
        action=(
            f"Rest or keep any more running this week very light (this week's limit was "
            f"{format_distance(limit_m, unit)}), and change only one thing at a time: distance or the "
            "run intervals."
        ),
        evidence=(
            Evidence(
                kind="plan",
                id=plan.id,
                date=plan.started_on,
                detail=f"return plan, pre-injury week {format_distance(plan.pre_injury_weekly_m, unit)}",
            ),
            *(run_evidence(run, unit) for run in runs if run.date >= week_start),
        ),
        source=SOURCES["return_too_fast"],
    )


def restart_attempts(journal: Journal, t: Thresholds) -> list[RunFact]:
    # An attempt to restart is the first run after more than restart_gap_days without running, or the first
    # run of a return plan (the current plan's first run on or after started_on, or a run marked
    # in_return_plan after one that is not). The journal's very first run is not an attempt on its own:
    # nothing says the runner had stopped.
    plan = journal.return_plan
    attempts: list[RunFact] = []
    previous: RunFact | None = None
    plan_start_seen = False
    for run in runs_so_far(journal):
        starts_plan = run.in_return_plan and (previous is None or not previous.in_return_plan)
        if plan is not None and not plan_start_seen and run.date >= plan.started_on:
            plan_start_seen = starts_plan = True
        after_break = previous is not None and (run.date - previous.date).days > t.restart_gap_days
        if starts_plan or after_break:
            attempts.append(run)
        previous = run
    return attempts


def _pain_after_attempt(
    attempt: RunFact,
    runs: list[RunFact],
    waking: dict[date, CheckinFact],
    t: Thresholds,
    unit: str,
) -> list[Evidence]:
    # Pain came back if, within recurrence_window_days of the attempt, a run went above the pain limit or a
    # morning's waking pain rose above the last waking pain logged on or before the attempt day.
    end = attempt.date + timedelta(days=t.recurrence_window_days)
    painful = [
        run
        for run in runs
        if attempt.date <= run.date < end
        and run.pain_during is not None
        and run.pain_during > t.pain_during_run_limit
    ]
    if painful:
        return [run_evidence(painful[0], unit, prefix="pain above the limit: ")]
    baseline_days = [day for day in waking if day <= attempt.date]
    if not baseline_days:
        return []
    baseline = waking[baseline_days[-1]].pain_waking or 0
    worse = [c for day, c in waking.items() if attempt.date < day <= end and (c.pain_waking or 0) > baseline]
    if worse:
        return [checkin_evidence(worse[0], f"waking pain up from {baseline}/10 to {worse[0].pain_waking}/10")]
    return []


def pain_recurs_on_return(journal: Journal, t: Thresholds) -> Flag | None:
    attempts = restart_attempts(journal, t)
    count = t.recurrence_attempts
    if count < 1 or len(attempts) < count:
        return None
    # A stale pattern should not hang over the runner for ever once they have stopped trying.
    if not within(journal, attempts[-1].date, t.recurrence_lookback_days):
        return None
    runs = runs_so_far(journal)
    waking = worst_waking_by_day(checkins_so_far(journal))
    evidence: list[Evidence] = []
    for attempt in attempts[-count:]:
        recurrence = _pain_after_attempt(attempt, runs, waking, t, journal.unit)
        if not recurrence:
            return None
        evidence += [run_evidence(attempt, journal.unit, prefix="restart: "), *recurrence]
    return Flag(
        code="pain_recurs_on_return",
        severity=SEE_PROFESSIONAL,
        title="Pain returns each time you restart",
        message=(
            f"Your pain came back within {t.recurrence_window_days} days on each of your last {count} "
            "attempts to restart running. Pain that returns every time you try may mean the injury "
            "needs structured rehabilitation before running can build."
        ),
        action="Book an appointment with a physiotherapist or doctor before your next attempt.",
        evidence=tuple(evidence),
        source=SOURCES["pain_recurs_on_return"],
    )


def _ready(checkin: CheckinFact) -> bool:
    # The readiness tests from the seed guidance, plus none of the red-flag signs: "ready" must never sit
    # beside an urgent flag from the same check-in.
    return (
        checkin.pain_now == 0
        and not checkin.pain_daily_activities
        and checkin.heel_raises_ok is True
        and checkin.hop_ok is True
        and checkin.swelling == "none"
        and checkin.can_walk_four_steps
        and not checkin.pain_at_rest_or_night
        and not checkin.pain_with_impact
        and not checkin.bone_tenderness
        and not checkin.calf_swollen_warm
        and not (checkin.area_red_warm and checkin.fever)
    )


def ready_to_return(journal: Journal, t: Thresholds) -> Flag | None:
    # Needs an injury to return from, and every side checked in on the latest (fresh) day must pass.
    # Once a return plan has started the runner has acted on it, so the flag clears.
    episode = journal.episode
    if episode is None or episode.status == "resolved":
        return None
    if journal.return_plan is not None and journal.return_plan.started_on <= journal.today:
        return None
    latest = latest_checkins(journal, t)
    if not latest or not all(_ready(c) for c in latest):
        return None
    return Flag(
        code="ready_to_return",
        severity=INFO,
        title="You may be ready to start running again",
        message=(
            f"Your latest check-in shows pain-free walking and stairs, ten single-leg heel raises and a "
            f"single-leg hop without pain, and no swelling. These are the usual signs that a gentle return "
            f"to running after {episode.title} can begin."
        ),
        action=(
            "Start a walk-run plan: for example run 1 minute, walk 2, for 10-15 minutes; week one at about "
            "half your pre-injury distance, then add 10-15% a week if pain allows."
        ),
        evidence=tuple(
            checkin_evidence(c, "pain 0/10, heel raises and hop without pain, no swelling") for c in latest
        ),
        source=SOURCES["ready_to_return"],
    )
