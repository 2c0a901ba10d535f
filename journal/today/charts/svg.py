"""What both Today charts share: the points they are drawn from, SVG primitives and date labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

# Points further apart than this are separate segments: a line across a hole would invent check-ins.
MAX_JOINED_GAP_DAYS = 1
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
            "M" + " L".join(f"{number_text(x)},{number_text(y)}" for x, y in segment)
            for segment in self.segments
            if len(segment) > 1
        )

    @property
    def dots(self) -> tuple[tuple[float, float], ...]:
        # A day with no neighbour has no line to draw, so it gets a marker of its own.
        return tuple(segment[0] for segment in self.segments if len(segment) == 1)


def line_of(
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


def highest_known(runs: list[RunPoint]) -> int | None:
    known = [run.pain_during for run in runs if run.pain_during is not None]
    return max(known) if known else None


def short_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def day_text(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def points_text(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{number_text(x)},{number_text(y)}" for x, y in points)


def number_text(value: float) -> str:
    return f"{round(value, 1):g}"
