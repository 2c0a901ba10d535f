"""The Today dashboard: one read that gathers flags, charts, shoes, adherence, care tips and the plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from journal import charts
from journal.care import CareTip, care_tips
from journal.flagging import episode_fact, thresholds_for_runner
from journal.models import (
    SEVERITY_ORDER,
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    Profile,
    ReturnPlan,
    Run,
)
from journal.return_plan import PlanState, Session, plan_state, pre_injury_weekly_m
from journal.selectors import ShoeWear, shoe_wear

PAIN_WEEKS = 8
DISTANCE_WEEKS = 12
HELP_RANK = SEVERITY_ORDER.index("see_professional")


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    text: str


ANSWERS = {
    "go": Answer("go", "Go", "Nothing in your journal says stop. Keep pain during a run at 0–2 out of 10."),
    "go_easy": Answer(
        "go_easy", "Go easy", "You can run, but gently: shorter, slower and flatter than usual."
    ),
    "rest": Answer("rest", "Rest", "Don't run today. Rest actively and check in again tomorrow."),
    "get_help": Answer("get_help", "Get help", "Something you logged needs a professional to look at it."),
}


def answer_for(flags: list[Flag]) -> Answer:
    top = max((f.severity_rank for f in flags), default=0)
    if top >= HELP_RANK:
        return ANSWERS["get_help"]
    if top == SEVERITY_ORDER.index("stop"):
        return ANSWERS["rest"]
    if top == SEVERITY_ORDER.index("caution"):
        return ANSWERS["go_easy"]
    return ANSWERS["go"]


@dataclass(frozen=True)
class AdherenceRow:
    name: str
    done: int
    target: int
    pain_max: int | None

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0


@dataclass
class Dashboard:
    today: date
    answer: Answer
    flags: list[Flag]
    banner: Flag | None
    pain_chart: charts.PainChart
    distance_chart: charts.DistanceChart
    shoes: list[ShoeWear]
    adherence: list[AdherenceRow]
    exercise_sessions_this_week: int
    care_phase: str
    care_tips: list[CareTip]
    episode: InjuryEpisode | None
    plan: ReturnPlan | None = None
    plan_state: PlanState | None = None
    ready_to_return: bool = False
    suggested_pre_injury_m: int = 0
    thresholds_note: str = ""

    @property
    def adherence_percent(self) -> int | None:
        target = sum(row.target for row in self.adherence)
        return (
            min(100, round(100 * sum(min(r.done, r.target) for r in self.adherence) / target))
            if target
            else None
        )


def visible_flags(*, owner: AbstractBaseUser) -> list[Flag]:
    return list(
        Flag.objects.filter(
            owner=owner, cleared_at__isnull=True, clinician_only=False, dismissed_at__isnull=True
        )
    )


def dashboard_for(*, owner: AbstractBaseUser, profile: Profile) -> Dashboard:
    today = profile.today()
    since = today - timedelta(days=max(PAIN_WEEKS, DISTANCE_WEEKS + 1) * 7)
    flags = visible_flags(owner=owner)
    checkins = list(
        Checkin.objects.filter(owner=owner, date__gte=today - timedelta(days=PAIN_WEEKS * 7), date__lte=today)
        .order_by("date")
        .values("date", "pain_now", "pain_waking", "swelling", "pain_kinds")
    )
    runs = list(
        Run.objects.filter(owner=owner, date__gte=since, date__lte=today)
        .order_by("date")
        .values("date", "distance_m", "pain_during", "return_plan_id")
    )
    run_points = [charts.RunPoint(r["date"], r["distance_m"], r["pain_during"]) for r in runs]
    episode = (
        InjuryEpisode.objects.filter(owner=owner, status__in=["active", "recovering"])
        .select_related("condition")
        .order_by("-onset_date")
        .first()
    )
    latest = checkins[-1] if checkins and (today - checkins[-1]["date"]).days <= 3 else None
    phase, tips = care_tips(
        today=today,
        onset_date=episode.onset_date if episode and episode.status == "active" else None,
        swelling=latest["swelling"] if latest else None,
        pain_kinds=latest["pain_kinds"] if latest else (),
    )
    adherence, sessions = _adherence(owner=owner, today=today)
    help_flags = [f for f in flags if f.severity_rank >= HELP_RANK]
    board = Dashboard(
        today=today,
        answer=answer_for(flags),
        flags=flags,
        banner=max(help_flags, key=lambda f: (f.severity_rank, f.raised_at)) if help_flags else None,
        pain_chart=charts.pain_chart(
            checkins=[charts.PainPoint(c["date"], c["pain_now"], c["pain_waking"]) for c in checkins],
            runs=run_points,
            today=today,
            unit=profile.unit,
            weeks=PAIN_WEEKS,
        ),
        distance_chart=charts.distance_chart(
            runs=run_points, today=today, unit=profile.unit, weeks=DISTANCE_WEEKS
        ),
        shoes=[w for w in shoe_wear(owner=owner) if w.shoe.retired_on is None],
        adherence=adherence,
        exercise_sessions_this_week=sessions,
        care_phase=phase,
        care_tips=tips,
        episode=episode,
    )
    _add_return_plan(board, owner=owner, profile=profile, runs=runs, checkins=checkins, episode=episode)
    return board


def _adherence(*, owner: AbstractBaseUser, today: date) -> tuple[list[AdherenceRow], int]:
    week_start = today - timedelta(days=today.weekday())
    prescriptions = list(
        ExercisePrescription.objects.filter(owner=owner, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week_start))
        .select_related("exercise")
    )
    done: dict[int, list[int]] = defaultdict(list)
    total = 0
    for exercise_id, pain in ExerciseCompletion.objects.filter(
        owner=owner, date__gte=week_start, date__lte=today
    ).values_list("exercise_id", "pain_during"):
        done[exercise_id].append(pain)
        total += 1
    rows = [
        AdherenceRow(
            name=p.exercise.name,
            done=len(done.get(p.exercise_id, [])),
            target=p.times_per_week,
            pain_max=max(done[p.exercise_id]) if done.get(p.exercise_id) else None,
        )
        for p in prescriptions
    ]
    return rows, total


def _add_return_plan(board: Dashboard, *, owner, profile: Profile, runs, checkins, episode) -> None:
    flags_by_code = {f.code for f in board.flags}
    plan = ReturnPlan.objects.filter(owner=owner, status="active").first()
    thresholds = thresholds_for_runner(profile=profile, episode=episode_fact(episode))
    board.thresholds_note = f"Your limit for pain during a run is {thresholds.pain_during_run_limit}/10" + (
        " (tendon pain-monitoring model)." if thresholds.pain_model == "tendon" else "."
    )
    if plan is None:
        board.ready_to_return = "ready_to_return" in flags_by_code
        if board.ready_to_return and episode is not None:
            board.suggested_pre_injury_m = pre_injury_weekly_m(
                run_distances=[(r["date"], r["distance_m"]) for r in runs], onset_date=episode.onset_date
            )
        return
    waking = {c["date"]: c["pain_waking"] for c in checkins if c["pain_waking"] is not None}
    sessions = []
    for run in runs:
        if run["return_plan_id"] != plan.pk:
            continue
        before = [p for d, p in waking.items() if d <= run["date"]]
        after = waking.get(run["date"] + timedelta(days=1))
        sessions.append(
            Session(
                date=run["date"],
                pain_during=run["pain_during"],
                waking_pain_rose=bool(before and after is not None and after > before[-1]),
            )
        )
    week_start = plan.started_on + timedelta(days=7 * max(0, (board.today - plan.started_on).days // 7))
    board.plan = plan
    board.plan_state = plan_state(
        started_on=plan.started_on,
        pre_injury_weekly_m=plan.pre_injury_weekly_m,
        sessions=sessions,
        week_done_m=sum(r["distance_m"] for r in runs if r["date"] >= week_start),
        today=board.today,
        pain_limit=thresholds.pain_during_run_limit,
        paused=any(f.severity_rank >= SEVERITY_ORDER.index("stop") for f in board.flags),
    )
