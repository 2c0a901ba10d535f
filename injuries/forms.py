from __future__ import annotations

from django import forms

from injuries.models import MATCH_TRIGGERS, MATCH_WORSE, Region
from journal.models import PainKind, Side

YES_NO = [("yes", "Yes"), ("no", "No")]


class SymptomForm(forms.Form):
    """The "What might this be?" questions. Sent by GET, so nothing is stored."""

    regions = forms.MultipleChoiceField(
        label="Where does it hurt?", choices=Region.choices, widget=forms.CheckboxSelectMultiple
    )
    side = forms.ChoiceField(
        label="Which side?", choices=Side.choices, widget=forms.RadioSelect, required=False
    )
    pain_kinds = forms.MultipleChoiceField(
        label="What kind of pain?",
        choices=PainKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    onset = forms.ChoiceField(
        label="How did it start?",
        choices=[
            ("sudden", "Suddenly, at a moment I remember"),
            ("gradual", "Gradually"),
            ("unsure", "Not sure"),
        ],
        widget=forms.RadioSelect,
        initial="unsure",
        required=False,
    )
    triggers = forms.MultipleChoiceField(
        label="What made it start?",
        choices=list(MATCH_TRIGGERS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    swelling = forms.ChoiceField(
        label="Is it swollen?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    numbness = forms.ChoiceField(
        label="Any numbness or tingling?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    worse_with = forms.MultipleChoiceField(
        label="What makes it worse?",
        choices=list(MATCH_WORSE.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cannot_bear_weight = forms.BooleanField(label="I can't take four steps on it", required=False)
    bone_tenderness = forms.BooleanField(
        label="Pressing on the bone itself hurts (the ankle knobs, the midfoot bump, the foot's outer edge)",
        required=False,
    )
    calf_swollen_warm = forms.BooleanField(label="My calf is swollen and warm or red", required=False)
    fever_redness = forms.BooleanField(label="The area is red and warm and I have a fever", required=False)
    night_pain = forms.BooleanField(label="It hurts at rest or wakes me at night", required=False)
