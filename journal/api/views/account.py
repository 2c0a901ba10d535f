"""The caller's own account: `me/`, their profile."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from journal.accounts.selectors import profile_with_user
from journal.accounts.services import profile_update
from journal.api import serializers as s
from journal.api.errors import service_errors
from journal.models import Profile


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
