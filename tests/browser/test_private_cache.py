"""Nothing of a journal stays on a device once the server stops showing it, in real Chromium.

A physiotherapist's view of a patient is never kept; a kept page that answers 404 or a redirect is
deleted; a session that ended deletes every kept page.
"""

from __future__ import annotations

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.sessions.models import Session
from playwright.sync_api import BrowserContext, BrowserType, Page, expect

from journal.clinic import services as clinic
from tests.browser.conftest import sign_in
from tests.browser.test_clinic_flow import sign_in_with_totp
from tests.browser.test_pwa import controlled
from tests.factories import make_checkin, make_run, make_user

KEPT_PAGES = """caches.has("footnote-pages").then(async (exists) => exists
    ? (await (await caches.open("footnote-pages")).keys()).map((r) => new URL(r.url).pathname)
    : [])"""


@pytest.fixture
def phone(browser_type: BrowserType, browser_type_launch_args, browser_context_args, tmp_path):
    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), **browser_type_launch_args, **browser_context_args
    )
    yield context
    context.close()


def offline_page_shown(page: Page) -> None:
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()


@pytest.mark.browser
def test_a_patient_page_is_gone_offline_once_the_runner_removes_access(
    phone: BrowserContext, app_url: str, runner
):
    make_checkin(runner, day=date(2026, 11, 19), pain_now=6)
    physio = make_user("physio@example.com", name="Phil Physio", role="physio")
    secret = generate_totp_secret()
    TOTP.activate(physio, secret)
    link = clinic.invite_accept(physio=physio, code=clinic.invite_create(runner=runner).code)

    page = phone.pages[0] if phone.pages else phone.new_page()
    sign_in_with_totp(page, app_url, physio.email, secret)
    patient_url = f"{app_url}/clinic/patients/{runner.pk}/"
    page.goto(patient_url)
    controlled(page)
    expect(page.get_by_role("heading", name="Rita Runner")).to_be_visible()
    assert not [path for path in page.evaluate(KEPT_PAGES) if path.startswith("/clinic/")]

    clinic.link_revoke(runner=runner, link_id=link.pk)
    phone.set_offline(True)
    page.goto(patient_url)
    offline_page_shown(page)
    expect(page.get_by_text("Rita Runner")).to_have_count(0)


@pytest.mark.browser
def test_a_kept_page_that_now_answers_404_is_deleted(phone: BrowserContext, app_url: str, runner):
    run = make_run(runner, day=date(2026, 11, 19), distance_m=8000, notes="Hill repeats by the river")
    page = phone.pages[0] if phone.pages else phone.new_page()
    sign_in(page, app_url, runner.email)
    edit_url = f"{app_url}/entries/run/{run.pk}/edit/"
    page.goto(edit_url)
    controlled(page)
    assert f"/entries/run/{run.pk}/edit/" in page.evaluate(KEPT_PAGES)

    run.delete()
    response = page.goto(edit_url)
    assert response is not None and response.status == 404
    assert f"/entries/run/{run.pk}/edit/" not in page.evaluate(KEPT_PAGES)
    phone.set_offline(True)
    page.goto(edit_url)
    offline_page_shown(page)
    expect(page.get_by_text("Hill repeats by the river")).to_have_count(0)


@pytest.mark.browser
def test_a_session_that_ended_deletes_every_kept_page(phone: BrowserContext, app_url: str, runner):
    make_checkin(runner, day=date(2026, 11, 19), pain_now=4, notes="Sore after the long run")
    page = phone.pages[0] if phone.pages else phone.new_page()
    sign_in(page, app_url, runner.email)
    controlled(page)
    page.goto(f"{app_url}/history/")
    assert {"/today/", "/history/"} <= set(page.evaluate(KEPT_PAGES))

    Session.objects.all().delete()  # the session expires on the server
    page.goto(f"{app_url}/today/")
    expect(page).to_have_url(f"{app_url}/accounts/login/?next=/today/")
    assert page.evaluate(KEPT_PAGES) == []
    phone.set_offline(True)
    page.goto(f"{app_url}/history/")
    offline_page_shown(page)
    expect(page.get_by_text("Sore after the long run")).to_have_count(0)
