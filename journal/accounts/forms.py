from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from journal.accounts.services import profile_update
from journal.common.forms import ServiceFormMixin
from journal.models import Profile, Role, Unit

TIME_ZONE_CHOICES = sorted(
    (tz, tz.replace("_", " ")) for tz in available_timezones() if "/" in tz or tz == "UTC"
)


def unit_for_language(accept_language: str) -> str:
    """Miles for en-US and en-GB browsers, kilometres for everyone else."""
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    return Unit.MI if first in {"en-us", "en-gb"} else Unit.KM


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
        # Without JavaScript a runner sees the practice fields too; what they type there is not kept.
        physio = self.cleaned_data["role"] == Role.PHYSIO
        profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            unit=self.cleaned_data["unit"],
            time_zone=self.cleaned_data["time_zone"],
            role=self.cleaned_data["role"],
            practice=self.cleaned_data.get("practice", "") if physio else "",
            registration_number=self.cleaned_data.get("registration_number", "") if physio else "",
        )


class ProfileForm(ServiceFormMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(label="Time zone", choices=TIME_ZONE_CHOICES)

    class Meta:
        model = Profile
        fields = ["display_name", "unit", "time_zone"]
        labels = {"display_name": "Your name", "unit": "Distances in"}
        widgets = {"unit": forms.RadioSelect}
