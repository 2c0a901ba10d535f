from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

M_PER_KM = 1000.0
M_PER_MI = 1609.344
UNITS = ("km", "mi")

SWELLING_LEVELS = ("none", "mild", "moderate", "severe")
NERVE_PAIN_KINDS = frozenset({"tingling", "numbness"})
BONE_POINT_NAMES = {
    "medial_malleolus": "inner ankle bone",
    "lateral_malleolus": "outer ankle bone",
    "navicular": "navicular (inner midfoot)",
    "fifth_metatarsal": "base of the fifth metatarsal (outer foot)",
}


@dataclass(frozen=True)
class CheckinFact:
    id: str
    date: date
    side: str
    pain_now: int
    pain_waking: int | None = None
    pain_kinds: tuple[str, ...] = ()
    swelling: str = "none"
    bruising: bool = False
    can_walk_four_steps: bool = True
    pain_at_rest_or_night: bool = False
    pain_with_impact: bool = False
    pain_daily_activities: bool = False
    bone_tenderness: tuple[str, ...] = ()
    calf_swollen_warm: bool = False
    area_red_warm: bool = False
    fever: bool = False
    heel_raises_ok: bool | None = None
    hop_ok: bool | None = None

    def __post_init__(self) -> None:
        # The models store these as JSON lists; tuples keep the fact hashable.
        object.__setattr__(self, "pain_kinds", tuple(self.pain_kinds))
        object.__setattr__(self, "bone_tenderness", tuple(self.bone_tenderness))
        if self.swelling not in SWELLING_LEVELS:
            raise ValueError(f"unknown swelling level {self.swelling!r}")

    @property
    def swelling_level(self) -> int:
        return SWELLING_LEVELS.index(self.swelling)


@dataclass(frozen=True)
class RunFact:
    id: str
    date: date
    distance_m: int
    duration_s: int
    pain_during: int = 0
    shoe_id: str | None = None
    in_return_plan: bool = False


@dataclass(frozen=True)
class ShoeFact:
    id: str
    name: str
    total_m: int
    check_at_m: int
    replace_at_m: int
    retired: bool = False


@dataclass(frozen=True)
class EpisodeFact:
    id: str
    title: str
    condition_slug: str | None
    condition_name: str | None
    onset_date: date
    onset: str = "gradual"
    status: str = "active"
    pain_model: str = "seed"


@dataclass(frozen=True)
class ReturnPlanFact:
    id: str
    started_on: date
    pre_injury_weekly_m: int


@dataclass(frozen=True)
class Journal:
    today: date
    checkins: tuple[CheckinFact, ...] = ()
    runs: tuple[RunFact, ...] = ()
    shoes: tuple[ShoeFact, ...] = ()
    episode: EpisodeFact | None = None
    return_plan: ReturnPlanFact | None = None
    unit: str = field(default="km")

    def __post_init__(self) -> None:
        object.__setattr__(self, "checkins", tuple(self.checkins))
        object.__setattr__(self, "runs", tuple(self.runs))
        object.__setattr__(self, "shoes", tuple(self.shoes))
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {self.unit!r}")


def format_distance(distance_m: float, unit: str) -> str:
    per_unit = M_PER_MI if unit == "mi" else M_PER_KM
    return f"{distance_m / per_unit:.1f} {unit}"


def format_day(day: date) -> str:
    # Built by hand because strftime's "%-d" is not portable.
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"
