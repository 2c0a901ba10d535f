"""Sharing a journal with a physiotherapist: consent, the triage list, clinician actions, the access log.

Every read of a patient's data by a physiotherapist goes through `patient_for`, which answers
None (views turn it into 404) unless the runner has an active link to that physiotherapist,
and every such read is written to the access log.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac

from journal import rules
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
    InjuryEpisode,
    Profile,
    Role,
    Run,
)

INVITE_DAYS = 7
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
# What a physiotherapist may change, with the words the runner sees.
OVERRIDABLE = {
    "pain_model": "Pain-monitoring model",
    "pain_during_run_limit": "Highest acceptable pain during a run (0–10)",
    "load_spike_info_pct": "Weekly distance rise that is noted (%)",
    "load_spike_caution_pct": "Weekly distance rise that means caution (%)",
    "acwr_limit": "Acute:chronic load ratio limit",
}


def is_physio(user: AbstractBaseUser) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.is_authenticated and profile and profile.role == Role.PHYSIO)


def has_totp(user: AbstractBaseUser) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# Consent


def invite_code_normalised(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def invite_code_hash(code: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY): a copy of the database alone cannot recover a code."""
    return salted_hmac("footnote.invite-code", invite_code_normalised(code), algorithm="sha256").hexdigest()


@transaction.atomic
def invite_create(*, runner: AbstractBaseUser) -> CareInvite:
    """A new invite; its `code` attribute holds the code, which is not stored and cannot be shown again."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    invite = CareInvite.objects.create(
        runner=runner,
        code_hash=invite_code_hash(code),
        expires_at=timezone.now() + timedelta(days=INVITE_DAYS),
    )
    invite.code = code
    return invite


def _link(*, runner: AbstractBaseUser, physio: AbstractBaseUser, via: str) -> CareLink:
    if runner.pk == physio.pk:
        raise ValidationError({"code": "You cannot link to your own journal."})
    existing = CareLink.objects.filter(runner=runner, physio=physio, revoked_at__isnull=True).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return CareLink.objects.create(runner=runner, physio=physio, via=via)
    except IntegrityError:
        return CareLink.objects.get(runner=runner, physio=physio, revoked_at__isnull=True)


@transaction.atomic
def invite_accept(*, physio: AbstractBaseUser, code: str) -> CareLink:
    if not is_physio(physio):
        raise ValidationError({"code": "Only a physiotherapist's account can accept an invite."})
    invite = CareInvite.objects.select_for_update().filter(code_hash=invite_code_hash(code)).first()
    if invite is None or not invite.is_usable:
        raise ValidationError(
            {"code": "This code is not valid: it may be mistyped, used already or expired."}
        )
    link = _link(runner=invite.runner, physio=physio, via="invite")
    invite.used_at = timezone.now()
    invite.used_by = physio
    invite.save(update_fields=["used_at", "used_by"])
    return link


@transaction.atomic
def request_create(*, physio: AbstractBaseUser, runner_email: str, site_url: str) -> CareRequest:
    if not is_physio(physio):
        raise ValidationError({"runner_email": "Only a physiotherapist's account can ask for access."})
    request = CareRequest.objects.create(physio=physio, runner_email=runner_email.strip().lower())
    # The same message whether or not the address has an account, so it reveals nothing.
    send_mail(
        "A physiotherapist asks to see your Footnote journal",
        f"{physio.profile.display_name} ({physio.profile.practice or 'physiotherapist'}) asks to see your "
        f"running and pain journal on Footnote.\n\nNothing is shared unless you accept. "
        f"Review the request at {site_url}/sharing/\n",
        None,
        [request.runner_email],
    )
    return request


def _requests_to(runner: AbstractBaseUser):
    """Open requests sent to one of the runner's verified addresses.

    Only a confirmed address counts: anyone can sign up with, or add, an address they do not own,
    and must not become "the patient" a physiotherapist asked for.
    """
    from allauth.account.models import EmailAddress

    verified = [
        email.lower()
        for email in EmailAddress.objects.filter(user=runner, verified=True).values_list("email", flat=True)
    ]
    return CareRequest.objects.filter(runner_email__in=verified, answered_at__isnull=True)


def requests_for(*, runner: AbstractBaseUser) -> list[CareRequest]:
    return list(_requests_to(runner).select_related("physio__profile"))


@transaction.atomic
def request_answer(*, runner: AbstractBaseUser, request_id: int, accept: bool) -> CareLink | None:
    request = _requests_to(runner).filter(pk=request_id).first()
    if request is None:
        raise ValidationError("This request is no longer waiting for an answer.")
    request.answered_at = timezone.now()
    request.accepted = accept
    request.save(update_fields=["answered_at", "accepted"])
    return _link(runner=runner, physio=request.physio, via="request") if accept else None


@transaction.atomic
def link_revoke(*, runner: AbstractBaseUser, link_id) -> None:
    updated = CareLink.objects.filter(pk=link_id, runner=runner, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ValidationError("This access has already ended.")


def links_of(*, runner: AbstractBaseUser) -> list[CareLink]:
    return list(
        CareLink.objects.filter(runner=runner, revoked_at__isnull=True).select_related("physio__profile")
    )


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


def access_record(*, physio: AbstractBaseUser, patient: AbstractBaseUser, action: str) -> None:
    AccessLog.objects.create(physio=physio, patient=patient, action=action)


def access_record_many(*, physio: AbstractBaseUser, patients: list, action: str) -> None:
    """One row per patient in a single INSERT.

    bulk_create would wrap it in a transaction of its own, which on SQLite costs two more
    statements on every triage page; a single multi-row INSERT is atomic by itself.
    """
    if not patients:
        return
    ops = connection.ops
    table = ops.quote_name(AccessLog._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in ("physio_id", "patient_id", "action", "at"))
    at = ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(patients))
    params = [value for p in patients for value in (physio.pk, p.pk, action, at)]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {rows}", params)  # noqa: S608 - names quoted, values bound


def access_log_for(*, patient: AbstractBaseUser, limit: int = 100) -> list[AccessLog]:
    return list(AccessLog.objects.filter(patient=patient).select_related("physio__profile")[:limit])


# Clinician actions


@transaction.atomic
def note_create(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, text: str, private: bool
) -> ClinicianNote:
    if not text.strip():
        raise ValidationError({"text": "Write the note first."})
    if len(text) > 5000:
        raise ValidationError({"text": "Keep a note under 5,000 characters."})
    return ClinicianNote.objects.create(patient=patient, author=physio, text=text.strip(), private=private)


def notes_for_patient(*, patient: AbstractBaseUser) -> list[ClinicianNote]:
    return list(
        ClinicianNote.objects.filter(patient=patient, private=False).select_related("author__profile")[:20]
    )


@transaction.atomic
def prescription_create(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, **fields: Any
) -> ExercisePrescription:
    from journal.entries import services

    return services.prescription_record(owner=patient, prescribed_by=physio, **fields)


@transaction.atomic
def return_clearance_set(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, episode_id, cleared: bool
) -> InjuryEpisode:
    """A physiotherapist clears (or withdraws clearance for) a return to running before the condition's
    minimum time; the rules then may offer readiness. Logged in the patient's access log."""
    from journal.entries import services

    episode = InjuryEpisode.objects.filter(
        pk=episode_id, owner=patient, status__in=["active", "recovering"]
    ).first()
    if episode is None:
        raise ValidationError({"__all__": "That injury is not open any more."})
    today = patient.profile.today()
    episode = services.episode_update(
        episode=episode,
        cleared_to_return_on=today if cleared else None,
        cleared_by=physio if cleared else None,
    )
    access_record(
        physio=physio,
        patient=patient,
        action="cleared a return to running" if cleared else "withdrew clearance",
    )
    return episode


@transaction.atomic
def thresholds_set(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, overrides: dict[str, Any]
) -> Profile:
    from journal.flags.services import flags_refresh

    cleaned = {k: v for k, v in overrides.items() if v not in (None, "")}
    unknown = set(cleaned) - set(OVERRIDABLE)
    if unknown:
        raise ValidationError({"__all__": f"Unknown thresholds: {', '.join(sorted(unknown))}."})
    try:
        resolved = rules.thresholds_for(episode=None, overrides=cleaned)
    except ValueError as error:
        raise ValidationError({"__all__": str(error)}) from error
    # Checked on the values in force, so one override cannot cross the default on the other side.
    if resolved.load_spike_info_pct > resolved.load_spike_caution_pct:
        raise ValidationError(
            {
                "load_spike_info_pct": "The noted rise must not be above the caution rise "
                f"({resolved.load_spike_caution_pct:g}%)."
            }
        )
    profile = Profile.objects.get(user=patient)
    profile.threshold_overrides = cleaned
    profile.save(update_fields=["threshold_overrides"])
    flags_refresh(owner=patient)
    return profile


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
    from journal.flags.services import flags_current_for

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
