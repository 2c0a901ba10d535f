"""Form pieces the journal's, the clinic's and the account forms share."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError

PAIN_ATTRS = {"min": 0, "max": 10, "inputmode": "numeric"}
# A native date picker needs ISO dates whatever the site's language.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PainField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("min_value", "Pain is a number from 0 (none) to 10 (the worst).")
        kwargs["error_messages"].setdefault("max_value", "Pain is a number from 0 (none) to 10 (the worst).")
        kwargs.setdefault("widget", forms.NumberInput(attrs=PAIN_ATTRS))
        super().__init__(**kwargs)


class ServiceFormMixin:
    """Puts a service's ValidationError beside the right field.

    field_map renames model fields to form fields (distance_m → distance).
    """

    field_map: dict[str, str] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            target = self.field_map.get(name, name)
            if target != "__all__" and target not in self.fields:
                target = None
            for message in messages:
                self.add_error(None if target == "__all__" else target, message)


class EntryIdMixin(forms.Form):
    # A fresh id per rendered form, so a double tap or a resubmitted page stores one entry.
    entry_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def init_entry_id(self) -> None:
        if not self.is_bound and not self.initial.get("entry_id"):
            self.initial["entry_id"] = uuid.uuid4()
