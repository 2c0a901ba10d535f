"""From the database to the rules: a runner's recent journal as rows, and those rows as the rules' facts."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser

from journal import rules
from journal.entries.selectors import CONDITION_TEXT_FIELDS, ShoeWear, shoe_total_m
from journal.flags.rows import (
    episodes_read,
    plan_read,
    run_reads,
    shoes_read,
    values_read,
)
from journal.flags.summary import prescription_weeks_read
from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    InjuryEpisode,
    Profile,
    ReturnPlan,
    Run,
    Shoe,
)
from journal.rules.facts import SWELLING_LEVELS

# Every rule looks at most a few weeks back; 180 days keeps a five-year journal as cheap as a new one.
FACT_WINDOW_DAYS = 180
RESOLVED_LOOKBACK_DAYS = 90


CHECKIN_FIELDS = ("id", "date", "time", "side", *Checkin.ANSWER_FIELDS)
RUN_FIELDS = ("id", "date", "distance_m", "duration_s", "pain_during", "shoe_id", "return_plan_id")


@functools.cache
def _fact_fields(fact_class) -> frozenset[str]:
    return frozenset(f.name for f in dataclass_fields(fact_class))


def _checkin_fact(row: dict) -> rules.CheckinFact:
    """A check-in as the rules see it, from a `.values()` row (the replay's reference reading)."""
    known = _fact_fields(rules.CheckinFact)
    values = {name: row[name] for name in CHECKIN_FIELDS if name in known}
    values["id"] = str(row["id"])
    values["pain_kinds"] = tuple(row["pain_kinds"] or ())
    values["bone_tenderness"] = tuple(row["bone_tenderness"] or ())
    if "locations" in values:
        values["locations"] = tuple(row["locations"] or ())
    return rules.CheckinFact(**values)


def _run_fact(row: dict) -> rules.RunFact:
    known = _fact_fields(rules.RunFact)
    values = {
        "id": str(row["id"]),
        "date": row["date"],
        "distance_m": row["distance_m"],
        "duration_s": row["duration_s"],
        "pain_during": row["pain_during"],
        "shoe_id": str(row["shoe_id"]) if row["shoe_id"] else None,
        "in_return_plan": row["return_plan_id"] is not None,
        "return_plan_id": str(row["return_plan_id"]) if row["return_plan_id"] else None,
    }
    return rules.RunFact(**{k: v for k, v in values.items() if k in known})


def _fact_maker(
    fact_class, names: tuple[str, ...], *, checked: dict[str, tuple] | None = None, **more
) -> Callable[[list], object]:
    """Build `fact_class` from a row's cells in the order of `names` (and `more`), as its constructor
    would: the same fields, then its own __post_init__ (which checks them and makes lists tuples).
    The generated __init__ of a frozen dataclass sets each field through object.__setattr__, which
    cost more than reading the row; `tests/flags/test_rows.py` holds these to _checkin_fact and
    _run_fact.

    `checked`: when all __post_init__ does is make lists tuples (the rows give tuples already) and
    refuse values outside a few sets, the values it checks, by field. __post_init__ then runs only for
    a row with a value outside them, and refuses it as the constructor would."""
    if set(names) | set(more) != _fact_fields(fact_class):
        raise ValueError(f"{fact_class.__name__} has fields {sorted(_fact_fields(fact_class))}")
    new, post_init = object.__new__, fact_class.__post_init__
    checks = tuple((names.index(name), frozenset(allowed)) for name, allowed in (checked or {}).items())

    def make(cells: list):
        fact = new(fact_class)
        values = fact.__dict__
        values.update(more)
        values.update(zip(names, cells, strict=True))
        if not checks:
            post_init(fact)
            return fact
        for i, allowed in checks:
            if cells[i] not in allowed:
                post_init(fact)  # refuses it
                break
        return fact

    return make


_checkin_from_cells = _fact_maker(
    rules.CheckinFact,
    CHECKIN_FIELDS,
    checked={"side": rules.SIDES, "swelling": SWELLING_LEVELS},
)
_run_from_cells = _fact_maker(rules.RunFact, RUN_FIELDS, in_return_plan=False)


def episode_fact(episode: InjuryEpisode | None) -> rules.EpisodeFact | None:
    if episode is None:
        return None
    condition = episode.condition
    values = {
        "id": str(episode.pk),
        "title": episode.title,
        "condition_slug": condition.slug if condition else None,
        "condition_name": condition.name if condition else None,
        "onset_date": episode.onset_date,
        "onset": episode.onset,
        "status": episode.status,
        "pain_model": condition.pain_model if condition else "seed",
        "side": episode.side,
        "confirmed": episode.diagnosed,
        "min_days_before_return": condition.min_days_before_return if condition else None,
        "cleared_to_return": episode.cleared_to_return_on is not None,
        "resolved_on": episode.resolved_on,
    }
    known = _fact_fields(rules.EpisodeFact)
    return rules.EpisodeFact(**{k: v for k, v in values.items() if k in known})


@dataclass
class JournalRows:
    """What the rules and the triage summary read, loaded once (six reads) so the dashboard can reuse it
    after a re-evaluation."""

    today: date
    since: date
    checkins: tuple[rules.CheckinFact, ...]  # oldest first by (date, time, when it was stored)
    runs: tuple[rules.RunFact, ...]  # oldest first by (date, when it was stored)
    episodes: list[InjuryEpisode]
    episode: InjuryEpisode | None  # the current injury: the latest-starting active or recovering one
    plan: ReturnPlan | None
    shoes: list[ShoeWear]  # the runner's shoes in use (not retired)
    prescription_weeks: list[tuple]  # journal.flags.summary.prescription_weeks as of `today`


def journal_rows(*, owner: AbstractBaseUser, today: date) -> JournalRows:
    since = today - timedelta(days=FACT_WINDOW_DAYS)
    span = {"owner_id": owner.pk, "since": since, "until": today}
    # Active and recovering injuries, and those resolved in the last 90 days (for pain_recurs_on_return).
    # (_episode_in_window says the same of an episode already read.)
    recent = today - timedelta(days=RESOLVED_LOOKBACK_DAYS)
    # Six reads, sent together (one round trip on PostgreSQL). The rows module reads what the ORM
    # would; test_rows.py holds each to its queryset.
    checkins, runs, episodes, plan, shoes, weeks = run_reads(
        values_read(
            Checkin, CHECKIN_FIELDS, order=("date", "time", "created_at"), make=_checkin_from_cells, **span
        ),
        values_read(Run, RUN_FIELDS, order=("date", "created_at"), make=_run_from_cells, **span),
        episodes_read(
            InjuryEpisode, owner_id=owner.pk, resolved_since=recent, leave_out=CONDITION_TEXT_FIELDS
        ),
        plan_read(ReturnPlan, owner_id=owner.pk),
        # Retired shoes raise no flag and are not shown beside the flags: their runs are not summed.
        shoes_read(Shoe, Run, owner_id=owner.pk),
        # This week's exercise prescriptions and what was done, for the triage summary.
        prescription_weeks_read(
            prescription_model=ExercisePrescription,
            completion_model=ExerciseCompletion,
            owner_id=owner.pk,
            today=today,
        ),
    )
    return JournalRows(
        today=today,
        since=since,
        checkins=tuple(checkins),
        runs=tuple(runs),
        episodes=episodes,
        episode=next((e for e in episodes if e.status != "resolved"), None),
        plan=plan,
        shoes=[ShoeWear(shoe=shoe, total_m=shoe_total_m(shoe)) for shoe in shoes],
        prescription_weeks=weeks,
    )


def journal_facts(
    *, owner: AbstractBaseUser, profile: Profile, today: date, rows: JournalRows | None = None
) -> rules.Journal:
    if rows is None:
        rows = journal_rows(owner=owner, today=today)
    plan = rows.plan
    shoes = [
        rules.ShoeFact(
            id=str(w.shoe.pk),
            name=w.shoe.name,
            total_m=w.total_m,
            check_at_m=w.shoe.check_at_m,
            replace_at_m=w.shoe.replace_at_m,
            retired=w.shoe.retired_on is not None,
        )
        for w in rows.shoes
        if w.shoe.retired_on is None
    ]
    extra = {}
    if "episodes" in _fact_fields(rules.Journal):
        extra["episodes"] = tuple(episode_fact(e) for e in rows.episodes)
    return rules.Journal(
        today=today,
        checkins=rows.checkins,
        runs=rows.runs,
        shoes=tuple(shoes),
        episode=episode_fact(rows.episode),
        return_plan=rules.ReturnPlanFact(
            id=str(plan.pk), started_on=plan.started_on, pre_injury_weekly_m=plan.pre_injury_weekly_m
        )
        if plan
        else None,
        unit=profile.unit,
        **extra,
    )


def thresholds_for_runner(*, profile: Profile, episode: rules.EpisodeFact | None) -> rules.Thresholds:
    return rules.thresholds_for(episode=episode, overrides=profile.threshold_overrides or None)


def _episode_in_window(episode: InjuryEpisode, today: date) -> bool:
    recent = today - timedelta(days=RESOLVED_LOOKBACK_DAYS)
    if episode.status != "resolved":
        return True
    if episode.resolved_on is not None:
        return episode.resolved_on >= recent
    return episode.onset_date >= recent


def rows_on(rows: JournalRows, day: date) -> JournalRows:
    """The rows journal_rows would read on `day` (after rows.today), if nothing is written before then:
    the same rows, less those that leave the windows. Nothing can be dated after rows.today yet."""
    since = day - timedelta(days=FACT_WINDOW_DAYS)
    return replace(
        rows,
        today=day,
        since=since,
        checkins=tuple(c for c in rows.checkins if c.date >= since),
        runs=tuple(r for r in rows.runs if r.date >= since),
        episodes=[e for e in rows.episodes if _episode_in_window(e, day)],
    )


def facts_on(facts: rules.Journal, rows: JournalRows) -> rules.Journal:
    """journal_facts for rows from rows_on, made from the facts of the day before (same entries, fewer)."""
    extra = {}
    if "episodes" in _fact_fields(rules.Journal):
        extra["episodes"] = tuple(episode_fact(e) for e in rows.episodes)
    return replace(
        facts,
        today=rows.today,
        checkins=rows.checkins,
        runs=rows.runs,
        **extra,
    )
