from __future__ import annotations

from django import template

from journal import units

register = template.Library()


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


@register.filter
def duration(seconds: int | None) -> str:
    return units.format_duration(seconds)
