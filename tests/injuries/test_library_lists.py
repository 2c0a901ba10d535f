"""Library text renders Markdown lists as lists on every condition and exercise page."""

import re

import pytest

from injuries.models import Condition, Exercise
from injuries.text import render_markdown, separate_lists

LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S", re.M)
CONDITION_FIELDS = [
    "how_it_feels",
    "triggers",
    "lookalikes",
    "self_care",
    "when_to_see_professional",
    "return_to_run",
]


def test_a_list_straight_after_a_line_of_text_is_a_list():
    html = render_markdown("See a physiotherapist if:\n- it swells\n- it hurts at night\n\nOtherwise rest.")
    assert html.count("<li>") == 2 and "<p>See a physiotherapist if:</p>" in html
    assert " - " not in html
    # A line that only contains a dash is left alone, and so are lists that were already separated.
    assert render_markdown("Run - walk intervals.") == "<p>Run - walk intervals.</p>"
    assert separate_lists("Intro\n\n- a\n- b") == "Intro\n\n- a\n- b"


def _pages(client):
    for condition in Condition.objects.filter(is_published=True):
        html = client.get(condition.get_absolute_url()).content.decode()
        yield condition, [getattr(condition, name) for name in CONDITION_FIELDS], html
    for exercise in Exercise.objects.filter(is_published=True):
        html = client.get(exercise.get_absolute_url()).content.decode()
        yield exercise, [exercise.cautions], html


@pytest.mark.usefixtures("library")
def test_every_library_page_shows_its_markdown_lists_as_lists(client):
    pages = list(_pages(client))
    assert len(pages) >= 16 + 32
    items_seen = 0
    for item, fields, html in pages:
        for text in fields:
            rendered = render_markdown(text)
            items = len(LIST_ITEM.findall(text))
            # Each list line of the source is a list item on the page, never " - " run into a paragraph.
            assert rendered.count("<li>") == items, (item, text[:80])
            assert rendered in html, item
            for paragraph in re.findall(r"<p>(.*?)</p>", rendered, re.S):
                assert not re.search(r"(^|\n)\s*- ", paragraph), (item, paragraph[:80])
            items_seen += items
    assert items_seen > 50
