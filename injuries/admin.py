from django.contrib import admin

from injuries.models import Condition, Exercise


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "onset", "pain_model", "is_published"]
    list_filter = ["onset", "pain_model", "is_published"]
    search_fields = ["name", "summary", "how_it_feels"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["exercises"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sets", "reps", "hold_s", "times_per_week", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
