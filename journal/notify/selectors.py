"""Reads of notification records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from journal.notify.models import SentNotification


def notifications_sent_to(*, user: AbstractBaseUser, limit: int) -> QuerySet[SentNotification]:
    return SentNotification.objects.filter(recipient=user)[:limit]
