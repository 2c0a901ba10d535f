from __future__ import annotations

from datetime import timedelta

from .facts import Journal, format_day
from .flags import CAUTION, SEE_PROFESSIONAL, STOP, Flag
from .history import (
    checkin_evidence,
    checkins_so_far,
    is_fresh,
    latest_checkins,
    pain_text,
    run_evidence,
    runs_so_far,
    within,
    worst_by_day,
    worst_waking_by_day,
)
from .sources import SOURCES, TENDON_MODEL_SOURCE
from .thresholds import Thresholds

BOOK_PROFESSIONAL = "Book an appointment with a physiotherapist or doctor"


def pain_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    rules = (
        pain_during_run_high,
        pain_next_morning_worse,
        pain_trend_worsening,
        pain_spike,
        pain_not_improving,
        pain_persisting,
        pain_daily_activities,
    )
    return [flag for rule in rules if (flag := rule(journal, t)) is not None]


def pain_during_run_high(journal: Journal, t: Thresholds) -> Flag | None:
    # Only the latest run day in the window counts: a later run within the limit shows the runner has
    # already backed off, so "stop" no longer applies.
    # Unknown is not zero: a run logged without a pain score says nothing either way.
    runs = [
        run
        for run in runs_so_far(journal)
        if run.pain_during is not None and within(journal, run.date, t.recent_run_days)
    ]
    if not runs:
        return None
    limit = t.pain_during_run_limit
    painful = [run for run in runs if run.date == runs[-1].date and run.pain_during > limit]
    if not painful:
        return None
    worst = max(painful, key=lambda run: run.pain_during)
    tendon = t.pain_model == "tendon" and t.pain_during_run_limit_override is None
    guidance = (
        f"On the tendon pain-monitoring model, pain up to {limit}/10 during a run is acceptable if it has "
        "settled by the next morning; above that the tendon is likely being overloaded."
        if tendon
        else f"The guidance is that 0-2/10 during a run is usually fine and above {limit}/10 means stop."
    )
    return Flag(
        code="pain_during_run_high",
        severity=STOP,
        title="Pain during your run was high",
        message=(
            f"You rated your pain {worst.pain_during}/10 during your run on {format_day(worst.date)}. "
            f"{guidance} Pain at this level may mean the injured area is being aggravated, not adapting."
        ),
        action=(
            "Stop running for now. Rest or cross-train without pain, and only run again when pain during "
            f"a run stays at {limit}/10 or below."
        ),
        evidence=tuple(run_evidence(run, journal.unit) for run in painful),
        source=TENDON_MODEL_SOURCE if tendon else SOURCES["pain_during_run_high"],
    )


def pain_next_morning_worse(journal: Journal, t: Thresholds) -> Flag | None:
    # The latest run in the window whose next morning has come; the "before" value is the last waking pain
    # logged on or before the run day (waking on the run day comes before the run).
    runs = [
        run
        for run in runs_so_far(journal)
        if run.date < journal.today and within(journal, run.date, t.recent_run_days)
    ]
    if not runs:
        return None
    run_day = runs[-1].date
    waking = worst_waking_by_day(checkins_so_far(journal))
    after = waking.get(run_day + timedelta(days=1))
    before_days = [day for day in waking if day <= run_day]
    if after is None or not before_days:
        return None
    before = waking[before_days[-1]]
    if (after.pain_waking or 0) <= (before.pain_waking or 0):
        return None
    return Flag(
        code="pain_next_morning_worse",
        severity=CAUTION,
        title="Pain was worse the morning after your run",
        message=(
            f"Your pain on waking went from {before.pain_waking}/10 to {after.pain_waking}/10 the morning "
            f"after your run on {format_day(run_day)}. Pain that is worse the next morning may mean that run "
            "was more than the injury could take yet."
        ),
        action=(
            "Make your next run shorter or easier, or take an extra rest day, and only build up again once "
            "mornings after runs are no worse."
        ),
        evidence=(
            checkin_evidence(before, f"waking pain {before.pain_waking}/10 before the run"),
            *(run_evidence(run, journal.unit) for run in runs if run.date == run_day),
            checkin_evidence(after, f"waking pain {after.pain_waking}/10 the next morning"),
        ),
        source=SOURCES["pain_next_morning_worse"],
    )


def pain_trend_worsening(journal: Journal, t: Thresholds) -> Flag | None:
    window = t.trend_window_days
    by_day = worst_by_day(checkins_so_far(journal))
    recent = [c for day, c in by_day.items() if within(journal, day, window)]
    earlier = [
        c
        for day, c in by_day.items()
        if within(journal, day, 2 * window) and not within(journal, day, window)
    ]
    if len(recent) < t.trend_min_checkin_days or len(earlier) < t.trend_min_checkin_days:
        return None
    recent_mean = sum(c.pain_now for c in recent) / len(recent)
    earlier_mean = sum(c.pain_now for c in earlier) / len(earlier)
    # Rounded so that a rise of exactly the threshold is not lost to floating point.
    if round(recent_mean - earlier_mean, 6) < t.trend_delta:
        return None
    return Flag(
        code="pain_trend_worsening",
        severity=CAUTION,
        title="Your pain is trending up",
        message=(
            f"Your average pain over the last {window} days was {recent_mean:.1f}/10, up from "
            f"{earlier_mean:.1f}/10 in the {window} days before. A steady rise like this may mean the "
            "injured area is not coping with your current activity."
        ),
        action="Cut back running and other painful activity until the trend levels off; if it keeps rising, "
        "see a physiotherapist.",
        evidence=tuple(checkin_evidence(c, f"pain {c.pain_now}/10") for c in earlier + recent),
        source=SOURCES["pain_trend_worsening"],
    )


