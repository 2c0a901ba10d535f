"""Rules about journal values, shared by the HTML forms, the services and the API."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from journal.common.constants import MAX_RUN_M, MIN_PACE_S_PER_KM


def validate_pain(value: int | None, field: str = "pain") -> None:
    if value is not None and not 0 <= value <= 10:
        raise ValidationError({field: "Pain is a number from 0 (none) to 10 (the worst imaginable)."})


def validate_run_distance(distance_m: int) -> None:
    if distance_m <= 0:
        raise ValidationError({"distance_m": "Distance must be more than zero."})
    if distance_m > MAX_RUN_M:
        raise ValidationError({"distance_m": "That is over 300 km; check the distance and its unit."})


def validate_pace(distance_m: int, duration_s: int) -> None:
    if duration_s <= 0:
        raise ValidationError({"duration_s": "Duration must be more than zero."})
    if distance_m > 0 and duration_s < distance_m / 1000 * MIN_PACE_S_PER_KM:
        raise ValidationError(
            {"duration_s": "That is faster than 2 minutes per km; check the distance and the time."}
        )


def validate_not_future(value: date | None, today: date, field: str = "date") -> None:
    if value is not None and value > today:
        raise ValidationError({field: "This date is in the future; use today or an earlier day."})
