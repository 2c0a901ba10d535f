"""OpenAPI: document the errors every operation can answer, so generated clients know them."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from journal.api.serializers import DetailSerializer, FieldErrorsSerializer

WRITE_METHODS = {"POST", "PUT", "PATCH"}


def _detail(description: str) -> OpenApiResponse:
    return OpenApiResponse(DetailSerializer, description=description)


class FootnoteAutoSchema(AutoSchema):
    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if not isinstance(responses, dict):
            responses = {self._success_code(): responses}
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
        if method == "GET" and not self._is_entry_detail() and not self._is_public():
            errors[400] = OpenApiResponse(FieldErrorsSerializer, description="A bad filter value.")
        for code, response in errors.items():
            responses.setdefault(code, response)
        return responses

    def _success_code(self) -> int:
        if self.method.upper() == "POST" and getattr(self.view, "action", None) not in {
            "acknowledge",
            "dismiss",
        }:
            return 201
        if self.method.upper() == "DELETE":
            return 204
        return 200

    def _is_entry(self) -> bool:
        from journal.api.views import EntryViewSet

        return isinstance(self.view, EntryViewSet)

    def _is_entry_detail(self) -> bool:
        return self._is_entry() and getattr(self.view, "action", None) == "retrieve"

    def _is_public(self) -> bool:
        from rest_framework.permissions import AllowAny

        return any(isinstance(p, AllowAny) for p in self.view.get_permissions())
