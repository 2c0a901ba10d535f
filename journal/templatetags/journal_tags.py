from __future__ import annotations

import functools
import uuid

from django import template
from django.forms import BoundField
from django.urls import get_script_prefix, reverse
from django.utils.dates import MONTHS_3
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from journal.common import units
from journal.common.forms import PainScale
from journal.common.widget_renderer import text
from journal.flags.clinician import for_clinician
from journal.models import Severity

register = template.Library()

_ANY_ID = uuid.UUID(int=0)
_ANY_PK = 987654321


@functools.cache
def _url_shape(name: str, args: tuple, placeholder, prefix: str) -> str:
    # Reversed once per URL name, leading arguments and script prefix; each row then only fills in its id.
    return reverse(name, args=[*args, placeholder]).replace(str(placeholder), "{pk}")


@register.simple_tag
def entry_links(kind: str, pk) -> str:
    """The Edit and Delete links of one History entry (a long page has a hundred of them)."""
    prefix, entry_id = get_script_prefix(), str(uuid.UUID(str(pk)))
    edit = _url_shape("journal:entry_edit", (kind,), _ANY_ID, prefix).replace("{pk}", entry_id)
    delete = _url_shape("journal:entry_delete", (kind,), _ANY_ID, prefix).replace("{pk}", entry_id)
    return format_html(
        '<span class="links"><a href="{}">Edit</a> <a href="{}">Delete</a></span>', edit, delete
    )


@register.simple_tag(takes_context=True)
def history_entries(context, day) -> str:
    """One History day's entries, each an <li> with its Edit and Delete links, written in Python: a
    page has about a hundred, and rendering each through the template cost most of the page.
    tests/entries/test_history_entries.py holds it to what the template wrote."""
    unit = _unit(context)
    items = []
    for c in day.checkins:
        when = c.time.strftime("%H:%M") if c.time else ""
        line = f"{when} · {escape(c.get_side_display())}: pain {pain(c.pain_now)}"
        if c.pain_waking is not None:
            line += f", on waking {c.pain_waking}/10"
        if c.swelling != "none":
            line += f", {escape(c.get_swelling_display().lower())} swelling"
        items.append(("Check-in", line, "checkin", c.pk))
    for r in day.runs:
        shoe = f" · {escape(r.shoe.name)}" if r.shoe else ""
        distance = escape(units.format_distance(r.distance_m, unit))
        pace = escape(units.format_pace(r.duration_s, r.distance_m, unit))
        took = escape(units.format_duration(r.duration_s))
        line = f"{distance} in {took} ({pace}){shoe} · pain {pain(r.pain_during)}"
        items.append(("Run", line, "run", r.pk))
    for e in day.completions:
        reps = f" × {e.reps_done}" if e.reps_done else ""
        line = (
            f"{escape(e.exercise.name)}: {e.sets_done} set{'' if e.sets_done == 1 else 's'}{reps}"
            f" · pain {e.pain_during}/10"
        )
        items.append(("Exercise", line, "exercise", e.pk))
    return mark_safe(  # noqa: S308 - every value from the database went through escape()
        "\n".join(
            f'<li><span class="tag">{tag}</span> {line}\n      {entry_links(kind, pk)}</li>'
            for tag, line, kind, pk in items
        )
    )


@register.simple_tag(takes_context=True)
def triage_row(context, row) -> str:
    """One patient on the triage list, written in Python: rendering 25 rows through the template cost
    more than the rest of the page. tests/clinic/test_triage_row.py holds it to what the template wrote."""
    unit = _unit(context)
    url = _url_shape("clinic:patient", (), _ANY_PK, get_script_prefix()).replace("{pk}", str(row.patient_id))
    if row.top_severity:
        severity = escape(severity_label(row.top_severity))
        flags = (
            f'<p><span class="tag sev-tag">{severity}</span> {escape(row.top_title)}'
            f' <span class="small">({row.open_flags} open flag{"" if row.open_flags == 1 else "s"},'
            f" raised {_day_month(template_localtime(row.top_raised_at))})</span></p>"
        )
    else:
        flags = '<p class="small">No open flags.</p>'
    last = _day_month(row.last_checkin) if row.last_checkin else "never"
    change = ""
    if row.change_pct is not None:
        change = f" ({'+' if row.change_pct >= 0 else ''}{row.change_pct}% on last week)"
    acwr = f"<span>ACWR {localize(row.acwr)}</span>" if row.acwr is not None else ""
    adherence = row.adherence_pct
    if adherence is not None:
        exercises = f"{adherence}% ({row.adherence_done} of {row.adherence_target})"
    else:
        exercises = "none prescribed"
    summary = escape(row.pain_summary)
    line = ""
    if points := row.sparkline_points:
        points = escape(points)
        line = f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2"/>'

    return mark_safe(  # noqa: S308 - every value from the database went through escape() or is a number
        f'<li class="card triage-row sev-{escape(row.top_severity or "none")}">\n'
        f'    <h2><a href="{url}">{escape(row.name)}</a></h2>\n'
        f"    {flags}\n"
        f'    <div class="triage-stats">\n'
        f"      <span>Last check-in: {last}</span>\n"
        f"      <span>This week: {escape(units.format_distance(row.week_m, unit))}{change}</span>\n"
        f"      {acwr}\n"
        f"      <span>Exercises: {exercises}</span>\n"
        f"    </div>\n"
        f'    <svg class="sparkline" viewBox="0 0 110 24" width="110" height="24" role="img"'
        f' aria-label="{summary}"><title>{summary}</title>'
        f'<line x1="0" y1="22" x2="110" y2="22" stroke="#c9d3da"/>{line}</svg>\n'
        f"  </li>"
    )


