"""Bad input answers 400 with each field's messages and stores nothing."""

import pytest

from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, Profile, Run, Shoe
from tests.api.resources import EXERCISE_SLUG, day
from tests.factories import make_checkin, make_exercise, make_shoe

TOMORROW = day(-1).isoformat()


@pytest.fixture(autouse=True)
def exercise(db):
    return make_exercise(EXERCISE_SLUG)


def run_body(**overrides):
    return {"date": day(1).isoformat(), "distance_m": 8000, "duration_s": 2700, **overrides}


def assert_refused(response, field, message=None):
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert errors[field] and all(isinstance(m, str) for m in errors[field])
    if message is not None:
        assert any(message in m for m in errors[field]), errors[field]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"distance_m": 0}, "distance_m", None),
        ({"distance_m": 300_001}, "distance_m", None),
        ({"distance_m": 10_000, "duration_s": 1199}, "duration_s", "faster than 2 minutes per km"),
        ({"pain_during": 11}, "pain_during", None),
        ({"pain_during": -1}, "pain_during", None),
        ({"effort": 0}, "effort", None),
        ({"effort": 11}, "effort", None),
        ({"date": TOMORROW}, "date", "in the future"),
        ({"date": "20-11-2026"}, "date", None),
        ({"distance_m": "ten"}, "distance_m", None),
        ({"duration_s": "half an hour"}, "duration_s", None),
        ({"shoe": "not-a-uuid"}, "shoe", None),
        ({"surface": "lava"}, "surface", None),
    ],
)
def test_bad_run_is_400_on_the_field(api, runner, overrides, field, message):
    assert_refused(api.post("/api/v1/runs/", run_body(**overrides)), field, message)
    assert not Run.objects.exists()


def test_a_run_without_a_distance_is_400(api, runner):
    body = run_body()
    del body["distance_m"]
    assert_refused(api.post("/api/v1/runs/", body), "distance_m", "required")
    assert not Run.objects.exists()


def test_a_run_on_another_runners_shoe_is_400_your_own(api, runner, other_runner):
    theirs = make_shoe(other_runner, name="Their shoe")
    assert_refused(api.post("/api/v1/runs/", run_body(shoe=str(theirs.pk))), "shoe", "your own")
    assert not Run.objects.exists()


def test_moving_a_run_onto_another_runners_shoe_is_400(api, runner, other_runner):
    run_id = api.post("/api/v1/runs/", run_body()).json()["id"]
    theirs = make_shoe(other_runner, name="Their shoe")
    assert_refused(api.patch(f"/api/v1/runs/{run_id}/", {"shoe": str(theirs.pk)}), "shoe", "your own")
    assert Run.objects.get().shoe is None


def test_a_patch_that_breaks_the_pace_rule_is_400_and_keeps_the_run(api, runner):
    run_id = api.post("/api/v1/runs/", run_body()).json()["id"]
    assert_refused(api.patch(f"/api/v1/runs/{run_id}/", {"distance_m": 100_000}), "duration_s")
    assert Run.objects.get().distance_m == 8000


def test_today_is_the_runners_own_day(api, runner):
    # 12:00 UTC on 20 November is already 01:00 on the 21st in Auckland.
    assert api.patch("/api/v1/me/", {"time_zone": "Pacific/Auckland"}).status_code == 200
    assert api.post("/api/v1/runs/", run_body(date=TOMORROW)).status_code == 201
    assert_refused(api.post("/api/v1/runs/", run_body(date=day(-2).isoformat())), "date", "in the future")


def checkin_body(**overrides):
    return {"date": day(1).isoformat(), "side": "left", "pain_now": 3, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pain_now": 11}, "pain_now", None),
        ({"pain_now": -1}, "pain_now", None),
        ({"pain_waking": -1}, "pain_waking", None),
        ({"pain_waking": 11}, "pain_waking", None),
        ({"locations": ["moon"]}, "locations", None),
        ({"pain_kinds": ["itchy"]}, "pain_kinds", None),
        ({"bone_tenderness": ["kneecap"]}, "bone_tenderness", None),
        ({"swelling": "huge"}, "swelling", None),
        ({"side": "middle"}, "side", None),
        ({"date": TOMORROW}, "date", "in the future"),
        ({"can_walk_four_steps": "perhaps"}, "can_walk_four_steps", None),
    ],
)
def test_bad_checkin_is_400_on_the_field(api, runner, overrides, field, message):
    assert_refused(api.post("/api/v1/checkins/", checkin_body(**overrides)), field, message)
    assert not Checkin.objects.exists()


def test_a_checkin_without_a_side_is_400(api, runner):
    body = checkin_body()
    del body["side"]
    assert_refused(api.post("/api/v1/checkins/", body), "side")
    assert not Checkin.objects.exists()


def test_two_checkins_for_the_same_day_and_side_are_both_stored(api, runner):
    morning = api.post("/api/v1/checkins/", checkin_body(pain_now=1, time="07:30"))
    after_fall = api.post(
        "/api/v1/checkins/", checkin_body(pain_now=8, time="18:10", can_walk_four_steps=False)
    )
    assert morning.status_code == after_fall.status_code == 201
    assert morning.json()["id"] != after_fall.json()["id"]
    assert after_fall.json()["time"] == "18:10:00"
    listed = api.get("/api/v1/checkins/").json()["results"]
    assert [(c["time"], c["pain_now"]) for c in listed] == [("18:10:00", 8), ("07:30:00", 1)]


