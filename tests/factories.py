"""Small factories that write through the services, as the app does."""

from __future__ import annotations

from datetime import date

from allauth.account.models import EmailAddress
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


def make_superuser(email: str = "admin@example.com"):
    user = get_user_model().objects.create_superuser(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
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
