"""Reminders, patient alerts and shoe notices: who is due, claim once, then send.

Every send first claims a row in SentNotification, whose unique key (recipient, kind, local
day, subject) lets exactly one of two racing workers, a retry or a doubled schedule through.
A claim whose send fails is released, so the task's retry can send it later: a notification
may be late, never doubled. No text here carries a health value.
"""

from __future__ import annotations

from datetime import date, datetime, time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from journal.jobs import enqueue
from journal.models import CareLink, Checkin, Profile, Shoe
from journal.notify.due import reminder_due_day
from journal.notify.models import (
    ALL_DAYS,
    NotificationKind,
    NotificationSettings,
    PushSubscription,
    ReminderChannel,
    SentNotification,
)
from journal.notify.push import push_send

UNSUBSCRIBE_SALT = "footnote.notify.unsubscribe"
REMINDER_TITLE = "Time for today's check-in"
REMINDER_BODY = "How is your foot today? It takes a few seconds."
PATIENT_ALERT_TEXT = "A patient of yours has a new flag that needs attention. Sign in to see it."
SWEEP_CHUNK = 500


def notification_settings_of(user: AbstractBaseUser) -> NotificationSettings:
    """The user's stored settings, made on first write (services below call this)."""
    found, _ = NotificationSettings.objects.get_or_create(user=user)
    return found


def notification_settings_read(user: AbstractBaseUser) -> NotificationSettings:
    """The user's settings for reading: the stored row, or the defaults unsaved (a read writes nothing)."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


@transaction.atomic
def reminders_update(
    *,
    user: AbstractBaseUser,
    reminders_on: bool,
    reminder_time: time,
    reminder_days: list[int],
    reminder_channel: str,
) -> NotificationSettings:
    days = sorted({int(d) for d in reminder_days})
    if reminders_on and not days:
        raise ValidationError({"reminder_days": "Choose at least one day."})
    if any(d not in ALL_DAYS for d in days):
        raise ValidationError({"reminder_days": "Choose days of the week."})
    found = notification_settings_of(user)
    found.reminders_on = reminders_on
    found.reminder_time = reminder_time
    found.reminder_days = days
    found.reminder_channel = reminder_channel
    found.reminder_prompt_answered = True
    found.full_clean()
    found.save()
    return found


@transaction.atomic
def reminder_prompt_answer(*, user: AbstractBaseUser, accept: bool) -> NotificationSettings:
    found = notification_settings_of(user)
    found.reminder_prompt_answered = True
    if accept:
        found.reminders_on = True
    found.save(update_fields=["reminder_prompt_answered", "reminders_on"])
    return found


@transaction.atomic
def patient_alerts_update(*, user: AbstractBaseUser, on: bool) -> NotificationSettings:
    found = notification_settings_of(user)
    found.patient_alerts_on = on
    found.save(update_fields=["patient_alerts_on"])
    return found


def reminder_prompt_shown(*, user: AbstractBaseUser, has_checkins: bool | None = None) -> bool:
    """After the first check-in, until the runner answers (or turns reminders on in Settings)."""
    if user.profile.role != "runner":
        return False
    found = NotificationSettings.objects.filter(user=user).first()
    if found and (found.reminder_prompt_answered or found.reminders_on):
        return False
    if has_checkins is None:
        has_checkins = Checkin.objects.filter(owner=user).exists()
    return has_checkins


# Push subscriptions


@transaction.atomic
def push_subscribe(
    *, user: AbstractBaseUser, endpoint: str, p256dh: str, auth: str, session_key: str
) -> PushSubscription:
    subscription = PushSubscription(
        user=user, endpoint=endpoint, p256dh=p256dh, auth=auth, session_key=session_key or ""
    )
    subscription.full_clean(validate_unique=False)
    # A device that subscribes again (or for someone else after a sign-out) replaces its old row.
    found, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "session_key": session_key or ""},
    )
    return found


def push_unsubscribe_session(*, user: AbstractBaseUser, session_key: str | None) -> int:
    if not session_key:
        return 0
    deleted, _ = PushSubscription.objects.filter(user=user, session_key=session_key).delete()
    return deleted


# Unsubscribe links


def unsubscribe_token(*, user: AbstractBaseUser, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user: AbstractBaseUser, kind: str) -> str:
    path = reverse("notify:unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_read(token: str) -> tuple[AbstractBaseUser, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None or data.get("k") not in NotificationKind.values:
        return None
    return user, data["k"]


@transaction.atomic
def unsubscribe(*, user: AbstractBaseUser, kind: str) -> None:
    found = notification_settings_of(user)
    if kind == NotificationKind.PATIENT_ALERT:
        found.patient_alerts_on = False
    elif kind == NotificationKind.SHOE_REPLACE:
        found.shoe_notices_on = False
    else:
        found.reminders_on = False
    found.reminder_prompt_answered = True
    found.save()


# Claims


def _claim(
    *, recipient: AbstractBaseUser, kind: str, day: date, subject: str = ""
) -> SentNotification | None:
    try:
        with transaction.atomic():
            return SentNotification.objects.create(recipient=recipient, kind=kind, day=day, subject=subject)
    except IntegrityError:
        return None


def _verified_email(user: AbstractBaseUser) -> str | None:
    address = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary").first()
    return address.email if address else None


def _email(*, user: AbstractBaseUser, kind: str, subject: str, lines: list[str]) -> bool:
    to = _verified_email(user)
    if to is None:
        return False
    link = unsubscribe_url(user=user, kind=kind)
    body = "\n\n".join([*lines, f"To stop these emails: {link}"])
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[to],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()
    return True


def _push_all(*, user: AbstractBaseUser, payload: dict) -> bool:
    # Every device gets it (a list, not a short-circuiting any()).
    delivered = [push_send(subscription=s, payload=payload) for s in user.push_subscriptions.all()]
    return any(delivered)


def _deliver(claim: SentNotification, send) -> bool:
    """Run a send for a claim; release the claim if nothing went out or the send failed."""
    try:
        channel = send()
    except Exception:
        claim.delete()
        raise
    if not channel:
        claim.delete()
        return False
    claim.channel = channel
    claim.save(update_fields=["channel"])
    return True


# Reminders


def reminders_sweep(*, now: datetime | None = None) -> int:
    """The schedule's job: queue one send for each runner whose reminder is due and not yet sent."""
    now = now or timezone.now()
    queued = 0
    found = (
        NotificationSettings.objects.filter(reminders_on=True)
        .select_related("user__profile")
        .only("user_id", "reminder_time", "reminder_days", "user__profile__time_zone")
    )
    for item in found.iterator(chunk_size=SWEEP_CHUNK):
        day = reminder_due_day(
            now=now, time_zone=item.user.profile.time_zone, at=item.reminder_time, days=item.reminder_days
        )
        if day is None:
            continue
        if SentNotification.objects.filter(
            recipient_id=item.user_id, kind=NotificationKind.REMINDER, day=day
        ).exists():
            continue
        if Checkin.objects.filter(owner_id=item.user_id, date=day).exists():
            continue
        enqueue("journal.notify.services.reminder_send", item.user_id, day.isoformat())
        queued += 1
    return queued