def _day_month(day) -> str:
    # What the date filter writes for "j M" (its month abbreviations, translated), without its machinery.
    return f"{day.day} {MONTHS_3[day.month].title()}"


def _unit(context) -> str:
    if context.get("unit"):
        return context["unit"]
    request = context.get("request")
    profile = getattr(getattr(request, "user", None), "profile", None)
    return profile.unit if profile else "km"


@register.simple_tag(takes_context=True)
def distance(context, metres: int | float | None) -> str:
    return units.format_distance(metres, _unit(context))


@register.simple_tag(takes_context=True)
def pace(context, duration_s: int, metres: int) -> str:
    return units.format_pace(duration_s, metres, _unit(context))


@register.simple_tag
def pain_scale(name: str, value: int | None, id_prefix) -> str:
    """The 0–10 tap scale (forms.PainScale) for a form written by hand, answered from the start."""
    widget = PainScale()
    widget.clearable = False
    return widget.render(name, value, {"id": f"{name}-{id_prefix}"})


@register.simple_tag
def field_row(field: BoundField, no_help: bool = False) -> str:
    """journal/partials/_field.html, written in Python for the forms Today renders on every visit
    (about 30 fields): the same HTML byte for byte, which tests/today/test_field_row.py checks."""
    widget = field.field.widget
    multiple = getattr(widget, "allow_multiple_selected", False)
    check = getattr(widget, "input_type", None) == "checkbox" and not multiple
    errors = field.errors
    auto_id = text(field.auto_id)
    label = text(field.label)
    if check:
        inner = f'{field} <label for="{text(field.id_for_label)}">{label}</label>'
    elif getattr(widget, "input_type", None) == "radio" or multiple:
        described = ""
        if field.help_text or errors:
            helptext_id = f"{auto_id}_helptext" if field.help_text else ""
            error_id = f" {auto_id}_error" if errors else ""
            described = f' aria-describedby="{helptext_id}{error_id}"'
        inner = f"<fieldset{described}><legend>{label}</legend>{field}</fieldset>"
    else:
        inner = f'<label for="{text(field.id_for_label)}">{label}</label>\n    {field}'
    help_html = ""
    if field.help_text and not no_help:
        help_html = f'<small class="help" id="{auto_id}_helptext">{text(field.help_text)}</small>'
    error_html = "".join(f'<p class="error" id="{auto_id}_error">{text(error)}</p>' for error in errors)
    return mark_safe(  # noqa: S308 - the widget is Django's, every other value went through text()
        f'<div class="field{" has-error" if errors else ""}{" check" if check else ""}">\n  \n    {inner}'
        f"\n  \n  {help_html}\n  {error_html}\n</div>\n"
    )


@register.filter
def duration(seconds: int | None) -> str:
    return units.format_duration(seconds)


@register.simple_tag(takes_context=True)
def to_unit(context, metres: int | float | None) -> str:
    if not metres:
        return ""
    return f"{units.from_metres(metres, _unit(context), 1)}"


AVOID = {
    "red_cannot_bear_weight": (
        "Keep your weight off it and don't try to walk it off; raise it and use ice until you're seen."
    ),
    "red_bone_tenderness": "Don't run, hop or jump on it until it has been checked.",
    "red_calf": "Don't massage or stretch the calf and don't exercise it; get seen today.",
    "red_infection": "Don't use heat on it, and keep any broken skin clean and covered.",
    "red_bone_stress": "Stop running and other impact (jumping, hopping) until you've been checked.",
    "red_nerve": "Avoid tight shoes or straps over the sore area and anything that brings the tingling on.",
}


@register.simple_tag
def avoid_advice(flag) -> str:
    if flag.code in AVOID:
        return AVOID[flag.code]
    if flag.severity == "urgent":
        return "Don't run or put weight through it until you've been checked."
    return "Don't run through pain; rest actively until you've been seen."


_SEVERITY_LABELS = dict(Severity.choices)  # lazy labels: each is translated when written


@register.filter
def severity_label(severity: str) -> str:
    return _SEVERITY_LABELS.get(severity, severity)


@register.simple_tag
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def isodate(value: str | None) -> str:
    """An evidence date (stored as ISO text in the flag's JSON) as "20 Nov"."""
    from datetime import date

    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return ""
    return f"{day.day} {day.strftime('%b')}"


@register.filter
def isodate_long(value: str | None) -> str:
    """An evidence date as "20 Nov 2026", for pages where a year may have passed."""
    from datetime import date

    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return ""
    return f"{day.day} {day.strftime('%b %Y')}"


@register.filter
def pain(value: int | None) -> str:
    """A pain score as "3/10"; one that was not given says so, never "0/10"."""
    return "not given" if value is None else f"{value}/10"


@register.filter
def clinician(text: str) -> str:
    """A flag's title or message worded for the physiotherapist ("the patient reported…")."""
    return for_clinician(text or "")
