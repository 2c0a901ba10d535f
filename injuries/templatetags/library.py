from django import template
from django.utils.safestring import mark_safe

from injuries.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe: render_markdown sanitises with nh3 against a short allow-list.
    return mark_safe(render_markdown(text))  # noqa: S308
