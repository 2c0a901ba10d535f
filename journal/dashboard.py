"""The Today dashboard: one read that gathers flags, charts, shoes, adherence, care tips and the plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from injuries.models import Condition, RedFlagAdvice
from journal import charts, clinic
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
from journal.selectors import ShoeWear, episode_active, shoe_wear

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
    prescription: ExercisePrescription | None = None
    done_today: bool = False

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0


# Flags whose pattern a library page explains; others link to the runner's own injury, if any.
FLAG_READING = {
    "red_nerve": "tarsal-tunnel-syndrome",
    "red_bone_stress": "stress-fracture",
    "red_bone_tenderness": "stress-fracture",
    "red_cannot_bear_weight": "lateral-ankle-sprain",
    "red_swelling_bruising": "lateral-ankle-sprain",
    "load_spike": "shin-splints",
    "shoe_replace": "plantar-fasciitis",
}


@dataclass
class Dashboard:
    """The top of Today: whether to run, the flags, the plan and the care tips."""

    today: date
    answer: Answer
    flags: list[Flag]
    banner: Flag | None
    care_phase: str
    care_tips: list[CareTip]
    episode: InjuryEpisode | None
    plan: ReturnPlan | None = None
    plan_state: PlanState | None = None
    ready_to_return: bool = False
    suggested_pre_injury_m: int = 0
    banner_advice: RedFlagAdvice | None = None
    reading: dict | None = None


@dataclass
class Trends:
    """The lower half of Today: charts, shoes and exercise adherence."""

    pain_chart: charts.PainChart
    distance_chart: charts.DistanceChart
    shoes: list[ShoeWear]
    adherence: list[AdherenceRow]
    exercise_sessions_this_week: int
    thresholds_note: str
    overrides: list[tuple[str, str]]
    notes: list

    @property
    def adherence_percent(self) -> int | None:
        target = sum(row.target for row in self.adherence)
        if not target:
            return None
        return min(100, round(100 * sum(min(r.done, r.target) for r in self.adherence) / target))


def visible_flags(*, owner: AbstractBaseUser) -> list[Flag]:
    return list(
        Flag.objects.filter(
            owner=owner, cleared_at__isnull=True, clinician_only=False, dismissed_at__isnull=True
        )
    )


def recent_checkins(*, owner: AbstractBaseUser, today: date) -> list[dict]:
    """The last 8 weeks of check-ins, oldest first: the pain chart's data and the care tips' latest."""
    return list(
        Checkin.objects.filter(owner=owner, date__gte=today - timedelta(days=PAIN_WEEKS * 7), date__lte=today)
        .order_by("date")
        .values("date", "pain_now", "pain_waking", "swelling", "pain_kinds")
    )


def dashboard_for(
    *, owner: AbstractBaseUser, profile: Profile, checkins: list[dict] | None = None
) -> Dashboard:
    """Pass `checkins` (from recent_checkins) when the caller has them already, to save a query."""
    today = profile.today()
    flags = visible_flags(owner=owner)
    episode = episode_active(owner=owner)
    if checkins is None:
        checkins = recent_checkins(owner=owner, today=today)
    latest = checkins[-1] if checkins and (today - checkins[-1]["date"]).days <= 3 else None
    phase, tips = care_tips(
        today=today,
        onset_date=episode.onset_date if episode and episode.status == "active" else None,
        swelling=latest["swelling"] if latest else None,
        pain_kinds=latest["pain_kinds"] if latest else (),
    )
    help_flags = [f for f in flags if f.severity_rank >= HELP_RANK]
    board = Dashboard(
        today=today,
        answer=answer_for(flags),
        flags=flags,
        banner=max(help_flags, key=lambda f: (f.severity_rank, f.raised_at)) if help_flags else None,
        care_phase=phase,
        care_tips=tips,
        episode=episode,
    )
    _add_return_plan(board, owner=owner, profile=profile, episode=episode)
    # Always, even with no flags, so the query count does not depend on the journal.
    _add_reading(board)
    return board


def _add_reading(board: Dashboard) -> None:
    """One query: the banner's editable advice and the library pages the flags link to."""
    slugs = {FLAG_READING[f.code] for f in board.flags if f.code in FLAG_READING}
    episode_condition = board.episode.condition if board.episode and board.episode.condition_id else None
    # `or [""]`: an empty IN () would skip the query and make the count depend on the journal.
    names = dict(
        Condition.objects.filter(slug__in=slugs or [""], is_published=True).values_list("slug", "name")
    )
    board.reading = {}
    for flag in board.flags:
        slug = FLAG_READING.get(flag.code)
        if episode_condition is not None and episode_condition.is_published and flag.code.startswith("pain_"):
            board.reading[flag.pk] = (episode_condition.slug, episode_condition.name)
        elif slug in names:
            board.reading[flag.pk] = (slug, names[slug])
    # Asked even without a banner, so the query count is the same for every journal.
    banner_code = board.banner.code if board.banner is not None else ""
    board.banner_advice = RedFlagAdvice.objects.filter(code=banner_code, is_published=True).first()


