from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from injuries.models import Condition, Exercise, RedFlagAdvice
from injuries.text import render_markdown


class LibraryAdmin(SimpleHistoryAdmin):
    """History with revert comes from django-simple-history; 'View on site' previews drafts too."""

    list_filter = ["is_published"]
    save_on_top = True
    readonly_fields = ["preview"]
    preview_field = ""

    @admin.display(description="Preview")
    def preview(self, obj) -> str:
        if not obj.pk:
            return "Save to see a preview."
        text = getattr(obj, self.preview_field, "")
        return format_html(
            '<div style="max-width:40rem">{}</div><p><a href="{}" target="_blank">Open the page</a></p>',
            mark_safe(render_markdown(text)),  # noqa: S308 - nh3 has already cleaned it
            obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "#",
        )


@admin.register(Condition)
class ConditionAdmin(LibraryAdmin):
    list_display = ["name", "slug", "onset", "pain_model", "is_published", "updated_at"]
    list_filter = ["is_published", "onset", "pain_model"]
    search_fields = ["name", "summary", "how_it_feels"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["exercises"]
    preview_field = "self_care"


@admin.register(Exercise)
class ExerciseAdmin(LibraryAdmin):
    list_display = ["name", "slug", "sets", "reps", "hold_s", "times_per_week", "is_published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    preview_field = "cautions"


@admin.register(RedFlagAdvice)
class RedFlagAdviceAdmin(LibraryAdmin):
    list_display = ["code", "headline", "is_published", "updated_at"]
    search_fields = ["code", "headline", "advice"]
    preview_field = "advice"
