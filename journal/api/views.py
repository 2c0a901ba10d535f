"""REST API v1: the journal over HTTP, on the same services as the HTML views.

Creates are idempotent by client UUID. `POST` with an `id` that is already stored returns the
stored entry when the content is the same (200) and 409 when it differs. `PUT /<resource>/<id>/`
creates (201) or replaces; replacing needs `If-Match` with the entry's ETag, or the same content
(a replay), and a stale ETag answers 412.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Prefetch
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from injuries.models import Condition, Exercise
from journal.api import serializers as s
from journal.entries import services
from journal.entries.selectors import shoes_with_totals
from journal.flags import services as flagging
from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    Profile,
    ReturnPlan,
    Run,
    Shoe,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        "An entry with this id exists with different content. Send If-Match with its ETag to change it."
    )
    default_code = "conflict"


class OtherAccount(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "This entry was made by another account; sign in as that account to send it."
    default_code = "other_account"


def _check_queue_account(request: Request) -> None:
    """An offline client names the account that made an entry; it is never stored under another one."""
    account = request.headers.get("X-Queue-Account")
    if account is not None and account.strip() != str(request.user.pk):
        raise OtherAccount


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The entry changed since you read it (its ETag no longer matches). Fetch it and retry."
    default_code = "precondition_failed"


class _Unchanged(Exception):
    """The stored entry already has this content: nothing to write, answer it as it is."""

    def __init__(self, entry: Model):
        super().__init__()
        self.entry = entry


def etag_for(data: dict) -> str:
    """A hash of the entry as the API shows it: any change of content changes it, even within a clock tick."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _if_match(request: Request) -> list[str] | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def service_errors(error: DjangoValidationError) -> ApiValidationError:
    if hasattr(error, "error_dict"):
        return ApiValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
        )
    return ApiValidationError({"non_field_errors": error.messages})


class DateRangeFilter(filters.FilterSet):
    date = filters.DateFromToRangeFilter(help_text="date_after and date_before (inclusive), YYYY-MM-DD.")


def _date_filter(model_: type[Model]) -> type[filters.FilterSet]:
    return type(
        f"{model_.__name__}DateFilter",
        (DateRangeFilter,),
        {"Meta": type("Meta", (), {"model": model_, "fields": []})},
    )


# Routes take any path segment, so a malformed id answers the API's JSON 404 rather than the site's page.
ANY_SEGMENT = "[^/]+"
ENTRY_PARAMS = [
    OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The entry's UUID.")
]
FLAG_PARAMS = [OpenApiParameter("id", int, OpenApiParameter.PATH, description="The flag's id.")]
QUEUE_ACCOUNT = OpenApiParameter(
    "X-Queue-Account",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The account (me/'s `account`) that made a queued entry; any other answers 403.",
)
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=False, description="The ETag you last read."
)


class OwnedMixin:
    """Only the caller's own rows; the schema generator (no user) sees an empty set."""

    def owner_filter(self, queryset):
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(owner=self.request.user)


class UuidLookupMixin(OwnedMixin):
    lookup_value_regex = ANY_SEGMENT

    def get_object(self):
        try:
            return super().get_object()
        except DjangoValidationError as error:  # a malformed UUID in the path
            raise Http404 from error


