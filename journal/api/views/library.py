"""The public condition and exercise library, readable without signing in."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from injuries.selectors import conditions_with_exercises, exercises_with_conditions
from journal.api import serializers as s
from journal.api.views.base import ANY_SEGMENT


class LibraryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    lookup_value_regex = ANY_SEGMENT
    throttle_scope = None


@extend_schema_view(
    list=extend_schema(summary="The condition library"), retrieve=extend_schema(summary="A condition")
)
class ConditionViewSet(LibraryViewSet):
    serializer_class = s.ConditionSerializer
    queryset = conditions_with_exercises()


@extend_schema_view(
    list=extend_schema(summary="The exercise library"), retrieve=extend_schema(summary="An exercise")
)
class ExerciseViewSet(LibraryViewSet):
    serializer_class = s.ExerciseSerializer
    queryset = exercises_with_conditions()
