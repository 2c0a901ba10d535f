"""Load an export's data.json into an (empty) account: every entry gets a new id, links follow."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from injuries.models import Condition, Exercise
from journal.accounts.services import profile_update
from journal.entries import services
from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    InjuryEpisode,
    ReturnPlan,
    Run,
    Shoe,
)

SKIP = {"id", "version", "created_at", "total_m", "wear_state"}


def _fields(model, row: dict, skip=frozenset()) -> dict:
    names = {f.name for f in model._meta.concrete_fields}
    return {k: v for k, v in row.items() if k in names and k not in SKIP and k not in skip}


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


@transaction.atomic
def export_load(*, owner: AbstractBaseUser, data: dict) -> dict[str, int]:
    if data.get("format") != "footnote-export":
        raise ValidationError("This is not a Footnote export (data.json).")
    if Run.objects.filter(owner=owner).exists() or Checkin.objects.filter(owner=owner).exists():
        raise ValidationError("Load an export only into an account with an empty journal.")
    profile = data.get("profile") or {}
    profile_update(
        user=owner,
        display_name=profile.get("display_name") or owner.get_username(),
        unit=profile.get("unit", "km"),
        time_zone=profile.get("time_zone", "UTC"),
    )
    ids: dict[str, uuid.UUID] = {}

    def new_id(old) -> uuid.UUID:
        ids[str(old)] = uuid.uuid4()
        return ids[str(old)]

    def mapped(old):
        return ids.get(str(old)) if old else None

    conditions = {c.slug: c for c in Condition.objects.all()}
    exercises = {e.slug: e for e in Exercise.objects.all()}
    counts = {}

    shoes = [Shoe(id=new_id(r["id"]), owner=owner, **_fields(Shoe, r)) for r in data.get("shoes", [])]
    Shoe.objects.bulk_create(shoes)
    episodes = []
    for r in data.get("injuries", []):
        fields = _fields(InjuryEpisode, r, {"condition"})
        episodes.append(
            InjuryEpisode(
                id=new_id(r["id"]), owner=owner, condition=conditions.get(r.get("condition")), **fields
            )
        )
    InjuryEpisode.objects.bulk_create(episodes)
    plans = [
        ReturnPlan(
            id=new_id(r["id"]),
            owner=owner,
            episode_id=mapped(r.get("episode")),
            started_on=_date(r["started_on"]),
            pre_injury_weekly_m=r["pre_injury_weekly_m"],
            status=r["status"],
            ended_on=_date(r.get("ended_on")),
        )
        for r in data.get("return_plans", [])
    ]
    ReturnPlan.objects.bulk_create(plans)
    runs = [
        Run(
            id=new_id(r["id"]),
            owner=owner,
            shoe_id=mapped(r.get("shoe")),
            return_plan_id=mapped(r.get("return_plan")),
            **_fields(Run, r, {"shoe", "return_plan"}),
        )
        for r in data.get("runs", [])
    ]
    Run.objects.bulk_create(runs, batch_size=500)
    checkins = [
        Checkin(id=new_id(r["id"]), owner=owner, **_fields(Checkin, r)) for r in data.get("checkins", [])
    ]
    Checkin.objects.bulk_create(checkins, batch_size=500)
    prescriptions = []
    for r in data.get("prescriptions", []):
        exercise = exercises.get(r.get("exercise"))
        if exercise is None:
            continue
        prescriptions.append(
            ExercisePrescription(
                id=new_id(r["id"]),
                owner=owner,
                exercise=exercise,
                prescribed_by=owner if not r.get("prescribed_by_physiotherapist") else None,
                **_fields(ExercisePrescription, r, {"exercise"}),
            )
        )
    ExercisePrescription.objects.bulk_create(prescriptions)
    completions = []
    for r in data.get("exercise_completions", []):
        exercise = exercises.get(r.get("exercise"))
        if exercise is None:
            continue
        completions.append(
            ExerciseCompletion(
                id=new_id(r["id"]),
                owner=owner,
                exercise=exercise,
                prescription_id=mapped(r.get("prescription")),
                **_fields(ExerciseCompletion, r, {"exercise", "prescription"}),
            )
        )
    ExerciseCompletion.objects.bulk_create(completions, batch_size=500)
    counts = {
        "shoes": len(shoes),
        "injuries": len(episodes),
        "runs": len(runs),
        "checkins": len(checkins),
        "prescriptions": len(prescriptions),
        "exercise_completions": len(completions),
    }
    services.journal_refresh(owner=owner)
    return counts
