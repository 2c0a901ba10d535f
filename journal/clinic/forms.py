"""Forms of the clinic: linking to a patient, notes, prescriptions, thresholds."""

from __future__ import annotations

from django import forms

from injuries.models import Exercise
from journal.clinic.selectors import OVERRIDABLE
from journal.common.forms import DATE_INPUT, ServiceFormMixin
from journal.models import ExercisePrescription
from journal.rules.thresholds import PAIN_MODELS


class InviteCodeForm(ServiceFormMixin, forms.Form):
    code = forms.CharField(label="Invite code from your patient", max_length=20)


class RequestForm(ServiceFormMixin, forms.Form):
    runner_email = forms.EmailField(label="Your patient's email address")


class NoteForm(ServiceFormMixin, forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    private = forms.BooleanField(label="Private: only I see it", required=False)


DOSE_FIELDS = ("sets", "reps", "hold_s", "times_per_week")


def usual_dose(exercise: Exercise | None) -> dict:
    """The exercise's default dose, as the prescription form's initial values."""
    if exercise is None:
        return {}
    return {name: getattr(exercise, name) for name in DOSE_FIELDS}


class PrescriptionForm(ServiceFormMixin, forms.ModelForm):
    """The exercise is chosen from the picker (a radio list the template draws from the library);
    a dose left empty is the chosen exercise's usual one, so the form works as well without the
    script that fills it in on choosing."""

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.filter(is_published=True),
        to_field_name="slug",
        error_messages={
            "required": "Choose an exercise from the library.",
            "invalid_choice": "Choose an exercise from the library.",
        },
    )

    class Meta:
        model = ExercisePrescription
        fields = ["exercise", "sets", "reps", "hold_s", "times_per_week", "starts_on", "ends_on", "notes"]
        labels = {
            "hold_s": "Or hold (seconds)",
            "times_per_week": "Times a week",
            "starts_on": "Start",
            "ends_on": "End",
        }
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DOSE_FIELDS:
            # The model's defaults (3 sets, 7 times a week) are no one exercise's dose: the fields
            # start empty and the chosen exercise fills them.
            self.fields[name].required = False
            self.fields[name].initial = None
            self.initial.pop(name, None)
        self.initial.update(kwargs.get("initial") or {})

    def clean(self):
        data = super().clean()
        exercise = data.get("exercise")
        if exercise is None:
            return data
        empty = {name for name in DOSE_FIELDS if name not in self.errors and data.get(name) is None}
        if not {"reps", "hold_s"} <= empty:
            # A rep count or a hold was given: the other stays as it is.
            empty -= {"reps", "hold_s"}
        data.update({name: value for name, value in usual_dose(exercise).items() if name in empty})
        return data


class ThresholdForm(ServiceFormMixin, forms.Form):
    pain_model = forms.ChoiceField(
        label=OVERRIDABLE["pain_model"],
        required=False,
        choices=[("", "From the injury (default)")] + [(m, m.title()) for m in PAIN_MODELS],
    )
    pain_during_run_limit = forms.IntegerField(
        label=OVERRIDABLE["pain_during_run_limit"], required=False, min_value=0, max_value=10
    )
    load_spike_info_pct = forms.IntegerField(
        label=OVERRIDABLE["load_spike_info_pct"], required=False, min_value=1, max_value=200
    )
    load_spike_caution_pct = forms.IntegerField(
        label=OVERRIDABLE["load_spike_caution_pct"], required=False, min_value=1, max_value=300
    )
    acwr_limit = forms.DecimalField(
        label=OVERRIDABLE["acwr_limit"], required=False, min_value=1, max_value=3, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        info, caution = data.get("load_spike_info_pct"), data.get("load_spike_caution_pct")
        if info and caution and info > caution:
            self.add_error("load_spike_info_pct", "The noted rise must not be above the caution rise.")
        if data.get("acwr_limit") is not None:
            data["acwr_limit"] = float(data["acwr_limit"])
        return data
