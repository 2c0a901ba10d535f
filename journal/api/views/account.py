"""The caller's own account: `me/`, their profile, and `me/reminders/`, their check-in reminders."""

from __future__ import annotations

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


@extend_schema_view(
    get=extend_schema(summary="Your profile: unit and time zone"),
    put=extend_schema(summary="Replace your profile's name, unit and time zone"),
    patch=extend_schema(summary="Change your name, unit or time zone"),
)
class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = s.ProfileSerializer

    def get_object(self) -> Profile:
        return profile_with_user(user=self.request.user)

    def perform_update(self, serializer):
        profile = serializer.instance
        data = {
            "display_name": profile.display_name,
            "unit": profile.unit,
            "time_zone": profile.time_zone,
            **serializer.validated_data,
        }
        try:
            serializer.instance = profile_update(user=self.request.user, **data)
        except DjangoValidationError as error:
            raise service_errors(error) from error


@extend_schema_view(
    get=extend_schema(summary="Your check-in reminders: on or off, the time, the days and how"),
    put=extend_schema(summary="Replace your check-in reminder settings"),
    patch=extend_schema(summary="Change some of your check-in reminder settings"),
)
class RemindersView(generics.RetrieveUpdateAPIView):
    """What More, Reminders sets, through the same service: reading writes nothing."""

    serializer_class = s.ReminderSettingsSerializer

    def get_object(self) -> NotificationSettings:
        return notify.notification_settings_read(self.request.user)

    def perform_update(self, serializer):
        current = serializer.instance
        data = {
            "reminders_on": current.reminders_on,
            "reminder_time": current.reminder_time,
            "reminder_days": current.reminder_days,
            "reminder_channel": current.reminder_channel,
            **serializer.validated_data,
        }
        try:
            serializer.instance = notify.reminders_update(user=self.request.user, **data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