def reminder_send(user_id: int, day_iso: str) -> str:
    """Send one runner's reminder for their local day, at most once, only if still wanted and due."""
    day = date.fromisoformat(day_iso)
    settings_row = (
        NotificationSettings.objects.select_related("user__profile").filter(user_id=user_id).first()
    )
    if settings_row is None or not settings_row.reminders_on:
        return "off"
    user = settings_row.user
    if user.profile.today() != day:
        return "stale"
    if Checkin.objects.filter(owner=user, date=day).exists():
        return "checked in"
    claim = _claim(recipient=user, kind=NotificationKind.REMINDER, day=day)
    if claim is None:
        return "already sent"

    def send() -> str | None:
        if settings_row.reminder_channel == ReminderChannel.PUSH:
            payload = {
                "title": REMINDER_TITLE,
                "body": REMINDER_BODY,
                "url": reverse("journal:today") + "#checkin-form",
            }
            if _push_all(user=user, payload=payload):
                return "push"
        if _email(
            user=user,
            kind=NotificationKind.REMINDER,
            subject=REMINDER_TITLE,
            lines=[REMINDER_BODY, _site_link("journal:today")],
        ):
            return "email"
        return None

    return "sent" if _deliver(claim, send) else "no channel"


def _site_link(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name)


# Alerts raised by flags


SEE_PROFESSIONAL_RANK = 3  # journal.models.SEVERITY_ORDER.index("see_professional")


def flags_raised(*, owner: AbstractBaseUser, flags: list) -> None:
    """Called by flags_refresh with the flags it newly raised: queue the alerts they call for."""
    if any(f.severity_rank >= SEE_PROFESSIONAL_RANK and not f.clinician_only for f in flags):
        enqueue("journal.notify.services.patient_alerts_send", owner.pk)
    for flag in flags:
        if flag.code == "shoe_replace" and flag.subject:
            enqueue("journal.notify.services.shoe_notice_send", owner.pk, flag.subject)


def patient_alerts_send(patient_id: int) -> int:
    """Email each linked physiotherapist who opted in, at most once per patient per day."""
    links = CareLink.objects.filter(
        runner_id=patient_id, revoked_at__isnull=True, physio__notification_settings__patient_alerts_on=True
    ).select_related("physio__profile")
    sent = 0
    for link in links:
        physio = link.physio
        claim = _claim(
            recipient=physio,
            kind=NotificationKind.PATIENT_ALERT,
            day=physio.profile.today(),
            subject=str(patient_id),
        )
        if claim is None:
            continue

        def send(physio=physio) -> str | None:
            ok = _email(
                user=physio,
                kind=NotificationKind.PATIENT_ALERT,
                subject="A patient's journal needs attention",
                lines=[PATIENT_ALERT_TEXT, _site_link("clinic:triage")],
            )
            return "email" if ok else None

        sent += _deliver(claim, send)
    return sent


def shoe_notice_send(owner_id: int, shoe_id: str) -> str:
    """Tell a runner once (ever, per shoe) that a shoe has passed its replace-at distance."""
    shoe = Shoe.objects.filter(owner_id=owner_id, pk=shoe_id, retired_on__isnull=True).first()
    if shoe is None:
        return "gone"
    if SentNotification.objects.filter(
        recipient_id=owner_id, kind=NotificationKind.SHOE_REPLACE, subject=shoe_id
    ).exists():
        return "already sent"
    owner = shoe.owner
    if not notification_settings_read(owner).shoe_notices_on:
        return "off"
    profile = Profile.objects.get(user=owner)
    claim = _claim(recipient=owner, kind=NotificationKind.SHOE_REPLACE, day=profile.today(), subject=shoe_id)
    if claim is None:
        return "already sent"
    title = "Time for new shoes"
    body = f"Your {shoe.name} have reached the distance you set for replacing them."

    def send() -> str | None:
        payload = {"title": title, "body": body, "url": reverse("journal:shoes")}
        if _push_all(user=owner, payload=payload):
            return "push"
        if _email(
            user=owner,
            kind=NotificationKind.SHOE_REPLACE,
            subject=title,
            lines=[body, _site_link("journal:shoes")],
        ):
            return "email"
        return None

    return "sent" if _deliver(claim, send) else "no channel"
