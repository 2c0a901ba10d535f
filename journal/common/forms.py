"""Form pieces the journal's, the clinic's and the account forms share."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from journal.common.widget_renderer import text

# The words of the 0–10 scale, shown above the buttons and read with 0, 5 and 10.
PAIN_WORDS = {0: "no pain", 5: "moderate", 10: "worst imaginable"}
# A native date picker needs ISO dates whatever the site's language.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PainField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("min_value", "Pain is a number from 0 (none) to 10 (the worst).")
        kwargs["error_messages"].setdefault("max_value", "Pain is a number from 0 (none) to 10 (the worst).")
        kwargs.setdefault("widget", PainScale)
        super().__init__(**kwargs)
        if isinstance(self.widget, PainScale):
            self.widget.label = str(self.label or "")
            self.widget.clearable = not self.required


class PainScale(forms.Widget):
    """0 to 10 as eleven radio buttons to tap, two rows of large targets at 360 px. Nothing checked
    is "not answered" (stored as null), and a Clear button (app.js) takes an answer back.

    Written out here rather than through RadioSelect's per-option templates (and without
    format_html's check for lazy text on every value): Today shows three."""

    input_type = "radio"
    use_fieldset = True
    label = ""
    clearable = True

    def format_value(self, value):
        return "" if value is None else str(value)

    def value_omitted_from_data(self, data, files, name):
        # An unticked group sends nothing: that is an answer ("not given"), not a missing field.
        return False

    def id_for_label(self, id_, index=None):
        return "" if index is None else f"{id_}_{index}"

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = text(attrs.pop("id", None) or f"id_{name}")
        attrs.pop("required", None)
        chosen = self.format_value(value)
        extra = flatatt(attrs)
        name = text(name)
        options = "".join(
            f'<label class="pain-option"><input type="radio" name="{name}" value="{n}" id="{base_id}_{n}"'
            f"{' checked' if str(n) == chosen else ''}{extra}><span>{n}{self._words(n)}</span></label>"
            for n in range(11)
        )
        clear = ""
        if self.clearable:
            clear = (
                f'<button type="button" class="pain-clear" aria-label="Clear: {text(self.label)}" hidden>'
                "Clear</button>"
            )
        words = "".join(f"<span>{n} {text(word)}</span>" for n, word in sorted(PAIN_WORDS.items()))
        return mark_safe(  # noqa: S308 - every value in it went through text() or flatatt()
            f'<div class="pain-scale"><p class="pain-words" aria-hidden="true">{words}</p>'
            f'<div class="pain-options">{options}{clear}</div></div>'
        )

    @staticmethod
    def _words(n: int) -> str:
        if n not in PAIN_WORDS:
            return ""
        return f'<span class="visually-hidden"> {text(PAIN_WORDS[n])}</span>'


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
