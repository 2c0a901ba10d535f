"""The Today dashboard: one read that gathers flags, charts, shoes, adherence, care tips and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser

from injuries.models import RedFlagAdvice
from journal.clinic import selectors as clinic
from journal.entries.selectors import ShoeWear, episode_active, shoe_wear
from journal.flags.facts import JournalRows, episode_fact, thresholds_for_runner
from journal.flags.services import Refreshed, flags_current
from journal.models import SEVERITY_ORDER, Flag, InjuryEpisode, Profile, ReturnPlan
from journal.today import charts
from journal.today.care import CareTip, care_tips
from journal.today.return_plan import PlanState, Session, plan_state, pre_injury_weekly_m
from journal.today.selectors import (
    PAIN_WEEKS,
    RECENT_CHECKIN_FIELDS,
    RECENT_RUN_FIELDS,
    AdherenceRow,
    adherence_rows,
    checkins_recent,
    condition_names_published,
    flags_visible,
    plan_runs_between,
    red_flag_advice_published,
    return_plan_active,
    run_distances_before,
    runs_between,
    waking_pain_since,
)

DISTANCE_WEEKS = 12
# The care tips read the latest check-in only if it is this recent.
CARE_TIP_DAYS = 3
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
    def adherence_done_today(self) -> int:
        return sum(1 for row in self.adherence if row.done_today)

    @property
    def adherence_percent(self) -> int | None:
        target = sum(row.target for row in self.adherence)
        if not target:
            return None
        return min(100, round(100 * sum(min(r.done, r.target) for r in self.adherence) / target))


@dataclass
class TodaySoFar:
    """Today's check-ins and runs, newest first: dicts with the entry's id and what the card shows."""

    checkins: list[dict] = field(default_factory=list)
    runs: list[dict] = field(default_factory=list)


_UNKNOWN = object()


def _visible(flags: list[Flag]) -> list[Flag]:
    shown = [f for f in flags if not f.clinician_only and f.dismissed_at is None and f.cleared_at is None]
    return sorted(shown, key=lambda f: (-f.severity_rank, -f.raised_at.timestamp()))


def checkins_from_rows(rows: JournalRows, today: date) -> list[dict]:
    """checkins_recent, from rows a re-evaluation already loaded (the same rows, as the same dicts)."""
    since = today - timedelta(days=PAIN_WEEKS * 7)
    return [
        {**{name: getattr(c, name) for name in RECENT_CHECKIN_FIELDS}, "pain_kinds": list(c.pain_kinds)}
        for c in rows.checkins
        if since <= c.date <= today
    ]


def _run_rows(runs) -> list[dict]:
    """Run facts from a re-evaluation's rows as runs_between's dicts."""
    return [{name: getattr(r, name) for name in RECENT_RUN_FIELDS} for r in runs]


def dashboard_for(
    *,
    owner: AbstractBaseUser,
    profile: Profile,
    checkins: list[dict] | None = None,
    refreshed: Refreshed | object | None = _UNKNOWN,
) -> Dashboard:
    """Flags as of the runner's today (re-evaluated first when stale), and what goes with them.

    Pass `checkins` (from checkins_recent, at least the last CARE_TIP_DAYS) and `refreshed` (from
    flags_current) when the caller has them already, to save queries.
    """
    today = profile.today()
    if refreshed is _UNKNOWN:
        refreshed = flags_current(owner=owner, profile=profile)
    rows = refreshed.rows if refreshed is not None else None
    flags = _visible(refreshed.flags) if refreshed is not None else flags_visible(owner=owner)
    episode = rows.episode if rows is not None else episode_active(owner=owner)
    if checkins is None:
        checkins = checkins_from_rows(rows, today) if rows else checkins_recent(owner=owner, today=today)
    latest = checkins[-1] if checkins and (today - checkins[-1]["date"]).days <= CARE_TIP_DAYS else None
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
    _add_return_plan(board, owner=owner, profile=profile, episode=episode, rows=rows)
    _add_reading(board)
    return board


def reading_for(flags: list[Flag], episode: InjuryEpisode | None) -> dict[int, list[tuple[str, str]]]:
    """Each flag's "Read about" links: only the published library pages its evidence concerns
    (the flag's `related` conditions). At most one query, none when the injury's own page is all."""
    known: dict[str, str] = {}
    if episode is not None and episode.condition_id and episode.condition.is_published:
        known[episode.condition.slug] = episode.condition.name
    wanted = {slug for f in flags for slug in (f.related or ())} - known.keys()
    if wanted:
        known.update(condition_names_published(slugs=wanted))
    return {f.pk: [(slug, known[slug]) for slug in (f.related or ()) if slug in known] for f in flags}


def _add_reading(board: Dashboard) -> None:
    """The library pages the flags link to, and the banner's editable advice (when there is a banner)."""
    board.reading = reading_for(board.flags, board.episode)
    if board.banner is not None:
        board.banner_advice = red_flag_advice_published(code=board.banner.code)


def trends_for(
    *,
    owner: AbstractBaseUser,
    profile: Profile,
    episode=_UNKNOWN,
    checkins: list[dict] | None = None,
    rows: JournalRows | None = None,
) -> Trends:
    """Pass the active episode (or None), checkins_recent and a re-evaluation's rows when the caller
    has them, to save queries."""
    today = profile.today()
    if episode is _UNKNOWN:
        episode = rows.episode if rows else episode_active(owner=owner)
    if checkins is None:
        checkins = checkins_from_rows(rows, today) if rows else checkins_recent(owner=owner, today=today)
    runs_since = today - timedelta(days=(DISTANCE_WEEKS + 1) * 7)
    if rows is not None and rows.since <= runs_since:
        run_rows = _run_rows(r for r in rows.runs if runs_since <= r.date <= today)
    else:
        run_rows = runs_between(owner=owner, since=runs_since, today=today)
    runs = [charts.RunPoint(r["date"], r["distance_m"], r["pain_during"]) for r in run_rows]
    # Shoes in use only: retired shoes are not shown, so their runs are not summed either.
    wear = rows.shoes if rows is not None else shoe_wear(owner=owner, active_only=True)
    adherence, sessions = adherence_rows(owner=owner, today=today)
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
        shoes=wear,
        adherence=adherence,
        exercise_sessions_this_week=sessions,
        overrides=clinic.overrides_described(profile),
        notes=clinic.notes_for_patient(patient=owner)[:3],
        thresholds_note=f"Your limit for pain during a run is {thresholds.pain_during_run_limit}/10"
        + (" (tendon pain-monitoring model)." if thresholds.pain_model == "tendon" else "."),
    )


