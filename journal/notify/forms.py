from __future__ import annotations

from django import forms

from journal.notify.models import ReminderChannel

DAY_CHOICES = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class RemindersForm(forms.Form):
    reminders_on = forms.BooleanField(required=False, label="Remind me to check in")
    reminder_time = forms.TimeField(
        label="At (your local time)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time such as 19:00."},
    )
    reminder_days = forms.TypedMultipleChoiceField(
        choices=DAY_CHOICES,
        coerce=int,
        required=False,
        label="On these days",
        widget=forms.CheckboxSelectMultiple,
    )
    reminder_channel = forms.ChoiceField(
        choices=ReminderChannel.choices, label="How", widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        if data.get("reminders_on") and not data.get("reminder_days"):
            self.add_error("reminder_days", "Choose at least one day.")
        return data


class PushSubscriptionForm(forms.Form):
    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
