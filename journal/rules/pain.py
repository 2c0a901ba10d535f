"""Pain rules: during runs, the morning after, and the course of pain per side."""

from __future__ import annotations

from datetime import timedelta

from .facts import Journal, format_day
from .flags import CAUTION, INFO, SEE_PROFESSIONAL, STOP, Flag
from .history import (
    SIDE_TEXT,
    answered_pain,
    checkin_evidence,
    fresh_side_checkins,
    injuries_on,
    injury_name,
    is_fresh,
    per_side,
    related_slugs,
    run_evidence,
    runs_so_far,
    side_checkins,
    side_latest_waking_by_day,
    side_worst_by_day,
    slope_not_falling,
    span_text,
    within,
)
from .sources import SOURCES, TENDON_MODEL_SOURCE
from .thresholds import Thresholds

BOOK_PROFESSIONAL = "Book an appointment with a physiotherapist or doctor"


def pain_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    found = [flag for flag in (pain_during_run_high(journal, t),) if flag is not None]
    for rule in (
        pain_next_morning_worse,
        pain_trend_worsening,
        pain_rising_early,
        pain_spike,
        pain_not_improving,
        pain_persisting,
        pain_daily_activities,
    ):
        found += per_side(rule)(journal, t)
    return found


def _current_slugs(journal: Journal) -> tuple[str, ...]:
    return related_slugs(e for e in journal.injuries if e.status != "resolved")


def pain_during_run_high(journal: Journal, t: Thresholds) -> Flag | None:
    # Only the latest run day with a pain score counts: a later run within the limit shows the runner has
    # already backed off, so "stop" no longer applies. A run without a score says nothing either way.
    runs = [
        run
        for run in runs_so_far(journal)
        if run.pain_during is not None and within(journal, run.date, t.recent_run_days)
    ]
    if not runs:
        return None
    limit = t.pain_during_run_limit
    painful = [run for run in runs if run.date == runs[-1].date and run.pain_during > limit]  # type: ignore[operator]
    if not painful:
        return None
    worst = max(painful, key=lambda run: run.pain_during or 0)
    tendon = t.pain_model == "tendon" and t.pain_during_run_limit_override is None
    if t.pain_during_run_limit_override is not None:
        guidance = f"Your physiotherapist set your limit at {limit}/10 during a run; above that means stop."
    elif tendon:
        guidance = (
            f"On the tendon pain-monitoring model, pain up to {limit}/10 during a run is acceptable if it "
            "has settled by the next morning; above that the tendon is likely being overloaded."
        )
    else:
        guidance = (
            f"The guidance is that 0-2/10 during a run is usually fine and above {limit}/10 means stop."
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
        related=_current_slugs(journal),
    )


