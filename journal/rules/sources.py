from __future__ import annotations

SEED_000 = "Footnote seed 000 (Your guide to inner ankle pain running)"
SEED_001 = "Footnote seed 001 (Why do my ankles hurt when I run?)"
SEED_003 = "Footnote seed 003 (Foot and ankle pain running)"
SEED_004 = "Footnote seed 004 (Ankle pain when running, PinPoint Health)"
SILBERNAGEL = "Silbernagel et al. 2007 (pain-monitoring model)"
OTTAWA = "Ottawa ankle rules (Stiell et al. 1993)"

# One entry per rule code: where the guidance behind the flag comes from.
SOURCES: dict[str, str] = {
    "pain_during_run_high": f"{SEED_001}: 0-2/10 during a run is usually fine, above 3 stop; {SILBERNAGEL}",
    "pain_next_morning_worse": f"{SEED_001}; {SEED_004}; {SILBERNAGEL}",
    "pain_trend_worsening": f"{SEED_000}; {SEED_004}",
    "pain_spike": "Pain-diary practice",
    "pain_not_improving": f"{SEED_000}: see someone if pain has not improved after a week of self-care",
    "pain_persisting": f"{SEED_004}: pain lasting longer than three weeks needs assessment",
    "pain_daily_activities": f"{SEED_001}",
    "load_spike": f"{SEED_004}: raise weekly distance by no more than 10%; Nielsen et al. 2014",
    "acwr_high": "Williams et al. 2017 (EWMA acute:chronic ratio); Gabbett 2016 (the model is contested)",
    "return_too_fast": f"{SEED_001}: week one at half the pre-injury distance, then 10-15% a week",
    "shoe_check": f"{SEED_000}; {SEED_003}: running shoes last roughly 300-500 miles",
    "shoe_replace": f"{SEED_000}; {SEED_003}: running shoes last roughly 300-500 miles",
    "red_cannot_bear_weight": f"{SEED_000}; {OTTAWA}",
    "red_bone_tenderness": OTTAWA,
    "red_swelling_bruising": SEED_000,
    "red_nerve": f"{SEED_000}; {SEED_001}",
    "red_bone_stress": f"{SEED_000}; {SEED_001}; {SEED_003}",
    "red_calf": "NHS guidance on deep vein thrombosis",
    "red_infection": "Clinical practice",
    "pain_recurs_on_return": f"{SEED_004}: pain that returns every time you restart running needs assessment",
    "ready_to_return": f"{SEED_000}; {SEED_001}",
}

TENDON_MODEL_SOURCE = (
    f"{SILBERNAGEL}: on the tendon model up to 5/10 during a run is acceptable if it settles by the next "
    f"morning; {SEED_001}"
)
