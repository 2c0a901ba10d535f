"""The weekly distance chart: a bar a week, with the change from the week before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from journal.common.units import METRES_PER_UNIT, format_distance
from journal.today.charts.svg import X_LABEL_MIN_GAP, RunPoint, day_text, short_date

# Below this many units a week's bar is scaled as if it were this long, so 2 km does not fill the chart.
MIN_SCALE_UNITS = 10


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
                week_label=short_date(week_start),
                labelled=(weeks - 1 - i) % stride == 0,
                change_pct=_change_pct(distance_m, totals_m[week_start - timedelta(weeks=1)]),
                is_current=week_start == this_monday,
            )
        )

    rows = tuple(
        DistanceRow(
            week_text=day_text(bar.week_start) + (" (this week so far)" if bar.is_current else ""),
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


def _short_distance(metres: int, unit: str) -> str:
    value = metres / METRES_PER_UNIT[unit]
    if not metres:
        return "0"
    return f"{value:.0f}" if round(value, 1) >= 10 else f"{value:.1f}"