_UNKNOWN = object()


def trends_for(
    *, owner: AbstractBaseUser, profile: Profile, episode=_UNKNOWN, checkins: list[dict] | None = None
) -> Trends:
    """Pass the active episode (or None) and recent_checkins when the caller has them, to save queries."""
    today = profile.today()
    if episode is _UNKNOWN:
        episode = episode_active(owner=owner)
    if checkins is None:
        checkins = recent_checkins(owner=owner, today=today)
    runs = [
        charts.RunPoint(*row)
        for row in Run.objects.filter(
            owner=owner, date__gte=today - timedelta(days=(DISTANCE_WEEKS + 1) * 7), date__lte=today
        ).values_list("date", "distance_m", "pain_during")
    ]
    adherence, sessions = _adherence(owner=owner, today=today)
    thresholds = thresholds_for_runner(profile=profile, episode=episode_fact(episode))
    return Trends(
        pain_chart=charts.pain_chart(
            checkins=[charts.PainPoint(c["date"], c["pain_now"], c["pain_waking"]) for c in checkins],
            runs=runs,
            today=today,
            unit=profile.unit,
            weeks=PAIN_WEEKS,
        ),
        distance_chart=charts.distance_chart(runs=runs, today=today, unit=profile.unit, weeks=DISTANCE_WEEKS),
        shoes=[w for w in shoe_wear(owner=owner) if w.shoe.retired_on is None],
        adherence=adherence,
        exercise_sessions_this_week=sessions,
        overrides=clinic.overrides_described(profile),
        notes=clinic.notes_for_patient(patient=owner)[:3],
        thresholds_note=f"Your limit for pain during a run is {thresholds.pain_during_run_limit}/10"
        + (" (tendon pain-monitoring model)." if thresholds.pain_model == "tendon" else "."),
    )


def _adherence(*, owner: AbstractBaseUser, today: date) -> tuple[list[AdherenceRow], int]:
    week_start = today - timedelta(days=today.weekday())
    prescriptions = list(
        ExercisePrescription.objects.filter(owner=owner, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week_start))
        .select_related("exercise")
    )
    done: dict[int, list[int]] = defaultdict(list)
    done_today: set[int] = set()
    total = 0
    for exercise_id, pain, day in ExerciseCompletion.objects.filter(
        owner=owner, date__gte=week_start, date__lte=today
    ).values_list("exercise_id", "pain_during", "date"):
        done[exercise_id].append(pain)
        total += 1
        if day == today:
            done_today.add(exercise_id)
    rows = [
        AdherenceRow(
            name=p.exercise.name,
            done=len(done.get(p.exercise_id, [])),
            target=p.times_per_week,
            pain_max=max(done[p.exercise_id]) if done.get(p.exercise_id) else None,
            prescription=p,
            done_today=p.exercise_id in done_today,
        )
        for p in prescriptions
        if p.ends_on is None or p.ends_on >= today
    ]
    return rows, total


def _add_return_plan(board: Dashboard, *, owner, profile: Profile, episode: InjuryEpisode | None) -> None:
    plan = ReturnPlan.objects.filter(owner=owner, status="active").first()
    if plan is None:
        board.ready_to_return = any(f.code == "ready_to_return" for f in board.flags)
        if board.ready_to_return and episode is not None:
            before = Run.objects.filter(
                owner=owner, date__gte=episode.onset_date - timedelta(days=28), date__lt=episode.onset_date
            ).values_list("date", "distance_m")
            board.suggested_pre_injury_m = pre_injury_weekly_m(
                run_distances=list(before), onset_date=episode.onset_date
            )
        return
    runs = Run.objects.filter(owner=owner, date__gte=plan.started_on, date__lte=board.today).values_list(
        "date", "distance_m", "pain_during", "return_plan_id"
    )
    waking = dict(
        Checkin.objects.filter(
            owner=owner, date__gte=plan.started_on - timedelta(days=7), pain_waking__isnull=False
        )
        .order_by("date")
        .values_list("date", "pain_waking")
    )
    sessions = []
    for day, _, pain_during, plan_id in runs:
        if plan_id != plan.pk:
            continue
        before = [p for d, p in waking.items() if d <= day]
        after = waking.get(day + timedelta(days=1))
        sessions.append(
            Session(
                date=day,
                pain_during=pain_during,
                waking_pain_rose=bool(before and after is not None and after > before[-1]),
            )
        )
    thresholds = thresholds_for_runner(profile=profile, episode=episode_fact(episode))
    week_start = plan.started_on + timedelta(days=7 * max(0, (board.today - plan.started_on).days // 7))
    board.plan = plan
    board.plan_state = plan_state(
        started_on=plan.started_on,
        pre_injury_weekly_m=plan.pre_injury_weekly_m,
        sessions=sessions,
        week_done_m=sum(m for day, m, _, _ in runs if day >= week_start),
        today=board.today,
        pain_limit=thresholds.pain_during_run_limit,
        paused=any(f.severity_rank >= SEVERITY_ORDER.index("stop") for f in board.flags),
    )