def today_so_far(
    *, owner: AbstractBaseUser, today: date, checkins: list[dict], rows: JournalRows | None = None
) -> TodaySoFar:
    """Pass the recent check-ins (oldest first, today's among them) and a re-evaluation's rows when
    there are some: today's runs come from them, or from one query."""
    if rows is not None and rows.since <= today:
        runs = _run_rows(r for r in rows.runs if r.date == today)
    else:
        runs = runs_between(owner=owner, since=today, today=today)
    return TodaySoFar(
        checkins=[c for c in reversed(checkins) if c["date"] == today],
        runs=list(reversed(runs)),
    )


def _add_return_plan(
    board: Dashboard, *, owner, profile: Profile, episode: InjuryEpisode | None, rows: JournalRows | None
) -> None:
    plan = rows.plan if rows is not None else return_plan_active(owner=owner)
    if plan is None:
        # Offered only within an injury: a walk-run plan is a way back, not advice for a runner who is well.
        board.ready_to_return = episode is not None and any(f.code == "ready_to_return" for f in board.flags)
        if board.ready_to_return:
            board.suggested_pre_injury_m = pre_injury_weekly_m(
                run_distances=run_distances_before(owner=owner, onset_date=episode.onset_date),
                onset_date=episode.onset_date,
            )
        return
    if rows is not None and rows.since <= plan.started_on - timedelta(days=7):
        runs = [
            (r.date, r.distance_m, r.pain_during, r.return_plan_id)
            for r in rows.runs
            if plan.started_on <= r.date <= board.today
        ]
        waking = {
            c.date: c.pain_waking
            for c in rows.checkins
            if c.date >= plan.started_on - timedelta(days=7) and c.pain_waking is not None
        }
    else:
        runs = plan_runs_between(owner=owner, since=plan.started_on, today=board.today)
        waking = waking_pain_since(owner=owner, since=plan.started_on - timedelta(days=7))
    sessions = []
    for day, _, pain_during, plan_id in runs:
        if str(plan_id) != str(plan.pk):  # text from a re-evaluation's rows, a UUID from the selector
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
    week_index = max(0, (board.today - plan.started_on).days // 7)
    week_start = plan.started_on + timedelta(days=7 * week_index)
    # Every run counts towards a week's distance, as in the "going too fast" flag, not only the plan's.
    totals = [0] * week_index
    for day, distance, _, _ in runs:
        week = (day - plan.started_on).days // 7
        if week < week_index:
            totals[week] += distance
    board.plan = plan
    board.plan_state = plan_state(
        started_on=plan.started_on,
        pre_injury_weekly_m=plan.pre_injury_weekly_m,
        sessions=sessions,
        week_done_m=sum(m for day, m, _, _ in runs if day >= week_start),
        today=board.today,
        pain_limit=thresholds.pain_during_run_limit,
        paused=any(f.severity_rank >= SEVERITY_ORDER.index("stop") for f in board.flags),
        previous_week_m=next((total for total in reversed(totals) if total > 0), 0),
        rise_limit_pct=thresholds.return_weekly_rise_pct,
    )
