"""Helpers the web views of several capabilities share."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from journal.accounts.services import profile_update
from journal.models import Profile


def profile_of(request: HttpRequest) -> Profile:
    profile = getattr(request.user, "profile", None)
    if profile is None:
        profile = profile_update(
            user=request.user, display_name=request.user.get_username(), unit="km", time_zone="UTC"
        )
    return profile


def owned_or_404(model: type[Model], *, pk, owner) -> Model:
    # Someone else's entry answers exactly like a missing one.
    return get_object_or_404(model, pk=pk, owner=owner)
