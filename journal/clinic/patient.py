"""One patient's journal as their physiotherapist sees it: the reads of the patient page, and the
timeline, charts and adherence table built from them (the CSV export is `clinic.export`).

The views check the link (`selectors.patient_for`) and write the access log before calling these.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from journal.clinic import selectors
from journal.models import Checkin, ExerciseCompletion, ExercisePrescription, Flag, InjuryEpisode, Run
from journal.today import charts


def checkins_since(*, patient: AbstractBaseUser, since: date) -> list[Checkin]:
    return list(Checkin.objects.filter(owner=patient, date__gte=since).order_by("-date"))


def runs_since(*, patient: AbstractBaseUser, since: date) -> list[Run]:
    return list(Run.objects.filter(owner=patient, date__gte=since).select_related("shoe").order_by("-date"))


def run_rows_since(*, patient: AbstractBaseUser, since: date) -> list[tuple[date, int, int | None]]:
    """(date, distance_m, pain_during) of each run from `since`, for the distance chart."""
    return list(
        Run.objects.filter(owner=patient, date__gte=since).values_list("date", "distance_m", "pain_during")
    )


def completions_since(*, patient: AbstractBaseUser, since: date) -> list[ExerciseCompletion]:
    return list(
        ExerciseCompletion.objects.filter(owner=patient, date__gte=since)
        .select_related("exercise")
        .order_by("-date")
    )


def flags_latest(*, patient: AbstractBaseUser, limit: int = 100) -> list[Flag]:
    return list(Flag.objects.filter(owner=patient).order_by("-raised_at")[:limit])


def flag_open_of(*, patient: AbstractBaseUser, flag_id: int) -> Flag | None:
    try:
        return Flag.objects.get(pk=flag_id, owner=patient, cleared_at__isnull=True)
    except Flag.DoesNotExist:
        return None


def episode_open(*, patient: AbstractBaseUser) -> InjuryEpisode | None:
    return (
        InjuryEpisode.objects.filter(owner=patient, status__in=["active", "recovering"])
        .select_related("condition")
        .first()
    )


def prescriptions_of(*, patient: AbstractBaseUser) -> QuerySet[ExercisePrescription]:
    return ExercisePrescription.objects.filter(owner=patient).select_related("exercise")


def prescription_of(*, patient: AbstractBaseUser, prescription_id) -> ExercisePrescription | None:
    try:
        return ExercisePrescription.objects.get(pk=prescription_id, owner=patient)
    except ExercisePrescription.DoesNotExist:
        return None


def adherence_by_week(*, patient: AbstractBaseUser, today: date, weeks: int = 4) -> list[dict]:
    """Completed against prescribed sessions, per exercise and week, with pain during them."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    prescriptions = list(prescriptions_of(patient=patient))
    done: dict[tuple[int, date], list[int]] = {}
    for exercise_id, day, pain in ExerciseCompletion.objects.filter(
        owner=patient, date__gte=start
    ).values_list("exercise_id", "date", "pain_during"):
        week = day - timedelta(days=day.weekday())
        done.setdefault((exercise_id, week), []).append(pain)
    rows = []
    for p in prescriptions:
        cells = []
        for w in range(weeks):
            week = start + timedelta(weeks=w)
            active = p.starts_on <= week + timedelta(days=6) and (p.ends_on is None or p.ends_on >= week)
            pains = done.get((p.exercise_id, week), [])
            cells.append(
                {
                    "week": week,
                    "active": active,
                    "done": len(pains),
                    "target": p.times_per_week if active else 0,
                    "pain_max": max(pains) if pains else None,
                }
            )
        rows.append({"prescription": p, "cells": cells})
    return rows


ENTRY_KINDS = {"checkin", "run", "exercise"}
LATEST_ENTRIES = 5


def patient_page(*, physio: AbstractBaseUser, patient: AbstractBaseUser, weeks: int) -> dict:
    """What the patient page shows of the last `weeks` weeks; call with the patient's flags current."""
    profile = patient.profile
    today = profile.today()
    since = today - timedelta(days=weeks * 7)
    checkins = checkins_since(patient=patient, since=since)
    runs = runs_since(patient=patient, since=since)
    completions = completions_since(patient=patient, since=since)
    flags = flags_latest(patient=patient)
    run_points = [charts.RunPoint(r.date, r.distance_m, r.pain_during) for r in runs]
    pain = charts.pain_chart(
        checkins=[charts.PainPoint(c.date, c.pain_now, c.pain_waking) for c in checkins],
        runs=run_points,
        today=today,
        unit=profile.unit,
        weeks=weeks,
    )
    distance = charts.distance_chart(
        runs=[
            charts.RunPoint(*row)
            for row in run_rows_since(patient=patient, since=today - timedelta(days=weeks * 7 + 7))
        ],
        today=today,
        unit=profile.unit,
        weeks=max(weeks, 4),
    )
    items = timeline(checkins, runs, completions, [f for f in flags if f.raised_at.date() >= since])
    return {
        "profile": profile,
        "timeline": items,
        "latest_entries": [i for i in items if i["kind"] in ENTRY_KINDS][:LATEST_ENTRIES],
        "pain_chart": pain,
        "distance_chart": distance,
        "episode": episode_open(patient=patient),
        "flags": flags,
        # Most severe first, then the newest.
        "open_flags": sorted(
            (f for f in flags if f.cleared_at is None),
            key=lambda f: (-f.severity_rank, -f.raised_at.timestamp()),
        ),
        "notes": selectors.notes_seen_by(physio=physio, patient=patient),
        "adherence": adherence_by_week(patient=patient, today=today),
        "prescriptions": prescriptions_of(patient=patient),
        "overrides": selectors.overrides_described(profile),
        "acwr": selectors.acwr_for(patient=patient, today=today),
        "unit": profile.unit,
        "report_allowed": selectors.report_allowed(physio=physio, patient=patient),
    }


def timeline(checkins, runs, completions, flags) -> list[dict]:
    items = [{"date": c.date, "kind": "checkin", "entry": c} for c in checkins]
    items += [{"date": r.date, "kind": "run", "entry": r} for r in runs]
    items += [{"date": e.date, "kind": "exercise", "entry": e} for e in completions]
    for flag in flags:
        items.append({"date": flag.raised_at.date(), "kind": "flag_raised", "entry": flag})
        if flag.cleared_at:
            items.append({"date": flag.cleared_at.date(), "kind": "flag_cleared", "entry": flag})
    order = {"flag_raised": 0, "flag_cleared": 1, "checkin": 2, "run": 3, "exercise": 4}
    return sorted(items, key=lambda i: (-i["date"].toordinal(), order[i["kind"]]))
