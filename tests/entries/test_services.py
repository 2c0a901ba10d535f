import threading
import uuid
from datetime import date, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from journal.accounts.services import profile_update
from journal.entries import services
from journal.entries.selectors import shoe_total_m, shoes_with_totals
from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, Run, Shoe
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)
pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def test_run_record_stores_metres_and_seconds(runner):
    run = make_run(runner, day=TODAY, distance_m=10_000, duration_s=3000, pain_during=2)
    run.refresh_from_db()
    assert (run.distance_m, run.duration_s, run.pain_during, run.owner) == (10_000, 3000, 2, runner)


def test_the_same_id_twice_stores_one_entry(runner):
    entry_id = uuid.uuid4()
    first = services.run_record(owner=runner, run_id=entry_id, date=TODAY, distance_m=5000, duration_s=1500)
    again = services.run_record(owner=runner, run_id=entry_id, date=TODAY, distance_m=5000, duration_s=1500)
    assert first.pk == again.pk == entry_id
    assert Run.objects.count() == 1


def test_an_id_owned_by_someone_else_is_not_found(runner, other_runner):
    entry_id = uuid.uuid4()
    services.checkin_record(owner=runner, checkin_id=entry_id, date=TODAY, side="left", pain_now=3)
    with pytest.raises(services.EntryNotFound):
        services.checkin_record(owner=other_runner, checkin_id=entry_id, date=TODAY, side="left", pain_now=3)
    assert Checkin.objects.get().owner == runner


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_store_one_row(runner):
    entry_id = uuid.uuid4()
    errors = []

    def submit():
        try:
            services.run_record(owner=runner, run_id=entry_id, date=TODAY, distance_m=5000, duration_s=1500)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Run.objects.filter(pk=entry_id).count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"distance_m": 0}, "distance_m"),
        ({"distance_m": 300_001}, "distance_m"),
        ({"duration_s": 500}, "duration_s"),  # 5 km in 8:20 is faster than 2 min/km
        ({"pain_during": 11}, "pain_during"),
        ({"effort": 0}, "effort"),
        ({"date": TODAY + timedelta(days=1)}, "date"),
    ],
)
def test_run_record_refuses_bad_input_and_stores_nothing(runner, fields, field):
    data = {"date": TODAY, "distance_m": 5000, "duration_s": 1500, **fields}
    with pytest.raises(ValidationError) as caught:
        services.run_record(owner=runner, **data)
    assert field in caught.value.message_dict
    assert Run.objects.count() == 0


def test_a_run_cannot_use_another_runners_shoe(runner, other_runner):
    shoe = make_shoe(other_runner)
    with pytest.raises(ValidationError) as caught:
        make_run(runner, day=TODAY, shoe=shoe)
    assert caught.value.message_dict["shoe"] == ["Choose one of your own shoes."]


def test_today_is_the_runners_own_date(db):
    from tests.factories import make_user

    # 20 Nov 23:30 in London is already 21 Nov in Auckland.
    with time_machine.travel("2026-11-20 23:30:00+00:00", tick=False):
        auckland = make_user("nz@example.com", time_zone="Pacific/Auckland")
        london = make_user("uk@example.com", time_zone="Europe/London")
        assert auckland.profile.today() == date(2026, 11, 21)
        assert london.profile.today() == date(2026, 11, 20)
        make_checkin(auckland, day=date(2026, 11, 21))
        with pytest.raises(ValidationError):
            make_checkin(london, day=date(2026, 11, 21))


def test_update_with_bad_input_changes_nothing(runner):
    run = make_run(runner, day=TODAY, distance_m=5000)
    with pytest.raises(ValidationError):
        services.run_update(run=Run.objects.get(pk=run.pk), distance_m=-3)
    run.refresh_from_db()
    assert run.distance_m == 5000


def test_several_checkins_a_day_for_the_same_side_are_each_stored(runner):
    morning = make_checkin(runner, day=TODAY, side="left", time=time(7, 30), pain_now=1)
    after_fall = make_checkin(runner, day=TODAY, side="left", time=time(11, 5), pain_now=8)
    make_checkin(runner, day=TODAY, side="right")
    assert Checkin.objects.filter(owner=runner, date=TODAY, side="left").count() == 2
    assert [c.pk for c in Checkin.objects.filter(side="left")] == [after_fall.pk, morning.pk]


def test_the_same_checkin_id_sent_twice_is_stored_once(runner):
    entry_id = uuid.uuid4()
    first = services.checkin_record(owner=runner, checkin_id=entry_id, date=TODAY, side="left", pain_now=2)
    again = services.checkin_record(owner=runner, checkin_id=entry_id, date=TODAY, side="left", pain_now=2)
    assert first.was_created and not again.was_created
    assert Checkin.objects.count() == 1


def test_a_checkin_without_a_time_is_now_for_today_and_midday_for_an_earlier_day(runner):
    # The runner is in Europe/London; the clock is frozen at 12:00 UTC.
    today = make_checkin(runner, day=TODAY)
    earlier = make_checkin(runner, day=TODAY - timedelta(days=3))
    assert today.time == runner.profile.local_now().time().replace(second=0, microsecond=0)
    assert earlier.time == time(12, 0)


