"""Every write to the journal goes through here: validate, store, then evaluate the flags (or mark them
out of date, within journal.flags.services.flags_deferred)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint

from journal.common.constants import MAX_RUN_M
from journal.flags import services as flagging
from journal.flags.replay import flags_replay
from journal.flags.rows import insert_write, run_reads
from journal.models import (
    Checkin,
    Entry,
    ExerciseCompletion,
    ExercisePrescription,
    InjuryEpisode,
    ReturnPlan,
    ReturnPlanStatus,
    Run,
    Shoe,
)

E = TypeVar("E", bound=Entry)

RETURN_PLAN_MAX_BACKDATE_DAYS = 28


class EntryNotFound(Exception):
    """The id belongs to an entry the caller may not see; views answer 404."""


def _after_write(owner: AbstractBaseUser) -> None:
    # The signed-in runner's profile is loaded with the user (journal.accounts.backends): reuse it.
    user_model = get_user_model()
    loaded = isinstance(owner, user_model) and user_model.profile.is_cached(owner)
    flagging.flags_after_write(owner=owner, profile=owner.profile if loaded else None)


def journal_refresh(*, owner: AbstractBaseUser) -> None:
    """Re-derive everything computed from a runner's journal, e.g. after a bulk import: the flag
    history of the days it covers that were never evaluated, then today's flags."""
    flags_replay(owner=owner)
    _after_write(owner)


def _validate(entry: Entry) -> None:
    """Field checks and each model's clean(), then its unique rules (one per day and side...).

    The check constraints say again in the database what clean() already checks with friendly
    messages, so they are left to the database rather than asked about one query each.
    """
    # The owner is the signed-in user or the service's caller, never typed in: no query to check it exists.
    entry.full_clean(exclude=["owner"], validate_unique=False, validate_constraints=False)
    for constraint in entry._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            constraint.validate(type(entry), entry)


def _entry_create(model: type[E], *, owner: AbstractBaseUser, entry_id: uuid.UUID | None, fields: dict) -> E:
    """Create an entry, or return the stored one when the same id is sent again.

    The returned entry's `was_created` says whether this call stored it, so a caller (the API)
    can tell a replay or a twin request that won the race from a new entry.
    """
    entry = model(id=entry_id or uuid.uuid4(), owner=owner, **fields)
    _validate(entry)
    # Stored unless the id is taken (a resend, or a twin request that won the race): one statement.
    if not run_reads(insert_write(entry))[0]:
        existing = model.objects.filter(pk=entry.pk).first()
        if existing is None or existing.owner_id != owner.pk:
            raise EntryNotFound(entry.pk)
        existing.was_created = False
        return existing
    _after_write(owner)
    entry.was_created = True
    return entry


Precondition = Callable[[Any], None]


def _locked(entry: E, precondition: Precondition | None) -> E:
    """The entry as stored now, its row locked until the transaction ends.

    A caller's precondition (the API's If-Match) is checked against this copy, so of two writes
    that read the same version only the first to take the lock passes; the other sees the new
    version and is refused. Callers run inside a transaction (every service is atomic).
    """
    if precondition is None:
        return entry
    locked = type(entry).objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:  # deleted by a concurrent request
        raise EntryNotFound(entry.pk)
    precondition(locked)
    return locked


def _entry_update(entry: E, fields: dict, *, precondition: Precondition | None = None) -> E:
    entry = _locked(entry, precondition)
    for name, value in fields.items():
        setattr(entry, name, value)
    _validate(entry)
    entry.save()
    _after_write(entry.owner)
    return entry


def _entry_delete(entry: Entry, *, precondition: Precondition | None = None) -> None:
    entry = _locked(entry, precondition)
    owner = entry.owner
    entry.delete()
    _after_write(owner)


# Shoes


@transaction.atomic
def shoe_create(*, owner: AbstractBaseUser, shoe_id: uuid.UUID | None = None, **fields: Any) -> Shoe:
    make_default = (
        fields.pop("is_default", False)
        or not Shoe.objects.filter(owner=owner, retired_on__isnull=True).exists()
    )
    shoe = _entry_create(Shoe, owner=owner, entry_id=shoe_id, fields=fields)
    if make_default and not shoe.is_default:
        shoe_set_default(shoe=shoe)
    return shoe


