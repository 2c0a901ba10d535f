"""Shared reading of the journal: entries so far, per side, in windows, and evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from .facts import EVALUATED_SIDES, CheckinFact, EpisodeFact, Journal, RunFact, format_distance
from .flags import Evidence
from .thresholds import Thresholds

SIDE_TEXT = {"left": "left side", "right": "right side", "both": "both sides"}


# Entries dated after `today` are ignored, so a journal can be evaluated as of any past day.
# Every rule asks for these; each is worked out once per journal and handed out as a fresh list.
def checkins_so_far(journal: Journal) -> list[CheckinFact]:
    known = journal.derived.get("checkins")
    if known is None:
        known = journal.derived["checkins"] = tuple(
            sorted(
                (c for c in journal.checkins if c.date <= journal.today),
                key=lambda c: (c.moment, c.side, c.id),
            )
        )
    return list(known)


def side_checkins(journal: Journal, side: str) -> list[CheckinFact]:
    """The check-ins that report on ``side``, oldest first by (date, time)."""
    key = ("checkins", side)
    known = journal.derived.get(key)
    if known is None:
        known = journal.derived[key] = tuple(c for c in checkins_so_far(journal) if c.covers(side))
    return list(known)


def runs_so_far(journal: Journal) -> list[RunFact]:
    known = journal.derived.get("runs")
    if known is None:
        known = journal.derived["runs"] = tuple(
            sorted((r for r in journal.runs if r.date <= journal.today), key=lambda r: (r.date, r.id))
        )
    return list(known)


def days_ago(journal: Journal, day: dt.date) -> int:
    return (journal.today - day).days


def within(journal: Journal, day: dt.date, days: int) -> bool:
    # "Within the last N days" means the N days ending today, today included. (days_ago written out:
    # the rules ask this thousands of times an evaluation.)
    return 0 <= (journal.today - day).days < days


def is_fresh(journal: Journal, day: dt.date, t: Thresholds) -> bool:
    return within(journal, day, t.fresh_checkin_days)


def fresh_side_checkins(journal: Journal, side: str, t: Thresholds) -> list[CheckinFact]:
    """The side's check-ins of the last few days (``fresh_checkin_days``): symptom rules read these."""
    key = ("fresh", side, t.fresh_checkin_days)
    known = journal.derived.get(key)
    if known is None:
        known = journal.derived[key] = tuple(
            c for c in side_checkins(journal, side) if is_fresh(journal, c.date, t)
        )
    return list(known)


def per_side(rule: Callable[[Journal, Thresholds, str], object]) -> Callable[[Journal, Thresholds], list]:
    """Run a one-side rule for each side on its own; keep what it finds."""

    def run_each_side(journal: Journal, t: Thresholds) -> list:
        return [flag for side in EVALUATED_SIDES if (flag := rule(journal, t, side)) is not None]

    run_each_side.__name__ = rule.__name__
    return run_each_side


def answered_pain(checkins: Iterable[CheckinFact]) -> list[CheckinFact]:
    return [c for c in checkins if c.pain_now is not None]


def worst_by_day(checkins: Iterable[CheckinFact]) -> dict[dt.date, CheckinFact]:
    # Several check-ins may share a day; the day's pain is its highest answered score, and the latest check-in
    # with that score stands for the day (check-ins come oldest first).
    worst: dict[dt.date, CheckinFact] = {}
    for checkin in answered_pain(checkins):
        current = worst.get(checkin.date)
        if current is None or checkin.pain_now >= current.pain_now:  # type: ignore[operator]
            worst[checkin.date] = checkin
    return dict(sorted(worst.items()))


def side_worst_by_day(journal: Journal, side: str) -> dict[dt.date, CheckinFact]:
    """worst_by_day of the side's check-ins, worked out once per journal (several rules ask)."""
    key = ("worst", side)
    known = journal.derived.get(key)
    if known is None:
        known = journal.derived[key] = worst_by_day(side_checkins(journal, side))
    return dict(known)


def side_latest_waking_by_day(journal: Journal, side: str) -> dict[dt.date, CheckinFact]:
    """latest_waking_by_day of the side's check-ins, worked out once per journal."""
    key = ("waking", side)
    known = journal.derived.get(key)
    if known is None:
        known = journal.derived[key] = latest_waking_by_day(side_checkins(journal, side))
    return dict(known)


def latest_waking_by_day(checkins: Iterable[CheckinFact]) -> dict[dt.date, CheckinFact]:
    # The latest answer of each day (checkins come oldest first).
    latest: dict[dt.date, CheckinFact] = {}
    for checkin in checkins:
        if checkin.pain_waking is not None:
            latest[checkin.date] = checkin
    return dict(sorted(latest.items()))


def slope_not_falling(points: list[tuple[int, int]]) -> bool:
    # The sign of the least-squares slope of pain against day: steadier than first-versus-last, which one odd
    # day can swing.
    n = len(points)
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return n * sum(x * y for x, y in points) - sum(xs) * sum(ys) >= 0


def injuries_on(journal: Journal, side: str, *, statuses: tuple[str, ...] = ("active", "recovering")) -> list:
    return [e for e in journal.injuries if e.status in statuses and e.covers(side)]


def related_slugs(episodes: Iterable[EpisodeFact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.condition_slug for e in episodes if e.condition_slug))


def injury_name(episode: EpisodeFact) -> str:
    """How flag text names a tracked injury: a condition is "suspected" unless a professional confirmed it."""
    if episode.condition_name:
        return (
            f"your {episode.condition_name}"
            if episode.confirmed
            else f"your suspected {episode.condition_name}"
        )
    return f"your injury ({episode.title})"


def span_text(days: int) -> str:
    """A threshold in days as flag text says it: "a week", "3 weeks", "10 days"."""
    if days % 7 == 0:
        weeks = days // 7
        return "a week" if weeks == 1 else f"{weeks} weeks"
    return f"{days} days"


def distance_m(runs: Iterable[RunFact]) -> int:
    return sum(run.distance_m for run in runs)


def checkin_evidence(checkin: CheckinFact, detail: str) -> Evidence:
    when = f", {checkin.time.strftime('%H:%M')}" if checkin.time else ""
    return Evidence(
        kind="checkin",
        id=checkin.id,
        date=checkin.date,
        detail=f"{detail} ({SIDE_TEXT.get(checkin.side, checkin.side)}{when})",
        side=checkin.side,
    )


def episode_evidence(episode: EpisodeFact, detail: str) -> Evidence:
    return Evidence(kind="episode", id=episode.id, date=episode.onset_date, detail=detail, side=episode.side)


def run_evidence(run: RunFact, unit: str, prefix: str = "") -> Evidence:
    pain = "no pain score given" if run.pain_during is None else f"pain {run.pain_during}/10 during it"
    detail = f"{prefix}run of {format_distance(run.distance_m, unit)}, {pain}"
    return Evidence(kind="run", id=run.id, date=run.date, detail=detail)
