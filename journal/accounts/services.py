"""Writes to a person's account: their profile."""

from __future__ import annotations

from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from journal.flags.services import flags_out_of_date
from journal.models import Profile, Role, Unit


def _validate_profile(*, display_name: str, unit: str, time_zone: str) -> None:
    errors = {}
    if not display_name.strip():
        errors["display_name"] = "Tell us what to call you."
    if unit not in Unit.values:
        errors["unit"] = "Choose kilometres or miles."
    if time_zone not in available_timezones():
        errors["time_zone"] = "Choose a time zone from the list."
    if errors:
        raise ValidationError(errors)


# What profile_update writes: the settings a person changes, never the flags' bookkeeping.
SETTINGS_FIELDS = ["display_name", "unit", "time_zone", "role", "practice", "registration_number"]


@transaction.atomic
def profile_update(
    *,
    user: AbstractBaseUser,
    display_name: str,
    unit: str,
    time_zone: str,
    role: str | None = None,
    practice: str | None = None,
    registration_number: str | None = None,
) -> Profile:
    _validate_profile(display_name=display_name, unit=unit, time_zone=time_zone)
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"display_name": display_name})
    # The flags' wording gives distances in the runner's unit, and their days are the runner's own: flags
    # evaluated before are out of date (flags never evaluated are evaluated by the first read anyway).
    evaluated = profile.flags_evaluated_on is not None
    reworded = evaluated and (profile.unit, profile.time_zone) != (unit, time_zone)
    profile.display_name = display_name.strip()
    profile.unit = unit
    profile.time_zone = time_zone
    if role is not None:
        if role not in Role.values:
            raise ValidationError({"role": "Choose runner or physiotherapist."})
        profile.role = role
    if practice is not None:
        profile.practice = practice.strip()[:120]
    if registration_number is not None:
        profile.registration_number = registration_number.strip()[:60]
    # Only what this changes: a write to the journal meanwhile bumps journal_version on the same row,
    # and saving every column would put back the value read above, hiding that write from evaluation.
    profile.save(update_fields=SETTINGS_FIELDS)
    if reworded:
        flags_out_of_date(owner_id=user.pk, profile=profile)
    return profile


def profile_ensure(*, user: AbstractBaseUser) -> Profile:
    """The user's profile, made with the defaults if they have none yet."""
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"display_name": user.get_username()})
    return profile


# API tokens (knox keeps only a hash of each token)


def api_token_create(*, user: AbstractBaseUser) -> str:
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user)
    return token


def api_token_revoke(*, user: AbstractBaseUser, token_key: str) -> bool:
    from knox.models import AuthToken

    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)
