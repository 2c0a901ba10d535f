"""Today renders what its first screens show; the trends come on demand, and a save answers with the
form alone while "Can I run today?" brings today so far."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from journal.models import Checkin, ExercisePrescription
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)
TRENDS = reverse("journal:trends")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


@pytest.fixture
def journal(runner):
    shoe = make_shoe(runner, name="Old pair", start_distance_m=790_000, is_default=True)
    for days_ago in range(1, 30, 3):
        make_run(runner, day=TODAY - timedelta(days=days_ago), distance_m=8000, shoe=shoe, pain_during=1)
        make_checkin(runner, day=TODAY - timedelta(days=days_ago), pain_now=0)
    exercise = make_exercise()
    ExercisePrescription.objects.create(owner=runner, exercise=exercise, times_per_week=3, starts_on=TODAY)
    make_completion(runner, day=TODAY, exercise=exercise)
    return runner


def test_today_leaves_the_trends_out_and_fetches_them_when_scrolled_to(runner_client, journal):
    html = runner_client.get(reverse("journal:today")).content.decode()
    assert "Can I run today?" in html and 'id="checkin-form"' in html and 'id="run-form"' in html
    section = html[html.index('<section id="trends"') :]
    section = section[: section.index("</section>")]
    assert f'hx-get="{TRENDS}"' in section and 'hx-trigger="revealed, online from:window, retry"' in section
    # Without JavaScript, a link to the same part as a page.
    assert f'<a href="{TRENDS}">Show your trends</a>' in section
    assert "Your trends need a connection" in section
    for left_out in ("<figure", "Weekly distance, last 12 weeks", "Old pair: ", "Today's exercises"):
        assert left_out not in html


def test_the_trends_come_as_a_part_for_htmx_and_as_a_page_without_it(runner_client, journal):
    part = runner_client.get(TRENDS, HTTP_HX_REQUEST="true").content.decode()
    assert part.lstrip().startswith('<section id="trends"') and "<nav" not in part
    assert f'hx-get="{TRENDS}" hx-trigger="journal-changed from:body"' in part  # fresh after a save
    for shown in ("Weekly distance, last 12 weeks", "Old pair: ", "1 of 1 done"):
        assert shown in part
    assert part.count('<figure class="chart') == 2

    page = runner_client.get(TRENDS).content.decode()
    assert "<nav" in page and "<title>Your trends" in page and "Weekly distance, last 12 weeks" in page
    assert f'<a href="{reverse("journal:today")}">Back to Today</a>' in page


def test_signed_out_the_trends_ask_to_sign_in(client):
    for url in (reverse("journal:today"), TRENDS):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_trends_show_the_runners_own_journal_only(runner_client, journal, other_runner):
    make_shoe(other_runner, name="Otto's racers")
    html = runner_client.get(TRENDS).content.decode()
    assert "Old pair" in html and "Otto" not in html


def test_today_and_its_trends_stay_within_their_query_counts(
    runner_client, journal, django_assert_max_num_queries
):
    runner_client.get(reverse("journal:today"))  # flags as of today: the steady state
    # Session, user, recent check-ins, shoes, flags, injury, plan, today's runs (11 before the trends left).
    with django_assert_max_num_queries(8):
        assert runner_client.get(reverse("journal:today")).status_code == 200
    with django_assert_max_num_queries(9):
        assert runner_client.get(TRENDS, HTTP_HX_REQUEST="true").status_code == 200
    with django_assert_max_num_queries(7):
        assert runner_client.get(reverse("journal:dashboard"), HTTP_HX_REQUEST="true").status_code == 200


def test_a_check_in_saved_from_today_answers_with_the_form_and_the_answer_brings_today_so_far(
    runner_client, runner
):
    data = {"entry_id": str(uuid.uuid4()), "date": TODAY.isoformat(), "side": "left", "pain_now": "4"}
    data["swelling"] = "none"
    response = runner_client.post(
        reverse("journal:entry_create", args=["checkin"]),
        data,
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/today/",
    )
    html = response.content.decode()
    assert response["HX-Trigger"] == "journal-changed"
    assert html.lstrip().startswith('<form id="checkin-form"')
    assert 'role="status"' in html and "Check-in saved." in html and "Add another check-in" in html
    assert 'id="dashboard"' not in html and 'id="trends"' not in html and "<nav" not in html
    assert Checkin.objects.get(owner=runner).pain_now == 4

    # The page then asks for "Can I run today?" again, which brings today so far out of band.
    answer = runner_client.get(reverse("journal:dashboard"), HTTP_HX_REQUEST="true").content.decode()
    so_far = answer[answer.index('<div id="today-so-far" hx-swap-oob="true">') :]
    assert "Left: pain 4/10" in so_far


def test_an_exercise_ticked_off_without_javascript_returns_to_the_trends(runner_client, runner):
    exercise = make_exercise()
    prescription = ExercisePrescription.objects.create(
        owner=runner, exercise=exercise, times_per_week=3, starts_on=TODAY
    )
    response = runner_client.post(
        reverse("journal:prescription_done", args=[prescription.pk]), {"pain_during": "1"}
    )
    assert response.status_code == 302 and response["Location"] == TRENDS
    assert "1 of 1 done" in runner_client.get(TRENDS).content.decode()
