"""One patient's journal as one CSV for their physiotherapist: every check-in with all its answers
(red-flag questions included), runs, exercises done, flags, prescriptions and notes, oldest first, one
row each with its `kind`. Distances and paces are in the patient's own unit, which the header names.

The view checks the link and writes the access log before calling this; `csv_safe.SafeWriter` keeps
any text from starting a formula.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser

from injuries.models import Region, dose_text
from journal.clinic import selectors
from journal.common.units import format_duration, format_pace, from_metres
from journal.flags.clinician import for_clinician
from journal.models import (
    Checkin,
    ClinicianNote,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    Run,
)
from journal.models.choices import BonePoint, PainKind, Severity, Side, Surface, Swelling
from journal.rules.facts import SIDES

# Rows of one day: entries in the order they happen, then what was said about them.
KIND_ORDER = ("checkin", "run", "exercise", "flag", "prescription", "clinical_note")

# How a check-in's list answers are written: their labels, joined.
LIST_LABELS = {
    "locations": dict(Region.choices),
    "pain_kinds": dict(PainKind.choices),
    "bone_tenderness": dict(BonePoint.choices),
}


def export_columns(*, unit: str) -> list[str]:
    return [
        "date",
        "time",
        "kind",
        "side",
        "what",
        *Checkin.ANSWER_FIELDS,
        "pain_during",
        f"distance_{unit}",
        "duration",
        f"pace_per_{unit}",
        "effort",
        "surface",
        "shoe",
        "severity",
        "flag_code",
        "raised",
        "cleared",
        "dose",
        "starts_on",
        "ends_on",
        "notes",
        "by",
    ]


def export_rows(*, physio: AbstractBaseUser, patient: AbstractBaseUser) -> list[list]:
    """The rows under `export_columns`, oldest first; None (not given) is written as an empty cell,
    never as 0. Six queries, however long the journal."""
    profile = patient.profile
    unit, zone = profile.unit, ZoneInfo(profile.time_zone)
    journal = selectors.whole_journal(patient=patient)
    rows = [
        *(_checkin(c) for c in journal.checkins),
        *(_run(r, unit, zone) for r in journal.runs),
        *(_completion(e) for e in journal.completions),
        *(_flag(f, zone) for f in journal.flags),
        *(_prescription(p) for p in journal.prescriptions),
        *(_note(n, zone) for n in selectors.notes_seen_by(physio=physio, patient=patient, limit=None)),
    ]
    rows.sort(key=lambda row: (row["date"], row["time"], KIND_ORDER.index(row["kind"])))
    columns = export_columns(unit=unit)
    named = {f"distance_{unit}": "distance", f"pace_per_{unit}": "pace"}
    return [[row.get(named.get(column, column), "") for column in columns] for row in rows]


def _checkin(checkin: Checkin) -> dict:
    row = {
        "date": checkin.date,
        "time": _hhmm(checkin.time),
        "kind": "checkin",
        "side": _label(Side, checkin.side),
        "notes": checkin.notes,
    }
    for field in Checkin.ANSWER_FIELDS:
        row[field] = _answer(field, getattr(checkin, field))
    return row


def _answer(field: str, value) -> str | int | None:
    if value is None:
        return None
    if field in LIST_LABELS:
        return "; ".join(LIST_LABELS[field].get(code, code) for code in value)
    if field == "swelling":
        return _label(Swelling, value).lower()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _run(run: Run, unit: str, zone: ZoneInfo) -> dict:
    return {
        "date": run.date,
        "time": _hhmm(run.started_at.astimezone(zone).time()) if run.started_at else "",
        "kind": "run",
        "what": "Walk-run plan session" if run.return_plan_id else "Run",
        "pain_during": run.pain_during,
        "distance": f"{from_metres(run.distance_m, unit):.2f}",
        "duration": format_duration(run.duration_s, with_hours=True),
        "pace": format_pace(run.duration_s, run.distance_m, unit, with_unit=False),
        "effort": run.effort,
        "surface": _label(Surface, run.surface) + (", hilly" if run.hilly else ""),
        "shoe": run.shoe.name if run.shoe else "",
        "notes": run.notes,
    }


def _completion(done: ExerciseCompletion) -> dict:
    return {
        "date": done.date,
        "time": "",
        "kind": "exercise",
        "what": done.exercise.name,
        "pain_during": done.pain_during,
        "dose": dose_text(sets=done.sets_done, reps=done.reps_done, hold_s=None, times_per_week=None),
        "notes": done.notes,
    }


def _flag(flag: Flag, zone: ZoneInfo) -> dict:
    raised = flag.raised_at.astimezone(zone)
    return {
        "date": raised.date(),
        "time": _hhmm(raised.time()),
        "kind": "flag",
        "side": _label(Side, flag.subject) if flag.subject in SIDES else "",
        "what": for_clinician(flag.title),
        "severity": _label(Severity, flag.severity),
        "flag_code": flag.code,
        "raised": _when(flag.raised_at, zone),
        "cleared": _when(flag.cleared_at, zone),
    }


def _prescription(prescription: ExercisePrescription) -> dict:
    by = prescription.prescribed_by
    return {
        "date": prescription.starts_on,
        "time": "",
        "kind": "prescription",
        "what": prescription.exercise.name,
        "dose": dose_text(
            sets=prescription.sets,
            reps=prescription.reps,
            hold_s=prescription.hold_s,
            times_per_week=prescription.times_per_week,
        ),
        "starts_on": prescription.starts_on,
        "ends_on": prescription.ends_on,
        "notes": prescription.notes,
        "by": by.profile.display_name if by else "",
    }


def _note(note: ClinicianNote, zone: ZoneInfo) -> dict:
    written = note.created_at.astimezone(zone)
    return {
        "date": written.date(),
        "time": _hhmm(written.time()),
        "kind": "clinical_note",
        "what": "Private note" if note.private else "Note shared with the patient",
        "notes": note.text,
        "by": note.author.profile.display_name,
    }


def _label(choices, value: str) -> str:
    return dict(choices.choices).get(value, value or "")


def _hhmm(value: time | None) -> str:
    return "" if value is None else f"{value:%H:%M}"


def _when(value: datetime | None, zone: ZoneInfo) -> str:
    return "" if value is None else f"{value.astimezone(zone):%Y-%m-%d %H:%M}"
