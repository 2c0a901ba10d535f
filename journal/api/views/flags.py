"""The runner's flags: open ones and their history; acknowledge or dismiss one."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from journal.api import serializers as s
from journal.api.errors import service_errors
from journal.api.views.base import ANY_SEGMENT, OwnedMixin
from journal.flags import services as flagging
from journal.flags.selectors import flags_for_runner
from journal.models import Flag

FLAG_PARAMS = [OpenApiParameter("id", int, OpenApiParameter.PATH, description="The flag's id.")]


class FlagFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=[("open", "open"), ("cleared", "cleared"), ("all", "all")],
        method="filter_status",
        empty_label=None,
        help_text="open (default), cleared (history) or all.",
    )

    class Meta:
        model = Flag
        fields = ["status", "severity", "code"]

    def filter_status(self, queryset, name, value):
        if value == "cleared":
            return queryset.filter(cleared_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.filter(cleared_at__isnull=True)

    @property
    def qs(self):
        queryset = super().qs
        if not self.data.get("status"):
            queryset = queryset.filter(cleared_at__isnull=True)
        return queryset


@extend_schema_view(
    list=extend_schema(summary="Your flags: open ones by default, or history"),
    retrieve=extend_schema(summary="One flag", parameters=FLAG_PARAMS),
)
class FlagViewSet(OwnedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.FlagSerializer
    lookup_value_regex = ANY_SEGMENT
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = FlagFilter

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False):
            # Flags describe the journal as of the runner's today, not as of their last write.
            flagging.flags_current(owner=self.request.user)
        return self.owned(flags_for_runner)

    @extend_schema(
        request=None, responses={200: s.FlagSerializer}, parameters=FLAG_PARAMS, summary="Acknowledge a flag"
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        flag = self.get_object()
        try:
            flagging.flag_acknowledge(flag=flag, by=request.user)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(self.get_serializer(flag).data)

    @extend_schema(
        request=None,
        responses={200: s.FlagSerializer},
        parameters=FLAG_PARAMS,
        summary="Dismiss a low-severity flag",
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        flag = self.get_object()
        try:
            flagging.flag_dismiss(flag=flag)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(self.get_serializer(flag).data)
