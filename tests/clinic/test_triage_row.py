"""The triage list's rows are written in Python (the triage_row tag): each must say what the template that
wrote them said, escaped the same way, in the physiotherapist's unit and time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from journal.clinic.triage import TriageRow

# The template's row before the tag replaced it.
BEFORE = Template(
    """{% load journal_tags %}<li class="card triage-row sev-{{ row.top_severity|default:'none' }}">
    <h2><a href="{% url 'clinic:patient' row.patient_id %}">{{ row.name }}</a></h2>
    {% if row.top_severity %}<p><span class="tag sev-tag">{{ row.top_severity|severity_label }}</span> {{ row.top_title }} <span class="small">({{ row.open_flags }} open flag{{ row.open_flags|pluralize }}, raised {{ row.top_raised_at|date:"j M" }})</span></p>{% else %}<p class="small">No open flags.</p>{% endif %}
    <div class="triage-stats">
      <span>Last check-in: {% if row.last_checkin %}{{ row.last_checkin|date:"j M" }}{% else %}never{% endif %}</span>
      <span>This week: {% distance row.week_m %}{% if row.change_pct is not None %} ({% if row.change_pct >= 0 %}+{% endif %}{{ row.change_pct }}% on last week){% endif %}</span>
      {% if row.acwr is not None %}<span>ACWR {{ row.acwr }}</span>{% endif %}
      <span>Exercises: {% if row.adherence_pct is not None %}{{ row.adherence_pct }}% ({{ row.adherence_done }} of {{ row.adherence_target }}){% else %}none prescribed{% endif %}</span>
    </div>
    <svg class="sparkline" viewBox="0 0 110 24" width="110" height="24" role="img" aria-label="{{ row.pain_summary }}"><title>{{ row.pain_summary }}</title><line x1="0" y1="22" x2="110" y2="22" stroke="#c9d3da"/>{% if row.sparkline_points %}<polyline points="{{ row.sparkline_points }}" fill="none" stroke="currentColor" stroke-width="2"/>{% endif %}</svg>
  </li>"""  # noqa: E501
)
NOW = Template("{% load journal_tags %}{% triage_row row %}")


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def row(**changes) -> TriageRow:
    values = {
        "patient_id": 42,
        "name": 'Ann <O\'Neil> & "Co"',
        "top_severity": "urgent",
        "top_rank": 4,
        "top_title": "You may have <broken> a bone",
        "top_raised_at": datetime(2026, 11, 20, 3, 30, tzinfo=UTC),
        "open_flags": 1,
        "last_checkin": date(2026, 11, 19),
        "pain_14d": [None, 2, 3, None, 10, 0, None, None, None, None, None, None, 4, 5],
        "week_m": 16093,
        "last_week_m": 12000,
        "change_pct": 34,
        "acwr": 1.37,
        "adherence_done": 2,
        "adherence_target": 3,
    }
    return TriageRow(**{**values, **changes})


ROWS = {
    "urgent, one flag": row(),
    "caution, three flags, distance down": row(
        top_severity="caution", open_flags=3, change_pct=-20, acwr=1.0
    ),
    "no flags, no check-ins, nothing prescribed": row(
        top_severity=None,
        top_title="",
        top_raised_at=None,
        open_flags=0,
        last_checkin=None,
        pain_14d=[None] * 14,
        change_pct=None,
        acwr=None,
        adherence_done=0,
        adherence_target=0,
        week_m=0,
    ),
    "no change from last week": row(change_pct=0, adherence_done=5, adherence_target=3),
}


@pytest.mark.parametrize("unit", ["km", "mi"])
@pytest.mark.parametrize("zone", ["Europe/London", "America/Los_Angeles"])
@pytest.mark.parametrize("name", list(ROWS))
def test_a_row_reads_as_the_template_wrote_it(name, zone, unit):
    request = RequestFactory().get("/clinic/")
    request.user = SimpleNamespace(profile=SimpleNamespace(unit=unit))
    context = {"row": ROWS[name], "request": request}
    with timezone.override(ZoneInfo(zone)):
        written = NOW.render(Context(context))
        assert squeezed(written) == squeezed(BEFORE.render(Context(context)))
    if name == "urgent, one flag":
        assert "Ann &lt;O&#x27;Neil&gt; &amp; &quot;Co&quot;" in written
        # Raised at 03:30 UTC on 20 November: the 19th in Los Angeles.
        assert ("raised 19 Nov" if zone == "America/Los_Angeles" else "raised 20 Nov") in written
        assert ("10.0 mi" if unit == "mi" else "16.1 km") in written
