"""Errors as JSON: what the services refuse becomes a 400 with field messages, never a 500."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from journal.services import EntryNotFound


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        from journal.api.views import service_errors

        exc = service_errors(exc)
    elif isinstance(exc, EntryNotFound):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    elif isinstance(exc, IntegrityError):
        # A rule the database enforces and a twin request won; the caller can fetch and retry.
        return Response({"detail": "This conflicts with what is stored."}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
