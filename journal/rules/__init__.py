from __future__ import annotations

from .facts import (
    BONE_STRESS_SITES,
    EVALUATED_SIDES,
    NERVE_PAIN_KINDS,
    OTTAWA_POINTS,
    SIDES,
    CheckinFact,
    EpisodeFact,
    Journal,
    ReturnPlanFact,
    RunFact,
    ShoeFact,
    format_distance,
)
from .flags import (
    CAUTION,
    INFO,
    SEE_PROFESSIONAL,
    SEVERITIES,
    SEVERITY_RANK,
    STOP,
    URGENT,
    Evidence,
    Flag,
    sort_flags,
)
from .load import acute_chronic_ratio, load_flags
from .pain import pain_flags
from .red_flags import red_flag_flags
from .return_to_run import ready_to_return, restart_attempts, return_to_run_flags
from .shoes import shoe_flags
from .sources import SOURCES
from .thresholds import Thresholds, thresholds_for

RULE_FAMILIES = (pain_flags, load_flags, shoe_flags, red_flag_flags, return_to_run_flags)
RULE_CODES = tuple(SOURCES)


def evaluate(journal: Journal, thresholds: Thresholds | None = None) -> list[Flag]:
    if thresholds is None:
        thresholds = thresholds_for(episode=journal.episode)
    found = [flag for family in RULE_FAMILIES for flag in family(journal, thresholds)]
    # Readiness depends on every other flag: it is never offered beside one that needs a professional.
    ready = ready_to_return(journal, thresholds, found)
    return sort_flags([*found, ready] if ready is not None else found)


__all__ = [
    "BONE_STRESS_SITES",
    "CAUTION",
    "EVALUATED_SIDES",
    "INFO",
    "NERVE_PAIN_KINDS",
    "OTTAWA_POINTS",
    "RULE_CODES",
    "RULE_FAMILIES",
    "SEE_PROFESSIONAL",
    "SEVERITIES",
    "SEVERITY_RANK",
    "SIDES",
    "SOURCES",
    "STOP",
    "URGENT",
    "CheckinFact",
    "EpisodeFact",
    "Evidence",
    "Flag",
    "Journal",
    "ReturnPlanFact",
    "RunFact",
    "ShoeFact",
    "Thresholds",
    "acute_chronic_ratio",
    "evaluate",
    "format_distance",
    "load_flags",
    "pain_flags",
    "ready_to_return",
    "red_flag_flags",
    "restart_attempts",
    "return_to_run_flags",
    "shoe_flags",
    "sort_flags",
    "thresholds_for",
]
