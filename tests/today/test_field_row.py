"""{% field_row %} writes what journal/partials/_field.html writes, for each kind of field Today shows."""

from __future__ import annotations

import pytest
from django.template.loader import get_template

from journal.entries.forms.checkins import CheckinForm
from journal.entries.forms.runs import RunForm
from journal.templatetags.journal_tags import field_row
from tests.factories import make_shoe

FIELD = get_template("journal/partials/_field.html")
BAD_CHECKIN = {
    "side": "middle",
    "pain_now": "11",
    "pain_waking": "x",
    "locations": ["heel", "nowhere"],
    "swelling": "huge",
    "hop_ok": "maybe",
    "date": "not a date",
    "notes": "<b>sore</b> & stiff",
}
BAD_RUN = {"distance": "-1", "duration": "abc", "pain_during": "12", "shoe": "x", "surface": "ice"}


@pytest.mark.parametrize(
    ("form_class", "data"),
    [(CheckinForm, None), (CheckinForm, BAD_CHECKIN), (RunForm, None), (RunForm, BAD_RUN)],
    ids=["checkin", "checkin with errors", "run", "run with errors"],
)
@pytest.mark.parametrize("no_help", [False, True])
def test_each_field_is_written_as_the_template_writes_it(runner, form_class, data, no_help):
    make_shoe(runner, name="Trail <pair>", is_default=True)
    form = form_class(data, owner=runner, unit="km")
    assert bool(form.errors) is bool(data)
    for field in form:
        if field.is_hidden:
            continue
        expected = FIELD.render({"field": field, "no_help": no_help})
        assert field_row(field, no_help=no_help) == expected, field.name


def test_the_forms_use_it_and_show_what_the_template_showed(runner_client):
    html = runner_client.post(
        "/entries/checkin/new/", {**BAD_CHECKIN, "side": ""}, HTTP_HX_REQUEST="true"
    ).content.decode()
    # A refused check-in: each message beside its field, the field marked and described by it.
    assert '<div class="field has-error">' in html
    assert '<p class="error" id="checkin_pain_now_error">' in html
    assert 'aria-describedby="checkin_pain_now_helptext checkin_pain_now_error"' in html
    assert "&lt;b&gt;sore&lt;/b&gt; &amp; stiff" in html
