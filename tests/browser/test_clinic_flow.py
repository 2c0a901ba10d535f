from __future__ import annotations

import io
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.management import call_command
from playwright.sync_api import Page, expect

from journal.models import AccessLog, CareLink
from tests.browser.conftest import open_disclosure, sign_in
from tests.factories import PASSWORD, make_checkin, make_user

PHYSIO_EMAIL = "pat.physio@example.com"
CALF = "Calf raises (both feet)"
EVERSION = "Banded eversion"


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now; near the end of a period, the next one.

    allauth accepts only the current period's code (MFA_TOTP_TOLERANCE is 0), so leave the browser
    ample time to submit it on a loaded machine.
    """
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 10:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in_with_totp(page: Page, app_url: str, email: str, secret: str) -> None:
    page.goto(f"{app_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{app_url}/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    # A physiotherapist's sign-in lands on the patient list.
    expect(page).to_have_url(f"{app_url}/clinic/")


def prescribe(page: Page, app_url: str, patient_id: int, exercise: str) -> None:
    page.goto(f"{app_url}/clinic/patients/{patient_id}/prescriptions/new/")
    page.get_by_label("Exercise", exact=True).select_option(label=exercise)
    page.get_by_label("Sets", exact=True).fill("3")
    page.get_by_label("Reps", exact=True).fill("15")
    page.get_by_label("Times a week", exact=True).fill("1")
    page.get_by_role("button", name="Prescribe").click()
    expect(page).to_have_url(f"{app_url}/clinic/patients/{patient_id}/")
    expect(page.get_by_text(f"{exercise} prescribed.")).to_be_visible()


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
