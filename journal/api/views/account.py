"""The caller's own account: `me/`, their profile, and `me/reminders/`, their check-in reminders."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from journal.accounts.selectors import profile_with_user
from journal.accounts.services import profile_update
from journal.api import serializers as s
from journal.api.errors import service_errors
from journal.models import Profile
from journal.notify import services as notify
from journal.notify.models import NotificationSettings


class _SavedByService(generics.RetrieveUpdateAPIView):
    """A settings object saved through its service (called with the user and every value), as its
    settings page saves it: a PUT or a PATCH keeps what it does not name (`kept`), and the service's
    refusals are 400s beside each field."""

    service: Callable[..., object]
    kept: tuple[str, ...]

    def perform_update(self, serializer):
        stored = {name: getattr(serializer.instance, name) for name in self.kept}
        values = {**stored, **serializer.validated_data}
        try:
            serializer.instance = self.service(user=self.request.user, **values)
        except DjangoValidationError as error:
            raise service_errors(error) from error


@extend_schema_view(
    get=extend_schema(summary="Your profile: unit and time zone"),
    put=extend_schema(summary="Replace your profile's name, unit and time zone"),
    patch=extend_schema(summary="Change your name, unit or time zone"),
)
class MeView(_SavedByService):
    serializer_class = s.ProfileSerializer
    service = staticmethod(profile_update)
    kept = ("display_name", "unit", "time_zone")

    def get_object(self) -> Profile:
        return profile_with_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="Your check-in reminders: on or off, the time, the days and how"),
    put=extend_schema(summary="Replace your check-in reminder settings"),
    patch=extend_schema(summary="Change some of your check-in reminder settings"),
)
class RemindersView(_SavedByService):
    """What More, Reminders sets, through the same service; reading writes nothing."""

    serializer_class = s.ReminderSettingsSerializer
    service = staticmethod(notify.reminders_update)
    kept = ("reminders_on", "reminder_time", "reminder_days", "reminder_channel")

    def get_object(self) -> NotificationSettings:
        return notify.notification_settings_read(self.request.user)
