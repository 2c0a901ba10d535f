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
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from journal import rules
from journal.accounts.roles import is_physio
from journal.flags.projection import PROJECTION_FIELDS
from journal.flags.services import flags_are_stale, flags_current_for
from journal.flags.summary import FIELDS as SUMMARY_FIELDS
from journal.flags.summary import top_flag
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
    PatientSummary,
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


PAGE_SIZE = 25
# What the list reads of each patient: their name, what evaluating their flags needs of the profile, and
# the summary (not tomorrow's projection, kept in the same row).
TRIAGE_COLUMNS = (
    "id",
    *(
        f"profile__{name}"
        for name in (
            "display_name",
            "time_zone",
            "unit",
            "threshold_overrides",
            "flags_evaluated_on",
            "journal_version",
            "flags_version",
            "role",
        )
    ),
    *(f"triage_summary__{name}" for name in SUMMARY_FIELDS),
)


@dataclass
class TriagePage:
    rows: list[TriageRow]
    page: Page

    def __iter__(self):
        return iter(self.rows)


def _row(patient, summary: PatientSummary | None) -> TriageRow:
    if summary is None:  # never evaluated: nothing logged yet, no flags
        summary = PatientSummary(runner_id=patient.pk, as_of=patient.profile.today(), pain_14d=[None] * 14)
    week_m, last_week_m = summary.week_m, summary.last_week_m
    return TriageRow(
        patient=patient,
        name=patient.profile.display_name,
        top_severity=summary.top_severity or None,
        top_rank=summary.top_rank,
        top_title=summary.top_title,
        top_raised_at=summary.top_raised_at,
        open_flags=summary.open_flags,
        last_checkin=summary.last_checkin,
        pain_14d=list(summary.pain_14d),
        week_m=week_m,
        last_week_m=last_week_m,
        change_pct=round(100 * (week_m - last_week_m) / last_week_m) if last_week_m else None,
        acwr=summary.acwr,
        adherence_done=summary.adherence_done,
        adherence_target=summary.adherence_target,
    )


def _sort_key(row: TriageRow):
    return (-row.top_rank, -(row.top_raised_at.timestamp() if row.top_raised_at else 0), row.name)


def _quiet(patients: QuerySet) -> Q:
    """Not logged for 7 days of their own calendar: one date per time zone among the patients."""
    now = timezone.now()
    quiet = Q(pk__in=[])
    for zone in patients.order_by().values_list("profile__time_zone", flat=True).distinct():
        today = now.astimezone(ZoneInfo(zone)).date()
        quiet |= Q(profile__time_zone=zone) & (
            Q(triage_summary__last_checkin__isnull=True)
            | Q(triage_summary__last_checkin__lte=today - timedelta(days=7))
        )
    return quiet


def triage(
    *,
    physio: AbstractBaseUser,
    urgent_only: bool = False,
    quiet_only: bool = False,
    search: str = "",
    page: int | str | None = 1,
    per_page: int = PAGE_SIZE,
) -> TriagePage:
    """One page of linked patients, most urgent first, each read from their summary row: a fixed
    number of queries whatever the list's size or the journals' length."""
    User = get_user_model()
    patients = User.objects.filter(care_links__physio=physio, care_links__revoked_at__isnull=True)
    # Patients with writes not yet evaluated (journal.flags.services.flags_deferred) are evaluated first,
    # so that a flag just raised sorts and filters them: one query when there are none.
    flags_current_for(
        patients.filter(profile__flags_version__lt=F("profile__journal_version")).select_related("profile")
    )
    search = search.strip()
    if search:
        patients = patients.filter(Q(profile__display_name__icontains=search) | Q(email__icontains=search))
    if urgent_only:
        patients = patients.filter(triage_summary__top_rank__gte=SEVERITY_ORDER.index("see_professional"))
    if quiet_only:
        patients = patients.filter(_quiet(patients))
    ordered = (
        patients.select_related("profile", "triage_summary")
        .only(*TRIAGE_COLUMNS)
        .order_by(
            Coalesce("triage_summary__top_rank", Value(-1)).desc(),
            F("triage_summary__top_raised_at").desc(nulls_last=True),
            "profile__display_name",
            "pk",
        )
    )
    found = Paginator(ordered, per_page).get_page(page)
    shown = list(found.object_list)
    # Flags as of each patient's own today: only those on this page last evaluated on an earlier day,
    # whose summaries are then read again (one query).
    stale = [p.pk for p in shown if flags_are_stale(p.profile)]
    fresh = {}
    if stale:
        flags_current_for([p for p in shown if p.pk in stale])
        fresh = PatientSummary.objects.defer(*PROJECTION_FIELDS).in_bulk(stale)
    rows = [_row(p, fresh.get(p.pk) if p.pk in stale else _summary_of(p)) for p in shown]
    # The flags each row names are read as stored now (one query for the page), so a row never
    # shows a flag that has cleared or misses one raised, whatever wrote it.
    open_flags = defaultdict(list)
    for flag in Flag.objects.filter(
        owner_id__in=[p.pk for p in shown], cleared_at__isnull=True, dismissed_at__isnull=True
    ).values_list("owner_id", "code", "severity", "severity_rank", "title", "raised_at"):
        open_flags[flag[0]].append(flag[1:])
    for row in rows:
        top = top_flag(open_flags[row.patient.pk])
        row.top_severity = top["top_severity"] or None
        row.top_rank = top["top_rank"]
        row.top_title = top["top_title"]
        row.top_raised_at = top["top_raised_at"]
        row.open_flags = top["open_flags"]
    # As they are now (some were just re-evaluated): only those the filter still matches.
    if urgent_only:
        rows = [r for r in rows if r.top_rank >= SEVERITY_ORDER.index("see_professional")]
    if quiet_only:
        rows = [
            r
            for r in rows
            if r.last_checkin is None or (r.patient.profile.today() - r.last_checkin).days >= 7
        ]
    rows.sort(key=_sort_key)
    return TriagePage(rows=rows, page=found)


def _summary_of(patient) -> PatientSummary | None:
    try:
        return patient.triage_summary
    except PatientSummary.DoesNotExist:
        return None


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
