from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .facts import CheckinFact, Journal, RunFact, format_distance
from .flags import Evidence
from .thresholds import Thresholds

SIDE_TEXT = {"left": "left side", "right": "right side", "both": "both sides"}


# Entries dated after `today` are ignored, so a journal can be evaluated as of any past day.
def checkins_so_far(journal: Journal) -> list[CheckinFact]:
    return sorted(
        (c for c in journal.checkins if c.date <= journal.today), key=lambda c: (c.moment, c.side, c.id)
    )


def runs_so_far(journal: Journal) -> list[RunFact]:
    return sorted((r for r in journal.runs if r.date <= journal.today), key=lambda r: (r.date, r.id))


def days_ago(journal: Journal, day: date) -> int:
    return (journal.today - day).days


def within(journal: Journal, day: date, days: int) -> bool:
    # "Within the last N days" means the N days ending today, today included.
    return 0 <= days_ago(journal, day) < days


def is_fresh(journal: Journal, day: date, t: Thresholds) -> bool:
    return within(journal, day, t.fresh_checkin_days)


def latest_checkins(journal: Journal, t: Thresholds) -> list[CheckinFact]:
    # Symptom rules read the latest day's check-ins (one per side); an old check-in must not keep
    # a flag alive.
    checkins = checkins_so_far(journal)
    if not checkins or not is_fresh(journal, checkins[-1].date, t):
        return []
    latest_day = checkins[-1].date
    return [c for c in checkins if c.date == latest_day]


def worst_by_day(checkins: Iterable[CheckinFact]) -> dict[date, CheckinFact]:
    # Several sides may share a day; the day's pain is its highest.
    worst: dict[date, CheckinFact] = {}
    for checkin in checkins:
        if checkin.pain_now is None:
            continue
        current = worst.get(checkin.date)
        if current is None or checkin.pain_now > (current.pain_now or 0):
            worst[checkin.date] = checkin
    return dict(sorted(worst.items()))


def worst_waking_by_day(checkins: Iterable[CheckinFact]) -> dict[date, CheckinFact]:
    worst: dict[date, CheckinFact] = {}
    for checkin in checkins:
        if checkin.pain_waking is None:
            continue
        current = worst.get(checkin.date)
        if current is None or checkin.pain_waking > (current.pain_waking or 0):
            worst[checkin.date] = checkin
    return dict(sorted(worst.items()))


def pain_text(score: int | None) -> str:
    return "pain not given" if score is None else f"pain {score}/10"


def distance_m(runs: Iterable[RunFact]) -> int:
    return sum(run.distance_m for run in runs)


def checkin_evidence(checkin: CheckinFact, detail: str) -> Evidence:
    return Evidence(
        kind="checkin",
        id=checkin.id,
        date=checkin.date,
        detail=f"{detail} ({SIDE_TEXT.get(checkin.side, checkin.side)})",
        side=checkin.side,
    )


def run_evidence(run: RunFact, unit: str, prefix: str = "") -> Evidence:
    pain = "no pain score given" if run.pain_during is None else f"pain {run.pain_during}/10 during it"
    detail = f"{prefix}run of {format_distance(run.distance_m, unit)}, {pain}"
    return Evidence(kind="run", id=run.id, date=run.date, detail=detail)
