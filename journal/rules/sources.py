"""Where the guidance behind each flag comes from, named one way everywhere.

``SOURCE_NAMES`` is the single table of names; ``RULE_SOURCES`` lists, for each rule code, the names behind
it; ``SOURCES`` is the text a flag shows (the names joined with "; "). Rules that are the app's own rule of
thumb say so.
"""

from __future__ import annotations

SEED_000 = "Footnote seed 000 (Your guide to inner ankle pain running)"
SEED_001 = "Footnote seed 001 (Why do my ankles hurt when I run?)"
SEED_003 = "Footnote seed 003 (Foot and ankle pain running)"
SEED_004 = "Footnote seed 004 (Ankle pain when running, PinPoint Health)"
SILBERNAGEL = "Silbernagel et al. 2007 (tendon pain-monitoring model)"
OTTAWA = "Ottawa ankle rules (Stiell et al. 1993)"
NIELSEN = "Nielsen et al. 2014"
WILLIAMS = "Williams et al. 2017 (EWMA acute:chronic ratio)"
GABBETT = "Gabbett 2016 (the model is contested)"
NHS = "NHS guidance"
APP_HEURISTIC = "Footnote's own rule of thumb, not a published source"

SOURCE_NAMES = (
    SEED_000,
    SEED_001,
    SEED_003,
    SEED_004,
    SILBERNAGEL,
    OTTAWA,
    NIELSEN,
    WILLIAMS,
    GABBETT,
    NHS,
    APP_HEURISTIC,
)

RULE_SOURCES: dict[str, tuple[str, ...]] = {
    "pain_during_run_high": (SEED_001,),
    "pain_next_morning_worse": (SEED_001, SEED_004, SILBERNAGEL),
    "pain_trend_worsening": (SEED_000, SEED_004),
    "pain_rising_early": (SEED_000,),
    "pain_spike": (APP_HEURISTIC,),
    "pain_not_improving": (SEED_000,),
    "pain_persisting": (SEED_004,),
    "pain_daily_activities": (SEED_001,),
    "load_spike": (SEED_004, NIELSEN),
    "acwr_high": (WILLIAMS, GABBETT),
    "return_too_fast": (SEED_001,),
    "shoe_check": (SEED_000, SEED_003),
    "shoe_replace": (SEED_000, SEED_003),
    "red_cannot_bear_weight": (SEED_000, OTTAWA),
    "red_bone_tenderness": (OTTAWA,),
    "red_swelling_bruising": (SEED_000,),
    "red_nerve": (SEED_000, SEED_001),
    "red_bone_stress": (SEED_000, SEED_001, SEED_003),
    "red_calf": (NHS,),
    "red_infection": (SEED_004, NHS),
    "pain_recurs_on_return": (SEED_004,),
    "ready_to_return": (SEED_000, SEED_001),
}


def source_text(*names: str) -> str:
    return "; ".join(names)


SOURCES: dict[str, str] = {code: source_text(*names) for code, names in RULE_SOURCES.items()}

# The tendon model's limits come from Silbernagel et al. as well as the seed guidance.
TENDON_MODEL_SOURCE = source_text(SEED_001, SILBERNAGEL)
