from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SHOTS


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.browser
def test_sharing_fits_at_320_and_codes_can_be_withdrawn(signed_in_page: Page, app_url: str):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{app_url}/sharing/")
    for _ in range(3):
        page.get_by_role("button", name="Create an invite code").click()
        expect(page.get_by_test_id("invite-code")).to_be_visible()
    # The new code and its long link wrap inside the screen.
    assert no_horizontal_overflow(page)
    page.screenshot(path=f"{SHOTS}/sharing-320.png", full_page=True)
    rows = page.locator("ul.invites li")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("valid until")
    page.get_by_role("button", name="Create an invite code").click()
    expect(page.get_by_role("alert")).to_have_text(
        "You have 3 unused invite codes. Withdraw one before you create another."
    )
    assert no_horizontal_overflow(page)
    rows.first.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status")).to_contain_text("Invite code withdrawn. It can no longer be used.")
    expect(page.locator("ul.invites li")).to_have_count(2)
    assert no_horizontal_overflow(page)
