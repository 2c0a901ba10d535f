from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from journal.models import Run
from tests.factories import make_checkin, make_shoe
from tests.imports.files import make_fit, make_gpx


@pytest.mark.browser
def test_log_import_preview_save_then_history_and_shoe_distance(signed_in_page: Page, app_url: str, runner):
    page = signed_in_page
    make_shoe(runner, name="Daily trainer")
    page.goto(f"{app_url}/shoes/")
    shoe = page.get_by_role("article").filter(has_text="Daily trainer")
    expect(shoe.get_by_test_id("shoe-total")).to_have_text("0.0 km")

    now = datetime.now(UTC).replace(microsecond=0)
    page.goto(f"{app_url}/log/")
    page.get_by_role("link", name=re.compile("Import runs")).click()
    expect(page).to_have_url(f"{app_url}/log/import/")
    page.get_by_label("Files to import").set_input_files(
        [
            {
                "name": "tuesday.gpx",
                "mimeType": "application/gpx+xml",
                "buffer": make_gpx(now - timedelta(days=3), km=8),
            },
            {
                "name": "sunday.fit",
                "mimeType": "application/octet-stream",
                "buffer": make_fit(now - timedelta(days=1), km=12),
            },
        ]
    )
    page.get_by_role("button", name="Read the files").click()

    expect(page.get_by_test_id("import-summary")).to_have_text(
        re.compile("2 new runs, 0 already in your journal")
    )
    rows = page.locator("table.import-preview tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("8.0 km")
    expect(rows.nth(0)).to_contain_text("Daily trainer")
    expect(rows.nth(1)).to_contain_text("12.0 km")
    assert Run.objects.count() == 0  # nothing stored before the tap

    page.get_by_role("button", name="Save 2 runs").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("2 runs saved.")
    page.get_by_role("link", name="See them in History").click()
    expect(page.locator("main")).to_contain_text("8.0 km")
    expect(page.locator("main")).to_contain_text("12.0 km")

    page.goto(f"{app_url}/shoes/")
    expect(shoe.get_by_test_id("shoe-total")).to_have_text("20.0 km")


def _page_size_pt(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert match, "no page size in the PDF"
    return round(float(match.group(1))), round(float(match.group(2)))


@pytest.mark.browser
@pytest.mark.parametrize(("paper", "size_pt"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_report_prints_on_a4_and_letter_without_the_app(
    signed_in_page: Page, app_url: str, runner, paper, size_pt
):
    page = signed_in_page
    today = runner.profile.today()
    for days_ago, pain in [(10, 2), (6, 3), (2, 4)]:
        make_checkin(runner, day=today - timedelta(days=days_ago), pain_now=pain)
    page.goto(f"{app_url}/more/")
    page.get_by_role("link", name=re.compile("Appointment report")).click()
    page.get_by_label("Paper").select_option(paper)
    page.get_by_label("Period").select_option("6")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Appointment report")).to_be_visible()
    expect(page.get_by_role("img", name="Pain over the last 6 weeks")).to_be_visible()
    expect(page.locator("nav.tabs")).to_have_count(0)

    page.emulate_media(media="print")
    expect(page.locator(".report-controls")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert _page_size_pt(pdf) == size_pt


@pytest.mark.browser
def test_the_data_pages_have_no_serious_accessibility_problems(signed_in_page: Page, app_url: str, runner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from journal.imports import flow
    from tests.browser.test_accessibility import blocking_violations

    page = signed_in_page
    make_shoe(runner, name="Daily trainer")
    now = datetime.now(UTC).replace(microsecond=0)
    batch = flow.batch_create(
        owner=runner,
        files=[
            SimpleUploadedFile("a.gpx", make_gpx(now - timedelta(days=2))),
            SimpleUploadedFile("broken.fit", b"not a fit file"),
        ],
    )
    problems = []
    for path in ("/log/import/", f"/log/import/{batch.pk}/", "/report/", "/settings/delete-account/"):
        page.goto(f"{app_url}{path}")
        problems += blocking_violations(page)
    assert problems == [], "\n".join(problems)
