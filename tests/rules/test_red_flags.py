from __future__ import annotations

import pytest

from tests.rules._builders import checkin, codes, episode, flag, journal, keys, side_flag, sprain


def check(code, j, raised):
    assert (code in codes(j)) is raised


def side_keys(j, code):
    return {k for k in keys(j) if k.startswith(code + ":")}


CANNOT_WALK = {"can_walk_four_steps": False}


# --- red_cannot_bear_weight ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 7, **CANNOT_WALK)]), True, id="raises"),
        pytest.param(journal(0, checkins=[checkin(0, 8)]), False, id="high-pain-but-walking"),
        pytest.param(
            journal(1, checkins=[checkin(0, 7, **CANNOT_WALK), checkin(1, 5)]),
            True,
            id="any-check-in-of-the-last-3-days",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 1, at="07:30"), checkin(0, 7, at="16:00", **CANNOT_WALK)]),
            True,
            id="second-check-in-of-the-day-after-a-fall",
        ),
        pytest.param(journal(2, checkins=[checkin(0, 7, **CANNOT_WALK)]), True, id="2-days-old"),
        pytest.param(journal(3, checkins=[checkin(0, 7, **CANNOT_WALK)]), False, id="3-days-old"),
        pytest.param(journal(30, checkins=[checkin(0, 7, **CANNOT_WALK)]), False, id="month-old"),
    ],
)
def test_red_cannot_bear_weight(j, raised):
    check("red_cannot_bear_weight", j, raised)


def test_red_cannot_bear_weight_per_side():
    j = journal(0, checkins=[checkin(0, 2), checkin(0, 7, side="right", **CANNOT_WALK)])
    assert side_keys(j, "red_cannot_bear_weight") == {"red_cannot_bear_weight:right"}
    both = journal(0, checkins=[checkin(0, 7, side="both", **CANNOT_WALK)])
    assert side_keys(both, "red_cannot_bear_weight") == {
        "red_cannot_bear_weight:left",
        "red_cannot_bear_weight:right",
    }


def test_a_check_in_for_one_side_never_clears_the_other():
    # Yesterday the right foot could not take four steps after a twist and was tender at an Ottawa point;
    # today's left-side check-in at pain 1 changes nothing for the right.
    j = journal(
        1,
        checkins=[
            checkin(
                0, 7, side="right", recent_trauma=True, bone_tenderness=("lateral_malleolus",), **CANNOT_WALK
            ),
            checkin(1, 1),
        ],
    )
    assert {"red_cannot_bear_weight:right", "red_bone_tenderness:right"} <= keys(j)
    assert not {k for k in keys(j) if k.endswith(":left")}


def test_urgent_flags_say_get_checked_today():
    f = flag(journal(0, checkins=[checkin(0, 7, **CANNOT_WALK)]), "red_cannot_bear_weight")
    assert f.severity == "urgent"
    assert f.action.startswith("Get checked at urgent care or A&E today")
    assert "Ottawa" in f.source
    assert (f.evidence[0].kind, f.evidence[0].id, f.evidence[0].side) == ("checkin", "c0-left", "left")
    assert "left" in f.message


# --- red_bone_tenderness ---------------------------------------------------------------------------------

OTTAWA = {"bone_tenderness": ("navicular",)}


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(0, checkins=[checkin(0, 6, recent_trauma=True, **OTTAWA)]), True, id="after-a-twist"
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 6, recent_trauma=True, bone_tenderness=["lateral_malleolus"])]),
            True,
            id="list-accepted",
        ),
        pytest.param(journal(0, checkins=[checkin(0, 6, **OTTAWA)]), False, id="no-acute-injury"),
        pytest.param(journal(0, checkins=[checkin(0, 6, recent_trauma=True)]), False, id="no-points"),
        pytest.param(
            journal(0, checkins=[checkin(0, 6, recent_trauma=True, bone_tenderness=("tibia",))]),
            False,
            id="bone-stress-site-is-not-an-ottawa-point",
        ),
        pytest.param(
            journal(9, checkins=[checkin(9, 6, **OTTAWA)], episode=sprain()), True, id="sprain-9-days-ago"
        ),
        pytest.param(
            journal(10, checkins=[checkin(10, 6, **OTTAWA)], episode=sprain()), False, id="sprain-10-days-ago"
        ),
        pytest.param(
            journal(9, checkins=[checkin(0, 2, recent_trauma=True), checkin(9, 6, **OTTAWA)]),
            True,
            id="twist-reported-9-days-ago",
        ),
        pytest.param(
            journal(10, checkins=[checkin(0, 2, recent_trauma=True), checkin(10, 6, **OTTAWA)]),
            False,
            id="twist-reported-10-days-ago",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 6, **OTTAWA)], episode=sprain(side="right")),
            False,
            id="sprain-on-the-other-side",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 2, side="right", recent_trauma=True), checkin(0, 6, **OTTAWA)]),
            False,
            id="twist-on-the-other-side",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 6, **OTTAWA)], episode=episode(onset=0)),
            False,
            id="gradual-onset",
        ),
        pytest.param(
            journal(2, checkins=[checkin(0, 6, recent_trauma=True, **OTTAWA), checkin(2, 4)]),
            True,
            id="2-days-old",
        ),
        pytest.param(
            journal(3, checkins=[checkin(0, 6, recent_trauma=True, **OTTAWA), checkin(3, 4)]),
            False,
            id="3-days-old",
        ),
    ],
)
def test_red_bone_tenderness(j, raised):
    check("red_bone_tenderness", j, raised)


