"""Filters for allauth's pages, whose own wording is in Title Case."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# Names that keep their capitals wherever they fall in a label.
PROPER = {"Footnote"}

_WORD = re.compile(r"\b([A-Z])([a-z]+)\b")


@register.filter
def sentence_case(text: str) -> str:
    """'Remember Me' -> 'Remember me', 'New Password (again)' -> 'New password (again)'.

    The first word, acronyms (TOTP) and names in PROPER are kept.
    """
    text = str(text)
    first = re.search(r"\w+", text)
    start = first.end() if first else 0

    def lower(match: re.Match) -> str:
        word = match.group(0)
        return word if word in PROPER else word.lower()

    return text[:start] + _WORD.sub(lower, text[start:])


@register.filter
def widget_in_sentence_case(field) -> str:
    """The field's input, its placeholder (allauth repeats the Title Case label there) in sentence case."""
    placeholder = field.field.widget.attrs.get("placeholder")
    return field.as_widget(attrs={"placeholder": sentence_case(placeholder)} if placeholder else None)
