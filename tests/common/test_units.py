from decimal import Decimal

import pytest

from journal.common.units import format_distance, format_pace, from_metres, parse_duration, to_metres


@pytest.mark.parametrize(
    ("value", "unit", "metres"),
    [
        (1, "km", 1000),
        (Decimal("5.5"), "km", 5500),
        (1, "mi", 1609),
        (Decimal("26.2"), "mi", 42165),
        (0.5, "mi", 805),
    ],
)
def test_to_metres(value, unit, metres):
    assert to_metres(value, unit) == metres


@pytest.mark.parametrize(
    ("metres", "unit", "value"), [(1000, "km", 1.0), (1609, "mi", 1.0), (42195, "mi", 26.22)]
)
def test_from_metres(metres, unit, value):
    assert from_metres(metres, unit) == value


@pytest.mark.parametrize("unit", ["km", "mi"])
@pytest.mark.parametrize("value", [Decimal("3.10"), Decimal("10.00"), Decimal("42.19")])
def test_round_trip_keeps_what_the_runner_typed(unit, value):
    assert Decimal(str(from_metres(to_metres(value, unit), unit))) == value


def test_formatting_uses_the_unit():
    assert format_distance(8046, "mi") == "5.0 mi"
    assert format_distance(8046, "km") == "8.0 km"
    assert format_pace(1800, 5000, "km") == "6:00 /km"
    assert format_pace(2700, 8047, "mi") == "9:00 /mi"


@pytest.mark.parametrize(
    ("text", "seconds"), [("45", 2700), ("45:30", 2730), ("1:05:30", 3930), (" 7:05 ", 425)]
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "45:75", "-5", "1:-5"])
def test_parse_duration_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_duration(text)
