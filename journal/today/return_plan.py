"""The walk-run return-to-run plan: pure functions over the plan's logged sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

SESSIONS_PER_STAGE = 3
SESSIONS_PER_WEEK = 3  # every other day at most: a rest day between sessions
WEEK_ONE_SHARE = 0.5  # week one at half the pre-injury weekly distance
WEEKLY_RISE = 0.10  # then about 10% a week (never more than 15%)


@dataclass(frozen=True)
class Stage:
    name: str
    # Walk-run steps are measured in minutes; None for continuous running, which is measured in distance.
    run_min: int | None = None
    walk_min: int | None = None
    session_min: tuple[int, int] | None = None  # the session's length in all, shortest and longest

    @property
    def is_walk_run(self) -> bool:
        return self.session_min is not None

    @property
    def session_text(self) -> str:
        """The session as one phrase: "run 1 minute, walk 2 minutes, for 10–15 minutes in all"."""
        if not self.is_walk_run:
            return "easy continuous running at a conversational pace"
        low, high = self.session_min
        length = f"{high} minutes" if low == high else f"{low}–{high} minutes"
        return f"run {_minutes(self.run_min)}, walk {_minutes(self.walk_min)}, for {length} in all"

    @property
    def week_cap_min(self) -> int | None:
        """A walk-run week's cap: what the step's sessions add up to."""
        return SESSIONS_PER_WEEK * self.session_min[1] if self.is_walk_run else None


def _minutes(n: int | None) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


STAGES = (
    Stage("Walk-run 1", run_min=1, walk_min=2, session_min=(10, 15)),
    Stage("Walk-run 2", run_min=2, walk_min=2, session_min=(20, 20)),
    Stage("Walk-run 3", run_min=5, walk_min=1, session_min=(20, 30)),
    Stage("Easy continuous running"),
)


@dataclass(frozen=True)
class Session:
    date: date
    pain_during: int | None  # None: not given
    waking_pain_rose: bool  # the next morning's waking pain was higher than before the session


@dataclass(frozen=True)
class PlanState:
    stage_index: int
    stage: Stage
    good_sessions_in_stage: int
    week_index: int
    week_target_m: (
        int  # this week's cap in distance; walk-run steps are capped in minutes (Stage.week_cap_min)
    )
    week_done_m: int
    sessions_this_week: int
    last_session_ok: bool | None
    held_back: bool
    complete: bool

    @property
    def sessions_to_next_stage(self) -> int:
        return SESSIONS_PER_STAGE - self.good_sessions_in_stage


def session_ok(session: Session, pain_limit: int) -> bool:
    return session.pain_during <= pain_limit and not session.waking_pain_rose


def week_target_m(*, pre_injury_weekly_m: int, week_index: int) -> int:
    target = pre_injury_weekly_m * WEEK_ONE_SHARE * (1 + WEEKLY_RISE) ** week_index
    return round(min(target, pre_injury_weekly_m))


def week_cap_m(
    *, pre_injury_weekly_m: int, week_index: int, previous_week_m: int, rise_limit_pct: float
) -> int:
    """This week's distance: the plan's target, never beyond what the "going too fast" flag allows
    (half the pre-injury week until a week has had running, then the last such week plus its rise)."""
    target = week_target_m(pre_injury_weekly_m=pre_injury_weekly_m, week_index=week_index)
    if previous_week_m > 0:
        return min(target, int(previous_week_m * (100 + rise_limit_pct) // 100))
    return min(target, round(pre_injury_weekly_m * WEEK_ONE_SHARE))


def plan_state(
    *,
    started_on: date,
    pre_injury_weekly_m: int,
    sessions: list[Session],
    week_done_m: int,
    today: date,
    pain_limit: int,
    paused: bool,
    previous_week_m: int = 0,
    rise_limit_pct: float = 15.0,
) -> PlanState:
    """Each pain-free session moves the plan on; a painful one holds it at the start of its stage."""
    progress = 0
    last_ok = None
    for session in sorted(sessions, key=lambda s: s.date):
        if session.pain_during is None:
            # Without a pain score the session can neither move the plan on nor hold it back.
            continue
        last_ok = session_ok(session, pain_limit)
        if last_ok:
            progress += 1
        else:
            progress -= progress % SESSIONS_PER_STAGE
    stage_index = min(progress // SESSIONS_PER_STAGE, len(STAGES) - 1)
    complete = progress >= SESSIONS_PER_STAGE * len(STAGES)
    week_index = max(0, (today - started_on).days // 7)
    week_start = started_on + timedelta(days=7 * week_index)
    return PlanState(
        stage_index=stage_index,
        stage=STAGES[stage_index],
        good_sessions_in_stage=0 if complete else progress % SESSIONS_PER_STAGE,
        week_index=week_index,
        week_target_m=week_cap_m(
            pre_injury_weekly_m=pre_injury_weekly_m,
            week_index=week_index,
            previous_week_m=previous_week_m,
            rise_limit_pct=rise_limit_pct,
        ),
        week_done_m=week_done_m,
        sessions_this_week=sum(1 for s in sessions if s.date >= week_start),
        last_session_ok=last_ok,
        held_back=paused or last_ok is False,
        complete=complete,
    )


def pre_injury_weekly_m(*, run_distances: list[tuple[date, int]], onset_date: date, weeks: int = 4) -> int:
    """Mean weekly distance over the `weeks` weeks before the injury began."""
    start = onset_date.toordinal() - 7 * weeks
    total = sum(m for d, m in run_distances if start <= d.toordinal() < onset_date.toordinal())
    return round(total / weeks)
