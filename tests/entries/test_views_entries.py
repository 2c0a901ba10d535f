import uuid
from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, Run
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def run_data(**overrides):
    data = {
        "date": TODAY.isoformat(),
        "distance": "5",
        "duration": "30:00",
        "surface": "road",
        "pain_during": "0",
    }
    return {**data, **overrides}


def checkin_data(**overrides):
    data = {"date": TODAY.isoformat(), "side": "right", "pain_now": "3", "swelling": "none"}
    return {**data, **overrides}


def test_today_shows_both_forms_with_the_default_shoe(runner_client, runner):
    make_shoe(runner, name="Old pair")
    make_shoe(runner, name="Trusty pair", is_default=True)
    response = runner_client.get(reverse("journal:today"))
    html = response.content.decode()
    assert "How is it today?" in html and "Log a run" in html
    assert "Distance (km)" in html
    trusty = response.context["run_form"].fields["shoe"].initial
    assert trusty.name == "Trusty pair"


def test_run_form_in_miles_stores_metres(mile_client, mile_runner):
    response = mile_client.post(reverse("journal:entry_create", args=["run"]), run_data(distance="3.1"))
    assert response.status_code == 302
    run = Run.objects.get(owner=mile_runner)
    assert run.distance_m == 4989
    assert run.duration_s == 1800


def test_run_form_accepts_pace_instead_of_time(runner_client, runner):
    runner_client.post(
        reverse("journal:entry_create", args=["run"]), run_data(duration="", pace="5:30", distance="10")
    )
    assert Run.objects.get().duration_s == 3300


