"""What the runner follows: a physiotherapist's exercise prescriptions and return-to-run plans."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from journal.api import serializers as s
from journal.api.errors import service_errors
from journal.api.views.base import ENTRY_PARAMS, UuidLookupMixin
from journal.clinic.selectors import prescriptions_newest_first
from journal.entries import services
from journal.entries.selectors import return_plans_newest_first


@extend_schema_view(
    list=extend_schema(summary="Your exercise prescriptions"),
    retrieve=extend_schema(summary="One prescription", parameters=ENTRY_PARAMS),
)
class PrescriptionViewSet(UuidLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PrescriptionSerializer

    def get_queryset(self):
        return self.owned(prescriptions_newest_first)


@extend_schema_view(
    list=extend_schema(summary="Your return-to-run plans, newest first"),
    retrieve=extend_schema(summary="One return-to-run plan", parameters=ENTRY_PARAMS),
    create=extend_schema(summary="Start a return-to-run plan (today or up to 28 days back)"),
)
class ReturnPlanViewSet(
    UuidLookupMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.ReturnPlanSerializer

    def get_queryset(self):
        return self.owned(return_plans_newest_first)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        profile = request.user.profile
        try:
            plan = services.return_plan_start(
                owner=request.user,
                started_on=data.get("started_on") or profile.today(),
                pre_injury_weekly_m=data["pre_injury_weekly_m"],
                episode=data.get("episode"),
                plan_id=data.get("id"),
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        except services.EntryNotFound as error:
            raise Http404 from error
        created = getattr(plan, "was_created", True)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=plan.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        request=s.ReturnPlanEndSerializer,
        responses={200: s.ReturnPlanSerializer},
        parameters=ENTRY_PARAMS,
        summary="End a return-to-run plan as completed or stopped",
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk=None) -> Response:
        plan = self.get_object()
        body = s.ReturnPlanEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.return_plan_end(
                plan=plan,
                status=body.validated_data["status"],
                on=body.validated_data.get("ended_on") or request.user.profile.today(),
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)