def test_a_checkin_later_today_than_now_is_refused(runner):
    # Frozen at 12:00 UTC, which is 12:00 in London: 14:00 is still to come.
    later = time(14, 0)
    with pytest.raises(ValidationError) as caught:
        make_checkin(runner, day=TODAY, time=later)
    assert "time" in caught.value.message_dict
    assert not Checkin.objects.exists()


def test_pain_not_given_is_stored_as_unknown_not_zero(runner):
    checkin = services.checkin_record(owner=runner, date=TODAY, side="left", pain_now=None)
    run = make_run(runner, day=TODAY)
    checkin.refresh_from_db()
    run.refresh_from_db()
    assert checkin.pain_now is None
    assert run.pain_during is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pain_now": 11}, "pain_now"),
        ({"pain_waking": 12}, "pain_waking"),
        ({"locations": ["knee"]}, "locations"),
        ({"pain_kinds": ["itchy"]}, "pain_kinds"),
        ({"bone_tenderness": ["elbow"]}, "bone_tenderness"),
        ({"day": TODAY + timedelta(days=2)}, "date"),
    ],
)
def test_checkin_refuses_bad_input(runner, fields, field):
    with pytest.raises(ValidationError) as caught:
        make_checkin(runner, **{"day": TODAY, **fields})
    assert field in caught.value.message_dict
    assert Checkin.objects.count() == 0


def test_checkin_update_and_delete(runner):
    checkin = make_checkin(runner, day=TODAY, pain_now=4)
    services.checkin_update(checkin=checkin, pain_now=2)
    assert Checkin.objects.get().pain_now == 2
    services.checkin_delete(checkin=checkin)
    assert Checkin.objects.count() == 0


def test_first_shoe_becomes_the_default_and_only_one_default(runner):
    first = make_shoe(runner, name="First")
    second = make_shoe(runner, name="Second", is_default=True)
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    services.shoe_set_default(shoe=first)
    assert list(Shoe.objects.filter(is_default=True)) == [first]


def test_shoe_total_is_starting_distance_plus_its_runs(runner):
    shoe = make_shoe(runner, start_distance_m=100_000)
    make_run(runner, day=TODAY, distance_m=8000, shoe=shoe)
    make_run(runner, day=TODAY - timedelta(days=1), distance_m=12_000, shoe=shoe)
    make_run(runner, day=TODAY, distance_m=5000)  # no shoe
    assert shoe_total_m(shoes_with_totals(owner=runner).get()) == 120_000
    assert shoe_total_m(Shoe.objects.get()) == 120_000


def test_shoe_retire_clears_default_and_unretire(runner):
    shoe = make_shoe(runner)
    services.shoe_retire(shoe=shoe, on=TODAY)
    shoe.refresh_from_db()
    assert (shoe.retired_on, shoe.is_default) == (TODAY, False)
    with pytest.raises(ValidationError):
        services.shoe_set_default(shoe=shoe)
    services.shoe_unretire(shoe=shoe)
    assert Shoe.objects.get().retired_on is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"check_at_m": 900_000, "replace_at_m": 800_000}, "check_at_m"),
        ({"start_distance_m": 6_000_000}, "start_distance_m"),
        ({"first_used_on": TODAY + timedelta(days=1)}, "first_used_on"),
    ],
)
def test_shoe_refuses_bad_input(runner, fields, field):
    with pytest.raises(ValidationError) as caught:
        make_shoe(runner, **fields)
    assert field in caught.value.message_dict
    assert Shoe.objects.count() == 0


def test_shoe_update_and_delete(runner):
    shoe = make_shoe(runner)
    services.shoe_update(shoe=shoe, name="Renamed")
    assert Shoe.objects.get().name == "Renamed"
    services.shoe_delete(shoe=shoe)
    assert Shoe.objects.count() == 0


def test_episode_record_update_and_rules(runner):
    with pytest.raises(ValidationError) as caught:
        services.episode_record(owner=runner, side="left", onset_date=TODAY)
    assert "label" in caught.value.message_dict
    episode = services.episode_record(owner=runner, label="Sore arch", side="left", onset_date=TODAY)
    with pytest.raises(ValidationError):
        services.episode_update(episode=episode, resolved_on=TODAY - timedelta(days=3))
    services.episode_update(episode=InjuryEpisode.objects.get(), status="resolved", resolved_on=TODAY)
    assert InjuryEpisode.objects.get().status == "resolved"
    services.episode_delete(episode=episode)
    assert InjuryEpisode.objects.count() == 0


def test_completion_record_update_delete_and_bad_input(runner):
    completion = make_completion(runner, day=TODAY, pain_during=1, reps_done=10)
    services.completion_update(completion=completion, pain_during=3)
    assert ExerciseCompletion.objects.get().pain_during == 3
    with pytest.raises(ValidationError):
        make_completion(runner, day=TODAY, pain_during=11)
    with pytest.raises(ValidationError):
        make_completion(runner, day=TODAY, sets_done=0, exercise=make_exercise())
    services.completion_delete(completion=completion)
    assert ExerciseCompletion.objects.count() == 0


def test_profile_update_validates(runner):
    with pytest.raises(ValidationError) as caught:
        profile_update(user=runner, display_name=" ", unit="yards", time_zone="Mars/Olympus")
    assert set(caught.value.message_dict) == {"display_name", "unit", "time_zone"}
    runner.profile.refresh_from_db()
    assert runner.profile.unit == "km"
