"""The account pages (django-allauth's) look like the rest of Footnote and speak in sentence case; the
sign-up asks physiotherapists' questions only of physiotherapists and says how health data is kept."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, totp_code

EMAIL = "nina.new@example.com"

# Two or more capitalised words in a row ("Sign In", "Two-Factor Authentication"); names are allowed.
TITLE_CASE = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")
NAMES = {"Footnote", "Rita Runner", "Nina New"}

# What a person reads as a heading or presses as a button on each page.
# Tags ("Verified", "Primary") are read one by one: side by side they are not a phrase.
WORDING_JS = """() => [...document.querySelectorAll(
  "title, h1, h2, h3, legend, label, button, a.button, input[type=submit], summary, .tag"
)].map(element => {
  if (element.tagName === "INPUT") return element.value;
  const copy = element.cloneNode(true);
  if (!copy.matches(".tag")) copy.querySelectorAll(".tag").forEach(tag => tag.remove());
  return copy.textContent.replace(/\\s+/g, " ").trim();
}).filter(Boolean)"""

SIGNED_OUT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/0-bad-key/",  # a used or mistyped reset link
    "/accounts/confirm-email/",  # "check your email" after signing up
    "/accounts/confirm-email/no-such-key/",
]
SIGNED_IN_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]
TWO_FACTOR_PAGES = [
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
]


def title_case_in(page: Page) -> list[str]:
    found = []
    for text in page.evaluate(WORDING_JS):
        for match in TITLE_CASE.findall(text):
            if match not in NAMES and not any(match in name or name in match for name in NAMES):
                found.append(f"{page.url}: {text!r}")
    return found


def check_page(page: Page) -> list[str]:
    """The app's own layout (header, stylesheet, one h1 in main) and no Title Case."""
    expect(page.locator("header.top .brand")).to_have_text("Footnote")
    expect(page.locator('link[rel=stylesheet][href*="css/app"]')).to_have_count(1)
    expect(page.locator("main#main h1")).to_have_count(1)
    return title_case_in(page)


@pytest.mark.browser
def test_the_account_pages_use_the_app_layout_in_sentence_case(page: Page, app_url: str, runner):
    problems = []
    for path in SIGNED_OUT_PAGES:
        page.goto(f"{app_url}{path}")
        problems += check_page(page)

    sign_in(page, app_url, runner.email)
    for path in SIGNED_IN_PAGES:
        page.goto(f"{app_url}{path}")
        problems += check_page(page)

    # Two-factor: activate an authenticator app, then its recovery codes and the sign-in step.
    page.goto(f"{app_url}/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        # allauth asks for the password again before a security change, unless it was just given.
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    problems += check_page(page)
    expect(page.locator("main img.qr")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    for path in TWO_FACTOR_PAGES:
        page.goto(f"{app_url}{path}")
        problems += check_page(page)

    page.goto(f"{app_url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).not_to_have_url(re.compile(r"/logout/"))
    page.goto(f"{app_url}/accounts/login/")
    page.locator("input[name=login]").fill(runner.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{app_url}/accounts/2fa/authenticate/")
    problems += check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")

    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_practice_fields_show_only_for_a_physiotherapist(page: Page, app_url: str):
    page.goto(f"{app_url}/accounts/signup/")
    practice = page.get_by_label("Practice (physiotherapists)")
    registration = page.get_by_label("Registration number (physiotherapists)")
    expect(page.get_by_role("radio", name="Runner")).to_be_checked()
    expect(practice).to_be_hidden()
    expect(registration).to_be_hidden()
    expect(page.get_by_text("Only physiotherapists fill these in")).to_be_hidden()

    # By keyboard: the arrow keys move through the role radios, as in any radio group.
    page.get_by_role("radio", name="Runner").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Physiotherapist")).to_be_checked()
    expect(practice).to_be_visible()
    expect(registration).to_be_visible()
    expect(practice).to_be_enabled()
    page.keyboard.press("Tab")
    expect(practice).to_be_focused()
    practice.fill("Riverside Physio")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("radio", name="Runner")).to_be_checked()
    expect(practice).to_be_hidden()
    expect(practice).to_be_disabled()  # so a runner sends no practice

    # How health data is kept, in plain words, before anyone signs up.
    note = page.get_by_role("region", name="Your health data")
    expect(note).to_contain_text("A physiotherapist sees it only after you link them")
    expect(note).to_contain_text("it is logged")
    expect(note).to_contain_text("export all of it, or delete your account")


@pytest.mark.browser
def test_without_javascript_the_practice_fields_show_with_a_note(new_context, app_url: str):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{app_url}/accounts/signup/")
    expect(page.get_by_label("Practice (physiotherapists)")).to_be_visible()
    expect(page.get_by_label("Registration number (physiotherapists)")).to_be_visible()
    expect(page.get_by_text("Only physiotherapists fill these in; runners leave them blank.")).to_be_visible()


@pytest.mark.browser
def test_the_welcome_names_the_runner_as_they_gave_it(page: Page, app_url: str):
    page.goto(f"{app_url}/accounts/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_label("Your name").fill("Nina New")
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page).to_have_url(f"{app_url}/accounts/confirm-email/")
    (message,) = mail.outbox
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(f"{app_url}{confirm_path}")
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"{app_url}/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{app_url}/today/")
    welcome = page.locator(".messages")
    expect(welcome).to_contain_text("Signed in as Nina New.")
    expect(welcome).not_to_contain_text("nina.new")
