from __future__ import annotations

import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from playwright.sync_api import Page, expect

from journal.clinic import services as clinic_services
from journal.models import AccessLog, CareLink, ExercisePrescription
from tests.browser.conftest import SHOTS, open_disclosure, sign_in
from tests.factories import PASSWORD, make_checkin, make_user, totp_code

PHYSIO_EMAIL = "pat.physio@example.com"
CALF = "Calf raises (both feet)"
EVERSION = "Banded eversion"


def sign_in_with_totp(page: Page, app_url: str, email: str, secret: str, *, next_path: str = "") -> None:
    """Password, then the authenticator's code; lands on `next_path` (by default, as a physiotherapist's
    sign-in does, on the patient list)."""
    page.goto(f"{app_url}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{app_url}/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{app_url}{next_path or '/clinic/'}")


def prescribe(page: Page, app_url: str, patient_id: int, exercise: str) -> None:
    """At 360 px: find the exercise by a word of its name, choose it, and give the dose."""
    page.goto(f"{app_url}/clinic/patients/{patient_id}/prescriptions/new/")
    page.get_by_label("Find an exercise").fill(exercise.split()[1])
    choice = page.get_by_role("radio", name=exercise, exact=True)
    choice.check()
    # The usual dose is filled in; this patient's is lighter.
    expect(page.get_by_label("Sets", exact=True)).not_to_have_value("")
    page.get_by_label("Sets", exact=True).fill("3")
    page.get_by_label("Reps", exact=True).fill("15")
    page.get_by_label("Times a week", exact=True).fill("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Prescribe").click()
    expect(page).to_have_url(f"{app_url}/clinic/patients/{patient_id}/")
    expect(page.get_by_text(f"{exercise} prescribed.")).to_be_visible()


def linked_physio(runner) -> tuple[object, str]:
    physio = make_user(PHYSIO_EMAIL, name="Pat Physio", role="physio")
    secret = generate_totp_secret()
    TOTP.activate(physio, secret)
    clinic_services.invite_accept(physio=physio, code=clinic_services.invite_create(runner=runner).code)
    return physio, secret


