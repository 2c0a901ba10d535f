"""Reads for the clinic: consent, the access log, notes, thresholds set, the triage list.

Every read of a patient's data by a physiotherapist starts with `patient_for`, which answers None
(views turn it into 404) unless the runner has an active link to that physiotherapist; the views
write each such read to the access log. The reads of one patient's journal, for the patient page
and its CSV export, are in `journal.clinic.patient`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import OuterRef, Q, QuerySet, Subquery

from journal import rules
from journal.accounts.roles import is_physio
from journal.flags.services import flags_current_for
from journal.models import (
    SEVERITY_ORDER,
    AccessLog,
    CareInvite,
    CareLink,
    CareRequest,
    Checkin,
    ClinicianNote,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    Profile,
    Run,
)

# What a physiotherapist may change, with the words the runner sees.
OVERRIDABLE = {
    "pain_model": "Pain-monitoring model",
    "pain_during_run_limit": "Highest acceptable pain during a run (0–10)",
    "load_spike_info_pct": "Weekly distance rise that is noted (%)",
    "load_spike_caution_pct": "Weekly distance rise that means caution (%)",
    "acwr_limit": "Acute:chronic load ratio limit",
}


def has_totp(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# Consent


def requests_to(*, runner: AbstractBaseUser) -> QuerySet[CareRequest]:
    """Open requests sent to one of the runner's verified addresses.

    Only a confirmed address counts: anyone can sign up with, or add, an address they do not own,
    and must not become "the patient" a physiotherapist asked for.
    """
    verified = [
        email.lower()
        for email in EmailAddress.objects.filter(user=runner, verified=True).values_list("email", flat=True)
    ]
    return CareRequest.objects.filter(runner_email__in=verified, answered_at__isnull=True)


def requests_for(*, runner: AbstractBaseUser) -> list[CareRequest]:
    return list(requests_to(runner=runner).select_related("physio__profile"))


def links_of(*, runner: AbstractBaseUser) -> list[CareLink]:
    return list(
        CareLink.objects.filter(runner=runner, revoked_at__isnull=True).select_related("physio__profile")
    )


def invites_usable_of(*, runner: AbstractBaseUser) -> list[CareInvite]:
    return [i for i in CareInvite.objects.filter(runner=runner, used_at__isnull=True) if i.is_usable]


def report_allowed(*, physio: AbstractBaseUser, patient: AbstractBaseUser) -> bool:
    return CareLink.objects.filter(
        physio=physio, runner=patient, revoked_at__isnull=True, report_allowed=True
    ).exists()


# Access


def patient_for(*, physio: AbstractBaseUser, patient_id: int) -> AbstractBaseUser | None:
    """The patient, only while they have an active link to this physiotherapist."""
    if not is_physio(physio):
        return None
    link = (
        CareLink.objects.filter(physio=physio, runner_id=patient_id, revoked_at__isnull=True)
        .select_related("runner__profile")
        .first()
    )
    return link.runner if link else None


def access_log_for(*, patient: AbstractBaseUser, limit: int = 100) -> list[AccessLog]:
    return list(AccessLog.objects.filter(patient=patient).select_related("physio__profile")[:limit])


# Notes and thresholds


def notes_for_patient(*, patient: AbstractBaseUser) -> list[ClinicianNote]:
    return list(
        ClinicianNote.objects.filter(patient=patient, private=False).select_related("author__profile")[:20]
    )


def notes_seen_by(*, physio: AbstractBaseUser, patient: AbstractBaseUser) -> QuerySet[ClinicianNote]:
    # A private note stays with its author, even when the patient has several physiotherapists.
    return (
        ClinicianNote.objects.filter(patient=patient)
        .filter(Q(private=False) | Q(author=physio))
        .select_related("author__profile")[:30]
    )


def overrides_described(profile: Profile) -> list[tuple[str, str]]:
    described = []
    for key, value in (profile.threshold_overrides or {}).items():
        if key == "pain_model":
            value = (
                "tendon (up to 5/10 if settled by next morning)"
                if value == "tendon"
                else "standard (stop above 3/10)"
            )
        described.append((OVERRIDABLE.get(key, key), str(value)))
    return described


# Prescriptions


def prescriptions_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[ExercisePrescription]:
    """A runner's own prescriptions, as the API lists them."""
    return (
        ExercisePrescription.objects.filter(owner=owner)
        .select_related("exercise")
        .order_by("-starts_on", "id")
    )


# Triage


@dataclass
class TriageRow:
    patient: AbstractBaseUser
    name: str
    top_severity: str | None
    top_rank: int
    top_title: str
    top_raised_at: Any
    open_flags: int
    last_checkin: date | None
    pain_14d: list[int | None]
    week_m: int
    last_week_m: int
    change_pct: int | None
    acwr: float | None
    adherence_done: int
    adherence_target: int

    @property
    def adherence_pct(self) -> int | None:
        if not self.adherence_target:
            return None
        return min(100, round(100 * self.adherence_done / self.adherence_target))

    @property
    def sparkline_points(self) -> str:
        known = [(i, p) for i, p in enumerate(self.pain_14d) if p is not None]
        return " ".join(f"{i * 8 + 2},{22 - p * 2}" for i, p in known)

    @property
    def pain_summary(self) -> str:
        known = [p for p in self.pain_14d if p is not None]
        if not known:
            return "No check-ins in 14 days"
        return f"Pain over 14 days: {', '.join('–' if p is None else str(p) for p in self.pain_14d)}"


