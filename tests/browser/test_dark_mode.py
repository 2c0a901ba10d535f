"""Dark mode follows the device: the colours a person reads keep WCAG AA contrast, in dark and in light."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from playwright.sync_api import Page, expect

from injuries.models import Condition
from journal.models import CareLink
from tests.browser.conftest import SHOTS, sign_in
from tests.browser.test_accessibility import blocking_violations, journal  # noqa: F401 - a fixture
from tests.browser.test_clinic_flow import sign_in_with_totp
from tests.factories import make_user

TEXT = 4.5  # WCAG 2.2 AA, 1.4.3: text
BOUNDARY = 3.0  # WCAG 2.2 AA, 1.4.11: the edges of controls and the marks that carry meaning

SEVERITIES = ["info", "caution", "stop", "see_professional", "urgent"]

# The colour an element's text is drawn in, and the first opaque background behind it.
COLOURS_JS = """
([selector, property]) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const style = getComputedStyle(element);
  let behind = element;
  while (behind && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(behind).backgroundColor)) {
    behind = behind.parentElement;
  }
  const background = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
  return [style[property], background];
}
"""


def rgb(css: str) -> tuple[int, int, int]:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return red, green, blue


def relative_luminance(colour: tuple[int, int, int]) -> float:
    # WCAG 2.x: each sRGB channel linearised, then weighted for the eye's sensitivity.
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(rgb(one)), relative_luminance(rgb(other))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast_ratio("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("rgb(20, 33, 43)", "rgb(20, 33, 43)") == 1


def measure(page: Page, selector: str, property: str = "color") -> tuple[float, str, str]:
    colours = page.evaluate(COLOURS_JS, [selector, property])
    assert colours is not None, f"{selector} is not on {page.url}"
    foreground, background = colours
    return contrast_ratio(foreground, background), foreground, background


def low_contrast(page: Page, checks: list[tuple[str, str, float]]) -> list[str]:
    problems = []
    for selector, property, minimum in checks:
        ratio, foreground, background = measure(page, selector, property)
        if ratio < minimum:
            problems.append(
                f"{page.url} {selector} {property} {foreground} on {background}: {ratio:.2f} < {minimum}"
            )
    return problems


def show_every_flag_severity(page: Page) -> None:
    # The journal raises an urgent flag; copies of its card show how each other severity is drawn.
    page.evaluate(
        """(severities) => {
          const card = document.querySelector("details.flag");
          for (const severity of severities) {
            const copy = card.cloneNode(true);
            copy.removeAttribute("id");
            copy.className = `flag flag-${severity} severity-sample`;
            copy.dataset.severity = severity;
            card.parentElement.append(copy);
          }
        }""",
        SEVERITIES,
    )


def show_sync_badge(page: Page) -> None:
    # One entry the server refused waits on the device (it is never re-sent by itself), so the
    # header shows "1 waiting to sync" after a reload.
    page.evaluate(
        """() => {
          const item = {id: crypto.randomUUID(), account: document.body.dataset.account, kind: "checkin",
                        summary: "Check-in", data: {}};
          return FootnoteQueue.add(item).then(() => FootnoteQueue.put({...item, status: "rejected"}));
        }"""
    )
    page.reload()
    expect(page.locator("#pending-count")).to_have_text("1 waiting to sync")


TODAY_CHECKS = [
    ("body", "color", TEXT),
    ("#pending-count", "color", TEXT),
    (".top .brand", "color", TEXT),
    (".top .who", "color", TEXT),
    ("#dashboard .banner[role=alert]", "color", TEXT),
    (".card", "color", TEXT),
    (".card h2", "color", TEXT),
    (".card .help, .card .small", "color", TEXT),
    ("main a:not(.button)", "color", TEXT),
    ("button.primary", "color", TEXT),
    ("button:not(.primary):not(.danger)", "color", TEXT),
    ("button:not(.primary):not(.danger)", "borderTopColor", BOUNDARY),
    ("input[type=number], input[type=text], input[type=date]", "borderTopColor", BOUNDARY),
    (".tabs a:not([aria-current])", "color", TEXT),
    (".tabs a[aria-current]", "color", TEXT),
    *(
        check
        for severity in SEVERITIES
        for check in (
            (f"details.flag-{severity}.severity-sample summary", "color", TEXT),
            (f"details.flag-{severity}.severity-sample .sev", "color", TEXT),
            (f"details.flag-{severity}.severity-sample", "borderLeftColor", BOUNDARY),
        )
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_today_keeps_aa_contrast(signed_in_page: Page, app_url: str, journal, scheme):  # noqa: F811
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{app_url}/today/")
    show_sync_badge(page)
    expect(page.locator("#dashboard .banner[role=alert]")).to_be_visible()
    show_every_flag_severity(page)

    body_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    if scheme == "dark":
        assert relative_luminance(rgb(body_background)) < 0.05, f"the page is not dark: {body_background}"
    else:
        assert relative_luminance(rgb(body_background)) > 0.8, f"the page is not light: {body_background}"
    page.screenshot(path=str(SHOTS / f"today-360-{scheme}.png"), full_page=True)

    problems = low_contrast(page, TODAY_CHECKS)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_dark_pages_keep_aa_contrast_and_pass_axe(page: Page, new_context, app_url: str, journal):  # noqa: F811
    condition = Condition.objects.filter(is_published=True).order_by("slug").first()
    assert condition is not None
    page.emulate_media(color_scheme="dark")
    sign_in(page, app_url, journal.email)
    problems = []
    for path in ("/today/", "/history/", "/report/", reverse("injuries:condition", args=[condition.slug])):
        page.goto(f"{app_url}{path}")
        problems += low_contrast(
            page,
            [("body", "color", TEXT), ("h1", "color", TEXT), ("main a, .report a", "color", TEXT)],
        )
        problems += blocking_violations(page)

    page.goto(f"{app_url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).not_to_have_url(re.compile(r"/logout/"))
    for path in ("/accounts/login/", "/accounts/signup/"):
        page.goto(f"{app_url}{path}")
        problems += low_contrast(page, [("body", "color", TEXT), ("button.primary", "color", TEXT)])
        problems += blocking_violations(page)

    physio = make_user("pat.physio@example.com", name="Pat Physio", role="physio")
    secret = generate_totp_secret()
    TOTP.activate(physio, secret)
    CareLink.objects.create(runner=journal, physio=physio, via="invite")
    clinic = new_context().new_page()
    clinic.emulate_media(color_scheme="dark")
    sign_in_with_totp(clinic, app_url, physio.email, secret)
    for path in (reverse("clinic:triage"), reverse("clinic:patient", args=[journal.pk])):
        clinic.goto(f"{app_url}{path}")
        problems += low_contrast(clinic, [("body", "color", TEXT), (".card", "color", TEXT)])
        problems += blocking_violations(clinic)
    clinic.goto(f"{app_url}{reverse('clinic:triage')}")
    problems += low_contrast(
        clinic, [(".triage-row .tag", "color", TEXT), (".triage-row h2 a", "color", TEXT)]
    )

    assert problems == [], "\n".join(problems)
