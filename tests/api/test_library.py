"""Prescriptions (read-only, your own) and the public condition and exercise library."""

import pytest

from injuries.models import Condition, Exercise
from journal.models import ExercisePrescription
from tests.api.resources import day

PRESCRIPTIONS = "/api/v1/prescriptions/"


@pytest.fixture
def prescriptions(library, runner, other_runner):
    exercise = Exercise.objects.get(slug="calf-raises")
    mine = ExercisePrescription.objects.create(owner=runner, exercise=exercise, starts_on=day(3), reps=15)
    theirs = ExercisePrescription.objects.create(owner=other_runner, exercise=exercise, starts_on=day(3))
    return mine, theirs


def test_prescriptions_list_your_own_only(api, prescriptions):
    mine, _theirs = prescriptions
    response = api.get(PRESCRIPTIONS)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]
    assert response.json()["results"][0]["exercise"] == "calf-raises"
    assert api.get(f"{PRESCRIPTIONS}{mine.pk}/").status_code == 200


def test_another_runners_prescription_is_404(api, prescriptions):
    _mine, theirs = prescriptions
    assert api.get(f"{PRESCRIPTIONS}{theirs.pk}/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_prescriptions_are_read_only(api, prescriptions, method):
    mine, _theirs = prescriptions
    url = PRESCRIPTIONS if method == "post" else f"{PRESCRIPTIONS}{mine.pk}/"
    response = getattr(api, method)(url, {"exercise": "calf-raises", "starts_on": day(1).isoformat()})
    assert response.status_code == 405
    assert ExercisePrescription.objects.count() == 2
    assert ExercisePrescription.objects.get(pk=mine.pk).reps == 15


def test_prescriptions_are_401_for_anonymous(anon, prescriptions):
    assert anon.get(PRESCRIPTIONS).status_code == 401


# The library is public


@pytest.fixture
def unpublished(library):
    condition = Condition.objects.get(slug="cuboid-syndrome")
    exercise = Exercise.objects.get(slug="towel-curls")
    Condition.objects.filter(pk=condition.pk).update(is_published=False)
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)
    return condition, exercise


def all_rows(client, url):
    response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize("kind", ["conditions", "exercises"])
def test_the_library_is_open_to_anonymous_visitors(anon, library, kind):
    rows = all_rows(anon, f"/api/v1/{kind}/")
    model = Condition if kind == "conditions" else Exercise
    assert len(rows) == model.objects.filter(is_published=True).count() > 0
    slug = rows[0]["slug"]
    response = anon.get(f"/api/v1/{kind}/{slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == slug


def test_a_condition_by_slug_lists_its_exercises(anon, library):
    body = anon.get("/api/v1/conditions/achilles-tendinopathy/").json()
    assert body["name"]
    assert "eccentric-heel-drops" in body["exercises"]
    exercise = anon.get("/api/v1/exercises/eccentric-heel-drops/").json()
    assert "achilles-tendinopathy" in exercise["conditions"]


@pytest.mark.parametrize("kind", ["conditions", "exercises"])
def test_an_unknown_slug_is_404(anon, library, kind):
    assert anon.get(f"/api/v1/{kind}/no-such-thing/").status_code == 404


def test_unpublished_library_items_are_404_and_not_listed(anon, unpublished):
    condition, exercise = unpublished
    assert anon.get(f"/api/v1/conditions/{condition.slug}/").status_code == 404
    assert anon.get(f"/api/v1/exercises/{exercise.slug}/").status_code == 404
    assert condition.slug not in {row["slug"] for row in all_rows(anon, "/api/v1/conditions/")}
    assert exercise.slug not in {row["slug"] for row in all_rows(anon, "/api/v1/exercises/")}


def test_unpublished_library_items_are_not_linked_from_published_ones(anon, unpublished):
    # The HTML library (injuries/views.py) hides them from the links too.
    condition, exercise = unpublished
    for row in all_rows(anon, "/api/v1/conditions/"):
        assert exercise.slug not in row["exercises"], row["slug"]
    for row in all_rows(anon, "/api/v1/exercises/"):
        assert condition.slug not in row["conditions"], row["slug"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_library_is_read_only(api, library, method):
    url = "/api/v1/conditions/" if method == "post" else "/api/v1/conditions/achilles-tendinopathy/"
    assert getattr(api, method)(url, {"name": "Changed"}).status_code == 405
    assert Condition.objects.get(slug="achilles-tendinopathy").name != "Changed"
