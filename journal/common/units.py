from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from journal.common.constants import KM_M, MI_M

METRES_PER_UNIT = {"km": KM_M, "mi": MI_M}


def to_metres(value: float | Decimal, unit: str) -> int:
    metres = Decimal(str(value)) * Decimal(str(METRES_PER_UNIT[unit]))
    return int(metres.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def duration_from_pace(pace_s: int, distance: Decimal) -> int:
    """A run's seconds from its pace per unit and its distance in that unit, halves rounded up.

    Exact decimal arithmetic, as offline.js does it with whole numbers: the page and the server
    must agree to the second, or an entry sent again after a lost answer looks like a clash.
    """
    seconds = Decimal(pace_s) * Decimal(str(distance))
    return int(seconds.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_metres(metres: int | float, unit: str, places: int = 2) -> float:
    return round(metres / METRES_PER_UNIT[unit], places)


def format_distance(metres: int | float | None, unit: str) -> str:
    if metres is None:
        return ""
    return f"{metres / METRES_PER_UNIT[unit]:.1f} {unit}"


def format_duration(seconds: int | None, *, with_hours: bool = False) -> str:
    """m:ss or h:mm:ss; with_hours always h:mm:ss ("0:45:30"), which a spreadsheet reads as a duration."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours or with_hours else f"{minutes}:{secs:02d}"


def format_pace(duration_s: int, metres: int, unit: str, *, with_unit: bool = True) -> str:
    if not metres:
        return ""
    per_unit_s = round(duration_s / (metres / METRES_PER_UNIT[unit]))
    minutes, secs = divmod(per_unit_s, 60)
    return f"{minutes}:{secs:02d} /{unit}" if with_unit else f"{minutes}:{secs:02d}"


def parse_duration(text: str) -> int:
    """Seconds from "45", "45:30" or "1:05:30" (minutes, m:ss, h:mm:ss)."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError("Use minutes (45), mm:ss (45:30) or h:mm:ss (1:05:30).")
    numbers = [int(p) for p in parts]
    if len(numbers) == 1:
        return numbers[0] * 60
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError("Minutes and seconds after a colon must be under 60.")
    if len(numbers) == 2:
        return numbers[0] * 60 + numbers[1]
    return numbers[0] * 3600 + numbers[1] * 60 + numbers[2]
