"""Reads of accounts and their profiles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from journal.models import Profile


def profile_with_user(*, user: AbstractBaseUser) -> Profile:
    return Profile.objects.select_related("user").get(user=user)
