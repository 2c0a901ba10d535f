"""OpenAPI: document the errors every operation can answer, so generated clients know them."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from journal.api.serializers import DetailSerializer, FieldErrorsSerializer
from journal.api.views.base import EntryViewSet

WRITE_METHODS = {"POST", "PUT", "PATCH"}


def _detail(description: str) -> OpenApiResponse:
    return OpenApiResponse(DetailSerializer, description=description)


class FootnoteAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        # Added here rather than in get_response_serializers, which @extend_schema(responses=...)
        # replaces: the errors must be documented on those operations too.
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            responses.setdefault(
                str(code), self._get_response_for_code(response, str(code), direction=direction)
            )
        return responses

    def _get_filter_parameters(self):
        # django-filter ignores a filter sent empty (`?date_after=`), and its text filters refuse
        # NUL characters (400), so the schema says both.
        parameters = [
            {**parameter, "allowEmptyValue": True} for parameter in super()._get_filter_parameters()
        ]
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
                parameter["schema"] = {**schema, "pattern": "^[^\\u0000]*$"}
        return parameters

    def _error_responses(self) -> dict[int, OpenApiResponse]:
        method = self.method.upper()
        errors = {
            401: _detail("Not signed in: send a session cookie or `Authorization: Token <token>`."),
            403: _detail("Signed in but not allowed, or a missing CSRF token with session authentication."),
            404: _detail(
                "No such object among yours (another runner's objects answer the same), or no such page."
            ),
            405: _detail("That method is not allowed here."),
            429: _detail("Too many requests; wait and retry (see Retry-After)."),
        }
        if self._is_public():
            errors.pop(401)
            errors.pop(403)
        if method in WRITE_METHODS:
            errors[400] = OpenApiResponse(
                FieldErrorsSerializer, description="Bad input: each field name maps to a list of messages."
            )
            errors[415] = _detail("Send JSON (Content-Type: application/json).")
        if method in {"POST", "PUT"} and self._is_entry():
            errors[409] = _detail("The id is stored with different content; PUT with If-Match to change it.")
        if method in {"PUT", "PATCH", "DELETE"} and self._is_entry():
            errors[412] = _detail("If-Match did not match the entry's current ETag.")
        if method == "GET" and (
            getattr(self.view, "action", None) == "list" or not (self._is_entry_detail() or self._is_public())
        ):
            errors[400] = OpenApiResponse(
                FieldErrorsSerializer, description="A bad filter or page_size value."
            )
        return errors

    def _is_entry(self) -> bool:
        return isinstance(self.view, EntryViewSet)

    def _is_entry_detail(self) -> bool:
        return self._is_entry() and getattr(self.view, "action", None) == "retrieve"

    def _is_public(self) -> bool:
        return any(isinstance(p, AllowAny) for p in self.view.get_permissions())