@pytest.mark.parametrize(
    ("pace", "distance", "seconds"),
    [
        ("5:01", "2.5", 753),  # 752.5: the half goes up (Python's round would give 752)
        ("5:03", "2.5", 758),  # 757.5
        ("5:01", "2.49", 749),  # 749.49: just under a half goes down
        ("5:01", "2.51", 756),  # 755.51: just over goes up
        ("2:05", "4.02", 503),  # 502.5, where a float product is 502.4999...
    ],
)
def test_run_form_rounds_a_half_second_of_pace_up(runner_client, runner, pace, distance, seconds):
    runner_client.post(
        reverse("journal:entry_create", args=["run"]), run_data(duration="", pace=pace, distance=distance)
    )
    assert Run.objects.get().duration_s == seconds


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"distance": "0"}, "distance", "Distance must be more than zero."),
        ({"distance": "-4"}, "distance", "Distance must be more than zero."),
        ({"distance": "301"}, "distance", "over 300 km"),
        ({"distance": "42", "duration": "1:20:00"}, "duration", "faster than 2 minutes per km"),
        ({"pain_during": "11"}, "pain_during", "Pain is a number from 0"),
        ({"pain_during": "-1"}, "pain_during", "Pain is a number from 0"),
        ({"date": (TODAY + timedelta(days=1)).isoformat()}, "date", "in the future"),
        ({"duration": "", "pace": ""}, "duration", "Give the run's time or its pace."),
        ({"duration": "ten minutes"}, "duration", "Use minutes"),
        ({"distance": ""}, "distance", "This field is required."),
        ({"effort": "11"}, "effort", "less than or equal to 10"),
    ],
)
def test_run_form_bad_input_shows_the_message_beside_the_field(runner_client, overrides, field, message):
    response = runner_client.post(reverse("journal:entry_create", args=["run"]), run_data(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    # The rest of what the runner typed is kept.
    assert response.context["form"]["surface"].value() == "road"
    assert Run.objects.count() == 0


def test_run_form_refuses_another_runners_shoe(runner_client, other_runner):
    shoe = make_shoe(other_runner)
    response = runner_client.post(reverse("journal:entry_create", args=["run"]), run_data(shoe=str(shoe.pk)))
    assert response.context["form"].errors["shoe"] == ["Choose one of your own shoes."]
    assert Run.objects.count() == 0


def test_run_form_htmx_re_renders_in_place(runner_client):
    url = reverse("journal:entry_create", args=["run"])
    bad = runner_client.post(url, run_data(distance="0"), HTTP_HX_REQUEST="true")
    assert bad.status_code == 200
    html = bad.content.decode()
    assert html.lstrip().startswith('<form id="run-form"') and "<html" not in html
    assert "Distance must be more than zero." in html
    good = runner_client.post(url, run_data(), HTTP_HX_REQUEST="true")
    assert "Run saved." in good.content.decode()
    assert good["HX-Trigger"] == "journal-changed"
    assert Run.objects.count() == 1


def test_a_double_submitted_form_stores_one_entry(runner_client):
    data = run_data(entry_id=str(uuid.uuid4()))
    url = reverse("journal:entry_create", args=["run"])
    runner_client.post(url, data)
    runner_client.post(url, data)
    assert Run.objects.count() == 1


def test_checkin_form_stores_everything(runner_client, runner):
    data = checkin_data(
        pain_waking="5",
        locations=["inner_ankle", "arch"],
        pain_kinds=["dull_ache"],
        swelling="mild",
        cannot_walk="on",
        bone_tenderness=["navicular"],
        fever="on",
        heel_raises_ok="false",
    )
    response = runner_client.post(reverse("journal:entry_create", args=["checkin"]), data)
    assert response.status_code == 302
    checkin = Checkin.objects.get(owner=runner)
    assert checkin.locations == ["inner_ankle", "arch"]
    assert checkin.can_walk_four_steps is False
    assert checkin.bone_tenderness == ["navicular"]
    assert (checkin.fever, checkin.heel_raises_ok, checkin.hop_ok, checkin.pain_waking) == (
        True,
        False,
        None,
        5,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pain_now": "11"}, "pain_now", "Pain is a number from 0"),
        ({"pain_waking": "-2"}, "pain_waking", "Pain is a number from 0"),
        ({"side": ""}, "side", "This field is required."),
        ({"date": (TODAY + timedelta(days=3)).isoformat()}, "date", "in the future"),
        ({"locations": ["knee"]}, "locations", "Select a valid choice"),
    ],
)
def test_checkin_form_bad_input(runner_client, overrides, field, message):
    response = runner_client.post(
        reverse("journal:entry_create", args=["checkin"]), checkin_data(**overrides)
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert Checkin.objects.count() == 0


def test_a_second_checkin_for_the_same_day_and_side_is_stored_beside_the_first(runner_client, runner):
    make_checkin(runner, day=TODAY, side="right", pain_now=1, time=time(7, 0))
    response = runner_client.post(
        reverse("journal:entry_create", args=["checkin"]), checkin_data(pain_now="6", time="11:45")
    )
    assert response.status_code == 302
    stored = list(Checkin.objects.filter(date=TODAY, side="right").values_list("time", "pain_now"))
    assert stored == [(time(11, 45), 6), (time(7, 0), 1)]


def test_a_checkin_form_left_blank_stores_pain_as_not_given(runner_client, runner):
    form = runner_client.get(reverse("journal:today")).context["checkin_form"]
    assert form["pain_now"].value() is None and form["pain_waking"].value() is None
    runner_client.post(reverse("journal:entry_create", args=["checkin"]), checkin_data(pain_now=""))
    assert Checkin.objects.get().pain_now is None
    html = runner_client.get(reverse("journal:history")).content.decode()
    assert "pain not given" in html and "pain 0/10" not in html


def test_a_run_form_left_blank_stores_pain_during_as_not_given(runner_client, runner):
    form = runner_client.get(reverse("journal:today")).context["run_form"]
    assert form["pain_during"].value() is None
    runner_client.post(reverse("journal:entry_create", args=["run"]), run_data(pain_during=""))
    assert Run.objects.get().pain_during is None
    html = runner_client.get(reverse("journal:history")).content.decode()
    assert "pain not given" in html


def test_checkin_htmx_partial(runner_client):
    response = runner_client.post(
        reverse("journal:entry_create", args=["checkin"]), checkin_data(), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="checkin-form"')
    assert "Check-in saved." in html
    # A fresh form (and a fresh id) replaces the saved one.
    assert response.context["form"].initial["entry_id"] != Checkin.objects.get().pk


def test_exercise_completion_from_the_library(runner_client, runner):
    exercise = make_exercise()
    url = reverse("journal:entry_create", args=["exercise"])
    data = {
        "date": TODAY.isoformat(),
        "exercise": exercise.slug,
        "sets_done": "3",
        "reps_done": "10",
        "pain_during": "2",
    }
    response = runner_client.post(url, data, HTTP_HX_REQUEST="true")
    assert "Exercise saved." in response.content.decode()
    completion = ExerciseCompletion.objects.get(owner=runner)
    assert (completion.sets_done, completion.reps_done, completion.pain_during) == (3, 10, 2)
    bad = runner_client.post(url, {**data, "pain_during": "12", "exercise": "999999"})
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert errors["exercise"] == ["Choose an exercise from the library."]
    assert "Pain is a number from 0" in errors["pain_during"][0]
    assert ExerciseCompletion.objects.count() == 1


def test_injury_episode_form(runner_client, runner):
    url = reverse("journal:entry_create", args=["injury"])
    data = {
        "label": "Sore arch",
        "side": "left",
        "onset_date": TODAY.isoformat(),
        "onset": "gradual",
        "status": "active",
    }
    assert runner_client.post(url, data).status_code == 302
    assert InjuryEpisode.objects.get(owner=runner).label == "Sore arch"
    bad = runner_client.post(url, {**data, "label": "", "onset_date": "2030-01-01"})
    assert "Name the injury" in bad.content.decode()
    assert InjuryEpisode.objects.count() == 1


def test_log_page_switches_forms_with_htmx(runner_client):
    full = runner_client.get(reverse("journal:log") + "?what=exercise")
    assert "Exercise done" in full.content.decode()
    partial = runner_client.get(reverse("journal:log") + "?what=run", HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="log-form">') and "Log a run" in html and "<nav" not in html


def test_edit_a_run_keeps_its_unit_and_saves(mile_client, mile_runner):
    run = make_run(mile_runner, day=TODAY, distance_m=8047, duration_s=2700)
    url = reverse("journal:entry_edit", args=["run", run.pk])
    page = mile_client.get(url)
    assert page.context["form"]["distance"].value() == 5.0
    assert page.context["form"]["duration"].value() == "45:00"
    response = mile_client.post(url, run_data(distance="6", duration="50:00"))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.distance_m, run.duration_s) == (9656, 3000)


def test_edit_with_bad_input_changes_nothing(runner_client, runner):
    run = make_run(runner, day=TODAY, distance_m=5000)
    response = runner_client.post(reverse("journal:entry_edit", args=["run", run.pk]), run_data(distance="0"))
    assert response.status_code == 400
    run.refresh_from_db()
    assert run.distance_m == 5000


def test_delete_asks_first_then_deletes(runner_client, runner):
    checkin = make_checkin(runner, day=TODAY)
    url = reverse("journal:entry_delete", args=["checkin", checkin.pk])
    confirm = runner_client.get(url)
    assert "Delete this check-in?" in confirm.content.decode()
    assert Checkin.objects.count() == 1
    runner_client.post(url)
    assert Checkin.objects.count() == 0


@pytest.fixture
def others_entries(other_runner):
    return {
        "run": make_run(other_runner, day=TODAY),
        "checkin": make_checkin(other_runner, day=TODAY),
        "exercise": make_completion(other_runner, day=TODAY),
        "injury": __import__("journal.entries.services", fromlist=["x"]).episode_record(
            owner=other_runner, label="Theirs", side="left", onset_date=TODAY
        ),
    }


@pytest.mark.parametrize("kind", ["run", "checkin", "exercise", "injury"])
@pytest.mark.parametrize("view", ["journal:entry_edit", "journal:entry_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_entry_is_a_404(runner_client, others_entries, kind, view, method):
    entry = others_entries[kind]
    response = getattr(runner_client, method)(reverse(view, args=[kind, entry.pk]))
    assert response.status_code == 404
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_an_unknown_kind_is_a_404(runner_client):
    assert runner_client.post(reverse("journal:entry_create", args=["banana"])).status_code == 404


def test_today_lists_todays_checkins_and_runs_with_edit_and_add_another(runner_client, runner):
    morning = make_checkin(runner, day=TODAY, side="right", pain_now=2, time=time(7, 15))
    later = make_checkin(runner, day=TODAY, side="right", pain_now=None, time=time(11, 40))
    run = make_run(runner, day=TODAY, distance_m=5000, pain_during=1)
    make_checkin(runner, day=TODAY - timedelta(days=1), side="left", pain_now=6)
    html = runner_client.get(reverse("journal:today")).content.decode()
    so_far = html[html.index('id="today-so-far"') : html.index('id="checkin-form"')]
    assert so_far.index("11:40") < so_far.index("07:15")
    assert "pain not given" in so_far and "pain 2/10" in so_far and "pain 6/10" not in so_far
    for kind, entry in (("checkin", morning), ("checkin", later), ("run", run)):
        assert reverse("journal:entry_edit", args=[kind, entry.pk]) in so_far
    assert "Add another check-in" in so_far
    assert "Add another check-in</h2>" in html


def test_the_shoes_page_lists_the_default_first_then_by_name_and_retired_ones_last(runner_client, runner):
    from journal.entries import services

    # Made in an order unlike the page's, so an unordered read would show.
    for name in ("Zoom", "Alpha", "Mid"):
        make_shoe(runner, name=name)
    services.shoe_set_default(shoe=make_shoe(runner, name="Trail"))
    services.shoe_retire(shoe=make_shoe(runner, name="Aardvark"), on=date(2026, 1, 1))
    html = runner_client.get(reverse("journal:shoes")).content.decode()
    positions = [html.index(f"<h3>{name}") for name in ("Trail", "Alpha", "Mid", "Zoom", "Aardvark")]
    assert positions == sorted(positions)
