"""What might this be? The scoring table in injuries.matcher, and the real library ranked against the seeds.

The ranking rows describe each condition in the seed articles' own words (/work/shared/seeds), turned
into the answers a runner would give, and check that the library's content ranks it where the
articles say it belongs.
"""

from __future__ import annotations

import pytest

from injuries import matcher
from injuries.matcher import Answers, Profile
from injuries.models import MATCH_TRIGGERS, MATCH_WORSE, Condition, RedFlagAdvice, Region

F = frozenset


def answers(**fields) -> Answers:
    """Answers with the set-valued fields given as plain lists or sets."""
    for name in ("regions", "pain_kinds", "triggers", "worse_with"):
        if name in fields:
            fields[name] = frozenset(fields[name])
    return Answers(**fields)


@pytest.fixture
def profiles(library):
    return [matcher.profile_of(c) for c in Condition.objects.all()]


# --- The real library against the seed articles ---------------------------------------------------

SEED_CASES = [
    pytest.param(
        # 000: "a nagging, dull ache right behind that main bony bump on the inside of your ankle ...
        # worse during a run, especially as you push off"; "Gradual overuse; increasing mileage".
        answers(
            regions=["inner_ankle"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            triggers=["more_mileage"],
            worse_with=["push_off"],
        ),
        "tibialis-posterior-tendinopathy",
        1,
        id="inner-ankle-dull-ache-push-off-is-tibialis-posterior",
    ),
    pytest.param(
        # 000: "Sharp, immediate pain following a specific incident ... On or around the inner ankle
        # bone, often with visible swelling"; "A sudden outward roll of the foot".
        answers(
            regions=["inner_ankle"],
            pain_kinds=["sharp"],
            onset="sudden",
            triggers=["rolled"],
            swelling=True,
        ),
        "deltoid-ligament-sprain",
        1,
        id="inner-ankle-rolled-sharp-swollen-is-deltoid-sprain",
    ),
    pytest.param(
        # 001: "You roll your ankle ... sharp pain on the outer side ... Swelling kicks in fast".
        answers(
            regions=["outer_ankle"],
            pain_kinds=["sharp"],
            onset="sudden",
            triggers=["rolled"],
            swelling=True,
        ),
        "lateral-ankle-sprain",
        1,
        id="outer-ankle-rolled-sharp-swollen-is-lateral-sprain",
    ),
    pytest.param(
        # 003: "Burning pain across the inner side of the ankle into the arch of the foot ... pins and
        # needles and/or numbness in the sole of the foot".
        answers(
            regions=["inner_ankle", "arch"],
            pain_kinds=["burning", "tingling", "numbness"],
            onset="gradual",
            numbness=True,
        ),
        "tarsal-tunnel-syndrome",
        1,
        id="burning-tingling-inner-ankle-and-sole-is-tarsal-tunnel",
    ),
    pytest.param(
        # 001/004: "dull ache in the back of your ankle", "Discomfort during push-off or uphill
        # running", "worse in the morning"; "they creep in".
        answers(
            regions=["achilles"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            worse_with=["push_off", "uphill", "first_steps"],
        ),
        "achilles-tendinopathy",
        1,
        id="back-of-ankle-push-off-uphill-is-achilles",
    ),
    pytest.param(
        # 003/004: "Generalized dull, achy shin"; "overtraining and running on hard, sloped surfaces".
        answers(
            regions=["shin"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            triggers=["more_mileage", "hard_surface"],
        ),
        "shin-splints",
        1,
        id="shin-ache-more-mileage-hard-surfaces-is-shin-splints",
    ),
    pytest.param(
        # 000/001: "Pinpoint tenderness on a specific bone ... persists even at rest", "Pain increases
        # with impact"; metatarsals on the top of the foot; "Big mileage spikes".
        answers(
            regions=["top_of_foot"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            triggers=["more_mileage"],
            worse_with=["impact", "rest_night"],
            night_pain=True,
        ),
        "stress-fracture",
        2,
        id="top-of-foot-pinpoint-impact-and-night-is-stress-fracture",
    ),
    pytest.param(
        # 001: tibia; "Pain increases with impact", "you might feel it even when walking".
        answers(
            regions=["shin"],
            pain_kinds=["sharp"],
            onset="gradual",
            triggers=["more_mileage"],
            worse_with=["impact", "rest_night"],
            night_pain=True,
        ),
        "stress-fracture",
        2,
        id="shin-sharp-impact-and-night-is-stress-fracture",
    ),
    pytest.param(
        # 003: "Gradual onset of pain around the outer side and back of the ankle, worse with activity".
        answers(
            regions=["outer_ankle"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            triggers=["more_mileage"],
        ),
        "peroneal-tendinopathy",
        1,
        id="outer-ankle-gradual-more-mileage-is-peroneal",
    ),
    pytest.param(
        # 003: "Top of foot pain running is usually caused by extensor tendonitis, tight fitting footwear".
        answers(
            regions=["top_of_foot"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            triggers=["tight_shoes"],
        ),
        "extensor-tendinopathy",
        1,
        id="top-of-foot-tight-laces-is-extensor",
    ),
    pytest.param(
        # 003: "Dull ache at the front of the ankle when resting, sharp anterior ankle pain running ...
        # (worse with increased activity), swelling ... landing a jump".
        answers(
            regions=["front_ankle"],
            pain_kinds=["dull_ache", "sharp"],
            onset="gradual",
            worse_with=["impact"],
            swelling=True,
        ),
        "ankle-impingement",
        1,
        id="front-of-ankle-ache-sharp-swollen-is-impingement",
    ),
    pytest.param(
        # 003: "Localised pain and tenderness across the front of the ankle ... from overuse".
        answers(
            regions=["front_ankle"],
            pain_kinds=["dull_ache"],
            onset="gradual",
            worse_with=["pointing_toes", "uphill"],
        ),
        "tibialis-anterior-tendinopathy",
        1,
        id="front-of-ankle-pointing-toes-is-tibialis-anterior",
    ),
    pytest.param(
        # 003: "Pain is often worse after resting (e.g. first thing in the morning)".
        answers(regions=["heel"], onset="gradual", worse_with=["first_steps"]),
        "plantar-fasciitis",
        1,
        id="heel-first-steps-is-plantar-fasciitis",
    ),
    pytest.param(
        # 003: "Heel, foot arch and ankle pain ... worse after resting ... tenderness underneath the foot".
        answers(
            regions=["heel", "arch"],
            pain_kinds=["sharp"],
            onset="gradual",
            worse_with=["first_steps", "long_standing"],
        ),
        "plantar-fasciitis",
        1,
        id="heel-and-arch-sharp-first-steps-is-plantar-fasciitis",
    ),
    pytest.param(
        # 003: "after a sudden increase in activity level ... when standing on tiptoes ... Minor swelling".
        answers(
            regions=["heel"],
            pain_kinds=["throbbing"],
            onset="gradual",
            triggers=["more_mileage"],
            worse_with=["push_off"],
            swelling=True,
        ),
        "retrocalcaneal-bursitis",
        1,
        id="back-of-heel-tiptoes-swollen-is-retrocalcaneal-bursitis",
    ),
]


@pytest.mark.parametrize(("given", "expected", "within"), SEED_CASES)
def test_the_library_ranks_the_seed_descriptions(profiles, given, expected, within):
    ranked = matcher.rank(given, profiles)
    slugs = [m.slug for m in ranked]
    assert expected in slugs[:within], [(m.slug, m.score) for m in ranked]


def test_pinpoint_pain_at_night_with_impact_raises_bone_stress(profiles):
    given = answers(
        regions=["top_of_foot"], onset="gradual", worse_with=["impact", "rest_night"], night_pain=True
    )
    assert "red_bone_stress" in matcher.red_flag_codes(given)
    assert matcher.rank(given, profiles)[0].slug == "stress-fracture"


def test_every_match_the_library_ranks_says_why(profiles):
    for given, _expected, _within in (case.values for case in SEED_CASES):
        for match in matcher.rank(given, profiles):
            assert match.reasons, match.slug


def test_library_profiles_use_only_codes_the_matcher_knows(library):
    for condition in Condition.objects.all():
        profile = matcher.profile_of(condition)
        assert profile.regions, condition.slug
        assert set(profile.regions) <= set(Region.values), condition.slug
        assert profile.onset in {"sudden", "gradual", "either"}, condition.slug
        assert profile.pain_kinds <= set(matcher.PAIN_KIND_NAMES), condition.slug
        assert profile.triggers <= set(MATCH_TRIGGERS), condition.slug
        assert profile.worse_with <= set(MATCH_WORSE), condition.slug


def test_every_red_flag_the_matcher_raises_has_published_advice(library):
    everything = answers(
        worse_with=["impact"],
        numbness=True,
        cannot_bear_weight=True,
        bone_tenderness=True,
        calf_swollen_warm=True,
        fever_redness=True,
        night_pain=True,
    )
    codes = matcher.red_flag_codes(everything)
    published = set(RedFlagAdvice.objects.filter(is_published=True).values_list("code", flat=True))
    assert set(codes) <= published


def test_profile_of_copies_the_condition(library):
    condition = Condition.objects.get(slug="tarsal-tunnel-syndrome")
    profile = matcher.profile_of(condition)
    assert profile == Profile(
        slug="tarsal-tunnel-syndrome",
        name=condition.name,
        regions=tuple(condition.regions),
        onset=condition.onset,
        pain_kinds=F(condition.match_pain_kinds),
        triggers=F(condition.match_triggers),
        worse_with=F(condition.match_worse_with),
        swelling=condition.match_swelling,
        numbness=condition.match_numbness,
    )
    assert profile.numbness is True


# --- score: each row of the docstring's table ------------------------------------------------------

BASE = Profile(
    slug="test-condition", name="Test condition", regions=("inner_ankle", "arch", "heel"), onset="gradual"
)


def profile(**fields) -> Profile:
    return Profile(**{**BASE.__dict__, **fields})


@pytest.mark.parametrize(
    ("given", "prof", "points", "reasons"),
    [
        # where it hurts
        pytest.param(
            answers(regions=["inner_ankle"]),
            BASE,
            5,
            ["It usually hurts at the inner ankle."],
            id="region-primary",
        ),
        pytest.param(
            answers(regions=["arch"]), BASE, 4, ["It usually hurts at the arch."], id="region-secondary"
        ),
        pytest.param(
            answers(regions=["arch", "heel"]),
            BASE,
            8,
            ["It usually hurts at the arch.", "It usually hurts at the heel."],
            id="region-two-secondary",
        ),
        pytest.param(
            answers(regions=["inner_ankle", "arch", "heel"]),
            BASE,
            13,
            None,
            id="region-primary-and-secondary",
        ),
        pytest.param(answers(regions=["shin"]), BASE, -6, [], id="region-none"),
        pytest.param(answers(regions=["shin", "arch"]), BASE, 4, None, id="region-one-of-two-fits"),
        pytest.param(answers(), BASE, 0, [], id="region-not-answered"),
        # how it started
        pytest.param(
            answers(onset="gradual"),
            BASE,
            2,
            ["It often starts gradually, as yours did."],
            id="onset-match-gradual",
        ),
        pytest.param(
            answers(onset="sudden"),
            profile(onset="sudden"),
            2,
            ["It often starts suddenly, as yours did."],
            id="onset-match-sudden",
        ),
        pytest.param(answers(onset="sudden"), BASE, -2, [], id="onset-mismatch"),
        pytest.param(answers(onset="gradual"), profile(onset="sudden"), -2, [], id="onset-mismatch-gradual"),
        pytest.param(
            answers(onset="sudden"),
            profile(onset="either"),
            2,
            ["It often starts suddenly, as yours did."],
            id="onset-either-sudden",
        ),
        pytest.param(answers(onset="gradual"), profile(onset="either"), 2, None, id="onset-either-gradual"),
        pytest.param(answers(onset="unsure"), BASE, 0, [], id="onset-unsure"),
        # kind of pain
        pytest.param(
            answers(pain_kinds=["burning", "tingling", "sharp"]),
            profile(pain_kinds=F({"burning", "tingling", "numbness"})),
            3,
            ["It is often felt as burning.", "It is often felt as tingling."],
            id="pain-kinds-each",
        ),
        pytest.param(
            answers(pain_kinds=["sharp"]), profile(pain_kinds=F({"dull_ache"})), 0, [], id="pain-kind-other"
        ),
        # what set it off
        pytest.param(
            answers(triggers=["more_mileage", "new_shoes", "rolled"]),
            profile(triggers=F({"more_mileage", "new_shoes"})),
            4,
            ["A common trigger: running more than usual.", "A common trigger: new or worn-out shoes."],
            id="triggers-each",
        ),
        pytest.param(
            answers(triggers=["none"]),
            profile(triggers=F({"none", "more_mileage"})),
            0,
            [],
            id="trigger-none-ignored",
        ),
        pytest.param(
            answers(triggers=["none", "more_mileage"]),
            profile(triggers=F({"none", "more_mileage"})),
            2,
            ["A common trigger: running more than usual."],
            id="trigger-none-ignored-beside-another",
        ),
        # what makes it worse
        pytest.param(
            answers(worse_with=["push_off", "uphill", "impact"]),
            profile(worse_with=F({"push_off", "uphill"})),
            3,
            [
                "It is typically worse with pushing off or going up on my toes.",
                "It is typically worse with running uphill or on stairs.",
            ],
            id="worse-with-each",
        ),
        # swelling
        pytest.param(
            answers(swelling=True),
            profile(swelling=True),
            1.5,
            ["Swelling is common with it."],
            id="swelling-typical",
        ),
        pytest.param(answers(swelling=True), BASE, -0.5, [], id="swelling-not-typical"),
        pytest.param(answers(swelling=False), profile(swelling=True), 0, [], id="no-swelling-typical"),
        pytest.param(answers(swelling=None), profile(swelling=True), 0, [], id="swelling-not-answered"),
        # numbness or tingling
        pytest.param(
            answers(numbness=True),
            profile(numbness=True),
            3,
            ["Numbness or tingling fits it."],
            id="numbness-typical-present",
        ),
        pytest.param(answers(numbness=True), BASE, -1, [], id="numbness-present-not-typical"),
        pytest.param(answers(numbness=False), profile(numbness=True), -1, [], id="numbness-typical-absent"),
        pytest.param(answers(numbness=False), BASE, 0, [], id="numbness-absent-not-typical"),
        pytest.param(answers(numbness=None), profile(numbness=True), 0, [], id="numbness-not-answered"),
    ],
)
def test_score_follows_the_table(given, prof, points, reasons):
    match = matcher.score(given, prof)
    assert match.score == pytest.approx(points)
    assert (match.slug, match.name) == (prof.slug, prof.name)
    if reasons is not None:
        assert match.reasons == reasons


def test_scores_add_up_with_one_reason_per_positive_point():
    prof = Profile(
        slug="full",
        name="Full",
        regions=("inner_ankle", "arch"),
        onset="gradual",
        pain_kinds=F({"burning", "tingling"}),
        triggers=F({"more_mileage"}),
        worse_with=F({"long_standing"}),
        swelling=True,
        numbness=True,
    )
    given = answers(
        regions=["inner_ankle", "arch"],
        pain_kinds=["burning", "tingling"],
        onset="gradual",
        triggers=["more_mileage"],
        worse_with=["long_standing"],
        swelling=True,
        numbness=True,
    )
    match = matcher.score(given, prof)
    # 5 + 4 + 2 + 1.5 * 2 + 2 + 1.5 + 1.5 + 3
    assert match.score == pytest.approx(22)
    assert len(match.reasons) == 9
    assert len(set(match.reasons)) == 9
    assert all(reason.endswith(".") for reason in match.reasons)


def test_negative_points_write_no_reason():
    given = answers(regions=["shin"], onset="sudden", swelling=True, numbness=True)
    match = matcher.score(given, BASE)
    assert match.score == pytest.approx(-6 - 2 - 0.5 - 1)
    assert match.reasons == []


# --- rank ------------------------------------------------------------------------------------------


def named(name: str, **fields) -> Profile:
    return Profile(**{**BASE.__dict__, "slug": name.lower(), "name": name, **fields})


def test_rank_drops_zero_and_negative_scores():
    given = answers(regions=["heel"], onset="gradual", triggers=["more_mileage", "new_shoes"])
    fits = named("Fits", regions=("heel",))  # 5 + 2
    # Nowhere near (-6), but the start and both triggers fit (+2 + 4): exactly zero.
    zero = named("Zero", regions=("shin",), triggers=F({"more_mileage", "new_shoes"}))
    below = named("Below", regions=("shin",))  # -6 + 2
    assert matcher.score(given, zero).score == 0
    assert matcher.score(given, below).score < 0
    ranked = matcher.rank(given, [zero, below, fits])
    assert [m.name for m in ranked] == ["Fits"]
    assert matcher.rank(given, [zero, below]) == []


def test_rank_orders_best_first_then_by_name():
    given = answers(regions=["heel"], onset="gradual", swelling=True)
    profiles = [
        named("Bravo", regions=("heel",)),  # 5 + 2 - 0.5
        named("Charlie", regions=("arch", "heel")),  # 4 + 2 - 0.5
        named("Alpha", regions=("heel",)),  # tie with Bravo
        named("Delta", regions=("heel",), swelling=True),  # 5 + 2 + 1.5
    ]
    ranked = matcher.rank(given, profiles)
    assert [(m.name, m.score) for m in ranked] == [
        ("Delta", 8.5),
        ("Alpha", 6.5),
        ("Bravo", 6.5),
        ("Charlie", 5.5),
    ]


def test_equal_scores_are_ordered_by_evidence_strength_not_by_name():
    given = answers(regions=["heel"], onset="gradual", swelling=True, numbness=False)
    # Zebra: the heel is where it mainly hurts (5), its start fits (2), swelling is not typical (-0.5).
    stronger = named("Zebra", regions=("heel",))
    # Aardvark: the heel only as a second place (4), start (2), swelling (1.5), but numbness typical (-1).
    weaker = named("Aardvark", regions=("shin", "heel"), onset="either", swelling=True, numbness=True)
    assert matcher.score(given, stronger).score == matcher.score(given, weaker).score == 6.5
    assert [m.name for m in matcher.rank(given, [weaker, stronger])] == ["Zebra", "Aardvark"]


def test_rank_keeps_five_by_default_and_respects_limit():
    given = answers(regions=["heel"])
    profiles = [named(f"Condition {letter}", regions=("heel",)) for letter in "GFEDCBA"]
    assert [m.name for m in matcher.rank(given, profiles)] == [f"Condition {x}" for x in "ABCDE"]
    assert [m.name for m in matcher.rank(given, profiles, limit=2)] == ["Condition A", "Condition B"]
    assert len(matcher.rank(given, profiles, limit=10)) == 7
    assert matcher.rank(given, profiles, limit=0) == []


def test_rank_returns_the_reasons_with_each_match():
    given = answers(regions=["heel"], onset="gradual", worse_with=["first_steps"])
    prof = named("Heel thing", regions=("heel",), worse_with=F({"first_steps"}))
    (match,) = matcher.rank(given, [prof])
    assert match.reasons == [
        "It usually hurts at the heel.",
        "It often starts gradually, as yours did.",
        "It is typically worse with the first steps in the morning.",
    ]


# --- red_flag_codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        pytest.param(answers(), [], id="nothing"),
        pytest.param(answers(cannot_bear_weight=True), ["red_cannot_bear_weight"], id="cannot-bear-weight"),
        pytest.param(answers(bone_tenderness=True), ["red_bone_tenderness"], id="bone-tenderness"),
        pytest.param(answers(calf_swollen_warm=True), ["red_calf"], id="calf"),
        pytest.param(answers(fever_redness=True), ["red_infection"], id="fever-redness"),
        pytest.param(answers(night_pain=True), [], id="night-pain-alone"),
        pytest.param(
            answers(night_pain=True, worse_with=["impact"]), ["red_bone_stress"], id="night-pain-and-impact"
        ),
        pytest.param(
            answers(night_pain=True, bone_tenderness=True),
            ["red_bone_tenderness", "red_bone_stress"],
            id="night-pain-and-bone-tenderness",
        ),
        pytest.param(answers(worse_with=["impact"]), [], id="impact-alone"),
        pytest.param(answers(numbness=True), ["red_nerve"], id="numbness"),
        pytest.param(answers(numbness=False), [], id="no-numbness"),
        pytest.param(answers(swelling=True), [], id="swelling-alone"),
        pytest.param(
            answers(
                cannot_bear_weight=True,
                bone_tenderness=True,
                calf_swollen_warm=True,
                fever_redness=True,
                night_pain=True,
                numbness=True,
            ),
            [
                "red_cannot_bear_weight",
                "red_bone_tenderness",
                "red_calf",
                "red_infection",
                "red_bone_stress",
                "red_nerve",
            ],
            id="all-most-urgent-first",
        ),
    ],
)
def test_red_flag_codes(given, codes):
    assert matcher.red_flag_codes(given) == codes
