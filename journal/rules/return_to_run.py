from __future__ import annotations

from datetime import timedelta

from .facts import EVALUATED_SIDES, CheckinFact, EpisodeFact, Journal, RunFact, format_day, format_distance
from .flags import CAUTION, INFO, SEE_PROFESSIONAL, SEVERITY_RANK, Evidence, Flag
from .history import (
    checkin_evidence,
    checkins_so_far,
    distance_m,
    episode_evidence,
    injury_name,
    is_fresh,
    related_slugs,
    run_evidence,
    runs_so_far,
    side_checkins,
    within,
)
from .sources import SOURCES
from .thresholds import Thresholds


def return_to_run_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    # ready_to_return is not here: it depends on every other flag, so evaluate() runs it last.
    rules = (return_too_fast, pain_recurs_on_return)
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


def _returned(value: int, baseline: int | None, t: Thresholds) -> bool:
    return value >= t.recurrence_pain or (
        baseline is not None and value - baseline >= t.recurrence_rise_points
    )


def _pain_after_attempt(
    journal: Journal, attempt: RunFact, checkins: list[CheckinFact], t: Thresholds
) -> list[Evidence]:
    # Pain came back if, within recurrence_window_days of the attempt, a run's pain or a check-in's pain (now
    # or on waking) reached recurrence_pain, or rose recurrence_rise_points above its level before the
    # attempt. Unanswered scores are skipped.
    end = attempt.date + timedelta(days=t.recurrence_window_days)
    runs = runs_so_far(journal)
    before = [run.pain_during for run in runs if run.date < attempt.date and run.pain_during is not None]
    run_baseline = before[-1] if before else None
    for run in runs:
        in_window = attempt.date <= run.date < end and run.pain_during is not None
        if in_window and _returned(run.pain_during, run_baseline, t):  # type: ignore[arg-type]
            return [run_evidence(run, journal.unit, prefix="pain back after the restart: ")]
    for field, label in (("pain_now", "pain"), ("pain_waking", "waking pain")):
        answered = [c for c in checkins if getattr(c, field) is not None]
        earlier = [getattr(c, field) for c in answered if c.date <= attempt.date]
        baseline = earlier[-1] if earlier else None
        for checkin in answered:
            value = getattr(checkin, field)
            if attempt.date < checkin.date < end and _returned(value, baseline, t):
                was = "" if baseline is None else f" (was {baseline}/10)"
                return [checkin_evidence(checkin, f"{label} {value}/10 after the restart{was}")]
    return []


def _within_injury(journal: Journal, episode: EpisodeFact, t: Thresholds) -> bool:
    if episode.status != "resolved":
        return True
    return episode.resolved_on is not None and 0 <= (journal.today - episode.resolved_on).days <= (
        t.recurrence_resolved_days
    )


def pain_recurs_on_return(journal: Journal, t: Thresholds) -> Flag | None:
    # Only within an injury (active, recovering, or resolved lately): restarts after a holiday without one
    # are not a recurrence.
    count = t.recurrence_attempts
    if count < 1:
        return None
    for episode in journal.injuries:
        if not _within_injury(journal, episode, t):
            continue
        attempts = [a for a in restart_attempts(journal, t) if a.date >= episode.onset_date]
        if len(attempts) < count:
            continue
        # A stale pattern should not hang over the runner for ever once they have stopped trying.
        if not within(journal, attempts[-1].date, t.recurrence_lookback_days):
            continue
        checkins = [
            c
            for c in checkins_so_far(journal)
            if any(c.covers(s) and episode.covers(s) for s in EVALUATED_SIDES)
        ]
        evidence: list[Evidence] = []
        for attempt in attempts[-count:]:
            recurrence = _pain_after_attempt(journal, attempt, checkins, t)
            if not recurrence:
                break
            evidence += [run_evidence(attempt, journal.unit, prefix="restart: "), *recurrence]
        else:
            return Flag(
                code="pain_recurs_on_return",
                severity=SEE_PROFESSIONAL,
                title="Pain returns each time you restart",
                message=(
                    f"Your pain came back within {t.recurrence_window_days} days on each of your last "
                    f"{count} attempts to restart running since {injury_name(episode)} began. Pain that "
                    "returns every time you try may mean the injury needs structured rehabilitation before "
                    "running can build."
                ),
                action="Book an appointment with a physiotherapist or doctor before your next attempt.",
                evidence=(episode_evidence(episode, f"since {format_day(episode.onset_date)}"), *evidence),
                source=SOURCES["pain_recurs_on_return"],
                related=related_slugs([episode]),
            )
    return None


