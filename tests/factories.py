"""Small factories that write through the services, as the app does."""

from __future__ import annotations

import time
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model

from injuries.models import Exercise
from journal.accounts.services import profile_update
from journal.entries import services

PASSWORD = "correct-horse-battery-staple"


def make_user(
    email: str,
    *,
    name: str = "Runner",
    unit: str = "km",
    time_zone: str = "UTC",
    role: str = "runner",
    verified: bool = True,
):
    """A user whose address is confirmed (as sign-in requires), unless `verified=False`."""
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    profile_update(user=user, display_name=name, unit=unit, time_zone=time_zone, role=role)
    user.refresh_from_db()
    return user


def make_superuser(email: str = "admin@example.com", *, totp_secret: str | None = None, totp: bool = True):
    """A superuser with a confirmed address and, unless `totp=False`, an authenticator app (the admin
    asks every staff account for one), set up with `totp_secret` when given."""
    user = get_user_model().objects.create_superuser(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if totp:
        TOTP.activate(user, totp_secret or generate_totp_secret())
    return user


def make_shoe(owner, **fields):
    defaults = {"name": "Daily trainer"}
    return services.shoe_create(owner=owner, **{**defaults, **fields})


def make_run(owner, *, day: date, distance_m: int = 8000, duration_s: int | None = None, **fields):
    return services.run_record(
        owner=owner,
        date=day,
        distance_m=distance_m,
        duration_s=duration_s or round(distance_m * 0.33),
        **fields,
    )


def make_checkin(owner, *, day: date, pain_now: int = 2, side: str = "right", **fields):
    return services.checkin_record(owner=owner, date=day, side=side, pain_now=pain_now, **fields)


def make_exercise(slug: str = "ankle-alphabet", name: str = "Ankle alphabet"):
    exercise, _ = Exercise.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "summary": "Trace the alphabet with your toes.", "steps": ["Sit.", "Trace."]},
    )
    return exercise


def make_completion(owner, *, day: date, exercise=None, **fields):
    return services.completion_record(
        owner=owner, date=day, exercise=exercise or make_exercise(), **{"sets_done": 3, **fields}
    )


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now; near the end of a period, the next one.

    allauth accepts only the current period's code (MFA_TOTP_TOLERANCE is 0), so leave the browser
    ample time to submit it on a loaded machine.
    """
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 10:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
