"""The physiotherapist's workspace: a desktop layout at 1280×800, the phone layout at 360."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from journal.clinic import services as clinic
from journal.models import Flag
from journal.models.choices import SEVERITY_ORDER
from tests.browser.conftest import SHOTS
from tests.browser.test_clinic_flow import sign_in_with_totp
from tests.factories import make_checkin, make_run, make_user


@pytest.fixture
def physio_with_patient(runner):
    today = runner.profile.today()
    for days_ago, pain in [(6, 1), (4, 1), (2, 2)]:
        make_checkin(runner, day=today - timedelta(days=days_ago), pain_now=pain)
    make_run(runner, day=today - timedelta(days=1), distance_m=8000, pain_during=8)
    make_checkin(runner, day=today, pain_now=7, can_walk_four_steps=False)
    # The least severe flags are the newest, so newest-first would put them on top.
    newer = timezone.now() + timedelta(minutes=5)
    Flag.objects.filter(owner=runner, severity="caution").update(raised_at=newer)
    physio = make_user("pat.physio@example.com", name="Pat Physio", role="physio")
    secret = generate_totp_secret()
    TOTP.activate(physio, secret)
    clinic.invite_accept(physio=physio, code=clinic.invite_create(runner=runner).code)
    return physio, secret


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.browser
def test_patient_page_at_1280_is_a_desktop_workspace(page: Page, app_url: str, runner, physio_with_patient):
    physio, secret = physio_with_patient
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_with_totp(page, app_url, physio.email, secret)
    page.goto(f"{app_url}/clinic/patients/{runner.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rita Runner")

    assert box(page, "main")["width"] > 900
    # Navigation runs down the left side; nothing is pinned to the bottom of the window.
    tabs = box(page, "nav.tabs")
    assert tabs["x"] == 0 and tabs["width"] < 250 and tabs["y"] < 100
    assert page.locator("nav.tabs").evaluate("el => getComputedStyle(el).position") != "fixed"
    expect(page.locator("nav.tabs").get_by_role("link", name="Patients")).to_be_visible()

    # Flags and the latest entries beside the charts and the timeline.
    side, charts = box(page, ".patient-side"), box(page, "#trends-title")
    assert side["x"] > charts["x"] + 400
    assert abs(box(page, "#open-flags")["y"] - charts["y"]) < 50
    assert box(page, "#latest-title")["x"] == pytest.approx(side["x"], abs=2)
    expect(page.locator("#latest-title + ul li").first).to_contain_text("Check-in")

    # Most severe first, worded for the clinician.
    flags = page.locator(".flag-row")
    severities = [flags.nth(i).get_attribute("data-severity") for i in range(flags.count())]
    assert len(severities) >= 3
    assert severities == sorted(severities, key=SEVERITY_ORDER.index, reverse=True)
    assert severities[0] == "urgent"
    expect(flags.first).to_contain_text("The patient can't walk four steps")
    expect(flags.first).to_contain_text("The patient reported that they cannot put weight on their")
    for text in flags.all_inner_texts():
        assert re.search(r"\byour?\b", text, re.IGNORECASE) is None, text

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "patient-1280.png"), full_page=False)


@pytest.mark.browser
def test_patient_page_at_360_keeps_the_phone_layout(page: Page, app_url: str, runner, physio_with_patient):
    physio, secret = physio_with_patient
    sign_in_with_totp(page, app_url, physio.email, secret)
    page.goto(f"{app_url}/clinic/patients/{runner.pk}/")
    tabs = box(page, "nav.tabs")
    assert tabs["y"] + tabs["height"] == pytest.approx(740, abs=1)
    assert tabs["width"] == pytest.approx(360, abs=1)
    # One column: the flags come first, the charts below them.
    assert box(page, "#trends-title")["y"] > box(page, "#open-flags")["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
def test_runner_pages_at_1280_have_no_bottom_tab_bar(page: Page, app_url: str, runner):
    from tests.browser.conftest import sign_in

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, app_url, runner.email)
    tabs = box(page, "nav.tabs")
    assert tabs["x"] == 0 and tabs["width"] < 250
    expect(page.locator("nav.tabs").get_by_role("link", name="Today")).to_be_visible()


@pytest.mark.browser
def test_a_physio_setting_up_an_authenticator_lands_on_the_patient_list(page: Page, app_url: str):
    from tests.factories import PASSWORD, totp_code

    physio = make_user("new.physio@example.com", name="Nia Newphysio", role="physio")
    page.goto(f"{app_url}/accounts/login/")
    page.locator("input[name=login]").fill(physio.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    # The patient list first asks for an authenticator, and allauth for the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{app_url}/clinic/")
    expect(page.get_by_role("status")).to_contain_text("Two-factor sign-in is on.")


@pytest.mark.browser
def test_the_demo_physio_opens_the_clinic_at_once(page: Page, app_url: str, settings):
    import io

    from django.core.management import call_command

    from tests.factories import totp_code

    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    secret = re.search(r"Authenticator key \(development only\): (\S+)", out.getvalue()).group(1)
    page.goto(f"{app_url}/accounts/login/")
    page.locator("input[name=login]").fill("physio@footnote.example")
    page.locator("input[name=password]").fill("footnote-demo-clinic")
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{app_url}/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("^sign in$", re.IGNORECASE)).click()
    expect(page).to_have_url(f"{app_url}/clinic/")
    expect(page.get_by_role("link", name="Sam Demo")).to_be_visible()
