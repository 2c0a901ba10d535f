from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from journal.common.units import METRES_PER_UNIT, format_distance

PAIN_MAX = 10
PAIN_GRID_STEPS = (0, 2, 4, 6, 8, 10)
# Points further apart than this are separate segments: a line across a hole would invent check-ins.
MAX_JOINED_GAP_DAYS = 1
# Below this many units a week's bar is scaled as if it were this long, so 2 km does not fill the chart.
MIN_SCALE_UNITS = 10
# Week labels need about this much room at font-size 12 ("12 Oct") before they collide.
X_LABEL_MIN_GAP = 44.0


@dataclass(frozen=True)
class PainPoint:
    date: date
    pain_now: int | None  # None: not given, left off the line
    pain_waking: int | None = None


@dataclass(frozen=True)
class RunPoint:
    date: date
    distance_m: int
    pain_during: int | None  # None: not given


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str


@dataclass(frozen=True)
class WeekTick:
    x: float
    label: str
    labelled: bool


@dataclass(frozen=True)
class Line:
    segments: tuple[tuple[tuple[float, float], ...], ...]

    @property
    def d(self) -> str:
        return " ".join(
            "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in segment)
            for segment in self.segments
            if len(segment) > 1
        )

    @property
    def dots(self) -> tuple[tuple[float, float], ...]:
        # A day with no neighbour has no line to draw, so it gets a marker of its own.
        return tuple(segment[0] for segment in self.segments if len(segment) == 1)


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


@dataclass(frozen=True)
class WeekBar:
    week_start: date
    distance_m: int
    x: float
    y: float
    width: float
    height: float
    centre_x: float
    value_label: str
    value_y: float
    week_label: str
    labelled: bool
    change_pct: int | None
    is_current: bool


@dataclass(frozen=True)
class DistanceRow:
    week_text: str
    distance_text: str
    change_text: str


