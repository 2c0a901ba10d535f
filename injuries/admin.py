from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from injuries.models import Condition, Exercise, RedFlagAdvice, Region
from injuries.text import render_markdown


class LineEndingsField(forms.CharField):
    """Browsers send a textarea's line breaks as \\r\\n; the library stores \\n.

    Normalised while cleaning, so a text sent back untouched compares equal to what is stored.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class ConditionForm(forms.ModelForm):
    # The admin supplies the model and the fields (ConditionAdmin.form).
    main_region = forms.ChoiceField(
        label="Where it hurts most",
        choices=Region.choices,
        help_text="What might this be? scores a match here higher than the other places.",
    )
    regions = forms.MultipleChoiceField(
        label="Where it hurts",
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every place it can hurt; the main one counts even if it is not ticked.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_regions = list(self.instance.regions or [])
        if self._stored_regions:
            self.initial.setdefault("main_region", self._stored_regions[0])

    def clean(self):
        cleaned = super().clean()
        main = cleaned.get("main_region")
        if main:
            ticked = set(cleaned.get("regions") or []) | {main}
            # The main region first (the matcher weighs it), then the others in the order they were
            # stored, then new ones in the list's order: re-saving never reorders anything.
            known = [main] + [r for r in self._stored_regions if r != main]
            known += [value for value, _label in Region.choices if value not in known]
            cleaned["regions"] = [r for r in known if r in ticked]
        return cleaned


class LibraryAdmin(SimpleHistoryAdmin):
    """History with revert comes from django-simple-history; 'View on site' previews drafts too."""

    list_filter = ["is_published"]
    save_on_top = True
    readonly_fields = ["preview"]
    formfield_overrides = {models.TextField: {"form_class": LineEndingsField}}
    # The Markdown fields, in the order the public page shows them.
    preview_fields: list[str] = []

    class Media:
        css = {"all": ["css/admin-library.css"]}

    @admin.display(description="Preview")
    def preview(self, obj) -> str:
        if not obj.pk:
            return "Save to see a preview."
        sections = format_html_join(
            "",
            '<h3>{}</h3><div class="library-preview" data-field="{}">{}</div>',
            (
                (
                    obj._meta.get_field(name).verbose_name.capitalize(),
                    name,
                    mark_safe(render_markdown(getattr(obj, name))),  # noqa: S308 - nh3 has already cleaned it
                )
                for name in self.preview_fields
            ),
        )
        return format_html(
            '{}<p><a href="{}" target="_blank">Open the page</a></p>',
            sections,
            obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "#",
        )

    def save_model(self, request, obj, form, change):
        # Saving a row that did not change would still add a history version (and move updated_at).
        # Compared with the stored row, not the form's initial values: a revert's form starts from the
        # old version, which is exactly what it stores.
        if change and not self._differs_from_stored(obj, form):
            return
        super().save_model(request, obj, form, change)

    @staticmethod
    def _differs_from_stored(obj, form) -> bool:
        stored = type(obj)._default_manager.get(pk=obj.pk)
        return any(
            getattr(stored, field.attname) != getattr(obj, field.attname)
            for field in obj._meta.concrete_fields
            if field.name in form.cleaned_data
        )


@admin.register(Condition)
class ConditionAdmin(LibraryAdmin):
    form = ConditionForm
    list_display = ["name", "slug", "onset", "pain_model", "is_published", "updated_at"]
    list_filter = ["is_published", "onset", "pain_model"]
    search_fields = ["name", "summary", "how_it_feels"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["exercises"]

    def get_fields(self, request, obj=None):
        # The main region just above the other regions, not after every model field.
        fields = [name for name in super().get_fields(request, obj) if name != "main_region"]
        fields.insert(fields.index("regions"), "main_region")
        return fields

    preview_fields = [
        "how_it_feels",
        "triggers",
        "lookalikes",
        "self_care",
        "when_to_see_professional",
        "return_to_run",
    ]


@admin.register(Exercise)
class ExerciseAdmin(LibraryAdmin):
    list_display = ["name", "slug", "sets", "reps", "hold_s", "times_per_week", "is_published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    preview_fields = ["cautions"]


@admin.register(RedFlagAdvice)
class RedFlagAdviceAdmin(LibraryAdmin):
    list_display = ["code", "headline", "is_published", "updated_at"]
    search_fields = ["code", "headline", "advice"]
    preview_fields = ["advice", "avoid"]
