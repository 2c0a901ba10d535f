"""Reads for the clinic: consent, the access log, notes, thresholds set.

Every read of a patient's data by a physiotherapist starts with `patient_for`, which answers None
(views turn it into 404) unless the runner has an active link to that physiotherapist; the views
write each such read to the access log. The reads of one patient's journal, for the patient page
and its CSV export, are in `journal.clinic.patient`; the triage list is `journal.clinic.triage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from journal import rules
from journal.accounts.roles import is_physio
from journal.models import (
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


def notes_seen_by(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, limit: int | None = 30
) -> QuerySet[ClinicianNote]:
    """Newest first; `limit=None` for all of them (the export)."""
    # A private note stays with its author, even when the patient has several physiotherapists.
    notes = (
        ClinicianNote.objects.filter(patient=patient)
        .filter(Q(private=False) | Q(author=physio))
        .select_related("author__profile")
    )
    return notes if limit is None else notes[:limit]


@dataclass
class WholeJournal:
    """Everything a patient has logged or been given, for the CSV export: five queries, unordered."""

    checkins: QuerySet[Checkin]
    runs: QuerySet[Run]
    completions: QuerySet[ExerciseCompletion]
    flags: QuerySet[Flag]
    prescriptions: QuerySet[ExercisePrescription]


def whole_journal(*, patient: AbstractBaseUser) -> WholeJournal:
    return WholeJournal(
        checkins=Checkin.objects.filter(owner=patient),
        runs=Run.objects.filter(owner=patient).select_related("shoe"),
        completions=ExerciseCompletion.objects.filter(owner=patient).select_related("exercise"),
        flags=Flag.objects.filter(owner=patient),
        prescriptions=ExercisePrescription.objects.filter(owner=patient).select_related(
            "exercise", "prescribed_by__profile"
        ),
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


# The load ratio the patient page shows (the triage list reads it from each summary: journal.clinic.triage).


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
