"""The Python widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from journal.common.widget_renderer import WRITERS, widget_renderer
from journal.entries.forms.checkins import CheckinForm
from journal.entries.forms.runs import RunForm
from tests.factories import make_shoe

TEMPLATES = DjangoTemplates()
CHOICES = [("a", "Apple & pear"), ("b", mark_safe("<em>Banana</em>")), ("", "None given")]
GROUPED = [("Fruit", [("a", "Apple"), ("b", "Banana")]), ("c", 'Carrot "raw"')]

WIDGETS = [
    (forms.TextInput(attrs={"placeholder": "45:30", "autocomplete": "off"}), "Tom & <Jerry>"),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.NumberInput(attrs={"step": "0.01", "min": 0}), 3.5),
    (forms.EmailInput(), "a@example.com"),
    (forms.PasswordInput(render_value=False), "secret"),
    (forms.HiddenInput(), "9b2f"),
    (forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), "2026-11-20"),
    (forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), "07:15"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 2}), "line one\n<line two>"),
    (forms.Textarea(), ""),
    (forms.RadioSelect(choices=CHOICES), "a"),
    (forms.RadioSelect(choices=CHOICES, attrs={"class": "inline"}), None),
    (forms.RadioSelect(choices=GROUPED), "c"),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["a", "b"]),
    (forms.CheckboxSelectMultiple(choices=GROUPED), []),
    (forms.Select(choices=CHOICES, attrs={"disabled": True, "hidden": False}), "b"),
    (forms.Select(choices=GROUPED), "a"),
    (forms.SelectMultiple(choices=CHOICES), ["a", ""]),
    (forms.NullBooleanSelect(), None),
    (forms.NullBooleanSelect(), False),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda p: type(p).__name__)
def test_each_widget_is_written_as_its_template_writes_it(widget, value):
    attrs = {"id": "id_field", "required": True}
    assert widget.template_name in WRITERS
    expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
    assert widget.render("field", value, attrs=attrs, renderer=widget_renderer) == expected


def test_a_widget_it_does_not_write_goes_to_the_templates():
    widget = forms.ClearableFileInput()
    assert widget.template_name not in WRITERS
    html = widget.render("upload", None, attrs={"id": "id_upload"}, renderer=widget_renderer)
    assert html == widget.render("upload", None, attrs={"id": "id_upload"}, renderer=TEMPLATES)
    assert 'type="file"' in html


def fields_html(form) -> str:
    return "".join(f"{field}{field.errors}" for field in form)


def test_the_check_in_and_run_forms_render_as_with_the_templates(runner):
    make_shoe(runner, name="Daily <trainer>", is_default=True)
    bad = {"side": "middle", "pain_now": "11", "locations": ["heel", "nowhere"], "notes": "<b>ow</b>"}
    cases = ((CheckinForm, None), (CheckinForm, bad), (RunForm, None), (RunForm, {"shoe": "x"}))
    for form_class, data in cases:
        fast = form_class(data, owner=runner, unit="km")
        assert fast.renderer is widget_renderer
        plain = form_class(data, owner=runner, unit="km", renderer=TEMPLATES)
        plain.initial["entry_id"] = fast.initial.get("entry_id")
        if data:
            assert fast.errors
        assert fields_html(fast) == fields_html(plain)
