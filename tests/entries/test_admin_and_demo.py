from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from injuries.models import Condition, Exercise
from journal.entries.selectors import shoe_wear
from journal.models import Checkin, ExerciseCompletion, Flag, InjuryEpisode, Run, Shoe
from tests.factories import make_checkin, make_superuser

MODELS = ["profile", "shoe", "run", "checkin", "injuryepisode", "exerciseprescription", "exercisecompletion"]


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_superuser())
    return client


@pytest.fixture
def demo(db):
    call_command("load_library")
    call_command("seed_demo", today=date(2026, 11, 20))
    return get_user_model().objects.get(email="demo@footnote.example")


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_searches_every_journal_model(admin_client, demo, model):
    url = reverse(f"admin:journal_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "demo"}).status_code == 200


@pytest.mark.parametrize("model", ["condition", "exercise"])
def test_admin_lists_the_library(admin_client, demo, model):
    assert admin_client.get(reverse(f"admin:injuries_{model}_changelist"), {"q": "ankle"}).status_code == 200


def test_library_has_the_seed_conditions_and_exercises(demo):
    slugs = set(Condition.objects.values_list("slug", flat=True))
    for slug in [
        "tibialis-posterior-tendinopathy",
        "lateral-ankle-sprain",
        "achilles-tendinopathy",
        "plantar-fasciitis",
        "tarsal-tunnel-syndrome",
    ]:
        assert slug in slugs
    assert Condition.objects.count() >= 12
    assert Exercise.objects.count() >= 25
    assert Condition.objects.get(slug="achilles-tendinopathy").pain_model == "tendon"
    assert all(c.exercises.exists() for c in Condition.objects.all())


def test_library_load_is_repeatable(demo):
    before = (Condition.objects.count(), Exercise.objects.count())
    call_command("load_library")
    assert (Condition.objects.count(), Exercise.objects.count()) == before


def test_demo_runner_has_a_realistic_journal(demo, client):
    assert Run.objects.filter(owner=demo).count() > 60
    assert Checkin.objects.filter(owner=demo).count() > 60
    assert ExerciseCompletion.objects.filter(owner=demo).count() > 50
    episode = InjuryEpisode.objects.get(owner=demo)
    assert episode.condition.slug == "lateral-ankle-sprain" and episode.onset == "sudden"
    wear = sorted(shoe_wear(owner=demo), key=lambda w: w.total_m)
    assert len(wear) == 3
    # One shoe is close to 500 miles.
    assert 440 * 1609 < wear[-1].total_m < 520 * 1609
    assert client.login(username="demo@footnote.example", password="footnote-demo-run")


def test_demo_is_reproducible_from_its_seed(db):
    call_command("load_library")

    def snapshot():
        call_command("seed_demo", today=date(2026, 11, 20), seed=3)
        owner = get_user_model().objects.get(email="demo@footnote.example")
        return sorted(Run.objects.filter(owner=owner).values_list("date", "distance_m", "duration_s"))

    assert snapshot() == snapshot()


def test_demo_if_missing_keeps_the_existing_runner(demo):
    call_command("seed_demo", if_missing=True)
    assert get_user_model().objects.get(email="demo@footnote.example").pk == demo.pk


def test_long_demo_for_benchmarks(db):
    call_command("load_library")
    call_command("seed_demo", years=1, today=date(2026, 11, 20))
    owner = get_user_model().objects.get(email="demo@footnote.example")
    assert 300 < Checkin.objects.filter(owner=owner).count() <= 366
    assert 200 < Run.objects.filter(owner=owner).count() < 320
    assert Shoe.objects.filter(owner=owner).count() == 3


def test_an_admin_deleting_a_check_in_clears_the_flag_it_raised(admin_client, runner):
    checkin = make_checkin(runner, day=runner.profile.today(), pain_now=6, can_walk_four_steps=False)
    assert Flag.objects.filter(owner=runner, code="red_cannot_bear_weight", cleared_at__isnull=True).exists()

    response = admin_client.post(reverse("admin:journal_checkin_delete", args=[checkin.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Flag.objects.filter(
        owner=runner, code="red_cannot_bear_weight", cleared_at__isnull=True
    ).exists()


def test_an_admin_deleting_check_ins_from_the_list_clears_their_flags(admin_client, runner):
    checkin = make_checkin(runner, day=runner.profile.today(), pain_now=6, can_walk_four_steps=False)

    admin_client.post(
        reverse("admin:journal_checkin_changelist"),
        {"action": "delete_selected", "_selected_action": [checkin.pk], "post": "yes"},
    )

    assert not Checkin.objects.filter(pk=checkin.pk).exists()
    assert not Flag.objects.filter(
        owner=runner, code="red_cannot_bear_weight", cleared_at__isnull=True
    ).exists()


def test_the_flags_bookkeeping_on_a_profile_is_shown_but_not_editable_in_the_admin(admin_client, runner):
    url = reverse("admin:journal_profile_change", args=[runner.profile.pk])
    page = admin_client.get(url).content.decode()
    assert "Journal version" in page
    assert 'name="journal_version"' not in page and 'name="flags_version"' not in page
    assert 'name="flags_evaluated_on"' not in page
