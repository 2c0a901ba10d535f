from __future__ import annotations

import pytest

from tests.rules._builders import checkin, codes, episode, flag, journal, sprain


def check(code, j, raised):
    assert (code in codes(j)) is raised


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 7, can_walk_four_steps=False)]), True, id="raises"),
        pytest.param(journal(0, checkins=[checkin(0, 8)]), False, id="high-pain-but-walking"),
        pytest.param(
            journal(1, checkins=[checkin(0, 7, can_walk_four_steps=False), checkin(1, 5)]),
            False,
            id="cleared",
        ),
        pytest.param(journal(2, checkins=[checkin(0, 7, can_walk_four_steps=False)]), True, id="2-days-old"),
        pytest.param(journal(3, checkins=[checkin(0, 7, can_walk_four_steps=False)]), False, id="3-days-old"),
        pytest.param(journal(30, checkins=[checkin(0, 7, can_walk_four_steps=False)]), False, id="month-old"),
        pytest.param(
            journal(0, checkins=[checkin(0, 2), checkin(0, 7, side="right", can_walk_four_steps=False)]),
            True,
            id="other-side-same-day",
        ),
    ],
)
def test_red_cannot_bear_weight(j, raised):
    check("red_cannot_bear_weight", j, raised)


def test_urgent_flags_say_get_checked_today():
    f = flag(journal(0, checkins=[checkin(0, 7, can_walk_four_steps=False)]), "red_cannot_bear_weight")
    assert f.severity == "urgent"
    assert f.action.startswith("Get checked at urgent care or A&E today")
    assert "Ottawa" in f.source
    assert (f.evidence[0].kind, f.evidence[0].id) == ("checkin", "c0-left")


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(0, checkins=[checkin(0, 6, bone_tenderness=("navicular",))]), True, id="navicular"
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 6, bone_tenderness=["lateral_malleolus"])]),
            True,
            id="list-accepted",
        ),
        pytest.param(journal(0, checkins=[checkin(0, 6)]), False, id="no-points"),
        pytest.param(
            journal(1, checkins=[checkin(0, 6, bone_tenderness=("fifth_metatarsal",)), checkin(1, 4)]),
            False,
            id="cleared",
        ),
    ],
)
def test_red_bone_tenderness(j, raised):
    check("red_bone_tenderness", j, raised)


def test_bone_tenderness_evidence_names_the_point():
    f = flag(
        journal(0, checkins=[checkin(0, 6, bone_tenderness=("fifth_metatarsal",))]), "red_bone_tenderness"
    )
    assert "fifth metatarsal" in f.evidence[0].detail


SWOLLEN_EARLY = [checkin(0, 7, swelling="moderate"), checkin(2, 5, swelling="moderate")]


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 6, swelling="severe")]), True, id="severe"),
        pytest.param(journal(0, checkins=[checkin(0, 6, bruising=True)]), True, id="bruising"),
        pytest.param(journal(0, checkins=[checkin(0, 6, swelling="moderate")]), False, id="moderate-day-0"),
        pytest.param(
            journal(1, checkins=[checkin(0, 6, swelling="severe"), checkin(1, 5, swelling="moderate")]),
            False,
            id="severe-cleared-next-day",
        ),
        pytest.param(
            journal(4, checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="moderate")], episode=sprain()),
            True,
            id="not-down-after-72h",
        ),
        pytest.param(
            journal(3, checkins=[*SWOLLEN_EARLY, checkin(3, 4, swelling="moderate")], episode=sprain()),
            False,
            id="within-72h",
        ),
        pytest.param(
            journal(4, checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="mild")], episode=sprain()),
            False,
            id="going-down",
        ),
        pytest.param(
            journal(
                5,
                checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="moderate"), checkin(5, 3)],
                episode=sprain(),
            ),
            False,
            id="cleared-swelling-gone",
        ),
        pytest.param(
            journal(6, checkins=[checkin(6, 3, swelling="mild")], episode=sprain()),
            True,
            id="no-early-check-ins",
        ),
        pytest.param(
            journal(4, checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="moderate")], episode=episode()),
            False,
            id="gradual-onset",
        ),
        pytest.param(
            journal(4, checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="moderate")]), False, id="no-episode"
        ),
        pytest.param(
            journal(
                4,
                checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="moderate")],
                episode=sprain(status="resolved"),
            ),
            False,
            id="resolved-episode",
        ),
    ],
)
def test_red_swelling_bruising(j, raised):
    check("red_swelling_bruising", j, raised)