def test_bone_tenderness_evidence_names_the_point():
    j = journal(0, checkins=[checkin(0, 6, recent_trauma=True, bone_tenderness=("fifth_metatarsal",))])
    f = flag(j, "red_bone_tenderness")
    assert "fifth metatarsal" in f.evidence[0].detail
    assert f.severity == "urgent"


def test_gradual_tendinopathy_with_inner_ankle_tenderness_is_not_sent_to_a_and_e():
    j = journal(
        42,
        checkins=[checkin(42, 4, bone_tenderness=("medial_malleolus",))],
        episode=episode(
            onset=0, slug="tibialis-posterior-tendinopathy", title="Tibialis posterior tendinopathy"
        ),
    )
    assert "red_bone_tenderness" not in codes(j)
    f = flag(j, "red_bone_stress")
    assert f.severity == "see_professional"
    assert "inner ankle bone" in f.message


# --- red_swelling_bruising -------------------------------------------------------------------------------


def swollen(days, today, level="moderate", side="left", extra=(), times=None):
    times = times or [None] * len(days)
    items = [checkin(n, 4, side=side, swelling=level, at=at) for n, at in zip(days, times, strict=True)]
    return journal(today, checkins=[*items, *extra])


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 6, swelling="severe")]), True, id="severe"),
        pytest.param(journal(0, checkins=[checkin(0, 6, bruising=True)]), True, id="bruising"),
        pytest.param(journal(0, checkins=[checkin(0, 6, swelling="moderate")]), False, id="moderate-day-0"),
        pytest.param(
            journal(2, checkins=[checkin(0, 6, swelling="severe"), checkin(1, 5, swelling="mild")]),
            True,
            id="severe-2-days-ago",
        ),
        pytest.param(
            journal(3, checkins=[checkin(0, 6, swelling="severe"), checkin(1, 5, swelling="mild")]),
            False,
            id="severe-3-days-ago",
        ),
        pytest.param(swollen([0, 2, 4], 4), True, id="moderate-for-4-days-without-an-injury"),
        pytest.param(swollen([0, 2, 4], 4, level="severe"), True, id="severe-for-4-days"),
        pytest.param(swollen([0, 3], 3), False, id="exactly-72-hours"),
        pytest.param(swollen([0, 3], 3, times=["08:00", "09:00"]), True, id="73-hours"),
        pytest.param(swollen([0, 3], 3, times=["08:00", "08:00"]), False, id="72-hours-to-the-minute"),
        pytest.param(
            swollen([0, 4], 4, extra=[checkin(2, 2, swelling="mild")]), False, id="went-down-in-between"
        ),
        pytest.param(swollen([0, 2, 4], 4, level="mild"), False, id="mild-is-not-enough"),
        pytest.param(swollen([0, 2, 4], 6), True, id="latest-2-days-old"),
        pytest.param(swollen([0, 2, 4], 7), False, id="latest-3-days-old"),
        pytest.param(
            swollen([0, 4], 4, extra=[checkin(2, 1, side="right")]),
            True,
            id="other-side-does-not-break-the-stretch",
        ),
        pytest.param(
            swollen([0, 2, 4], 5, extra=[checkin(5, 1, swelling="none")]), False, id="cleared-swelling-gone"
        ),
    ],
)
def test_red_swelling_bruising(j, raised):
    check("red_swelling_bruising", j, raised)


