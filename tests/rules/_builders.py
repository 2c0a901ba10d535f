from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Any

from journal.rules import (
    CheckinFact,
    EpisodeFact,
    Flag,
    Journal,
    ReturnPlanFact,
    RunFact,
    ShoeFact,
    evaluate,
    thresholds_for,
)

D0 = date(2025, 3, 3)  # a Monday; every builder takes a day offset from it


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def checkin(
    n: int, pain: int | None = 0, *, side: str = "left", at: str | None = None, **fields: Any
) -> CheckinFact:
    # `at` is the time of day ("HH:MM"); it also keeps several same-day check-ins' ids apart.
    suffix = f"-{at.replace(':', '')}" if at else ""
    return CheckinFact(
        id=f"c{n}-{side}{suffix}",
        date=day(n),
        side=side,
        pain_now=pain,
        time=time.fromisoformat(at) if at else None,
        **fields,
    )


def run(n: int, km: float = 5.0, pain: int | None = 0, *, id: str | None = None, **fields: Any) -> RunFact:
    distance_m = round(km * 1000)
    return RunFact(
        id=id or f"r{n}",
        date=day(n),
        distance_m=distance_m,
        duration_s=round(distance_m * 0.36),
        pain_during=pain,
        **fields,
    )


def episode(
    onset: int = 0,
    *,
    onset_kind: str = "gradual",
    status: str = "active",
    pain_model: str = "seed",
    title: str = "Ankle pain",
    side: str | None = "both",
    slug: str | None = None,
    confirmed: bool = False,
    min_days: int | None = None,
    cleared: bool = False,
    resolved_on: int | None = None,
    id: str = "e1",
) -> EpisodeFact:
    return EpisodeFact(
        id=id,
        title=title,
        condition_slug=slug,
        condition_name=title if slug else None,
        onset_date=day(onset),
        onset=onset_kind,
        status=status,
        pain_model=pain_model,
        side=side,
        confirmed=confirmed,
        min_days_before_return=min_days,
        cleared_to_return=cleared,
        resolved_on=None if resolved_on is None else day(resolved_on),
    )


def tendon_episode(onset: int = 0, *, confirmed: bool = True, **fields: Any) -> EpisodeFact:
    # A professional-confirmed Achilles tendinopathy: the condition the tendon model applies to.
    return episode(
        onset,
        pain_model="tendon",
        title="Achilles tendinopathy",
        slug="achilles-tendinopathy",
        confirmed=confirmed,
        **fields,
    )


def sprain(onset: int = 0, **fields: Any) -> EpisodeFact:
    return episode(onset, onset_kind="sudden", title="Outer ankle sprain", **fields)


def plan(start: int, pre_injury_km: float) -> ReturnPlanFact:
    return ReturnPlanFact(id="p1", started_on=day(start), pre_injury_weekly_m=round(pre_injury_km * 1000))


def shoe(
    total_km: float,
    *,
    id: str = "s1",
    name: str = "Daily trainer",
    check_km: float = 480,
    replace_km: float = 800,
    retired: bool = False,
) -> ShoeFact:
    return ShoeFact(
        id=id,
        name=name,
        total_m=round(total_km * 1000),
        check_at_m=round(check_km * 1000),
        replace_at_m=round(replace_km * 1000),
        retired=retired,
    )


def journal(
    today: int,
    *,
    checkins: Iterable[CheckinFact] = (),
    runs: Iterable[RunFact] = (),
    shoes: Iterable[ShoeFact] = (),
    episode: EpisodeFact | None = None,
    plan: ReturnPlanFact | None = None,
    unit: str = "km",
    episodes: Iterable[EpisodeFact] = (),
) -> Journal:
    return Journal(
        today=day(today),
        checkins=tuple(checkins),
        runs=tuple(runs),
        shoes=tuple(shoes),
        episode=episode,
        return_plan=plan,
        unit=unit,
        episodes=tuple(episodes),
    )


def flags(j: Journal, **overrides: Any) -> list[Flag]:
    return evaluate(j, thresholds_for(episode=j.episode, overrides=overrides or None))


def codes(j: Journal, **overrides: Any) -> set[str]:
    return {flag.code for flag in flags(j, **overrides)}


def flag(j: Journal, code: str, **overrides: Any) -> Flag | None:
    return next((f for f in flags(j, **overrides) if f.code == code), None)


def side_flag(j: Journal, code: str, side: str, **overrides: Any) -> Flag | None:
    return next((f for f in flags(j, **overrides) if f.code == code and f.subject == side), None)


def keys(j: Journal, **overrides: Any) -> set[str]:
    return {flag.key for flag in flags(j, **overrides)}


def daily_checkins(days: Iterable[int], pain: int = 0, **fields: Any) -> list[CheckinFact]:
    return [checkin(n, pain, **fields) for n in days]