@transaction.atomic
def shoe_update(*, shoe: Shoe, precondition: Precondition | None = None, **fields: Any) -> Shoe:
    return _entry_update(shoe, fields, precondition=precondition)


@transaction.atomic
def shoe_save(
    *, shoe: Shoe, is_default: bool | None = None, precondition: Precondition | None = None, **fields: Any
) -> Shoe:
    """An edit from the API: retiring clears the default; asking for default makes it the only one."""
    if fields.get("retired_on"):
        fields["is_default"] = False
    shoe = _entry_update(shoe, fields, precondition=precondition)
    if is_default and not shoe.is_default:
        shoe_set_default(shoe=shoe)
    elif is_default is False and shoe.is_default:
        shoe = _entry_update(shoe, {"is_default": False})
    return shoe


@transaction.atomic
def shoe_set_default(*, shoe: Shoe) -> Shoe:
    if shoe.retired_on:
        raise ValidationError({"is_default": "A retired shoe cannot be your default; bring it back first."})
    Shoe.objects.filter(owner_id=shoe.owner_id, is_default=True).exclude(pk=shoe.pk).update(is_default=False)
    shoe.is_default = True
    shoe.save(update_fields=["is_default", "updated_at"])
    return shoe


@transaction.atomic
def shoe_retire(*, shoe: Shoe, on: date) -> Shoe:
    return _entry_update(shoe, {"retired_on": on, "is_default": False})


@transaction.atomic
def shoe_unretire(*, shoe: Shoe) -> Shoe:
    return _entry_update(shoe, {"retired_on": None})


@transaction.atomic
def shoe_delete(*, shoe: Shoe, precondition: Precondition | None = None) -> None:
    _entry_delete(shoe, precondition=precondition)


# Runs


@transaction.atomic
def run_record(*, owner: AbstractBaseUser, run_id: uuid.UUID | None = None, **fields: Any) -> Run:
    return _entry_create(Run, owner=owner, entry_id=run_id, fields=fields)


@transaction.atomic
def run_update(*, run: Run, precondition: Precondition | None = None, **fields: Any) -> Run:
    return _entry_update(run, fields, precondition=precondition)


@transaction.atomic
def run_delete(*, run: Run, precondition: Precondition | None = None) -> None:
    _entry_delete(run, precondition=precondition)


# Check-ins


def checkin_default_time(*, owner: AbstractBaseUser, day: date | None) -> time:
    """Now, for a check-in about today; midday for one about an earlier day."""
    now = owner.profile.local_now()
    if day is None or day == now.date():
        return now.time().replace(second=0, microsecond=0)
    return time(12, 0)


@transaction.atomic
def checkin_record(*, owner: AbstractBaseUser, checkin_id: uuid.UUID | None = None, **fields: Any) -> Checkin:
    """Store one check-in; a runner may log several a day and side, each idempotent by its own id."""
    if fields.get("time") is None:
        fields["time"] = checkin_default_time(owner=owner, day=fields.get("date"))
    return _entry_create(Checkin, owner=owner, entry_id=checkin_id, fields=fields)


@transaction.atomic
def checkin_update(*, checkin: Checkin, precondition: Precondition | None = None, **fields: Any) -> Checkin:
    return _entry_update(checkin, fields, precondition=precondition)


@transaction.atomic
def checkin_delete(*, checkin: Checkin, precondition: Precondition | None = None) -> None:
    _entry_delete(checkin, precondition=precondition)


# Injury episodes


@transaction.atomic
def episode_record(
    *, owner: AbstractBaseUser, episode_id: uuid.UUID | None = None, **fields: Any
) -> InjuryEpisode:
    return _entry_create(InjuryEpisode, owner=owner, entry_id=episode_id, fields=fields)