def triage(
    *, physio: AbstractBaseUser, urgent_only: bool = False, quiet_only: bool = False
) -> list[TriageRow]:
    """One row per linked patient, most urgent first; a fixed number of queries for any list size."""
    User = get_user_model()
    last_checkin = Checkin.objects.filter(owner=OuterRef("pk")).order_by("-date").values("date")[:1]
    patients = list(
        User.objects.filter(care_links__physio=physio, care_links__revoked_at__isnull=True)
        .select_related("profile")
        .annotate(last_checkin=Subquery(last_checkin))
    )
    if not patients:
        return []
    # Flags as of each patient's own today: only the patients last evaluated on an earlier day.
    flags_current_for(patients)
    ids = [p.pk for p in patients]
    todays = {p.pk: p.profile.today() for p in patients}
    latest_today = max(todays.values())
    window_start = latest_today - timedelta(days=63)

    flags = defaultdict(list)
    for flag in Flag.objects.filter(
        owner_id__in=ids, cleared_at__isnull=True, dismissed_at__isnull=True
    ).only("owner_id", "severity", "severity_rank", "title", "raised_at", "code"):
        flags[flag.owner_id].append(flag)
    pain_by_day: dict[int, dict[date, int]] = defaultdict(dict)
    for owner_id, day, pain in Checkin.objects.filter(
        owner_id__in=ids, date__gte=latest_today - timedelta(days=15)
    ).values_list("owner_id", "date", "pain_now"):
        if pain is not None:  # not given is not pain-free
            pain_by_day[owner_id][day] = max(pain, pain_by_day[owner_id].get(day, 0))
    runs = defaultdict(list)
    for owner_id, run_id, day, metres, duration, pain in Run.objects.filter(
        owner_id__in=ids, date__gte=window_start
    ).values_list("owner_id", "id", "date", "distance_m", "duration_s", "pain_during"):
        runs[owner_id].append(rules.RunFact(str(run_id), day, metres, duration, pain))
    prescriptions = defaultdict(list)
    # Each patient's week starts on their own Monday; fetch from the earliest of those.
    earliest_week_start = min(t - timedelta(days=t.weekday()) for t in todays.values())
    for p in ExercisePrescription.objects.filter(owner_id__in=ids, starts_on__lte=latest_today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=earliest_week_start)
    ):
        prescriptions[p.owner_id].append(p)
    completions = defaultdict(lambda: defaultdict(int))
    for owner_id, exercise_id, day in ExerciseCompletion.objects.filter(
        owner_id__in=ids, date__gte=earliest_week_start
    ).values_list("owner_id", "exercise_id", "date"):
        completions[owner_id][(exercise_id, day)] += 1

    thresholds = rules.Thresholds()
    rows = []
    for patient in patients:
        today = todays[patient.pk]
        week_start = today - timedelta(days=today.weekday())
        patient_runs = runs[patient.pk]
        week_m = sum(r.distance_m for r in patient_runs if week_start <= r.date <= today)
        last_week_m = sum(
            r.distance_m for r in patient_runs if week_start - timedelta(days=7) <= r.date < week_start
        )
        open_flags = sorted(flags[patient.pk], key=lambda f: (-f.severity_rank, -f.raised_at.timestamp()))
        top = open_flags[0] if open_flags else None
        done = target = 0
        for p in prescriptions[patient.pk]:
            if (p.ends_on and p.ends_on < week_start) or p.starts_on > today:
                continue
            target += p.times_per_week
            done += min(
                p.times_per_week,
                sum(
                    n
                    for (exercise_id, day), n in completions[patient.pk].items()
                    if exercise_id == p.exercise_id and day >= week_start
                ),
            )
        rows.append(
            TriageRow(
                patient=patient,
                name=patient.profile.display_name,
                top_severity=top.severity if top else None,
                top_rank=top.severity_rank if top else -1,
                top_title=top.title if top else "",
                top_raised_at=top.raised_at if top else None,
                open_flags=len(open_flags),
                last_checkin=patient.last_checkin,
                pain_14d=[pain_by_day[patient.pk].get(today - timedelta(days=13 - i)) for i in range(14)],
                week_m=week_m,
                last_week_m=last_week_m,
                change_pct=round(100 * (week_m - last_week_m) / last_week_m) if last_week_m else None,
                acwr=_acwr(patient_runs, today, thresholds),
                adherence_done=done,
                adherence_target=target,
            )
        )
    if urgent_only:
        rows = [r for r in rows if r.top_rank >= SEVERITY_ORDER.index("see_professional")]
    if quiet_only:
        rows = [
            r for r in rows if r.last_checkin is None or (todays[r.patient.pk] - r.last_checkin).days >= 7
        ]
    rows.sort(key=lambda r: (-r.top_rank, -(r.top_raised_at.timestamp() if r.top_raised_at else 0), r.name))
    return rows


def acwr_for(*, patient: AbstractBaseUser, today: date) -> float | None:
    runs = [
        rules.RunFact(str(pk), day, metres, duration, pain)
        for pk, day, metres, duration, pain in Run.objects.filter(
            owner=patient, date__gte=today - timedelta(days=63), date__lte=today
        ).values_list("id", "date", "distance_m", "duration_s", "pain_during")
    ]
    return _acwr(runs, today, rules.Thresholds())


def _acwr(runs: list[rules.RunFact], today: date, thresholds: rules.Thresholds) -> float | None:
    ratio = rules.acute_chronic_ratio(runs, today, thresholds)
    return round(ratio, 2) if ratio is not None else None
