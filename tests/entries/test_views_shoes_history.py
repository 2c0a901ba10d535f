from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from journal.models import Shoe
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def test_shoes_page_shows_totals_in_the_runners_unit(mile_client, mile_runner):
    shoe = make_shoe(mile_runner, name="Daily", start_distance_m=160_934)  # 100 mi already on it
    make_run(mile_runner, day=TODAY, distance_m=8047, shoe=shoe)  # 5 mi
    html = mile_client.get(reverse("journal:shoes")).content.decode()
    assert "105.0 mi" in html and "of 500.0 mi" in html
    assert "21% of the way to replacement" in html


def test_shoes_page_flags_worn_shoes_in_words(runner_client, runner):
    make_shoe(runner, name="Worn", start_distance_m=810_000)
    make_shoe(runner, name="Middling", start_distance_m=500_000)
    html = runner_client.get(reverse("journal:shoes")).content.decode()
    assert "time to replace" in html
    assert "check for wear" in html


def test_shoes_page_query_count_does_not_grow(runner_client, runner, django_assert_num_queries):
    def measure():
        with django_assert_num_queries(3) as captured:
            runner_client.get(reverse("journal:shoes"))
        return len(captured.captured_queries)

    make_shoe(runner, name="One")
    few = measure()
    for n in range(6):
        shoe = make_shoe(runner, name=f"Shoe {n}")
        for d in range(5):
            make_run(runner, day=TODAY - timedelta(days=d * 7 + n), shoe=shoe)
    assert measure() == few


def test_add_a_shoe_with_miles_already_on_it(mile_client, mile_runner):
    data = {"name": "Second-hand", "start_distance": "120", "check_at": "300", "replace_at": "500"}
    response = mile_client.post(reverse("journal:shoe_new"), data)
    assert response.status_code == 302
    shoe = Shoe.objects.get(owner=mile_runner)
    assert (shoe.start_distance_m, shoe.replace_at_m) == (193_121, 804_672)
    assert shoe.is_default  # the first shoe is the default


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_distance": "-5"}, "start_distance", "cannot be negative"),
        ({"check_at": "900"}, "check_at", "must not be past the replace-at distance"),
        ({"name": ""}, "name", "This field is required."),
        ({"first_used_on": "2027-01-01"}, "first_used_on", "in the future"),
    ],
)
def test_shoe_form_bad_input(runner_client, overrides, field, message):
    data = {"name": "Trainer", "start_distance": "0", "check_at": "480", "replace_at": "800", **overrides}
    response = runner_client.post(reverse("journal:shoe_new"), data)
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors[field])
    assert Shoe.objects.count() == 0


def test_shoe_form_htmx_partial(runner_client):
    response = runner_client.post(reverse("journal:shoe_new"), {"name": ""}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="shoe-form"') and "This field is required." in html


def test_edit_retire_default_and_unretire(runner_client, runner):
    first = make_shoe(runner, name="First")
    second = make_shoe(runner, name="Second")
    data = {"name": "First, renamed", "start_distance": "0", "check_at": "480", "replace_at": "800"}
    runner_client.post(reverse("journal:shoe_edit", args=[first.pk]), data)
    assert Shoe.objects.get(pk=first.pk).name == "First, renamed"
    runner_client.post(reverse("journal:shoe_action", args=[second.pk, "default"]))
    assert Shoe.objects.get(is_default=True) == second
    runner_client.post(reverse("journal:shoe_action", args=[second.pk, "retire"]))
    second.refresh_from_db()
    assert (second.retired_on, second.is_default) == (TODAY, False)
    response = runner_client.post(reverse("journal:shoe_action", args=[second.pk, "default"]), follow=True)
    assert "cannot be your default" in response.content.decode()
    runner_client.post(reverse("journal:shoe_action", args=[second.pk, "unretire"]))
    assert Shoe.objects.get(pk=second.pk).retired_on is None


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("journal:shoe_edit", [], "get"),
        ("journal:shoe_edit", [], "post"),
        ("journal:shoe_action", ["retire"], "post"),
        ("journal:shoe_action", ["default"], "post"),
        ("journal:shoe_action", ["unretire"], "post"),
    ],
)
def test_someone_elses_shoe_is_a_404(runner_client, other_runner, name, args, method):
    shoe = make_shoe(other_runner, name="Theirs")
    response = getattr(runner_client, method)(reverse(name, args=[shoe.pk, *args]), {"name": "Mine now"})
    assert response.status_code == 404
    shoe.refresh_from_db()
    assert (shoe.name, shoe.retired_on) == ("Theirs", None)