@pytest.mark.browser
def test_runner_shares_physio_prescribes_runner_revokes(page: Page, new_context, app_url: str, runner):
    call_command("load_library", stdout=io.StringIO())
    make_checkin(runner, day=runner.profile.today(), pain_now=7, can_walk_four_steps=False)
    physio = make_user(PHYSIO_EMAIL, name="Pat Physio", role="physio")
    secret = generate_totp_secret()
    TOTP.activate(physio, secret)

    # The runner creates an invite code.
    sign_in(page, app_url, runner.email)
    page.goto(f"{app_url}/sharing/")
    page.get_by_role("button", name="Create an invite code").click()
    expect(page).to_have_url(f"{app_url}/sharing/invite/")
    expect(page.get_by_text("it is not stored and will not be shown again")).to_be_visible()
    code = page.get_by_test_id("invite-code").first.inner_text().strip()
    assert len(code) == 10

    # The physiotherapist signs in with password and authenticator code, and links the runner.
    clinic = new_context().new_page()
    sign_in_with_totp(clinic, app_url, PHYSIO_EMAIL, secret)
    clinic.goto(f"{app_url}/clinic/invite/")
    clinic.get_by_label("Invite code from your patient").fill(code)
    clinic.get_by_role("button", name="Link patient").click()
    expect(clinic).to_have_url(f"{app_url}/clinic/")
    expect(clinic.get_by_text("Rita Runner is now on your list.")).to_be_visible()
    top = clinic.locator("li.triage-row").first
    expect(top.get_by_role("heading")).to_have_text("Rita Runner")
    expect(top.locator(".sev-tag")).to_have_text("Urgent")

    # Two exercises from the library, once a week each.
    top.get_by_role("link", name="Rita Runner").click()
    patient_url = f"{app_url}/clinic/patients/{runner.pk}/"
    expect(clinic).to_have_url(patient_url)
    prescribe(clinic, app_url, runner.pk, CALF)
    prescribe(clinic, app_url, runner.pk, EVERSION)

    # The runner sees both on Today and ticks one off.
    page.goto(f"{app_url}/today/")
    page.locator("#trends").scroll_into_view_if_needed()  # fetched once scrolled to
    card = page.locator("#todays-exercises")
    expect(card.get_by_role("heading")).to_have_text("Today's exercises")
    expect(card.locator("li")).to_have_count(2)
    expect(card).to_contain_text(CALF)
    expect(card).to_contain_text(EVERSION)
    expect(card.locator("summary")).to_contain_text("0 of 2 done")
    open_disclosure(card, "Today's exercises")
    card.locator("li").filter(has_text=CALF).get_by_role("button", name="Done").click()
    card = page.locator("#todays-exercises")
    expect(card.locator("li").filter(has_text=CALF)).to_contain_text("done today")
    expect(card.locator("li").filter(has_text=EVERSION).get_by_role("button", name="Done")).to_be_visible()

    # The physiotherapist sees the adherence: 1 of 1 and 0 of 1 this week (pain 0 given), 50% overall.
    clinic.goto(patient_url)
    adherence = clinic.locator("table.adherence-table")
    expect(adherence.locator("tr").filter(has_text=CALF).locator("td").last).to_have_text("1/1 · pain ≤0")
    expect(adherence.locator("tr").filter(has_text=EVERSION).locator("td").last).to_have_text("0/1")
    clinic.goto(f"{app_url}/clinic/")
    expect(clinic.locator("li.triage-row").first).to_contain_text("Exercises: 50% (1 of 2)")

    logged = AccessLog.objects.filter(physio=physio, patient=runner)
    # Opened from the list, twice after prescribing, and once more to read the adherence.
    assert logged.filter(action="viewed journal").count() == 4
    assert logged.filter(action="opened the prescribe form").count() == 2
    assert logged.filter(action="prescribed an exercise").count() == 2
    seen_before_revoking = logged.count()

    # The runner removes access; the very next request for the patient's page is refused.
    page.goto(f"{app_url}/sharing/")
    page.get_by_role("button", name="Remove access").click()
    expect(page.get_by_text("Access removed.")).to_be_visible()
    assert not CareLink.objects.filter(runner=runner, revoked_at__isnull=True).exists()

    response = clinic.goto(patient_url)
    assert response is not None and response.status == 404
    assert logged.count() == seen_before_revoking