def test_a_checkin_or_run_without_a_pain_score_stores_null(api, runner):
    checkin = api.post("/api/v1/checkins/", {"date": day(1).isoformat(), "side": "left"})
    run = api.post("/api/v1/runs/", run_body())
    assert checkin.status_code == run.status_code == 201
    assert checkin.json()["pain_now"] is None and run.json()["pain_during"] is None
    assert Checkin.objects.get().pain_now is None
    assert Run.objects.get().pain_during is None


def test_another_runners_checkin_on_the_same_day_and_side_does_not_block_yours(api, runner, other_runner):
    make_checkin(other_runner, day=day(1), side="left")
    assert api.post("/api/v1/checkins/", checkin_body()).status_code == 201


def test_moving_a_checkin_onto_a_day_that_has_one_keeps_both(api, runner):
    make_checkin(runner, day=day(1), side="left")
    other_day = make_checkin(runner, day=day(2), side="left")
    response = api.patch(f"/api/v1/checkins/{other_day.pk}/", {"date": day(1).isoformat()})
    assert response.status_code == 200
    assert Checkin.objects.filter(date=day(1), side="left").count() == 2


def completion_body(**overrides):
    return {"date": day(1).isoformat(), "exercise": EXERCISE_SLUG, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"exercise": "no-such-exercise"}, "exercise"),
        ({"sets_done": 0}, "sets_done"),
        ({"sets_done": 21}, "sets_done"),
        ({"pain_during": 11}, "pain_during"),
        ({"reps_done": -1}, "reps_done"),
        ({"date": TOMORROW}, "date"),
    ],
)
def test_bad_completion_is_400_on_the_field(api, runner, overrides, field):
    assert_refused(api.post("/api/v1/exercise-completions/", completion_body(**overrides)), field)
    assert not ExerciseCompletion.objects.exists()


def test_an_unpublished_exercise_cannot_be_completed(api, runner, exercise):
    exercise.is_published = False
    exercise.save()
    assert_refused(api.post("/api/v1/exercise-completions/", completion_body()), "exercise")
    assert not ExerciseCompletion.objects.exists()


def injury_body(**overrides):
    return {"label": "Sore heel", "side": "left", "onset_date": day(10).isoformat(), **overrides}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"label": ""}, "label", "Name the injury"),
        ({"label": "   "}, "label", "Name the injury"),
        ({"resolved_on": day(11).isoformat()}, "resolved_on", "cannot resolve before it started"),
        ({"onset_date": TOMORROW}, "onset_date", "in the future"),
        ({"condition": "no-such-condition"}, "condition", None),
        ({"status": "cured"}, "status", None),
    ],
)
def test_bad_injury_is_400_on_the_field(api, runner, overrides, field, message):
    assert_refused(api.post("/api/v1/injuries/", injury_body(**overrides)), field, message)
    assert not InjuryEpisode.objects.exists()


def test_an_injury_with_neither_condition_nor_label_is_400_on_label(api, runner):
    body = injury_body()
    del body["label"]
    assert_refused(api.post("/api/v1/injuries/", body), "label", "Name the injury")
    assert not InjuryEpisode.objects.exists()


def shoe_body(**overrides):
    return {"name": "Daily trainer", **overrides}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"check_at_m": 600_000, "replace_at_m": 500_000}, "check_at_m", "past the replace-at"),
        ({"start_distance_m": -1}, "start_distance_m", None),
        ({"start_distance_m": 5_000_001}, "start_distance_m", None),
        ({"replace_at_m": 0}, "replace_at_m", None),
        ({"name": ""}, "name", None),
        ({"first_used_on": TOMORROW}, "first_used_on", "in the future"),
    ],
)
def test_bad_shoe_is_400_on_the_field(api, runner, overrides, field, message):
    assert_refused(api.post("/api/v1/shoes/", shoe_body(**overrides)), field, message)
    assert not Shoe.objects.exists()


def test_a_shoe_without_a_name_is_400(api, runner):
    assert_refused(api.post("/api/v1/shoes/", {"brand_model": "Anything"}), "name")
    assert not Shoe.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit": "furlongs"}, "unit"),
        ({"time_zone": "Mars/Base"}, "time_zone"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": "   "}, "display_name"),
    ],
)
def test_bad_profile_change_is_400_and_keeps_the_profile(api, runner, change, field):
    response = api.patch("/api/v1/me/", change)
    assert_refused(response, field)
    profile = Profile.objects.get(user=runner)
    assert (profile.display_name, profile.unit, profile.time_zone) == ("Rita Runner", "km", "Europe/London")


@pytest.mark.parametrize("resource", ["runs", "checkins", "exercise-completions"])
@pytest.mark.parametrize("param", ["date_after", "date_before"])
def test_a_bad_date_filter_is_400(api, runner, resource, param):
    response = api.get(f"/api/v1/{resource}/", {param: "not-a-date"})
    assert response.status_code == 400
    assert response.json()


def test_a_bad_flag_status_is_400(api, runner):
    assert api.get("/api/v1/flags/", {"status": "sideways"}).status_code == 400
