from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model

from journal.clinic import services as clinic
from journal.flags.services import flags_refresh
from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    InjuryEpisode,
    Profile,
    Run,
    Shoe,
)


class AccessLoggedAdmin(admin.ModelAdmin):
    """Journal data read through the admin is written to each runner's access log, as a physiotherapist's is.

    A list logs one row per runner whose entries it showed; opening, changing or deleting an entry logs
    that entry's runner. The phrases are fixed, like every access-log action, so no health value gets in.
    """

    owner_field = "owner"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            owner_ids = {getattr(row, f"{self.owner_field}_id") for row in changelist.result_list}
            clinic.access_record_many(physio=request.user, patient_ids=sorted(owner_ids), action=ADMIN_LISTED)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._record_opened(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._record_opened(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._record_opened(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    # An admin's change goes around the services, which evaluate flags after every write: evaluate here
    # too, so the flags (and tomorrow's projection of them) describe the journal as it now is.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _journal_changed(getattr(obj, f"{self.owner_field}_id"))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _journal_changed(getattr(obj, f"{self.owner_field}_id"))

    def delete_queryset(self, request, queryset):
        owner_ids = set(queryset.values_list(self.owner_field, flat=True))
        super().delete_queryset(request, queryset)
        for owner_id in owner_ids:
            _journal_changed(owner_id)

    def _record_opened(self, request, object_id) -> None:
        entry = self.get_object(request, unquote(object_id))
        if entry is not None:
            owner = getattr(entry, self.owner_field)
            clinic.access_record(physio=request.user, patient=owner, action=ADMIN_OPENED)


def _journal_changed(owner_id) -> None:
    # Evaluating also projects tomorrow again; a runner without a profile has no flags to read.
    owner = get_user_model().objects.filter(pk=owner_id, profile__isnull=False).first()
    if owner is not None:
        flags_refresh(owner=owner)


ADMIN_LISTED = "listed in the admin"
ADMIN_OPENED = "opened an entry in the admin"


@admin.register(Profile)
class ProfileAdmin(AccessLoggedAdmin):
    owner_field = "user"
    list_display = ["display_name", "user", "role", "unit", "time_zone"]
    # The flags' bookkeeping (journal.flags.services): shown, never typed over.
    readonly_fields = ["flags_evaluated_on", "journal_version", "flags_version"]
    list_filter = ["role", "unit"]
    search_fields = ["display_name", "user__email"]


class EntryAdmin(AccessLoggedAdmin):
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
