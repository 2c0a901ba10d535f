"""The public library: condition and exercise pages, lists, filters, sitemap and robots.txt."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from injuries.library_io import LIBRARY_PATH
from injuries.models import Condition, Exercise

LIBRARY = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
CONDITION_SLUGS = [c["slug"] for c in LIBRARY["conditions"] if c.get("is_published", True)]
EXERCISE_SLUGS = [e["slug"] for e in LIBRARY["exercises"] if e.get("is_published", True)]

pytestmark = pytest.mark.usefixtures("library")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def title_of(text: str) -> str:
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    assert match, "no <title>"
    return match.group(1).strip()


def description_of(text: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', text)
    assert match, "no meta description"
    return match.group(1).strip()


def first_line(markdown: str) -> str:
    """Some plain words from the start of a Markdown field, as they appear on the page."""
    line = markdown.strip().splitlines()[0].lstrip("-*#>0123456789. ").strip()
    words = re.sub(r"[*_`\[\]]", "", line).split()
    return " ".join(words[:5])


@pytest.mark.parametrize("slug", CONDITION_SLUGS)
def test_condition_page_shows_every_required_part(client, slug):
    condition = Condition.objects.get(slug=slug)
    response = client.get(f"/conditions/{slug}/")
    assert response.status_code == 200
    text = page_text(response)
    assert title_of(text) == f"{condition.name} · Footnote"
    assert description_of(text) == condition.summary
    assert f"<h1>{condition.name}</h1>" in text
    assert condition.summary in text
    for heading in [
        "How it feels",
        "How it starts",
        "Telling it apart",
        "Looking after it",
        "When to see a professional",
        "Recovery time",
        "Getting back to running",
        "Sources",
    ]:
        assert f"{heading}</h2>" in text, heading
    for field in ["how_it_feels", "lookalikes", "self_care", "when_to_see_professional", "return_to_run"]:
        assert first_line(getattr(condition, field)) in text, field
    assert condition.recovery_time in text
    assert 'data-testid="self-care"' in text
    assert condition.sources
    for source in condition.sources:
        assert f"<li>{source}</li>" in text
    # The foot diagram, readable by screen readers, naming where it hurts.
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="foot-title foot-desc"', text)
    assert f"Where {condition.name.lower()} usually hurts" in text
    # Its exercises, linked.
    exercises = list(condition.exercises.filter(is_published=True))
    assert exercises
    for exercise in exercises:
        assert f'<a href="/exercises/{exercise.slug}/">{exercise.name}</a>' in text
    assert "it is not a diagnosis" in text


@pytest.mark.parametrize("slug", EXERCISE_SLUGS)
def test_exercise_page_shows_every_required_part(client, slug):
    exercise = Exercise.objects.get(slug=slug)
    response = client.get(f"/exercises/{slug}/")
    assert response.status_code == 200
    text = page_text(response)
    assert title_of(text) == f"{exercise.name} · Footnote"
    assert description_of(text) == exercise.summary
    assert f"<h1>{exercise.name}</h1>" in text
    assert exercise.steps
    for step in exercise.steps:
        assert f"<li>{step}</li>" in text
    assert f"{exercise.sets} set" in text
    if exercise.reps:
        assert f"of {exercise.reps}" in text
    if exercise.hold_s:
        assert f"holding {exercise.hold_s} seconds" in text
    assert f"{exercise.times_per_week} time" in text
    # The pose drawing, titled for screen readers.
    assert re.search(rf'<svg[^>]*role="img"[^>]*aria-labelledby="pose-{exercise.slug}"', text)
    assert f'<title id="pose-{exercise.slug}">{exercise.get_illustration_display()}</title>' in text
    conditions = list(exercise.conditions.filter(is_published=True))
    assert conditions, "every exercise helps with at least one condition"
    for condition in conditions:
        assert f'<a href="/conditions/{condition.slug}/">{condition.name}</a>' in text


def test_condition_list_links_every_published_condition(client):
    response = client.get("/conditions/")
    assert response.status_code == 200
    text = page_text(response)
    assert title_of(text) == "Foot and ankle conditions · Footnote"
    assert description_of(text).startswith("Common foot and ankle conditions in runners")
    for condition in Condition.objects.all():
        assert f'<a href="/conditions/{condition.slug}/">{condition.name}</a>' in text


def test_exercise_list_links_every_published_exercise(client):
    response = client.get("/exercises/")
    assert response.status_code == 200
    text = page_text(response)
    assert title_of(text) == "Exercise library · Footnote"
    assert description_of(text).startswith("Rehab and strengthening exercises")
    assert list(response.context["exercises"]) == list(Exercise.objects.order_by("name"))
    for exercise in Exercise.objects.all():
        assert f'<a href="/exercises/{exercise.slug}/">{exercise.name}</a>' in text
    # The filter offers every condition.
    for condition in Condition.objects.all():
        assert f'<option value="{condition.slug}">' in text


@pytest.mark.parametrize("slug", ["plantar-fasciitis", "lateral-ankle-sprain", "tarsal-tunnel-syndrome"])
def test_exercise_list_filters_by_condition(client, slug):
    response = client.get("/exercises/", {"condition": slug})
    assert response.status_code == 200
    expected = set(Condition.objects.get(slug=slug).exercises.values_list("slug", flat=True))
    shown = [e.slug for e in response.context["exercises"]]
    assert set(shown) == expected
    assert len(shown) == len(expected), "each exercise once"
    text = page_text(response)
    assert f'<option value="{slug}" selected>' in text
    for other in Exercise.objects.exclude(slug__in=expected):
        assert f'href="/exercises/{other.slug}/"' not in text


def test_exercise_list_filter_by_unknown_condition_shows_none(client):
    response = client.get("/exercises/", {"condition": "no-such-condition"})
    assert response.status_code == 200
    assert list(response.context["exercises"]) == []
    assert "No exercises match." in page_text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("calf", {"calf-raises", "calf-foam-rolling", "calf-stretch-straight-knee"}),
        ("BAND", {"banded-inversion", "banded-eversion", "banded-dorsiflexion", "lateral-band-walks"}),
    ],
)
def test_exercise_list_search(client, query, expected):
    response = client.get("/exercises/", {"q": query})
    assert response.status_code == 200
    shown = {e.slug for e in response.context["exercises"]}
    assert expected <= shown
    for exercise in response.context["exercises"]:
        assert query.lower() in (exercise.name + exercise.summary).lower()
    assert f'value="{query}"' in page_text(response)


def test_exercise_list_search_and_filter_combine(client):
    response = client.get("/exercises/", {"condition": "achilles-tendinopathy", "q": "calf"})
    shown = {e.slug for e in response.context["exercises"]}
    helps = set(Condition.objects.get(slug="achilles-tendinopathy").exercises.values_list("slug", flat=True))
    assert shown
    assert shown <= helps
    assert all("calf" in (e.name + e.summary).lower() for e in response.context["exercises"])


def test_exercise_list_search_without_match(client):
    response = client.get("/exercises/", {"q": "zzzz-nothing"})
    assert response.status_code == 200
    assert "No exercises match." in page_text(response)


def test_matcher_page_has_title_and_description(client):
    text = page_text(client.get("/what-might-this-be/"))
    assert title_of(text) == "What might this be? · Footnote"
    assert "Not a diagnosis" in description_of(text)


def locations(response) -> set[str]:
    return set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))


def test_sitemap_lists_every_published_condition_and_exercise(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = locations(response)
    for slug in CONDITION_SLUGS:
        assert f"http://testserver/conditions/{slug}/" in urls
    for slug in EXERCISE_SLUGS:
        assert f"http://testserver/exercises/{slug}/" in urls
    for path in ["/conditions/", "/exercises/", "/what-might-this-be/"]:
        assert f"http://testserver{path}" in urls
    # Nothing private.
    assert not any("/admin/" in u or "/clinic/" in u or "/api/" in u for u in urls)


def test_sitemap_leaves_out_drafts(client):
    Condition.objects.filter(slug="cuboid-syndrome").update(is_published=False)
    Exercise.objects.filter(slug="toe-walks").update(is_published=False)
    urls = locations(client.get("/sitemap.xml"))
    assert "http://testserver/conditions/cuboid-syndrome/" not in urls
    assert "http://testserver/exercises/toe-walks/" not in urls
    assert "http://testserver/conditions/plantar-fasciitis/" in urls


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /clinic/" in lines
    assert not any(line.startswith("Disallow: /conditions") or line == "Disallow: /" for line in lines)


@pytest.mark.parametrize(
    "url",
    [
        "/conditions/",
        "/conditions/plantar-fasciitis/",
        "/exercises/",
        "/exercises/calf-raises/",
        "/what-might-this-be/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_the_library_is_public(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "/accounts/login/" not in response.get("Location", "")


@pytest.mark.parametrize("url", ["/conditions/plantar-fasciitis/", "/exercises/calf-raises/"])
def test_the_library_works_signed_in_too(runner_client, url):
    assert runner_client.get(url).status_code == 200


def test_unknown_slugs_are_404(client):
    assert client.get("/conditions/no-such-thing/").status_code == 404
    assert client.get("/exercises/no-such-thing/").status_code == 404


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_views_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    # The condition with the most exercises costs no more than the one with the fewest.
    conditions = sorted(Condition.objects.all(), key=lambda c: c.exercises.count())
    counts = {count_queries(client, f"/conditions/{c.slug}/") for c in (conditions[0], conditions[-1])}
    assert len(counts) == 1, counts
    exercises = sorted(Exercise.objects.all(), key=lambda e: e.conditions.count())
    counts = {count_queries(client, f"/exercises/{e.slug}/") for e in (exercises[0], exercises[-1])}
    assert len(counts) == 1, counts
    # The page, its exercises (or conditions); lists fetch each table once.
    budget = {
        "/conditions/plantar-fasciitis/": 2,
        "/exercises/calf-raises/": 2,
        "/conditions/": 1,
        "/exercises/": 3,
        "/exercises/?condition=plantar-fasciitis&q=calf": 3,
    }
    for url, most in budget.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_exercise_list_queries_do_not_grow_with_the_library(client):
    before = count_queries(client, "/exercises/")
    for n in range(10):
        Exercise.objects.create(slug=f"extra-{n}", name=f"Extra {n}", summary="More.", steps=["Do it."])
    assert count_queries(client, "/exercises/") == before
