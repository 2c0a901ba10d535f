"""Stored flags: turn a runner's journal into rule facts, evaluate, and keep the results with history."""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from journal import rules
from journal.entries.selectors import ShoeWear, shoe_wear
from journal.flags.rows import owner_values_between
from journal.flags.summary import summary_flags_write, summary_write
from journal.models import Checkin, Flag, InjuryEpisode, Profile, ReturnPlan, Run
from journal.notify import services as notify

# Every rule looks at most a few weeks back; 180 days keeps a five-year journal as cheap as a new one.
FACT_WINDOW_DAYS = 180
RESOLVED_LOOKBACK_DAYS = 90


CHECKIN_FIELDS = ("id", "date", "time", "side", *Checkin.ANSWER_FIELDS)
RUN_FIELDS = ("id", "date", "distance_m", "duration_s", "pain_during", "shoe_id", "return_plan_id")


@functools.cache
def _fact_fields(fact_class) -> frozenset[str]:
    return frozenset(f.name for f in dataclass_fields(fact_class))


def _checkin_fact(row: dict) -> rules.CheckinFact:
    """A check-in as the rules see it, from a `.values()` row (full model rows cost too much)."""
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
    """What the rules read, loaded once (five queries) so the dashboard can reuse it after a re-evaluation."""

    today: date
    since: date
    checkins: list[dict]  # CHECKIN_FIELDS, oldest first
    runs: list[dict]  # RUN_FIELDS, oldest first
    episodes: list[InjuryEpisode]
    episode: InjuryEpisode | None  # the current injury: the latest-starting active or recovering one
    plan: ReturnPlan | None
    shoes: list[ShoeWear]  # the runner's shoes in use (not retired)


