"""The exercise picker on the prescribe page: search by name, body region or purpose, choose, and the
chosen exercise's usual dose fills the dose fields; with or without the script."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from injuries.models import Exercise
from journal.models import AccessLog, ExercisePrescription
from tests.clinic.conftest import TODAY, login
from tests.factories import make_exercise

SEARCH = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "exercise-options"}


@pytest.fixture
def library(db):
    call_command("load_library", stdout=io.StringIO())


def prescribe_url(patient) -> str:
    return reverse("clinic:prescribe", args=[patient.pk])


def offered(html: str) -> list[str]:
    """The exercises the picker offers, by name, in order."""
    return re.findall(r'<span class="picker-name" id="pick-[\w-]+-name">([^<]+)</span>', html)


def search(physio, patient, query: str, **params) -> str:
    response = login(physio).get(prescribe_url(patient), {"q": query, **params}, **SEARCH)
    assert response.status_code == 200
    return response.content.decode()


def input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else None


# Searching


def test_the_page_offers_every_published_exercise_with_its_drawing_and_dose(patient, physio, library):
    html = login(physio).get(prescribe_url(patient)).content.decode()
    names = offered(html)
    assert len(names) == Exercise.objects.filter(is_published=True).count() > 30
    assert names == sorted(names)
    option = html[html.index('value="single-leg-balance"') :]
    option = option[: option.index("</li>")]
    assert "Usual dose: 3 × 30 s hold, daily" in option
    assert "<svg" in option and "<title" in option
    assert f"{len(names)} exercises in the library." in html


def test_search_matches_part_of_a_name_and_puts_names_first(patient, physio, library):
    html = search(physio, patient, "heel")
    names = offered(html)
    assert names[:3] == [
        "Eccentric heel drops",
        "Heel raises with a ball between your heels",
        "Single-leg heel raises",
    ]
    assert "Glute bridges" not in names
    assert f"{len(names)} exercises match “heel”." in html
    # The answer is the list alone: the count goes to the live region beside it.
    assert "<h1" not in html
    assert '<p id="picker-count" hx-swap-oob="innerHTML">' in html


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        # A body region: the arch, through a condition felt mainly there (accessory navicular syndrome).
        ("arch", "Towel curls", "Glute bridges"),
        ("shin", "Toe raises (tibialis raises)", "Clamshells"),
        # What it is for: the soleus stretch helps an Achilles tendinopathy; its text never says so.
        ("achilles", "Soleus stretch (bent knee)", "Clamshells"),
        ("balance", "Single-leg balance", "Towel curls"),
        # Every word must match somewhere.
        ("achilles stretch", "Calf stretch (straight knee)", "Eccentric heel drops"),
        ("SINGLE-LEG", "Single-leg squats", "Calf raises (both feet)"),
    ],
)
def test_search_by_body_region_or_purpose(patient, physio, library, query, found, not_found):
    names = offered(search(physio, patient, query))
    assert found in names
    assert not_found not in names


def test_an_unpublished_exercise_is_never_offered(patient, physio, library):
    Exercise.objects.filter(slug="eccentric-heel-drops").update(is_published=False)
    assert "Eccentric heel drops" not in offered(search(physio, patient, "heel"))
    assert "Eccentric heel drops" not in offered(login(physio).get(prescribe_url(patient)).content.decode())
    # Not even as the one already chosen.
    assert "Eccentric heel drops" not in offered(
        search(physio, patient, "heel", exercise="eccentric-heel-drops")
    )


def test_no_match_says_so(patient, physio, library):
    html = search(physio, patient, "trampoline")
    assert offered(html) == []
    assert (
        "No published exercise matches “trampoline”. Try part of its name, a body region or what it is for."
        in html
    )


def test_a_search_keeps_the_exercise_already_chosen(patient, physio, library):
    html = search(physio, patient, "trampoline", exercise="glute-bridges")
    assert offered(html) == ["Glute bridges"]
    assert re.search(r'value="glute-bridges" checked', html)
    assert "Your choice" in html
    assert "No published exercise matches “trampoline”" in html


def test_without_javascript_the_search_is_a_plain_get_of_the_whole_page(patient, physio, library):
    html = login(physio).get(prescribe_url(patient), {"q": "heel"}).content.decode()
    assert "<h1>Prescribe an exercise for Pat Patient</h1>" in html
    assert "Glute bridges" not in offered(html) and "Single-leg heel raises" in offered(html)
    assert 'value="heel"' in html
    # The search box belongs to its own GET form, so Enter in it never sends the prescription.
    assert re.search(r'<form id="exercise-search" method="get"', html)
    assert re.search(r'<input type="search" id="picker-q" name="q" value="heel" form="exercise-search"', html)


def test_the_picker_is_a_labelled_radio_group(patient, physio, library):
    html = login(physio).get(prescribe_url(patient)).content.decode()
    assert re.search(r"<fieldset[^>]*>\s*<legend>Exercise</legend>", html)
    assert '<label for="picker-q">Find an exercise</label>' in html
    radio = re.search(r'<input type="radio" name="exercise" value="glute-bridges"[^>]*>', html, re.S).group(0)
    assert 'aria-labelledby="pick-glute-bridges-name"' in radio
    assert 'id="pick-glute-bridges-name">Glute bridges<' in html


def test_search_query_count_does_not_grow_with_the_library(patient, physio, django_assert_max_num_queries):
    for n in range(5):
        make_exercise(f"heel-move-{n}", f"Heel move {n}")
    client = login(physio)
    client.get(prescribe_url(patient), {"q": "heel"}, **SEARCH)  # the session is read once
    with django_assert_max_num_queries(6) as few:
        html = client.get(prescribe_url(patient), {"q": "heel move", "exercise": "heel-move-0"}, **SEARCH)
    assert len(offered(html.content.decode())) == 5
    for n in range(5, 60):
        make_exercise(f"heel-move-{n}", f"Heel move {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(prescribe_url(patient), {"q": "heel move", "exercise": "heel-move-0"}, **SEARCH)
    assert len(offered(html.content.decode())) == 60


# Choosing fills the dose


def test_each_choice_carries_its_usual_dose_for_the_script_to_fill_in(patient, physio, library):
    html = search(physio, patient, "balance")
    radio = re.search(
        r'<input type="radio" name="exercise" value="single-leg-balance"[^>]*>', html, re.S
    ).group(0)
    dose = dict(re.findall(r'data-dose-(\w+)="([^"]*)"', radio))
    assert dose == {"sets": "3", "reps": "", "hold_s": "30", "times_per_week": "7"}


def test_a_link_naming_the_exercise_opens_the_form_with_it_chosen_and_its_dose(patient, physio, library):
    html = login(physio).get(prescribe_url(patient), {"exercise": "calf-raises"}).content.decode()
    assert re.search(r'value="calf-raises" checked', html)
    assert (input_value(html, "sets"), input_value(html, "reps"), input_value(html, "times_per_week")) == (
        "3",
        "15",
        "4",
    )


def test_the_dose_starts_empty_until_an_exercise_is_chosen(patient, physio, library):
    html = login(physio).get(prescribe_url(patient)).content.decode()
    for name in ("sets", "reps", "hold_s", "times_per_week"):
        assert input_value(html, name) is None, name


def post(physio, patient, **data):
    base = {
        "exercise": "",
        "sets": "",
        "reps": "",
        "hold_s": "",
        "times_per_week": "",
        "starts_on": TODAY.isoformat(),
    }
    return login(physio).post(prescribe_url(patient), {**base, **data})


def test_an_edited_dose_is_the_one_stored(patient, physio, library):
    response = post(physio, patient, exercise="calf-raises", sets="2", reps="12", times_per_week="3")
    assert response.status_code == 302
    stored = ExercisePrescription.objects.get(owner=patient)
    assert (stored.exercise.slug, stored.sets, stored.reps, stored.hold_s, stored.times_per_week) == (
        "calf-raises",
        2,
        12,
        None,
        3,
    )


def test_a_dose_left_empty_is_the_usual_one(patient, physio, library):
    # Without the script nothing fills the fields in: the chosen exercise's dose is used.
    assert post(physio, patient, exercise="single-leg-balance").status_code == 302
    stored = ExercisePrescription.objects.get(owner=patient)
    assert (stored.sets, stored.reps, stored.hold_s, stored.times_per_week) == (3, None, 30, 7)
    assert stored.prescribed_by == physio


def test_a_hold_given_keeps_the_usual_reps_out(patient, physio, library):
    assert post(physio, patient, exercise="calf-raises", hold_s="20").status_code == 302
    stored = ExercisePrescription.objects.get(owner=patient)
    assert (stored.sets, stored.reps, stored.hold_s, stored.times_per_week) == (3, None, 20, 4)


# Bad input and access


@pytest.mark.parametrize("slug", ["no-such-exercise", "", "draft-move"])
def test_a_bad_choice_is_refused_beside_the_picker_and_nothing_is_stored(patient, physio, library, slug):
    draft = make_exercise("draft-move", "Draft move")
    Exercise.objects.filter(pk=draft.pk).update(is_published=False)
    response = post(physio, patient, exercise=slug, sets="3", reps="10", times_per_week="3")
    assert response.status_code == 400
    html = response.content.decode()
    picker = html[html.index('<div class="picker has-error">') : html.index('<div class="prescribe-side">')]
    assert '<p class="error" id="id_exercise_error">Choose an exercise from the library.</p>' in picker
    assert 'aria-describedby="picker-count id_exercise_error"' in picker
    # What was typed stays.
    assert input_value(html, "reps") == "10"
    assert "Draft move" not in offered(html)
    assert not ExercisePrescription.objects.exists()


def test_a_bad_dose_is_refused_beside_its_field(patient, physio, library):
    response = post(physio, patient, exercise="calf-raises", sets="0")
    assert response.status_code == 400
    assert "Sets is a number from 1 to 20." in response.content.decode()
    assert re.search(r'value="calf-raises" checked', response.content.decode())
    assert not ExercisePrescription.objects.exists()


@pytest.mark.parametrize(
    ("method", "params", "headers"),
    [
        ("get", {}, {}),
        ("get", {"q": "heel"}, SEARCH),
        ("post", {"exercise": "calf-raises", "starts_on": TODAY.isoformat()}, {}),
    ],
)
def test_a_patient_not_linked_answers_404(patient, unlinked_physio, library, method, params, headers):
    client = login(unlinked_physio)
    response = getattr(client, method)(prescribe_url(patient), params, **headers)
    assert response.status_code == 404
    assert "Calf raises" not in response.content.decode()
    assert not ExercisePrescription.objects.exists()
    assert not AccessLog.objects.filter(patient=patient).exists()


def test_the_page_is_logged_and_the_search_answers_are_not(patient, physio, library):
    client = login(physio)
    client.get(prescribe_url(patient))
    client.get(prescribe_url(patient), {"q": "heel"}, **SEARCH)
    client.get(prescribe_url(patient), {"q": "calf", "exercise": "calf-raises"}, **SEARCH)
    assert list(AccessLog.objects.filter(patient=patient).values_list("action", flat=True)) == [
        "opened the prescribe form"
    ]
