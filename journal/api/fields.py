"""Fields the API's serializers share: links to the caller's own rows and to the library, strict ids."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from journal.entries.selectors import owned_by


class OwnedRelatedField(serializers.PrimaryKeyRelatedField):
    """A link to one of the caller's own objects; anyone else's answers like a missing one."""

    default_error_messages = {
        "does_not_exist": "Choose one of your own; you have no {model} with the id {pk_value}.",
        "incorrect_type": "Expected an id (a UUID), got {data_type}.",
    }

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return owned_by(model=self.model, owner=self.context["request"].user)

    def fail(self, key, **kwargs):
        kwargs.setdefault("model", self.model._meta.verbose_name)
        super().fail(key, **kwargs)


class LibrarySlugField(serializers.SlugRelatedField):
    """A library item by slug; a NUL byte is refused before it reaches the database."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="(contains a NUL character)")
        return super().to_internal_value(data)


class StrictUUIDField(serializers.UUIDField):
    """A UUID given as text only: DRF would read a number (and so `false`) as the UUID with that value."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$", "example": "07:30"}
)
class LocalTimeField(serializers.TimeField):
    """A local time of day without a zone (JSON Schema's "time" format would demand an offset)."""
