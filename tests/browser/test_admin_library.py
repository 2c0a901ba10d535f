from __future__ import annotations

import io

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.core.management import call_command
from playwright.sync_api import Page, expect

from injuries.models import Condition
from tests.browser.test_clinic_flow import sign_in_with_totp
from tests.factories import make_superuser

ADMIN_EMAIL = "admin@example.com"
SLUG = "plantar-fasciitis"
NEW_TEXT = "Freeze a water bottle and roll it under the arch for five minutes."


def first_item(markdown: str) -> str:
    """The first line of a Markdown list, as the page shows it."""
    return markdown.strip().splitlines()[0].lstrip("-* ").replace("**", "").strip()


@pytest.mark.browser
def test_admin_edits_self_care_then_reverts_it(page: Page, new_context, app_url: str):
    call_command("load_library", stdout=io.StringIO())
    secret = generate_totp_secret()
    make_superuser(ADMIN_EMAIL, totp_secret=secret)
    condition = Condition.objects.get(slug=SLUG)
    old_text = condition.self_care
    old_first = first_item(old_text)
    public = new_context().new_page()
    self_care = public.get_by_test_id("self-care")

    public.goto(f"{app_url}/conditions/{SLUG}/")
    expect(self_care).to_contain_text(old_first)

    # The admin signs in (allauth's sign-in page, with the second factor) and edits the self-care text.
    sign_in_with_totp(page, app_url, ADMIN_EMAIL, secret, next_path="/admin/")

    page.goto(f"{app_url}/admin/injuries/condition/{condition.pk}/change/")
    textarea = page.locator("#id_self_care")
    expect(textarea).to_have_value(old_text)
    textarea.fill(f"- {NEW_TEXT}\n- Keep walking short.")
    page.locator("input[name=_save]").first.click()
    expect(page).to_have_url(f"{app_url}/admin/injuries/condition/")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    # The public page shows the new text.
    public.reload()
    expect(self_care).to_contain_text(NEW_TEXT)
    expect(self_care).not_to_contain_text(old_first)

    # The admin opens the history and reverts to the version before the edit.
    page.goto(f"{app_url}/admin/injuries/condition/{condition.pk}/change/")
    page.get_by_role("link", name="History").first.click()
    expect(page).to_have_url(f"{app_url}/admin/injuries/condition/{condition.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(Condition.history.filter(id=condition.pk).count())
    earlier = Condition.history.filter(id=condition.pk, self_care=old_text).order_by("-history_date").first()
    assert earlier is not None
    page.locator(
        f'#change-history a[href="/admin/injuries/condition/{condition.pk}/history/{earlier.history_id}/"]'
    ).click()
    expect(page.locator("#id_self_care")).to_have_value(old_text)
    page.locator("input[type=submit][value=Revert]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    # The public page shows the old text again.
    public.reload()
    expect(self_care).to_contain_text(old_first)
    expect(self_care).not_to_contain_text(NEW_TEXT)
    condition.refresh_from_db()
    # Browsers send a textarea's line breaks as CRLF; the words are the old ones.
    assert condition.self_care.replace("\r\n", "\n") == old_text


@pytest.mark.browser
def test_admin_ticks_regions_and_an_untouched_save_stores_no_version(page: Page, app_url: str):
    call_command("load_library", stdout=io.StringIO())
    secret = generate_totp_secret()
    make_superuser(ADMIN_EMAIL, totp_secret=secret)
    condition = Condition.objects.get(slug=SLUG)
    sign_in_with_totp(page, app_url, ADMIN_EMAIL, secret, next_path="/admin/")
    change_url = f"{app_url}/admin/injuries/condition/{condition.pk}/change/"

    # Saved as the browser sends it (every line break \r\n), the untouched form stores no version.
    versions = condition.history.count()
    page.goto(change_url)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert condition.history.count() == versions

    # Regions are ticked, not typed as JSON; the preview shows every Markdown field.
    page.goto(change_url)
    regions = page.locator("#id_regions")
    expect(regions.get_by_role("checkbox", name="Heel")).to_be_checked()
    expect(regions.get_by_role("checkbox", name="Arch")).to_be_checked()
    expect(regions.get_by_role("checkbox", name="Shin")).not_to_be_checked()
    preview = page.locator(".field-preview")
    for heading in ("How it feels", "Triggers", "Lookalikes", "Self care", "When to see professional"):
        expect(preview.get_by_role("heading", name=heading)).to_be_visible()
    self_care = preview.locator("[data-field=self_care] li").first
    expect(self_care).to_contain_text(first_item(condition.self_care))

    regions.get_by_role("checkbox", name="Shin").check()
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    condition.refresh_from_db()
    assert condition.regions == ["heel", "arch", "shin"]
    assert condition.history.count() == versions + 1