@dataclass(frozen=True)
class DistanceChart:
    title: str
    summary: str
    unit: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    baseline_y: float
    x_label_y: float
    bars: tuple[WeekBar, ...]
    rows: tuple[DistanceRow, ...]
    this_week_m: int
    last_week_m: int
    last_full_week_change_pct: int | None


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
        pain_during = _highest_known(day_runs)
        y = y_of(pain_during or 0)
        pain_text = "pain during not given" if pain_during is None else f"pain during {pain_during}/10"
        markers.append(
            RunMarker(
                date=day,
                x=x,
                y=y,
                pain_during=pain_during,
                label=f"{_day_text(day)}: {_runs_text(day_runs, unit)}, {pain_text}",
                triangle_points=_points([(x, bottom + 2), (x + 4.5, bottom + 10), (x - 4.5, bottom + 10)]),
                # No pain given, no pain marker: unknown is not drawn as 0.
                diamond_points=""
                if pain_during is None
                else _points([(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]),
            )
        )

    rows = tuple(
        PainRow(
            date=day,
            date_text=_day_text(day),
            pain_now=pain_by_day.get(day),
            pain_waking=waking_by_day.get(day),
            run_distance_text=format_distance(sum(r.distance_m for r in runs_by_day[day]), unit)
            if day in runs_by_day
            else "",
            pain_during=_highest_known(runs_by_day[day]) if day in runs_by_day else None,
        )
        for day in sorted(pain_by_day.keys() | runs_by_day.keys())
    )

    mondays = [day for day in (start + timedelta(days=n) for n in range(days)) if day.weekday() == 0]
    stride = max(1, ceil(X_LABEL_MIN_GAP / (7 * day_width)))
    week_ticks = tuple(
        WeekTick(x=x_of(day), label=_short_date(day), labelled=(len(mondays) - 1 - i) % stride == 0)
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
        pain_line=_line(pain_by_day, x_of, y_of),
        waking_line=_line(waking_by_day, x_of, y_of),
        runs=tuple(markers),
        rows=rows,
    )


def distance_chart(*, runs: list[RunPoint], today: date, unit: str, weeks: int = 12) -> DistanceChart:
    width, height = 340, 172
    left, right, top, baseline = 4.0, 330.0, 18.0, 146.0
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=n) for n in range(weeks, -1, -1)]
    # starts[0] is the week before the window: only there so the first bar has a change too.
    totals_m = dict.fromkeys(starts, 0)
    for run in runs:
        week_start = run.date - timedelta(days=run.date.weekday())
        if week_start in totals_m and run.date <= today:
            totals_m[week_start] += run.distance_m

    shown = starts[1:]
    scale_m = max(max(totals_m[s] for s in shown), MIN_SCALE_UNITS * METRES_PER_UNIT[unit])
    slot = (right - left) / weeks
    bar_width = slot * 0.7
    stride = max(1, ceil(X_LABEL_MIN_GAP / slot))

    bars = []
    for i, week_start in enumerate(shown):
        distance_m = totals_m[week_start]
        bar_height = distance_m / scale_m * (baseline - top)
        centre_x = left + slot * (i + 0.5)
        bars.append(
            WeekBar(
                week_start=week_start,
                distance_m=distance_m,
                x=round(centre_x - bar_width / 2, 2),
                y=round(baseline - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                centre_x=round(centre_x, 2),
                value_label=_short_distance(distance_m, unit),
                value_y=round(baseline - bar_height - 4, 2),
                week_label=_short_date(week_start),
                labelled=(weeks - 1 - i) % stride == 0,
                change_pct=_change_pct(distance_m, totals_m[week_start - timedelta(weeks=1)]),
                is_current=week_start == this_monday,
            )
        )

    rows = tuple(
        DistanceRow(
            week_text=_day_text(bar.week_start) + (" (this week so far)" if bar.is_current else ""),
            distance_text=format_distance(bar.distance_m, unit),
            change_text=_change_text(bar.change_pct),
        )
        for bar in bars
    )
    this_week_m = totals_m[this_monday]
    last_week_m = totals_m[this_monday - timedelta(weeks=1)]
    week_before_m = totals_m.get(this_monday - timedelta(weeks=2), 0)
    last_full_week_change_pct = _change_pct(last_week_m, week_before_m) if weeks >= 2 else None

    return DistanceChart(
        title=f"Weekly distance, last {weeks} weeks",
        summary=_distance_summary(
            any(bar.distance_m for bar in bars),
            this_week_m,
            last_week_m,
            last_full_week_change_pct,
            unit=unit,
            weeks=weeks,
        ),
        unit=unit,
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        baseline_y=baseline,
        x_label_y=baseline + 17,
        bars=tuple(bars),
        rows=rows,
        this_week_m=this_week_m,
        last_week_m=last_week_m,
        last_full_week_change_pct=last_full_week_change_pct,
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
    highest = _highest_known([run for day_runs in runs_by_day.values() for run in day_runs])
    if run_count == 1:
        if highest is None:
            return f"{pain_text} 1 run; pain during it was not given."
        return f"{pain_text} 1 run; pain during it was {highest}/10."
    if highest is None:
        return f"{pain_text} {run_count} runs; pain during them was not given."
    return f"{pain_text} {run_count} runs; the highest pain during a run was {highest}/10."


def _distance_summary(
    any_runs: bool,
    this_week_m: int,
    last_week_m: int,
    last_full_week_change_pct: int | None,
    *,
    unit: str,
    weeks: int,
) -> str:
    if not any_runs:
        return f"No runs in the last {weeks} weeks."
    this_text, last_text = format_distance(this_week_m, unit), format_distance(last_week_m, unit)
    if not this_week_m and not last_week_m:
        first = "No runs this week or last week."
    elif not this_week_m:
        first = f"No runs yet this week; last week: {last_text}."
    elif not last_week_m:
        first = f"This week so far: {this_text}; no runs last week."
    else:
        compared = _compared(_change_pct(this_week_m, last_week_m))
        first = f"This week so far: {this_text}, {compared} last week's {last_text}."
    # "No runs last week" already says it all; a percentage drop to zero would only repeat it.
    if last_full_week_change_pct is None or not last_week_m:
        return first
    return f"{first} Last full week was {_compared(last_full_week_change_pct)} the week before."


def _compared(change_pct: int | None) -> str:
    if not change_pct:
        return "about the same as"
    return f"{abs(change_pct)}% {'more' if change_pct > 0 else 'less'} than"


def _change_pct(current_m: int, previous_m: int) -> int | None:
    if not previous_m:
        return None
    return round((current_m - previous_m) / previous_m * 100)


def _change_text(change_pct: int | None) -> str:
    if change_pct is None:
        return "no runs the week before"
    if change_pct > 0:
        return f"+{change_pct}%"
    if change_pct < 0:
        return f"−{-change_pct}%"
    return "0%"


def _line(
    values_by_day: dict[date, int], x_of: Callable[[date], float], y_of: Callable[[float], float]
) -> Line:
    segments: list[list[tuple[float, float]]] = []
    previous: date | None = None
    for day in sorted(values_by_day):
        point = (x_of(day), y_of(values_by_day[day]))
        if previous is not None and (day - previous).days <= MAX_JOINED_GAP_DAYS:
            segments[-1].append(point)
        else:
            segments.append([point])
        previous = day
    return Line(segments=tuple(tuple(segment) for segment in segments))


def _highest_known(runs: list[RunPoint]) -> int | None:
    known = [run.pain_during for run in runs if run.pain_during is not None]
    return max(known) if known else None


def _runs_text(day_runs: list[RunPoint], unit: str) -> str:
    total = format_distance(sum(run.distance_m for run in day_runs), unit)
    return f"run {total}" if len(day_runs) == 1 else f"{len(day_runs)} runs, {total}"


def _short_distance(metres: int, unit: str) -> str:
    value = metres / METRES_PER_UNIT[unit]
    if not metres:
        return "0"
    return f"{value:.0f}" if round(value, 1) >= 10 else f"{value:.1f}"


def _short_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _day_text(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _n(value: float) -> str:
    return f"{round(value, 1):g}"
