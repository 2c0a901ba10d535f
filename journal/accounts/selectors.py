"""Reads of accounts and their profiles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from journal.models import Profile


def profile_with_user(*, user: AbstractBaseUser) -> Profile:
    return Profile.objects.select_related("user").get(user=user)


def api_tokens(*, user: AbstractBaseUser) -> list:
    """The account's API tokens, newest first: their key prefix and dates (knox keeps only a hash)."""
    from knox.models import AuthToken

    return list(
        AuthToken.objects.filter(user=user).order_by("-created").values("token_key", "created", "expiry")
    )