def pain_spike(journal: Journal, t: Thresholds) -> Flag | None:
    # Compares the latest check-in day with the previous one, however far back it was.
    days = list(worst_by_day(checkins_so_far(journal)).values())
    if len(days) < 2 or not is_fresh(journal, days[-1].date, t):
        return None
    previous, latest = days[-2], days[-1]
    if latest.pain_now - previous.pain_now < t.spike_points:
        return None
    return Flag(
        code="pain_spike",
        severity=CAUTION,
        title="Your pain jumped",
        message=(
            f"Your pain went from {previous.pain_now}/10 on {format_day(previous.date)} to "
            f"{latest.pain_now}/10 on {format_day(latest.date)}. A sudden jump may mean something "
            "aggravated the injury."
        ),
        action="Rest from running today and note what you did before the jump; if it stays high for a "
        "few days or comes with swelling, see a physiotherapist.",
        evidence=(
            checkin_evidence(previous, f"pain {previous.pain_now}/10"),
            checkin_evidence(latest, f"pain {latest.pain_now}/10"),
        ),
        source=SOURCES["pain_spike"],
    )


def pain_not_improving(journal: Journal, t: Thresholds) -> Flag | None:
    # "No fall in pain" is a least-squares slope of the day's pain against time (since onset) that is not
    # negative: steadier than comparing the first and last check-ins, which one odd day can swing.
    # Only an active episode: once the runner marks it recovering, pain_persisting and the trend rules
    # watch it.
    episode = journal.episode
    if episode is None or episode.status != "active":
        return None
    days = [c for day, c in worst_by_day(checkins_so_far(journal)).items() if day >= episode.onset_date]
    if len(days) < t.not_improving_days:
        return None
    latest = days[-1]
    if not is_fresh(journal, latest.date, t) or latest.pain_now == 0:
        return None
    xs = [(c.date - episode.onset_date).days for c in days]
    ys = [c.pain_now for c in days]
    n = len(days)
    slope_numerator = n * sum(x * y for x, y in zip(xs, ys, strict=True)) - sum(xs) * sum(ys)
    if slope_numerator < 0:
        return None
    return Flag(
        code="pain_not_improving",
        severity=SEE_PROFESSIONAL,
        title="Your pain is not improving",
        message=(
            f"Over {n} days of check-ins since {episode.title} began on {format_day(episode.onset_date)}, "
            f"your pain has not come down (first {days[0].pain_now}/10, latest {latest.pain_now}/10). "
            "Pain that has not started to ease after a week of self-care may need a professional's "
            "assessment."
        ),
        action=BOOK_PROFESSIONAL,
        evidence=(
            checkin_evidence(days[0], f"pain {days[0].pain_now}/10, first check-in of the episode"),
            checkin_evidence(latest, f"pain {latest.pain_now}/10, latest check-in"),
        ),
        source=SOURCES["pain_not_improving"],
    )


def pain_persisting(journal: Journal, t: Thresholds) -> Flag | None:
    # A logged pain-free day ends the stretch, and so does a gap longer than persisting_max_gap_days:
    # after that long without a check-in we cannot say the pain carried on.
    days = list(worst_by_day(checkins_so_far(journal)).values())
    if not days:
        return None
    latest = days[-1]
    if not is_fresh(journal, latest.date, t) or latest.pain_now == 0:
        return None
    first = latest
    for checkin in reversed(days[:-1]):
        if checkin.pain_now == 0 or (first.date - checkin.date).days > t.persisting_max_gap_days:
            break
        first = checkin
    span_days = (latest.date - first.date).days
    if span_days <= t.persisting_days:
        return None
    return Flag(
        code="pain_persisting",
        severity=SEE_PROFESSIONAL,
        title="Your pain has lasted over three weeks",
        message=(
            f"You have logged pain every time you checked in for {span_days} days, since "
            f"{format_day(first.date)}. Pain that lasts longer than three weeks is unlikely to settle on its "
            "own and may need a professional's assessment."
        ),
        action=BOOK_PROFESSIONAL,
        evidence=(
            checkin_evidence(first, f"pain {first.pain_now}/10, start of the painful stretch"),
            checkin_evidence(latest, f"pain {latest.pain_now}/10, latest check-in"),
        ),
        source=SOURCES["pain_persisting"],
    )


def pain_daily_activities(journal: Journal, t: Thresholds) -> Flag | None:
    affected = [c for c in latest_checkins(journal, t) if c.pain_daily_activities]
    if not affected:
        return None
    return Flag(
        code="pain_daily_activities",
        severity=SEE_PROFESSIONAL,
        title="Everyday walking hurts",
        message=(
            "You reported pain when walking or on stairs. Pain in everyday activities is a warning sign that "
            "the injury may be more than simple soreness, and running on it may make it worse."
        ),
        action=f"Don't run while walking hurts. {BOOK_PROFESSIONAL}.",
        evidence=tuple(
            checkin_evidence(c, f"pain walking or on stairs, {pain_text(c.pain_now)}") for c in affected
        ),
        source=SOURCES["pain_daily_activities"],
    )