@pytest.mark.parametrize(
    ("fields", "words", "not_words"),
    [
        pytest.param(
            {"swelling": "mild", "bruising": True}, "mild swelling and bruising", "severe", id="mild"
        ),
        pytest.param({"swelling": "severe"}, "severe swelling", "bruising", id="severe"),
        pytest.param({"bruising": True}, "bruising, no swelling", "severe", id="bruising-only"),
    ],
)
def test_red_swelling_bruising_names_what_was_reported(fields, words, not_words):
    f = flag(journal(0, checkins=[checkin(0, 4, **fields)]), "red_swelling_bruising")
    assert words in f.message
    assert not_words not in f.message.split(".")[0]


def test_lasting_swelling_is_per_side_and_names_its_severity():
    j = swollen([0, 2, 4], 4, side="right", extra=[checkin(4, 1)])
    assert side_keys(j, "red_swelling_bruising") == {"red_swelling_bruising:right"}
    f = side_flag(j, "red_swelling_bruising", "right")
    assert f.severity == "see_professional"
    assert "72 hours" in f.message and "moderate" in f.message
    assert [e.id for e in f.evidence] == ["c0-right", "c4-right"]


# --- red_nerve -------------------------------------------------------------------------------------------


def nerve(*items, today=10):
    return journal(
        today, checkins=[checkin(n, 2, side=side, pain_kinds=kinds, at=at) for n, kinds, side, at in items]
    )


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            nerve((5, ("tingling",), "left", None), (9, ("numbness",), "left", None)), True, id="two"
        ),
        pytest.param(
            nerve((5, ("burning",), "left", None), (9, ("burning",), "left", None)), True, id="burning"
        ),
        pytest.param(nerve((9, ("tingling", "burning"), "left", None)), False, id="one-check-in"),
        pytest.param(
            nerve((9, ("tingling",), "left", "08:00"), (9, ("tingling",), "left", "20:00")),
            True,
            id="two-check-ins-one-day",
        ),
        pytest.param(
            nerve((9, ("tingling",), "left", None), (9, ("tingling",), "right", None)),
            False,
            id="one-on-each-side",
        ),
        pytest.param(
            nerve((5, ("tingling",), "both", None), (9, ("tingling",), "left", None)),
            True,
            id="both-counts-for-left",
        ),
        pytest.param(
            nerve((5, ("dull_ache",), "left", None), (9, ("sharp",), "left", None)), False, id="other-kinds"
        ),
        pytest.param(
            nerve((7, ("tingling",), "left", None), (20, ("tingling",), "left", None), today=20),
            True,
            id="13-days-apart",
        ),
        pytest.param(
            nerve((6, ("tingling",), "left", None), (20, ("tingling",), "left", None), today=20),
            False,
            id="14-days-apart",
        ),
    ],
)
def test_red_nerve(j, raised):
    check("red_nerve", j, raised)


def test_red_nerve_is_per_side_and_links_the_nerve_page():
    j = nerve((5, ("tingling",), "both", None), (9, ("tingling",), "left", None))
    assert side_keys(j, "red_nerve") == {"red_nerve:left"}
    f = flag(j, "red_nerve")
    assert f.related == ("tarsal-tunnel-syndrome",)
    assert "2 check-ins" in f.message


# --- red_bone_stress -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(
            journal(0, checkins=[checkin(0, 4, pain_at_rest_or_night=True, pain_with_impact=True)]),
            True,
            id="night-and-impact",
        ),
        pytest.param(
            journal(
                0, checkins=[checkin(0, 4, pain_at_rest_or_night=True, bone_tenderness=("metatarsal_shaft",))]
            ),
            True,
            id="night-and-bone-point",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 4, pain_at_rest_or_night=True)]), False, id="night-only"
        ),
        pytest.param(journal(0, checkins=[checkin(0, 4, pain_with_impact=True)]), False, id="impact-only"),
        pytest.param(
            journal(0, checkins=[checkin(0, 4, bone_tenderness=("tibia",))]),
            True,
            id="gradual-bone-tenderness",
        ),
        pytest.param(
            journal(0, checkins=[checkin(0, 4, recent_trauma=True, bone_tenderness=("tibia",))]),
            False,
            id="tenderness-after-a-knock",
        ),
        pytest.param(
            journal(
                0,
                checkins=[
                    checkin(
                        0, 4, recent_trauma=True, pain_at_rest_or_night=True, bone_tenderness=("navicular",)
                    )
                ],
            ),
            False,
            id="night-and-tenderness-after-a-knock-is-ottawa",
        ),
        pytest.param(
            journal(
                0,
                checkins=[
                    checkin(0, 4, recent_trauma=True, pain_at_rest_or_night=True, pain_with_impact=True)
                ],
            ),
            True,
            id="night-and-impact-after-a-knock",
        ),
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
            journal(2, checkins=[checkin(0, 4, bone_tenderness=("tibia",)), checkin(2, 3)]),
            True,
            id="2-days-old",
        ),
        pytest.param(
            journal(3, checkins=[checkin(0, 4, bone_tenderness=("tibia",)), checkin(3, 3)]),
            False,
            id="3-days-old",
        ),
    ],
)
def test_red_bone_stress(j, raised):
    check("red_bone_stress", j, raised)


