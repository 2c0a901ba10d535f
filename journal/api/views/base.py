"""What the API's views share: rows scoped to the caller, and the entry machinery.

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
from django.db.models import Model, QuerySet
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from journal.api.errors import service_errors
from journal.entries import services
from journal.entries.selectors import entry_by_id


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


class DateRangeFilter(filters.FilterSet):
    date = filters.DateFromToRangeFilter(help_text="date_after and date_before (inclusive), YYYY-MM-DD.")


def date_filter(model_: type[Model]) -> type[filters.FilterSet]:
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

    def owned(self, selector: Callable[..., QuerySet]) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            # The generator needs only the model of the rows; the query is never run.
            return selector(owner=None).none()
        return selector(owner=self.request.user)


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
    rows: Callable[..., QuerySet]  # the selector that lists the owner's entries, in the API's order
    create_service: Callable[..., Model]
    update_service: Callable[..., Model]
    delete_service: Callable[..., None]
    id_argument: str
    filter_backends = [filters.DjangoFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return self.owned(type(self).rows)

    # Helpers

    # Fields a PUT leaves as they are when the body omits them, because a service sets them.
    put_keeps: frozenset[str] = frozenset()

    def _respond(self, entry: Model, code: int, serializer=None) -> Response:
        """The stored entry, read again (fresh, with annotations), with its ETag. `serializer`: the one
        that validated the request, if any; it writes the entry too (building a serializer's fields
        costs more than the rest of writing the answer)."""
        entry = self.get_queryset().get(pk=entry.pk)
        if serializer is None:
            serializer = self.get_serializer(entry)
        else:
            serializer.instance = entry
        data = serializer.data
        response = Response(data, status=code)
        response["ETag"] = etag_for(data)
        return response

    def _current_etag(self, entry: Model) -> str:
        return etag_for(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    def _created_or_replayed(self, entry: Model, data: dict[str, Any], serializer=None) -> Response:
        """A twin request may have stored this id first: same content is a replay, else a conflict."""
        if getattr(entry, "was_created", True):
            return self._respond(entry, status.HTTP_201_CREATED, serializer)
        if not self._same_content(entry, data):
            raise Conflict
        return self._respond(entry, status.HTTP_200_OK, serializer)

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
        # The service returns the stored entry when the id is known (another runner's: 404), so a
        # resend is told from a new entry there, in one lookup.
        return self._created_or_replayed(self._create(entry_id, data), data, serializer)

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
            existing = entry_by_id(model=self.model, entry_id=pk)
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
