from django.contrib import admin

from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    InjuryEpisode,
    Profile,
    Run,
    Shoe,
)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "role", "unit", "time_zone"]
    list_filter = ["role", "unit"]
    search_fields = ["display_name", "user__email"]


class EntryAdmin(admin.ModelAdmin):
    list_select_related = ["owner"]
    search_fields = ["owner__email", "notes"]
    raw_id_fields = ["owner"]
    readonly_fields = ["id", "created_at", "updated_at"]


@admin.register(Shoe)
class ShoeAdmin(EntryAdmin):
    list_display = ["name", "owner", "brand_model", "is_default", "retired_on"]
    list_filter = ["is_default"]
    search_fields = ["name", "brand_model", "owner__email"]


@admin.register(Run)
class RunAdmin(EntryAdmin):
    list_display = ["date", "owner", "distance_m", "duration_s", "pain_during", "surface"]
    list_filter = ["surface", "source"]
    date_hierarchy = "date"
    raw_id_fields = ["owner", "shoe"]


@admin.register(Checkin)
class CheckinAdmin(EntryAdmin):
    list_display = ["date", "owner", "side", "pain_now", "pain_waking", "swelling"]
    list_filter = ["side", "swelling", "can_walk_four_steps"]
    date_hierarchy = "date"


@admin.register(InjuryEpisode)
class InjuryEpisodeAdmin(EntryAdmin):
    list_display = ["title", "owner", "side", "onset_date", "status"]
    list_filter = ["status", "onset"]
    search_fields = ["label", "condition__name", "owner__email", "notes"]


@admin.register(ExercisePrescription)
class ExercisePrescriptionAdmin(EntryAdmin):
    list_display = ["exercise", "owner", "sets", "reps", "times_per_week", "starts_on", "ends_on"]
    search_fields = ["exercise__name", "owner__email", "notes"]
    raw_id_fields = ["owner", "prescribed_by"]


@admin.register(ExerciseCompletion)
class ExerciseCompletionAdmin(EntryAdmin):
    list_display = ["date", "owner", "exercise", "sets_done", "reps_done", "pain_during"]
    date_hierarchy = "date"
    search_fields = ["exercise__name", "owner__email", "notes"]
    raw_id_fields = ["owner", "prescription"]


# Notifications (reminders sent, settings, devices) keep their admin beside their models.
from journal.notify import admin as notify_admin  # noqa: E402, F401