def _ready(checkin: CheckinFact) -> bool:
    # The readiness signs from the seed guidance. Red-flag signs need no check here: any of them raises a flag
    # at or above see_professional, which rules readiness out on its own.
    return (
        not checkin.pain_daily_activities
        and checkin.heel_raises_ok is True
        and checkin.hop_ok is True
        and checkin.swelling == "none"
    )


def already_running(journal: Journal, episode: EpisodeFact, t: Thresholds) -> bool:
    """The runner is back to running since the injury began: the last 7 days (after the onset day) hold
    at least a walk-run plan's first week, half the four weeks before the injury's weekly distance (any
    run at all when none were logged before it)."""
    runs = runs_so_far(journal)
    before = [r for r in runs if 0 < (episode.onset_date - r.date).days <= 28]
    week_m = distance_m(r for r in runs if r.date > episode.onset_date and within(journal, r.date, 7))
    return week_m > 0 and week_m * 100 >= distance_m(before) / 4 * t.return_week_one_pct


def ready_to_return(journal: Journal, t: Thresholds, raised: list[Flag]) -> Flag | None:
    """Positive: the injured side's latest check-in shows readiness, nothing needs a professional, and the
    condition's minimum time has passed or a physiotherapist cleared the runner. Never without an injury."""
    if journal.return_plan is not None and journal.return_plan.started_on <= journal.today:
        return None  # the runner has already acted on it
    if any(flag.rank >= SEVERITY_RANK[SEE_PROFESSIONAL] for flag in raised):
        return None
    for episode in journal.injuries:
        # A walk-run plan is a way back to running; one who is running again has found it.
        if episode.status == "resolved" or already_running(journal, episode, t):
            continue
        latest = []
        for side in EVALUATED_SIDES:
            checkins = side_checkins(journal, side)
            # An injury whose side is not known is judged on the sides the runner checks in for.
            if episode.covers(side) and (checkins or episode.side is not None):
                latest.append(checkins[-1] if checkins else None)
        if not latest or not all(
            c is not None and is_fresh(journal, c.date, t) and _ready(c) for c in latest
        ):
            continue
        min_days = episode.min_days_before_return
        if min_days is None:
            min_days = t.default_min_days_before_return
        if (journal.today - episode.onset_date).days < min_days and not episode.cleared_to_return:
            continue
        why = (
            "your physiotherapist has cleared you to return"
            if episode.cleared_to_return
            else f"it is {(journal.today - episode.onset_date).days} days since it began"
        )
        return Flag(
            code="ready_to_return",
            severity=INFO,
            title="You may be ready to start running again",
            message=(
                "Your latest check-in shows pain-free walking and stairs, ten single-leg heel raises and a "
                f"single-leg hop without pain, and no swelling, and {why}. These are the usual signs that a "
                f"gentle return to running after {injury_name(episode)} can begin."
            ),
            action=(
                "Start a walk-run plan: for example run 1 minute, walk 2, for 10-15 minutes; week one at "
                "about half your pre-injury distance, then add 10-15% a week if pain allows."
            ),
            # A "both" check-in stands for each side; it is shown once.
            evidence=tuple(
                checkin_evidence(
                    c, "walking and stairs pain-free, heel raises and hop without pain, no swelling"
                )
                for c in dict.fromkeys(latest)
                if c is not None  # mutation: skip (all were checked above; this only narrows the type)
            ),
            source=SOURCES["ready_to_return"],
            subject=episode.side if episode.side in EVALUATED_SIDES else None,
            related=related_slugs([episode]),
        )
    return None
