"""History's entries are written in Python (the history_entries tag): the page must say what the template
that wrote them said, escaped the same way, in the runner's unit."""

import re
from datetime import date, time, timedelta

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from journal.entries.selectors import history_page
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe, make_user

TODAY = date(2026, 11, 20)

# The template's loop before the tag replaced it.
BEFORE = Template(
    """{% load journal_tags %}
    {% for c in day.checkins %}
    <li><span class="tag">Check-in</span> {{ c.time|time:"H:i" }} · {{ c.get_side_display }}: pain {{ c.pain_now|pain }}{% if c.pain_waking is not None %}, on waking {{ c.pain_waking }}/10{% endif %}{% if c.swelling != "none" %}, {{ c.get_swelling_display|lower }} swelling{% endif %}
      {% entry_links 'checkin' c.pk %}</li>
    {% endfor %}
    {% for r in day.runs %}
    <li><span class="tag">Run</span> {% distance r.distance_m %} in {{ r.duration_s|duration }} ({% pace r.duration_s r.distance_m %}){% if r.shoe %} · {{ r.shoe.name }}{% endif %} · pain {{ r.pain_during|pain }}
      {% entry_links 'run' r.pk %}</li>
    {% endfor %}
    {% for e in day.completions %}
    <li><span class="tag">Exercise</span> {{ e.exercise.name }}: {{ e.sets_done }} set{{ e.sets_done|pluralize }}{% if e.reps_done %} × {{ e.reps_done }}{% endif %} · pain {{ e.pain_during }}/10
      {% entry_links 'exercise' e.pk %}</li>
    {% endfor %}"""  # noqa: E501
)
NOW = Template("{% load journal_tags %}{% history_entries day %}")


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize("unit", ["km", "mi"])
def test_every_kind_of_entry_reads_as_the_template_wrote_it(db, unit):
    with time_machine.travel("2026-11-20 18:00:00+00:00", tick=False):
        runner = make_user(f"history-{unit}@example.com", unit=unit)
        shoe = make_shoe(runner, name='Pegasus <40> & "trail"')
        exercise = make_exercise(slug="calf-raise", name="Calf raise <seated>")
        make_checkin(runner, day=TODAY, pain_now=None, pain_waking=3, swelling="moderate", time=time(7, 5))
        make_checkin(runner, day=TODAY, side="both", pain_now=0, time=time(17, 45))
        make_run(runner, day=TODAY, distance_m=10543, duration_s=3131, shoe=shoe, pain_during=None)
        make_run(runner, day=TODAY, distance_m=5000, duration_s=1500, pain_during=4)
        make_completion(runner, day=TODAY, exercise=exercise, sets_done=1, reps_done=None, pain_during=2)
        make_completion(runner, day=TODAY, exercise=exercise, sets_done=3, reps_done=12, pain_during=0)
        make_checkin(runner, day=TODAY - timedelta(days=1), pain_now=7, swelling="severe", time=time(9, 0))
    request = RequestFactory().get("/history/")
    request.user = runner
    days = history_page(owner=runner).days
    assert [d.date for d in days] == [TODAY, TODAY - timedelta(days=1)]
    for day in days:
        context = {"day": day, "request": request}
        written = NOW.render(Context(context))
        assert squeezed(written) == squeezed(BEFORE.render(Context(context)))
    today_html = NOW.render(Context({"day": days[0], "request": request}))
    assert "Pegasus &lt;40&gt; &amp; &quot;trail&quot;" in today_html
    assert "Calf raise &lt;seated&gt;: 1 set · pain 2/10" in today_html
    assert "Calf raise &lt;seated&gt;: 3 sets × 12 · pain 0/10" in today_html
    assert "07:05 · Right: pain not given, on waking 3/10, moderate swelling" in today_html
    assert ("6.6 mi in 52:11" if unit == "mi" else "10.5 km in 52:11") in today_html
