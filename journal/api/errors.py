"""Errors as JSON: what the services refuse becomes a 400 with field messages, never a 500."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from journal.entries.services import EntryNotFound


def service_errors(error: DjangoValidationError) -> ApiValidationError:
    if hasattr(error, "error_dict"):
        return ApiValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
        )
    return ApiValidationError({"non_field_errors": error.messages})


class SafeJSONParser(JSONParser):
    """JSON nested too deeply for Python's parser is malformed input (400), not a server error."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the body is nested too deeply.") from error


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # Django refuses the body before any parser sees it; say so in JSON, as the API always does.
        return Response(
            {"detail": "The request body is too large."}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, DjangoValidationError):
        exc = service_errors(exc)
    elif isinstance(exc, EntryNotFound):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    elif isinstance(exc, IntegrityError):
        # A rule the database enforces and a twin request won; the caller can fetch and retry.
        return Response({"detail": "This conflicts with what is stored."}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
