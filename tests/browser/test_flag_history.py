from __future__ import annotations

from datetime import time, timedelta

import pytest
from playwright.sync_api import Page, expect

from journal.entries import services
from journal.models import Checkin, Run
from tests.browser.conftest import SHOTS

pytestmark = pytest.mark.browser


@pytest.fixture
def past_flag(runner):
    # A painful run a month ago, logged in bulk (as an import would): its flag is raised on that day.
    hurt = runner.profile.today() - timedelta(days=30)
    Run.objects.create(owner=runner, date=hurt, distance_m=8000, duration_s=2640, pain_during=8)
    Checkin.objects.bulk_create(
        [
            Checkin(owner=runner, date=hurt + timedelta(days=d), time=time(8), side="right", pain_now=0)
            for d in (1, 2, 3)
        ]
    )
    services.journal_refresh(owner=runner)
    return hurt


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_flag_opens_from_history_with_why_what_and_source(signed_in_page: Page, app_url: str, past_flag):
    page = signed_in_page
    page.goto(f"{app_url}/flags/")
    row = page.get_by_role("link", name="Pain during your run was high")
    expect(row).to_be_visible()
    page.screenshot(path=f"{SHOTS}/flag-history-360.png", full_page=True)
    row.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pain during your run was high")
    for heading in ("Why", "What to do", "Source"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator(".evidence")).to_contain_text(past_flag.strftime("%-d %b %Y"))
    expect(page.locator(".flag-dates")).to_contain_text(f"Raised{past_flag.strftime('%-d %b %Y')}")
    expect(page.locator(".flag-dates")).not_to_contain_text("Still open")
    page.screenshot(path=f"{SHOTS}/flag-detail-360.png", full_page=True)


def test_history_and_a_flag_fit_at_320(signed_in_page: Page, app_url: str, past_flag):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{app_url}/flags/")
    assert no_horizontal_overflow(page)
    page.get_by_role("link", name="Pain during your run was high").click()
    expect(page.get_by_role("heading", name="Why", exact=True)).to_be_visible()
    assert no_horizontal_overflow(page)
