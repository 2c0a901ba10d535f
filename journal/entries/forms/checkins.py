from __future__ import annotations

from functools import cached_property

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from injuries.models import Exercise, Region
from journal.common.forms import DATE_INPUT, EntryIdMixin, PainField, ServiceFormMixin
from journal.common.widget_renderer import widget_renderer
from journal.entries import services
from journal.models import BonePoint, Checkin, ExerciseCompletion, PainKind, Side, owner_today


class CheckinForm(ServiceFormMixin, EntryIdMixin, forms.ModelForm):
    default_renderer = widget_renderer  # Today renders it on every visit and after every save
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
        label="Pain now (0–10)", required=False, help_text="Skip it if you'd rather not say."
    )
    pain_waking = PainField(label="Waking pain or stiffness (0–10)", required=False)
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
        # The runner's own time zone, in which the offline queue stamps a check-in made without a time:
        # the date on the form is the runner's, so the time must be too, whatever the device's zone.
        profile = getattr(owner, "profile", None)
        self.time_zone = profile.time_zone if profile else ""
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

    # The less common questions, behind three disclosures on the form. One opens when it holds an
    # answer or an error, so a form shown again (or an entry being edited) hides nothing given.
    SECTIONS = {
        "where": ("locations", "pain_kinds", "swelling"),
        "warning_signs": (
            "cannot_walk",
            "recent_trauma",
            "pain_daily_activities",
            "pain_at_rest_or_night",
            "pain_with_impact",
            "bruising",
            "calf_swollen_warm",
            "area_red_warm",
            "fever",
        ),
        "more": ("bone_tenderness", "heel_raises_ok", "hop_ok", "date", "time", "notes"),
    }

    def _answered(self, name: str) -> bool:
        if name in ("date", "time"):  # always filled in: only an error opens their disclosure
            return False
        value = self[name].value()
        if name in ("heel_raises_ok", "hop_ok"):  # "No, it hurt" (False) is an answer too
            return value not in (None, "", "unknown")
        if name == "swelling":
            return value not in (None, "", "none")
        return bool(value)

    @cached_property
    def open_sections(self) -> dict[str, bool]:
        return {
            section: any(self[name].errors or self._answered(name) for name in names)
            for section, names in self.SECTIONS.items()
        }

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
