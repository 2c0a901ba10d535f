from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from journal.flags.services import flags_current
from journal.models import (
    Checkin,
    ClinicianNote,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    Profile,
    Run,
)
from journal.today import charts

MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 4, 12, 8


@dataclass
class AdherenceLine:
    exercise: str
    done: int
    target: int

    @property
    def percent(self) -> int | None:
        return min(100, round(100 * self.done / self.target)) if self.target else None


@dataclass
class Report:
    profile: Profile
    weeks: int
    start: date
    end: date
    pain_chart: charts.PainChart
    distance_chart: charts.DistanceChart
    open_flags: list[Flag]
    recent_flags: list[Flag]
    injuries: list[InjuryEpisode]
    adherence: list[AdherenceLine]
    notes: list[ClinicianNote]
    entry_notes: list[tuple[date, str, str]] = field(default_factory=list)
    run_count: int = 0
    run_distance_m: int = 0
    checkin_count: int = 0

    @property
    def adherence_percent(self) -> int | None:
        target = sum(a.target for a in self.adherence)
        return min(100, round(100 * sum(a.done for a in self.adherence) / target)) if target else None


def weeks_from(value: str | None) -> tuple[int, str]:
    """The period asked for, and a message when it was not a whole number from 4 to 12."""
    if value in (None, ""):
        return DEFAULT_WEEKS, ""
    try:
        weeks = int(value)
    except ValueError:
        return DEFAULT_WEEKS, "Choose a period of 4 to 12 weeks."
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        return DEFAULT_WEEKS, "Choose a period of 4 to 12 weeks."
    return weeks, ""


def _adherence(owner, start: date, end: date) -> list[AdherenceLine]:
    prescriptions = (
        ExercisePrescription.objects.filter(owner=owner, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("exercise")
    )
    done: dict = {}
    for row in ExerciseCompletion.objects.filter(owner=owner, date__gte=start, date__lte=end).values(
        "prescription_id", "exercise_id"
    ):
        done[row["prescription_id"] or ("exercise", row["exercise_id"])] = (
            done.get(row["prescription_id"] or ("exercise", row["exercise_id"]), 0) + 1
        )
    lines = []
    for p in prescriptions:
        first, last = max(p.starts_on, start), min(p.ends_on or end, end)
        days = (last - first).days + 1
        target = round(p.times_per_week * days / 7)
        lines.append(AdherenceLine(exercise=p.exercise.name, done=done.get(p.pk, 0), target=target))
    return lines


def report_for(*, owner: AbstractBaseUser, weeks: int) -> Report:
    profile = Profile.objects.get(user=owner)
    # The flags as of today, with every write evaluated, as on Today.
    flags_current(owner=owner, profile=profile)
    end = profile.today()
    start = end - timedelta(days=weeks * 7 - 1)
    checkins = list(
        Checkin.objects.filter(owner=owner, date__gte=start, date__lte=end)
        .order_by("date")
        .values("date", "pain_now", "pain_waking", "notes")
    )
    runs = list(
        Run.objects.filter(owner=owner, date__gte=start - timedelta(days=7), date__lte=end)
        .order_by("date")
        .values("date", "distance_m", "pain_during", "notes")
    )
    run_points = [charts.RunPoint(r["date"], r["distance_m"], r["pain_during"]) for r in runs]
    in_period = [r for r in runs if r["date"] >= start]
    flags = list(
        Flag.objects.filter(owner=owner, clinician_only=False).order_by("-severity_rank", "-raised_at")
    )
    open_flags = [f for f in flags if f.cleared_at is None]
    recent = [f for f in flags if f.cleared_at is not None and f.cleared_at.date() >= start]
    injuries = list(
        InjuryEpisode.objects.filter(owner=owner)
        .filter(Q(status__in=["active", "recovering"]) | Q(resolved_on__gte=start))
        .select_related("condition")
    )
    entry_notes = sorted(
        [(c["date"], "Check-in", c["notes"]) for c in checkins if c["notes"].strip()]
        + [(r["date"], "Run", r["notes"]) for r in in_period if r["notes"].strip()],
        key=lambda note: note[0],
    )
    return Report(
        profile=profile,
        weeks=weeks,
        start=start,
        end=end,
        pain_chart=charts.pain_chart(
            checkins=[charts.PainPoint(c["date"], c["pain_now"], c["pain_waking"]) for c in checkins],
            runs=run_points,
            today=end,
            unit=profile.unit,
            weeks=weeks,
        ),
        distance_chart=charts.distance_chart(runs=run_points, today=end, unit=profile.unit, weeks=weeks),
        open_flags=open_flags,
        recent_flags=recent,
        injuries=injuries,
        adherence=_adherence(owner, start, end),
        notes=list(
            ClinicianNote.objects.filter(
                patient=owner, private=False, created_at__date__gte=start
            ).select_related("author__profile")
        ),
        entry_notes=entry_notes,
        run_count=len(in_period),
        run_distance_m=sum(r["distance_m"] for r in in_period),
        checkin_count=len(checkins),
    )
