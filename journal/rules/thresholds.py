from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .facts import EpisodeFact

PAIN_MODELS = ("seed", "tendon")
# The tendon pain-monitoring model was studied on the Achilles tendon (Silbernagel et al. 2007), so a tracked
# condition switches it on only for a confirmed Achilles tendinopathy; a physiotherapist may set it for
# anyone.
TENDON_MODEL_CONDITIONS = frozenset({"achilles-tendinopathy"})


@dataclass(frozen=True)
class Thresholds:
    pain_model: str = "seed"
    pain_during_run_limit_seed: int = 3
    pain_during_run_limit_tendon: int = 5
    # Set when a physiotherapist picks a limit for one patient; wins over the model.
    pain_during_run_limit_override: int | None = None
    # "Recent" windows: a window of N days is the N days ending today.
    recent_run_days: int = 7
    fresh_checkin_days: int = 3
    trend_window_days: int = 7
    trend_delta: float = 1.0
    trend_min_checkin_days: int = 3
    spike_points: int = 3
    spike_window_days: int = 7
    # The morning after a run is compared with the last waking pain on the run day or the days before it.
    morning_before_days: int = 3
    # A healthy runner's next-morning rise of at most this much, gone the morning after, is only info.
    healthy_morning_rise_points: int = 2
    rising_early_points: int = 3
    rising_early_window_days: int = 7
    rising_early_min_checkins: int = 3
    not_improving_days: int = 7
    persisting_days: int = 21
    persisting_max_gap_days: int = 7
    load_window_days: int = 7
    load_spike_info_pct: float = 10.0
    load_spike_caution_pct: float = 30.0
    # A rise smaller than this is not a spike, whatever its percentage (a 2 km to 3 km week).
    load_spike_min_rise_m: int = 5000
    acwr_limit: float = 1.5
    acwr_acute_days: int = 7
    acwr_chronic_days: int = 28
    acwr_min_history_days: int = 28
    return_week_one_pct: float = 50.0
    return_weekly_rise_pct: float = 15.0
    swelling_hours: int = 72
    # Bone tenderness counts as acute (Ottawa) within this many days of a sudden injury or a twist, fall or
    # knock; otherwise it is read as possible bone stress.
    acute_injury_days: int = 10
    nerve_min_checkins: int = 2
    nerve_window_days: int = 14
    restart_gap_days: int = 7
    recurrence_window_days: int = 7
    recurrence_attempts: int = 2
    recurrence_lookback_days: int = 42
    recurrence_pain: int = 3
    recurrence_rise_points: int = 2
    recurrence_resolved_days: int = 90
    # Used when the library gives a condition no minimum time before running again.
    default_min_days_before_return: int = 0

    @property
    def pain_during_run_limit(self) -> int:
        if self.pain_during_run_limit_override is not None:
            return self.pain_during_run_limit_override
        if self.pain_model == "tendon":
            return self.pain_during_run_limit_tendon
        return self.pain_during_run_limit_seed


_FIELDS = {f.name: f for f in fields(Thresholds)}
# Overrides may name the derived limit directly, as a physiotherapist would think of it.
_ALIASES = {"pain_during_run_limit": "pain_during_run_limit_override"}


def thresholds_for(*, episode: EpisodeFact | None, overrides: dict[str, Any] | None = None) -> Thresholds:
    thresholds = Thresholds()
    if uses_tendon_model(episode):
        thresholds = replace(thresholds, pain_model="tendon")
    if overrides:
        thresholds = replace(thresholds, **_clean_overrides(overrides))
    return thresholds


def uses_tendon_model(episode: EpisodeFact | None) -> bool:
    # A resolved episode no longer sets how pain is monitored; a runner's own (unconfirmed) choice never does.
    return (
        episode is not None
        and episode.status != "resolved"
        and episode.confirmed
        and episode.condition_slug in TENDON_MODEL_CONDITIONS
    )


def _clean_overrides(overrides: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in overrides.items():
        name = _ALIASES.get(key, key)
        if name not in _FIELDS:
            raise ValueError(f"unknown threshold {key!r}")
        cleaned[name] = _clean_value(name, value)
    return cleaned


def _clean_value(name: str, value: Any) -> Any:
    if name == "pain_model":
        if value not in PAIN_MODELS:
            raise ValueError(f"pain_model must be one of {PAIN_MODELS}, not {value!r}")
        return value
    if value is None and name == "pain_during_run_limit_override":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"threshold {name!r} must be a number of 0 or more, not {value!r}")
    if isinstance(_FIELDS[name].default, float):
        return float(value)
    if value != int(value):
        raise ValueError(f"threshold {name!r} must be a whole number, not {value!r}")
    return int(value)
