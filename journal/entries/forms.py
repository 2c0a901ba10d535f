from __future__ import annotations

import uuid
from decimal import Decimal
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from injuries.models import Condition, Exercise, Region
from journal.common.units import duration_from_pace, format_duration, from_metres, parse_duration, to_metres
from journal.entries import services
from journal.entries.selectors import default_shoe as default_shoe_of
from journal.entries.selectors import shoes_active
from journal.models import (
    BonePoint,
    Checkin,
    EpisodeStatus,
    ExerciseCompletion,
    InjuryEpisode,
    OnsetKind,
    PainKind,
    Profile,
    ReturnPlan,
    Role,
    Shoe,
    Side,
    Surface,
    Unit,
    owner_today,
)

TIME_ZONE_CHOICES = sorted(
    (tz, tz.replace("_", " ")) for tz in available_timezones() if "/" in tz or tz == "UTC"
)
PAIN_ATTRS = {"min": 0, "max": 10, "inputmode": "numeric"}
# A native date picker needs ISO dates whatever the site's language.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def unit_for_language(accept_language: str) -> str:
    """Miles for en-US and en-GB browsers, kilometres for everyone else."""
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    return Unit.MI if first in {"en-us", "en-gb"} else Unit.KM


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


# Accounts


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up form adds for Footnote."""

    display_name = forms.CharField(label="Your name", max_length=80)
    role = forms.ChoiceField(
        label="I am a", choices=Role.choices, initial=Role.RUNNER, widget=forms.RadioSelect
    )
    unit = forms.ChoiceField(label="Distances in", choices=Unit.choices, widget=forms.RadioSelect)
    time_zone = forms.ChoiceField(label="Time zone", choices=TIME_ZONE_CHOICES, initial="UTC")
    practice = forms.CharField(label="Practice (physiotherapists)", max_length=120, required=False)
    registration_number = forms.CharField(
        label="Registration number (physiotherapists)", max_length=60, required=False
    )

    def signup(self, request, user: AbstractBaseUser) -> None:
        services.profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            unit=self.cleaned_data["unit"],
            time_zone=self.cleaned_data["time_zone"],
            role=self.cleaned_data["role"],
            practice=self.cleaned_data.get("practice", ""),
            registration_number=self.cleaned_data.get("registration_number", ""),
        )


class ProfileForm(ServiceFormMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(label="Time zone", choices=TIME_ZONE_CHOICES)

    class Meta:
        model = Profile
        fields = ["display_name", "unit", "time_zone"]
        labels = {"display_name": "Your name", "unit": "Distances in"}
        widgets = {"unit": forms.RadioSelect}


# Check-ins


class CheckinForm(ServiceFormMixin, EntryIdMixin, forms.ModelForm):
    locations = forms.MultipleChoiceField(
        label="Where does it hurt?",
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain_kinds = forms.MultipleChoiceField(
        label="What kind of pain?",
        choices=PainKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bone_tenderness = forms.MultipleChoiceField(
        label="Pressing with a fingertip, is the bone itself sore at any of these points?",
        choices=BonePoint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    side = forms.ChoiceField(label="Which side?", choices=Side.choices, widget=forms.RadioSelect)
    # Both start unanswered: a blank is stored as "not given", never as 0.
    pain_now = PainField(
        label="Pain now (0–10)", required=False, help_text="Leave blank if you'd rather not say."
    )
    pain_waking = PainField(label="Pain or stiffness on waking (0–10)", required=False)
    cannot_walk = forms.BooleanField(label="I cannot take four steps on it", required=False)

    class Meta:
        model = Checkin
        fields = [
            "date",
            "time",
            "side",
            "pain_now",
            "pain_waking",
            "locations",
            "pain_kinds",
            "swelling",
            "bruising",
            "pain_daily_activities",
            "pain_at_rest_or_night",
            "pain_with_impact",
            "recent_trauma",
            "bone_tenderness",
            "calf_swollen_warm",
            "area_red_warm",
            "fever",
            "heel_raises_ok",
            "hop_ok",
            "notes",
        ]
        labels = {
            "side": "Which side?",
            "swelling": "Swelling",
            "bruising": "Bruising",
            "pain_daily_activities": "It hurts when I walk or climb stairs",
            "pain_at_rest_or_night": "It hurts at rest or at night",
            "pain_with_impact": "It hurts more with every step or landing",
            "recent_trauma": "I had a twist, fall or knock in the last few days",
            "time": "Time",
            "calf_swollen_warm": "My calf is swollen and warm or red",
            "area_red_warm": "The sore area is red and warm",
            "fever": "I have a fever or feel unwell",
            "heel_raises_ok": "Ten single-leg heel raises without pain?",
            "hop_ok": "A single-leg hop without pain?",
        }
        widgets = {
            "date": DATE_INPUT,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "swelling": forms.RadioSelect,
            "heel_raises_ok": forms.NullBooleanSelect,
            "hop_ok": forms.NullBooleanSelect,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args, owner: AbstractBaseUser, unit: str = "km", instance: Checkin | None = None, **kwargs
    ):
        kwargs["instance"] = instance or Checkin(owner=owner, date=owner_today(owner))
        kwargs.setdefault("auto_id", "checkin_%s")
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["side"].initial = Side.LEFT
        # Blank means "now" for today (the service fills it in), so a quick check-in needs no typing.
        self.fields["time"].required = False
        if self.instance._state.adding and not self.instance.time:
            self.fields["time"].initial = services.checkin_default_time(owner=owner, day=self.instance.date)
        self.fields["cannot_walk"].initial = not self.instance.can_walk_four_steps
        self.fields["heel_raises_ok"].widget.choices = [
            ("unknown", "Not tried"),
            ("true", "Yes, no pain"),
            ("false", "No, it hurt"),
        ]
        self.fields["hop_ok"].widget.choices = self.fields["heel_raises_ok"].widget.choices
        self.init_entry_id()

    def _post_clean(self):
        super()._post_clean()
        self.instance.can_walk_four_steps = not self.cleaned_data.get("cannot_walk", False)

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["can_walk_four_steps"] = not self.cleaned_data.get("cannot_walk", False)
        return data

    def save_entry(self) -> Checkin:
        if self.instance._state.adding:
            return services.checkin_record(
                owner=self.owner, checkin_id=self.cleaned_data.get("entry_id"), **self.service_fields()
            )
        return services.checkin_update(checkin=self.instance, **self.service_fields())


# Runs

_LOOK_UP = object()


class RunForm(ServiceFormMixin, EntryIdMixin, forms.Form):
    field_map = {"distance_m": "distance", "duration_s": "duration", "pain_during": "pain_during"}

    date = forms.DateField(widget=DATE_INPUT)
    distance = forms.DecimalField(
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": "Distance must be more than zero."},
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    duration = forms.CharField(
        label="Time",
        required=False,
        help_text="Minutes (45), mm:ss (45:30) or h:mm:ss (1:05:30).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "45:30", "autocomplete": "off"}),
    )
    pace = forms.CharField(
        label="or pace",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "5:30", "autocomplete": "off"}),
    )
    shoe = forms.ModelChoiceField(
        queryset=Shoe.objects.none(),
        required=False,
        empty_label="No shoe / not recorded",
        error_messages={"invalid_choice": "Choose one of your own shoes."},
    )
    surface = forms.ChoiceField(choices=Surface.choices, initial=Surface.ROAD)
    hilly = forms.BooleanField(label="Hilly", required=False)
    effort = forms.IntegerField(
        label="Effort (1–10)",
        min_value=1,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
    )
    # Starts unanswered: a blank is stored as "not given", never as 0.
    pain_during = PainField(
        label="Pain during the run (0–10)", required=False, help_text="Leave blank if you did not note it."
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    in_return_plan = forms.BooleanField(label="A session of my walk-run plan", required=False)

    def __init__(
        self,
        *args,
        owner: AbstractBaseUser,
        unit: str,
        instance=None,
        return_plan=_LOOK_UP,
        default_shoe=_LOOK_UP,
        shoes: list | None = None,
        **kwargs,
    ):
        """Pass return_plan and default_shoe (or None), and the active shoes, when the caller has
        them, to save queries."""
        self.owner = owner
        self.unit = unit
        self.instance = instance
        kwargs.setdefault("auto_id", "run_%s")
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(
                date=instance.date,
                distance=from_metres(instance.distance_m, unit),
                duration=format_duration(instance.duration_s),
                shoe=instance.shoe_id,
                surface=instance.surface,
                hilly=instance.hilly,
                effort=instance.effort,
                pain_during=instance.pain_during,
                notes=instance.notes,
            )
        super().__init__(*args, **kwargs)
        self.fields["distance"].label = f"Distance ({unit})"
        self.fields["pace"].help_text = f"Minutes per {unit}, e.g. 5:30."
        shown_shoes = shoes
        shoes = shoes_active(owner=owner)
        if instance is not None and instance.shoe_id:
            shoes = Shoe.objects.filter(owner=owner).filter(
                pk__in=[instance.shoe_id, *shoes.values_list("pk", flat=True)]
            )
        self.fields["shoe"].queryset = shoes
        if shown_shoes is not None and instance is None:
            # The choices from shoes already loaded; the queryset still checks what is posted.
            self.fields["shoe"].choices = [("", self.fields["shoe"].empty_label)] + [
                (shoe.pk, str(shoe)) for shoe in shown_shoes
            ]
        if return_plan is _LOOK_UP:
            return_plan = ReturnPlan.objects.filter(owner=owner, status="active").first()
        self.return_plan = return_plan
        if instance is not None and instance.return_plan_id:
            self.return_plan = instance.return_plan
            self.fields["in_return_plan"].initial = True
        elif instance is None and self.return_plan is not None:
            self.fields["in_return_plan"].initial = True
        if self.return_plan is None:
            del self.fields["in_return_plan"]
        if instance is None:
            self.fields["date"].initial = owner_today(owner)
            if default_shoe is _LOOK_UP:
                default_shoe = default_shoe_of(owner=owner)
            self.fields["shoe"].initial = default_shoe
        self.init_entry_id()

    def clean(self):
        data = super().clean()
        distance = data.get("distance")
        duration_text = (data.get("duration") or "").strip()
        pace_text = (data.get("pace") or "").strip()
        if distance is not None:
            data["distance_m"] = to_metres(distance, self.unit)
        if duration_text:
            try:
                data["duration_s"] = parse_duration(duration_text)
            except ValueError as error:
                self.add_error("duration", str(error))
        elif pace_text:
            try:
                pace_s = parse_duration(pace_text) if ":" in pace_text else int(pace_text) * 60
            except ValueError as error:
                self.add_error("pace", str(error))
            else:
                if distance is not None:
                    data["duration_s"] = duration_from_pace(pace_s, distance)
        else:
            self.add_error("duration", "Give the run's time or its pace.")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "distance_m": data["distance_m"],
            "duration_s": data["duration_s"],
            "shoe": data.get("shoe"),
            "surface": data["surface"],
            "hilly": data["hilly"],
            "effort": data.get("effort"),
            "pain_during": data.get("pain_during"),
            "notes": data.get("notes", ""),
            "return_plan": self.return_plan if data.get("in_return_plan") else None,
        }

    def save_entry(self):
        if self.instance is None:
            return services.run_record(
                owner=self.owner, run_id=self.cleaned_data.get("entry_id"), **self.service_fields()
            )
        return services.run_update(run=self.instance, **self.service_fields())


# Shoes


class ShoeForm(ServiceFormMixin, EntryIdMixin, forms.Form):
    field_map = {
        "start_distance_m": "start_distance",
        "check_at_m": "check_at",
        "replace_at_m": "replace_at",
        "first_used_on": "first_used_on",
    }

    name = forms.CharField(max_length=80, help_text="What you call it, e.g. “Blue daily trainers”.")
    brand_model = forms.CharField(label="Brand and model", max_length=120, required=False)
    first_used_on = forms.DateField(label="First used on", required=False, widget=DATE_INPUT)
    start_distance = forms.DecimalField(
        label="Distance already on it",
        min_value=0,
        max_digits=8,
        decimal_places=1,
        initial=0,
        error_messages={"min_value": "The distance already on the shoe cannot be negative."},
    )
    check_at = forms.DecimalField(label="Check it at", min_value=1, max_digits=8, decimal_places=1)
    replace_at = forms.DecimalField(label="Replace it at", min_value=1, max_digits=8, decimal_places=1)
    is_default = forms.BooleanField(label="Use for new runs by default", required=False)

    def __init__(self, *args, owner: AbstractBaseUser, unit: str, instance: Shoe | None = None, **kwargs):
        self.owner, self.unit, self.instance = owner, unit, instance
        shoe = instance or Shoe()
        kwargs.setdefault("initial", {})
        kwargs["initial"].update(
            check_at=from_metres(shoe.check_at_m, unit, 0),
            replace_at=from_metres(shoe.replace_at_m, unit, 0),
        )
        if instance is not None:
            kwargs["initial"].update(
                name=shoe.name,
                brand_model=shoe.brand_model,
                first_used_on=shoe.first_used_on,
                start_distance=from_metres(shoe.start_distance_m, unit, 1),
                is_default=shoe.is_default,
            )
        super().__init__(*args, **kwargs)
        for name in ("start_distance", "check_at", "replace_at"):
            self.fields[name].label = f"{self.fields[name].label} ({unit})"
        self.init_entry_id()

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "brand_model": data["brand_model"],
            "first_used_on": data["first_used_on"],
            "start_distance_m": to_metres(data["start_distance"], self.unit),
            "check_at_m": to_metres(data["check_at"], self.unit),
            "replace_at_m": to_metres(data["replace_at"], self.unit),
        }

    def save_entry(self) -> Shoe:
        make_default = self.cleaned_data["is_default"]
        if self.instance is None:
            return services.shoe_create(
                owner=self.owner,
                shoe_id=self.cleaned_data.get("entry_id"),
                is_default=make_default,
                **self.service_fields(),
            )
        shoe = services.shoe_update(shoe=self.instance, **self.service_fields())
        if make_default and not shoe.is_default:
            services.shoe_set_default(shoe=shoe)
        return shoe


# Exercise completions


class CompletionForm(ServiceFormMixin, EntryIdMixin, forms.ModelForm):
    pain_during = PainField(label="Pain during (0–10)", initial=0)

    class Meta:
        model = ExerciseCompletion
        fields = ["date", "exercise", "sets_done", "reps_done", "pain_during", "notes"]
        labels = {"sets_done": "Sets done", "reps_done": "Reps (or seconds held) per set"}
        widgets = {
            "date": DATE_INPUT,
            "sets_done": forms.NumberInput(attrs={"min": 1, "max": 20, "inputmode": "numeric"}),
            "reps_done": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"exercise": {"invalid_choice": "Choose an exercise from the library."}}

    def __init__(
        self,
        *args,
        owner: AbstractBaseUser,
        unit: str = "km",
        instance: ExerciseCompletion | None = None,
        **kwargs,
    ):
        kwargs["instance"] = instance or ExerciseCompletion(owner=owner, date=owner_today(owner))
        kwargs.setdefault("auto_id", "exercise_%s")
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["exercise"].queryset = Exercise.objects.filter(is_published=True)
        # Slugs, as the API takes them, so an entry queued offline can be sent as it was typed.
        self.fields["exercise"].to_field_name = "slug"
        if self.instance.exercise_id:
            self.initial["exercise"] = self.instance.exercise.slug
        self.init_entry_id()

    def save_entry(self) -> ExerciseCompletion:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.instance._state.adding:
            return services.completion_record(
                owner=self.owner, completion_id=self.cleaned_data.get("entry_id"), **fields
            )
        return services.completion_update(completion=self.instance, **fields)


# Injury episodes


class EpisodeForm(ServiceFormMixin, EntryIdMixin, forms.ModelForm):
    side = forms.ChoiceField(label="Which side?", choices=Side.choices, widget=forms.RadioSelect)

    class Meta:
        model = InjuryEpisode
        fields = [
            "condition",
            "label",
            "diagnosed",
            "side",
            "region",
            "onset_date",
            "onset",
            "status",
            "notes",
        ]
        labels = {
            "condition": "Condition (if you know or suspect it)",
            "label": "Or describe it in your words",
            "diagnosed": "A professional has confirmed it",
            "onset_date": "When did it start?",
            "onset": "How did it start?",
            "region": "Where",
        }
        widgets = {
            "onset_date": DATE_INPUT,
            "onset": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args,
        owner: AbstractBaseUser,
        unit: str = "km",
        instance: InjuryEpisode | None = None,
        **kwargs,
    ):
        kwargs["instance"] = instance or InjuryEpisode(owner=owner, onset_date=owner_today(owner))
        kwargs.setdefault("auto_id", "injury_%s")
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["condition"].queryset = Condition.objects.filter(is_published=True)
        self.fields["onset"].initial = OnsetKind.GRADUAL
        self.fields["status"].initial = EpisodeStatus.ACTIVE
        self.init_entry_id()

    def save_entry(self) -> InjuryEpisode:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.instance._state.adding:
            return services.episode_record(
                owner=self.owner, episode_id=self.cleaned_data.get("entry_id"), **fields
            )
        return services.episode_update(episode=self.instance, **fields)


class ReturnPlanForm(ServiceFormMixin, forms.Form):
    field_map = {"pre_injury_weekly_m": "pre_injury_weekly"}

    pre_injury_weekly = forms.DecimalField(
        label="Your usual weekly distance before the injury",
        min_value=Decimal("0.1"),
        max_digits=7,
        decimal_places=1,
        error_messages={"min_value": "Give the weekly distance you ran before the injury."},
    )

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["pre_injury_weekly"].label += f" ({unit})"

    def clean(self):
        data = super().clean()
        if data.get("pre_injury_weekly") is not None:
            data["pre_injury_weekly_m"] = to_metres(data["pre_injury_weekly"], self.unit)
        return data
