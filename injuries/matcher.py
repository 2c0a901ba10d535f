"""What might this be? A transparent, documented ranking of conditions against a runner's answers.

It is a pattern match, not a diagnosis. Each condition earns points for what fits and loses a
few for what does not, and every point comes with a reason the runner can read:

| answer | fits the condition | points |
|---|---|---|
| where it hurts | the condition's main region (listed first) | +5 |
| | another of its regions | +4 each |
| | none of its regions | −6 |
| how it started | same onset (or the condition can start either way) | +2 (mismatch −2) |
| kind of pain | each typical kind | +1.5 |
| what set it off | each typical trigger | +2 |
| what makes it worse | each typical aggravator | +1.5 |
| swelling | typical and present | +1.5 (present but not typical −0.5) |
| numbness or tingling | typical and present | +3 (present but not typical −1; typical but absent −1) |

Conditions scoring above zero are returned, best first (ties by name). Red-flag answers are
checked separately and always shown before any match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from injuries.models import MATCH_TRIGGERS, MATCH_WORSE, Region

REGION_NAMES = dict(Region.choices)
PAIN_KIND_NAMES = {
    "dull_ache": "a dull ache",
    "sharp": "sharp pain",
    "burning": "burning",
    "tingling": "tingling",
    "numbness": "numbness",
    "throbbing": "throbbing",
}


@dataclass(frozen=True)
class Answers:
    regions: frozenset[str] = frozenset()
    pain_kinds: frozenset[str] = frozenset()
    onset: str = "unsure"  # sudden, gradual or unsure
    triggers: frozenset[str] = frozenset()
    worse_with: frozenset[str] = frozenset()
    swelling: bool | None = None
    numbness: bool | None = None
    cannot_bear_weight: bool = False
    bone_tenderness: bool = False
    calf_swollen_warm: bool = False
    fever_redness: bool = False
    night_pain: bool = False


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    regions: tuple[str, ...]
    onset: str
    pain_kinds: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()
    worse_with: frozenset[str] = frozenset()
    swelling: bool = False
    numbness: bool = False


@dataclass
class Match:
    slug: str
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)
    # Evidence strength, for ties: where it hurts is the main sign, then how many answers fit it.
    primary_region: bool = False

    @property
    def strength(self) -> tuple[int, int]:
        return (int(self.primary_region), len(self.reasons))


def profile_of(condition) -> Profile:
    return Profile(
        slug=condition.slug,
        name=condition.name,
        regions=tuple(condition.regions),
        onset=condition.onset,
        pain_kinds=frozenset(condition.match_pain_kinds),
        triggers=frozenset(condition.match_triggers),
        worse_with=frozenset(condition.match_worse_with),
        swelling=condition.match_swelling,
        numbness=condition.match_numbness,
    )


def score(answers: Answers, profile: Profile) -> Match:
    match = Match(slug=profile.slug, name=profile.name, score=0.0)

    def add(points: float, reason: str | None = None) -> None:
        match.score += points
        if reason and points > 0:
            match.reasons.append(reason)

    if answers.regions:
        shared = [r for r in profile.regions if r in answers.regions]
        if not shared:
            add(-6)
        for region in shared:
            primary = region == profile.regions[0]
            match.primary_region = match.primary_region or primary
            add(5 if primary else 4, f"It usually hurts at the {REGION_NAMES[region].lower()}.")
    if answers.onset in ("sudden", "gradual"):
        if profile.onset in (answers.onset, "either"):
            add(
                2,
                f"It often starts {'suddenly' if answers.onset == 'sudden' else 'gradually'}, as yours did.",
            )
        else:
            add(-2)
    for kind in sorted(answers.pain_kinds & profile.pain_kinds):
        add(1.5, f"It is often felt as {PAIN_KIND_NAMES.get(kind, kind)}.")
    for trigger in sorted((answers.triggers - {"none"}) & profile.triggers):
        add(2, f"A common trigger: {MATCH_TRIGGERS[trigger].lower()}.")
    for worse in sorted(answers.worse_with & profile.worse_with):
        add(1.5, f"It is typically worse with {MATCH_WORSE[worse].lower()}.")
    if answers.swelling:
        add(1.5 if profile.swelling else -0.5, "Swelling is common with it." if profile.swelling else None)
    if answers.numbness:
        add(3 if profile.numbness else -1, "Numbness or tingling fits it." if profile.numbness else None)
    elif answers.numbness is False and profile.numbness:
        add(-1)
    return match


def rank(answers: Answers, profiles: list[Profile], limit: int = 5) -> list[Match]:
    matches = [score(answers, profile) for profile in profiles]
    # Equal scores are ordered by the strength of the evidence, not by name (the name only keeps a
    # full tie in a stable order).
    ranked = sorted(
        (m for m in matches if m.score > 0),
        key=lambda m: (-m.score, -m.strength[0], -m.strength[1], m.name),
    )
    return ranked[:limit]


def red_flag_codes(answers: Answers) -> list[str]:
    """The red-flag rule codes these answers raise, most urgent first."""
    codes = []
    if answers.cannot_bear_weight:
        codes.append("red_cannot_bear_weight")
    if answers.bone_tenderness:
        codes.append("red_bone_tenderness")
    if answers.calf_swollen_warm:
        codes.append("red_calf")
    if answers.fever_redness:
        codes.append("red_infection")
    if answers.night_pain and (answers.bone_tenderness or "impact" in answers.worse_with):
        codes.append("red_bone_stress")
    if answers.numbness:
        codes.append("red_nerve")
    return codes