def test_swelling_after_72_hours_names_the_episode():
    j = journal(4, checkins=[*SWOLLEN_EARLY, checkin(4, 4, swelling="moderate")], episode=sprain())
    f = flag(j, "red_swelling_bruising")
    assert f.severity == "see_professional"
    assert [e.kind for e in f.evidence] == ["episode", "checkin"]
    assert "72 hours" in f.message


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(
                10,
                checkins=[checkin(5, 2, pain_kinds=("tingling",)), checkin(9, 2, pain_kinds=("numbness",))],
            ),
            True,
            id="two-days",
        ),
        pytest.param(
            journal(10, checkins=[checkin(9, 2, pain_kinds=("tingling", "burning"))]), False, id="one-day"
        ),
        pytest.param(
            journal(
                10,
                checkins=[
                    checkin(9, 2, pain_kinds=("tingling",)),
                    checkin(9, 2, side="right", pain_kinds=("tingling",)),
                ],
            ),
            False,
            id="two-sides-one-day",
        ),
        pytest.param(
            journal(
                10, checkins=[checkin(5, 2, pain_kinds=("burning",)), checkin(9, 2, pain_kinds=("sharp",))]
            ),
            False,
            id="other-kinds",
        ),
        pytest.param(
            journal(
                20,
                checkins=[checkin(7, 2, pain_kinds=("tingling",)), checkin(20, 2, pain_kinds=("tingling",))],
            ),
            True,
            id="13-days-apart",
        ),
        pytest.param(
            journal(
                20,
                checkins=[checkin(6, 2, pain_kinds=("tingling",)), checkin(20, 2, pain_kinds=("tingling",))],
            ),
            False,
            id="14-days-apart",
        ),
        pytest.param(
            journal(
                19,
                checkins=[
                    checkin(5, 2, pain_kinds=("tingling",)),
                    checkin(9, 2, pain_kinds=("numbness",)),
                    checkin(19, 1),
                ],
            ),
            False,
            id="cleared-once-out-of-window",
        ),
    ],
)
def test_red_nerve(j, raised):
    check("red_nerve", j, raised)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(0, checkins=[checkin(0, 4, pain_at_rest_or_night=True, pain_with_impact=True)]),
            True,
            id="night-and-impact",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 4, pain_at_rest_or_night=True, bone_tenderness=("navicular",))]),
            True,
            id="night-and-bone-point",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 4, pain_at_rest_or_night=True)]), False, id="night-only"
        ),
        pytest.param(journal(0, checkins=[checkin(0, 4, pain_with_impact=True)]), False, id="impact-only"),
        pytest.param(
            journal(
                0,
                checkins=[
                    checkin(0, 4, pain_at_rest_or_night=True),
                    checkin(0, 4, side="right", pain_with_impact=True),
                ],
            ),
            False,
            id="different-sides",
        ),
        pytest.param(
            journal(
                1,
                checkins=[
                    checkin(0, 4, pain_at_rest_or_night=True, pain_with_impact=True),
                    checkin(1, 3, pain_with_impact=True),
                ],
            ),
            False,
            id="cleared",
        ),
    ],
)
def test_red_bone_stress(j, raised):
    check("red_bone_stress", j, raised)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 3, calf_swollen_warm=True)]), True, id="raises"),
        pytest.param(journal(0, checkins=[checkin(0, 3, swelling="mild")]), False, id="ankle-swelling-only"),
        pytest.param(
            journal(1, checkins=[checkin(0, 3, calf_swollen_warm=True), checkin(1, 3)]), False, id="cleared"
        ),
    ],
)
def test_red_calf(j, raised):
    check("red_calf", j, raised)


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 3, area_red_warm=True, fever=True)]), True, id="raises"),
        pytest.param(journal(0, checkins=[checkin(0, 3, area_red_warm=True)]), False, id="no-fever"),
        pytest.param(journal(0, checkins=[checkin(0, 3, fever=True)]), False, id="fever-only"),
        pytest.param(
            journal(
                1, checkins=[checkin(0, 3, area_red_warm=True, fever=True), checkin(1, 3, area_red_warm=True)]
            ),
            False,
            id="cleared",
        ),
    ],
)
def test_red_infection(j, raised):
    check("red_infection", j, raised)


@pytest.mark.parametrize(
    ("fields", "code", "severity"),
    [
        ({"can_walk_four_steps": False}, "red_cannot_bear_weight", "urgent"),
        ({"bone_tenderness": ("navicular",)}, "red_bone_tenderness", "urgent"),
        ({"swelling": "severe"}, "red_swelling_bruising", "see_professional"),
        ({"pain_at_rest_or_night": True, "pain_with_impact": True}, "red_bone_stress", "stop"),
        ({"calf_swollen_warm": True}, "red_calf", "urgent"),
        ({"area_red_warm": True, "fever": True}, "red_infection", "urgent"),
    ],
)
def test_red_flag_severities(fields, code, severity):
    assert flag(journal(0, checkins=[checkin(0, 5, **fields)]), code).severity == severity
