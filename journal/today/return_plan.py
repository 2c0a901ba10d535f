"""The walk-run return-to-run plan: pure functions over the plan's logged sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SESSIONS_PER_STAGE = 3
WEEK_ONE_SHARE = 0.5  # week one at half the pre-injury weekly distance
WEEKLY_RISE = 0.10  # then about 10% a week (never more than 15%)


@dataclass(frozen=True)
class Stage:
    name: str
    instructions: str


STAGES = (
    Stage("Walk-run 1", "Run 1 minute, walk 2 minutes; repeat for 10–15 minutes in all."),
    Stage("Walk-run 2", "Run 2 minutes, walk 2 minutes; repeat for about 20 minutes."),
    Stage("Walk-run 3", "Run 5 minutes, walk 1 minute; repeat for 20–30 minutes."),
    Stage("Easy continuous running", "Run continuously at an easy, conversational pace."),
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
    week_target_m: int
    week_done_m: int
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


def plan_state(
    *,
    started_on: date,
    pre_injury_weekly_m: int,
    sessions: list[Session],
    week_done_m: int,
    today: date,
    pain_limit: int,
    paused: bool,
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
    return PlanState(
        stage_index=stage_index,
        stage=STAGES[stage_index],
        good_sessions_in_stage=0 if complete else progress % SESSIONS_PER_STAGE,
        week_index=week_index,
        week_target_m=week_target_m(pre_injury_weekly_m=pre_injury_weekly_m, week_index=week_index),
        week_done_m=week_done_m,
        last_session_ok=last_ok,
        held_back=paused or last_ok is False,
        complete=complete,
    )


def pre_injury_weekly_m(*, run_distances: list[tuple[date, int]], onset_date: date, weeks: int = 4) -> int:
    """Mean weekly distance over the `weeks` weeks before the injury began."""
    start = onset_date.toordinal() - 7 * weeks
    total = sum(m for d, m in run_distances if start <= d.toordinal() < onset_date.toordinal())
    return round(total / weeks)
