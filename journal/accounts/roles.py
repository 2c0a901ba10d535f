"""Who an account is: a runner keeping a journal, or a physiotherapist; and whether it has a second factor."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractBaseUser

from journal.models import Role


def is_physio(user: AbstractBaseUser) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.is_authenticated and profile and profile.role == Role.PHYSIO)


def has_totp(user: AbstractBaseUser) -> bool:
    """Whether the account has an authenticator app set up: a physiotherapist needs one before any
    patient's journal, and staff before the admin."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
