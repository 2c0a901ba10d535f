from __future__ import annotations

import pytest

from journal.rules import shoe_flags, thresholds_for
from tests.rules._builders import journal, shoe


def shoe_codes(*shoes, unit="km"):
    return [
        (f.code, f.subject)
        for f in shoe_flags(journal(0, shoes=shoes, unit=unit), thresholds_for(episode=None))
    ]


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        pytest.param(shoe(479.9), [], id="under-check"),
        pytest.param(shoe(480), [("shoe_check", "s1")], id="at-check"),
        pytest.param(shoe(799.9), [("shoe_check", "s1")], id="under-replace"),
        pytest.param(shoe(800), [("shoe_replace", "s1")], id="at-replace-never-both"),
        pytest.param(shoe(1200), [("shoe_replace", "s1")], id="well-past"),
        pytest.param(shoe(1200, retired=True), [], id="retired"),
        pytest.param(shoe(100, check_km=80, replace_km=120), [("shoe_check", "s1")], id="own-limits"),
    ],
)
def test_shoe_wear(s, expected):
    assert shoe_codes(s) == expected


def test_two_shoes_give_two_flags_with_distinct_keys():
    flags = shoe_flags(
        journal(0, shoes=[shoe(500, id="a", name="Road"), shoe(900, id="b", name="Trail")]),
        thresholds_for(episode=None),
    )
    assert [(f.code, f.key) for f in flags] == [
        ("shoe_check", "shoe_check:a"),
        ("shoe_replace", "shoe_replace:b"),
    ]
    assert "Trail" in flags[1].title
    assert flags[1].evidence[0].kind == "shoe"


@pytest.mark.parametrize(
    ("unit", "detail"),
    [
        ("km", "804.7 km in total, replace at 804.7 km"),
        ("mi", "500.0 mi in total, replace at 500.0 mi"),
    ],
)
def test_shoe_evidence_uses_the_runners_unit(unit, detail):
    s = shoe(804.672, check_km=482.8032, replace_km=804.672)
    (f,) = shoe_flags(journal(0, shoes=[s], unit=unit), thresholds_for(episode=None))
    assert f.evidence[0].detail == detail
    assert f.severity == "caution"