@transaction.atomic
def episode_update(
    *, episode: InjuryEpisode, precondition: Precondition | None = None, **fields: Any
) -> InjuryEpisode:
    return _entry_update(episode, fields, precondition=precondition)


@transaction.atomic
def episode_delete(*, episode: InjuryEpisode, precondition: Precondition | None = None) -> None:
    _entry_delete(episode, precondition=precondition)


# Return-to-run plans


@transaction.atomic
def return_plan_start(
    *,
    owner: AbstractBaseUser,
    started_on: date,
    pre_injury_weekly_m: int,
    episode: InjuryEpisode | None = None,
    plan_id: uuid.UUID | None = None,
) -> ReturnPlan:
    """Start a walk-run plan, today or up to 28 days back (a plan begun before it was logged)."""
    if plan_id is not None:
        stored = ReturnPlan.objects.filter(pk=plan_id).first()
        if stored is not None:
            if stored.owner_id != owner.pk:
                raise EntryNotFound(plan_id)
            stored.was_created = False
            return stored
    today = owner.profile.today()
    if started_on > today:
        raise ValidationError({"started_on": "A plan cannot start in the future."})
    if started_on < today - timedelta(days=RETURN_PLAN_MAX_BACKDATE_DAYS):
        raise ValidationError(
            {"started_on": f"A plan can start at most {RETURN_PLAN_MAX_BACKDATE_DAYS} days back."}
        )
    if episode is not None and episode.owner_id != owner.pk:
        raise ValidationError({"episode": "Choose one of your own injuries."})
    if ReturnPlan.objects.filter(owner=owner, status=ReturnPlanStatus.ACTIVE).exists():
        raise ValidationError("You already have a return-to-run plan in progress.")
    if pre_injury_weekly_m <= 0:
        raise ValidationError({"pre_injury_weekly_m": "Give the weekly distance you ran before the injury."})
    if pre_injury_weekly_m > 7 * MAX_RUN_M:
        raise ValidationError(
            {"pre_injury_weekly_m": "That is more than 2,100 km a week; check the distance."}
        )
    return _entry_create(
        ReturnPlan,
        owner=owner,
        entry_id=plan_id,
        fields={"started_on": started_on, "pre_injury_weekly_m": pre_injury_weekly_m, "episode": episode},
    )


@transaction.atomic
def return_plan_end(*, plan: ReturnPlan, status: str, on: date) -> ReturnPlan:
    if status not in (ReturnPlanStatus.COMPLETED, ReturnPlanStatus.STOPPED):
        raise ValidationError({"status": "A plan ends as completed or stopped."})
    if plan.status != ReturnPlanStatus.ACTIVE:
        raise ValidationError({"status": "This plan has already ended."})
    if on < plan.started_on:
        raise ValidationError({"ended_on": "A plan cannot end before it started."})
    return _entry_update(plan, {"status": status, "ended_on": on})


# Exercise prescriptions


@transaction.atomic
def prescription_record(
    *, owner: AbstractBaseUser, prescription_id: uuid.UUID | None = None, **fields: Any
) -> ExercisePrescription:
    return _entry_create(ExercisePrescription, owner=owner, entry_id=prescription_id, fields=fields)


@transaction.atomic
def prescription_end(*, prescription: ExercisePrescription, on: date) -> ExercisePrescription:
    return _entry_update(prescription, {"ends_on": max(on, prescription.starts_on)})


# Exercise completions


@transaction.atomic
def completion_record(
    *, owner: AbstractBaseUser, completion_id: uuid.UUID | None = None, **fields: Any
) -> ExerciseCompletion:
    return _entry_create(ExerciseCompletion, owner=owner, entry_id=completion_id, fields=fields)


@transaction.atomic
def completion_update(
    *, completion: ExerciseCompletion, precondition: Precondition | None = None, **fields: Any
) -> ExerciseCompletion:
    return _entry_update(completion, fields, precondition=precondition)


@transaction.atomic
def completion_delete(*, completion: ExerciseCompletion, precondition: Precondition | None = None) -> None:
    _entry_delete(completion, precondition=precondition)