def pain_next_morning_worse(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    found = _morning_after_run(journal, t, side)
    if found is None and t.pain_model == "tendon":
        found = _waking_week_on_week(journal, t, side)
    return found


def _morning_after_run(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # The latest recent run whose next morning has come. "Before" is the last waking pain logged on the run
    # day (waking comes before the run) or in the morning_before_days before it.
    runs = [
        run
        for run in runs_so_far(journal)
        if run.date < journal.today and within(journal, run.date, t.recent_run_days)
    ]
    if not runs:
        return None
    run_day = runs[-1].date
    waking = side_latest_waking_by_day(journal, side)
    after = waking.get(run_day + timedelta(days=1))
    before_days = [d for d in waking if 0 <= (run_day - d).days <= t.morning_before_days]
    if after is None or not before_days:
        return None
    before = waking[before_days[-1]]
    rise = after.pain_waking - before.pain_waking  # type: ignore[operator]
    if rise <= 0:
        return None
    # A healthy runner's small rise is ordinary soreness unless it is still there the morning after.
    severity = CAUTION
    next_day = waking.get(run_day + timedelta(days=2))
    lingers = next_day is not None and next_day.pain_waking > before.pain_waking  # type: ignore[operator]
    healthy = not injuries_on(journal, side)
    if healthy and rise <= t.healthy_morning_rise_points and not lingers:
        severity = INFO
    return Flag(
        code="pain_next_morning_worse",
        severity=severity,
        title="Pain was worse the morning after your run",
        message=(
            f"On your {SIDE_TEXT[side]}, pain on waking went from {before.pain_waking}/10 to "
            f"{after.pain_waking}/10 the morning after your run on {format_day(run_day)}. Pain that is worse "
            "the next morning may mean that run was more than the area could take yet."
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
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def _waking_week_on_week(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # The tendon model's second criterion: waking pain higher this week than last (mean of each day's answer).
    window = t.trend_window_days
    waking = side_latest_waking_by_day(journal, side)
    this_week = [c for d, c in waking.items() if within(journal, d, window)]
    last_week = [
        c for d, c in waking.items() if within(journal, d, 2 * window) and not within(journal, d, window)
    ]
    if not this_week or not last_week:
        return None
    this_mean = sum(c.pain_waking for c in this_week) / len(this_week)  # type: ignore[misc]
    last_mean = sum(c.pain_waking for c in last_week) / len(last_week)  # type: ignore[misc]
    if round(this_mean - last_mean, 6) <= 0:
        return None
    return Flag(
        code="pain_next_morning_worse",
        severity=CAUTION,
        title="Morning pain is higher this week",
        message=(
            f"On your {SIDE_TEXT[side]}, pain on waking averaged {this_mean:.1f}/10 over the last {window} "
            f"days, up from {last_mean:.1f}/10 the {window} days before. On the tendon pain-monitoring "
            "model, morning pain that rises week on week means the tendon is not coping with the current "
            "load."
        ),
        action="Reduce running and the heaviest exercises until morning pain is back to last week's level.",
        evidence=tuple(checkin_evidence(c, f"waking pain {c.pain_waking}/10") for c in last_week + this_week),
        source=TENDON_MODEL_SOURCE,
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def _trend_windows(journal: Journal, t: Thresholds, side: str) -> tuple[list, list]:
    """The side's days (each at its worst) in the last trend window and the one before; worked out once
    per journal, side and window (several rules ask)."""
    key = ("trend", side, t.trend_window_days)
    known = journal.derived.get(key)
    if known is None:
        known = journal.derived[key] = _trend_windows_of(journal, t, side)
    recent, earlier = known
    return list(recent), list(earlier)


def _trend_windows_of(journal: Journal, t: Thresholds, side: str) -> tuple[list, list]:
    window = t.trend_window_days
    by_day = side_worst_by_day(journal, side)
    recent = [c for day, c in by_day.items() if within(journal, day, window)]
    earlier = [
        c
        for day, c in by_day.items()
        if within(journal, day, 2 * window) and not within(journal, day, window)
    ]
    return recent, earlier


def pain_trend_worsening(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # Each day counts once, at its highest pain, so a day with several check-ins does not weigh more.
    window = t.trend_window_days
    recent, earlier = _trend_windows(journal, t, side)
    if len(recent) < t.trend_min_checkin_days or len(earlier) < t.trend_min_checkin_days:
        return None
    recent_mean = sum(c.pain_now for c in recent) / len(recent)
    earlier_mean = sum(c.pain_now for c in earlier) / len(earlier)
    # Rounded so that a rise of exactly the threshold is not lost to floating point.
    if round(recent_mean - earlier_mean, 6) < t.trend_delta:
        return None
    # Pain that is already coming down within the last week is not worsening any more.
    if not slope_not_falling([((c.date - journal.today).days, c.pain_now) for c in recent]):
        return None
    return Flag(
        code="pain_trend_worsening",
        severity=CAUTION,
        title="Your pain is trending up",
        message=(
            f"On your {SIDE_TEXT[side]}, average pain over the last {window} days was {recent_mean:.1f}/10, "
            f"up from {earlier_mean:.1f}/10 in the {window} days before. A steady rise like this may mean "
            "the area is not coping with your current activity."
        ),
        action="Cut back running and other painful activity until the trend levels off; if it keeps rising, "
        "see a physiotherapist.",
        evidence=tuple(checkin_evidence(c, f"pain {c.pain_now}/10") for c in earlier + recent),
        source=SOURCES["pain_trend_worsening"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def pain_rising_early(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # For a new journal or a new injury, where the trend rule has no earlier week to compare with: pain up by
    # rising_early_points within the window, from its lowest there to the latest answer.
    _, earlier = _trend_windows(journal, t, side)
    new_injury = any(
        within(journal, e.onset_date, 2 * t.trend_window_days) for e in injuries_on(journal, side)
    )
    if len(earlier) >= t.trend_min_checkin_days and not new_injury:
        return None
    window = [
        c
        for c in answered_pain(side_checkins(journal, side))
        if within(journal, c.date, t.rising_early_window_days)
    ]
    if len(window) < t.rising_early_min_checkins:
        return None
    latest = window[-1]
    low = min(window[:-1], key=lambda c: c.pain_now)  # type: ignore[arg-type, return-value]
    if latest.pain_now - low.pain_now < t.rising_early_points:  # type: ignore[operator]
        return None
    return Flag(
        code="pain_rising_early",
        severity=CAUTION,
        title="Your pain is climbing",
        message=(
            f"On your {SIDE_TEXT[side]}, pain rose from {low.pain_now}/10 on {format_day(low.date)} to "
            f"{latest.pain_now}/10 on {format_day(latest.date)}, across {len(window)} check-ins in the last "
            f"{t.rising_early_window_days} days. Pain that climbs this quickly may mean the area is being "
            "aggravated."
        ),
        action="Ease off running and anything that hurts until the pain settles; if it keeps climbing, see a "
        "physiotherapist.",
        evidence=tuple(checkin_evidence(c, f"pain {c.pain_now}/10") for c in window),
        source=SOURCES["pain_rising_early"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def pain_spike(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # The side's latest answered check-in against the one before it, if that was within spike_window_days.
    answered = answered_pain(side_checkins(journal, side))
    if len(answered) < 2:
        return None
    previous, latest = answered[-2], answered[-1]
    if not is_fresh(journal, latest.date, t) or (latest.date - previous.date).days >= t.spike_window_days:
        return None
    if latest.pain_now - previous.pain_now < t.spike_points:  # type: ignore[operator]
        return None
    return Flag(
        code="pain_spike",
        severity=CAUTION,
        title="Your pain jumped",
        message=(
            f"On your {SIDE_TEXT[side]}, pain went from {previous.pain_now}/10 on "
            f"{format_day(previous.date)} to {latest.pain_now}/10 on {format_day(latest.date)}. A sudden "
            f"jump may mean something aggravated it. (A jump of {t.spike_points} points is Footnote's own "
            "rule of thumb.)"
        ),
        action="Rest from running today and note what you did before the jump; if it stays high for a "
        "few days or comes with swelling, see a physiotherapist.",
        evidence=(
            checkin_evidence(previous, f"pain {previous.pain_now}/10"),
            checkin_evidence(latest, f"pain {latest.pain_now}/10"),
        ),
        source=SOURCES["pain_spike"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def pain_not_improving(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # An active or recovering injury on this side with not_improving_days of check-ins since onset and a pain
    # slope that is not falling.
    for episode in injuries_on(journal, side):
        days = [c for day, c in side_worst_by_day(journal, side).items() if day >= episode.onset_date]
        if len(days) < t.not_improving_days:
            continue
        latest = days[-1]
        if not is_fresh(journal, latest.date, t) or latest.pain_now == 0:
            continue
        if not slope_not_falling([((c.date - episode.onset_date).days, c.pain_now) for c in days]):
            continue
        name = injury_name(episode)
        return Flag(
            code="pain_not_improving",
            severity=SEE_PROFESSIONAL,
            title="Your pain is not improving",
            message=(
                f"Over {len(days)} days of check-ins on your {SIDE_TEXT[side]} since {name} began on "
                f"{format_day(episode.onset_date)}, your pain has not come down (first "
                f"{days[0].pain_now}/10, latest {latest.pain_now}/10). Pain that has not started to ease "
                f"after {span_text(t.not_improving_days)} of self-care may need a professional's assessment."
            ),
            action=BOOK_PROFESSIONAL,
            evidence=(
                checkin_evidence(days[0], f"pain {days[0].pain_now}/10, first check-in since it began"),
                checkin_evidence(latest, f"pain {latest.pain_now}/10, latest check-in"),
            ),
            source=SOURCES["pain_not_improving"],
            subject=side,
            related=related_slugs([episode]),
        )
    return None


def pain_persisting(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # A logged pain-free day ends the stretch, and so does a gap longer than persisting_max_gap_days:
    # after that long without a check-in we cannot say the pain carried on. Unanswered scores are skipped.
    days = list(side_worst_by_day(journal, side).values())
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
        title=f"Your pain has lasted over {span_text(t.persisting_days)}",
        message=(
            f"You have logged pain on your {SIDE_TEXT[side]} every time you checked in for {span_days} "
            f"days, since {format_day(first.date)}. Pain that lasts longer than "
            f"{span_text(t.persisting_days)} is unlikely to settle on its own and may need a professional's "
            "assessment."
        ),
        action=BOOK_PROFESSIONAL,
        evidence=(
            checkin_evidence(first, f"pain {first.pain_now}/10, start of the painful stretch"),
            checkin_evidence(latest, f"pain {latest.pain_now}/10, latest check-in"),
        ),
        source=SOURCES["pain_persisting"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def pain_daily_activities(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    affected = [c for c in fresh_side_checkins(journal, side, t) if c.pain_daily_activities]
    if not affected:
        return None
    return Flag(
        code="pain_daily_activities",
        severity=SEE_PROFESSIONAL,
        title="Everyday walking hurts",
        message=(
            f"You reported pain on your {SIDE_TEXT[side]} when walking or on stairs. Pain in everyday "
            "activities is a warning sign that the injury may be more than simple soreness, and running on "
            "it may make it worse."
        ),
        action=f"Don't run while walking hurts. {BOOK_PROFESSIONAL}.",
        evidence=tuple(checkin_evidence(c, "pain walking or on stairs") for c in affected),
        source=SOURCES["pain_daily_activities"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )
