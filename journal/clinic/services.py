"""Writes for sharing a journal with a physiotherapist: consent, the access log, clinician actions.

The reads (the patient a physiotherapist may see, the triage list ...) are in `journal.clinic.selectors`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from journal import rules
from journal.accounts.roles import is_physio
from journal.clinic.selectors import OVERRIDABLE, requests_to
from journal.entries import services as entries
from journal.flags.services import flags_refresh
from journal.models import (
    AccessLog,
    CareInvite,
    CareLink,
    CareRequest,
    ClinicianNote,
    ExercisePrescription,
    InjuryEpisode,
    Profile,
)

INVITE_DAYS = 7
# A few live codes are enough for one runner; each is a way into their journal until it is used.
INVITES_LIVE_MAX = 3
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


# Consent


def invite_code_normalised(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def invite_code_hash(code: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY): a copy of the database alone cannot recover a code."""
    return salted_hmac("footnote.invite-code", invite_code_normalised(code), algorithm="sha256").hexdigest()


@transaction.atomic
def invite_create(*, runner: AbstractBaseUser) -> CareInvite:
    """A new invite; its `code` attribute holds the code, which is not stored and cannot be shown again."""
    now = timezone.now()
    live = CareInvite.objects.filter(runner=runner, used_at__isnull=True, expires_at__gt=now).count()
    if live >= INVITES_LIVE_MAX:
        raise ValidationError(f"You have {live} unused invite codes. Withdraw one before you create another.")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    invite = CareInvite.objects.create(
        runner=runner,
        code_hash=invite_code_hash(code),
        expires_at=timezone.now() + timedelta(days=INVITE_DAYS),
    )
    invite.code = code
    return invite


@transaction.atomic
def invite_withdraw(*, runner: AbstractBaseUser, invite_id: int) -> CareInvite:
    """Withdraw an unused code of the runner's own: it expires now and can no longer be accepted."""
    invite = CareInvite.objects.filter(
        pk=invite_id, runner=runner, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if invite is None:
        raise ValidationError("That invite code cannot be withdrawn.")
    invite.expires_at = timezone.now()
    invite.save(update_fields=["expires_at"])
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


@transaction.atomic
def request_answer(*, runner: AbstractBaseUser, request_id: int, accept: bool) -> CareLink | None:
    request = requests_to(runner=runner).filter(pk=request_id).first()
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


def link_report_allowed_set(*, runner: AbstractBaseUser, link_id, allow: bool) -> CareLink | None:
    """Let a linked physiotherapist download the appointment report, or stop it; None if no such link."""
    link = (
        CareLink.objects.filter(pk=link_id, runner=runner, revoked_at__isnull=True)
        .select_related("physio__profile")
        .first()
    )
    if link is None:
        return None
    link.report_allowed = allow
    link.save(update_fields=["report_allowed"])
    return link


# Access


def access_record(*, physio: AbstractBaseUser, patient: AbstractBaseUser, action: str) -> None:
    AccessLog.objects.create(physio=physio, patient=patient, action=action)


def access_record_many(*, physio: AbstractBaseUser, patient_ids: list, action: str) -> None:
    """One row per patient in a single INSERT.

    bulk_create would wrap it in a transaction of its own, which on SQLite costs two more
    statements on every triage page; a single multi-row INSERT is atomic by itself.
    """
    if not patient_ids:
        return
    ops = connection.ops
    table = ops.quote_name(AccessLog._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in ("physio_id", "patient_id", "action", "at"))
    at = ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(patient_ids))
    params = [value for pk in patient_ids for value in (physio.pk, pk, action, at)]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {rows}", params)  # noqa: S608 - names quoted, values bound


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


@transaction.atomic
def prescription_create(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, **fields: Any
) -> ExercisePrescription:
    return entries.prescription_record(owner=patient, prescribed_by=physio, **fields)


@transaction.atomic
def return_clearance_set(
    *, physio: AbstractBaseUser, patient: AbstractBaseUser, episode_id, cleared: bool
) -> InjuryEpisode:
    """A physiotherapist clears (or withdraws clearance for) a return to running before the condition's
    minimum time; the rules then may offer readiness. Logged in the patient's access log."""
    episode = InjuryEpisode.objects.filter(
        pk=episode_id, owner=patient, status__in=["active", "recovering"]
    ).first()
    if episode is None:
        raise ValidationError({"__all__": "That injury is not open any more."})
    today = patient.profile.today()
    episode = entries.episode_update(
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
