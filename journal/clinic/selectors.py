"""Reads of the clinic's records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from journal.models import ExercisePrescription


def prescriptions_newest_first(*, owner: AbstractBaseUser | None) -> QuerySet[ExercisePrescription]:
    """A runner's own prescriptions, as the API lists them."""
    return (
        ExercisePrescription.objects.filter(owner=owner)
        .select_related("exercise")
        .order_by("-starts_on", "id")
    )
