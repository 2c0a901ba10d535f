"""Lighthouse (mobile) on Today, signed in with a few weeks of journal, and on a public condition page:
every category (performance, accessibility, best practices, SEO) scores at least 0.95."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import reverse
from playwright.sync_api import BrowserType

from injuries.models import Condition, Exercise
from journal.entries import services
from journal.models import owner_today
from tests.browser import lighthouse
from tests.factories import make_checkin, make_completion, make_run, make_shoe

CONDITION_SLUG = "lateral-ankle-sprain"
# Static files neither page uses; collecting them (the API docs' bundles above all) takes seconds.
NOT_ON_THESE_PAGES = ["admin", "drf_spectacular_sidecar", "rest_framework"]


@pytest.fixture
def production_server(settings, tmp_path, transactional_db):
    """The app served as in production: static files collected with hashed names and compressed, and
    served by WhiteNoise in the middleware. pytest-django's `live_server` answers /static/ with Django's
    development handler instead, uncompressed, which is not what a phone downloads."""
    # The suite runs with DEBUG=1 in the environment, but pytest-django answers requests with DEBUG
    # off, as production does: no debug pages or development scripts reach Lighthouse.
    assert not settings.DEBUG
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=NOT_ON_THESE_PAGES)
    # WhiteNoiseMiddleware reads STATIC_ROOT when the server builds its handler, so only now.
    thread = LiveServerThread("localhost", static_handler=lambda app: app)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


@pytest.fixture
def chromium_for_lighthouse(browser_type: BrowserType, tmp_path):
    problem = lighthouse.missing_tools()
    if problem:
        pytest.fail(problem)
    with lighthouse.debuggable_chromium(browser_type, tmp_path / "profile") as (context, port):
        yield context, port


@pytest.fixture
def journal(runner):
    """Four weeks of a runner getting over a right ankle sprain: runs three times a week on one shoe,
    a morning check-in most days, the rehab exercises, and the injury itself."""
    call_command("load_library", verbosity=0)
    today = owner_today(runner)
    shoe = make_shoe(runner, name="Blue daily trainers", brand_model="Asics Novablast 4")
    services.episode_record(
        owner=runner,
        label="Rolled right ankle",
        condition=Condition.objects.get(slug=CONDITION_SLUG),
        side="right",
        onset_date=today - timedelta(days=24),
        onset="sudden",
        status="recovering",
    )
    exercise = Exercise.objects.filter(is_published=True, conditions__slug=CONDITION_SLUG).first()
    for days_ago in range(27, 0, -1):
        day = today - timedelta(days=days_ago)
        pain = 1 if days_ago < 10 else 3
        if days_ago % 7 != 3:
            make_checkin(runner, day=day, pain_now=pain, side="right", pain_waking=pain)
        if day.weekday() in (1, 3, 6) and not 17 <= days_ago <= 24:
            make_run(runner, day=day, distance_m=5000 + 250 * (27 - days_ago), shoe=shoe, pain_during=pain)
        if days_ago <= 20 and days_ago % 2 == 0:
            make_completion(runner, day=day, exercise=exercise)
    make_checkin(runner, day=today, pain_now=1, side="right", pain_waking=1)
    return runner


def session_key(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


@pytest.mark.browser
@pytest.mark.alone
def test_today_and_a_condition_page_score_at_least_0_95_in_every_lighthouse_category(
    production_server, chromium_for_lighthouse, journal, tmp_path
):
    context, port = chromium_for_lighthouse
    condition_url = f"{production_server}{reverse('injuries:condition', args=[CONDITION_SLUG])}"
    today_url = f"{production_server}{reverse('journal:today')}"

    # The condition page as the public (and a search engine) sees it, then Today signed in.
    condition = lighthouse.measure(condition_url, port=port, reports=tmp_path, name="condition")
    session = {"name": django_settings.SESSION_COOKIE_NAME, "value": session_key(journal)}
    context.add_cookies([{**session, "url": production_server}])
    today = lighthouse.measure(today_url, port=port, reports=tmp_path, name="today")
    print(f"Today: {lighthouse.scores(today)}\nCondition page: {lighthouse.scores(condition)}")

    problems = lighthouse.shortfalls(today) + lighthouse.shortfalls(condition)
    assert problems == [], f"Reports in {tmp_path}\n" + "\n".join(problems)
