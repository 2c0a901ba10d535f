from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from journal.common.forms import DATE_INPUT, EntryIdMixin, PainField, ServiceFormMixin
from journal.common.units import duration_from_pace, format_duration, from_metres, parse_duration, to_metres
from journal.common.widget_renderer import widget_renderer
from journal.entries import services
from journal.entries.selectors import default_shoe as default_shoe_of
from journal.entries.selectors import shoes_active
from journal.models import ReturnPlan, Shoe, Surface, owner_today

_LOOK_UP = object()


class RunForm(ServiceFormMixin, EntryIdMixin, forms.Form):
    default_renderer = widget_renderer  # Today renders it on every visit
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
        help_text="Minutes (45), 45:30 or 1:05:30.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "45:30", "autocomplete": "off"}),
    )
    pace = forms.CharField(
        label="Pace, instead of the time",
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
        label="Pain during the run (0–10)", required=False, help_text="Skip it if you did not note it."
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

    @property
    def more_open(self) -> bool:
        """Whether the less common questions' disclosure opens: for an error, or a pace or note typed."""
        if any(self[name].errors for name in ("pace", "shoe", "surface", "effort", "hilly", "date", "notes")):
            return True
        return self.is_bound and bool(self["pace"].value() or self["notes"].value())

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
