"""Stored flags: turn a runner's journal into rule facts, evaluate, and keep the results with history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journal import rules
from journal.flags.facts import (
    JournalRows,
    facts_on,
    journal_facts,
    journal_rows,
    rows_on,
    thresholds_for_runner,
)
from journal.flags.projection import projection_for, projection_values
from journal.flags.rows import (
    bump_write,
    evaluated_write,
    open_flags_read,
    run_reads,
    update_many_write,
    update_same_write,
)
from journal.flags.summary import (
    prescriptions_on,
    summary_base,
    summary_flags_write,
    summary_write,
)
from journal.models import Flag, PatientSummary, Profile
from journal.notify import services as notify

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
    # Evidence holds plain values only: its fields as they are (dataclasses.asdict, which copies
    # deeply, cost more than the rest of storing the flags).
    return [{**vars(e), "date": e.date.isoformat() if e.date else None} for e in flag.evidence]


@transaction.atomic(savepoint=False)
def flags_refresh(
    *,
    owner: AbstractBaseUser,
    profile: Profile | None = None,
    day: date | None = None,
    project: bool = False,
) -> list[Flag]:
    """Re-evaluate the rules as of the runner's today (or `day`, an earlier one: the benchmark and tests
    set up "evaluated yesterday" with it): raise new flags, update the open ones, clear others.
    `project`: also work out tomorrow's flags from the same rows (the task worker, where nobody waits).

    Returns the flags open afterwards.
    """
    if profile is None:
        profile = Profile.objects.get(user=owner)
    day = day or profile.today()
    rows = journal_rows(owner=owner, today=day)
    open_flags = _open_flags_locked(owner)
    return _evaluate(owner=owner, profile=profile, rows=rows, open_flags=open_flags, project=project)


def _open_flags_locked(owner: AbstractBaseUser) -> dict[str, Flag]:
    return _by_key(run_reads(open_flags_read(Flag, owner_id=owner.pk))[0])


def _by_key(flags: list[Flag]) -> dict[str, Flag]:
    return {f.key: f for f in flags}


def _evaluate(
    *,
    owner: AbstractBaseUser,
    profile: Profile,
    rows: JournalRows,
    open_flags: dict,
    project: bool = False,
) -> list[Flag]:
    """Evaluate as of rows.today and store the flags and summary (with tomorrow's projection from the
    same rows when `project`, else none)."""
    today = rows.today
    facts = journal_facts(owner=owner, profile=profile, today=today, rows=rows)
    found = rules.evaluate(facts, thresholds_for_runner(profile=profile, episode=facts.episode))
    prescriptions = prescriptions_on(rows.prescription_weeks, day=today, read_on=today)
    summary = summary_base(owner=owner, rows=rows, prescriptions=prescriptions)
    return _store(
        owner=owner,
        profile=profile,
        today=today,
        findings=[finding_columns(f) for f in found],
        summary=summary,
        open_flags=open_flags,
        projection=_projection(owner=owner, profile=profile, rows=rows, facts=facts) if project else None,
    )


def _projection(*, owner: AbstractBaseUser, profile: Profile, rows: JournalRows, facts) -> dict:
    """Tomorrow's flags and summary from today's rows and facts, as projection_values."""
    today = rows.today
    tomorrow = today + timedelta(days=1)
    rows_tomorrow = rows_on(rows, tomorrow)
    facts_tomorrow = facts_on(facts, rows_tomorrow)
    found = rules.evaluate(
        facts_tomorrow, thresholds_for_runner(profile=profile, episode=facts_tomorrow.episode)
    )
    return projection_values(
        profile=profile,
        for_day=tomorrow,
        flags=[finding_columns(f) for f in found],
        summary=summary_base(
            owner=owner,
            rows=rows_tomorrow,
            prescriptions=prescriptions_on(rows.prescription_weeks, day=tomorrow, read_on=today),
        ),
    )


def flags_project(*, owner: AbstractBaseUser, profile: Profile) -> bool:
    """The task worker's part: work out tomorrow's flags for a runner whose flags were evaluated
    today, and store them unless the journal was evaluated again (or projections voided) meanwhile.
    Writes nothing to the flags themselves. True when a projection was stored."""
    today = profile.today()
    if flags_are_stale(profile):
        return False  # the next read or the worker evaluates first, which voids any projection
    # The stamp first: any evaluation that commits after this draws a new one, so rows read below that
    # include its write are never stored under this stamp.
    stamp = (
        PatientSummary.objects.filter(runner_id=owner.pk).values_list("evaluation_stamp", flat=True).first()
    )
    if stamp is None:
        return False
    rows = journal_rows(owner=owner, today=today)
    facts = journal_facts(owner=owner, profile=profile, today=today, rows=rows)
    projection = _projection(owner=owner, profile=profile, rows=rows, facts=facts)
    return PatientSummary.objects.filter(runner_id=owner.pk, evaluation_stamp=stamp).update(**projection) == 1


def finding_columns(finding: rules.Flag) -> dict:
    """A finding as what is stored of it, with its key; plain JSON (a projection keeps these)."""
    values = flag_values(finding, seen_at=None)
    del values["last_seen_at"]
    return {"key": finding.key, **values}


def _store(
    *,
    owner: AbstractBaseUser,
    profile: Profile,
    today: date,
    findings: list[dict],
    summary: dict,
    open_flags: dict[str, Flag],
    projection: dict | None = None,
) -> list[Flag]:
    """Make the stored flags what was found (finding_columns), and store the summary with them (and
    tomorrow's projection, from projection_values, when there is one; else the summary has none).

    `open_flags`: the open flags by key, locked. Returns the flags open afterwards.
    """
    now = timezone.now()
    to_create, to_update, seen_again = [], [], []
    # The columns any updated flag changed: the UPDATE writes only those (and when each was last seen), as
    # a CASE over every column of every flag cost more than the rest of the evaluation.
    columns = {"last_seen_at"}
    for found in findings:
        key = found["key"]
        values = {name: value for name, value in found.items() if name != "key"}
        values["last_seen_at"] = now
        stored = open_flags.pop(key, None)
        if stored is None:
            to_create.append(Flag(owner=owner, key=key, raised_at=now, **values))
            continue
        old_ids = {e["id"] for e in stored.evidence}
        new_ids = {e["id"] for e in values["evidence"]}
        changed = {k for k, v in values.items() if k in UPDATED_COLUMNS and not _same(getattr(stored, k), v)}
        # Something new behind it (a new entry, a higher severity) brings an acknowledged flag back.
        if new_ids - old_ids or values["severity_rank"] > stored.severity_rank:
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
    # The rest is written in one go (one round trip on PostgreSQL).
    writes = []
    if seen_again and not to_update:
        # Found again exactly as stored: one plain UPDATE, not a CASE per column per flag.
        writes.append(update_same_write(Flag, [f.pk for f in seen_again], "last_seen_at", now))
    elif seen_again:
        to_update.extend(seen_again)  # one statement for all, as the changed ones need a CASE anyway
        seen_again = []
    if to_update:
        writes.append(update_many_write(Flag, to_update, tuple(columns)))
    if profile.flags_evaluated_on != today or profile.flags_version != profile.journal_version:
        # The journal_version read before the journal was: this evaluation saw at least its writes.
        version = profile.journal_version
        writes.append(evaluated_write(Profile, pk=profile.pk, day=today, version=version))
        profile.flags_evaluated_on, profile.flags_version = today, version
    still_open = [*to_create, *seen_again, *(f for f in to_update if f.cleared_at is None)]
    # The triage list's row for this runner.
    writes.append(
        summary_write(owner_id=owner.pk, base=summary, open_flags=still_open, projection=projection)
    )
    run_reads(*writes)
    return still_open


def flags_are_stale(profile: Profile) -> bool:
    """Whether the flags must be evaluated before they are read: last evaluated on an earlier day of
    the runner's calendar, or before a write that did not evaluate them (flags_deferred)."""
    return flags_stale(
        evaluated_on=profile.flags_evaluated_on,
        today=profile.today(),
        flags_version=profile.flags_version,
        journal_version=profile.journal_version,
    )


def flags_stale(*, evaluated_on: date | None, today: date, flags_version: int, journal_version: int) -> bool:
    """flags_are_stale from the profile's values (the triage list reads them as plain values)."""
    return evaluated_on is None or evaluated_on < today or flags_version < journal_version


_deferred: ContextVar[bool] = ContextVar("flags_deferred", default=False)


@contextmanager
def flags_deferred() -> Iterator[None]:
    """Within it, a write to a journal marks the runner's flags out of date (one UPDATE) instead of
    evaluating them: the next read of the flags evaluates them first (flags_current), and so does
    the task worker within a minute when nobody reads them (journal.jobs.nightly). The API and the
    forms write this way, so a burst of writes (an offline queue sending twenty entries) is
    evaluated once, by the read that follows it."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def flags_after_write(*, owner: AbstractBaseUser, profile: Profile | None = None) -> None:
    """Called by every write to a runner's journal: evaluate the flags now, or, within
    flags_deferred, mark them out of date."""
    if not _deferred.get():
        flags_refresh(owner=owner, profile=profile)
        return
    flags_out_of_date(owner_id=owner.pk, profile=profile)


def flags_out_of_date(*, owner_id, profile: Profile | None = None) -> None:
    """Mark the runner's flags out of date (one UPDATE): the next read evaluates them first, and the
    task worker within a minute when nobody reads them."""
    run_reads(bump_write(Profile, by="user", key=owner_id, name="journal_version"))
    if profile is not None:  # so a read later in this request sees the flags out of date too
        profile.journal_version += 1


@dataclass
class Refreshed:
    """A read that re-evaluated stale flags: the flags open now and, when the journal was read for
    it, the rows (for reuse; None when yesterday's projection was stored instead)."""

    rows: JournalRows | None
    flags: list[Flag]


def flags_current(*, owner: AbstractBaseUser, profile: Profile | None = None) -> Refreshed | None:
    """Call before reading a runner's flags. If they were last evaluated on an earlier day of the
    runner's own calendar, or before a write that did not evaluate them, bring them up to date first:
    from the projection the task worker made for today when it still applies
    (journal.flags.projection), else by evaluating in full. None, with no queries, when they are
    current."""
    if profile is None:
        profile = Profile.objects.get(user=owner)
    if not flags_are_stale(profile):
        return None
    today = profile.today()
    # The profile was read before the journal is: its journal_version counts no write the rows miss.
    version = profile.journal_version
    # A projection is for the day after the evaluation it follows: only flags from yesterday can have
    # one, and only if no write since has gone unevaluated.
    usable = profile.flags_evaluated_on == today - timedelta(days=1) and profile.flags_version == version
    projected = projection_for(owner_id=owner.pk, profile=profile, day=today) if usable else None
    rows = None if projected else journal_rows(owner=owner, today=today)
    # Inside the request's transaction when there is one, without a savepoint of its own.
    with transaction.atomic(savepoint=False):
        # Claimed under the lock (the two sent together): if another request evaluated today's flags
        # as of this journal_version or a later one since this profile was read, what was read or
        # projected here may be older than what they stored.
        locked, claimed = run_reads(
            open_flags_read(Flag, owner_id=owner.pk),
            evaluated_write(Profile, pk=profile.pk, day=today, version=version, claim=True),
        )
        if not claimed:
            return Refreshed(rows=None, flags=list(Flag.objects.filter(owner=owner, cleared_at__isnull=True)))
        profile.flags_evaluated_on, profile.flags_version = today, version
        open_flags = _by_key(locked)
        if projected:
            flags, summary = projected
            stored = _store(
                owner=owner,
                profile=profile,
                today=today,
                findings=flags,
                summary=summary,
                open_flags=open_flags,
            )
        else:
            stored = _evaluate(owner=owner, profile=profile, rows=rows, open_flags=open_flags)
    return Refreshed(rows=rows, flags=stored)


def flags_current_for(patients) -> int:
    """The triage list's read: bring up to today only the patients whose flags are from an earlier day.

    `patients` are users with their profile loaded (select_related); returns how many were stale.
    """
    stale = [p for p in patients if flags_are_stale(p.profile)]
    for patient in stale:
        flags_current(owner=patient, profile=patient.profile)
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
