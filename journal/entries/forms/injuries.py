from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from injuries.models import Condition
from journal.common.forms import DATE_INPUT, EntryIdMixin, ServiceFormMixin
from journal.common.units import to_metres
from journal.entries import services
from journal.models import EpisodeStatus, InjuryEpisode, OnsetKind, Side, owner_today


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
