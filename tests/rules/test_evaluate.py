from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from journal.rules import (
    RULE_CODES,
    SEVERITIES,
    SOURCES,
    CheckinFact,
    Evidence,
    Flag,
    Journal,
    evaluate,
    format_distance,
    thresholds_for,
)
from tests.rules._builders import checkin, codes, day, flags, journal, plan, run, shoe, sprain


def test_a_brand_new_runner_has_no_flags():
    assert evaluate(Journal(today=date(2025, 1, 1)), thresholds_for(episode=None)) == []
    assert evaluate(Journal(today=date(2025, 1, 1))) == []


def test_a_new_runner_with_only_an_episode_or_a_plan_has_no_flags():
    assert flags(journal(0, episode=sprain(), plan=plan(0, 30), shoes=[shoe(0)])) == []


def test_a_journal_with_gaps_raises_nothing_it_should_not():
    # Check-ins every few days with long holes, a few runs, low steady pain: the holes must not read as
    # pain-free days, spikes or morning-after worsening.
    j = journal(
        60,
        checkins=[checkin(n, 1, pain_waking=1) for n in (0, 1, 9, 23, 24, 40, 58, 60)],
        runs=[run(n, 5, pain=1) for n in (2, 3, 25, 41, 59)],
        episode=sprain(status="recovering"),
    )
    # acwr_high counts days without a run as zero load, so one run after 18 days off is a real (if small)
    # relative spike; it is shown to the physiotherapist only.
    assert {f.code for f in flags(j) if not f.clinician_only} == set()


@pytest.mark.parametrize("today", range(-3, 70, 4))
def test_sparse_journal_never_crashes(today):
    j = journal(
        today,
        checkins=[checkin(n, n % 7, pain_waking=(n * 3) % 8, swelling="mild") for n in (0, 9, 30, 31, 55)],
        runs=[run(n, 3 + n % 5, pain=n % 6, in_return_plan=n > 30) for n in (1, 2, 15, 33, 34, 50)],
        shoes=[shoe(300), shoe(900, id="s2", retired=True)],
        episode=sprain(),
        plan=plan(33, 20),
    )
    for f in flags(j):
        assert f.evidence
        assert f.source
        assert all(e.date is None or e.date <= j.today for e in f.evidence)


def test_flags_are_ordered_by_severity_then_code():
    j = journal(
        13,
        checkins=[
            checkin(12, 2),
            checkin(13, 6, can_walk_four_steps=False, calf_swollen_warm=True, pain_daily_activities=True),
        ],
        runs=[run(1, 10), run(12, 13, pain=5)],
        shoes=[shoe(900, id="b"), shoe(500, id="a")],
    )
    result = flags(j)
    assert [f.code for f in result] == [
        "red_calf",
        "red_cannot_bear_weight",
        "pain_daily_activities",
        "pain_during_run_high",
        "pain_spike",
        "shoe_replace",
        "load_spike",
        "shoe_check",
    ]
    ranks = [SEVERITIES.index(f.severity) for f in result]
    assert ranks == sorted(ranks, reverse=True)


def test_every_flag_has_plain_words_and_a_known_source():
    j = journal(
        13,
        checkins=[checkin(12, 2), checkin(13, 6, can_walk_four_steps=False, bone_tenderness=("navicular",))],
        runs=[run(1, 10), run(12, 13, pain=5)],
        shoes=[shoe(900)],
    )
    for f in flags(j):
        assert f.code in SOURCES
        assert f.title and f.message and f.action
        assert "diagnos" not in (f.title + f.message + f.action).lower()
        assert "may" in f.message


def test_flag_key_includes_the_subject():
    evidence = (Evidence(kind="shoe", id="s1", date=None, detail="x"),)
    assert Flag("shoe_check", "info", "t", "m", "a", evidence, "s", subject="s1").key == "shoe_check:s1"
    assert Flag("pain_spike", "caution", "t", "m", "a", evidence, "s").key == "pain_spike"


def test_bad_severity_evidence_kind_unit_and_swelling_are_refused():
    with pytest.raises(ValueError):
        Flag("x", "panic", "t", "m", "a", (), "s")
    with pytest.raises(ValueError):
        Evidence(kind="note", id="1", date=None, detail="")
    with pytest.raises(ValueError):
        Journal(today=day(0), unit="furlong")
    with pytest.raises(ValueError):
        CheckinFact(id="c", date=day(0), side="left", pain_now=1, swelling="huge")


def test_facts_are_frozen_and_accept_lists_from_json_fields():
    c = CheckinFact(id="c", date=day(0), side="left", pain_now=1, pain_kinds=["tingling"], bone_tenderness=[])
    assert c.pain_kinds == ("tingling",)
    with pytest.raises(FrozenInstanceError):
        c.pain_now = 2  # type: ignore[misc]
    assert hash(Journal(today=day(0), checkins=[c])) is not None


@pytest.mark.parametrize(
    ("metres", "unit", "text"),
    [(8000, "km", "8.0 km"), (8047, "mi", "5.0 mi"), (1609, "mi", "1.0 mi"), (42195, "km", "42.2 km")],
)
def test_format_distance(metres, unit, text):
    assert format_distance(metres, unit) == text


def test_entries_after_today_are_ignored():
    future = journal(
        5,
        checkins=[checkin(6, 9, can_walk_four_steps=False)],
        runs=[run(6, 40, pain=9)],
        episode=sprain(),
    )
    assert codes(future) == set()


def test_every_rule_code_is_covered_by_a_test():
    # Each code's test in this package is named after it.
    import pathlib

    text = "".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    assert all(f"def test_{code}" in text or f'"{code}"' in text for code in RULE_CODES)
    assert len(RULE_CODES) == 21