def journal_rows(*, owner: AbstractBaseUser, today: date) -> JournalRows:
    since = today - timedelta(days=FACT_WINDOW_DAYS)
    checkins = owner_values_between(
        Checkin,
        CHECKIN_FIELDS,
        owner_id=owner.pk,
        since=since,
        until=today,
        order=("date", "time", "created_at"),
    )
    runs = owner_values_between(
        Run, RUN_FIELDS, owner_id=owner.pk, since=since, until=today, order=("date", "created_at")
    )
    # Active and recovering injuries, and those resolved in the last 90 days (for pain_recurs_on_return).
    recent = today - timedelta(days=RESOLVED_LOOKBACK_DAYS)
    episodes = list(
        InjuryEpisode.objects.filter(owner=owner)
        .filter(
            Q(status__in=["active", "recovering"])
            | Q(status="resolved", resolved_on__gte=recent)
            | Q(status="resolved", resolved_on__isnull=True, onset_date__gte=recent)
        )
        .select_related("condition")
        .order_by("-onset_date", "-created_at")
    )
    return JournalRows(
        today=today,
        since=since,
        checkins=checkins,
        runs=runs,
        episodes=episodes,
        episode=next((e for e in episodes if e.status != "resolved"), None),
        plan=ReturnPlan.objects.filter(owner=owner, status="active").first(),
        # Retired shoes raise no flag and are not shown beside the flags: their runs are not summed.
        shoes=shoe_wear(owner=owner, active_only=True),
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
        checkins=tuple(_checkin_fact(c) for c in rows.checkins),
        runs=tuple(_run_fact(r) for r in rows.runs),
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


# What a re-evaluation may change on a stored flag (its key, and so its code and subject, stays).
UPDATED_COLUMNS = frozenset(
    {
        "severity",
        "severity_rank",
        "title",
        "message",
        "action",
        "evidence",
        "related",
        "source",
        "clinician_only",
    }
)


def _as_json(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _same(stored, found) -> bool:
    """Whether a stored value equals a new finding's; JSON columns compare as JSON (tuples as lists)."""
    if isinstance(found, list | tuple | dict):
        return _as_json(stored) == _as_json(found)
    return stored == found


def flag_values(finding: rules.Flag, *, seen_at) -> dict:
    """A finding as the columns of a stored flag (all but owner, key and the raised/cleared dates)."""
    return {
        "code": finding.code,
        "subject": finding.subject or "",
        "severity": finding.severity,
        "severity_rank": finding.rank,
        "title": finding.title,
        "message": finding.message,
        "action": finding.action,
        "evidence": _evidence_json(finding),
        "related": list(getattr(finding, "related", ())),
        "source": finding.source,
        "clinician_only": finding.clinician_only,
        "last_seen_at": seen_at,
    }


def _evidence_json(flag: rules.Flag) -> list[dict]:
    return [{**asdict(e), "date": e.date.isoformat() if e.date else None} for e in flag.evidence]


@transaction.atomic(savepoint=False)
def flags_refresh(*, owner: AbstractBaseUser, profile: Profile | None = None) -> list[Flag]:
    """Re-evaluate the rules as of the runner's today: raise new flags, update the open ones, clear others.

    Returns the flags open afterwards.
    """
    if profile is None:
        profile = Profile.objects.get(user=owner)
    return _refresh(owner=owner, profile=profile, rows=journal_rows(owner=owner, today=profile.today()))


def _refresh(*, owner: AbstractBaseUser, profile: Profile, rows: JournalRows) -> list[Flag]:
    today = rows.today
    facts = journal_facts(owner=owner, profile=profile, today=today, rows=rows)
    found = rules.evaluate(facts, thresholds_for_runner(profile=profile, episode=facts.episode))
    now = timezone.now()
    open_flags = {
        f.key: f for f in Flag.objects.select_for_update().filter(owner=owner, cleared_at__isnull=True)
    }
    to_create, to_update, seen_again = [], [], []
    # The columns any updated flag changed: the UPDATE writes only those (and when each was last seen), as
    # a CASE over every column of every flag cost more than the rest of the evaluation.
    columns = {"last_seen_at"}
    for finding in found:
        values = flag_values(finding, seen_at=now)
        stored = open_flags.pop(finding.key, None)
        if stored is None:
            to_create.append(Flag(owner=owner, key=finding.key, raised_at=now, **values))
            continue
        old_ids = {e["id"] for e in stored.evidence}
        new_ids = {e["id"] for e in values["evidence"]}
        changed = {k for k, v in values.items() if k in UPDATED_COLUMNS and not _same(getattr(stored, k), v)}
        # Something new behind it (a new entry, a higher severity) brings an acknowledged flag back.
        if new_ids - old_ids or finding.rank > stored.severity_rank:
            if stored.acknowledged_at is not None or stored.dismissed_at is not None:
                changed |= {"acknowledged_at", "acknowledged_by", "dismissed_at"}
            stored.acknowledged_at = stored.acknowledged_by = stored.dismissed_at = None
        for name, value in values.items():
            setattr(stored, name, value)
        (to_update if changed else seen_again).append(stored)
        columns |= changed
    for stale in open_flags.values():
        stale.cleared_at = now
        to_update.append(stale)
        columns.add("cleared_at")
    Flag.objects.bulk_create(to_create)
    # Alerts for what was newly raised (a physiotherapist's, a shoe notice) go out from the worker.
    notify.flags_raised(owner=owner, flags=to_create)
    if seen_again and not to_update:
        # Found again exactly as stored: one plain UPDATE, not a CASE per column per flag.
        Flag.objects.filter(pk__in=[f.pk for f in seen_again]).update(last_seen_at=now)
    elif seen_again:
        to_update.extend(seen_again)  # one statement for all, as the changed ones need bulk_update anyway
        seen_again = []
    if to_update:
        Flag.objects.bulk_update(to_update, sorted(columns))
    if profile.flags_evaluated_on != today:
        Profile.objects.filter(pk=profile.pk).update(flags_evaluated_on=today)
        profile.flags_evaluated_on = today
    still_open = [*to_create, *seen_again, *(f for f in to_update if f.cleared_at is None)]
    # The triage list's row for this runner, from what was just loaded and found.
    summary_write(owner=owner, rows=rows, open_flags=still_open)
    return still_open


def flags_are_stale(profile: Profile) -> bool:
    return profile.flags_evaluated_on is None or profile.flags_evaluated_on < profile.today()


@dataclass
class Refreshed:
    """A read that re-evaluated stale flags: the rows it loaded and the flags open now, for reuse."""

    rows: JournalRows
    flags: list[Flag]


def flags_current(*, owner: AbstractBaseUser, profile: Profile | None = None) -> Refreshed | None:
    """Call before reading a runner's flags. If they were last evaluated on an earlier day of the
    runner's own calendar, re-evaluate them now and return what was loaded (so the caller need not
    load it again); None, with no queries, when they are current."""
    if profile is None:
        profile = Profile.objects.get(user=owner)
    if not flags_are_stale(profile):
        return None
    rows = journal_rows(owner=owner, today=profile.today())
    # Inside the request's transaction when there is one, without a savepoint of its own.
    with transaction.atomic(savepoint=False):
        flags = _refresh(owner=owner, profile=profile, rows=rows)
    return Refreshed(rows=rows, flags=flags)


def flags_current_for(patients) -> int:
    """The triage list's read: re-evaluate only the patients whose flags are from an earlier day.

    `patients` are users with their profile loaded (select_related); returns how many were stale.
    """
    stale = [p for p in patients if flags_are_stale(p.profile)]
    for patient in stale:
        flags_refresh(owner=patient, profile=patient.profile)
    return len(stale)


@transaction.atomic
def flag_acknowledge(*, flag: Flag, by: AbstractBaseUser) -> Flag:
    if flag.cleared_at is not None:
        raise ValidationError("This flag has already cleared.")
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = by
    flag.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return flag


@transaction.atomic
def flag_dismiss(*, flag: Flag) -> Flag:
    if not flag.can_dismiss:
        raise ValidationError("Urgent and see-a-professional flags cannot be dismissed, only acknowledged.")
    if flag.cleared_at is not None:
        raise ValidationError("This flag has already cleared.")
    now = timezone.now()
    flag.dismissed_at = now
    flag.acknowledged_at = flag.acknowledged_at or now
    flag.save(update_fields=["dismissed_at", "acknowledged_at"])
    summary_flags_write(owner_id=flag.owner_id)
    return flag
