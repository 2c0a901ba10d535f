"""Build the export: data.json (the API's shapes) and one CSV per table, zipped."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from journal.api import serializers as s
from journal.common.csv_safe import safe_cell
from journal.entries.selectors import shoes_with_totals
from journal.flags.services import flags_current
from journal.models import (
    AccessLog,
    Checkin,
    ClinicianNote,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    Profile,
    ReturnPlan,
    Run,
)

FORMAT_VERSION = 1


def _return_plans(owner) -> list[dict]:
    return [
        {
            "id": str(plan.pk),
            "episode": str(plan.episode_id) if plan.episode_id else None,
            "started_on": plan.started_on,
            "pre_injury_weekly_m": plan.pre_injury_weekly_m,
            "status": plan.status,
            "ended_on": plan.ended_on,
        }
        for plan in ReturnPlan.objects.filter(owner=owner).order_by("started_on")
    ]


def export_data(*, owner: AbstractBaseUser) -> dict:
    """Everything the runner stored, as plain JSON-ready data."""
    profile = Profile.objects.select_related("user").get(user=owner)
    flags_current(owner=owner, profile=profile)  # the flags as of today, with every write evaluated
    notes = ClinicianNote.objects.filter(patient=owner, private=False).select_related("author__profile")
    access = AccessLog.objects.filter(patient=owner).select_related("physio__profile")
    return {
        "format": "footnote-export",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "profile": s.ProfileSerializer(profile).data,
        "shoes": s.ShoeSerializer(shoes_with_totals(owner=owner).order_by("created_at"), many=True).data,
        "runs": s.RunSerializer(
            Run.objects.filter(owner=owner).order_by("date", "created_at"), many=True
        ).data,
        "checkins": s.CheckinSerializer(
            Checkin.objects.filter(owner=owner).order_by("date", "created_at"), many=True
        ).data,
        "injuries": s.EpisodeSerializer(
            InjuryEpisode.objects.filter(owner=owner).select_related("condition").order_by("onset_date"),
            many=True,
        ).data,
        "prescriptions": s.PrescriptionSerializer(
            ExercisePrescription.objects.filter(owner=owner).select_related("exercise").order_by("starts_on"),
            many=True,
        ).data,
        "exercise_completions": s.CompletionSerializer(
            ExerciseCompletion.objects.filter(owner=owner).select_related("exercise").order_by("date"),
            many=True,
        ).data,
        "return_plans": _return_plans(owner),
        # Every flag ever raised, open and cleared: the history. Clinician-only findings are the
        # physiotherapist's working notes and are not part of the runner's journal view.
        "flags": s.FlagSerializer(
            Flag.objects.filter(owner=owner, clinician_only=False).order_by("raised_at"), many=True
        ).data,
        "notes_from_physiotherapists": [
            {"author": n.author.profile.display_name, "text": n.text, "created_at": n.created_at}
            for n in notes
        ],
        "access_log": [
            {"physiotherapist": a.physio.profile.display_name, "action": a.action, "at": a.at} for a in access
        ],
    }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, cls=DjangoJSONEncoder)
    elif isinstance(value, datetime):
        value = value.isoformat()
    return safe_cell(value)


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


README = """Your Footnote journal

data.json holds everything, in the same shapes as Footnote's API (/api/docs/).
Each .csv file is one table of it, for a spreadsheet. Distances are metres, durations
seconds, dates your own local dates. A cell that would start with = + - or @ starts with '
so that a spreadsheet shows it as text.
"""


def export_zip(*, owner: AbstractBaseUser, stream) -> None:
    data = export_data(owner=owner)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README)
        zf.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        zf.writestr("profile.csv", _csv([data["profile"]]))
        for table, rows in data.items():
            if isinstance(rows, list):
                zf.writestr(f"{table}.csv", _csv(rows))