class EntryViewSet(UuidLookupMixin, viewsets.ModelViewSet):
    """Shared create/replace/update/delete with idempotency and ETags; subclasses name the model."""

    model: type[Model]
    create_service: Callable[..., Model]
    update_service: Callable[..., Model]
    delete_service: Callable[..., None]
    id_argument: str
    filter_backends = [filters.DjangoFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return self.owner_filter(self.model.objects.all())

    # Helpers

    # Fields a PUT leaves as they are when the body omits them, because a service sets them.
    put_keeps: frozenset[str] = frozenset()

    def _respond(self, entry: Model, code: int) -> Response:
        entry = self.get_queryset().get(pk=entry.pk)  # fresh, with annotations
        data = self.get_serializer(entry).data
        response = Response(data, status=code)
        response["ETag"] = etag_for(data)
        return response

    def _current_etag(self, entry: Model) -> str:
        return etag_for(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    def _created_or_replayed(self, entry: Model, data: dict[str, Any]) -> Response:
        """A twin request may have stored this id first: same content is a replay, else a conflict."""
        if getattr(entry, "was_created", True):
            return self._respond(entry, status.HTTP_201_CREATED)
        if not self._same_content(entry, data):
            raise Conflict
        return self._respond(entry, status.HTTP_200_OK)

    def _same_content(self, entry: Model, data: dict[str, Any]) -> bool:
        for name, value in data.items():
            current = getattr(entry, name)
            if isinstance(current, Model) or isinstance(value, Model):
                current = getattr(current, "pk", current)
                value = getattr(value, "pk", value)
            if current != value:
                return False
        return True

    def _full(self, data: dict[str, Any]) -> dict[str, Any]:
        """For PUT: fields left out go back to their defaults rather than keeping old values."""
        serializer = self.get_serializer()
        full = dict(data)
        for name, field in serializer.fields.items():
            if field.read_only or name in full or name == "id" or name in self.put_keeps:
                continue
            model_field = self.model._meta.get_field(field.source)
            full[name] = model_field.get_default() if model_field.has_default() else None
            if full[name] is None and not model_field.null:
                full[name] = (
                    "" if model_field.get_internal_type() in {"CharField", "TextField"} else full[name]
                )
        return full

    def _create(self, entry_id, data: dict[str, Any]) -> Model:
        try:
            return type(self).create_service(owner=self.request.user, **{self.id_argument: entry_id}, **data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        except services.EntryNotFound as error:
            raise Http404 from error

    def _update(self, entry: Model, data: dict[str, Any], precondition: Callable[[Model], None]) -> Model:
        try:
            return type(self).update_service(entry, precondition=precondition, **data)
        except DjangoValidationError as error:
            raise service_errors(error) from error

    def _check_if_match(self, entry: Model) -> bool:
        tags = _if_match(self.request)
        if tags is None:
            return False
        if "*" not in tags and self._current_etag(entry) not in tags:
            raise PreconditionFailed
        return True

    # Actions

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        data = self.get_serializer(entry).data
        response = Response(data)
        response["ETag"] = etag_for(data)
        return response

    def create(self, request, *args, **kwargs):
        _check_queue_account(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry_id = data.pop("id", None)
        if entry_id is not None:
            existing = self.model.objects.filter(pk=entry_id).first()
            if existing is not None:
                if existing.owner_id != request.user.pk:
                    raise Http404
                if not self._same_content(existing, data):
                    raise Conflict
                return self._respond(existing, status.HTTP_200_OK)
        return self._created_or_replayed(self._create(entry_id, data), data)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        _check_queue_account(request)
        pk = kwargs[self.lookup_url_kwarg or self.lookup_field]
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body_id = data.pop("id", None)
        if body_id is not None and str(body_id) != str(pk):
            raise ApiValidationError({"id": ["The id in the body must match the id in the address."]})
        try:
            existing = self.model.objects.filter(pk=pk).first()
        except DjangoValidationError as error:
            raise Http404 from error
        if existing is not None and existing.owner_id != request.user.pk:
            raise Http404
        if existing is None:
            if partial:
                raise Http404
            full = self._full(data)
            return self._created_or_replayed(self._create(pk, full), full)
        if not partial:
            data = self._full(data)

        def precondition(stored: Model) -> None:
            # Runs in the service's transaction, with the row locked: of concurrent writes that
            # send the same ETag, the first to take the lock wins and the rest see a new ETag.
            matched = self._check_if_match(stored)
            if self._same_content(stored, data):
                raise _Unchanged(stored)
            if not matched and not partial:
                raise Conflict

        try:
            entry = self._update(existing, data, precondition)
        except _Unchanged as unchanged:
            entry = unchanged.entry
        return self._respond(entry, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        entry = self.get_object()
        type(self).delete_service(entry, precondition=self._check_if_match)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _entry_schema(name: str, plural: str, serializer: type) -> Callable:
    return extend_schema_view(
        list=extend_schema(summary=f"List your {plural}, newest first"),
        create=extend_schema(
            summary=f"Create a {name} (idempotent with your own id)",
            parameters=[QUEUE_ACCOUNT],
            responses={200: serializer, 201: serializer},
        ),
        retrieve=extend_schema(summary=f"One {name}", parameters=ENTRY_PARAMS),
        update=extend_schema(
            summary=f"Create or replace a {name} at your own id",
            parameters=[*ENTRY_PARAMS, IF_MATCH, QUEUE_ACCOUNT],
            responses={200: serializer, 201: serializer},
        ),
        partial_update=extend_schema(
            summary=f"Change some fields of a {name}", parameters=[*ENTRY_PARAMS, IF_MATCH, QUEUE_ACCOUNT]
        ),
        destroy=extend_schema(summary=f"Delete a {name}", parameters=[*ENTRY_PARAMS, IF_MATCH]),
    )


@_entry_schema("shoe", "shoes", s.ShoeSerializer)
class ShoeViewSet(EntryViewSet):
    model = Shoe
    serializer_class = s.ShoeSerializer
    put_keeps = frozenset({"is_default"})
    id_argument = "shoe_id"
    create_service = staticmethod(services.shoe_create)
    update_service = staticmethod(lambda shoe, **data: services.shoe_save(shoe=shoe, **data))
    delete_service = staticmethod(lambda shoe, **kw: services.shoe_delete(shoe=shoe, **kw))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Shoe.objects.none()
        return shoes_with_totals(owner=self.request.user).order_by("name", "id")


@_entry_schema("run", "runs", s.RunSerializer)
class RunViewSet(EntryViewSet):
    model = Run
    serializer_class = s.RunSerializer
    id_argument = "run_id"
    filterset_class = _date_filter(Run)
    create_service = staticmethod(services.run_record)
    update_service = staticmethod(lambda run, **data: services.run_update(run=run, **data))
    delete_service = staticmethod(lambda run, **kw: services.run_delete(run=run, **kw))

    def get_queryset(self):
        return self.owner_filter(Run.objects.order_by("-date", "-created_at", "id"))


@_entry_schema("check-in", "check-ins", s.CheckinSerializer)
class CheckinViewSet(EntryViewSet):
    model = Checkin
    serializer_class = s.CheckinSerializer
    # A PUT without a time keeps the stored one (set when the check-in was first stored).
    put_keeps = frozenset({"time"})
    id_argument = "checkin_id"
    filterset_class = _date_filter(Checkin)
    create_service = staticmethod(services.checkin_record)
    update_service = staticmethod(lambda checkin, **data: services.checkin_update(checkin=checkin, **data))
    delete_service = staticmethod(lambda checkin, **kw: services.checkin_delete(checkin=checkin, **kw))

    def get_queryset(self):
        return self.owner_filter(Checkin.objects.order_by("-date", "-time", "side", "id"))


@_entry_schema("injury episode", "injury episodes", s.EpisodeSerializer)
class EpisodeViewSet(EntryViewSet):
    model = InjuryEpisode
    serializer_class = s.EpisodeSerializer
    id_argument = "episode_id"
    create_service = staticmethod(services.episode_record)
    update_service = staticmethod(lambda episode, **data: services.episode_update(episode=episode, **data))
    delete_service = staticmethod(lambda episode, **kw: services.episode_delete(episode=episode, **kw))

    def get_queryset(self):
        return self.owner_filter(
            InjuryEpisode.objects.select_related("condition").order_by("-onset_date", "id")
        )


@_entry_schema("exercise completion", "exercise completions", s.CompletionSerializer)
class CompletionViewSet(EntryViewSet):
    model = ExerciseCompletion
    serializer_class = s.CompletionSerializer
    id_argument = "completion_id"
    filterset_class = _date_filter(ExerciseCompletion)
    create_service = staticmethod(services.completion_record)
    update_service = staticmethod(
        lambda completion, **data: services.completion_update(completion=completion, **data)
    )
    delete_service = staticmethod(
        lambda completion, **kw: services.completion_delete(completion=completion, **kw)
    )

    def get_queryset(self):
        return self.owner_filter(
            ExerciseCompletion.objects.select_related("exercise").order_by("-date", "-created_at", "id")
        )


@extend_schema_view(
    list=extend_schema(summary="Your exercise prescriptions"),
    retrieve=extend_schema(summary="One prescription", parameters=ENTRY_PARAMS),
)
class PrescriptionViewSet(UuidLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PrescriptionSerializer

    def get_queryset(self):
        return self.owner_filter(
            ExercisePrescription.objects.select_related("exercise").order_by("-starts_on", "id")
        )


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
        return self.owner_filter(
            ReturnPlan.objects.prefetch_related(
                Prefetch("runs", queryset=Run.objects.order_by("date", "id"))
            ).order_by("-started_on", "-created_at", "id")
        )

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
        return self.owner_filter(
            Flag.objects.filter(clinician_only=False).order_by("-severity_rank", "-raised_at", "id")
        )

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


@extend_schema_view(
    get=extend_schema(summary="Your profile: unit and time zone"),
    put=extend_schema(summary="Replace your profile's name, unit and time zone"),
    patch=extend_schema(summary="Change your name, unit or time zone"),
)
class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = s.ProfileSerializer

    def get_object(self) -> Profile:
        return Profile.objects.select_related("user").get(user=self.request.user)

    def perform_update(self, serializer):
        profile = serializer.instance
        data = {
            "display_name": profile.display_name,
            "unit": profile.unit,
            "time_zone": profile.time_zone,
            **serializer.validated_data,
        }
        try:
            serializer.instance = services.profile_update(user=self.request.user, **data)
        except DjangoValidationError as error:
            raise service_errors(error) from error


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
    queryset = (
        Condition.objects.filter(is_published=True)
        .prefetch_related(Prefetch("exercises", queryset=Exercise.objects.filter(is_published=True)))
        .order_by("name")
    )


@extend_schema_view(
    list=extend_schema(summary="The exercise library"), retrieve=extend_schema(summary="An exercise")
)
class ExerciseViewSet(LibraryViewSet):
    serializer_class = s.ExerciseSerializer
    queryset = (
        Exercise.objects.filter(is_published=True)
        .prefetch_related(Prefetch("conditions", queryset=Condition.objects.filter(is_published=True)))
        .order_by("name")
    )
