"""Helpers the web views of several capabilities share."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from journal.accounts.services import profile_ensure
from journal.models import Profile


def profile_of(request: HttpRequest) -> Profile:
    profile = getattr(request.user, "profile", None)
    if profile is not None:
        return profile
    # Every user gets a profile at sign-up and again at sign-in (journal/signals.py); one deleted in
    # the admin during a session is read as the defaults by a GET, which never writes, and made by
    # the next request that does write.
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return Profile(user=request.user, display_name=request.user.get_username())
    return profile_ensure(user=request.user)


def owned_or_404(model: type[Model], *, pk, owner) -> Model:
    # Someone else's entry answers exactly like a missing one.
    return get_object_or_404(model, pk=pk, owner=owner)