def test_red_bone_stress_needs_a_professional_and_links_the_stress_fracture_page():
    f = flag(
        journal(0, checkins=[checkin(0, 4, side="right", bone_tenderness=("tibia",))]), "red_bone_stress"
    )
    assert (f.severity, f.subject) == ("see_professional", "right")
    assert f.related == ("stress-fracture",)
    assert "shin bone" in f.message


# --- red_calf, red_infection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("j", "raised"),
    [
        pytest.param(journal(0, checkins=[checkin(0, 3, calf_swollen_warm=True)]), True, id="raises"),
        pytest.param(journal(0, checkins=[checkin(0, 3, swelling="mild")]), False, id="ankle-swelling-only"),
        pytest.param(
            journal(2, checkins=[checkin(0, 3, calf_swollen_warm=True), checkin(2, 3)]), True, id="2-days"
        ),
        pytest.param(
            journal(3, checkins=[checkin(0, 3, calf_swollen_warm=True), checkin(3, 3)]), False, id="3-days"
        ),
    ],
)
def test_red_calf(j, raised):
    check("red_calf", j, raised)


def test_red_calf_per_side():
    j = journal(0, checkins=[checkin(0, 3, side="right", calf_swollen_warm=True), checkin(0, 1)])
    assert side_keys(j, "red_calf") == {"red_calf:right"}
    assert "right calf" in flag(j, "red_calf").message


@pytest.mark.parametrize(
    ("items", "severity"),
    [
        pytest.param([checkin(0, 3, area_red_warm=True, fever=True)], "urgent", id="red-warm-with-fever"),
        pytest.param([checkin(0, 3, area_red_warm=True)], "see_professional", id="red-warm-without-fever"),
        pytest.param([checkin(0, 3, fever=True)], None, id="fever-only"),
        pytest.param(
            [checkin(0, 3, area_red_warm=True), checkin(0, 3, side="right", fever=True)],
            "see_professional",
            id="fever-on-the-other-sides-check-in",
        ),
        pytest.param(
            [
                checkin(0, 3, area_red_warm=True, fever=True, at="08:00"),
                checkin(0, 3, area_red_warm=True, at="20:00"),
            ],
            "urgent",
            id="fever-earlier-today",
        ),
    ],
)
def test_red_infection(items, severity):
    f = side_flag(journal(0, checkins=items), "red_infection", "left")
    assert (f.severity if f else None) == severity


def test_red_infection_names_its_sources_and_fades():
    f = flag(journal(0, checkins=[checkin(0, 3, area_red_warm=True)]), "red_infection")
    assert "seed 004" in f.source and "NHS guidance" in f.source
    assert "red_infection" not in codes(journal(3, checkins=[checkin(0, 3, area_red_warm=True)]))
    assert "red_infection" in codes(journal(2, checkins=[checkin(0, 3, area_red_warm=True)]))


@pytest.mark.parametrize(
    ("fields", "code", "severity"),
    [
        ({"can_walk_four_steps": False}, "red_cannot_bear_weight", "urgent"),
        ({"bone_tenderness": ("navicular",), "recent_trauma": True}, "red_bone_tenderness", "urgent"),
        ({"swelling": "severe"}, "red_swelling_bruising", "see_professional"),
        ({"pain_at_rest_or_night": True, "pain_with_impact": True}, "red_bone_stress", "see_professional"),
        ({"calf_swollen_warm": True}, "red_calf", "urgent"),
        ({"area_red_warm": True, "fever": True}, "red_infection", "urgent"),
    ],
)
def test_red_flag_severities(fields, code, severity):
    assert flag(journal(0, checkins=[checkin(0, 5, **fields)]), code).severity == severity
