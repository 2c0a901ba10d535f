"""Pain by tap: a 0–10 question is eleven radio buttons; nothing ticked is "not given", never 0."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from journal.entries.forms.checkins import CheckinForm
from journal.models import Checkin, ExerciseCompletion, ExercisePrescription, Run
from tests.factories import make_checkin, make_exercise

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="(\d+)"[^>]*>', html)


def checked(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="(\d+)"[^>]* checked', html)


def test_today_asks_each_pain_question_as_eleven_radio_buttons_none_ticked(runner_client):
    html = runner_client.get(reverse("journal:today")).content.decode()
    for name in ("pain_now", "pain_waking", "pain_during"):
        assert radios(html, name) == [str(n) for n in range(11)]
        assert checked(html, name) == []
    assert 'type="number" name="pain' not in html
    assert "<legend>Pain now (0–10)</legend>" in html
    assert "<span>0 no pain</span><span>5 moderate</span><span>10 worst imaginable</span>" in html
    assert html.count('class="pain-clear"') == 3


def test_an_answer_is_shown_ticked_and_a_required_scale_has_no_clear(runner, runner_client):
    form = CheckinForm({"pain_now": "7", "side": "left"}, owner=runner)
    html = str(form["pain_now"])
    assert checked(html, "pain_now") == ["7"]
    assert 'aria-label="Clear: Pain now (0–10)"' in html
    # An exercise's pain is always answered (0 to begin with), so it cannot be cleared.
    log = runner_client.get(reverse("journal:log") + "?what=exercise").content.decode()
    assert checked(log, "pain_during") == ["0"] and "pain-clear" not in log


def test_a_check_in_with_no_pain_ticked_stores_not_given(runner_client, runner):
    # An unticked radio group is left out of the post altogether.
    data = {"date": TODAY.isoformat(), "side": "right", "swelling": "none"}
    response = runner_client.post(reverse("journal:entry_create", args=["checkin"]), data)
    assert response.status_code == 302
    stored = Checkin.objects.get(owner=runner)
    assert (stored.pain_now, stored.pain_waking) == (None, None)


def test_clearing_the_pain_of_a_saved_check_in_stores_not_given(runner_client, runner):
    checkin = make_checkin(runner, day=TODAY, side="right", pain_now=4)
    data = {"date": TODAY.isoformat(), "time": "08:00", "side": "right", "swelling": "none"}
    response = runner_client.post(reverse("journal:entry_edit", args=["checkin", checkin.pk]), data)
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.pain_now is None


@pytest.mark.parametrize("pain", ["11", "-1", "three"])
def test_a_pain_off_the_scale_is_refused_beside_the_question(runner_client, runner, pain):
    data = {"date": TODAY.isoformat(), "distance": "5", "duration": "30:00", "surface": "road"}
    response = runner_client.post(
        reverse("journal:entry_create", args=["run"]), {**data, "pain_during": pain}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["pain_during"]
    assert '<div class="field has-error">' in response.content.decode()
    assert not Run.objects.exists()


def test_the_warning_signs_stay_open_when_a_refused_check_in_comes_back(runner_client):
    # No side: refused. The red-flag answer given must not be folded away.
    data = {"date": TODAY.isoformat(), "pain_now": "6", "swelling": "none", "cannot_walk": "on"}
    response = runner_client.post(reverse("journal:entry_create", args=["checkin"]), data)
    assert response.status_code == 400
    assert response.context["form"].open_sections == {"where": False, "warning_signs": True, "more": False}
    html = response.content.decode()
    assert '<details class="more warning-signs" open>' in html
    assert checked(html, "pain_now") == ["6"]


@pytest.mark.parametrize(
    ("data", "sections"),
    [
        ({}, {"where": False, "warning_signs": False, "more": False}),
        ({"locations": ["heel"]}, {"where": True, "warning_signs": False, "more": False}),
        ({"swelling": "mild"}, {"where": True, "warning_signs": False, "more": False}),
        ({"fever": "on"}, {"where": False, "warning_signs": True, "more": False}),
        ({"hop_ok": "false"}, {"where": False, "warning_signs": False, "more": True}),
        ({"notes": "Sore after hills"}, {"where": False, "warning_signs": False, "more": True}),
        ({"date": "not a date"}, {"where": False, "warning_signs": False, "more": True}),
    ],
)
def test_a_disclosure_opens_when_it_holds_an_answer_or_an_error(runner, data, sections):
    base = {"date": TODAY.isoformat(), "side": "left", "swelling": "none", "hop_ok": "unknown"}
    form = CheckinForm({**base, **data}, owner=runner)
    form.is_valid()
    assert form.open_sections == sections


def test_editing_a_check_in_shows_its_red_flag_answers(runner_client, runner):
    checkin = make_checkin(runner, day=TODAY, side="left", pain_now=5, can_walk_four_steps=False)
    html = runner_client.get(reverse("journal:entry_edit", args=["checkin", checkin.pk])).content.decode()
    assert '<details class="more warning-signs" open>' in html


def test_today_so_far_comes_before_the_forms_and_along_with_the_answer(runner_client, runner):
    make_checkin(runner, day=TODAY, side="right", pain_now=2)
    html = runner_client.get(reverse("journal:today")).content.decode()
    positions = [
        html.index(mark)
        for mark in ('id="dashboard"', 'id="today-so-far"', 'id="checkin-form"', 'id="trends"')
    ]
    assert positions == sorted(positions)
    # After a save or a sync "Can I run today?" is fetched again; today so far comes with it, out of band.
    answer = runner_client.get(reverse("journal:dashboard"), HTTP_HX_REQUEST="true")
    part = answer.content.decode()
    assert '<div id="today-so-far" hx-swap-oob="true">' in part and "pain 2/10" in part


def test_ticking_off_an_exercise_keeps_the_list_open(runner_client, runner):
    prescription = ExercisePrescription.objects.create(
        owner=runner,
        exercise=make_exercise(),
        sets=3,
        reps=15,
        times_per_week=2,
        starts_on=TODAY - timedelta(days=4),
    )
    html = runner_client.get(reverse("journal:trends"), HTTP_HX_REQUEST="true").content.decode()
    assert '<details class="card fold" id="todays-exercises">' in html
    assert checked(html, "pain_during") == ["0"]  # the exercise's scale starts at 0
    response = runner_client.post(
        reverse("journal:prescription_done", args=[prescription.pk]),
        {"pain_during": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert '<details class="card fold" id="todays-exercises" open>' in response.content.decode()
    assert ExerciseCompletion.objects.get(owner=runner).pain_during == 3
