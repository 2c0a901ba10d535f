"""API representations. Input is checked here for shape; the services apply the journal's rules."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from injuries.models import Condition, Exercise, Region
from injuries.selectors import conditions_published, exercises_published
from journal.api.fields import LibrarySlugField, LocalTimeField, OwnedRelatedField, StrictUUIDField
from journal.common.constants import MAX_RUN_M
from journal.entries.selectors import ShoeWear, shoe_total_m
from journal.models import (
    BonePoint,
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    PainKind,
    Profile,
    ReturnPlan,
    Run,
    Shoe,
)
from journal.notify.models import NotificationSettings

MAX_INT = 2_147_483_647
PAIN = {"min_value": 0, "max_value": 10}


class EntrySerializer(serializers.ModelSerializer):
    id = StrictUUIDField(required=False, help_text="Supply your own UUID to make the create idempotent.")
    version = serializers.DateTimeField(
        source="updated_at", read_only=True, help_text="Changes on every edit."
    )

    ENTRY_FIELDS = ["id", "version", "created_at"]


class ShoeSerializer(EntrySerializer):
    total_m = serializers.SerializerMethodField(help_text="Starting distance plus all its runs, in metres.")
    wear_state = serializers.SerializerMethodField(help_text="ok, check (past check_at_m) or replace.")
    start_distance_m = serializers.IntegerField(min_value=0, max_value=5_000_000, default=0)
    check_at_m = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    replace_at_m = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)

    class Meta:
        model = Shoe
        fields = [
            *EntrySerializer.ENTRY_FIELDS,
            "name",
            "brand_model",
            "first_used_on",
            "start_distance_m",
            "check_at_m",
            "replace_at_m",
            "retired_on",
            "is_default",
            "total_m",
            "wear_state",
        ]
        read_only_fields = ["created_at"]

    def _wear(self, shoe: Shoe):
        return ShoeWear(shoe=shoe, total_m=shoe_total_m(shoe))

    def get_total_m(self, shoe: Shoe) -> int:
        return self._wear(shoe).total_m

    def get_wear_state(self, shoe: Shoe) -> str:
        return self._wear(shoe).state


class RunSerializer(EntrySerializer):
    distance_m = serializers.IntegerField(min_value=1, max_value=MAX_RUN_M, help_text="Metres.")
    duration_s = serializers.IntegerField(min_value=1, max_value=7 * 24 * 3600, help_text="Seconds.")
    pain_during = serializers.IntegerField(
        **PAIN, required=False, allow_null=True, help_text="0-10; left out or null when not given (unknown)."
    )
    effort = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True)
    shoe = OwnedRelatedField(Shoe, required=False, allow_null=True)
    return_plan = OwnedRelatedField(ReturnPlan, required=False, allow_null=True)

    class Meta:
        model = Run
        fields = [
            *EntrySerializer.ENTRY_FIELDS,
            "date",
            "distance_m",
            "duration_s",
            "shoe",
            "surface",
            "hilly",
            "effort",
            "pain_during",
            "notes",
            "source",
            "started_at",
            "source_file",
            "return_plan",
        ]
        # Set by an import from a file, never by hand.
        read_only_fields = ["created_at", "started_at", "source_file"]


class CheckinSerializer(EntrySerializer):
    time = LocalTimeField(
        required=False,
        help_text="Local time (HH:MM). Left out: now for a check-in dated today, midday for an earlier day.",
    )
    pain_now = serializers.IntegerField(
        **PAIN, required=False, allow_null=True, help_text="0-10; left out or null when not given (unknown)."
    )
    pain_waking = serializers.IntegerField(**PAIN, required=False, allow_null=True)
    locations = serializers.ListField(
        child=serializers.ChoiceField(Region.choices), required=False, max_length=8
    )
    pain_kinds = serializers.ListField(
        child=serializers.ChoiceField(PainKind.choices), required=False, max_length=6
    )
    bone_tenderness = serializers.ListField(
        child=serializers.ChoiceField(BonePoint.choices), required=False, max_length=len(BonePoint.choices)
    )

    class Meta:
        model = Checkin
        fields = [
            *EntrySerializer.ENTRY_FIELDS,
            "date",
            "time",
            "side",
            *Checkin.ANSWER_FIELDS,
            "notes",
        ]
        read_only_fields = ["created_at"]
        validators = []


class EpisodeSerializer(EntrySerializer):
    condition = LibrarySlugField(
        slug_field="slug",
        queryset=conditions_published(),
        required=False,
        allow_null=True,
        help_text="A condition's slug from /api/v1/conditions/.",
    )

    class Meta:
        model = InjuryEpisode
        fields = [
            *EntrySerializer.ENTRY_FIELDS,
            "condition",
            "label",
            "diagnosed",
            "side",
            "region",
            "onset_date",
            "onset",
            "status",
            "resolved_on",
            "notes",
            "cleared_to_return_on",
        ]
        # Only a linked physiotherapist clears a return before the condition's minimum time (on the web).
        read_only_fields = ["created_at", "cleared_to_return_on"]


class CompletionSerializer(EntrySerializer):
    exercise = LibrarySlugField(
        slug_field="slug",
        queryset=exercises_published(),
        help_text="An exercise's slug from /api/v1/exercises/.",
    )
    prescription = OwnedRelatedField(ExercisePrescription, required=False, allow_null=True)
    sets_done = serializers.IntegerField(min_value=1, max_value=20, default=1)
    reps_done = serializers.IntegerField(min_value=0, max_value=10_000, required=False, allow_null=True)
    pain_during = serializers.IntegerField(**PAIN, default=0)

    class Meta:
        model = ExerciseCompletion
        fields = [
            *EntrySerializer.ENTRY_FIELDS,
            "date",
            "exercise",
            "prescription",
            "sets_done",
            "reps_done",
            "pain_during",
            "notes",
        ]
        read_only_fields = ["created_at"]


class PrescriptionSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    prescribed_by_physiotherapist = serializers.SerializerMethodField()

    class Meta:
        model = ExercisePrescription
        fields = [
            "id",
            "exercise",
            "sets",
            "reps",
            "hold_s",
            "times_per_week",
            "starts_on",
            "ends_on",
            "notes",
            "prescribed_by_physiotherapist",
        ]

    def get_prescribed_by_physiotherapist(self, prescription: ExercisePrescription) -> bool:
        return (
            prescription.prescribed_by_id is not None
            and prescription.prescribed_by_id != prescription.owner_id
        )


class ReturnPlanSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(required=False, help_text="Supply your own UUID to make the start idempotent.")
    started_on = serializers.DateField(
        required=False, help_text="Defaults to today; at most 28 days back, never in the future."
    )
    pre_injury_weekly_m = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text="Your weekly distance before the injury, in metres."
    )
    episode = OwnedRelatedField(InjuryEpisode, required=False, allow_null=True)
    runs = serializers.SerializerMethodField(help_text="Ids of the runs logged as sessions of this plan.")

    class Meta:
        model = ReturnPlan
        fields = [
            "id",
            "started_on",
            "pre_injury_weekly_m",
            "episode",
            "status",
            "ended_on",
            "runs",
            "created_at",
        ]
        read_only_fields = ["status", "ended_on", "created_at"]

    def get_runs(self, plan: ReturnPlan) -> list[str]:
        return [str(run.pk) for run in plan.runs.all()]


class ReturnPlanEndSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["completed", "stopped"])
    ended_on = serializers.DateField(required=False, help_text="Defaults to today.")


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    detail = serializers.CharField()
    side = serializers.CharField(
        allow_null=True, required=False, help_text="left, right or both; null for runs."
    )


class FlagSerializer(serializers.ModelSerializer):
    evidence = serializers.SerializerMethodField()
    can_dismiss = serializers.BooleanField(read_only=True)
    acknowledged_by_clinician = serializers.SerializerMethodField()

    related = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Slugs of the library conditions the evidence concerns (see /api/v1/conditions/).",
    )

    class Meta:
        model = Flag
        fields = [
            "id",
            "code",
            "subject",
            "severity",
            "title",
            "message",
            "action",
            "evidence",
            "related",
            "source",
            "raised_at",
            "last_seen_at",
            "cleared_at",
            "acknowledged_at",
            "acknowledged_by_clinician",
            "dismissed_at",
            "can_dismiss",
        ]

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, flag: Flag) -> list[dict]:
        return flag.evidence

    def get_acknowledged_by_clinician(self, flag: Flag) -> bool:
        return flag.acknowledged_by_id is not None and flag.acknowledged_by_id != flag.owner_id


class ProfileSerializer(serializers.ModelSerializer):
    account = serializers.IntegerField(
        source="user.pk",
        read_only=True,
        help_text="Your account's number. An offline client tags what it queues with it, and sends "
        "it as X-Queue-Account so that nothing is ever stored under another account.",
    )
    email = serializers.EmailField(source="user.email", read_only=True)
    time_zone = serializers.CharField(max_length=64, help_text="An IANA time zone, e.g. Europe/London.")

    class Meta:
        model = Profile
        fields = ["account", "email", "display_name", "role", "unit", "time_zone", "threshold_overrides"]
        read_only_fields = ["account", "email", "role", "threshold_overrides"]


class ReminderSettingsSerializer(serializers.ModelSerializer):
    reminder_time = LocalTimeField(
        format="%H:%M", help_text="Your local time, HH:MM (the time zone is the one in me/)."
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        max_length=7,
        help_text="Days of the week, 0 = Monday to 6 = Sunday. At least one while reminders are on.",
    )

    class Meta:
        model = NotificationSettings
        fields = ["reminders_on", "reminder_time", "reminder_days", "reminder_channel"]
        extra_kwargs = {
            "reminder_channel": {
                "help_text": "push: a notification on each device where you allowed them (email when there "
                "is none); email: an email to your confirmed address."
            }
        }


class ExerciseSerializer(serializers.ModelSerializer):
    conditions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    steps = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Exercise
        fields = [
            "slug",
            "name",
            "summary",
            "steps",
            "sets",
            "reps",
            "hold_s",
            "times_per_week",
            "cautions",
            "conditions",
        ]


class ConditionSerializer(serializers.ModelSerializer):
    exercises = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.ListField(child=serializers.ChoiceField(Region.choices), read_only=True)
    sources = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "summary",
            "regions",
            "how_it_feels",
            "onset",
            "triggers",
            "lookalikes",
            "self_care",
            "when_to_see_professional",
            "recovery_time",
            "return_to_run",
            "pain_model",
            "sources",
            "exercises",
        ]


class FieldErrorsSerializer(serializers.Serializer):
    """400: each field name maps to its messages; non_field_errors for the whole entry."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
