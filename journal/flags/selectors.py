"""Reads of the stored flags."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from journal.models import Flag


def flags_for_runner(*, owner: AbstractBaseUser | None) -> QuerySet[Flag]:
    """Every flag the runner may see (open and cleared), the most severe and newest first."""
    return Flag.objects.filter(owner=owner, clinician_only=False).order_by(
        "-severity_rank", "-raised_at", "id"
    )
