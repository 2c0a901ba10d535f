"""Django's own markup for the everyday widgets, written out in Python.

Django renders a widget through a template, and a radio, checkbox or select option through three more
(the option, the input, its attributes): the check-in and run forms, with about 60 options between
them, spent about a third of Today's time there. This renderer writes the same HTML, byte for byte (a test
compares the two), for the templates below, and hands every other template to the default renderer.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"


def text(value) -> str:
    """What {{ value }} and {{ value|stringformat:'s' }} print: escaped unless already safe.

    Django's conditional_escape, without its check for lazy arguments on every call."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {text(name)}" if value is True else f' {text(name)}="{text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{text(widget["value"])}"'
    attrs = _attrs(widget["attrs"])
    return f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}{attrs}>'


def _input_option(option: dict) -> str:
    # radio_option.html and checkbox_option.html include input_option.html, which includes
    # input.html: each file's closing newline stays in the output.
    if not option["wrap_label"]:
        return _input(option) + "\n\n"
    label_for = f' for="{text(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(option)}\n {text(option['label'])}</label>\n\n"


def _select_option(option: dict) -> str:
    attrs = _attrs(option["attrs"])
    return f'<option value="{text(option["value"])}"{attrs}>{text(option["label"])}</option>\n'


OPTIONS: dict[str, Callable[[dict], str]] = {
    WIDGETS + "radio_option.html": _input_option,
    WIDGETS + "checkbox_option.html": _input_option,
    WIDGETS + "select_option.html": _select_option,
}


def _grouped(widget: dict, *, group_open: str, group_close: str, item: str) -> str | None:
    """The widget's options, each written into `item`, within their groups; None for an option of a
    kind not written here."""
    parts = []
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(group_open.format(text(group)))
        for option in options:
            write = OPTIONS.get(option["template_name"])
            if write is None:
                return None
            parts.append(item.format(write(option)))
        if group:
            parts.append(group_close)
    return "".join(parts)


def _multiple_input(widget: dict) -> str | None:
    inner = _grouped(
        widget, group_open="\n  <div><label>{}</label>", group_close="\n  </div>", item="<div>\n    {}</div>"
    )
    if inner is None:
        return None
    element_id = widget["attrs"].get("id")
    element_class = widget["attrs"].get("class")
    opening = "<div"
    if element_id:
        opening += f' id="{text(element_id)}"'
    if element_class:
        opening += f' class="{text(element_class)}"'
    return f"{opening}>{inner}\n</div>"


def _select(widget: dict) -> str | None:
    inner = _grouped(
        widget, group_open='\n  <optgroup label="{}">', group_close="\n  </optgroup>", item="\n  {}"
    )
    if inner is None:
        return None
    return f'<select name="{text(widget["name"])}"{_attrs(widget["attrs"])}>{inner}\n</select>'


def _textarea(widget: dict) -> str:
    value = text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


INPUTS = ("text", "number", "email", "url", "tel", "search", "password", "hidden", "date", "time", "checkbox")
WRITERS: dict[str, Callable[[dict], str | None]] = {
    **{f"{WIDGETS}{kind}.html": _input for kind in INPUTS},
    WIDGETS + "radio.html": _multiple_input,
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
}


class WidgetRenderer(BaseRenderer):
    """The default form renderer, with the widget templates above written in Python."""

    def get_template(self, template_name):
        return get_default_renderer().get_template(template_name)

    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        html = write(context["widget"]) if write is not None and "widget" in context else None
        if html is None:  # an option of a kind not written here: Django's templates do it all
            return get_default_renderer().render(template_name, context, request)
        return mark_safe(html)  # noqa: S308 - every value in it went through text()


widget_renderer = WidgetRenderer()
