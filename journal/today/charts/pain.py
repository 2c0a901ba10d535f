"""The pain chart: daily pain now and on waking, with the runs and their pain during."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from journal.common.units import format_distance
from journal.today.charts.svg import (
    X_LABEL_MIN_GAP,
    GridLine,
    Line,
    PainPoint,
    RunPoint,
    WeekTick,
    day_text,
    highest_known,
    line_of,
    points_text,
    short_date,
)

PAIN_MAX = 10
PAIN_GRID_STEPS = (0, 2, 4, 6, 8, 10)


@dataclass(frozen=True)
class RunMarker:
    date: date
    x: float
    y: float
    pain_during: int | None
    label: str
    triangle_points: str
    diamond_points: str


@dataclass(frozen=True)
class PainRow:
    date: date
    date_text: str
    pain_now: int | None
    pain_waking: int | None
    run_distance_text: str
    pain_during: int | None


@dataclass(frozen=True)
class PainChart:
    title: str
    summary: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    y_label_x: float
    x_label_y: float
    gridlines: tuple[GridLine, ...]
    week_ticks: tuple[WeekTick, ...]
    pain_line: Line
    waking_line: Line
    runs: tuple[RunMarker, ...]
    rows: tuple[PainRow, ...]


def pain_chart(
    *, checkins: list[PainPoint], runs: list[RunPoint], today: date, unit: str, weeks: int = 8
) -> PainChart:
    width, height = 340, 186
    left, right, top, bottom = 24.0, 330.0, 10.0, 146.0
    days = weeks * 7
    start = today - timedelta(days=days - 1)
    day_width = (right - left) / max(days - 1, 1)

    def x_of(day: date) -> float:
        return round(left + (day - start).days * day_width, 2)

    def y_of(pain: float) -> float:
        return round(bottom - pain / PAIN_MAX * (bottom - top), 2)

    pain_by_day: dict[date, int] = {}
    waking_by_day: dict[date, int] = {}
    for point in checkins:
        if not start <= point.date <= today:
            continue
        if point.pain_now is not None:
            pain_by_day[point.date] = max(pain_by_day.get(point.date, 0), point.pain_now)
        if point.pain_waking is not None:
            waking_by_day[point.date] = max(waking_by_day.get(point.date, 0), point.pain_waking)

    runs_by_day: dict[date, list[RunPoint]] = defaultdict(list)
    for run in runs:
        if start <= run.date <= today:
            runs_by_day[run.date].append(run)

    markers = []
    for day in sorted(runs_by_day):
        day_runs = runs_by_day[day]
        x = x_of(day)
        pain_during = highest_known(day_runs)
        y = y_of(pain_during or 0)
        pain_text = "pain during not given" if pain_during is None else f"pain during {pain_during}/10"
        markers.append(
            RunMarker(
                date=day,
                x=x,
                y=y,
                pain_during=pain_during,
                label=f"{day_text(day)}: {_runs_text(day_runs, unit)}, {pain_text}",
                triangle_points=points_text(
                    [(x, bottom + 2), (x + 4.5, bottom + 10), (x - 4.5, bottom + 10)]
                ),
                # No pain given, no pain marker: unknown is not drawn as 0.
                diamond_points=""
                if pain_during is None
                else points_text([(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]),
            )
        )

    rows = tuple(
        PainRow(
            date=day,
            date_text=day_text(day),
            pain_now=pain_by_day.get(day),
            pain_waking=waking_by_day.get(day),
            run_distance_text=format_distance(sum(r.distance_m for r in runs_by_day[day]), unit)
            if day in runs_by_day
            else "",
            pain_during=highest_known(runs_by_day[day]) if day in runs_by_day else None,
        )
        for day in sorted(pain_by_day.keys() | runs_by_day.keys())
    )

    mondays = [day for day in (start + timedelta(days=n) for n in range(days)) if day.weekday() == 0]
    stride = max(1, ceil(X_LABEL_MIN_GAP / (7 * day_width)))
    week_ticks = tuple(
        WeekTick(x=x_of(day), label=short_date(day), labelled=(len(mondays) - 1 - i) % stride == 0)
        for i, day in enumerate(mondays)
    )

    return PainChart(
        title=f"Pain over the last {weeks} weeks",
        summary=_pain_summary(pain_by_day, runs_by_day, today=today, weeks=weeks),
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        y_label_x=left - 5,
        x_label_y=bottom + 26,
        gridlines=tuple(GridLine(y=y_of(step), label=str(step)) for step in PAIN_GRID_STEPS),
        week_ticks=week_ticks,
        pain_line=line_of(pain_by_day, x_of, y_of),
        waking_line=line_of(waking_by_day, x_of, y_of),
        runs=tuple(markers),
        rows=rows,
    )


def _pain_summary(
    pain_by_day: dict[date, int], runs_by_day: dict[date, list[RunPoint]], *, today: date, weeks: int
) -> str:
    def average(first: int, last: int) -> float | None:
        values = [p for d, p in pain_by_day.items() if first <= (today - d).days <= last]
        return round(sum(values) / len(values), 1) if values else None

    if not pain_by_day:
        pain_text = f"No check-ins in the last {weeks} weeks."
    else:
        recent, before = average(0, 6), average(7, 13)
        lead = f"Daily pain averaged {recent}/10 in the last 7 days"
        if recent is None:
            overall = average(0, weeks * 7 - 1)
            pain_text = (
                f"No check-ins in the last 7 days; over {weeks} weeks daily pain averaged {overall}/10."
            )
        elif before is None:
            pain_text = f"{lead}, with no check-ins the week before."
        elif recent == before:
            pain_text = f"{lead}, the same as the week before."
        else:
            pain_text = f"{lead}, {'down' if recent < before else 'up'} from {before} the week before."

    run_count = sum(len(day_runs) for day_runs in runs_by_day.values())
    if not run_count:
        return pain_text if not pain_by_day else f"{pain_text} No runs logged."
    highest = highest_known([run for day_runs in runs_by_day.values() for run in day_runs])
    if run_count == 1:
        if highest is None:
            return f"{pain_text} 1 run; pain during it was not given."
        return f"{pain_text} 1 run; pain during it was {highest}/10."
    if highest is None:
        return f"{pain_text} {run_count} runs; pain during them was not given."
    return f"{pain_text} {run_count} runs; the highest pain during a run was {highest}/10."


def _runs_text(day_runs: list[RunPoint], unit: str) -> str:
    total = format_distance(sum(run.distance_m for run in day_runs), unit)
    return f"run {total}" if len(day_runs) == 1 else f"{len(day_runs)} runs, {total}"