def test_history_lists_days_newest_first_with_entries(runner_client, runner):
    make_run(runner, day=TODAY - timedelta(days=2), distance_m=10_000, duration_s=3000)
    make_checkin(runner, day=TODAY, pain_now=4, pain_waking=2)
    make_completion(runner, day=TODAY, exercise=make_exercise(), reps_done=12)
    html = runner_client.get(reverse("journal:history")).content.decode()
    assert html.index("Friday 20 November 2026") < html.index("Wednesday 18 November 2026")
    assert "pain 4/10, on waking 2/10" in html
    assert "10.0 km in 50:00 (5:00 /km)" in html
    assert "Ankle alphabet: 3 sets × 12" in html


def test_history_pages_by_day_with_older_and_newer_links(runner_client, runner):
    for d in range(20):
        make_checkin(runner, day=TODAY - timedelta(days=d))
    first = runner_client.get(reverse("journal:history")).content.decode()
    assert "Friday 20 November 2026" in first and "Saturday 7 November" in first
    assert "Friday 6 November" not in first
    assert 'href="?before=2026-11-07"' in first and "?after=" not in first
    second = runner_client.get(reverse("journal:history") + "?before=2026-11-07").content.decode()
    assert "Friday 6 November 2026" in second and "Sunday 1 November 2026" in second
    assert "Saturday 7 November" not in second
    assert 'href="?after=2026-11-06"' in second and "?before=" not in second
    # Newer from the second page is the first page again.
    back = runner_client.get(reverse("journal:history") + "?after=2026-11-06").content.decode()
    assert "Friday 20 November 2026" in back and "Friday 6 November" not in back
    # A key that is not a date shows the newest page rather than an error.
    assert (
        "Friday 20 November 2026"
        in runner_client.get(reverse("journal:history") + "?before=99").content.decode()
    )


def test_history_pages_newer_through_the_middle_of_a_long_journal(runner_client, runner):
    for d in range(40):
        make_checkin(runner, day=TODAY - timedelta(days=d))
    # Days 28..39 back are the third page; newer from there is days 14..27, with links both ways.
    middle = runner_client.get(reverse("journal:history") + "?after=2026-10-23").content.decode()
    assert "Friday 6 November 2026" in middle and "Saturday 24 October 2026" in middle
    assert "Saturday 7 November" not in middle and "Friday 23 October" not in middle
    assert 'href="?after=2026-11-06"' in middle and 'href="?before=2026-10-24"' in middle


def test_history_hides_other_runners_entries(runner_client, other_runner):
    make_checkin(other_runner, day=TODAY, pain_now=9)
    html = runner_client.get(reverse("journal:history")).content.decode()
    assert "Nothing logged yet" in html and "9/10" not in html


def test_history_query_count_does_not_grow(runner_client, runner, django_assert_num_queries):
    shoe = make_shoe(runner)
    exercise = make_exercise()

    # The page's own queries, one UNION for its days and one query per kind of entry.
    def measure(query=""):
        with django_assert_num_queries(6) as captured:
            runner_client.get(reverse("journal:history") + query)
        return len(captured.captured_queries)

    make_checkin(runner, day=TODAY)
    small = measure()
    for d in range(1, 40):
        day = TODAY - timedelta(days=d)
        make_checkin(runner, day=day)
        make_run(runner, day=day, shoe=shoe)
        make_completion(runner, day=day, exercise=exercise)
    assert measure() == small
    assert measure("?before=2026-11-01") == small
    assert measure("?after=2026-10-20") == small


def test_each_history_entry_links_to_its_own_edit_and_delete_pages(runner_client, runner):
    checkin = make_checkin(runner, day=TODAY)
    run = make_run(runner, day=TODAY)
    completion = make_completion(runner, day=TODAY, exercise=make_exercise())
    html = runner_client.get(reverse("journal:history")).content.decode()
    for kind, entry in (("checkin", checkin), ("run", run), ("exercise", completion)):
        edit = reverse("journal:entry_edit", args=[kind, entry.pk])
        delete = reverse("journal:entry_delete", args=[kind, entry.pk])
        assert f'<a href="{edit}">Edit</a> <a href="{delete}">Delete</a>' in html
        assert runner_client.get(edit).status_code == 200
