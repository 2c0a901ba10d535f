"""Who an account is: a runner keeping a journal, or a physiotherapist."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from journal.models import Role


def is_physio(user: AbstractBaseUser) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.is_authenticated and profile and profile.role == Role.PHYSIO)