@pytest.mark.browser
def test_physio_finds_an_exercise_chooses_it_by_keyboard_and_prescribes_it_at_1280(
    page: Page, app_url: str, runner
):
    call_command("load_library", stdout=io.StringIO())
    physio, secret = linked_physio(runner)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_with_totp(page, app_url, physio.email, secret)
    page.goto(f"{app_url}/clinic/patients/{runner.pk}/")
    page.get_by_role("link", name="Prescribe an exercise").click()
    picker = page.get_by_role("group", name="Exercise")
    expect(picker.get_by_role("radio")).to_have_count(32)

    # Typing filters the list as it goes: those named "heel" first, then those for heel pain.
    search = page.get_by_label("Find an exercise")
    search.press_sequentially("heel")
    expect(page.locator("#picker-count")).to_have_text(re.compile(r"^\d+ exercises match “heel”\.$"))
    radios = picker.get_by_role("radio")
    expect(radios.first).to_have_accessible_name("Eccentric heel drops")
    expect(picker.get_by_role("radio", name="Glute bridges")).to_have_count(0)
    first = picker.locator(".picker-option").first
    expect(first.locator("svg")).to_be_visible()
    expect(first).to_contain_text("Usual dose: 3 × 15, daily")

    # From the search box to the list by keyboard; Space chooses, the arrow keys move the choice.
    search.press("Tab")
    expect(page.get_by_role("button", name="Search")).to_be_focused()
    page.keyboard.press("Tab")
    expect(radios.first).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label("Reps", exact=True)).to_have_value("15")
    expect(page.get_by_label("Times a week", exact=True)).to_have_value("7")
    page.keyboard.press("ArrowDown")
    second = "Heel raises with a ball between your heels"
    expect(picker.get_by_role("radio", name=second)).to_be_checked()
    expect(page.get_by_label("Sets", exact=True)).to_have_value("3")
    expect(page.get_by_label("Reps", exact=True)).to_have_value("12")
    expect(page.get_by_label("Or hold (seconds)", exact=True)).to_have_value("")
    expect(page.get_by_label("Times a week", exact=True)).to_have_value("4")
    expect(page.locator("#dose-status")).to_have_text(f"The usual dose of {second}: change it as you need.")

    # The dose beside the list, in view without scrolling; the list in two columns.
    side, picker_box = page.locator(".prescribe-side").bounding_box(), page.locator(".picker").bounding_box()
    assert side["x"] > picker_box["x"] + picker_box["width"] - 1
    assert page.get_by_role("button", name="Prescribe").bounding_box()["y"] < 800
    options = page.locator(".picker-option")
    assert options.nth(1).bounding_box()["x"] > options.nth(0).bounding_box()["x"] + 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "prescribe-1280.png"))

    # Searching again keeps the choice; the dose stays editable.
    search.fill("trampoline")
    expect(page.locator("#picker-count")).to_have_text(
        re.compile("^No published exercise matches “trampoline”")
    )
    expect(picker.get_by_role("radio")).to_have_count(1)
    expect(picker.get_by_role("radio", name=second)).to_be_checked()
    page.get_by_label("Times a week", exact=True).fill("3")
    page.get_by_role("button", name="Prescribe").click()

    expect(page).to_have_url(f"{app_url}/clinic/patients/{runner.pk}/")
    expect(page.get_by_text(f"{second} prescribed.")).to_be_visible()
    expect(page.locator("ul.entries li").filter(has_text=second)).to_contain_text(
        f"{second}: 3 × 12, 3×/week"
    )
    stored = ExercisePrescription.objects.get(owner=runner)
    assert (stored.exercise.slug, stored.sets, stored.reps, stored.times_per_week) == (
        "heel-raises-with-ball",
        3,
        12,
        3,
    )


@pytest.mark.browser
def test_the_picker_works_without_javascript(browser, browser_context_args, app_url: str, runner):
    call_command("load_library", stdout=io.StringIO())
    physio, secret = linked_physio(runner)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in_with_totp(page, app_url, physio.email, secret)
        page.goto(f"{app_url}/clinic/patients/{runner.pk}/prescriptions/new/")
        # Enter in the search box reloads the page with the matches; it never sends the prescription.
        page.get_by_label("Find an exercise").fill("balance")
        page.get_by_label("Find an exercise").press("Enter")
        expect(page).to_have_url(re.compile(r"/prescriptions/new/\?q=balance$"))
        picker = page.get_by_role("group", name="Exercise")
        expect(picker.get_by_role("radio", name="Single-leg balance")).to_be_visible()
        expect(picker.get_by_role("radio", name="Towel curls")).to_have_count(0)
        assert not ExercisePrescription.objects.exists()

        # Sent with no exercise: the message is beside the list.
        page.get_by_role("button", name="Prescribe").click()
        expect(page.locator(".picker .error")).to_have_text("Choose an exercise from the library.")
        assert not ExercisePrescription.objects.exists()

        # Chosen, with the dose left empty: the usual dose is stored.
        picker.get_by_role("radio", name="Single-leg balance").check()
        page.get_by_role("button", name="Prescribe").click()
        expect(page.get_by_text("Single-leg balance prescribed.")).to_be_visible()
        stored = ExercisePrescription.objects.get(owner=runner)
        assert (stored.sets, stored.reps, stored.hold_s, stored.times_per_week) == (3, None, 30, 7)
    finally:
        context.close()
