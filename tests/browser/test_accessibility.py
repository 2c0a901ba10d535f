"""axe-core on the pages a runner uses, in real Chromium at phone size: nothing serious or critical."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from injuries.models import Condition
from journal.models import Flag, owner_today
from tests.factories import make_checkin, make_completion, make_run, make_shoe

BLOCKING = {"serious", "critical"}


def blocking_violations(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def journal(runner):
    """A few weeks of runs on a shoe, some exercises, and today's check-in that raises an urgent flag."""
    call_command("load_library", verbosity=0)
    today = owner_today(runner)
    shoe = make_shoe(runner, name="Blue daily trainers")
    for days_ago in range(1, 22, 2):
        make_run(runner, day=today - timedelta(days=days_ago), distance_m=8000, shoe=shoe, pain_during=2)
    make_completion(runner, day=today - timedelta(days=1))
    for days_ago in (3, 2, 1):
        make_checkin(runner, day=today - timedelta(days=days_ago), pain_now=3, side="right")
    make_checkin(runner, day=today, pain_now=7, side="right", can_walk_four_steps=False)
    return runner


@pytest.mark.browser
def test_the_signed_in_pages_have_no_serious_accessibility_problems(
    signed_in_page: Page, app_url: str, journal
):
    page = signed_in_page
    condition = Condition.objects.filter(is_published=True).order_by("slug").first()
    assert condition is not None

    page.goto(f"{app_url}/today/")
    # The dashboard as it looks on a bad day: the urgent banner, a flag card and both charts.
    expect(page.locator("#dashboard .banner[role=alert]")).to_be_visible()
    expect(page.locator("#dashboard details.flag").first).to_be_visible()
    page.locator("#trends").scroll_into_view_if_needed()  # fetched once scrolled to
    expect(page.locator("#trends figure.chart svg[role=img]")).to_have_count(2)
    problems = blocking_violations(page)

    for path in (
        "/log/",
        "/log/?what=run",
        "/log/?what=exercise",
        "/today/trends/",
        "/shoes/",
        "/history/",
        "/settings/",
        "/more/",
        "/flags/",
        reverse("journal:flag_detail", args=[Flag.objects.filter(owner=journal).latest("raised_at").pk]),
        reverse("injuries:condition", args=[condition.slug]),
    ):
        page.goto(f"{app_url}{path}")
        problems += blocking_violations(page)

    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_the_public_pages_have_no_serious_accessibility_problems(page: Page, app_url: str):
    problems = []
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/offline/"):
        page.goto(f"{app_url}{path}")
        problems += blocking_violations(page)
    assert problems == [], "\n".join(problems)
