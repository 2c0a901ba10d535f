"""The library's rich text: Markdown, rendered and then sanitised, so content can never carry script."""

from __future__ import annotations

import re

import markdown as md
import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# A list item: "- ", "* ", "+ " or "1. " at the start of a line.
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S")


def separate_lists(text: str) -> str:
    """Put a blank line before a list that follows a line of text directly.

    Markdown only starts a list after a blank line, so "See a doctor if:" followed by "- ..." lines
    would otherwise run together into one paragraph with " - " in it.
    """
    lines = (text or "").replace("\r\n", "\n").split("\n")
    out: list[str] = []
    in_list = False
    for line in lines:
        if _LIST_ITEM.match(line):
            if not in_list and out and out[-1].strip():
                out.append("")
            in_list = True
        elif line.strip() and not line[:1].isspace():
            in_list = False  # a paragraph; an indented line continues the list item above it
        out.append(line)
    return "\n".join(out)


def render_markdown(text: str) -> str:
    html = md.markdown(separate_lists(text), extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
