"""The facts the rules read: plain, frozen data built from a runner's journal.

This module is the contract between the rules (pure, in ``journal/rules/``) and the code that builds
the facts from the database (``journal/flags/services.py``). Every field added after the first version
has a default, so a builder that does not fill it yet still gets correct (if more cautious) results.

Three principles hold for every rule (DESIGN.md, "The rules"):

* **Per side.** A check-in has a ``side``: ``"left"``, ``"right"`` or ``"both"``. Pain and symptom rules run
  for ``"left"`` and ``"right"`` separately; a ``"both"`` check-in is a report about each of them. A check-in
  for one side never clears, masks or satisfies a rule for the other. Per-side flags carry the side as their
  ``Flag.subject`` (so ``code:left`` and ``code:right`` are separate stored flags).
* **As of today.** ``Journal.today`` is the runner's own local date; entries dated after it are ignored. The
  builder passes every entry the windows need (the last 180 days is plenty).
* **Unknown is not zero.** A pain score that was not given is ``None``; rules skip it, never read it as 0.
  "The latest" answer to a question is the latest check-in by ``(date, time)`` that answered it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

M_PER_KM = 1000.0
M_PER_MI = 1609.344
UNITS = ("km", "mi")

SIDES = ("left", "right", "both")
# The sides rules evaluate on their own; a "both" check-in counts for each.
EVALUATED_SIDES = ("left", "right")

SWELLING_LEVELS = ("none", "mild", "moderate", "severe")
# Nerve symptoms (DESIGN.md: numbness, tingling or burning).
NERVE_PAIN_KINDS = frozenset({"tingling", "numbness", "burning"})

# Pinpoint bone tenderness: the values of ``CheckinFact.bone_tenderness``. The Ottawa ankle and foot rules'
# points, and the usual bone-stress sites of runners.
OTTAWA_POINTS = frozenset({"medial_malleolus", "lateral_malleolus", "navicular", "fifth_metatarsal"})
BONE_STRESS_SITES = frozenset({"metatarsal_shaft", "tibia"})
BONE_POINT_NAMES = {
    "medial_malleolus": "inner ankle bone",
    "lateral_malleolus": "outer ankle bone",
    "navicular": "navicular (inner midfoot)",
    "fifth_metatarsal": "base of the fifth metatarsal (outer foot)",
    "metatarsal_shaft": "a metatarsal shaft (middle of the foot)",
    "tibia": "the shin bone",
}

EPISODE_STATUSES = ("active", "recovering", "resolved")
ONSET_KINDS = ("sudden", "gradual")


@dataclass(frozen=True)
class CheckinFact:
    """One check-in (pain log). A runner may log several a day, for the same side or not.

    * ``time``: the time of day it was logged (runner's local time); ``None`` when unknown, which sorts
      before any known time on the same date.
    * ``pain_now``, ``pain_waking``: 0-10, or ``None`` when not answered.
    * ``pain_kinds``: values among dull_ache, sharp, burning, tingling, numbness, throbbing.
    * ``locations``: where it hurts (the Region values of the library, e.g. "inner_ankle").
    * ``recent_trauma``: the runner reported a recent twist, fall or knock.
    * ``bone_tenderness``: the pinpoint-tender points, values from ``OTTAWA_POINTS`` and
      ``BONE_STRESS_SITES``.
    * ``heel_raises_ok``, ``hop_ok``: the readiness self-tests; ``None`` when not tried.
    """

    id: str
    date: dt.date
    side: str
    pain_now: int | None = None
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
    time: dt.time | None = None
    recent_trauma: bool = False
    locations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # The models store these as JSON lists; tuples keep the fact hashable.
        object.__setattr__(self, "pain_kinds", tuple(self.pain_kinds))
        object.__setattr__(self, "bone_tenderness", tuple(self.bone_tenderness))
        object.__setattr__(self, "locations", tuple(self.locations))
        if self.swelling not in SWELLING_LEVELS:
            raise ValueError(f"unknown swelling level {self.swelling!r}")
        if self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {self.side!r}")

    @property
    def swelling_level(self) -> int:
        return SWELLING_LEVELS.index(self.swelling)

    @property
    def moment(self) -> tuple[dt.date, dt.time]:
        """When it was logged, for ordering: the time of day defaults to the start of the day."""
        return (self.date, self.time or dt.time.min)

    def covers(self, side: str) -> bool:
        """True if this check-in reports on ``side`` ("left" or "right"); "both" reports on each."""
        return self.side == side or self.side == "both"

    @property
    def ottawa_points(self) -> tuple[str, ...]:
        return tuple(p for p in self.bone_tenderness if p in OTTAWA_POINTS)

    @property
    def nerve_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in self.pain_kinds if k in NERVE_PAIN_KINDS)


@dataclass(frozen=True)
class RunFact:
    """One run. ``pain_during`` is 0-10 or ``None`` when not given.

    ``return_plan_id`` is the return-to-run plan the runner logged it under, if any; ``in_return_plan`` is
    kept for builders that only know whether there was one, and is set whenever ``return_plan_id`` is.
    """

    id: str
    date: dt.date
    distance_m: int
    duration_s: int
    pain_during: int | None = None
    shoe_id: str | None = None
    in_return_plan: bool = False
    return_plan_id: str | None = None

    def __post_init__(self) -> None:
        if self.return_plan_id is not None:
            object.__setattr__(self, "in_return_plan", True)


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
    """An injury episode.

    * ``side``: "left", "right" or "both" (both sides are injured); ``None`` when not known, which rules read
      as whichever sides the runner checks in for.
    * ``condition_slug`` / ``condition_name``: the library condition it is tracked as, if any.
    * ``confirmed``: a professional confirmed (diagnosed) it; otherwise flag text calls it "suspected".
    * ``onset_date``, ``onset`` ("sudden" or "gradual"), ``status`` ("active", "recovering", "resolved"),
      ``resolved_on`` (when it resolved, if it did).
    * ``pain_model``: the library condition's pain-monitoring model ("seed" or "tendon"). It applies only to a
      confirmed condition whose library model is "tendon" (Achilles tendinopathy); a physiotherapist's
      threshold override sets it for anyone.
    * ``min_days_before_return``: the library condition's minimum days from onset before running again
      (e.g. 42 for a stress fracture); ``None`` when the library gives none.
    * ``cleared_to_return``: a physiotherapist has cleared the runner to return to running.
    """

    id: str
    title: str
    condition_slug: str | None
    condition_name: str | None
    onset_date: dt.date
    onset: str = "gradual"
    status: str = "active"
    pain_model: str = "seed"
    side: str | None = None
    confirmed: bool = False
    min_days_before_return: int | None = None
    cleared_to_return: bool = False
    resolved_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.side is not None and self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {self.side!r}")
        if self.status not in EPISODE_STATUSES:
            raise ValueError(f"status must be one of {EPISODE_STATUSES}, not {self.status!r}")
        if self.onset not in ONSET_KINDS:
            raise ValueError(f"onset must be one of {ONSET_KINDS}, not {self.onset!r}")

    def covers(self, side: str) -> bool:
        return self.side in (side, "both", None)


@dataclass(frozen=True)
class ReturnPlanFact:
    id: str
    started_on: dt.date
    pre_injury_weekly_m: int


@dataclass(frozen=True)
class Journal:
    """A runner's journal as of ``today``.

    * ``episode``: the current injury (active or recovering), if any.
    * ``episodes``: every injury the rules may need: active, recovering, and resolved in the last 90 days
      (``pain_recurs_on_return`` looks at those). When left empty, ``episode`` alone is used.
    * ``return_plan``: the running return-to-run plan, if any.
    """

    today: dt.date
    checkins: tuple[CheckinFact, ...] = ()
    runs: tuple[RunFact, ...] = ()
    shoes: tuple[ShoeFact, ...] = ()
    episode: EpisodeFact | None = None
    return_plan: ReturnPlanFact | None = None
    unit: str = field(default="km")
    episodes: tuple[EpisodeFact, ...] = ()
    # What the rules derive from the facts again and again (entries so far, in order; per side),
    # worked out once per journal. Not a fact: left out of comparisons, hashing and the repr.
    derived: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "checkins", tuple(self.checkins))
        object.__setattr__(self, "runs", tuple(self.runs))
        object.__setattr__(self, "shoes", tuple(self.shoes))
        object.__setattr__(self, "episodes", tuple(self.episodes))
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {self.unit!r}")

    @property
    def injuries(self) -> tuple[EpisodeFact, ...]:
        """``episodes`` if given, else the current ``episode`` alone."""
        if self.episodes:
            return self.episodes
        return (self.episode,) if self.episode is not None else ()


def format_distance(distance_m: float, unit: str) -> str:
    per_unit = M_PER_MI if unit == "mi" else M_PER_KM
    return f"{distance_m / per_unit:.1f} {unit}"


def format_day(day: dt.date) -> str:
    # Built by hand because strftime's "%-d" is not portable.
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"
